/* gantry-moto-server.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-credentials.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_MOTO_SERVER (gantry_moto_server_get_type ())

G_DECLARE_FINAL_TYPE (GantryMotoServer, gantry_moto_server, GANTRY, MOTO_SERVER, GObject)

gboolean          gantry_moto_server_is_available             (void);
void              gantry_moto_server_start_async              (GHashTable           *extra_env,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
void              gantry_moto_server_start_full_async         (const char           *log_dir,
                                                               GHashTable           *extra_env,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GantryMotoServer *gantry_moto_server_start_finish             (GAsyncResult         *result,
                                                               GError              **error);
const char       *gantry_moto_server_get_endpoint             (GantryMotoServer     *self);
guint16           gantry_moto_server_get_port                 (GantryMotoServer     *self);
const char       *gantry_moto_server_get_log_path             (GantryMotoServer     *self);
const char       *gantry_moto_server_get_identifier           (GantryMotoServer     *self);
gboolean          gantry_moto_server_get_running              (GantryMotoServer     *self);
void              gantry_moto_server_setup_client_environment (GantryMotoServer     *self,
                                                               GSubprocessLauncher  *launcher,
                                                               const char           *region,
                                                               GantryAwsCredentials *credentials);
void              gantry_moto_server_stop                     (GantryMotoServer     *self);
void              gantry_moto_server_stop_async               (GantryMotoServer     *self,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean          gantry_moto_server_stop_finish              (GantryMotoServer     *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
