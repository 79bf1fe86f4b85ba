/* gantry-fuzz-replay.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-replay"

#include "config.h"

#include "gantry-fuzz.h"

/* Without libFuzzer (ordinary gcc builds, the sanitizer leg) each fuzz
 * target still runs over its whole corpus as a unit test, so an input that
 * once crashed the code stays fixed in every build, not only in fuzz runs. */

#ifndef GANTRY_FUZZ_TARGET
# error "GANTRY_FUZZ_TARGET must name the target's corpus directory"
#endif

static void
test_corpus (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus",
                                                     GANTRY_FUZZ_TARGET, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n_inputs = 0;

  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);

      g_test_message ("%s", name);
      g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, length), ==, 0);
      n_inputs++;
    }

  /* An empty or missing corpus would make this test pass vacuously. */
  g_assert_cmpuint (n_inputs, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* g_test_init() makes warnings fatal, but warning about hostile input (the
   * journal's unreadable lines) is correct behaviour; criticals stay fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gantry_fuzz_init ();

  g_test_add_func ("/fuzz/" GANTRY_FUZZ_TARGET "/corpus", test_corpus);

  return g_test_run ();
}
