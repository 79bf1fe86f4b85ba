/* test-app-secrets.c: the app never writes or logs a secret
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gantry-application.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window.h"

#include "core/gantry-session.h"

static GString *log_text;
static GMutex log_lock;
static GantryTestMoto *moto;

/* Every log line, debug included, goes through here as well as to stderr. */
static GLogWriterOutput
recording_writer (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      g_string_append_printf (log_text, "%s\n", (const char *) fields[i].value);
  g_mutex_unlock (&log_lock);

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets the page's asynchronous work run for a while (a bounded spin of the
 * main loop, not a sleep). */
static void
run_for (guint seconds)
{
  gboolean done = FALSE;

  g_timeout_add_seconds (seconds, flag_cb, &done);
  gantry_test_ui_wait_until (flag_set, &done, seconds + 30);
}

static gboolean
session_settled (gpointer data)
{
  GantrySession *session = gantry_window_get_session (data);

  return session != NULL && (gantry_session_get_state (session) == GANTRY_SESSION_STATE_READY ||
                             gantry_session_get_state (session) == GANTRY_SESSION_STATE_FAILED);
}

static guint
count_files_containing (const char *dir,
                        const char *needle)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  guint hits = 0;
  GFileInfo *info;
  GFile *child;

  enumerator = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator == NULL)
    return 0;

  while (g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) && info != NULL)
    {
      g_autofree char *path = g_file_get_path (child);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        hits += count_files_containing (path, needle);
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        {
          g_test_message ("secret found in %s", path);
          hits++;
        }
    }

  return hits;
}

static void
test_app_secrets (void)
{
  g_autoptr(GantryApplication) app = gantry_application_new ();
  const char *secret = gantry_test_moto_get_secret_access_key (moto);
  GantryWindow *window;
  const char *pages[] = { "setup", "promotions", "history" };

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = gantry_window_new (ADW_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  gantry_window_start (window);
  gantry_test_ui_wait_until (session_settled, window, 60);
  g_assert_cmpint (gantry_session_get_state (gantry_window_get_session (window)), ==,
                   GANTRY_SESSION_STATE_READY);

  /* Each page reads the account with the secret in use. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]);
      run_for (4);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (1);

  g_assert_cmpuint (count_files_containing (g_get_home_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_config_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_data_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_cache_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_state_dir (), secret), ==, 0);

  /* Something was logged (the requests), and none of it is the secret. */
  g_mutex_lock (&log_lock);
  g_assert_nonnull (strstr (log_text->str, "GetCallerIdentity"));
  g_assert_null (strstr (log_text->str, secret));
  g_mutex_unlock (&log_lock);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("gantry-test-secrets-XXXXXX", NULL);
  const char *dirs[][2] = {
    { "HOME", "home" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" },
  };
  g_autofree char *aws_config = NULL;
  int status;

  /* A private home: everything Gantry writes lands here to be searched. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, dirs[i][1], NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (dirs[i][0], path, TRUE);
    }
  aws_config = g_build_filename (root, "no-aws-config", NULL);
  g_setenv ("AWS_CONFIG_FILE", aws_config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", aws_config, TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("AWS_PROFILE");

  log_text = g_string_new (NULL);
  g_log_set_writer_func (recording_writer, NULL, NULL);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/app/secrets-never-written-or-logged", test_app_secrets);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error);
  g_assert_no_error (error);

  /* The app takes the keys from the environment, like any AWS tool. */
  g_setenv ("AWS_ACCESS_KEY_ID", gantry_test_moto_get_access_key_id (moto), TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", gantry_test_moto_get_secret_access_key (moto), TRUE);
  g_setenv ("AWS_ENDPOINT_URL", gantry_test_moto_get_endpoint (moto), TRUE);
  g_setenv ("AWS_REGION", GANTRY_TEST_MOTO_REGION, TRUE);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
