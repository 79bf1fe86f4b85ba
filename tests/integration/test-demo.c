/* test-demo.c: the demo account, GantryMotoServer and gantryctl --demo
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each test starts its own moto (that is what is under test), so no
 * harness instance is shared here. "No moto left" is checked two ways:
 * the port refuses connections, and this process has no child at all. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "aws/gantry-aws-static-provider.h"
#include "aws/gantry-aws-sts.h"
#include "core/gantry-demo.h"
#include "core/gantry-error.h"
#include "core/gantry-moto-server.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
assert_port_closed (guint16 port)
{
  g_autoptr(GError) error = gantry_test_moto_try_connect (port);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* Children of this process, from /proc: a reaped child is gone from it. If
 * @cmdline_part is given, only those whose command line contains it. */
static guint
count_children (const char *cmdline_part)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stat_path = NULL;
      g_autofree char *stat = NULL;
      g_autofree char *cmdline_path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      const char *after_comm;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]))
        continue;
      stat_path = g_build_filename ("/proc", name, "stat", NULL);
      /* Processes come and go while we read; a vanished one is no child. */
      if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid …"; comm may hold spaces and parentheses. */
      after_comm = strrchr (stat, ')');
      if (after_comm == NULL || sscanf (after_comm, ") %*c %d", &ppid) != 1)
        continue;
      if (ppid != getpid ())
        continue;
      if (cmdline_part != NULL)
        {
          cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
          if (!g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
            continue;
          for (gsize i = 0; i + 1 < length; i++)
            if (cmdline[i] == '\0')
              cmdline[i] = ' ';
          if (strstr (cmdline, cmdline_part) == NULL)
            continue;
        }
      count++;
    }
  return count;
}

static GantryDemo *
start_demo (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GantryDemo *demo;

  gantry_demo_start_async (NULL, gantry_test_store_result, &result);
  wait_for (&result);
  demo = gantry_demo_start_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (GANTRY_IS_DEMO (demo));
  return demo;
}

static void
stop_demo (GantryDemo *demo)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_demo_stop_async (demo, gantry_test_store_result, &result);
  wait_for (&result);
  g_assert_true (gantry_demo_stop_finish (demo, result, &error));
  g_assert_no_error (error);
}

static void
assert_prefix (const char *value,
               const char *prefix)
{
  g_assert_nonnull (value);
  if (!g_str_has_prefix (value, prefix))
    g_error ("“%s” does not start with “%s”", value, prefix);
}

/* ---------------------------------------------------------------------- */
/* GantryMotoServer                                                        */

