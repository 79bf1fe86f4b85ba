/* gantry-aws-credentials.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_CREDENTIALS (gantry_aws_credentials_get_type ())

/**
 * GantryAwsCredentials:
 *
 * An immutable, reference-counted set of AWS credentials. The secret access
 * key and session token are wiped from memory when the last reference goes,
 * and are never part of any printable form.
 */
typedef struct _GantryAwsCredentials GantryAwsCredentials;

GType                 gantry_aws_credentials_get_type              (void) G_GNUC_CONST;
GantryAwsCredentials *gantry_aws_credentials_new                   (const char   *access_key_id,
                                                                    const char   *secret_access_key,
                                                                    const char   *session_token,
                                                                    GDateTime    *expiration,
                                                                    const char   *source);
GantryAwsCredentials *gantry_aws_credentials_ref                   (GantryAwsCredentials *self);
void                  gantry_aws_credentials_unref                 (GantryAwsCredentials *self);
const char           *gantry_aws_credentials_get_access_key_id     (GantryAwsCredentials *self);
const char           *gantry_aws_credentials_get_secret_access_key (GantryAwsCredentials *self);
const char           *gantry_aws_credentials_get_session_token     (GantryAwsCredentials *self);
GDateTime            *gantry_aws_credentials_get_expiration        (GantryAwsCredentials *self);
const char           *gantry_aws_credentials_get_source            (GantryAwsCredentials *self);
gboolean              gantry_aws_credentials_expires_within        (GantryAwsCredentials *self,
                                                                    GDateTime            *now,
                                                                    GTimeSpan             margin);
char                 *gantry_aws_credentials_to_string             (GantryAwsCredentials *self);

void                  gantry_aws_secret_free                       (char *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsCredentials, gantry_aws_credentials_unref)

G_END_DECLS
