/* gantry-repository-row.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-repository-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-repository-row.h"
#include "gantry-rollout-view.h"

/* The digest shown in full is 71 characters; this many hex digits after
 * "sha256:" tell images apart by eye, and the tooltip has the rest. */
#define SHORT_DIGEST_HEX 12

typedef enum
{
  FIELD_TAG,
  FIELD_DIGEST,
  FIELD_COMMIT,
  FIELD_PUSHED,
  FIELD_SIZE,
  FIELD_SCAN,
  N_FIELDS
} Field;

struct _GantryRepositoryRow
{
  GtkListBoxRow          parent_instance;

  /* template */
  GtkLabel              *name_label;
  GtkLabel              *status_label;
  GtkSpinner            *spinner;
  GtkLabel              *step_label;
  GtkWidget             *cancel_button;
  GtkWidget             *stop_watching_button;
  GtkWidget             *promote_button;
  GtkGrid               *images_grid;
  GtkLabel              *hint_label;
  GtkWidget             *message_box;
  GtkLabel              *message_title_label;
  GtkLabel              *message_label;
  GtkBox                *rollouts_box;

  /* built in init: the candidate and latest column of each field */
  GtkLabel              *candidate_labels[N_FIELDS];
  GtkLabel              *latest_labels[N_FIELDS];

  /* owned */
  GantryRepositoryState *state;
  GantryPromotion       *promotion;
  char                  *message_style;
  gboolean               watching;
};