static void
test_server_not_available (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) demo_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) demo_error = NULL;
  g_autoptr(GantryMotoServer) server = NULL;
  g_autoptr(GantryDemo) demo = NULL;
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *empty = g_build_filename (g_get_user_cache_dir (), "empty-path", NULL);

  /* A PATH with nothing on it: no moto_server, no python3. */
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("PATH", empty, TRUE);

  g_assert_false (gantry_moto_server_is_available ());
  g_assert_false (gantry_demo_is_available ());
  gantry_moto_server_start_async (NULL, NULL, gantry_test_store_result, &result);
  wait_for (&result);
  server = gantry_moto_server_start_finish (result, &error);
  gantry_demo_start_async (NULL, gantry_test_store_result, &demo_result);
  wait_for (&demo_result);
  demo = gantry_demo_start_finish (demo_result, &demo_error);

  g_setenv ("PATH", saved_path, TRUE);

  g_assert_null (server);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE);
  g_assert_nonnull (strstr (error->message, "build-aux/setup.sh"));
  g_assert_nonnull (strstr (error->message, "pip install 'moto[server]'"));
  g_assert_null (demo);
  g_assert_error (demo_error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_server_start_stop (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) stopped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryMotoServer) server = NULL;
  g_autofree char *expected_endpoint = NULL;
  g_autofree char *log_dir = NULL;
  g_autofree char *expected_log_dir = NULL;
  guint notified = 0;
  guint16 port;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  gantry_moto_server_start_async (NULL, NULL, gantry_test_store_result, &result);
  wait_for (&result);
  server = gantry_moto_server_start_finish (result, &error);
  g_assert_no_error (error);

  port = gantry_moto_server_get_port (server);
  expected_endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_assert_cmpstr (gantry_moto_server_get_endpoint (server), ==, expected_endpoint);
  g_assert_true (gantry_moto_server_get_running (server));
  g_assert_nonnull (gantry_moto_server_get_identifier (server));
  g_assert_no_error (gantry_test_moto_try_connect (port));

  /* The log is in the user's cache, never on the terminal. */
  log_dir = g_path_get_dirname (gantry_moto_server_get_log_path (server));
  expected_log_dir = g_build_filename (g_get_user_cache_dir (), "gantry", NULL);
  g_assert_cmpstr (log_dir, ==, expected_log_dir);
  g_assert_true (g_file_test (gantry_moto_server_get_log_path (server), G_FILE_TEST_IS_REGULAR));

  g_signal_connect (server, "notify::running", G_CALLBACK (notify_count_cb), &notified);
  gantry_moto_server_stop_async (server, gantry_test_store_result, &stopped);
  /* Idempotent: a second stop while the first is under way changes nothing. */
  gantry_moto_server_stop (server);
  wait_for (&stopped);
  g_assert_true (gantry_moto_server_stop_finish (server, stopped, &error));
  g_assert_no_error (error);

  g_assert_false (gantry_moto_server_get_running (server));
  g_assert_cmpuint (notified, ==, 1);
  assert_port_closed (port);
  g_assert_cmpuint (count_children (NULL), ==, 0);
  gantry_moto_server_stop (server);
}

/* ---------------------------------------------------------------------- */
/* GantryDemo                                                              */

static void
test_demo_start (void)
{
  g_autoptr(GantryDemo) demo = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAwsSts) sts = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsCredentials *credentials;
  JsonObject *summary;
  JsonObject *repositories;
  guint16 port;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  g_assert_true (gantry_demo_is_available ());
  demo = start_demo ();

  summary = gantry_demo_get_summary (demo);
  g_assert_nonnull (summary);
  assert_prefix (json_object_get_string_member (summary, "VpcId"), "vpc-");
  g_assert_cmpstr (json_object_get_string_member (summary, "ClusterArn"), ==,
                   "arn:aws:ecs:us-east-1:" GANTRY_DEMO_ACCOUNT_ID ":cluster/prod");
  repositories = json_object_get_object_member (summary, "Repositories");
  g_assert_nonnull (repositories);
  g_assert_true (json_object_has_member (repositories, "backend"));
  g_assert_true (json_object_has_member (repositories, "frontend"));

  g_assert_cmpstr (gantry_demo_get_region (demo), ==, "us-east-1");
  assert_prefix (gantry_demo_get_endpoint (demo), "http://127.0.0.1:");
  credentials = gantry_demo_get_credentials (demo);
  g_assert_nonnull (credentials);
  g_assert_cmpuint (strlen (gantry_aws_credentials_get_secret_access_key (credentials)), ==, 40);

  /* Gantry's own client, with the demo's endpoint, region and keys. */
  provider = gantry_aws_static_provider_new (credentials);
  client = gantry_aws_client_new (provider, gantry_demo_get_region (demo));
  gantry_aws_client_set_endpoint_url (client, gantry_demo_get_endpoint (demo));
  sts = gantry_aws_sts_new (client);
  gantry_aws_sts_get_caller_identity_async (sts, NULL, gantry_test_store_result, &result);
  wait_for (&result);
  identity = gantry_aws_sts_get_caller_identity_finish (sts, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account, ==, GANTRY_DEMO_ACCOUNT_ID);

  port = gantry_moto_server_get_port (gantry_demo_get_moto_server (demo));
  stop_demo (demo);
  assert_port_closed (port);
  g_assert_cmpuint (count_children (NULL), ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_demo_cancel_early (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryDemo) demo = NULL;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  /* Cancelled from the main loop right after the start has begun. */
  gantry_demo_start_async (cancellable, gantry_test_store_result, &result);
  g_idle_add (cancel_cb, cancellable);
  wait_for (&result);
  demo = gantry_demo_start_finish (result, &error);

  g_assert_null (demo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_children (NULL), ==, 0);
}

