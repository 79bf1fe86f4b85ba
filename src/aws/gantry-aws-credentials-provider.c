/* gantry-aws-credentials-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-credentials-provider"

#include "config.h"

#include "gantry-aws-credentials-provider.h"
#include "gantry-aws-error.h"

/**
 * GantryAwsCredentialsProvider:
 *
 * A source of AWS credentials: explicit flags, the environment, the keyring,
 * a profile of the shared files, or a chain of those. A provider with nothing
 * to offer fails with an error for which
 * gantry_aws_credentials_provider_error_is_not_found() is %TRUE, so that a
 * chain moves on to the next one; any other error is a real failure.
 */

G_DEFINE_INTERFACE (GantryAwsCredentialsProvider, gantry_aws_credentials_provider, G_TYPE_OBJECT)

static void
gantry_aws_credentials_provider_default_init (GantryAwsCredentialsProviderInterface *iface)
{
}

/**
 * gantry_aws_credentials_provider_get_credentials_async:
 *
 * Resolves credentials. Call
 * gantry_aws_credentials_provider_get_credentials_finish() from @callback.
 */
void
gantry_aws_credentials_provider_get_credentials_async (GantryAwsCredentialsProvider *self,
                                                       GCancellable                 *cancellable,
                                                       GAsyncReadyCallback           callback,
                                                       gpointer                      user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GANTRY_AWS_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_credentials_async (self, cancellable,
                                                                          callback, user_data);
}

/**
 * gantry_aws_credentials_provider_get_credentials_finish:
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 */
GantryAwsCredentials *
gantry_aws_credentials_provider_get_credentials_finish (GantryAwsCredentialsProvider  *self,
                                                        GAsyncResult                  *result,
                                                        GError                       **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GANTRY_AWS_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_credentials_finish (self, result,
                                                                                  error);
}

/**
 * gantry_aws_credentials_provider_get_name:
 *
 * Returns: (transfer none): a short name for messages and debug logs,
 *   e.g. "environment"
 */
const char *
gantry_aws_credentials_provider_get_name (GantryAwsCredentialsProvider *self)
{
  GantryAwsCredentialsProviderInterface *iface;

  g_return_val_if_fail (GANTRY_IS_AWS_CREDENTIALS_PROVIDER (self), NULL);

  iface = GANTRY_AWS_CREDENTIALS_PROVIDER_GET_IFACE (self);
  return iface->get_name != NULL ? iface->get_name (self) : G_OBJECT_TYPE_NAME (self);
}

/**
 * gantry_aws_credentials_provider_new_not_found_error:
 * @format: a printf() format for the message (no secrets)
 *
 * Returns: (transfer full): a %GANTRY_AWS_ERROR_CONFIG error marked as "no
 *   credentials here", see gantry_aws_credentials_provider_error_is_not_found()
 */
GError *
gantry_aws_credentials_provider_new_not_found_error (const char *format,
                                                     ...)
{
  g_autofree char *message = NULL;
  GError *error;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new_literal (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG, message);
  /* A dedicated code in the extended payload, not the message, carries the
   * marker, so callers never match on text and it survives g_error_copy(). */
  gantry_aws_error_set_details (error, GANTRY_AWS_CREDENTIALS_NOT_FOUND_CODE, NULL, 0, NULL);

  return error;
}

/**
 * gantry_aws_credentials_provider_error_is_not_found:
 * @error: (nullable): an error
 *
 * Returns: %TRUE if @error means that a provider had no credentials to offer,
 *   as opposed to a failure while getting them
 */
gboolean
gantry_aws_credentials_provider_error_is_not_found (const GError *error)
{
  return g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG) &&
         gantry_aws_error_has_aws_code (error, GANTRY_AWS_CREDENTIALS_NOT_FOUND_CODE);
}
