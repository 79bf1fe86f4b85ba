/* gantry-environment-editor.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-environment-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-environment-editor.h"

#include "aws/gantry-aws-endpoint.h"
#include "core/gantry-discovery.h"

/**
 * GantryEnvironmentEditor:
 *
 * The Environments page's subpage for one environment: every field of the
 * key file as a row, checked as it is typed (errors under the group, Save
 * disabled until they are fixed), Auto-discover to fill the resources from
 * the window's account, and Delete behind a confirmation. Edits go to a copy;
 * the environment the window uses changes only when the file is saved.
 */
struct _GantryEnvironmentEditor
{
  GtkWidget             parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  AdwPreferencesPage   *preferences_page;
  AdwPreferencesGroup  *environment_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *profile_row;
  AdwEntryRow          *region_row;
  GtkSwitch            *production_switch;
  GtkLabel             *environment_error_label;
  AdwPreferencesGroup  *resources_group;
  GtkStack             *discover_stack;
  GtkWidget            *discover_button;
  GtkSpinner           *discover_spinner;
  AdwEntryRow          *vpc_row;
  AdwEntryRow          *cluster_row;
  AdwEntryRow          *db_cluster_row;
  AdwEntryRow          *load_balancer_row;
  AdwEntryRow          *repositories_row;
  GtkLabel             *resources_error_label;
  GtkLabel             *discovery_label;
  AdwEntryRow          *dev_accounts_row;
  GtkLabel             *accounts_error_label;
  AdwEntryRow          *backup_region_row;
  AdwEntryRow          *candidate_tag_row;
  AdwEntryRow          *latest_tag_row;
  GtkLabel             *tags_error_label;
  GtkSwitch            *refuse_critical_switch;
  GtkSwitch            *check_task_family_switch;
  GtkSwitch            *typed_confirmation_switch;
  AdwPreferencesGroup  *delete_group;

  /* owned */
  GantryEnvironment    *environment;
  GantrySession        *session;
  GStrv                 existing_names;
  GCancellable         *cancellable;
  GCancellable         *discover_cancellable;
  gboolean              is_new;
  gboolean              valid;
  gboolean              saving;
  gboolean              deleting;
};

