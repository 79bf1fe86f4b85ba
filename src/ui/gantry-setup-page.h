/* gantry-setup-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-audit.h"
#include "core/gantry-environment.h"
#include "core/gantry-session.h"
#include "gantry-check-row.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_SETUP_PAGE (gantry_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (GantrySetupPage, gantry_setup_page, GANTRY, SETUP_PAGE, GtkWidget)

GantrySession     *gantry_setup_page_get_session     (GantrySetupPage      *self);
void               gantry_setup_page_set_session     (GantrySetupPage      *self,
                                                      GantrySession        *session);
GantryEnvironment *gantry_setup_page_get_environment (GantrySetupPage      *self);
void               gantry_setup_page_set_environment (GantrySetupPage      *self,
                                                      GantryEnvironment    *environment);
GantryAudit       *gantry_setup_page_get_audit       (GantrySetupPage      *self);
gboolean           gantry_setup_page_get_running     (GantrySetupPage      *self);
const char        *gantry_setup_page_get_state       (GantrySetupPage      *self);
GantryCheckRow    *gantry_setup_page_find_row        (GantrySetupPage      *self,
                                                      const char           *check_id);
char              *gantry_setup_page_dup_summary     (GantrySetupPage      *self);

void               gantry_setup_page_export_async    (GantrySetupPage      *self,
                                                      const char           *format,
                                                      GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean           gantry_setup_page_export_finish   (GantrySetupPage      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
