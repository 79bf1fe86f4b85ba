/* gantry-promote-dialog.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-promote-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-promote-dialog.h"

#include "aws/gantry-aws-ecs.h"
#include "core/gantry-rollout.h"

/* DescribeServices takes at most this many services per call */
#define DESCRIBE_SERVICES_MAX 10

struct _GantryPromoteDialog
{
  AdwMessageDialog       parent_instance;

  /* template */
  GtkGrid               *digests_grid;
  GtkLabel              *services_title;
  GtkStack              *services_stack;
  GtkLabel              *services_none_label;
  GtkListBox            *services_list;
  GtkWidget             *confirm_list;
  AdwEntryRow           *confirm_entry;

  /* owned */
  GantryRepositoryState *state;
  GantryEnvironment     *environment;
  GantryAwsEcs          *ecs;
  GCancellable          *cancellable;
  char                  *cluster;
  /* the services found, each a GtkCheckButton with "gantry-service" data */
  GPtrArray             *checks;
  /* service names found so far, with their task definition */
  GHashTable            *found;
  guint                  pending;
  gboolean               services_loaded;
  gboolean               needs_typing;
};

G_DEFINE_FINAL_TYPE (GantryPromoteDialog, gantry_promote_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_SERVICES_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
any_service_checked (GantryPromoteDialog *self)
{
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      return TRUE;
  return FALSE;
}

/* The body names the exact writes, so the approval is of the AWS calls and
 * not of a button: the digests in full, the tag, the services. */
static void
update_body (GantryPromoteDialog *self)
{
  GantryRepositoryState *state = self->state;
  const char *from = gantry_repository_state_get_latest_digest (state);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *move = NULL;
  g_autofree char *calls = NULL;

  move = g_markup_printf_escaped (from != NULL
                                  ? _("<b>%s</b> of repository <b>%s</b> will name the approved "
                                      "candidate instead of the image below.")
                                  : _("<b>%s</b> of repository <b>%s</b> will name the approved "
                                      "candidate."),
                                  gantry_repository_state_get_latest_tag (state),
                                  gantry_repository_state_get_name (state));
  g_string_append (body, move);
  g_string_append (body, " ");

  if (any_service_checked (self))
    calls = g_markup_printf_escaped (_("Gantry calls ecr:PutImage with the candidate’s manifest, "
                                       "then ecs:RegisterTaskDefinition and ecs:UpdateService "
                                       "in cluster %s. The previous image and task definitions "
                                       "stay as rollback targets."), self->cluster);
  else
    calls = g_strdup (_("Gantry calls ecr:PutImage with the candidate’s manifest; nothing is "
                        "pulled or pushed. The previous image stays as the rollback target."));
  g_string_append (body, calls);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body->str);
}

static void
add_detail (GantryPromoteDialog *self,
            int                  row,
            const char          *title,
            const char          *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label;
  g_autofree char *text = NULL;

  /* A digest is one 71-character word, wider than the dialog: split it
   * after "sha256:" and 32 hex digits. Wrapping labels would make the
   * dialog measure its height at its narrowest and grow very tall. */
  if (strlen (value) > 40 && strchr (value, ':') != NULL)
    text = g_strdup_printf ("%.39s\n%s", value, value + 39);
  else
    text = g_strdup (value);
  value_label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_yalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "digest");
  gtk_grid_attach (self->digests_grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (self->digests_grid, value_label, 1, row, 1, 1);
}

static void
update_response (GantryPromoteDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));
  gboolean confirmed = !self->needs_typing ||
                       g_strcmp0 (typed, gantry_repository_state_get_name (self->state)) == 0;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "promote", confirmed);
}

/* A reply that was on its way when the dialog closed finds nothing to fill */
static gboolean
lookup_disposed (GantryPromoteDialog *self)
{
  return self->checks == NULL;
}

