/* gantry-rollout-view.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-rollout.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_ROLLOUT_VIEW (gantry_rollout_view_get_type ())

G_DECLARE_FINAL_TYPE (GantryRolloutView, gantry_rollout_view, GANTRY, ROLLOUT_VIEW, GtkWidget)

GtkWidget     *gantry_rollout_view_new            (GantryRollout      *rollout);
GantryRollout *gantry_rollout_view_get_rollout    (GantryRolloutView  *self);
const char    *gantry_rollout_view_get_state_text (GantryRolloutView  *self);
const char    *gantry_rollout_state_describe      (GantryRolloutState  state);

G_END_DECLS
