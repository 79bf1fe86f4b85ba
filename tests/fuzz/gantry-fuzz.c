/* gantry-fuzz.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz"

#include "config.h"

#include <stdlib.h>

#include "gantry-fuzz.h"

/* Hostile input may make the code under test warn (the journal reader warns
 * about every unreadable line) but never trip a g_return_if_fail(): a
 * critical means input reached a precondition, which is a bug, so it aborts
 * and the fuzzer records the input. Everything else is dropped to keep the
 * fuzzer's output readable and its speed up. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

void
gantry_fuzz_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  gantry_fuzz_init ();
  return 0;
}

/* A NUL-terminated copy of at most @max bytes of the input, for APIs that
 * take C strings; embedded NULs simply end the string early. */
char *
gantry_fuzz_strndup (const uint8_t *data,
                     size_t         size,
                     size_t         max)
{
  return g_strndup ((const char *) data, MIN (size, max));
}
