/* gantry-check-row.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One check of the Setup page. The row exists before its result does, so
 * the checklist keeps its order and shape while the audit fills it in; the
 * expanded part says why the check matters, shows the evidence (selectable,
 * to paste into the console) and offers the fix and the waiver. Its buttons
 * name page actions with the check ID as target: the page does the work.
 */

#define G_LOG_DOMAIN "gantry-check-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-check-row.h"

struct _GantryCheckRow
{
  AdwExpanderRow     parent_instance;

  /* template */
  GtkStack          *status_stack;
  GtkImage          *status_icon;
  GtkSpinner        *status_spinner;
  GtkLabel          *tag_label;
  GtkLabel          *why_label;
  GtkLabel          *detail_label;
  GtkLabel          *resources_label;
  GtkWidget         *waiver_box;
  GtkLabel          *waiver_label;
  GtkWidget         *fix_button;
  GtkWidget         *waive_button;
  GtkWidget         *unwaive_button;

  /* owned */
  GantryCheck       *check;
  GantryCheckResult *result;
  char              *status_text;
  guint              running : 1;
  guint              busy : 1;
};

G_DEFINE_FINAL_TYPE (GantryCheckRow, gantry_check_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_CHECK,
  PROP_RESULT,
  PROP_RUNNING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *status_classes[] = { "success", "error", "warning", "dim-label" };

static const char *
status_word (GantryCheckStatus status)
{
  switch (status)
    {
    case GANTRY_CHECK_STATUS_PASS:
      return _("Passed");
    case GANTRY_CHECK_STATUS_FAIL:
      return _("Failed");
    case GANTRY_CHECK_STATUS_WARN:
      return _("Warning");
    case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
      return _("Not applicable");
    case GANTRY_CHECK_STATUS_ERROR:
      return _("Not evaluated");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
severity_word (GantryCheckSeverity severity)
{
  switch (severity)
    {
    case GANTRY_CHECK_SEVERITY_CRITICAL:
      return _("Critical");
    case GANTRY_CHECK_SEVERITY_HIGH:
      return _("High");
    case GANTRY_CHECK_SEVERITY_MEDIUM:
      return _("Medium");
    case GANTRY_CHECK_SEVERITY_LOW:
      return _("Low");
    default:
      g_return_val_if_reached ("");
    }
}

/* Icons differ in shape as well as colour, and say their status in words
 * to a screen reader. */
static void
set_status_icon (GantryCheckRow *self,
                 const char     *icon_name,
                 const char     *style_class,
                 char           *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), status_classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style_class);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);

  g_free (self->status_text);
  self->status_text = text;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_icon), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
set_tag (GantryCheckRow *self,
         const char     *text,
         const char     *style_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->tag_label), status_classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->tag_label), style_class);
  gtk_label_set_label (self->tag_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_label), text != NULL);
}

/* The subtitle is one line: the rest of the detail is in the expanded part. */
static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL)
    return NULL;
  end = strchr (text, '\n');
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static void
update (GantryCheckRow *self)
{
  GantryCheckResult *result = self->result;
  GantryCheckStatus status;
  const char *icon_name = NULL;
  const char *style_class = NULL;
  gboolean waived;

  gtk_stack_set_visible_child_name (self->status_stack, self->busy ? "busy" : "icon");
  gtk_spinner_set_spinning (self->status_spinner, self->busy);

  if (result == NULL)
    {
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                     self->running ? _("Checking…")
                                                   : _("Not checked: the audit did not finish"));
      set_status_icon (self, "content-loading-symbolic", "dim-label",
                       g_strdup (self->running ? _("Checking") : _("Not checked")));
      set_tag (self, NULL, NULL);
      gtk_label_set_label (self->detail_label, _("No result yet."));
      gtk_widget_set_visible (GTK_WIDGET (self->resources_label), FALSE);
      gtk_widget_set_visible (self->waiver_box, FALSE);
      gtk_widget_set_visible (self->fix_button, FALSE);
      gtk_widget_set_visible (self->waive_button, FALSE);
      gtk_widget_set_visible (self->unwaive_button, FALSE);
      return;
    }

  status = gantry_check_result_get_status (result);
  waived = gantry_check_result_get_waived (result);
  switch (status)
    {
    case GANTRY_CHECK_STATUS_PASS:
      icon_name = "emblem-ok-symbolic";
      style_class = "success";
      break;
    case GANTRY_CHECK_STATUS_FAIL:
      icon_name = "dialog-error-symbolic";
      style_class = "error";
      break;
    case GANTRY_CHECK_STATUS_WARN:
      icon_name = "dialog-warning-symbolic";
      style_class = "warning";
      break;
    case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
      icon_name = "action-unavailable-symbolic";
      style_class = "dim-label";
      break;
    case GANTRY_CHECK_STATUS_ERROR:
      icon_name = "dialog-question-symbolic";
      style_class = "dim-label";
      break;
    default:
      g_return_if_reached ();
    }

  {
    g_autofree char *subtitle = first_line (gantry_check_result_get_detail (result));
    const char * const *resources = gantry_check_result_get_resources (result);
    g_autofree char *joined = g_strjoinv ("\n", (char **) resources);

    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
    gtk_label_set_label (self->detail_label, gantry_check_result_get_detail (result));
    gtk_label_set_label (self->resources_label, joined);
    gtk_widget_set_visible (GTK_WIDGET (self->resources_label), resources[0] != NULL);
  }

  if (self->busy)
    set_status_icon (self, icon_name, style_class, g_strdup (_("Applying the fix")));
  else if (waived)
    /* A waiver does not turn a failure green: it stays visible as what it is */
    set_status_icon (self, icon_name, "dim-label",
                     g_strdup_printf (_("%s, accepted risk"), status_word (status)));
  else
    set_status_icon (self, icon_name, style_class, g_strdup (status_word (status)));

  if (waived)
    set_tag (self, _("Accepted risk"), "dim-label");
  else if (status == GANTRY_CHECK_STATUS_FAIL || status == GANTRY_CHECK_STATUS_WARN)
    set_tag (self, severity_word (gantry_check_get_severity (self->check)), style_class);
  else
    set_tag (self, NULL, NULL);

  gtk_widget_set_visible (self->waiver_box, waived);
  gtk_label_set_label (self->waiver_label, waived ? gantry_check_result_get_waiver_reason (result)
                                                  : NULL);

  gtk_widget_set_visible (self->fix_button, gantry_check_result_get_fix_available (result));
  gtk_widget_set_sensitive (self->fix_button, !self->busy);
  /* Only a finding can be accepted as a risk */
  gtk_widget_set_visible (self->waive_button,
                          !waived && status != GANTRY_CHECK_STATUS_PASS &&
                          status != GANTRY_CHECK_STATUS_NOT_APPLICABLE);
  gtk_widget_set_visible (self->unwaive_button, waived);
}