static void
lookup_finish (GantryPromoteDialog *self,
               const char          *none_text)
{
  g_autoptr(GList) names = NULL;

  if (none_text == NULL)
    {
      names = g_hash_table_get_keys (self->found);
      names = g_list_sort (names, (GCompareFunc) g_strcmp0);
    }

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_hash_table_lookup (self->found, name));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "gantry-service", g_strdup (name), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_body), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->services_list, row);
    }

  if (names == NULL)
    {
      gtk_label_set_label (self->services_none_label,
                           none_text != NULL ? none_text
                           : _("No service of the cluster runs an image of this repository."));
      gtk_stack_set_visible_child_name (self->services_stack, "none");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->services_stack, "list");
    }

  self->services_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES_LOADED]);
}

static void
lookup_failed (GantryPromoteDialog *self,
               const GError        *error)
{
  g_autofree char *text = NULL;

  /* The image promotion does not need the services: say why none are
   * offered and let the user go on without rolling any. */
  text = g_strdup_printf (_("The services could not be listed: %s"), error->message);
  lookup_finish (self, text);
}

static void
lookup_step_done (GantryPromoteDialog *self)
{
  if (--self->pending == 0 && !self->services_loaded)
    lookup_finish (self, NULL);
}

/* One DescribeTaskDefinition call: which service's task definition it reads */
typedef struct
{
  GantryPromoteDialog *self;
  char                *service;
} TaskDefinitionCall;

static void
task_definition_call_free (TaskDefinitionCall *call)
{
  g_object_unref (call->self);
  g_free (call->service);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaskDefinitionCall, task_definition_call_free)

static void
describe_task_definition_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(TaskDefinitionCall) call = user_data;
  GantryPromoteDialog *self = call->self;
  const char *service = call->service;
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcrRepository *repository = gantry_repository_state_get_repository (self->state);

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (lookup_disposed (self))
    return;
  if (td == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* One unreadable service hides only itself */
      g_debug ("Skipping service %s: %s", service, error->message);
    }

  for (guint i = 0; td != NULL && repository != NULL && i < td->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);
      g_autofree char *image_repository = NULL;

      if (container->image == NULL)
        continue;
      image_repository = gantry_rollout_image_repository (container->image);
      if (g_strcmp0 (image_repository, repository->uri) == 0)
        {
          g_autofree char *subtitle = g_strdup_printf ("%s:%" G_GINT64_FORMAT, td->family,
                                                       td->revision);

          g_hash_table_replace (self->found, g_strdup (service), g_steal_pointer (&subtitle));
          break;
        }
    }

  lookup_step_done (self);
}

static void
describe_services_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GantryPromoteDialog) self = user_data;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (lookup_disposed (self))
    return;
  if (services == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (!self->services_loaded)
        lookup_failed (self, error);
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = g_ptr_array_index (services, i);
      TaskDefinitionCall *call;

      if (service->task_definition == NULL)
        continue;
      call = g_new0 (TaskDefinitionCall, 1);
      call->self = g_object_ref (self);
      call->service = g_strdup (service->name);
      self->pending++;
      gantry_aws_ecs_describe_task_definition_async (self->ecs, service->task_definition,
                                                     self->cancellable,
                                                     describe_task_definition_cb, call);
    }
  lookup_step_done (self);
}

static void
list_services_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryPromoteDialog) self = user_data;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  arns = gantry_aws_ecs_list_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (lookup_disposed (self))
    return;
  if (arns == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      lookup_failed (self, error);
      return;
    }

  n = g_strv_length (arns);
  if (n == 0)
    {
      lookup_finish (self, NULL);
      return;
    }

  self->pending = 1;
  for (guint i = 0; i < n; i += DESCRIBE_SERVICES_MAX)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();

      for (guint j = i; j < n && j < i + DESCRIBE_SERVICES_MAX; j++)
        g_ptr_array_add (chunk, arns[j]);
      g_ptr_array_add (chunk, NULL);
      self->pending++;
      gantry_aws_ecs_describe_services_async (self->ecs, self->cluster,
                                              (const char * const *) chunk->pdata,
                                              self->cancellable, describe_services_cb,
                                              g_object_ref (self));
    }
  lookup_step_done (self);
}

