/* gantry-add-profile-dialog.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-add-profile-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-add-profile-dialog.h"

#include "aws/gantry-aws-endpoint.h"
#include "aws/gantry-aws-keyring.h"
#include "core/gantry-session.h"

/* STS answers GetCallerIdentity in every region; this one when none is given. */
#define TEST_REGION "us-east-1"

/**
 * GantryAddProfileDialog:
 *
 * Adds a profile with a static access key to the keyring, after an optional
 * test that asks STS whose key it is. The secret goes from the password row
 * straight into a #GantryAwsCredentials or the keyring call, and the row is
 * emptied once saved: it is never logged, kept in GSettings or written to a
 * file.
 *
 * Role profiles live in ~/.aws/config, which Gantry only reads.
 */
struct _GantryAddProfileDialog
{
  AdwWindow            parent_instance;

  /* template */
  AdwEntryRow         *name_row;
  AdwEntryRow         *key_id_row;
  AdwPasswordEntryRow *secret_row;
  AdwEntryRow         *region_row;
  AdwActionRow        *status_row;
  GtkStack            *test_stack;
  GtkSpinner          *test_spinner;

  /* owned */
  char                *endpoint_url;
  char                *tested_arn;
  GantrySession       *test_session;
  GCancellable        *test_cancellable;
  GCancellable        *save_cancellable;
};

G_DEFINE_FINAL_TYPE (GantryAddProfileDialog, gantry_add_profile_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
dup_stripped (gpointer row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static void
set_status (GantryAddProfileDialog *self,
            const char             *message,
            gboolean                is_error)
{
  adw_action_row_set_subtitle (self->status_row, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
}

static gboolean
profile_name_is_valid (const char *name)
{
  if (name[0] == '\0')
    return FALSE;

  /* The name becomes an INI section header elsewhere, e.g. for gantryctl. */
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("-_.@+", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Checks the rows; on failure says what is wrong in the status row. */
static gboolean
validate (GantryAddProfileDialog *self,
          gboolean                need_name)
{
  g_autofree char *name = dup_stripped (self->name_row);
  g_autofree char *key_id = dup_stripped (self->key_id_row);
  g_autofree char *region = dup_stripped (self->region_row);

  if (need_name && !profile_name_is_valid (name))
    {
      set_status (self, _("Enter a profile name made of letters, digits and - _ . @ +."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return FALSE;
    }

  if (key_id[0] == '\0')
    {
      set_status (self, _("Enter the access key ID."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_id_row));
      return FALSE;
    }

  if (row_text (self->secret_row)[0] == '\0')
    {
      set_status (self, _("Enter the secret access key."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
      return FALSE;
    }

  if (region[0] != '\0' && !gantry_aws_region_is_valid (region))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an AWS region name (for "
                                                    "example eu-west-1)."), region);

      set_status (self, message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->region_row));
      return FALSE;
    }

  return TRUE;
}

static void
update_busy (GantryAddProfileDialog *self)
{
  gboolean testing = self->test_cancellable != NULL;
  gboolean saving = self->save_cancellable != NULL;

  gtk_stack_set_visible_child_name (self->test_stack, testing ? "running" : "idle");
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-profile.test", !testing && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-profile.cancel-test", testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-profile.save", !saving);
}

static void
forget_test (GantryAddProfileDialog *self)
{
  g_clear_pointer (&self->tested_arn, g_free);
}

static void
test_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GantryAddProfileDialog) self = user_data;
  GantrySession *session = GANTRY_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!gantry_session_connect_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (self->test_session == session)
            set_status (self, _("Test cancelled."), FALSE);
        }
      else if (self->test_session == session)
        {
          set_status (self, error->message, TRUE);
        }
    }
  else if (self->test_session == session)
    {
      g_autofree char *message = NULL;

      g_free (self->tested_arn);
      self->tested_arn = g_strdup (gantry_session_get_identity_arn (session));
      /* Translators: the identity ARN the tested access key belongs to */
      message = g_strdup_printf (_("The key works: %s"), self->tested_arn);
      set_status (self, message, FALSE);
    }

  if (self->test_session == session)
    {
      g_clear_object (&self->test_session);
      g_clear_object (&self->test_cancellable);
      update_busy (self);
    }
}

static void
gantry_add_profile_dialog_test (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  GantryAddProfileDialog *self = GANTRY_ADD_PROFILE_DIALOG (widget);
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *region = NULL;

  if (!validate (self, FALSE))
    return;

  forget_test (self);
  name = dup_stripped (self->name_row);
  key_id = dup_stripped (self->key_id_row);
  region = dup_stripped (self->region_row);
  credentials = gantry_aws_credentials_new (key_id, row_text (self->secret_row), NULL, NULL,
                                            "profile dialog");

  /* The entered keys come first in the session's chain, so neither the
   * environment nor a same-named profile can answer in their place. */
  self->test_session = gantry_session_new (name[0] != '\0' ? name : NULL,
                                           region[0] != '\0' ? region : TEST_REGION,
                                           self->endpoint_url, credentials, NULL);
  self->test_cancellable = g_cancellable_new ();
  set_status (self, _("Asking AWS STS who this key belongs to…"), FALSE);
  update_busy (self);

  gantry_session_connect_async (self->test_session, self->test_cancellable, test_connect_cb,
                                g_object_ref (self));
}

static void
gantry_add_profile_dialog_cancel_test (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  GantryAddProfileDialog *self = GANTRY_ADD_PROFILE_DIALOG (widget);

  g_cancellable_cancel (self->test_cancellable);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GantryAddProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_clear_object (&self->save_cancellable);
  update_busy (self);

  if (!gantry_aws_keyring_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }

  name = dup_stripped (self->name_row);
  /* The keyring has it now: drop the window's copy at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, name);
  gtk_window_close (GTK_WINDOW (self));
}

static void
gantry_add_profile_dialog_save (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  GantryAddProfileDialog *self = GANTRY_ADD_PROFILE_DIALOG (widget);
  g_autofree char *name = NULL;
  g_autofree char *key_id = NULL;

  if (!validate (self, TRUE))
    return;

  g_cancellable_cancel (self->test_cancellable);
  name = dup_stripped (self->name_row);
  key_id = dup_stripped (self->key_id_row);
  self->save_cancellable = g_cancellable_new ();
  set_status (self, _("Saving to the keyring…"), FALSE);
  update_busy (self);

  /* Only the keyring gets the secret; the region is not stored, the AWS
   * files or AWS_REGION give it. */
  gantry_aws_keyring_store_async (name, key_id, row_text (self->secret_row),
                                  self->save_cancellable, store_cb, g_object_ref (self));
}

static void
entry_changed_cb (GantryAddProfileDialog *self)
{
  /* A test result is about the keys it tested */
  if (self->tested_arn != NULL)
    {
      forget_test (self);
      set_status (self, _("Asks AWS STS which identity the key belongs to. Nothing is changed."),
                  FALSE);
    }
}

static void
gantry_add_profile_dialog_dispose (GObject *object)
{
  GantryAddProfileDialog *self = GANTRY_ADD_PROFILE_DIALOG (object);

  g_cancellable_cancel (self->test_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->test_session);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ADD_PROFILE_DIALOG);

  G_OBJECT_CLASS (gantry_add_profile_dialog_parent_class)->dispose (object);
}

static void
gantry_add_profile_dialog_finalize (GObject *object)
{
  GantryAddProfileDialog *self = GANTRY_ADD_PROFILE_DIALOG (object);

  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->tested_arn, g_free);

  G_OBJECT_CLASS (gantry_add_profile_dialog_parent_class)->finalize (object);
}