static void
gantry_check_row_dispose (GObject *object)
{
  GantryCheckRow *self = GANTRY_CHECK_ROW (object);

  g_clear_object (&self->result);
  g_clear_object (&self->check);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_CHECK_ROW);

  G_OBJECT_CLASS (gantry_check_row_parent_class)->dispose (object);
}

static void
gantry_check_row_finalize (GObject *object)
{
  GantryCheckRow *self = GANTRY_CHECK_ROW (object);

  g_free (self->status_text);

  G_OBJECT_CLASS (gantry_check_row_parent_class)->finalize (object);
}

static void
gantry_check_row_constructed (GObject *object)
{
  GantryCheckRow *self = GANTRY_CHECK_ROW (object);
  const char *id = gantry_check_get_id (self->check);

  G_OBJECT_CLASS (gantry_check_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), gantry_check_get_title (self->check));
  gtk_label_set_label (self->why_label, gantry_check_get_why (self->check));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->fix_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->waive_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->unwaive_button), "s", id);
  update (self);
}

static void
gantry_check_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GantryCheckRow *self = GANTRY_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      g_value_set_object (value, self->check);
      break;
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_check_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GantryCheckRow *self = GANTRY_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      self->check = g_value_dup_object (value);
      break;
    case PROP_RESULT:
      gantry_check_row_set_result (self, g_value_get_object (value));
      break;
    case PROP_RUNNING:
      gantry_check_row_set_running (self, g_value_get_boolean (value));
      break;
    case PROP_BUSY:
      gantry_check_row_set_busy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_check_row_class_init (GantryCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gantry_check_row_constructed;
  object_class->dispose = gantry_check_row_dispose;
  object_class->finalize = gantry_check_row_finalize;
  object_class->get_property = gantry_check_row_get_property;
  object_class->set_property = gantry_check_row_set_property;

  properties[PROP_CHECK] =
    g_param_spec_object ("check", NULL, NULL, GANTRY_TYPE_CHECK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GantryCheckRow:result:
   *
   * The check's result in the current audit; %NULL until it arrives.
   */
  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, GANTRY_TYPE_CHECK_RESULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GantryCheckRow:running:
   *
   * Whether the audit that will give the result is still out.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GantryCheckRow:busy:
   *
   * Whether the check's fix is being applied and re-checked.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, tag_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, why_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, resources_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, waiver_box);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, waiver_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, fix_button);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, waive_button);
  gtk_widget_class_bind_template_child (widget_class, GantryCheckRow, unwaive_button);
}

static void
gantry_check_row_init (GantryCheckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gantry_check_row_new:
 *
 * Returns: (transfer floating): a row for @check, without a result yet
 */
GtkWidget *
gantry_check_row_new (GantryCheck *check)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (check), NULL);

  return g_object_new (GANTRY_TYPE_CHECK_ROW, "check", check, NULL);
}

GantryCheck *
gantry_check_row_get_check (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), NULL);
  return self->check;
}

const char *
gantry_check_row_get_check_id (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), NULL);
  return gantry_check_get_id (self->check);
}

/**
 * gantry_check_row_get_result:
 *
 * Returns: (transfer none) (nullable): the result shown
 */
GantryCheckResult *
gantry_check_row_get_result (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), NULL);
  return self->result;
}

void
gantry_check_row_set_result (GantryCheckRow    *self,
                             GantryCheckResult *result)
{
  g_return_if_fail (GANTRY_IS_CHECK_ROW (self));
  g_return_if_fail (result == NULL || GANTRY_IS_CHECK_RESULT (result));

  if (!g_set_object (&self->result, result))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

gboolean
gantry_check_row_get_running (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), FALSE);
  return self->running;
}

void
gantry_check_row_set_running (GantryCheckRow *self,
                              gboolean        running)
{
  g_return_if_fail (GANTRY_IS_CHECK_ROW (self));

  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
gantry_check_row_get_busy (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), FALSE);
  return self->busy;
}

void
gantry_check_row_set_busy (GantryCheckRow *self,
                           gboolean        busy)
{
  g_return_if_fail (GANTRY_IS_CHECK_ROW (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * gantry_check_row_get_status_text:
 *
 * Returns: the status as the row says it in words, e.g. "Failed" or
 *   "Warning, accepted risk" (the status icon's accessible label)
 */
const char *
gantry_check_row_get_status_text (GantryCheckRow *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_ROW (self), NULL);
  return self->status_text;
}
