/* gantry-rollback-dialog.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Roll back to this…": opens at once with the target, says "checking"
 * while GantryRollback plans, then says exactly what will change and which
 * AWS call does it, or why the rollback is refused. The destructive answer
 * is only enabled once there is a plan to carry out.
 */

#define G_LOG_DOMAIN "gantry-rollback-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-history-row.h"
#include "gantry-rollback-dialog.h"

struct _GantryRollbackDialog
{
  AdwMessageDialog    parent_instance;

  /* owned */
  GantryHistoryEntry *entry;
  GantryRollbackPlan *plan;
};

G_DEFINE_FINAL_TYPE (GantryRollbackDialog, gantry_rollback_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
gantry_rollback_dialog_dispose (GObject *object)
{
  GantryRollbackDialog *self = GANTRY_ROLLBACK_DIALOG (object);

  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ROLLBACK_DIALOG);

  G_OBJECT_CLASS (gantry_rollback_dialog_parent_class)->dispose (object);
}

static void
gantry_rollback_dialog_finalize (GObject *object)
{
  GantryRollbackDialog *self = GANTRY_ROLLBACK_DIALOG (object);

  g_clear_pointer (&self->plan, gantry_rollback_plan_free);

  G_OBJECT_CLASS (gantry_rollback_dialog_parent_class)->finalize (object);
}

static void
gantry_rollback_dialog_class_init (GantryRollbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_rollback_dialog_dispose;
  object_class->finalize = gantry_rollback_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-rollback-dialog.ui");
}

static void
gantry_rollback_dialog_init (GantryRollbackDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gantry_rollback_dialog_new:
 * @parent: the window it belongs to
 * @entry: the history entry to roll back to
 *
 * Returns: (transfer full): a dialog waiting for its plan
 */
GantryRollbackDialog *
gantry_rollback_dialog_new (GtkWindow          *parent,
                            GantryHistoryEntry *entry)
{
  GantryRollbackDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *target = NULL;
  const char *subject;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (entry), NULL);

  self = g_object_new (GANTRY_TYPE_ROLLBACK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->entry = g_object_ref (entry);

  target = gantry_history_row_short_target (gantry_history_entry_get_to (entry));
  subject = g_str_has_prefix (gantry_history_entry_get_to (entry), "sha256:")
            ? gantry_history_entry_get_repository (entry)
            : gantry_history_entry_get_service (entry);
  /* Translators: "Roll Back prod-api to prod-api:1?" */
  heading = g_strdup_printf (_("Roll Back %s to %s?"), subject, target);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  return self;
}

/**
 * gantry_rollback_dialog_get_entry:
 *
 * Returns: (transfer none): the entry the dialog is about
 */
GantryHistoryEntry *
gantry_rollback_dialog_get_entry (GantryRollbackDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLBACK_DIALOG (self), NULL);
  return self->entry;
}

/**
 * gantry_rollback_dialog_get_plan:
 *
 * Returns: (nullable) (transfer none): the plan shown, once there is one
 */
const GantryRollbackPlan *
gantry_rollback_dialog_get_plan (GantryRollbackDialog *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLBACK_DIALOG (self), NULL);
  return self->plan;
}

static char *
describe_commit (const GantryRollbackPlan *plan)
{
  /* Translators: follows a target, e.g. "prod-api:1 (commit 3f9c2a1)" */
  return plan->commit != NULL ? g_strdup_printf (_(" (commit %s)"), plan->commit)
                              : g_strdup ("");
}

static char *
describe_plan (const GantryRollbackPlan *plan)
{
  g_autofree char *commit = describe_commit (plan);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (plan->target == GANTRY_ROLLBACK_TARGET_REVISION)
    {
      from = gantry_history_row_short_target (plan->from_task_definition);
      to = gantry_history_row_short_target (plan->to_task_definition);
      return g_strdup_printf (_("Service %s in cluster %s moves from task definition %s to "
                                "%s%s.\n\nGantry calls ECS UpdateService with task definition "
                                "%s and watches the new deployment until it completes or "
                                "fails. The image tags in ECR do not change. The rollback is "
                                "written to the journal."),
                              plan->service, plan->cluster ? plan->cluster : "default",
                              from ? from : "?", to, commit, to);
    }

  return g_strdup_printf (_("Tag %s of repository %s moves from\n%s\nto\n%s%s.\n\nGantry reads "
                            "that image with ECR BatchGetImage and writes its exact manifest "
                            "with ECR PutImage under %s. No service is updated. The rollback "
                            "is written to the journal."),
                          plan->tag, plan->repository,
                          plan->from_digest ? plan->from_digest : _("no image"),
                          plan->to_digest, commit, plan->tag);
}

/**
 * gantry_rollback_dialog_set_plan:
 * @plan: what GantryRollback planned
 *
 * Shows what @plan changes and enables the Roll Back answer, unless there
 * is nothing to do.
 */
void
gantry_rollback_dialog_set_plan (GantryRollbackDialog     *self,
                                 const GantryRollbackPlan *plan)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *body = NULL;

  g_return_if_fail (GANTRY_IS_ROLLBACK_DIALOG (self));
  g_return_if_fail (plan != NULL);

  g_clear_pointer (&self->plan, gantry_rollback_plan_free);
  self->plan = gantry_rollback_plan_copy (plan);

  if (plan->already_current)
    {
      body = gantry_rollback_plan_describe (plan);
      adw_message_dialog_set_response_label (dialog, GANTRY_ROLLBACK_DIALOG_RESPONSE_CANCEL,
                                             _("_Close"));
    }
  else
    {
      body = describe_plan (plan);
    }
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK,
                                           !plan->already_current);
}

/**
 * gantry_rollback_dialog_set_error:
 * @error: why the rollback cannot be planned, e.g. a refusal
 *
 * Shows @error; the rollback stays disabled and Cancel becomes Close.
 */
void
gantry_rollback_dialog_set_error (GantryRollbackDialog *self,
                                  const GError         *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  g_return_if_fail (GANTRY_IS_ROLLBACK_DIALOG (self));
  g_return_if_fail (error != NULL);

  g_clear_pointer (&self->plan, gantry_rollback_plan_free);
  adw_message_dialog_set_heading (dialog, _("Cannot Roll Back"));
  adw_message_dialog_set_body (dialog, error->message);
  adw_message_dialog_set_response_enabled (dialog, GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK,
                                           FALSE);
  adw_message_dialog_set_response_label (dialog, GANTRY_ROLLBACK_DIALOG_RESPONSE_CANCEL,
                                         _("_Close"));
}