G_DEFINE_FINAL_TYPE (GantryEnvironmentEditor, gantry_environment_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  DELETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- helpers -------------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The row's text without surrounding blanks, or %NULL when that is empty. */
static char *
row_dup_value (AdwEntryRow *row)
{
  char *value = g_strstrip (g_strdup (row_text (row)));

  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* Lists are typed as "a, b" or pasted one per line. */
static GStrv
row_dup_list (AdwEntryRow *row)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,;]+", row_text (row), 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static void
row_set_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
row_set_list (AdwEntryRow        *row,
              const char * const *list)
{
  g_autofree char *text = g_strjoinv (", ", (GStrv) list);

  row_set_text (row, text);
}

static void
row_set_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Shows the first problem of a group under it, as words, not colour only. */
static void
label_set_error (GtkLabel   *label,
                 const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static gboolean
gantry_environment_editor_is_busy (GantryEnvironmentEditor *self)
{
  return self->saving || self->deleting || self->discover_cancellable != NULL;
}

static void
update_actions (GantryEnvironmentEditor *self)
{
  gboolean connected = self->session != NULL &&
                       gantry_session_get_state (self->session) == GANTRY_SESSION_STATE_READY;
  gboolean discovering = self->discover_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->valid && !self->saving && !self->deleting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete",
                                 !self->is_new && !self->saving && !self->deleting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.discover",
                                 connected && !discovering);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.cancel-discover", discovering);
  gtk_widget_set_tooltip_text (self->discover_button,
                               connected
                               ? _("Fill the empty fields that the current account answers "
                                   "unambiguously")
                               : _("Connect to an AWS account to discover its resources"));
}

static void
notify_busy (GantryEnvironmentEditor *self)
{
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* --- validation ----------------------------------------------------------- */

static gboolean
is_ecr_repository_name (const char *name)
{
  return strlen (name) >= 2 && strlen (name) <= 256 &&
         g_regex_match_simple ("^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$",
                               name, 0, 0);
}

static gboolean
is_image_tag (const char *tag)
{
  return g_regex_match_simple ("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", tag, 0, 0);
}

static void
validate (GantryEnvironmentEditor *self)
{
  g_autofree char *name = row_dup_value (self->name_row);
  g_autofree char *region = row_dup_value (self->region_row);
  g_autofree char *backup_region = row_dup_value (self->backup_region_row);
  g_autofree char *candidate = row_dup_value (self->candidate_tag_row);
  g_autofree char *latest = row_dup_value (self->latest_tag_row);
  g_auto(GStrv) repositories = row_dup_list (self->repositories_row);
  g_auto(GStrv) accounts = row_dup_list (self->dev_accounts_row);
  g_autofree char *environment_error = NULL;
  g_autofree char *resources_error = NULL;
  g_autofree char *accounts_error = NULL;
  g_autofree char *tags_error = NULL;
  gboolean name_ok = TRUE;
  gboolean region_ok;
  gboolean backup_ok;
  gboolean tags_ok;

  if (self->is_new)
    {
      /* An empty name is not an error yet, only not savable */
      if (name == NULL)
        name_ok = FALSE;
      else if (!gantry_environment_name_is_valid (name))
        {
          name_ok = FALSE;
          environment_error = g_strdup (_("A name may use letters, digits, “-”, “_” and “.”, "
                                          "up to 64 characters, and may not start with “.”."));
        }
      else if (self->existing_names != NULL &&
               g_strv_contains ((const char * const *) self->existing_names, name))
        {
          name_ok = FALSE;
          environment_error = g_strdup_printf (_("An environment named “%s” exists already."),
                                               name);
        }
      row_set_error (self->name_row, !name_ok && name != NULL);
    }

  region_ok = region == NULL || gantry_aws_region_is_valid (region);
  row_set_error (self->region_row, !region_ok);
  if (!region_ok && environment_error == NULL)
    environment_error = g_strdup_printf (_("“%s” is not an AWS region name, such as "
                                           "“eu-central-1”."), region);

  for (guint i = 0; repositories[i] != NULL && resources_error == NULL; i++)
    if (!is_ecr_repository_name (repositories[i]))
      resources_error = g_strdup_printf (_("“%s” is not an ECR repository name."),
                                         repositories[i]);
  row_set_error (self->repositories_row, resources_error != NULL);

  for (guint i = 0; accounts[i] != NULL && accounts_error == NULL; i++)
    if (!g_regex_match_simple ("^[0-9]{12}$", accounts[i], 0, 0))
      accounts_error = g_strdup_printf (_("“%s” is not an AWS account ID (12 digits)."),
                                        accounts[i]);
  row_set_error (self->dev_accounts_row, accounts_error != NULL);

  backup_ok = backup_region != NULL && gantry_aws_region_is_valid (backup_region);
  row_set_error (self->backup_region_row, !backup_ok);
  if (!backup_ok)
    tags_error = backup_region == NULL
      ? g_strdup (_("Enter the region that keeps the backup copies."))
      : g_strdup_printf (_("“%s” is not an AWS region name, such as “us-west-2”."),
                         backup_region);

  tags_ok = candidate != NULL && latest != NULL && is_image_tag (candidate) &&
            is_image_tag (latest) && !g_str_equal (candidate, latest);
  row_set_error (self->candidate_tag_row, candidate == NULL || !is_image_tag (candidate));
  row_set_error (self->latest_tag_row, latest == NULL || !is_image_tag (latest) ||
                 (candidate != NULL && g_str_equal (candidate, latest)));
  if (!tags_ok && tags_error == NULL)
    tags_error = candidate != NULL && latest != NULL && g_str_equal (candidate, latest)
      ? g_strdup (_("The candidate and latest tags must differ."))
      : g_strdup (_("Image tags use letters, digits, “_”, “.” and “-”, up to 128 "
                    "characters."));

  label_set_error (self->environment_error_label, environment_error);
  label_set_error (self->resources_error_label, resources_error);
  label_set_error (self->accounts_error_label, accounts_error);
  label_set_error (self->tags_error_label, tags_error);

  self->valid = name_ok && region_ok && resources_error == NULL && accounts_error == NULL &&
                backup_ok && tags_ok;
  update_actions (self);
}

/* --- the environment and the rows ------------------------------------------ */

static void
load_rows (GantryEnvironmentEditor *self)
{
  GantryEnvironment *env = self->environment;

  row_set_text (self->profile_row, gantry_environment_get_profile (env));
  row_set_text (self->region_row, gantry_environment_get_region (env));
  gtk_switch_set_active (self->production_switch, gantry_environment_get_production (env));
  row_set_text (self->vpc_row, gantry_environment_get_vpc_id (env));
  row_set_text (self->cluster_row, gantry_environment_get_cluster (env));
  row_set_text (self->db_cluster_row, gantry_environment_get_db_cluster (env));
  row_set_text (self->load_balancer_row, gantry_environment_get_load_balancer (env));
  row_set_list (self->repositories_row, gantry_environment_get_repositories (env));
  row_set_list (self->dev_accounts_row, gantry_environment_get_dev_accounts (env));
  row_set_text (self->backup_region_row, gantry_environment_get_backup_region (env));
  row_set_text (self->candidate_tag_row, gantry_environment_get_candidate_tag (env));
  row_set_text (self->latest_tag_row, gantry_environment_get_latest_tag (env));
  gtk_switch_set_active (self->refuse_critical_switch,
                         gantry_environment_get_refuse_critical (env));
  gtk_switch_set_active (self->check_task_family_switch,
                         gantry_environment_get_check_task_family (env));
  gtk_switch_set_active (self->typed_confirmation_switch,
                         gantry_environment_get_typed_confirmation (env));
}

/* A copy of the environment under @name with the rows' values. Copying
 * through the key file keeps what the rows do not show (waivers, keys a
 * newer Gantry wrote). */
static GantryEnvironment *
build_environment (GantryEnvironmentEditor  *self,
                   const char               *name,
                   GError                  **error)
{
  g_autofree char *data = gantry_environment_to_data (self->environment);
  g_autoptr(GantryEnvironment) env = NULL;
  g_autofree char *profile = row_dup_value (self->profile_row);
  g_autofree char *region = row_dup_value (self->region_row);
  g_autofree char *vpc_id = row_dup_value (self->vpc_row);
  g_autofree char *cluster = row_dup_value (self->cluster_row);
  g_autofree char *db_cluster = row_dup_value (self->db_cluster_row);
  g_autofree char *load_balancer = row_dup_value (self->load_balancer_row);
  g_autofree char *backup_region = row_dup_value (self->backup_region_row);
  g_autofree char *candidate = row_dup_value (self->candidate_tag_row);
  g_autofree char *latest = row_dup_value (self->latest_tag_row);
  g_auto(GStrv) repositories = row_dup_list (self->repositories_row);
  g_auto(GStrv) accounts = row_dup_list (self->dev_accounts_row);

  env = gantry_environment_new_from_data (name, data, error);
  if (env == NULL)
    return NULL;

  gantry_environment_set_profile (env, profile);
  gantry_environment_set_region (env, region);
  gantry_environment_set_production (env, gtk_switch_get_active (self->production_switch));
  gantry_environment_set_vpc_id (env, vpc_id);
  gantry_environment_set_cluster (env, cluster);
  gantry_environment_set_db_cluster (env, db_cluster);
  gantry_environment_set_load_balancer (env, load_balancer);
  gantry_environment_set_repositories (env, (const char * const *) repositories);
  gantry_environment_set_dev_accounts (env, (const char * const *) accounts);
  gantry_environment_set_backup_region (env, backup_region);
  gantry_environment_set_candidate_tag (env, candidate);
  gantry_environment_set_latest_tag (env, latest);
  gantry_environment_set_refuse_critical (env,
                                          gtk_switch_get_active (self->refuse_critical_switch));
  gantry_environment_set_check_task_family (env,
                                            gtk_switch_get_active (self->check_task_family_switch));
  gantry_environment_set_typed_confirmation (
    env, gtk_switch_get_active (self->typed_confirmation_switch));
  return g_steal_pointer (&env);
}

static void
add_toast (GantryEnvironmentEditor *self,
           const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
close_subpage (GantryEnvironmentEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
}

/* --- saving --------------------------------------------------------------- */

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GantryEnvironmentEditor) self = user_data;
  GantryEnvironment *env = GANTRY_ENVIRONMENT (object);
  g_autoptr(GError) error = NULL;

  if (!gantry_environment_save_finish (env, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->saving = FALSE;
      notify_busy (self);
      add_toast (self, error->message);
      return;
    }

  self->saving = FALSE;
  self->is_new = FALSE;
  g_set_object (&self->environment, env);
  notify_busy (self);
  g_signal_emit (self, signals[SAVED], 0, env);
}

static void
gantry_environment_editor_save (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (widget);
  g_autoptr(GantryEnvironment) env = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  validate (self);
  if (!self->valid || self->saving)
    return;

  name = self->is_new ? row_dup_value (self->name_row)
                      : g_strdup (gantry_environment_get_name (self->environment));
  env = build_environment (self, name, &error);
  if (env == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  self->saving = TRUE;
  notify_busy (self);
  gantry_environment_save_async (env, self->cancellable, save_cb, g_object_ref (self));
}

/* --- deleting ------------------------------------------------------------- */

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GantryEnvironmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->deleting = FALSE;
      notify_busy (self);
      add_toast (self, error->message);
      return;
    }

  self->deleting = FALSE;
  notify_busy (self);
  g_signal_emit (self, signals[DELETED], 0, gantry_environment_get_name (self->environment));
}

static void
confirm_delete_cb (AdwMessageDialog        *dialog,
                   const char              *response,
                   GantryEnvironmentEditor *self)
{
  g_autofree char *directory = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  /* The file name rule of gantry-environment.c: NAME.ini in its directory */
  directory = gantry_environment_dup_directory ();
  basename = g_strconcat (gantry_environment_get_name (self->environment), ".ini", NULL);
  path = g_build_filename (directory, basename, NULL);
  file = g_file_new_for_path (path);

  self->deleting = TRUE;
  notify_busy (self);
  g_file_delete_async (file, G_PRIORITY_DEFAULT, self->cancellable, delete_cb,
                       g_object_ref (self));
}

static void
gantry_environment_editor_delete (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (widget);
  GtkWidget *dialog;

  if (self->is_new)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     _("Delete Environment “%s”?"),
                                     gantry_environment_get_name (self->environment));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its key file is removed. The AWS profile and the "
                                 "account’s resources are not touched."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_delete_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- auto-discovery ------------------------------------------------------- */

static AdwEntryRow *
row_for_field (GantryEnvironmentEditor *self,
               const char              *field)
{
  if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_VPC_ID))
    return self->vpc_row;
  if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_CLUSTER))
    return self->cluster_row;
  if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_DB_CLUSTER))
    return self->db_cluster_row;
  if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER))
    return self->load_balancer_row;
  if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_REPOSITORIES))
    return self->repositories_row;
  return NULL;
}

