/* test-session.c: GantrySession against moto with signature checking on
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-keyring.h"
#include "core/gantry-session.h"
#include "gantry-test-moto.h"

static GantryTestMoto *moto;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* The test runs with ISOLATE_DIRS: point the AWS files into its own home so
 * the developer's ~/.aws never leaks into a test. */
static char *
write_aws_files (const char *config_text,
                 const char *credentials_text)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "aws", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials_path = g_build_filename (dir, "credentials", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (config_path, config_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (credentials_path, credentials_text, -1, &error);
  g_assert_no_error (error);
  g_setenv ("AWS_CONFIG_FILE", config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);

  return g_steal_pointer (&dir);
}

static void
clear_aws_env (void)
{
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_SESSION_TOKEN");
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
  g_unsetenv ("AWS_ENDPOINT_URL");
  /* Nothing at these paths: an empty configuration */
  g_setenv ("AWS_CONFIG_FILE", "/nonexistent/gantry-test/config", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gantry-test/credentials", TRUE);
}

static void
test_connect_static (void)
{
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint state_notifies = 0;
  gboolean ok;

  clear_aws_env ();
  session = gantry_session_new ("moto", "us-east-1", gantry_test_moto_get_endpoint (moto),
                                gantry_test_moto_get_credentials (moto), NULL);
  g_signal_connect (session, "notify::state", G_CALLBACK (count_notify), &state_notifies);

  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_DISCONNECTED);
  g_assert_null (gantry_session_get_client (session));

  gantry_session_connect_async (session, NULL, store_result, &result);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_CONNECTING);
  wait_for (&result);
  ok = gantry_session_connect_finish (session, result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_READY);
  g_assert_cmpuint (state_notifies, ==, 2);
  g_assert_cmpstr (gantry_session_get_account_id (session), ==, GANTRY_TEST_MOTO_ACCOUNT_ID);
  g_assert_cmpstr (gantry_session_get_identity_arn (session), ==,
                   gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (gantry_session_get_profile (session), ==, "moto");
  g_assert_cmpstr (gantry_session_get_region (session), ==, "us-east-1");
  g_assert_null (gantry_session_get_error (session));
  g_assert_nonnull (gantry_session_get_client (session));
  g_assert_false (gantry_session_get_is_demo (session));
}

static void
test_connect_wrong_secret (void)
{
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) property_error = NULL;

  clear_aws_env ();
  creds = gantry_aws_credentials_new (gantry_test_moto_get_access_key_id (moto),
                                      "definitely-not-the-secret", NULL, NULL, "test");
  session = gantry_session_new (NULL, "us-east-1", gantry_test_moto_get_endpoint (moto),
                                creds, NULL);

  gantry_session_connect_async (session, NULL, store_result, &result);
  wait_for (&result);

  g_assert_false (gantry_session_connect_finish (session, result, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_FAILED);
  g_assert_error (gantry_session_get_error (session), GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
  g_object_get (session, "error", &property_error, NULL);
  g_assert_error (property_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
  g_assert_null (gantry_session_get_account_id (session));
  g_assert_null (gantry_session_get_client (session));
  /* No profile named: the default one */
  g_assert_cmpstr (gantry_session_get_profile (session), ==, "default");
}

static void
test_connect_cancelled (void)
{
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  clear_aws_env ();
  session = gantry_session_new ("moto", "us-east-1", gantry_test_moto_get_endpoint (moto),
                                gantry_test_moto_get_credentials (moto), NULL);

  gantry_session_connect_async (session, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  wait_for (&result);

  g_assert_false (gantry_session_connect_finish (session, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_DISCONNECTED);
  g_assert_null (gantry_session_get_error (session));
}

static void
test_connect_profile_from_files (void)
{
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *dir = NULL;

  clear_aws_env ();
  credentials = g_strdup_printf ("[ci]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
                                 gantry_test_moto_get_access_key_id (moto),
                                 gantry_test_moto_get_secret_access_key (moto));
  dir = write_aws_files ("[profile ci]\nregion = eu-west-1\n", credentials);

  /* The region comes from the profile when none is given */
  session = gantry_session_new ("ci", NULL, gantry_test_moto_get_endpoint (moto), NULL, NULL);
  gantry_session_connect_async (session, NULL, store_result, &result);
  wait_for (&result);

  g_assert_true (gantry_session_connect_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_session_get_region (session), ==, "eu-west-1");
  g_assert_cmpstr (gantry_session_get_identity_arn (session), ==,
                   gantry_test_moto_get_user_arn (moto));
}

static void
test_connect_bad_region (void)
{
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  clear_aws_env ();
  session = gantry_session_new ("moto", "moon-1", gantry_test_moto_get_endpoint (moto),
                                gantry_test_moto_get_credentials (moto), NULL);
  gantry_session_connect_async (session, NULL, store_result, &result);
  wait_for (&result);

  g_assert_false (gantry_session_connect_finish (session, result, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "moon-1"));
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_FAILED);
}

static void
test_demo_flag (void)
{
  g_autoptr(GantrySession) session = NULL;
  guint notifies = 0;

  session = gantry_session_new ("demo", "us-east-1", "http://127.0.0.1:9", NULL, NULL);
  g_signal_connect (session, "notify::is-demo", G_CALLBACK (count_notify), &notifies);

  g_assert_false (gantry_session_get_is_demo (session));
  gantry_session_set_demo (session, TRUE);
  gantry_session_set_demo (session, TRUE);
  g_assert_true (gantry_session_get_is_demo (session));
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpstr (gantry_session_get_endpoint_url (session), ==, "http://127.0.0.1:9");
}

static GPtrArray *
list_profiles (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *profiles;

  gantry_session_list_profiles_async (NULL, store_result, &result);
  wait_for (&result);
  profiles = gantry_session_list_profiles_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profiles);

  return profiles;
}

static const GantryProfileInfo *
find_profile (GPtrArray  *profiles,
              const char *name)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      const GantryProfileInfo *info = g_ptr_array_index (profiles, i);

      if (g_str_equal (info->name, name))
        return info;
    }

  return NULL;
}

static void
keyring_op (gboolean    store,
            const char *profile,
            const char *key_id,
            const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (store)
    {
      gantry_aws_keyring_store_async (profile, key_id, secret, NULL, store_result, &result);
      wait_for (&result);
      g_assert_true (gantry_aws_keyring_store_finish (result, &error));
    }
  else
    {
      gantry_aws_keyring_delete_async (profile, NULL, store_result, &result);
      wait_for (&result);
      g_assert_true (gantry_aws_keyring_delete_finish (result, &error));
    }
  g_assert_no_error (error);
}

static void
test_list_profiles_files (void)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *dir = NULL;
  const GantryProfileInfo *info;

  clear_aws_env ();
  dir = write_aws_files ("[default]\nregion = eu-central-1\n"
                         "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
                         "source_profile = default\n",
                         "[default]\naws_access_key_id = AKIDEXAMPLE\n"
                         "aws_secret_access_key = not-listed\n"
                         "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = x\n");

  profiles = list_profiles ();

  info = find_profile (profiles, "default");
  g_assert_nonnull (info);
  g_assert_true (info->sources & GANTRY_PROFILE_SOURCE_AWS_FILES);
  g_assert_cmpstr (info->region, ==, "eu-central-1");
  g_assert_null (info->role_arn);

  info = find_profile (profiles, "admin");
  g_assert_nonnull (info);
  g_assert_cmpstr (info->role_arn, ==, "arn:aws:iam::123456789012:role/Admin");

  g_assert_nonnull (find_profile (profiles, "ci"));

  /* Sorted by name, each once */
  for (guint i = 1; i < profiles->len; i++)
    {
      const GantryProfileInfo *prev = g_ptr_array_index (profiles, i - 1);
      const GantryProfileInfo *cur = g_ptr_array_index (profiles, i);

      g_assert_cmpint (g_strcmp0 (prev->name, cur->name), <, 0);
    }
}

