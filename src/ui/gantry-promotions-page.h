/* gantry-promotions-page.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-environment.h"
#include "core/gantry-session.h"
#include "gantry-promote-dialog.h"
#include "gantry-repository-row.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_PROMOTIONS_PAGE (gantry_promotions_page_get_type ())

G_DECLARE_FINAL_TYPE (GantryPromotionsPage, gantry_promotions_page, GANTRY, PROMOTIONS_PAGE, GtkWidget)

GantrySession       *gantry_promotions_page_get_session     (GantryPromotionsPage *self);
void                 gantry_promotions_page_set_session     (GantryPromotionsPage *self,
                                                             GantrySession        *session);
GantryEnvironment   *gantry_promotions_page_get_environment (GantryPromotionsPage *self);
void                 gantry_promotions_page_set_environment (GantryPromotionsPage *self,
                                                             GantryEnvironment    *environment);
const char          *gantry_promotions_page_get_view_name   (GantryPromotionsPage *self);
GantryRepositoryRow *gantry_promotions_page_get_row         (GantryPromotionsPage *self,
                                                             const char           *repository);
GantryPromoteDialog *gantry_promotions_page_get_dialog      (GantryPromotionsPage *self);
AdwMessageDialog    *gantry_promotions_page_get_undo_dialog (GantryPromotionsPage *self);

G_END_DECLS