static void
discover_finished (GantryEnvironmentEditor *self)
{
  g_clear_object (&self->discover_cancellable);
  gtk_spinner_set_spinning (self->discover_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->discover_stack, "idle");
  notify_busy (self);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GantryEnvironmentEditor) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  items = gantry_discovery_run_finish (result, &error);
  if (items == NULL)
    {
      /* Cancelled by the user (the cancel button) or by dispose */
      if (self->discover_cancellable != NULL)
        discover_finished (self);
      return;
    }
  discover_finished (self);

  for (guint i = 0; i < items->len; i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (items, i);
      AdwEntryRow *row = row_for_field (self, item->field);

      /* Only where the user has not typed something in the meantime */
      if (item->outcome == GANTRY_DISCOVERY_OUTCOME_FILLED && row != NULL)
        {
          g_autofree char *typed = row_dup_value (row);

          if (typed == NULL)
            {
              if (row == self->repositories_row)
                row_set_list (row, (const char * const *) item->candidates);
              else
                row_set_text (row, item->value);
            }
        }

      if (report->len > 0)
        g_string_append_c (report, '\n');
      g_string_append_printf (report, "%s %s",
                              item->outcome == GANTRY_DISCOVERY_OUTCOME_FILLED ? "✓" : "•",
                              item->message);
    }

  if (items->len == 0)
    g_string_append (report, _("Every resource is set already; nothing to discover."));
  gtk_label_set_text (self->discovery_label, report->str);
  gtk_widget_set_visible (GTK_WIDGET (self->discovery_label), TRUE);
}

