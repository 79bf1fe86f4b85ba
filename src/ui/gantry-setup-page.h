/* gantry-setup-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_SETUP_PAGE (gantry_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (GantrySetupPage, gantry_setup_page, GANTRY, SETUP_PAGE, GtkWidget)

G_END_DECLS