static void
list_clusters_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryPromoteDialog) self = user_data;
  g_auto(GStrv) clusters = NULL;
  g_autoptr(GError) error = NULL;
  const char *slash;

  clusters = gantry_aws_ecs_list_clusters_finish (GANTRY_AWS_ECS (object), result, &error);
  if (lookup_disposed (self))
    return;
  if (clusters == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      lookup_failed (self, error);
      return;
    }

  /* Like gantryctl: without an environment naming one, the account's only
   * cluster; with several, guessing could roll the wrong one. */
  if (g_strv_length (clusters) != 1)
    {
      lookup_finish (self, g_strv_length (clusters) == 0
                           ? _("The account has no ECS cluster.")
                           : _("The environment names no ECS cluster and the account has "
                               "several: choose one in the environment’s settings."));
      return;
    }

  slash = strrchr (clusters[0], '/');
  self->cluster = g_strdup (slash != NULL ? slash + 1 : clusters[0]);
  gantry_aws_ecs_list_services_async (self->ecs, self->cluster, 0, self->cancellable,
                                      list_services_cb, g_object_ref (self));
}

static void
gantry_promote_dialog_dispose (GObject *object)
{
  GantryPromoteDialog *self = GANTRY_PROMOTE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->state);
  g_clear_object (&self->environment);
  g_clear_object (&self->ecs);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PROMOTE_DIALOG);

  G_OBJECT_CLASS (gantry_promote_dialog_parent_class)->dispose (object);
}

static void
gantry_promote_dialog_finalize (GObject *object)
{
  GantryPromoteDialog *self = GANTRY_PROMOTE_DIALOG (object);

  g_free (self->cluster);

  G_OBJECT_CLASS (gantry_promote_dialog_parent_class)->finalize (object);
}

static void
gantry_promote_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GantryPromoteDialog *self = GANTRY_PROMOTE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVICES_LOADED:
      g_value_set_boolean (value, self->services_loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_promote_dialog_class_init (GantryPromoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_promote_dialog_dispose;
  object_class->finalize = gantry_promote_dialog_finalize;
  object_class->get_property = gantry_promote_dialog_get_property;

  /**
   * GantryPromoteDialog:services-loaded:
   *
   * Whether the search for the services that run the repository ended.
   */
  properties[PROP_SERVICES_LOADED] =
    g_param_spec_boolean ("services-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-promote-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, digests_grid);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, services_title);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, services_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, services_none_label);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, services_list);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, confirm_list);
  gtk_widget_class_bind_template_child (widget_class, GantryPromoteDialog, confirm_entry);
}

static void
gantry_promote_dialog_init (GantryPromoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
  self->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_object (self->confirm_entry, "changed", G_CALLBACK (update_response), self,
                           G_CONNECT_SWAPPED);
}

/**
 * gantry_promote_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @state: the repository as the user saw it: its candidate digest is what
 *   the user approves
 * @environment: its cluster, and whether typing the name is required
 * @client: the account, to look up the services that run the repository
 *
 * The confirmation before a promotion: the repository, from-digest →
 * to-digest, the commit, the services to roll (looked up in the
 * background) and, for a production environment with typed confirmation,
 * an entry that must hold the repository name before "promote" is enabled.
 *
 * Returns: (transfer full): a new dialog; present it and connect to
 *   #AdwMessageDialog::response
 */
GantryPromoteDialog *
gantry_promote_dialog_new (GtkWindow             *parent,
                           GantryRepositoryState *state,
                           GantryEnvironment     *environment,
                           GantryAwsClient       *client)
{
  GantryPromoteDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *entry_title = NULL;
  const char *name;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (state), NULL);
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_PROMOTE_DIALOG, "transient-for", parent, NULL);
  self->state = g_object_ref (state);
  self->environment = g_object_ref (environment);
  self->ecs = gantry_aws_ecs_new (client);
  self->cluster = g_strdup (gantry_environment_get_cluster (environment));
  name = gantry_repository_state_get_name (state);

  heading = g_strdup_printf (_("Promote %s?"), name);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  self->needs_typing = gantry_environment_get_production (environment) &&
                       gantry_environment_get_typed_confirmation (environment);
  gtk_widget_set_visible (self->confirm_list, self->needs_typing);
  /* Translators: %s is the repository name the user has to type */
  entry_title = g_strdup_printf (_("Type “%s” to confirm"), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->confirm_entry), entry_title);

  /* Translators: the image production runs now, and the one it will run */
  add_detail (self, 0, _("From"), gantry_repository_state_get_latest_digest (state) != NULL
                                  ? gantry_repository_state_get_latest_digest (state) : "—");
  add_detail (self, 1, _("To"), gantry_repository_state_get_candidate_digest (state));
  add_detail (self, 2, _("Commit"), gantry_repository_state_get_candidate_commit (state) != NULL
                                    ? gantry_repository_state_get_candidate_commit (state) : "—");

  update_body (self);
  update_response (self);

  if (self->cluster != NULL)
    gantry_aws_ecs_list_services_async (self->ecs, self->cluster, 0, self->cancellable,
                                        list_services_cb, g_object_ref (self));
  else
    gantry_aws_ecs_list_clusters_async (self->ecs, 0, self->cancellable, list_clusters_cb,
                                        g_object_ref (self));
  return self;
}