static void
gantry_environment_editor_discover (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (widget);
  g_autoptr(GantryEnvironment) scratch = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsClient *client;

  if (self->discover_cancellable != NULL || self->session == NULL ||
      gantry_session_get_state (self->session) != GANTRY_SESSION_STATE_READY)
    return;

  /* Discovery fills the empty rows; a scratch copy carries what is typed */
  scratch = build_environment (self, "discovery", &error);
  if (scratch == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  client = gantry_session_get_client (self->session);
  self->discover_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->discover_stack, "running");
  gtk_spinner_set_spinning (self->discover_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->discovery_label), FALSE);
  notify_busy (self);

  gantry_discovery_run_async (client, scratch, self->discover_cancellable, discover_cb,
                              g_object_ref (self));
}

static void
gantry_environment_editor_cancel_discover (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (widget);

  if (self->discover_cancellable == NULL)
    return;

  g_cancellable_cancel (self->discover_cancellable);
  discover_finished (self);
}

static void
gantry_environment_editor_back (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  close_subpage (GANTRY_ENVIRONMENT_EDITOR (widget));
}

/* --- GObject -------------------------------------------------------------- */

static void
gantry_environment_editor_dispose (GObject *object)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->discover_cancellable != NULL)
    {
      g_cancellable_cancel (self->discover_cancellable);
      g_clear_object (&self->discover_cancellable);
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->environment);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ENVIRONMENT_EDITOR);
  /* The template's box is not a bound child, so it is unparented here */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (gantry_environment_editor_parent_class)->dispose (object);
}

