/* gantry-window.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-session.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_WINDOW (gantry_window_get_type ())

G_DECLARE_FINAL_TYPE (GantryWindow, gantry_window, GANTRY, WINDOW, AdwApplicationWindow)

GantryWindow  *gantry_window_new                   (AdwApplication *application);
void           gantry_window_add_toast             (GantryWindow   *self,
                                                    AdwToast       *toast);
const char    *gantry_window_get_visible_page_name (GantryWindow   *self);
GantrySession *gantry_window_get_session           (GantryWindow   *self);
void           gantry_window_set_session           (GantryWindow   *self,
                                                    GantrySession  *session);
void           gantry_window_start                 (GantryWindow   *self);
const char    *gantry_window_get_main_page_name    (GantryWindow   *self);

GantryEnvironment *gantry_window_get_environment     (GantryWindow      *self);
void               gantry_window_set_environment     (GantryWindow      *self,
                                                      GantryEnvironment *environment);
void               gantry_window_environment_saved   (GantryWindow      *self,
                                                      GantryEnvironment *environment);
void               gantry_window_environment_deleted (GantryWindow      *self,
                                                      const char        *name);

G_END_DECLS
