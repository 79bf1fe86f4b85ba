/* gantry-test-async.c: waiting for an async call in a test
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gantry-test-async.h"

/**
 * gantry_test_store_result:
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * A GAsyncReadyCallback that keeps a reference to the result in @user_data,
 * for gantry_test_await() to see.
 */
void
gantry_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/**
 * gantry_test_await:
 * @result: where gantry_test_store_result() stores the result
 *
 * Runs the default main context until the result is there. Tests never
 * sleep: a call that never completes is caught by meson's timeout.
 */
void
gantry_test_await (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}
