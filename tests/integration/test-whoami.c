/* test-whoami.c: STS and gantryctl against moto with signature checking on
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "aws/gantry-aws-sts.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

static GantryTestMoto *moto;
static char *home_dir;

static GantryAwsCallerIdentity *
whoami_with (const char  *key_id,
             const char  *secret,
             const char  *endpoint,
             GError     **error)
{
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAwsSts) sts = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  creds = gantry_aws_credentials_new (key_id, secret, NULL, NULL, "test");
  provider = gantry_aws_static_provider_new (creds);
  client = gantry_aws_client_new (provider, "us-east-1");
  gantry_aws_client_set_endpoint_url (client, endpoint);
  gantry_aws_client_set_timeout (client, 3);
  sts = gantry_aws_sts_new (client);

  gantry_aws_sts_get_caller_identity_async (sts, NULL, gantry_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_aws_sts_get_caller_identity_finish (sts, result, error);
}

static void
test_whoami_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;

  identity = whoami_with (gantry_test_moto_get_access_key_id (moto),
                          gantry_test_moto_get_secret_access_key (moto),
                          gantry_test_moto_get_endpoint (moto), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (identity->arn, ==, gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (identity->account, ==, "123456789012");
}

static void
test_whoami_wrong_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;

  identity = whoami_with (gantry_test_moto_get_access_key_id (moto),
                          "definitely-not-the-secret",
                          gantry_test_moto_get_endpoint (moto), &error);

  g_assert_null (identity);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
}

static void
test_whoami_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A port nobody listens on: refused at once, retried, still bounded. */
  identity = whoami_with ("AKID", "secret", "http://127.0.0.1:9", &error);

  g_assert_null (identity);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_TIME_SPAN_SECOND);
}

/* gantryctl, run as a user would, with the keys in its environment. */
static int
run_gantryctl (const char * const  *args,
               const char          *key_id,
               const char          *secret,
               const char          *stdin_text,
               char               **out_stdout,
               char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *gantryctl = g_getenv ("GANTRYCTL");

  g_assert_nonnull (gantryctl);
  g_ptr_array_add (argv, (gpointer) gantryctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_ACCESS_KEY_ID");
  g_subprocess_launcher_unsetenv (launcher, "AWS_SECRET_ACCESS_KEY");
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_setenv (launcher, "HOME", home_dir, TRUE);
  if (key_id != NULL)
    g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", key_id, TRUE);
  if (secret != NULL)
    g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", secret, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL,
                                 out_stdout, out_stderr, &error);
  g_assert_no_error (error);

  /* Shown in the test log when an assertion on the status fails. */
  g_test_message ("gantryctl exited %d; stderr: %s", g_subprocess_get_exit_status (process),
                  out_stderr && *out_stderr ? *out_stderr : "");
  return g_subprocess_get_exit_status (process);
}

static void
test_gantryctl_whoami_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *args[] = { "--endpoint-url", gantry_test_moto_get_endpoint (moto),
                         "--region", "us-east-1", "whoami", "--format", "json", NULL };
  int status;

  /* Global options may come after the command too, as the example has it. */
  status = run_gantryctl (args, gantry_test_moto_get_access_key_id (moto),
                          gantry_test_moto_get_secret_access_key (moto), NULL, &out, &err);

  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "Arn"), ==,
                   gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (json_object_get_string_member (object, "Account"), ==, "123456789012");
  g_assert_null (strstr (out, gantry_test_moto_get_secret_access_key (moto)));
  g_assert_null (strstr (err, gantry_test_moto_get_secret_access_key (moto)));
}

static void
test_gantryctl_wrong_secret (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--endpoint-url", gantry_test_moto_get_endpoint (moto),
                         "--region", "us-east-1", "whoami", NULL };
  int status;

  status = run_gantryctl (args, gantry_test_moto_get_access_key_id (moto),
                          "wrong-secret-value", NULL, &out, &err);

  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, "rejected"));
  g_assert_null (strstr (err, "wrong-secret-value"));
}

