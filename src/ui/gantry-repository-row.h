/* gantry-repository-row.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-promotion.h"
#include "core/gantry-repository-state.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_REPOSITORY_ROW (gantry_repository_row_get_type ())

G_DECLARE_FINAL_TYPE (GantryRepositoryRow, gantry_repository_row, GANTRY, REPOSITORY_ROW, GtkListBoxRow)

GtkWidget             *gantry_repository_row_new             (GantryRepositoryState *state);
const char            *gantry_repository_row_get_name        (GantryRepositoryRow   *self);
GantryRepositoryState *gantry_repository_row_get_state       (GantryRepositoryRow   *self);
void                   gantry_repository_row_set_state       (GantryRepositoryRow   *self,
                                                              GantryRepositoryState *state);
GantryPromotion       *gantry_repository_row_get_promotion   (GantryRepositoryRow   *self);
void                   gantry_repository_row_set_promotion   (GantryRepositoryRow   *self,
                                                              GantryPromotion       *promotion);
gboolean               gantry_repository_row_get_busy        (GantryRepositoryRow   *self);
gboolean               gantry_repository_row_get_watching    (GantryRepositoryRow   *self);
void                   gantry_repository_row_set_watching    (GantryRepositoryRow   *self,
                                                              gboolean               watching);
void                   gantry_repository_row_set_message     (GantryRepositoryRow   *self,
                                                              const char            *title,
                                                              const char            *body,
                                                              const char            *style);
const char            *gantry_repository_row_get_status_text (GantryRepositoryRow   *self);
const char            *gantry_repository_row_get_message     (GantryRepositoryRow   *self);
const char            *gantry_repository_row_get_message_body (GantryRepositoryRow  *self);
const char            *gantry_repository_row_get_step_text   (GantryRepositoryRow   *self);
GtkWidget             *gantry_repository_row_get_rollout_view (GantryRepositoryRow  *self,
                                                               const char           *service);

const char            *gantry_repository_status_describe     (GantryRepositoryStatus status);
char                  *gantry_repository_row_format_relative (GDateTime             *when,
                                                              GDateTime             *now);

G_END_DECLS