static void
gantry_add_profile_dialog_class_init (GantryAddProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_add_profile_dialog_dispose;
  object_class->finalize = gantry_add_profile_dialog_finalize;

  /**
   * GantryAddProfileDialog::saved:
   * @name: the profile now in the keyring
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-add-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, key_id_row);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, test_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryAddProfileDialog, test_spinner);

  gtk_widget_class_install_action (widget_class, "add-profile.test", NULL,
                                   gantry_add_profile_dialog_test);
  gtk_widget_class_install_action (widget_class, "add-profile.cancel-test", NULL,
                                   gantry_add_profile_dialog_cancel_test);
  gtk_widget_class_install_action (widget_class, "add-profile.save", NULL,
                                   gantry_add_profile_dialog_save);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "add-profile.save", NULL);
}

static void
gantry_add_profile_dialog_init (GantryAddProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->key_id_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->region_row, "changed", G_CALLBACK (entry_changed_cb), self);
  update_busy (self);
}

/**
 * gantry_add_profile_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 *
 * Returns: (transfer none): the dialog, owned by GTK's toplevel list
 */
GantryAddProfileDialog *
gantry_add_profile_dialog_new (GtkWindow *parent)
{
  return g_object_new (GANTRY_TYPE_ADD_PROFILE_DIALOG, "transient-for", parent, NULL);
}

const char *
gantry_add_profile_dialog_get_endpoint_url (GantryAddProfileDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_ADD_PROFILE_DIALOG (self), NULL);

  return self->endpoint_url;
}

/**
 * gantry_add_profile_dialog_set_endpoint_url:
 * @endpoint_url: (nullable): where Test sends its request; %NULL for AWS
 *   (or `AWS_ENDPOINT_URL`)
 */
void
gantry_add_profile_dialog_set_endpoint_url (GantryAddProfileDialog *self,
                                            const char             *endpoint_url)
{
  g_return_if_fail (GANTRY_IS_ADD_PROFILE_DIALOG (self));

  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint_url);
}

/**
 * gantry_add_profile_dialog_get_tested_arn:
 *
 * Returns: (nullable): the identity the last successful test reported, as
 *   long as the fields have not changed since
 */
const char *
gantry_add_profile_dialog_get_tested_arn (GantryAddProfileDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_ADD_PROFILE_DIALOG (self), NULL);

  return self->tested_arn;
}

/**
 * gantry_add_profile_dialog_get_busy:
 *
 * Returns: %TRUE while a test or the save is under way
 */
gboolean
gantry_add_profile_dialog_get_busy (GantryAddProfileDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_ADD_PROFILE_DIALOG (self), FALSE);

  return self->test_cancellable != NULL || self->save_cancellable != NULL;
}
