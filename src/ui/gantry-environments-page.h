/* gantry-environments-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-session.h"
#include "gantry-environment-editor.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_ENVIRONMENTS_PAGE (gantry_environments_page_get_type ())

G_DECLARE_FINAL_TYPE (GantryEnvironmentsPage, gantry_environments_page, GANTRY, ENVIRONMENTS_PAGE,
                      AdwPreferencesPage)

GtkWidget               *gantry_environments_page_new          (void);
GantrySession           *gantry_environments_page_get_session  (GantryEnvironmentsPage *self);
void                     gantry_environments_page_set_session  (GantryEnvironmentsPage *self,
                                                                GantrySession          *session);
GantryEnvironment       *gantry_environments_page_get_current_environment
                                                               (GantryEnvironmentsPage *self);
void                     gantry_environments_page_set_current_environment
                                                               (GantryEnvironmentsPage *self,
                                                                GantryEnvironment *environment);
void                     gantry_environments_page_reload       (GantryEnvironmentsPage *self);
gboolean                 gantry_environments_page_get_loading  (GantryEnvironmentsPage *self);
const char * const      *gantry_environments_page_get_names    (GantryEnvironmentsPage *self);
GantryEnvironmentEditor *gantry_environments_page_get_editor   (GantryEnvironmentsPage *self);
void                     gantry_environments_page_edit         (GantryEnvironmentsPage *self,
                                                                const char             *name);

G_END_DECLS
