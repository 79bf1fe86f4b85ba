/* gantry-history-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_HISTORY_PAGE (gantry_history_page_get_type ())

G_DECLARE_FINAL_TYPE (GantryHistoryPage, gantry_history_page, GANTRY, HISTORY_PAGE, GtkWidget)

G_END_DECLS
