/* gantry-rollback-dialog.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-history-entry.h"
#include "core/gantry-rollback.h"

G_BEGIN_DECLS

#define GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK "rollback"
#define GANTRY_ROLLBACK_DIALOG_RESPONSE_CANCEL   "cancel"

#define GANTRY_TYPE_ROLLBACK_DIALOG (gantry_rollback_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GantryRollbackDialog, gantry_rollback_dialog,
                      GANTRY, ROLLBACK_DIALOG, AdwMessageDialog)

GantryRollbackDialog     *gantry_rollback_dialog_new       (GtkWindow                *parent,
                                                            GantryHistoryEntry       *entry);
GantryHistoryEntry       *gantry_rollback_dialog_get_entry (GantryRollbackDialog     *self);
const GantryRollbackPlan *gantry_rollback_dialog_get_plan  (GantryRollbackDialog     *self);
void                      gantry_rollback_dialog_set_plan  (GantryRollbackDialog     *self,
                                                            const GantryRollbackPlan *plan);
void                      gantry_rollback_dialog_set_error (GantryRollbackDialog     *self,
                                                            const GError             *error);

G_END_DECLS
