/* gantry-demo.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-credentials.h"
#include "gantry-moto-server.h"

G_BEGIN_DECLS

/* What moto answers as: its default account, and the seed's region. */
#define GANTRY_DEMO_REGION     "us-east-1"
#define GANTRY_DEMO_ACCOUNT_ID "123456789012"

#define GANTRY_TYPE_DEMO (gantry_demo_get_type ())

G_DECLARE_FINAL_TYPE (GantryDemo, gantry_demo, GANTRY, DEMO, GObject)

gboolean              gantry_demo_is_available       (void);
char                 *gantry_demo_find_seed          (GError              **error);
void                  gantry_demo_start_async        (GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GantryDemo           *gantry_demo_start_finish       (GAsyncResult         *result,
                                                      GError              **error);
const char           *gantry_demo_get_endpoint       (GantryDemo           *self);
const char           *gantry_demo_get_region         (GantryDemo           *self);
GantryAwsCredentials *gantry_demo_get_credentials    (GantryDemo           *self);
JsonObject           *gantry_demo_get_summary        (GantryDemo           *self);
GantryMotoServer     *gantry_demo_get_moto_server    (GantryDemo           *self);
void                  gantry_demo_stop               (GantryDemo           *self);
void                  gantry_demo_stop_async         (GantryDemo           *self,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean              gantry_demo_stop_finish        (GantryDemo           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