G_DEFINE_FINAL_TYPE (GantryRepositoryRow, gantry_repository_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * gantry_repository_status_describe:
 *
 * Returns: the state the Promotions page shows, e.g. "Candidate ready"
 */
const char *
gantry_repository_status_describe (GantryRepositoryStatus status)
{
  switch (status)
    {
    case GANTRY_REPOSITORY_STATUS_UP_TO_DATE:
      return _("Up to date");
    case GANTRY_REPOSITORY_STATUS_CANDIDATE_READY:
      return _("Candidate ready");
    case GANTRY_REPOSITORY_STATUS_NO_CANDIDATE:
      return _("No candidate");
    case GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE:
      return _("Tags immutable");
    case GANTRY_REPOSITORY_STATUS_UNKNOWN:
    default:
      return _("Could not be read");
    }
}

/**
 * gantry_repository_row_format_relative:
 * @when: a time in the past
 * @now: the time to count from
 *
 * Returns: (transfer full): @when relative to @now, e.g. "3 days ago"
 */
char *
gantry_repository_row_format_relative (GDateTime *when,
                                       GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, when);
  gint64 minutes = span / G_TIME_SPAN_MINUTE;
  gint64 hours = span / G_TIME_SPAN_HOUR;
  gint64 days = span / G_TIME_SPAN_DAY;

  /* A clock a little behind the registry's must not say "in 2 minutes" */
  if (minutes < 1)
    return g_strdup (_("Just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         minutes), (int) minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);
  if (days < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            (int) days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago",
                                       days / 30), (int) (days / 30));
}

static char *
short_digest (const char *digest)
{
  const char *colon = strchr (digest, ':');
  gsize prefix = colon != NULL ? (gsize) (colon - digest) + 1 : 0;

  if (strlen (digest) <= prefix + SHORT_DIGEST_HEX)
    return g_strdup (digest);
  return g_strdup_printf ("%.*s…", (int) (prefix + SHORT_DIGEST_HEX), digest);
}

static void
set_cell (GtkLabel   *label,
          const char *text,
          const char *tooltip,
          const char *style)
{
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_label_set_label (label, text != NULL ? text : "—");
  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "success");
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
fill_scan (GtkLabel                *label,
           GantryAwsEcrImageDetail *image)
{
  GantryAwsEcrScanFindings *scan = image->scan;
  g_autofree char *text = NULL;
  const char *style = NULL;

  switch (scan != NULL ? scan->state : GANTRY_AWS_ECR_SCAN_NONE)
    {
    case GANTRY_AWS_ECR_SCAN_COMPLETE:
      if (!scan->counts.known)
        text = g_strdup (_("Scanned"));
      else
        {
          /* Translators: image scan findings: CRITICAL and HIGH counts */
          text = g_strdup_printf (_("%u critical, %u high"), scan->counts.critical,
                                  scan->counts.high);
          style = scan->counts.critical > 0 ? "error"
                  : scan->counts.high > 0 ? "warning" : "success";
        }
      break;
    case GANTRY_AWS_ECR_SCAN_IN_PROGRESS:
      text = g_strdup (_("Scan in progress"));
      break;
    case GANTRY_AWS_ECR_SCAN_FAILED:
      text = g_strdup (_("Scan failed"));
      style = "warning";
      break;
    case GANTRY_AWS_ECR_SCAN_UNSUPPORTED:
      text = g_strdup (_("Scan not available"));
      break;
    case GANTRY_AWS_ECR_SCAN_OTHER:
      text = g_strdup (scan->status);
      break;
    case GANTRY_AWS_ECR_SCAN_NONE:
    default:
      text = g_strdup (_("Not scanned"));
      break;
    }

  set_cell (label, text, scan != NULL ? scan->description : NULL, style);
}

static void
fill_column (GtkLabel                **labels,
             const char               *tag,
             GantryAwsEcrImageDetail  *image,
             const char               *commit,
             GDateTime                *now)
{
  g_autofree char *digest = NULL;
  g_autofree char *pushed = NULL;
  g_autofree char *pushed_exact = NULL;
  g_autofree char *size = NULL;

  set_cell (labels[FIELD_TAG], tag, NULL, NULL);
  if (image == NULL)
    {
      for (guint i = FIELD_DIGEST; i < N_FIELDS; i++)
        set_cell (labels[i], i == FIELD_DIGEST ? _("No image has this tag") : NULL, NULL, NULL);
      return;
    }

  digest = short_digest (image->digest);
  set_cell (labels[FIELD_DIGEST], digest, image->digest, NULL);
  set_cell (labels[FIELD_COMMIT], commit, NULL, NULL);

  if (image->pushed_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (image->pushed_at);

      pushed = gantry_repository_row_format_relative (image->pushed_at, now);
      pushed_exact = g_date_time_format (local, "%c");
    }
  set_cell (labels[FIELD_PUSHED], pushed, pushed_exact, NULL);

  if (image->size_bytes >= 0)
    size = g_format_size ((guint64) image->size_bytes);
  set_cell (labels[FIELD_SIZE], size, NULL, NULL);

  fill_scan (labels[FIELD_SCAN], image);
}

static void
update_state (GantryRepositoryRow *self)
{
  GantryRepositoryState *state = self->state;
  GantryRepositoryStatus status = gantry_repository_state_get_status (state);
  GtkWidget *status_widget = GTK_WIDGET (self->status_label);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *hint = gantry_repository_state_dup_fix_hint (state);
  const GError *error = gantry_repository_state_get_error (state);
  const char *style;
  GVariant *target;

  gtk_label_set_label (self->name_label, gantry_repository_state_get_name (state));
  gtk_label_set_label (self->status_label, gantry_repository_status_describe (status));

  switch (status)
    {
    case GANTRY_REPOSITORY_STATUS_UP_TO_DATE:
      style = "success";
      break;
    case GANTRY_REPOSITORY_STATUS_CANDIDATE_READY:
      style = "accent";
      break;
    case GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE:
      style = "warning";
      break;
    case GANTRY_REPOSITORY_STATUS_UNKNOWN:
      style = "error";
      break;
    case GANTRY_REPOSITORY_STATUS_NO_CANDIDATE:
    default:
      style = "dim-label";
      break;
    }
  gtk_widget_remove_css_class (status_widget, "success");
  gtk_widget_remove_css_class (status_widget, "accent");
  gtk_widget_remove_css_class (status_widget, "warning");
  gtk_widget_remove_css_class (status_widget, "error");
  gtk_widget_remove_css_class (status_widget, "dim-label");
  gtk_widget_add_css_class (status_widget, style);

  fill_column (self->candidate_labels, gantry_repository_state_get_candidate_tag (state),
               gantry_repository_state_get_candidate (state),
               gantry_repository_state_get_candidate_commit (state), now);
  fill_column (self->latest_labels, gantry_repository_state_get_latest_tag (state),
               gantry_repository_state_get_latest (state),
               gantry_repository_state_get_latest_commit (state), now);
  gtk_widget_set_visible (GTK_WIDGET (self->images_grid),
                          status != GANTRY_REPOSITORY_STATUS_UNKNOWN);

  if (hint == NULL && error != NULL)
    hint = g_strdup (error->message);
  gtk_label_set_label (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);

  /* The buttons name their repository: one page action serves every row */
  target = g_variant_ref_sink (g_variant_new_string (gantry_repository_state_get_name (state)));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->promote_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->cancel_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->stop_watching_button), target);
  g_variant_unref (target);
}