static void
gantry_environment_editor_finalize (GObject *object)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (object);

  g_strfreev (self->existing_names);

  G_OBJECT_CLASS (gantry_environment_editor_parent_class)->finalize (object);
}

static void
gantry_environment_editor_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, gantry_environment_editor_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_environment_editor_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GantryEnvironmentEditor *self = GANTRY_ENVIRONMENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_environment_editor_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_environment_editor_class_init (GantryEnvironmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_environment_editor_dispose;
  object_class->finalize = gantry_environment_editor_finalize;
  object_class->get_property = gantry_environment_editor_get_property;
  object_class->set_property = gantry_environment_editor_set_property;

  /**
   * GantryEnvironmentEditor:session:
   *
   * The account Auto-discover looks at; discovery needs it connected.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GantryEnvironmentEditor:busy:
   *
   * Whether saving, deleting or discovering is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GantryEnvironmentEditor::saved:
   * @environment: the environment as written to disk
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, GANTRY_TYPE_ENVIRONMENT);

  /**
   * GantryEnvironmentEditor::deleted:
   * @name: the name of the environment whose file was removed
   */
  signals[DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-environment-editor.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, GantryEnvironmentEditor, name)
  BIND (window_title);
  BIND (preferences_page);
  BIND (environment_group);
  BIND (name_row);
  BIND (profile_row);
  BIND (region_row);
  BIND (production_switch);
  BIND (environment_error_label);
  BIND (resources_group);
  BIND (discover_stack);
  BIND (discover_button);
  BIND (discover_spinner);
  BIND (vpc_row);
  BIND (cluster_row);
  BIND (db_cluster_row);
  BIND (load_balancer_row);
  BIND (repositories_row);
  BIND (resources_error_label);
  BIND (discovery_label);
  BIND (dev_accounts_row);
  BIND (accounts_error_label);
  BIND (backup_region_row);
  BIND (candidate_tag_row);
  BIND (latest_tag_row);
  BIND (tags_error_label);
  BIND (refuse_critical_switch);
  BIND (check_task_family_switch);
  BIND (typed_confirmation_switch);
  BIND (delete_group);
#undef BIND

  gtk_widget_class_install_action (widget_class, "editor.save", NULL,
                                   gantry_environment_editor_save);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL,
                                   gantry_environment_editor_delete);
  gtk_widget_class_install_action (widget_class, "editor.discover", NULL,
                                   gantry_environment_editor_discover);
  gtk_widget_class_install_action (widget_class, "editor.cancel-discover", NULL,
                                   gantry_environment_editor_cancel_discover);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL,
                                   gantry_environment_editor_back);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.back", NULL);
}

