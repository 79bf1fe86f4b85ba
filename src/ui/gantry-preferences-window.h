/* gantry-preferences-window.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gantry-environments-page.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_PREFERENCES_WINDOW (gantry_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GantryPreferencesWindow, gantry_preferences_window, GANTRY, PREFERENCES_WINDOW, AdwPreferencesWindow)

GantryPreferencesWindow *gantry_preferences_window_new                   (void);
GantryEnvironmentsPage  *gantry_preferences_window_get_environments_page (GantryPreferencesWindow *self);

G_END_DECLS
