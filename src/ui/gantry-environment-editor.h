/* gantry-environment-editor.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-session.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_ENVIRONMENT_EDITOR (gantry_environment_editor_get_type ())

G_DECLARE_FINAL_TYPE (GantryEnvironmentEditor, gantry_environment_editor,
                      GANTRY, ENVIRONMENT_EDITOR, GtkWidget)

GtkWidget         *gantry_environment_editor_new             (GantryEnvironment       *environment);
GtkWidget         *gantry_environment_editor_new_for_create  (GantryEnvironment       *template,
                                                              const char * const *existing_names);
GantryEnvironment *gantry_environment_editor_get_environment (GantryEnvironmentEditor *self);
gboolean           gantry_environment_editor_get_is_new      (GantryEnvironmentEditor *self);
GantrySession     *gantry_environment_editor_get_session     (GantryEnvironmentEditor *self);
void               gantry_environment_editor_set_session     (GantryEnvironmentEditor *self,
                                                              GantrySession           *session);
gboolean           gantry_environment_editor_get_busy        (GantryEnvironmentEditor *self);

G_END_DECLS