GantryRepositoryState *
gantry_promote_dialog_get_state (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), NULL);

  return self->state;
}

/**
 * gantry_promote_dialog_get_cluster:
 *
 * Returns: (nullable): the cluster of the services offered
 */
const char *
gantry_promote_dialog_get_cluster (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), NULL);

  return self->cluster;
}

gboolean
gantry_promote_dialog_get_services_loaded (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), FALSE);

  return self->services_loaded;
}

static GStrv
collect_services (GantryPromoteDialog *self,
                  gboolean             only_checked)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (!only_checked || gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "gantry-service"));
    }
  return g_strv_builder_end (builder);
}

/**
 * gantry_promote_dialog_dup_offered_services:
 *
 * Returns: (transfer full): the services that run the repository, sorted
 */
GStrv
gantry_promote_dialog_dup_offered_services (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), NULL);

  return collect_services (self, FALSE);
}

/**
 * gantry_promote_dialog_dup_services:
 *
 * Returns: (transfer full): the services the user chose to roll
 */
GStrv
gantry_promote_dialog_dup_services (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), NULL);

  return collect_services (self, TRUE);
}

/**
 * gantry_promote_dialog_set_service_active:
 *
 * Ticks or unticks @service, as a click on its row would.
 *
 * Returns: %FALSE if @service is not offered
 */
gboolean
gantry_promote_dialog_set_service_active (GantryPromoteDialog *self,
                                          const char          *service,
                                          gboolean             active)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "gantry-service"), service) == 0)
        {
          gtk_check_button_set_active (check, active);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * gantry_promote_dialog_get_needs_typing:
 *
 * Returns: whether the repository name must be typed to confirm
 */
gboolean
gantry_promote_dialog_get_needs_typing (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), FALSE);

  return self->needs_typing;
}

/**
 * gantry_promote_dialog_get_confirm_entry:
 *
 * Returns: (transfer none): where the repository name is typed
 */
GtkEditable *
gantry_promote_dialog_get_confirm_entry (GantryPromoteDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTE_DIALOG (self), NULL);

  return GTK_EDITABLE (self->confirm_entry);
}