static void
test_demo_cancel_while_seeding (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryDemo) demo = NULL;
  gboolean seeding = FALSE;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  /* Midway: moto is up and the seed script is running. */
  gantry_demo_start_async (cancellable, gantry_test_store_result, &result);
  while (result == NULL && !seeding)
    {
      gboolean tick = FALSE;

      g_timeout_add (20, flag_cb, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
      seeding = count_children ("gantry-demo-seed.py") == 1;
    }
  g_assert_true (seeding);
  g_assert_cmpuint (count_children ("moto_server"), ==, 1);
  g_cancellable_cancel (cancellable);
  wait_for (&result);
  demo = gantry_demo_start_finish (result, &error);

  g_assert_null (demo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_children (NULL), ==, 0);
}

/* ---------------------------------------------------------------------- */
/* gantryctl --demo                                                        */

static int
run_gantryctl (const char * const  *args,
               char               **out_stdout,
               char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *gantryctl = g_getenv ("GANTRYCTL");

  g_assert_nonnull (gantryctl);
  g_ptr_array_add (argv, (gpointer) gantryctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* G_TEST_OPTION_ISOLATE_DIRS gives children /dev/null for XDG_CACHE_HOME;
   * this test's own cache folder is removed after it. */
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  /* Keys in the caller's environment must not matter to --demo. */
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", "AKIANOTTHEDEMO000000", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", "not-the-demo", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, gantry_test_store_result, &result);
  wait_for (&result);
  g_subprocess_communicate_utf8_finish (process, result, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The port from "… demo account on http://127.0.0.1:PORT …". */
static guint16
port_from_note (const char *err)
{
  g_autoptr(GError) error = NULL;
  const char *url = strstr (err, "http://127.0.0.1:");
  g_autofree char *digits = NULL;
  guint64 port = 0;
  gsize n = 0;

  g_assert_nonnull (url);
  url += strlen ("http://127.0.0.1:");
  while (g_ascii_isdigit (url[n]))
    n++;
  digits = g_strndup (url, n);
  g_assert_true (g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT16, &port, &error));
  g_assert_no_error (error);
  return (guint16) port;
}

static void
check_gantryctl_whoami (const char * const *args)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *identity;
  int status;

  status = run_gantryctl (args, &out, &err);
  if (status != 0)
    g_test_message ("gantryctl stderr: %s", err);
  g_assert_cmpint (status, ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  identity = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (identity, "Account"), ==,
                   GANTRY_DEMO_ACCOUNT_ID);
  g_assert_cmpstr (json_object_get_string_member (identity, "Region"), ==, "us-east-1");

  /* One note on stderr, and only that, says that this is not AWS. */
  g_assert_nonnull (strstr (err, "demo account"));
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  /* gantryctl waited for moto: nothing listens on its port any more. */
  assert_port_closed (port_from_note (err));
}

static void
test_gantryctl_demo (void)
{
  const char *command_first[] = { "--demo", "whoami", "--format", "json", NULL };
  const char *options_first[] = { "--demo", "--format", "json", "whoami", NULL };

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  check_gantryctl_whoami (command_first);
  check_gantryctl_whoami (options_first);
}

static void
test_gantryctl_demo_conflict (void)
{
  const char *args[] = { "--demo", "--profile", "prod", "whoami", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Refused before any moto is started. */
  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--demo"));
  g_assert_cmpstr (out, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/moto-server/not-available", test_server_not_available);
  g_test_add_func ("/integration/moto-server/start-stop", test_server_start_stop);
  g_test_add_func ("/integration/demo/start", test_demo_start);
  g_test_add_func ("/integration/demo/cancel-early", test_demo_cancel_early);
  g_test_add_func ("/integration/demo/cancel-while-seeding", test_demo_cancel_while_seeding);
  g_test_add_func ("/integration/demo/gantryctl", test_gantryctl_demo);
  g_test_add_func ("/integration/demo/gantryctl-conflict", test_gantryctl_demo_conflict);

  return g_test_run ();
}
