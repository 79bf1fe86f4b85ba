/* gantry-profiles-dialog.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-profiles-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-add-profile-dialog.h"
#include "gantry-profiles-dialog.h"

#include "aws/gantry-aws-keyring.h"
#include "core/gantry-session.h"

/**
 * GantryProfilesDialog:
 *
 * Lists the profiles Gantry can connect with, from the keyring and from the
 * AWS files, and adds or deletes keyring profiles. The AWS files belong to
 * the user and the AWS CLI: Gantry shows their profiles but never edits them.
 */
struct _GantryProfilesDialog
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  AdwPreferencesGroup  *profiles_group;
  AdwActionRow         *empty_row;

  /* owned */
  GPtrArray            *rows;
  GCancellable         *cancellable;
  char                 *endpoint_url;
  guint                 loading;
};

G_DEFINE_FINAL_TYPE (GantryProfilesDialog, gantry_profiles_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  SIGNAL_PROFILE_ADDED,
  SIGNAL_PROFILE_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
describe_profile (const GantryProfileInfo *info)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (info->sources & GANTRY_PROFILE_SOURCE_KEYRING)
    {
      if (info->access_key_id != NULL)
        /* Translators: the access key ID (not secret) of a keyring profile */
        g_ptr_array_add (parts, g_strdup_printf (_("Keyring, key %s"), info->access_key_id));
      else
        g_ptr_array_add (parts, g_strdup (_("Keyring")));
    }

  if (info->sources & GANTRY_PROFILE_SOURCE_AWS_FILES)
    {
      if (info->role_arn != NULL)
        /* Translators: a role profile of ~/.aws/config and the role it assumes */
        g_ptr_array_add (parts, g_strdup_printf (_("~/.aws/config, role %s"), info->role_arn));
      else
        g_ptr_array_add (parts, g_strdup (_("~/.aws files")));
    }

  if (info->region != NULL)
    g_ptr_array_add (parts, g_strdup (info->region));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
create_row (const GantryProfileInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_profile (info);

  /* Profile names and ARNs are user text, not Pango markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, info->name);

  if (info->sources & GANTRY_PROFILE_SOURCE_KEYRING)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Delete profile “%s”"), info->name);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Delete Profile"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "profiles.delete");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (info->name));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
clear_rows (GantryProfilesDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->profiles_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
list_profiles_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryProfilesDialog) self = user_data;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  self->loading--;
  profiles = gantry_session_list_profiles_finish (result, &error);
  if (profiles == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                            adw_toast_new (error->message));
        }
      return;
    }

  clear_rows (self);
  for (guint i = 0; i < profiles->len; i++)
    {
      GtkWidget *row = create_row (g_ptr_array_index (profiles, i));

      adw_preferences_group_add (self->profiles_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), profiles->len == 0);
}

/**
 * gantry_profiles_dialog_reload:
 *
 * Lists the profiles again.
 */
void
gantry_profiles_dialog_reload (GantryProfilesDialog *self)
{
  g_return_if_fail (GANTRY_IS_PROFILES_DIALOG (self));

  self->loading++;
  gantry_session_list_profiles_async (self->cancellable, list_profiles_cb, g_object_ref (self));
}

static void
add_dialog_saved_cb (GantryProfilesDialog *self,
                     const char           *name)
{
  g_autofree char *message = g_strdup_printf (_("Profile “%s” added"), name);

  gantry_profiles_dialog_reload (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
  g_signal_emit (self, signals[SIGNAL_PROFILE_ADDED], 0, name);
}

static void
gantry_profiles_dialog_add (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  GantryProfilesDialog *self = GANTRY_PROFILES_DIALOG (widget);
  GantryAddProfileDialog *dialog = gantry_add_profile_dialog_new (GTK_WINDOW (self));

  gantry_add_profile_dialog_set_endpoint_url (dialog, self->endpoint_url);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (add_dialog_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GantryProfilesDialog *self;
  char                 *name;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
delete_data_closure_free (gpointer  data,
                          GClosure *closure)
{
  delete_data_free (data);
}

static void
keyring_delete_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  GantryProfilesDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!gantry_aws_keyring_delete_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (error->message));
      return;
    }

  message = g_strdup_printf (_("Profile “%s” deleted"), data->name);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
  gantry_profiles_dialog_reload (self);
  g_signal_emit (self, signals[SIGNAL_PROFILE_DELETED], 0, data->name);
}

static void
confirm_delete_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DeleteData       *data)
{
  DeleteData *pending;

  if (!g_str_equal (response, "delete"))
    return;

  /* Its own copy: the dialog's data goes with the dialog */
  pending = g_new0 (DeleteData, 1);
  pending->self = g_object_ref (data->self);
  pending->name = g_strdup (data->name);
  gantry_aws_keyring_delete_async (pending->name, pending->self->cancellable, keyring_delete_cb,
                                   pending);
}

static void
gantry_profiles_dialog_delete (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GantryProfilesDialog *self = GANTRY_PROFILES_DIALOG (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  DeleteData *data;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete Profile “%s”?"),
                                     name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its access key is removed from the keyring. The key itself "
                                 "stays active in AWS IAM; Gantry makes no AWS call."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->name = g_strdup (name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_delete_response_cb), data,
                         delete_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gantry_profiles_dialog_dispose (GObject *object)
{
  GantryProfilesDialog *self = GANTRY_PROFILES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PROFILES_DIALOG);

  G_OBJECT_CLASS (gantry_profiles_dialog_parent_class)->dispose (object);
}

static void
gantry_profiles_dialog_finalize (GObject *object)
{
  GantryProfilesDialog *self = GANTRY_PROFILES_DIALOG (object);

  g_clear_pointer (&self->endpoint_url, g_free);

  G_OBJECT_CLASS (gantry_profiles_dialog_parent_class)->finalize (object);
}

static void
gantry_profiles_dialog_class_init (GantryProfilesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_profiles_dialog_dispose;
  object_class->finalize = gantry_profiles_dialog_finalize;

  /**
   * GantryProfilesDialog::profile-added:
   * @name: the profile added to the keyring
   */
  signals[SIGNAL_PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GantryProfilesDialog::profile-deleted:
   * @name: the profile removed from the keyring
   */
  signals[SIGNAL_PROFILE_DELETED] =
    g_signal_new ("profile-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-profiles-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryProfilesDialog, profiles_group);
  gtk_widget_class_bind_template_child (widget_class, GantryProfilesDialog, empty_row);

  gtk_widget_class_install_action (widget_class, "profiles.add", NULL,
                                   gantry_profiles_dialog_add);
  gtk_widget_class_install_action (widget_class, "profiles.delete", "s",
                                   gantry_profiles_dialog_delete);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "profiles.add", NULL);
}

static void
gantry_profiles_dialog_init (GantryProfilesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gantry_profiles_dialog_reload (self);
}

/**
 * gantry_profiles_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 *
 * Returns: (transfer none): the dialog, owned by GTK's toplevel list
 */
GantryProfilesDialog *
gantry_profiles_dialog_new (GtkWindow *parent)
{
  return g_object_new (GANTRY_TYPE_PROFILES_DIALOG, "transient-for", parent, NULL);
}

/**
 * gantry_profiles_dialog_get_loading:
 *
 * Returns: %TRUE while the list is being read
 */
gboolean
gantry_profiles_dialog_get_loading (GantryProfilesDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROFILES_DIALOG (self), FALSE);

  return self->loading > 0;
}

/**
 * gantry_profiles_dialog_find_row:
 *
 * Returns: (nullable) (transfer none): the row of profile @name
 */
GtkWidget *
gantry_profiles_dialog_find_row (GantryProfilesDialog *self,
                                 const char           *name)
{
  g_return_val_if_fail (GANTRY_IS_PROFILES_DIALOG (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        return row;
    }

  return NULL;
}

/**
 * gantry_profiles_dialog_set_endpoint_url:
 * @endpoint_url: (nullable): passed on to the Add dialog's test
 */
void
gantry_profiles_dialog_set_endpoint_url (GantryProfilesDialog *self,
                                         const char           *endpoint_url)
{
  g_return_if_fail (GANTRY_IS_PROFILES_DIALOG (self));

  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint_url);
}