static void
test_gantryctl_verbose_has_no_secret (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--verbose", "--endpoint-url", gantry_test_moto_get_endpoint (moto),
                         "--region", "us-east-1", "whoami", NULL };
  int status;

  status = run_gantryctl (args, gantry_test_moto_get_access_key_id (moto),
                          gantry_test_moto_get_secret_access_key (moto), NULL, &out, &err);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "GetCallerIdentity"));
  g_assert_null (strstr (err, gantry_test_moto_get_secret_access_key (moto)));
  g_assert_null (strstr (err, "Signature="));
}

static void
test_gantryctl_unreachable (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1",
                         "--timeout", "2", "whoami", NULL };
  int status;

  status = run_gantryctl (args, "AKID", "secret", NULL, &out, &err);

  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, "127.0.0.1"));
}

static void
test_gantryctl_bad_region (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--region", "moon-1", "whoami", NULL };
  int status;

  status = run_gantryctl (args, "AKID", "secret", NULL, &out, &err);

  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "moon-1"));
}

static gboolean
file_contains (GFile      *file,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, NULL))
    return FALSE;
  return g_strstr_len (contents, length, needle) != NULL;
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

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        hits += count_files_containing (path, needle);
      else if (file_contains (child, needle))
        hits++;
    }

  return hits;
}

static void
test_gantryctl_keyring_profile (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stdin_text = NULL;
  const char *secret = gantry_test_moto_get_secret_access_key (moto);
  const char *set_args[] = { "credentials", "set", "--profile", "ci-keyring",
                             "--access-key-id", gantry_test_moto_get_access_key_id (moto),
                             NULL };
  const char *whoami_args[] = { "--profile", "ci-keyring", "--endpoint-url",
                                gantry_test_moto_get_endpoint (moto), "--region", "us-east-1",
                                "whoami", NULL };
  const char *list_args[] = { "credentials", "list", NULL };
  const char *delete_args[] = { "credentials", "delete", "--profile", "ci-keyring", NULL };
  int status;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session bus: run through build-aux/test.sh, which starts a "
                   "private one with a throw-away keyring");
      return;
    }

  stdin_text = g_strdup_printf ("%s\n", secret);
  status = run_gantryctl (set_args, NULL, NULL, stdin_text, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_gantryctl (whoami_args, NULL, NULL, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, gantry_test_moto_get_user_arn (moto)));
  g_assert_null (strstr (out, secret));
  g_assert_null (strstr (err, secret));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_gantryctl (list_args, NULL, NULL, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "ci-keyring"));
  g_assert_null (strstr (out, secret));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The secret is in the keyring only: no file in the config, data or cache
   * directories holds it (the keyring's own encrypted store excepted, which is
   * outside the sandboxed home this test runs in). */
  g_assert_cmpuint (count_files_containing (g_get_user_config_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_data_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_cache_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (home_dir, secret), ==, 0);

  status = run_gantryctl (delete_args, NULL, NULL, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_gantryctl (whoami_args, NULL, NULL, NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "ci-keyring"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/sts/whoami-signed", test_whoami_signed);
  g_test_add_func ("/integration/sts/wrong-secret", test_whoami_wrong_secret);
  g_test_add_func ("/integration/sts/unreachable", test_whoami_unreachable);
  g_test_add_func ("/integration/gantryctl/whoami-json", test_gantryctl_whoami_json);
  g_test_add_func ("/integration/gantryctl/wrong-secret", test_gantryctl_wrong_secret);
  g_test_add_func ("/integration/gantryctl/verbose-has-no-secret",
                   test_gantryctl_verbose_has_no_secret);
  g_test_add_func ("/integration/gantryctl/unreachable", test_gantryctl_unreachable);
  g_test_add_func ("/integration/gantryctl/bad-region", test_gantryctl_bad_region);
  g_test_add_func ("/integration/gantryctl/keyring-profile", test_gantryctl_keyring_profile);

  home_dir = g_dir_make_tmp ("gantry-test-home-XXXXXX", &error);
  g_assert_no_error (error);
  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  g_free (home_dir);
  return status;
}
