/* gantry-promote-dialog.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aws/gantry-aws-client.h"
#include "core/gantry-environment.h"
#include "core/gantry-repository-state.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_PROMOTE_DIALOG (gantry_promote_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GantryPromoteDialog, gantry_promote_dialog, GANTRY, PROMOTE_DIALOG, AdwMessageDialog)

GantryPromoteDialog   *gantry_promote_dialog_new                 (GtkWindow             *parent,
                                                                  GantryRepositoryState *state,
                                                                  GantryEnvironment     *environment,
                                                                  GantryAwsClient       *client);
GantryRepositoryState *gantry_promote_dialog_get_state           (GantryPromoteDialog   *self);
const char            *gantry_promote_dialog_get_cluster         (GantryPromoteDialog   *self);
gboolean               gantry_promote_dialog_get_services_loaded (GantryPromoteDialog   *self);
GStrv                  gantry_promote_dialog_dup_offered_services (GantryPromoteDialog  *self);
GStrv                  gantry_promote_dialog_dup_services        (GantryPromoteDialog   *self);
gboolean               gantry_promote_dialog_set_service_active  (GantryPromoteDialog   *self,
                                                                  const char            *service,
                                                                  gboolean               active);
gboolean               gantry_promote_dialog_get_needs_typing    (GantryPromoteDialog   *self);
GtkEditable           *gantry_promote_dialog_get_confirm_entry   (GantryPromoteDialog   *self);

G_END_DECLS
