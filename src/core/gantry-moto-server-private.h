/* gantry-moto-server-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-moto-server.h"

G_BEGIN_DECLS

void _gantry_moto_server_fail_task (GantryMotoServer *server,
                                    GTask            *task,
                                    GError           *error);

G_END_DECLS
