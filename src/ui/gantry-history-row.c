/* gantry-history-row.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the History list. The list view recycles a few dozen of these
 * for any number of entries, so a row holds no state beyond the entry it
 * shows and everything is set in gantry_history_row_set_entry().
 */

#define G_LOG_DOMAIN "gantry-history-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-history-row.h"

/* "sha256:" and 12 hex digits: as much as `docker images` shows, enough to
 * tell builds apart by eye. */
#define SHORT_DIGEST_LENGTH (7 + 12)

struct _GantryHistoryRow
{
  GtkWidget           parent_instance;

  /* template */
  GtkImage           *kind_image;
  GtkLabel           *change_label;
  GtkLabel           *scope_label;
  GtkLabel           *meta_label;
  GtkLabel           *healthy_badge;
  GtkLabel           *outcome_label;
  GtkButton          *rollback_button;

  /* owned */
  GantryHistoryEntry *entry;
  char               *when;
};

G_DEFINE_FINAL_TYPE (GantryHistoryRow, gantry_history_row, GTK_TYPE_WIDGET)

static const struct
{
  const char *icon_name;
  const char *label;
} kinds[] = {
  [GANTRY_HISTORY_KIND_DEPLOYMENT] = { "media-playback-start-symbolic", N_("Deployment") },
  [GANTRY_HISTORY_KIND_REVISION] = { "document-properties-symbolic", N_("Task definition revision") },
  [GANTRY_HISTORY_KIND_IMAGE] = { "package-x-generic-symbolic", N_("Image push") },
  [GANTRY_HISTORY_KIND_PROMOTION] = { "go-up-symbolic", N_("Promotion") },
  [GANTRY_HISTORY_KIND_ROLLBACK] = { "edit-undo-symbolic", N_("Rollback") },
  [GANTRY_HISTORY_KIND_CLOUDTRAIL] = { "emblem-documents-symbolic", N_("CloudTrail event") },
  [GANTRY_HISTORY_KIND_EVENT] = { "dialog-information-symbolic", N_("Service event") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == GANTRY_HISTORY_N_KINDS);

/**
 * gantry_history_row_kind_label:
 *
 * Returns: the translated name of @kind, e.g. "Deployment"
 */
const char *
gantry_history_row_kind_label (GantryHistoryKind kind)
{
  g_return_val_if_fail ((guint) kind < GANTRY_HISTORY_N_KINDS, NULL);
  return _(kinds[kind].label);
}

/**
 * gantry_history_row_format_relative:
 * @time: (nullable): when
 * @now: the time to count from
 *
 * Returns: (transfer full): "just now", "5 minutes ago", "yesterday", or
 *   the date for anything older than a month or in the future
 */
char *
gantry_history_row_format_relative (GDateTime *time,
                                    GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan span;
  int n;

  if (time == NULL)
    return g_strdup (_("Time unknown"));

  span = g_date_time_difference (now, time);
  if (span >= -G_TIME_SPAN_MINUTE && span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (span > 0 && span < G_TIME_SPAN_HOUR)
    {
      n = (int) (span / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", n), n);
    }
  if (span > 0 && span < G_TIME_SPAN_DAY)
    {
      n = (int) (span / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", n), n);
    }
  if (span > 0 && span < 2 * G_TIME_SPAN_DAY)
    return g_strdup (_("Yesterday"));
  if (span > 0 && span < 30 * G_TIME_SPAN_DAY)
    {
      n = (int) (span / G_TIME_SPAN_DAY);
      return g_strdup_printf (ngettext ("%d day ago", "%d days ago", n), n);
    }

  local = g_date_time_to_local (time);
  /* Translators: a date, see the strftime() manual; e.g. "3 Feb 2001" */
  return g_date_time_format (local, _("%-d %b %Y"));
}

/**
 * gantry_history_row_short_actor:
 * @arn: (nullable): an IAM or STS ARN
 *
 * Returns: (transfer full) (nullable): "Alice" for a user, "Role/session"
 *   for an assumed role, else the ARN's resource
 */
char *
gantry_history_row_short_actor (const char *arn)
{
  const char *resource = arn;
  const char *slash;

  if (arn == NULL)
    return NULL;

  /* arn:partition:service:region:account:resource */
  for (guint i = 0; i < 5 && resource != NULL; i++)
    {
      resource = strchr (resource, ':');
      if (resource != NULL)
        resource++;
    }
  if (resource == NULL || *resource == '\0')
    return g_strdup (arn);

  if (g_str_has_prefix (resource, "assumed-role/"))
    return g_strdup (resource + strlen ("assumed-role/"));
  slash = strrchr (resource, '/');
  return g_strdup (slash != NULL ? slash + 1 : resource);
}

/**
 * gantry_history_row_short_target:
 * @target: (nullable): a digest, "family:revision" or task-definition ARN
 *
 * Returns: (transfer full) (nullable): @target short enough for a row
 */
char *
gantry_history_row_short_target (const char *target)
{
  const char *name;

  if (target == NULL)
    return NULL;
  if (g_str_has_prefix (target, "sha256:") && strlen (target) > SHORT_DIGEST_LENGTH)
    return g_strndup (target, SHORT_DIGEST_LENGTH);
  if ((name = strstr (target, ":task-definition/")) != NULL)
    return g_strdup (name + strlen (":task-definition/"));
  return g_strdup (target);
}

static char *
describe_change (GantryHistoryEntry *entry)
{
  g_autofree char *from = gantry_history_row_short_target (gantry_history_entry_get_from (entry));
  g_autofree char *to = gantry_history_row_short_target (gantry_history_entry_get_to (entry));
  const char *detail = gantry_history_entry_get_detail (entry);

  if (from != NULL && to != NULL)
    return g_strdup_printf ("%s → %s", from, to);
  if (to != NULL)
    return g_steal_pointer (&to);
  if (detail != NULL)
    return g_strdup (detail);
  return g_strdup (gantry_history_row_kind_label (gantry_history_entry_get_kind (entry)));
}

static const char *
outcome_style (const char *outcome)
{
  static const char * const good[] = {
    "completed", "done", "pushed", "promoted", "registered", "rollback-successful", NULL,
  };

  if (outcome == NULL)
    return NULL;
  if (g_strv_contains (good, outcome))
    return "success";
  if (strstr (outcome, "fail") != NULL)
    return "error";
  return "warning";
}

static void
set_outcome (GtkLabel   *label,
             const char *outcome)
{
  const char *classes[] = { "success", "error", "warning" };
  const char *style = outcome_style (outcome);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), style);
  gtk_label_set_label (label, outcome);
  gtk_widget_set_visible (GTK_WIDGET (label), outcome != NULL);
}

static void
clear (GantryHistoryRow *self)
{
  g_clear_object (&self->entry);
  g_clear_pointer (&self->when, g_free);
  gtk_label_set_label (self->change_label, NULL);
  gtk_label_set_label (self->scope_label, NULL);
  gtk_label_set_label (self->meta_label, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->healthy_badge), FALSE);
  set_outcome (self->outcome_label, NULL);
  /* Hidden but still taking its space, so outcomes line up in a column */
  gtk_widget_set_child_visible (GTK_WIDGET (self->rollback_button), FALSE);
}

/**
 * gantry_history_row_set_entry:
 * @entry: (nullable): what to show; %NULL empties the row
 * @position: @entry's position in the list, the target of the row's
 *   Roll Back button (`page.rollback`)
 */
void
gantry_history_row_set_entry (GantryHistoryRow   *self,
                              GantryHistoryEntry *entry,
                              guint               position)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GPtrArray) meta = NULL;
  g_autoptr(GPtrArray) scope = NULL;
  g_autofree char *change = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *commit = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *meta_text = NULL;
  g_autofree char *scope_text = NULL;
  g_autofree char *change_tooltip = NULL;
  GantryHistoryKind kind;
  GDateTime *time;
  const char *from, *to;

  g_return_if_fail (GANTRY_IS_HISTORY_ROW (self));
  g_return_if_fail (entry == NULL || GANTRY_IS_HISTORY_ENTRY (entry));

  clear (self);
  if (entry == NULL)
    return;

  self->entry = g_object_ref (entry);
  kind = gantry_history_entry_get_kind (entry);
  time = gantry_history_entry_get_time (entry);

  gtk_image_set_from_icon_name (self->kind_image, kinds[kind].icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_image), gantry_history_row_kind_label (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gantry_history_row_kind_label (kind), -1);

  change = describe_change (entry);
  gtk_label_set_label (self->change_label, change);
  from = gantry_history_entry_get_from (entry);
  to = gantry_history_entry_get_to (entry);
  if (from != NULL && to != NULL)
    change_tooltip = g_strdup_printf (_("From %s\nTo %s"), from, to);
  else
    change_tooltip = g_strdup (to);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->change_label), change_tooltip);

  scope = g_ptr_array_new ();
  if (gantry_history_entry_get_service (entry) != NULL)
    g_ptr_array_add (scope, (gpointer) gantry_history_entry_get_service (entry));
  if (gantry_history_entry_get_repository (entry) != NULL)
    g_ptr_array_add (scope, (gpointer) gantry_history_entry_get_repository (entry));
  g_ptr_array_add (scope, NULL);
  scope_text = g_strjoinv (" · ", (char **) scope->pdata);
  gtk_label_set_label (self->scope_label, scope_text);

  now = g_date_time_new_now_utc ();
  self->when = gantry_history_row_format_relative (time, now);
  if (time != NULL)
    {
      local = g_date_time_to_local (time);
      /* Translators: a date and time, see the strftime() manual */
      absolute = g_date_time_format (local, _("%Y-%m-%d %H:%M:%S %Z"));
    }

  meta = g_ptr_array_new ();
  g_ptr_array_add (meta, self->when);
  actor = gantry_history_row_short_actor (gantry_history_entry_get_actor (entry));
  if (actor != NULL)
    g_ptr_array_add (meta, actor);
  if (gantry_history_entry_get_commit (entry) != NULL)
    {
      commit = g_strdup_printf (_("commit %s"), gantry_history_entry_get_commit (entry));
      g_ptr_array_add (meta, commit);
    }
  if (gantry_history_entry_get_detail (entry) != NULL &&
      g_strcmp0 (gantry_history_entry_get_detail (entry), change) != 0)
    g_ptr_array_add (meta, (gpointer) gantry_history_entry_get_detail (entry));
  g_ptr_array_add (meta, NULL);
  meta_text = g_strjoinv (" · ", (char **) meta->pdata);
  gtk_label_set_label (self->meta_label, meta_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), absolute);

  gtk_widget_set_visible (GTK_WIDGET (self->healthy_badge),
                          gantry_history_entry_get_is_last_healthy (entry));
  set_outcome (self->outcome_label, gantry_history_entry_get_outcome (entry));

  gtk_widget_set_child_visible (GTK_WIDGET (self->rollback_button),
                                gantry_history_entry_can_roll_back_to (entry));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->rollback_button),
                                          g_variant_new_uint32 (position));
}

