/* test-demo-seed.c: where the demo account's seed script is looked for
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "core/gantry-demo.h"
#include "core/gantry-demo-private.h"
#include "core/gantry-error.h"

typedef struct
{
  char *env_seed;     /* a seed where GANTRY_DEMO_SEED would point */
  char *pkgdatadir;   /* a pretend installation with demo/gantry-demo-seed.py */
  char *installed;
} Fixture;

static char *
write_file (const char *dir,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, "print('{}')\n", -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test a fresh cache folder and
   * removes it afterwards. */
  g_autofree char *tmp = g_build_filename (g_get_user_cache_dir (), "seed-test", NULL);
  g_autofree char *demo_dir = NULL;

  g_assert_cmpint (g_mkdir_with_parents (tmp, 0700), ==, 0);
  fixture->env_seed = write_file (tmp, "my-seed.py");
  fixture->pkgdatadir = g_build_filename (tmp, "share", "gantry", NULL);
  demo_dir = g_build_filename (fixture->pkgdatadir, "demo", NULL);
  g_assert_cmpint (g_mkdir_with_parents (demo_dir, 0700), ==, 0);
  fixture->installed = write_file (demo_dir, "gantry-demo-seed.py");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->env_seed);
  g_free (fixture->pkgdatadir);
  g_free (fixture->installed);
}

static void
test_env_first (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* Both exist: the variable wins, as it does for the uninstalled tree. */
  path = _gantry_demo_find_seed_in (fixture->env_seed, fixture->pkgdatadir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, fixture->env_seed);
}

static void
test_installed_fallback (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *empty = NULL;

  unset = _gantry_demo_find_seed_in (NULL, fixture->pkgdatadir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unset, ==, fixture->installed);

  /* `GANTRY_DEMO_SEED= gantry` means unset, not "the current folder". */
  empty = _gantry_demo_find_seed_in ("", fixture->pkgdatadir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, fixture->installed);
}

static void
test_env_missing (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_strconcat (fixture->env_seed, ".gone", NULL);
  g_autofree char *path = NULL;

  /* A wrong explicit choice is reported, not replaced by the installed copy. */
  path = _gantry_demo_find_seed_in (missing, fixture->pkgdatadir, &error);
  g_assert_null (path);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "GANTRY_DEMO_SEED"));
}

static void
test_nothing_found (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nowhere = g_build_filename (fixture->pkgdatadir, "nowhere", NULL);
  g_autofree char *path = NULL;

  path = _gantry_demo_find_seed_in (NULL, nowhere, &error);
  g_assert_null (path);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE);
  /* The message says how to fix it. */
  g_assert_nonnull (strstr (error->message, "GANTRY_DEMO_SEED"));
  g_assert_nonnull (strstr (error->message, "reinstall"));
}

static void
test_public_reads_env (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("GANTRY_DEMO_SEED"));

  g_setenv ("GANTRY_DEMO_SEED", fixture->env_seed, TRUE);
  path = gantry_demo_find_seed (&error);
  if (saved != NULL)
    g_setenv ("GANTRY_DEMO_SEED", saved, TRUE);
  else
    g_unsetenv ("GANTRY_DEMO_SEED");

  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, fixture->env_seed);
}

static void
test_error_domain (void)
{
  g_autoptr(GError) error = g_error_new_literal (GANTRY_ERROR, GANTRY_ERROR_REFUSED, "no");

  g_assert_cmpstr (g_quark_to_string (GANTRY_ERROR), ==, "gantry-error-quark");
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_false (g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_FAILED));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/demo/seed/env-first", Fixture, NULL,
              fixture_set_up, test_env_first, fixture_tear_down);
  g_test_add ("/core/demo/seed/installed-fallback", Fixture, NULL,
              fixture_set_up, test_installed_fallback, fixture_tear_down);
  g_test_add ("/core/demo/seed/env-missing", Fixture, NULL,
              fixture_set_up, test_env_missing, fixture_tear_down);
  g_test_add ("/core/demo/seed/nothing-found", Fixture, NULL,
              fixture_set_up, test_nothing_found, fixture_tear_down);
  g_test_add ("/core/demo/seed/public-reads-env", Fixture, NULL,
              fixture_set_up, test_public_reads_env, fixture_tear_down);
  g_test_add_func ("/core/error/domain", test_error_domain);

  return g_test_run ();
}
