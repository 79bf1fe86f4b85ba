/* gantry-mfa-dialog.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-mfa-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-mfa-dialog.h"

#include "aws/gantry-aws-mfa-prompter.h"

#define MFA_CODE_LENGTH 6

/**
 * GantryMfaDialog:
 *
 * Asks for the one-time code of an MFA device when assuming a role needs
 * one. A session keeps the same dialog as its prompter for its whole life,
 * so the dialog hides rather than closes after each answer.
 */
struct _GantryMfaDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
  /* the prompt being answered, if any */
  GTask            *task;
  GCancellable     *cancellable;
  gulong            cancelled_id;
};

static void mfa_prompter_iface_init (GantryAwsMfaPrompterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryMfaDialog, gantry_mfa_dialog, ADW_TYPE_MESSAGE_DIALOG,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_MFA_PROMPTER,
                                                      mfa_prompter_iface_init))

static gboolean
code_is_valid (const char *code)
{
  if (strlen (code) != MFA_CODE_LENGTH)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static void
clear_entry (GantryMfaDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Takes the pending prompt off the dialog, so it is answered exactly once. */
static GTask *
steal_task (GantryMfaDialog *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
      self->cancelled_id = 0;
      g_clear_object (&self->cancellable);
    }

  return g_steal_pointer (&self->task);
}

static void
entry_changed_cb (GantryMfaDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "verify",
                                           code_is_valid (code));
}

static void
gantry_mfa_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  GantryMfaDialog *self = GANTRY_MFA_DIALOG (dialog);
  g_autoptr(GTask) task = steal_task (self);
  g_autofree char *code = NULL;

  if (task != NULL)
    {
      code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
      clear_entry (self);

      if (g_str_equal (response, "verify") && code_is_valid (code))
        g_task_return_pointer (task, g_steal_pointer (&code), g_free);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The MFA code was not entered"));
    }

  /* libadwaita 1.2 has no default handler to chain up to */
  if (ADW_MESSAGE_DIALOG_CLASS (gantry_mfa_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (gantry_mfa_dialog_parent_class)->response (dialog, response);
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  GantryMfaDialog *self = user_data;
  g_autoptr(GTask) task = steal_task (self);

  if (task != NULL)
    {
      clear_entry (self);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      g_task_return_error_if_cancelled (task);
    }

  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Runs in whichever thread cancelled; the dialog is touched in the main
 * context only. */
static void
prompt_cancelled_cb (GCancellable    *cancellable,
                     GantryMfaDialog *self)
{
  g_idle_add (cancelled_idle_cb, g_object_ref (self));
}

static void
gantry_mfa_dialog_prompt_async (GantryAwsMfaPrompter *prompter,
                                const char           *mfa_serial,
                                const char           *profile,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  GantryMfaDialog *self = GANTRY_MFA_DIALOG (prompter);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_mfa_dialog_prompt_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Another MFA code is being asked for"));
      return;
    }

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("Profile “%s” needs the current 6-digit code of the MFA "
                                    "device %s."),
                                  profile, mfa_serial);
  clear_entry (self);
  entry_changed_cb (self);

  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (prompt_cancelled_cb),
                                                  self, NULL);
    }

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static char *
gantry_mfa_dialog_prompt_finish (GantryAwsMfaPrompter  *prompter,
                                 GAsyncResult          *result,
                                 GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, prompter), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
mfa_prompter_iface_init (GantryAwsMfaPrompterInterface *iface)
{
  iface->prompt_async = gantry_mfa_dialog_prompt_async;
  iface->prompt_finish = gantry_mfa_dialog_prompt_finish;
}

static void
gantry_mfa_dialog_dispose (GObject *object)
{
  GantryMfaDialog *self = GANTRY_MFA_DIALOG (object);
  g_autoptr(GTask) task = steal_task (self);

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The MFA code was not entered"));

  G_OBJECT_CLASS (gantry_mfa_dialog_parent_class)->dispose (object);
}

static void
gantry_mfa_dialog_class_init (GantryMfaDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = gantry_mfa_dialog_dispose;
  dialog_class->response = gantry_mfa_dialog_response;
}

static void
gantry_mfa_dialog_init (GantryMfaDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_set_heading (dialog, _("Enter MFA Code"));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "verify", _("_Verify"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "verify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "verify");
  adw_message_dialog_set_close_response (dialog, "cancel");

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_input_purpose (self->entry, GTK_INPUT_PURPOSE_PIN);
  gtk_entry_set_max_length (self->entry, MFA_CODE_LENGTH);
  gtk_entry_set_activates_default (self->entry, TRUE);
  gtk_entry_set_placeholder_text (self->entry, "123456");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("MFA code"),
                                  -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (self->entry));

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  /* Kept for the next prompt of the same session */
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);
  entry_changed_cb (self);
}

/**
 * gantry_mfa_dialog_new:
 * @parent: (nullable): the window the prompt belongs to
 *
 * Returns: (transfer none): a hidden dialog, owned by GTK's list of
 *   toplevels until gtk_window_destroy()
 */
GantryMfaDialog *
gantry_mfa_dialog_new (GtkWindow *parent)
{
  return g_object_new (GANTRY_TYPE_MFA_DIALOG, "transient-for", parent, NULL);
}

/**
 * gantry_mfa_dialog_get_entry:
 *
 * Returns: (transfer none): the code entry, for tests
 */
GtkEditable *
gantry_mfa_dialog_get_entry (GantryMfaDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_MFA_DIALOG (self), NULL);

  return GTK_EDITABLE (self->entry);
}
