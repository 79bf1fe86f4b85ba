/* gantry-aws-role-assumer.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-role-assumer"

#include "config.h"

#include "gantry-aws-role-assumer.h"

/**
 * GantryAwsRoleAssumer:
 *
 * Exchanges credentials for those of an IAM role (STS AssumeRole). An
 * interface so that profile resolution does not depend on the HTTP engine,
 * and tests can count calls.
 */

G_DEFINE_INTERFACE (GantryAwsRoleAssumer, gantry_aws_role_assumer, G_TYPE_OBJECT)

static void
gantry_aws_role_assumer_default_init (GantryAwsRoleAssumerInterface *iface)
{
}

/**
 * gantry_aws_role_assumer_assume_role_async:
 * @source: the credentials to call STS with
 * @role_arn: the role to assume
 * @session_name: the RoleSessionName
 * @external_id: (nullable): the ExternalId
 * @mfa_serial: (nullable): the SerialNumber of the MFA device
 * @token_code: (nullable): the current MFA code, if @mfa_serial is set
 * @duration_seconds: the DurationSeconds
 */
void
gantry_aws_role_assumer_assume_role_async (GantryAwsRoleAssumer *self,
                                           GantryAwsCredentials *source,
                                           const char           *role_arn,
                                           const char           *session_name,
                                           const char           *external_id,
                                           const char           *mfa_serial,
                                           const char           *token_code,
                                           guint                 duration_seconds,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_ROLE_ASSUMER (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (role_arn != NULL);
  g_return_if_fail (session_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GANTRY_AWS_ROLE_ASSUMER_GET_IFACE (self)->assume_role_async (self, source, role_arn,
                                                              session_name, external_id,
                                                              mfa_serial, token_code,
                                                              duration_seconds, cancellable,
                                                              callback, user_data);
}

/**
 * gantry_aws_role_assumer_assume_role_finish:
 *
 * Returns: (transfer full): the role's temporary credentials, with their
 *   expiration, or %NULL with @error set
 */
GantryAwsCredentials *
gantry_aws_role_assumer_assume_role_finish (GantryAwsRoleAssumer  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_ROLE_ASSUMER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GANTRY_AWS_ROLE_ASSUMER_GET_IFACE (self)->assume_role_finish (self, result, error);
}
