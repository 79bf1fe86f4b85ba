/* gantry-aws-mfa-prompter.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-mfa-prompter"

#include "config.h"

#include "gantry-aws-mfa-prompter.h"

/**
 * GantryAwsMfaPrompter:
 *
 * Asks the user for the current code of an MFA device when a profile's role
 * needs one. The CLI answers from the terminal, the GUI with a dialog; the
 * aws layer only sees this interface.
 */

G_DEFINE_INTERFACE (GantryAwsMfaPrompter, gantry_aws_mfa_prompter, G_TYPE_OBJECT)

static void
gantry_aws_mfa_prompter_default_init (GantryAwsMfaPrompterInterface *iface)
{
}

/**
 * gantry_aws_mfa_prompter_prompt_async:
 * @mfa_serial: the device's serial number or ARN, to show the user
 * @profile: the profile that needs it, to show the user
 */
void
gantry_aws_mfa_prompter_prompt_async (GantryAwsMfaPrompter *self,
                                      const char           *mfa_serial,
                                      const char           *profile,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_MFA_PROMPTER (self));
  g_return_if_fail (mfa_serial != NULL);
  g_return_if_fail (profile != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GANTRY_AWS_MFA_PROMPTER_GET_IFACE (self)->prompt_async (self, mfa_serial, profile,
                                                          cancellable, callback, user_data);
}

/**
 * gantry_aws_mfa_prompter_prompt_finish:
 *
 * Returns: (transfer full): the code the user entered, or %NULL with @error
 *   set (%G_IO_ERROR_CANCELLED if the user dismissed the prompt). Free it
 *   with gantry_aws_secret_free().
 */
char *
gantry_aws_mfa_prompter_prompt_finish (GantryAwsMfaPrompter  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_MFA_PROMPTER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GANTRY_AWS_MFA_PROMPTER_GET_IFACE (self)->prompt_finish (self, result, error);
}
