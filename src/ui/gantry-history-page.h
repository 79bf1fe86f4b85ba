/* gantry-history-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-history.h"
#include "core/gantry-session.h"
#include "gantry-rollback-dialog.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_HISTORY_PAGE (gantry_history_page_get_type ())

G_DECLARE_FINAL_TYPE (GantryHistoryPage, gantry_history_page, GANTRY, HISTORY_PAGE, GtkWidget)

GantrySession        *gantry_history_page_get_session         (GantryHistoryPage   *self);
void                  gantry_history_page_set_session         (GantryHistoryPage   *self,
                                                               GantrySession       *session);
GantryEnvironment    *gantry_history_page_get_environment     (GantryHistoryPage   *self);
void                  gantry_history_page_set_environment     (GantryHistoryPage   *self,
                                                               GantryEnvironment   *environment);
gboolean              gantry_history_page_get_watch_rollouts  (GantryHistoryPage   *self);
void                  gantry_history_page_set_watch_rollouts  (GantryHistoryPage   *self,
                                                               gboolean             watch);
gboolean              gantry_history_page_get_busy            (GantryHistoryPage   *self);
const char           *gantry_history_page_get_state_name      (GantryHistoryPage   *self);
GantryHistory        *gantry_history_page_get_history         (GantryHistoryPage   *self);
GantryRollbackDialog *gantry_history_page_get_rollback_dialog (GantryHistoryPage   *self);

void                  gantry_history_page_export_async        (GantryHistoryPage   *self,
                                                               const char          *format,
                                                               GFile               *file,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
guint                 gantry_history_page_export_finish       (GantryHistoryPage   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
