/* gantry-history-row.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-history-entry.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_HISTORY_ROW (gantry_history_row_get_type ())

G_DECLARE_FINAL_TYPE (GantryHistoryRow, gantry_history_row, GANTRY, HISTORY_ROW, GtkWidget)

GtkWidget          *gantry_history_row_new           (void);
GantryHistoryEntry *gantry_history_row_get_entry     (GantryHistoryRow   *self);
void                gantry_history_row_set_entry     (GantryHistoryRow   *self,
                                                      GantryHistoryEntry *entry,
                                                      guint               position);
const char         *gantry_history_row_get_change    (GantryHistoryRow   *self);
const char         *gantry_history_row_get_when      (GantryHistoryRow   *self);

char               *gantry_history_row_format_relative (GDateTime        *time,
                                                        GDateTime        *now);
char               *gantry_history_row_short_actor     (const char       *arn);
char               *gantry_history_row_short_target    (const char       *target);
const char         *gantry_history_row_kind_label      (GantryHistoryKind kind);

G_END_DECLS
