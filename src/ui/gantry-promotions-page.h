/* gantry-promotions-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_PROMOTIONS_PAGE (gantry_promotions_page_get_type ())

G_DECLARE_FINAL_TYPE (GantryPromotionsPage, gantry_promotions_page, GANTRY, PROMOTIONS_PAGE, GtkWidget)

G_END_DECLS
