/* gantry-check-row.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-check.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_CHECK_ROW (gantry_check_row_get_type ())

G_DECLARE_FINAL_TYPE (GantryCheckRow, gantry_check_row, GANTRY, CHECK_ROW, AdwExpanderRow)

GtkWidget         *gantry_check_row_new             (GantryCheck       *check);
GantryCheck       *gantry_check_row_get_check       (GantryCheckRow    *self);
const char        *gantry_check_row_get_check_id    (GantryCheckRow    *self);
GantryCheckResult *gantry_check_row_get_result      (GantryCheckRow    *self);
void               gantry_check_row_set_result      (GantryCheckRow    *self,
                                                     GantryCheckResult *result);
gboolean           gantry_check_row_get_running     (GantryCheckRow    *self);
void               gantry_check_row_set_running     (GantryCheckRow    *self,
                                                     gboolean           running);
gboolean           gantry_check_row_get_busy        (GantryCheckRow    *self);
void               gantry_check_row_set_busy        (GantryCheckRow    *self,
                                                     gboolean           busy);
const char        *gantry_check_row_get_status_text (GantryCheckRow    *self);

G_END_DECLS
