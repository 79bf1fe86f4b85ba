/* gantry-history-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-history.h"

G_BEGIN_DECLS

GantryHistoryEntry *_gantry_history_entry_new          (const GantryHistoryRecord *record,
                                                        gboolean                   is_last_healthy);
guint               _gantry_history_entry_get_n_live   (void);
char               *_gantry_history_short_task_definition (const char             *arn);

G_END_DECLS
