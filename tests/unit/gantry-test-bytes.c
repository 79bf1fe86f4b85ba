/* gantry-test-bytes.c: truncated and mutated copies of a reply for parsers
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON and XML parsers face the same two hostile inputs: a reply cut
 * off anywhere (a dropped connection) and a reply with random bytes
 * replaced (cheap mutation fuzzing). The loops live here; each test says
 * what its parser must do with every such copy.
 */

#include "config.h"

#include "gantry-test-bytes.h"

/**
 * gantry_test_bytes_for_each_prefix:
 *
 * Calls @func on every prefix of @body from @first bytes up to, but not
 * including, @end bytes: each is a reply cut off before it was complete.
 */
void
gantry_test_bytes_for_each_prefix (GBytes              *body,
                                   gsize                first,
                                   gsize                end,
                                   GantryTestBytesFunc  func,
                                   gpointer             user_data)
{
  g_assert_cmpuint (end, <=, g_bytes_get_size (body));

  for (gsize cut = first; cut < end; cut++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (body, 0, cut);

      func (prefix, user_data);
    }
}

/**
 * gantry_test_bytes_for_each_mutation:
 *
 * Calls @func on @rounds copies of @body, each with one to seven bytes
 * replaced by random ones. The fixed @seed makes a failure reproducible.
 */
void
gantry_test_bytes_for_each_mutation (GBytes              *body,
                                     guint32              seed,
                                     guint                rounds,
                                     GantryTestBytesFunc  func,
                                     gpointer             user_data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize len = 0;
  const guchar *data = g_bytes_get_data (body, &len);

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree guchar *copy = g_memdup2 (data, len);
      g_autoptr(GBytes) mutated = NULL;
      guint flips = g_rand_int_range (rand, 1, 8);

      for (guint i = 0; i < flips; i++)
        copy[g_rand_int_range (rand, 0, len)] = (guchar) g_rand_int_range (rand, 0, 256);

      mutated = g_bytes_new (copy, len);
      func (mutated, user_data);
    }
}