static void
test_list_profiles_merged (void)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *dir = NULL;
  const GantryProfileInfo *info;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session bus: run through build-aux/test.sh, which starts a "
                   "private one with a throw-away keyring");
      return;
    }

  clear_aws_env ();
  dir = write_aws_files ("[profile shared]\nregion = eu-west-1\n",
                         "[files-only]\naws_access_key_id = AKIDFILES\n"
                         "aws_secret_access_key = x\n");
  keyring_op (TRUE, "shared", "AKIDSHARED", "secret-shared");
  keyring_op (TRUE, "keyring-only", "AKIDKEYRING", "secret-keyring");

  profiles = list_profiles ();

  info = find_profile (profiles, "shared");
  g_assert_nonnull (info);
  g_assert_cmpint (info->sources, ==,
                   GANTRY_PROFILE_SOURCE_KEYRING | GANTRY_PROFILE_SOURCE_AWS_FILES);
  g_assert_cmpstr (info->access_key_id, ==, "AKIDSHARED");
  g_assert_cmpstr (info->region, ==, "eu-west-1");

  info = find_profile (profiles, "keyring-only");
  g_assert_nonnull (info);
  g_assert_cmpint (info->sources, ==, GANTRY_PROFILE_SOURCE_KEYRING);

  info = find_profile (profiles, "files-only");
  g_assert_nonnull (info);
  g_assert_cmpint (info->sources, ==, GANTRY_PROFILE_SOURCE_AWS_FILES);
  g_assert_null (info->access_key_id);

  for (guint i = 1; i < profiles->len; i++)
    g_assert_cmpstr (((GantryProfileInfo *) profiles->pdata[i - 1])->name, <,
                     ((GantryProfileInfo *) profiles->pdata[i])->name);

  keyring_op (FALSE, "shared", NULL, NULL);
  keyring_op (FALSE, "keyring-only", NULL, NULL);
}

static void
test_list_profiles_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *profiles;

  clear_aws_env ();
  g_cancellable_cancel (cancellable);
  gantry_session_list_profiles_async (cancellable, store_result, &result);
  wait_for (&result);
  profiles = gantry_session_list_profiles_finish (result, &error);

  g_assert_null (profiles);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/session/connect-static", test_connect_static);
  g_test_add_func ("/integration/session/wrong-secret", test_connect_wrong_secret);
  g_test_add_func ("/integration/session/cancelled", test_connect_cancelled);
  g_test_add_func ("/integration/session/profile-from-files", test_connect_profile_from_files);
  g_test_add_func ("/integration/session/bad-region", test_connect_bad_region);
  g_test_add_func ("/integration/session/demo-flag", test_demo_flag);
  g_test_add_func ("/integration/session/list-profiles-files", test_list_profiles_files);
  g_test_add_func ("/integration/session/list-profiles-merged", test_list_profiles_merged);
  g_test_add_func ("/integration/session/list-profiles-cancelled",
                   test_list_profiles_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