static const char *
step_describe (GantryPromotionStep step)
{
  switch (step)
    {
    case GANTRY_PROMOTION_STEP_READING:
      return _("Reading the images…");
    case GANTRY_PROMOTION_STEP_CHECKING:
      return _("Checking the guard rails…");
    case GANTRY_PROMOTION_STEP_WRITING:
      return _("Moving the tag…");
    case GANTRY_PROMOTION_STEP_VERIFYING:
      return _("Verifying the tag…");
    case GANTRY_PROMOTION_STEP_ROLLING_OUT:
      return _("Rolling out the services…");
    case GANTRY_PROMOTION_STEP_IDLE:
    case GANTRY_PROMOTION_STEP_DONE:
    default:
      return NULL;
    }
}

/* The controls follow what is going on: the promotion's progress in place
 * of the Promote button, Cancel only while cancelling cannot leave a half
 * write, Stop Watching while a rollout is followed. */
static void
update_progress (GantryRepositoryRow *self)
{
  gboolean busy = gantry_repository_row_get_busy (self);
  gboolean cancellable = busy && gantry_promotion_get_cancellable_now (self->promotion);
  const char *step = busy ? step_describe (gantry_promotion_get_step (self->promotion)) : NULL;
  gboolean ready = self->state != NULL &&
                   gantry_repository_state_get_status (self->state) ==
                   GANTRY_REPOSITORY_STATUS_CANDIDATE_READY;

  gtk_label_set_label (self->step_label, step);
  gtk_widget_set_visible (GTK_WIDGET (self->step_label), step != NULL);
  gtk_spinner_set_spinning (self->spinner, busy || self->watching);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy || self->watching);
  gtk_widget_set_visible (self->cancel_button, cancellable);
  gtk_widget_set_visible (self->stop_watching_button, self->watching && !busy);
  gtk_widget_set_visible (self->promote_button, ready && !busy);
}

static void
rollouts_changed_cb (GantryRepositoryRow *self)
{
  GListModel *rollouts;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rollouts_box))) != NULL)
    gtk_box_remove (self->rollouts_box, child);

  rollouts = self->promotion != NULL ? gantry_promotion_get_rollouts (self->promotion) : NULL;
  n = rollouts != NULL ? g_list_model_get_n_items (rollouts) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryRollout) rollout = g_list_model_get_item (rollouts, i);

      gtk_box_append (self->rollouts_box, gantry_rollout_view_new (rollout));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rollouts_box), n > 0);
}

static void
gantry_repository_row_dispose (GObject *object)
{
  GantryRepositoryRow *self = GANTRY_REPOSITORY_ROW (object);

  g_clear_object (&self->state);
  g_clear_object (&self->promotion);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_REPOSITORY_ROW);

  G_OBJECT_CLASS (gantry_repository_row_parent_class)->dispose (object);
}

