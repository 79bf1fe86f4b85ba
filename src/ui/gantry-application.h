/* gantry-application.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "core/gantry-demo.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_APPLICATION (gantry_application_get_type ())

G_DECLARE_FINAL_TYPE (GantryApplication, gantry_application, GANTRY, APPLICATION, AdwApplication)

GantryApplication *gantry_application_new               (void);
gboolean           gantry_application_get_demo_mode     (GantryApplication    *self);
void               gantry_application_start_demo_async  (GantryApplication    *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GantryDemo        *gantry_application_start_demo_finish (GantryApplication    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GantryDemo        *gantry_application_get_demo          (GantryApplication    *self);

G_END_DECLS
