/* gantry-error.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-error"

#include "config.h"

#include "gantry-error.h"

G_DEFINE_QUARK (gantry-error-quark, gantry_error)