static void
gantry_environment_editor_init (GantryEnvironmentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Every edit is checked at once, so mistakes show where they are typed */
  {
    AdwEntryRow *rows[] = {
      self->name_row, self->profile_row, self->region_row, self->vpc_row, self->cluster_row,
      self->db_cluster_row, self->load_balancer_row, self->repositories_row,
      self->dev_accounts_row, self->backup_region_row, self->candidate_tag_row,
      self->latest_tag_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_signal_connect_object (rows[i], "changed", G_CALLBACK (validate), self,
                               G_CONNECT_SWAPPED);
  }
}

static GtkWidget *
editor_new (GantryEnvironment  *environment,
            gboolean            is_new,
            const char         *name,
            const char * const *existing_names)
{
  GantryEnvironmentEditor *self = g_object_new (GANTRY_TYPE_ENVIRONMENT_EDITOR, NULL);

  self->environment = g_object_ref (environment);
  self->is_new = is_new;
  self->existing_names = g_strdupv ((GStrv) existing_names);

  adw_window_title_set_title (self->window_title,
                              is_new ? _("New Environment")
                                     : gantry_environment_get_name (environment));
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), is_new);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_group), !is_new);

  load_rows (self);
  row_set_text (self->name_row, name);
  validate (self);
  return GTK_WIDGET (self);
}

/**
 * gantry_environment_editor_new:
 * @environment: a saved environment
 *
 * Returns: (transfer floating): an editor for @environment
 */
GtkWidget *
gantry_environment_editor_new (GantryEnvironment *environment)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);

  return editor_new (environment, FALSE, NULL, NULL);
}

/**
 * gantry_environment_editor_new_for_create:
 * @template: (nullable): starting values and name, such as the window's
 *   unsaved environment; %NULL for the defaults and an empty name
 * @existing_names: (nullable): names the new environment may not take
 *
 * Returns: (transfer floating): an editor for a new environment
 */
GtkWidget *
gantry_environment_editor_new_for_create (GantryEnvironment  *template,
                                          const char * const *existing_names)
{
  g_autoptr(GantryEnvironment) defaults = NULL;

  g_return_val_if_fail (template == NULL || GANTRY_IS_ENVIRONMENT (template), NULL);

  if (template != NULL)
    return editor_new (template, TRUE, gantry_environment_get_name (template), existing_names);

  /* Any valid name: the row starts empty and the user's name is used */
  defaults = gantry_environment_new ("new");
  return editor_new (defaults, TRUE, NULL, existing_names);
}

/**
 * gantry_environment_editor_get_environment:
 *
 * Returns: (transfer none): the environment as last loaded or saved
 */
GantryEnvironment *
gantry_environment_editor_get_environment (GantryEnvironmentEditor *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT_EDITOR (self), NULL);

  return self->environment;
}

gboolean
gantry_environment_editor_get_is_new (GantryEnvironmentEditor *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT_EDITOR (self), FALSE);

  return self->is_new;
}

gboolean
gantry_environment_editor_get_busy (GantryEnvironmentEditor *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT_EDITOR (self), FALSE);

  return gantry_environment_editor_is_busy (self);
}

/**
 * gantry_environment_editor_get_session:
 *
 * Returns: (nullable) (transfer none): the account Auto-discover uses
 */
GantrySession *
gantry_environment_editor_get_session (GantryEnvironmentEditor *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT_EDITOR (self), NULL);

  return self->session;
}

void
gantry_environment_editor_set_session (GantryEnvironmentEditor *self,
                                       GantrySession           *session)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENT_EDITOR (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::state", G_CALLBACK (update_actions), self);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
