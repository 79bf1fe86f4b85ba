/* gantry-rollout-view.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-rollout-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-rollout-view.h"

/* How many service events a rollout shows: enough to see why a deployment
 * is stuck, few enough that two services still fit in a row. */
#define MAX_EVENTS 3

struct _GantryRolloutView
{
  GtkWidget      parent_instance;

  /* template */
  GtkSpinner    *spinner;
  GtkLabel      *service_label;
  GtkLabel      *state_label;
  GtkLabel      *counts_label;
  GtkLabel      *task_definition_label;
  GtkLabel      *failure_label;
  GtkLabel      *events_label;

  /* owned */
  GantryRollout *rollout;
};

G_DEFINE_FINAL_TYPE (GantryRolloutView, gantry_rollout_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROLLOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gantry_rollout_state_describe:
 *
 * Returns: what @state means, for people
 */
const char *
gantry_rollout_state_describe (GantryRolloutState state)
{
  switch (state)
    {
    case GANTRY_ROLLOUT_STATE_IDLE:
      return _("Waiting");
    case GANTRY_ROLLOUT_STATE_PREPARED:
      return _("Checked, not rolled yet");
    case GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED:
      return _("Already runs this image");
    case GANTRY_ROLLOUT_STATE_REGISTERING:
      return _("Registering the task definition");
    case GANTRY_ROLLOUT_STATE_UPDATING:
      return _("Updating the service");
    case GANTRY_ROLLOUT_STATE_IN_PROGRESS:
      return _("In progress");
    case GANTRY_ROLLOUT_STATE_COMPLETED:
      return _("Completed");
    case GANTRY_ROLLOUT_STATE_FAILED:
      return _("Failed");
    case GANTRY_ROLLOUT_STATE_NOT_WATCHED:
      /* ECS carries on; Gantry only stopped looking */
      return _("In progress, no longer watched");
    default:
      return _("Unknown");
    }
}

static void
update_state (GantryRolloutView *self)
{
  GantryRolloutState state = gantry_rollout_get_state (self->rollout);
  GtkWidget *label = GTK_WIDGET (self->state_label);
  gboolean busy;

  busy = state == GANTRY_ROLLOUT_STATE_REGISTERING ||
         state == GANTRY_ROLLOUT_STATE_UPDATING ||
         state == GANTRY_ROLLOUT_STATE_IN_PROGRESS;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);

  gtk_label_set_label (self->state_label, gantry_rollout_state_describe (state));
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  if (state == GANTRY_ROLLOUT_STATE_COMPLETED || state == GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED)
    gtk_widget_add_css_class (label, "success");
  else if (state == GANTRY_ROLLOUT_STATE_FAILED)
    gtk_widget_add_css_class (label, "error");
}

static void
update_counts (GantryRolloutView *self)
{
  g_autofree char *text = NULL;
  gint64 desired = gantry_rollout_get_desired_count (self->rollout);

  /* Translators: running and desired task counts of an ECS service */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld of %lld task running",
                                       "%lld of %lld tasks running", desired),
                          (long long) gantry_rollout_get_running_count (self->rollout),
                          (long long) desired);
  gtk_label_set_label (self->counts_label, text);
}

/* "family:revision" of a task-definition ARN: the part people compare */
static const char *
short_task_definition (const char *arn)
{
  const char *slash = arn != NULL ? strrchr (arn, '/') : NULL;

  return slash != NULL ? slash + 1 : arn;
}

static void
update_task_definition (GantryRolloutView *self)
{
  const char *task_definition = gantry_rollout_get_task_definition (self->rollout);
  const char *previous = gantry_rollout_get_previous_task_definition (self->rollout);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (task_definition != NULL && previous != NULL && g_strcmp0 (task_definition, previous) != 0)
    {
      /* Translators: old → new task definition, as family:revision */
      text = g_strdup_printf (_("Task definition %s → %s"), short_task_definition (previous),
                              short_task_definition (task_definition));
      tooltip = g_strdup_printf ("%s\n→ %s", previous, task_definition);
    }
  else if (task_definition != NULL || previous != NULL)
    {
      tooltip = g_strdup (task_definition != NULL ? task_definition : previous);
      text = g_strdup_printf (_("Task definition %s"), short_task_definition (tooltip));
    }

  gtk_label_set_label (self->task_definition_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->task_definition_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->task_definition_label), text != NULL);
}

