/* test-keyring.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "aws/gantry-aws-credentials-provider.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-keyring-provider.h"
#include "aws/gantry-aws-keyring.h"

/* These run against a real Secret Service: build-aux/test.sh starts a
 * private D-Bus session with an unlocked, throw-away gnome-keyring-daemon. */

/* The directories of the session the keyring daemon runs in: the test's own
 * XDG directories are isolated per test case, the daemon's are not. */
static char *outer_config_dir;
static char *outer_cache_dir;

#define SECRETS_NAME "org.freedesktop.secrets"
#define SECRETS_PATH "/org/freedesktop/secrets"
#define SECRETS_SERVICE "org.freedesktop.Secret.Service"

/* gnome-keyring-daemon unlocked with an empty password (`printf "" |`)
 * creates no login keyring, so there is no default collection to store into,
 * and creating one normally needs a GUI prompt. gnome-keyring's own
 * test interface creates one with a given password instead; this is test
 * setup only, the code under test uses the plain libsecret API. */
static void
ensure_default_collection (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) alias = NULL;
  g_autoptr(GVariant) session = NULL;
  g_autoptr(GVariant) created = NULL;
  g_autoptr(GVariant) set = NULL;
  g_autoptr(GError) error = NULL;
  const char *alias_path;
  const char *session_path;
  const char *collection_path;
  GVariantBuilder properties;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  alias = g_dbus_connection_call_sync (bus, SECRETS_NAME, SECRETS_PATH, SECRETS_SERVICE,
                                       "ReadAlias", g_variant_new ("(s)", "default"),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (alias, "(&o)", &alias_path);
  if (!g_str_equal (alias_path, "/"))
    return;

  session = g_dbus_connection_call_sync (bus, SECRETS_NAME, SECRETS_PATH, SECRETS_SERVICE,
                                         "OpenSession",
                                         g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                                         G_VARIANT_TYPE ("(vo)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                         NULL, &error);
  g_assert_no_error (error);
  g_variant_get (session, "(v&o)", NULL, &session_path);

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", "org.freedesktop.Secret.Collection.Label",
                         g_variant_new_string ("gantry-tests"));
  created = g_dbus_connection_call_sync (
    bus, SECRETS_NAME, SECRETS_PATH,
    "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
    "CreateWithMasterPassword",
    g_variant_new ("(a{sv}(o@ay@ays))", &properties, session_path,
                   g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                   g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                   "text/plain"),
    G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (created, "(&o)", &collection_path);

  set = g_dbus_connection_call_sync (bus, SECRETS_NAME, SECRETS_PATH, SECRETS_SERVICE,
                                     "SetAlias",
                                     g_variant_new ("(so)", "default", collection_path),
                                     NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
skip_without_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("DBUS_SESSION_BUS_ADDRESS is unset: the keyring tests need a Secret Service; "
                   "run them through build-aux/test.sh");
      return TRUE;
    }

  ensure_default_collection ();
  return FALSE;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
store (const char    *profile,
       const char    *access_key_id,
       const char    *secret,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_keyring_store_async (profile, access_key_id, secret, cancellable,
                                  store_result_cb, &result);
  return gantry_aws_keyring_store_finish (wait_for (&result), error);
}

static GantryAwsCredentials *
lookup (const char    *profile,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_keyring_lookup_async (profile, cancellable, store_result_cb, &result);
  return gantry_aws_keyring_lookup_finish (wait_for (&result), error);
}

static gboolean
delete (const char  *profile,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_keyring_delete_async (profile, NULL, store_result_cb, &result);
  return gantry_aws_keyring_delete_finish (wait_for (&result), error);
}

/* "profile=access-key-id" pairs, comma-separated, for one comparison. */
static char *
list (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) profiles = NULL;
  g_auto(GStrv) access_key_ids = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  gantry_aws_keyring_list_profiles_async (NULL, store_result_cb, &result);
  profiles = gantry_aws_keyring_list_profiles_finish (wait_for (&result), &access_key_ids, error);
  if (profiles == NULL)
    return NULL;

  g_assert_cmpuint (g_strv_length (profiles), ==, g_strv_length (access_key_ids));
  for (guint i = 0; profiles[i] != NULL; i++)
    g_string_append_printf (joined, "%s%s=%s", i ? "," : "", profiles[i], access_key_ids[i]);

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static char *
random_secret (void)
{
  return g_strdup_printf ("gantry/test+secret%08x%08x", g_random_int (), g_random_int ());
}

static void
test_keyring_roundtrip (void)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();
  g_autofree char *secret2 = random_secret ();
  g_autofree char *listed = NULL;

  if (skip_without_bus ())
    return;

  g_assert_true (store ("gantry-test-dev", "AKIADEV1", secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store ("gantry-test-prod", "AKIAPROD", secret2, NULL, &error));
  g_assert_no_error (error);

  credentials = lookup ("gantry-test-dev", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIADEV1");
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (credentials), ==, secret);
  g_assert_null (gantry_aws_credentials_get_session_token (credentials));
  g_assert_cmpstr (gantry_aws_credentials_get_source (credentials), ==, "keyring");
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  listed = list (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (listed, ==, "gantry-test-dev=AKIADEV1,gantry-test-prod=AKIAPROD");
  g_clear_pointer (&listed, g_free);

  /* Storing again replaces the profile's item, even with a new key ID. */
  g_assert_true (store ("gantry-test-dev", "AKIADEV2", secret2, NULL, &error));
  g_assert_no_error (error);
  listed = list (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (listed, ==, "gantry-test-dev=AKIADEV2,gantry-test-prod=AKIAPROD");
  g_clear_pointer (&listed, g_free);
  credentials = lookup ("gantry-test-dev", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIADEV2");
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (credentials), ==, secret2);
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  g_assert_true (delete ("gantry-test-dev", &error));
  g_assert_no_error (error);
  credentials = lookup ("gantry-test-dev", NULL, &error);
  g_assert_null (credentials);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_clear_error (&error);

  /* Deleting what is not there says so. */
  g_assert_false (delete ("gantry-test-dev", &error));
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_clear_error (&error);

  g_assert_true (delete ("gantry-test-prod", &error));
  g_assert_no_error (error);
  listed = list (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (listed, ==, "");
}

static void
test_keyring_provider (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsCredentialsProvider) other = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) other_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();

  if (skip_without_bus ())
    return;

  g_assert_true (store ("gantry-test-provider", "AKIAPROVIDER", secret, NULL, &error));
  g_assert_no_error (error);

  provider = gantry_aws_keyring_provider_new ("gantry-test-provider");
  g_assert_cmpstr (gantry_aws_credentials_provider_get_name (provider), ==, "keyring");
  gantry_aws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result);
  credentials = gantry_aws_credentials_provider_get_credentials_finish (provider, wait_for (&result),
                                                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIAPROVIDER");
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (credentials), ==, secret);
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  other = gantry_aws_keyring_provider_new ("gantry-test-absent");
  gantry_aws_credentials_provider_get_credentials_async (other, NULL, store_result_cb, &other_result);
  credentials = gantry_aws_credentials_provider_get_credentials_finish (other,
                                                                       wait_for (&other_result),
                                                                       &error);
  g_assert_null (credentials);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_clear_error (&error);

  g_assert_true (delete ("gantry-test-provider", &error));
  g_assert_no_error (error);
}

static void
test_keyring_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;

  if (skip_without_bus ())
    return;

  g_cancellable_cancel (cancellable);

  g_assert_false (store ("gantry-test-cancelled", "AKIACANCEL", "secret", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  credentials = lookup ("gantry-test-cancelled", cancellable, &error);
  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Nothing was stored. */
  listed = list (&error);
  g_assert_no_error (error);
  g_assert_null (strstr (listed, "gantry-test-cancelled"));
}

/* Fails if any regular file under @dir contains @needle. */
static void
assert_not_in_files (const char *dir,
                     const char *needle)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;

  handle = g_dir_open (dir, 0, NULL);
  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_not_in_files (path, needle);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      if (g_strstr_len (contents, length, needle) != NULL)
        g_error ("The secret was written to %s", path);
    }
}

static void
test_keyring_secret_not_in_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();

  if (skip_without_bus ())
    return;

  g_assert_true (store ("gantry-test-files", "AKIAFILES", secret, NULL, &error));
  g_assert_no_error (error);

  /* Only the keyring's own storage (under the data dir) may hold it. */
  assert_not_in_files (g_get_user_config_dir (), secret);
  assert_not_in_files (g_get_user_cache_dir (), secret);
  assert_not_in_files (g_get_home_dir (), secret);
  assert_not_in_files (outer_config_dir, secret);
  assert_not_in_files (outer_cache_dir, secret);

  g_assert_true (delete ("gantry-test-files", &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  /* Only when the runner gave explicit directories (build-aux/test.sh does):
   * never walk a developer's real ~/.config. */
  outer_config_dir = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  outer_cache_dir = g_strdup (g_getenv ("XDG_CACHE_HOME"));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/keyring/roundtrip", test_keyring_roundtrip);
  g_test_add_func ("/aws/keyring/provider", test_keyring_provider);
  g_test_add_func ("/aws/keyring/cancelled", test_keyring_cancelled);
  g_test_add_func ("/aws/keyring/secret-not-in-files", test_keyring_secret_not_in_files);

  return g_test_run ();
}
