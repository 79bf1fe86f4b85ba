/* gantry-aws-signer.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "gantry-aws-credentials.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_SIGNER (gantry_aws_signer_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsSigner, gantry_aws_signer, GANTRY, AWS_SIGNER, GObject)

GantryAwsSigner *gantry_aws_signer_new               (void);

char            *gantry_aws_signer_canonical_request (const char           *method,
                                                      const char           *path,
                                                      const char           *query,
                                                      SoupMessageHeaders   *headers,
                                                      const char           *payload_hash,
                                                      gboolean              normalize_path,
                                                      char                **out_signed_headers);
char            *gantry_aws_signer_string_to_sign    (const char           *canonical_request,
                                                      GDateTime            *when,
                                                      const char           *region,
                                                      const char           *service);
char            *gantry_aws_signer_compute_signature (GantryAwsSigner      *self,
                                                      GantryAwsCredentials *credentials,
                                                      const char           *string_to_sign,
                                                      GDateTime            *when,
                                                      const char           *region,
                                                      const char           *service);
void             gantry_aws_signer_sign              (GantryAwsSigner      *self,
                                                      const char           *method,
                                                      GUri                 *uri,
                                                      SoupMessageHeaders   *headers,
                                                      GBytes               *body,
                                                      GantryAwsCredentials *credentials,
                                                      const char           *region,
                                                      const char           *service,
                                                      GDateTime            *when);

char            *gantry_aws_sha256_hex               (const void           *data,
                                                      gsize                 len);

G_END_DECLS