static void
update_failure (GantryRolloutView *self)
{
  const char *reason = gantry_rollout_get_failure_reason (self->rollout);

  gtk_label_set_label (self->failure_label, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->failure_label), reason != NULL && *reason != '\0');
}

static void
update_events (GantryRolloutView *self)
{
  GPtrArray *events = gantry_rollout_get_events (self->rollout);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; events != NULL && i < events->len && i < MAX_EVENTS; i++)
    {
      GantryAwsEcsEvent *event = g_ptr_array_index (events, i);
      g_autofree char *when = NULL;

      if (event->created_at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (event->created_at);

          when = g_date_time_format (local, "%H:%M:%S");
        }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s  %s", when != NULL ? when : "", event->message);
    }

  if (text->len == 0)
    g_string_append (text, _("No service events yet"));
  gtk_label_set_label (self->events_label, text->str);
}

static void
rollout_notify_cb (GantryRolloutView *self,
                   GParamSpec        *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state"))
    update_state (self);
  else if (g_str_equal (name, "running-count") || g_str_equal (name, "desired-count"))
    update_counts (self);
  else if (g_str_equal (name, "task-definition"))
    update_task_definition (self);
  else if (g_str_equal (name, "failure-reason"))
    update_failure (self);
  else if (g_str_equal (name, "events"))
    update_events (self);
}

static void
gantry_rollout_view_set_rollout (GantryRolloutView *self,
                                 GantryRollout     *rollout)
{
  g_assert (self->rollout == NULL);

  self->rollout = g_object_ref (rollout);
  gtk_label_set_label (self->service_label, gantry_rollout_get_service (rollout));
  update_state (self);
  update_counts (self);
  update_task_definition (self);
  update_failure (self);
  update_events (self);
  g_signal_connect_object (rollout, "notify", G_CALLBACK (rollout_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
gantry_rollout_view_dispose (GObject *object)
{
  GantryRolloutView *self = GANTRY_ROLLOUT_VIEW (object);
  GtkWidget *child;

  g_clear_object (&self->rollout);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ROLLOUT_VIEW);
  /* The template's top box has no name, so disposing the template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gantry_rollout_view_parent_class)->dispose (object);
}

static void
gantry_rollout_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GantryRolloutView *self = GANTRY_ROLLOUT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROLLOUT:
      g_value_set_object (value, self->rollout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_rollout_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GantryRolloutView *self = GANTRY_ROLLOUT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROLLOUT:
      gantry_rollout_view_set_rollout (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_rollout_view_class_init (GantryRolloutViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_rollout_view_dispose;
  object_class->get_property = gantry_rollout_view_get_property;
  object_class->set_property = gantry_rollout_view_set_property;

  /**
   * GantryRolloutView:rollout:
   *
   * The service rollout shown, followed live.
   */
  properties[PROP_ROLLOUT] =
    g_param_spec_object ("rollout", NULL, NULL, GANTRY_TYPE_ROLLOUT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-rollout-view.ui");
  /* A bin layout, not AdwBin: see gantry-promotions-page.c */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, service_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, state_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, task_definition_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, failure_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRolloutView, events_label);
}

static void
gantry_rollout_view_init (GantryRolloutView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gantry_rollout_view_new:
 * @rollout: the rollout of one service
 *
 * Returns: (transfer floating): a view of @rollout: its state, task counts,
 *   task definition, failure reason and latest service events, updated as
 *   the rollout is watched
 */
GtkWidget *
gantry_rollout_view_new (GantryRollout *rollout)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (rollout), NULL);

  return g_object_new (GANTRY_TYPE_ROLLOUT_VIEW, "rollout", rollout, NULL);
}

GantryRollout *
gantry_rollout_view_get_rollout (GantryRolloutView *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT_VIEW (self), NULL);

  return self->rollout;
}

/**
 * gantry_rollout_view_get_state_text:
 *
 * Returns: the state as the view shows it, e.g. "In progress"
 */
const char *
gantry_rollout_view_get_state_text (GantryRolloutView *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT_VIEW (self), NULL);

  return gtk_label_get_label (self->state_label);
}
