/* gantry-account-button.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-session.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_ACCOUNT_BUTTON (gantry_account_button_get_type ())

G_DECLARE_FINAL_TYPE (GantryAccountButton, gantry_account_button, GANTRY, ACCOUNT_BUTTON, GtkWidget)

GtkWidget     *gantry_account_button_new             (void);
GantrySession *gantry_account_button_get_session     (GantryAccountButton *self);
void           gantry_account_button_set_session     (GantryAccountButton *self,
                                                      GantrySession       *session);
void           gantry_account_button_reload_profiles (GantryAccountButton *self);
GantryEnvironment *gantry_account_button_get_environment     (GantryAccountButton *self);
void               gantry_account_button_set_environment     (GantryAccountButton *self,
                                                              GantryEnvironment   *environment);
void               gantry_account_button_reload_environments (GantryAccountButton *self);
const char    *gantry_account_button_get_title       (GantryAccountButton *self);
const char    *gantry_account_button_get_subtitle    (GantryAccountButton *self);
GMenuModel    *gantry_account_button_get_menu_model  (GantryAccountButton *self);

G_END_DECLS
