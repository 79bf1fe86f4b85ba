/* gantry-cli-mfa-prompter.c: asks for an MFA code on the terminal
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gantry-cli-mfa-prompter.h"

#include "aws/gantry-aws-error.h"

struct _GantryCliMfaPrompter
{
  GObject parent_instance;
};

static void mfa_prompter_iface_init (GantryAwsMfaPrompterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryCliMfaPrompter, gantry_cli_mfa_prompter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_MFA_PROMPTER,
                                                      mfa_prompter_iface_init))

/* Reading the terminal blocks, so it happens in a worker thread. */
static void
read_code_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  char buffer[64];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("No MFA code was entered."));
      return;
    }

  g_strstrip (buffer);
  if (strlen (buffer) != 6 || strspn (buffer, "0123456789") != 6)
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("An MFA code is six digits."));
      return;
    }

  g_task_return_pointer (task, g_strdup (buffer), g_free);
}

static void
gantry_cli_mfa_prompter_prompt_async (GantryAwsMfaPrompter *prompter,
                                      const char           *mfa_serial,
                                      const char           *profile,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (prompter, cancellable, callback, user_data);

  g_task_set_source_tag (task, gantry_cli_mfa_prompter_prompt_async);
  g_printerr (_("MFA code for %s (profile %s): "), mfa_serial, profile);
  g_task_run_in_thread (task, read_code_thread);
}

static char *
gantry_cli_mfa_prompter_prompt_finish (GantryAwsMfaPrompter  *prompter,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
mfa_prompter_iface_init (GantryAwsMfaPrompterInterface *iface)
{
  iface->prompt_async = gantry_cli_mfa_prompter_prompt_async;
  iface->prompt_finish = gantry_cli_mfa_prompter_prompt_finish;
}

static void
gantry_cli_mfa_prompter_class_init (GantryCliMfaPrompterClass *klass)
{
}

static void
gantry_cli_mfa_prompter_init (GantryCliMfaPrompter *self)
{
}

GantryCliMfaPrompter *
gantry_cli_mfa_prompter_new (void)
{
  return g_object_new (GANTRY_TYPE_CLI_MFA_PROMPTER, NULL);
}