static void
gantry_repository_row_finalize (GObject *object)
{
  GantryRepositoryRow *self = GANTRY_REPOSITORY_ROW (object);

  g_free (self->message_style);

  G_OBJECT_CLASS (gantry_repository_row_parent_class)->finalize (object);
}

static void
gantry_repository_row_class_init (GantryRepositoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_repository_row_dispose;
  object_class->finalize = gantry_repository_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-repository-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, step_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, stop_watching_button);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, promote_button);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, images_grid);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, message_box);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, message_title_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRepositoryRow, rollouts_box);
}

static GtkLabel *
grid_label (GtkGrid    *grid,
            int         column,
            int         row,
            const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), column > 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Selectable labels would each take a Tab stop: the row keeps keyboard
   * focus for its buttons, the text is still selectable with the mouse. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, column > 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static void
gantry_repository_row_init (GantryRepositoryRow *self)
{
  const char *titles[N_FIELDS] = {
    [FIELD_TAG] = _("Tag"),
    [FIELD_DIGEST] = _("Digest"),
    [FIELD_COMMIT] = _("Commit"),
    [FIELD_PUSHED] = _("Pushed"),
    [FIELD_SIZE] = _("Size"),
    [FIELD_SCAN] = _("Scan"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  grid_label (self->images_grid, 1, 0, _("Candidate"), "heading");
  grid_label (self->images_grid, 2, 0, _("In production"), "heading");
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *style = i == FIELD_DIGEST || i == FIELD_COMMIT ? "digest" : NULL;

      grid_label (self->images_grid, 0, i + 1, titles[i], "dim-label");
      self->candidate_labels[i] = grid_label (self->images_grid, 1, i + 1, NULL, style);
      self->latest_labels[i] = grid_label (self->images_grid, 2, i + 1, NULL, style);
    }
}

/**
 * gantry_repository_row_new:
 * @state: what inspecting the repository found
 *
 * Returns: (transfer floating): a row comparing the candidate with the
 *   image in production, with the Promote button and the progress of a
 *   promotion of that repository
 */
GtkWidget *
gantry_repository_row_new (GantryRepositoryState *state)
{
  GantryRepositoryRow *self;

  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (state), NULL);

  self = g_object_new (GANTRY_TYPE_REPOSITORY_ROW, NULL);
  gantry_repository_row_set_state (self, state);
  return GTK_WIDGET (self);
}

const char *
gantry_repository_row_get_name (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return gantry_repository_state_get_name (self->state);
}

GantryRepositoryState *
gantry_repository_row_get_state (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return self->state;
}

/**
 * gantry_repository_row_set_state:
 * @state: a newer reading of the same repository
 *
 * Shows @state; a promotion in progress and its message stay.
 */
void
gantry_repository_row_set_state (GantryRepositoryRow   *self,
                                 GantryRepositoryState *state)
{
  g_return_if_fail (GANTRY_IS_REPOSITORY_ROW (self));
  g_return_if_fail (GANTRY_IS_REPOSITORY_STATE (state));

  if (!g_set_object (&self->state, state))
    return;
  update_state (self);
  update_progress (self);
}

/**
 * gantry_repository_row_get_promotion:
 *
 * Returns: (nullable) (transfer none): the last promotion of the repository
 */
GantryPromotion *
gantry_repository_row_get_promotion (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return self->promotion;
}

/**
 * gantry_repository_row_set_promotion:
 * @promotion: (nullable): the promotion to follow: its step, whether it can
 *   be cancelled and its service rollouts
 */
