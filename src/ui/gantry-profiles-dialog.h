/* gantry-profiles-dialog.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_PROFILES_DIALOG (gantry_profiles_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GantryProfilesDialog, gantry_profiles_dialog,
                      GANTRY, PROFILES_DIALOG, AdwPreferencesWindow)

GantryProfilesDialog *gantry_profiles_dialog_new              (GtkWindow            *parent);
void                  gantry_profiles_dialog_reload           (GantryProfilesDialog *self);
gboolean              gantry_profiles_dialog_get_loading      (GantryProfilesDialog *self);
GtkWidget            *gantry_profiles_dialog_find_row         (GantryProfilesDialog *self,
                                                               const char           *name);
void                  gantry_profiles_dialog_set_endpoint_url (GantryProfilesDialog *self,
                                                               const char           *endpoint_url);

G_END_DECLS
