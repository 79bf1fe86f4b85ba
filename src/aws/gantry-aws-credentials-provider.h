/* gantry-aws-credentials-provider.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gantry-aws-credentials.h"

G_BEGIN_DECLS

/* The aws_code that marks "this provider has nothing to offer" errors. */
#define GANTRY_AWS_CREDENTIALS_NOT_FOUND_CODE "GantryCredentialsNotFound"

#define GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER (gantry_aws_credentials_provider_get_type ())

G_DECLARE_INTERFACE (GantryAwsCredentialsProvider, gantry_aws_credentials_provider,
                     GANTRY, AWS_CREDENTIALS_PROVIDER, GObject)

struct _GantryAwsCredentialsProviderInterface
{
  GTypeInterface parent_iface;

  void                   (*get_credentials_async)  (GantryAwsCredentialsProvider  *self,
                                                    GCancellable                  *cancellable,
                                                    GAsyncReadyCallback            callback,
                                                    gpointer                       user_data);
  GantryAwsCredentials  *(*get_credentials_finish) (GantryAwsCredentialsProvider  *self,
                                                    GAsyncResult                  *result,
                                                    GError                       **error);
  const char            *(*get_name)               (GantryAwsCredentialsProvider  *self);
};

void                  gantry_aws_credentials_provider_get_credentials_async  (GantryAwsCredentialsProvider  *self,
                                                                              GCancellable                  *cancellable,
                                                                              GAsyncReadyCallback            callback,
                                                                              gpointer                       user_data);
GantryAwsCredentials *gantry_aws_credentials_provider_get_credentials_finish (GantryAwsCredentialsProvider  *self,
                                                                              GAsyncResult                  *result,
                                                                              GError                       **error);
const char           *gantry_aws_credentials_provider_get_name               (GantryAwsCredentialsProvider  *self);

GError               *gantry_aws_credentials_provider_new_not_found_error    (const char                    *format,
                                                                              ...) G_GNUC_PRINTF (1, 2);
gboolean              gantry_aws_credentials_provider_error_is_not_found     (const GError                  *error);

G_END_DECLS
