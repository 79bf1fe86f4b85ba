/* gantry-test-async.h: waiting for an async call in a test
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void gantry_test_store_result (GObject       *object,
                               GAsyncResult  *result,
                               gpointer       user_data);
void gantry_test_await        (GAsyncResult **result);

G_END_DECLS