void
gantry_repository_row_set_promotion (GantryRepositoryRow *self,
                                     GantryPromotion     *promotion)
{
  g_return_if_fail (GANTRY_IS_REPOSITORY_ROW (self));
  g_return_if_fail (promotion == NULL || GANTRY_IS_PROMOTION (promotion));

  if (self->promotion == promotion)
    return;

  if (self->promotion != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->promotion, self);
      g_signal_handlers_disconnect_by_data (gantry_promotion_get_rollouts (self->promotion), self);
    }
  g_set_object (&self->promotion, promotion);
  if (promotion != NULL)
    {
      g_signal_connect_object (promotion, "notify::step", G_CALLBACK (update_progress), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (promotion, "notify::busy", G_CALLBACK (update_progress), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (promotion, "notify::cancellable-now",
                               G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (gantry_promotion_get_rollouts (promotion), "items-changed",
                               G_CALLBACK (rollouts_changed_cb), self, G_CONNECT_SWAPPED);
    }
  rollouts_changed_cb (self);
  update_progress (self);
}

/**
 * gantry_repository_row_get_busy:
 *
 * Returns: whether a promotion of the repository is running
 */
gboolean
gantry_repository_row_get_busy (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), FALSE);

  return self->promotion != NULL && gantry_promotion_get_busy (self->promotion);
}

gboolean
gantry_repository_row_get_watching (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), FALSE);

  return self->watching;
}

/**
 * gantry_repository_row_set_watching:
 * @watching: whether the page follows the rollouts of the last promotion
 */
void
gantry_repository_row_set_watching (GantryRepositoryRow *self,
                                    gboolean             watching)
{
  g_return_if_fail (GANTRY_IS_REPOSITORY_ROW (self));

  self->watching = !!watching;
  update_progress (self);
}

/**
 * gantry_repository_row_set_message:
 * @title: (nullable): what happened, e.g. "Refused: the candidate moved";
 *   %NULL hides the message
 * @body: (nullable): the details, e.g. both digests
 * @style: (nullable): a style class for the title: "success", "warning", "error"
 */
void
gantry_repository_row_set_message (GantryRepositoryRow *self,
                                   const char          *title,
                                   const char          *body,
                                   const char          *style)
{
  g_return_if_fail (GANTRY_IS_REPOSITORY_ROW (self));

  if (self->message_style != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_title_label), self->message_style);
  g_free (self->message_style);
  self->message_style = g_strdup (style);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_title_label), style);

  gtk_label_set_label (self->message_title_label, title);
  gtk_label_set_label (self->message_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), body != NULL);
  gtk_widget_set_visible (self->message_box, title != NULL);
}

/**
 * gantry_repository_row_get_status_text:
 *
 * Returns: the state as the row shows it, e.g. "Up to date"
 */
const char *
gantry_repository_row_get_status_text (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/**
 * gantry_repository_row_get_message:
 *
 * Returns: (nullable): the title of the message shown, if one is
 */
const char *
gantry_repository_row_get_message (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return gtk_widget_get_visible (self->message_box)
         ? gtk_label_get_label (self->message_title_label) : NULL;
}

/**
 * gantry_repository_row_get_message_body:
 *
 * Returns: (nullable): the details of the message shown, e.g. both digests
 */
const char *
gantry_repository_row_get_message_body (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return gtk_widget_get_visible (self->message_box) &&
         gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_label (self->message_label) : NULL;
}

/**
 * gantry_repository_row_get_step_text:
 *
 * Returns: (nullable): the progress shown, e.g. "Moving the tag…"
 */
const char *
gantry_repository_row_get_step_text (GantryRepositoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->step_label))
         ? gtk_label_get_label (self->step_label) : NULL;
}

/**
 * gantry_repository_row_get_rollout_view:
 *
 * Returns: (nullable) (transfer none): the #GantryRolloutView of @service
 */
GtkWidget *
gantry_repository_row_get_rollout_view (GantryRepositoryRow *self,
                                        const char          *service)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_ROW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rollouts_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GantryRollout *rollout = gantry_rollout_view_get_rollout (GANTRY_ROLLOUT_VIEW (child));

      if (g_strcmp0 (gantry_rollout_get_service (rollout), service) == 0)
        return child;
    }
  return NULL;
}
