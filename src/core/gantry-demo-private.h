/* gantry-demo-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_gantry_demo_find_seed_in (const char  *env_value,
                                 const char  *pkgdatadir,
                                 GError     **error);

G_END_DECLS