/**
 * gantry_history_row_get_entry:
 *
 * Returns: (nullable) (transfer none): the entry shown
 */
GantryHistoryEntry *
gantry_history_row_get_entry (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return self->entry;
}

/* Returns: the "what changed" text, e.g. "prod-api:2 → prod-api:1" */
const char *
gantry_history_row_get_change (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return gtk_label_get_label (self->change_label);
}

/* Returns: (nullable): the relative time shown, e.g. "5 minutes ago" */
const char *
gantry_history_row_get_when (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return self->when;
}

static void
gantry_history_row_dispose (GObject *object)
{
  GantryHistoryRow *self = GANTRY_HISTORY_ROW (object);

  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_HISTORY_ROW);

  G_OBJECT_CLASS (gantry_history_row_parent_class)->dispose (object);
}

static void
gantry_history_row_finalize (GObject *object)
{
  GantryHistoryRow *self = GANTRY_HISTORY_ROW (object);

  g_free (self->when);

  G_OBJECT_CLASS (gantry_history_row_parent_class)->finalize (object);
}

static void
gantry_history_row_class_init (GantryHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_history_row_dispose;
  object_class->finalize = gantry_history_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-history-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Bound without a field so that gtk_widget_dispose_template() unparents it */
  gtk_widget_class_bind_template_child_full (widget_class, "box", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, change_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, scope_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, healthy_badge);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryRow, rollback_button);
}

static void
gantry_history_row_init (GantryHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The target before the name: page.rollback takes a position, and an
   * action helper with a name but no target warns about the mismatch. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->rollback_button),
                                          g_variant_new_uint32 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->rollback_button), "page.rollback");
}

GtkWidget *
gantry_history_row_new (void)
{
  return g_object_new (GANTRY_TYPE_HISTORY_ROW, NULL);
}
