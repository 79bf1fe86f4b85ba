/* gantry-test-bytes.h: truncated and mutated copies of a reply for parsers
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*GantryTestBytesFunc) (GBytes   *bytes,
                                     gpointer  user_data);

void gantry_test_bytes_for_each_prefix   (GBytes              *body,
                                          gsize                first,
                                          gsize                end,
                                          GantryTestBytesFunc  func,
                                          gpointer             user_data);
void gantry_test_bytes_for_each_mutation (GBytes              *body,
                                          guint32              seed,
                                          guint                rounds,
                                          GantryTestBytesFunc  func,
                                          gpointer             user_data);

G_END_DECLS
