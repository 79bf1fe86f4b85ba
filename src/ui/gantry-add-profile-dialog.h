/* gantry-add-profile-dialog.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_ADD_PROFILE_DIALOG (gantry_add_profile_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GantryAddProfileDialog, gantry_add_profile_dialog,
                      GANTRY, ADD_PROFILE_DIALOG, AdwWindow)

GantryAddProfileDialog *gantry_add_profile_dialog_new                (GtkWindow              *parent);
const char             *gantry_add_profile_dialog_get_endpoint_url   (GantryAddProfileDialog *self);
void                    gantry_add_profile_dialog_set_endpoint_url   (GantryAddProfileDialog *self,
                                                                      const char             *endpoint_url);
const char             *gantry_add_profile_dialog_get_tested_arn     (GantryAddProfileDialog *self);
gboolean                gantry_add_profile_dialog_get_busy           (GantryAddProfileDialog *self);

G_END_DECLS
