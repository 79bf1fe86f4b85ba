/* test-secret-hygiene.c: gantryctl never shows or stores a secret
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gantry-test-moto.h"

/* Runs gantryctl against moto with signature checking on, through every
 * path a secret key or session token travels: environment, --access-key-id
 * with the secret on stdin, the keyring, ~/.aws/credentials, a role_arn
 * profile assumed through STS, and a wrong secret. Each run is --verbose.
 * Its stdout and stderr, and at the end every file under its HOME and XDG
 * directories (but the credentials file the test itself wrote), must hold
 * none of the secrets, including the ones gantryctl got from AssumeRole,
 * which the test learns from moto's state afterwards. */

#define ROLE_SESSION_NAME "hygiene-gantryctl"
#define WRONG_SECRET      "hygiene-wrong-secret-Zq7nX2vR9tY4uW6sA1bC3dE5fG8h"

typedef struct
{
  char *name;   /* what the secret is, for failure messages (never the value) */
  char *value;
} Secret;

static GantryTestMoto *moto;
static char *sandbox;
static char *home;
static char *credentials_path;
static char *role_arn;
static char *seed_session_arn;
static char *session_key_id;
static char *session_secret;
static char *session_token;
static GPtrArray *secrets;   /* element-type Secret */
static GString *transcript;  /* every run's stdout and stderr */
static guint n_runs;

static void
secret_free (Secret *secret)
{
  g_free (secret->name);
  g_free (secret->value);
  g_free (secret);
}

static void
add_secret (const char *name,
            const char *value)
{
  Secret *secret = g_new0 (Secret, 1);

  g_assert_nonnull (value);
  /* Short values would match by chance and prove nothing. */
  g_assert_cmpuint (strlen (value), >=, 16);
  secret->name = g_strdup (name);
  secret->value = g_strdup (value);
  g_ptr_array_add (secrets, secret);
}

/* Counts the secrets in @text, whole or as a 16-character head or tail (a
 * truncated secret in a log is still a leak). Reports each hit by the
 * secret's name only. */
static guint
count_secret_hits (const char *text,
                   gsize       length,
                   const char *where)
{
  guint hits = 0;

  if (text == NULL)
    return 0;

  for (guint i = 0; i < secrets->len; i++)
    {
      Secret *secret = g_ptr_array_index (secrets, i);
      gsize secret_len = strlen (secret->value);
      g_autofree char *head = g_strndup (secret->value, 16);
      const char *tail = secret->value + secret_len - 16;

      if (g_strstr_len (text, length, head) != NULL ||
          g_strstr_len (text, length, tail) != NULL)
        {
          g_test_message ("%s contains (part of) the %s", where, secret->name);
          hits++;
        }
    }

  return hits;
}

/* gantryctl as a user runs it: sandboxed HOME and XDG directories, no AWS
 * variables but those given in @env (NAME, VALUE, …, NULL). */
static int
run_gantryctl (const char * const *args,
               const char * const *env,
               const char         *stdin_text,
               char              **out_stdout,
               char              **out_stderr)
{
  static const char *cleared[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "G_MESSAGES_DEBUG",
  };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *config_home = g_build_filename (home, ".config", NULL);
  g_autofree char *data_home = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *state_home = g_build_filename (home, ".local", "state", NULL);
  g_autofree char *cache_home = g_build_filename (home, ".cache", NULL);
  const char *gantryctl = g_getenv ("GANTRYCTL");
  int status;

  g_assert_nonnull (gantryctl);
  g_ptr_array_add (argv, (gpointer) gantryctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; i < G_N_ELEMENTS (cleared); i++)
    g_subprocess_launcher_unsetenv (launcher, cleared[i]);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text != NULL ? stdin_text : "", NULL,
                                 out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_exit_status (process);

  n_runs++;
  g_string_append_printf (transcript, "--- run %u (%s) exited %d\n", n_runs, args[0], status);
  g_string_append (transcript, *out_stdout);
  g_string_append (transcript, *out_stderr);

  /* The verdict first, then what went wrong, without the output itself: it
   * may be what holds a secret. */
  g_assert_cmpuint (count_secret_hits (*out_stdout, strlen (*out_stdout), "stdout"), ==, 0);
  g_assert_cmpuint (count_secret_hits (*out_stderr, strlen (*out_stderr), "stderr"), ==, 0);
  g_test_message ("gantryctl exited %d", status);

  return status;
}

static void
assert_whoami (const char *stdout_text,
               const char *expected_arn)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* Safe to show: run_gantryctl() found no secret in it. */
  if (!json_parser_load_from_data (parser, stdout_text, -1, &error))
    g_test_message ("gantryctl printed: %s", stdout_text);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "Arn"), ==, expected_arn);
}

#define WHOAMI_ARGS(...) \
  { "--verbose", "--endpoint-url", gantry_test_moto_get_endpoint (moto), \
    "--region", "us-east-1", __VA_ARGS__ "whoami", "--format", "json", NULL }

static void
test_env_long_term_keys (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = WHOAMI_ARGS ();
  const char *env[] = {
    "AWS_ACCESS_KEY_ID", gantry_test_moto_get_access_key_id (moto),
    "AWS_SECRET_ACCESS_KEY", gantry_test_moto_get_secret_access_key (moto),
    NULL,
  };

  g_assert_cmpint (run_gantryctl (args, env, NULL, &out, &err), ==, 0);
  assert_whoami (out, gantry_test_moto_get_user_arn (moto));
  /* --verbose did say something, so its silence about secrets means something. */
  g_assert_nonnull (strstr (err, "GetCallerIdentity"));
}

static void
test_env_session_token (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = WHOAMI_ARGS ();
  const char *env[] = {
    "AWS_ACCESS_KEY_ID", session_key_id,
    "AWS_SECRET_ACCESS_KEY", session_secret,
    "AWS_SESSION_TOKEN", session_token,
    NULL,
  };

  /* moto checks the token of an assumed-role key: this only passes if
   * gantryctl sent it. */
  g_assert_cmpint (run_gantryctl (args, env, NULL, &out, &err), ==, 0);
  assert_whoami (out, seed_session_arn);
}

static void
test_access_key_id_and_stdin (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stdin_text = NULL;
  const char *args[] = WHOAMI_ARGS ("--access-key-id", gantry_test_moto_get_access_key_id (moto),);

  stdin_text = g_strdup_printf ("%s\n", gantry_test_moto_get_secret_access_key (moto));
  g_assert_cmpint (run_gantryctl (args, NULL, stdin_text, &out, &err), ==, 0);
  assert_whoami (out, gantry_test_moto_get_user_arn (moto));
}

static void
test_keyring_profile (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stdin_text = NULL;
  const char *set_args[] = { "--verbose", "credentials", "set", "--profile", "hygiene-keyring",
                             "--access-key-id", gantry_test_moto_get_access_key_id (moto),
                             NULL };
  const char *list_args[] = { "--verbose", "credentials", "list", NULL };
  const char *delete_args[] = { "--verbose", "credentials", "delete", "--profile",
                                "hygiene-keyring", NULL };
  const char *whoami_args[] = WHOAMI_ARGS ("--profile", "hygiene-keyring",);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session bus: run through build-aux/test.sh, which starts a "
                   "private one with a throw-away keyring");
      return;
    }

  stdin_text = g_strdup_printf ("%s\n", gantry_test_moto_get_secret_access_key (moto));
  g_assert_cmpint (run_gantryctl (set_args, NULL, stdin_text, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (whoami_args, NULL, NULL, &out, &err), ==, 0);
  assert_whoami (out, gantry_test_moto_get_user_arn (moto));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (list_args, NULL, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "hygiene-keyring"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (delete_args, NULL, NULL, &out, &err), ==, 0);
}

static void
test_credentials_file_profile (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *file_args[] = WHOAMI_ARGS ("--profile", "hygiene-file",);
  const char *session_args[] = WHOAMI_ARGS ("--profile", "hygiene-session",);

  g_assert_cmpint (run_gantryctl (file_args, NULL, NULL, &out, &err), ==, 0);
  assert_whoami (out, gantry_test_moto_get_user_arn (moto));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (session_args, NULL, NULL, &out, &err), ==, 0);
  assert_whoami (out, seed_session_arn);
}

static void
test_role_profile (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  const char *args[] = WHOAMI_ARGS ("--profile", "hygiene-role",);

  g_assert_cmpint (run_gantryctl (args, NULL, NULL, &out, &err), ==, 0);
  expected = g_strdup_printf ("arn:aws:sts::%s:assumed-role/gantry-hygiene/%s",
                              GANTRY_TEST_MOTO_ACCOUNT_ID, ROLE_SESSION_NAME);
  assert_whoami (out, expected);
}

static void
test_wrong_secret (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stdin_text = g_strdup_printf ("%s\n", WRONG_SECRET);
  const char *args[] = WHOAMI_ARGS ();
  const char *stdin_args[] = WHOAMI_ARGS ("--access-key-id",
                                          gantry_test_moto_get_access_key_id (moto),);
  const char *env[] = {
    "AWS_ACCESS_KEY_ID", gantry_test_moto_get_access_key_id (moto),
    "AWS_SECRET_ACCESS_KEY", WRONG_SECRET,
    NULL,
  };

  /* The error path reports the refusal, not the secret that was refused. */
  g_assert_cmpint (run_gantryctl (args, env, NULL, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "rejected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (stdin_args, NULL, stdin_text, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "rejected"));
}

/* @out is exactly one JSON object whose "Arn" ends with @arn_suffix. */
static void
assert_json_arn (const char *out,
                 const char *arn_suffix)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *arn;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));
  arn = json_object_get_string_member_with_default (object, "Arn", "");
  g_assert_true (g_str_has_suffix (arn, arn_suffix));
}

static void
test_debug_messages (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = WHOAMI_ARGS ("--profile", "hygiene-role",);
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  const char *session_args[] = WHOAMI_ARGS ("--profile", "hygiene-session",);

  /* Every library's debug output on: GLib, GIO, libsoup, libsecret, ours.
   * It goes to stderr (GLib 2.74 would send it to stdout by default), so
   * stdout stays one JSON document a script can parse. */
  g_assert_cmpint (run_gantryctl (args, env, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "AssumeRole"));
  g_assert_nonnull (strstr (err, "-DEBUG"));
  g_assert_null (strstr (out, "-DEBUG"));
  assert_json_arn (out, ":assumed-role/gantry-hygiene/" ROLE_SESSION_NAME);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_gantryctl (session_args, env, NULL, &out, &err), ==, 0);
  assert_json_arn (out, seed_session_arn);
}

static guint
scan_dir (const char *path,
          const char *skip_path,
          guint      *n_files)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;
  GFile *child;
  guint hits = 0;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return 0;
  g_assert_no_error (error);

  while (g_file_enumerator_iterate (enumerator, &info, &child, NULL, &error) && info != NULL)
    {
      g_autofree char *child_path = g_file_get_path (child);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          hits += scan_dir (child_path, skip_path, n_files);
          continue;
        }
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          g_strcmp0 (child_path, skip_path) == 0)
        continue;

      g_file_get_contents (child_path, &contents, &length, &error);
      g_assert_no_error (error);
      (*n_files)++;
      hits += count_secret_hits (contents, length, child_path);
    }
  g_assert_no_error (error);

  return hits;
}

static void
test_no_secret_at_rest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dump = NULL;
  const char *args[] = { "--dump-assumed", NULL };
  JsonArray *sessions;
  guint n_files = 0;
  guint gantryctl_sessions = 0;

  /* Every earlier case ran gantryctl at least once. */
  g_assert_cmpuint (n_runs, >=, 8);

  /* The sessions moto handed out, including those gantryctl assumed itself. */
  gantry_test_moto_run_seed (moto, "seed-hygiene.py", args, &dump, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, dump, -1, &error);
  g_assert_no_error (error);
  sessions = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);
      const char *name = json_object_get_string_member (session, "SessionName");

      if (!g_str_equal (name, ROLE_SESSION_NAME))
        continue;
      gantryctl_sessions++;
      add_secret ("secret key of a role session gantryctl assumed",
                  json_object_get_string_member (session, "SecretAccessKey"));
      add_secret ("session token of a role session gantryctl assumed",
                  json_object_get_string_member (session, "SessionToken"));
    }
  /* test_role_profile and test_debug_messages each assumed the role. */
  g_assert_cmpuint (gantryctl_sessions, >=, 2);

  g_assert_cmpuint (count_secret_hits (transcript->str, transcript->len, "gantryctl's output"),
                    ==, 0);

  /* HOME holds gantryctl's XDG config, data, state and cache directories too. */
  g_assert_cmpuint (scan_dir (home, credentials_path, &n_files), ==, 0);
  /* At least ~/.aws/config was read: the scan looked at something. */
  g_assert_cmpuint (n_files, >=, 1);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

/* The role, a session of it for the environment and file cases, and the
 * shared files; all before any test, as several use them. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *output = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *credentials_text = NULL;
  JsonObject *object;

  gantry_test_moto_run_seed (moto, "seed-hygiene.py", NULL, &output, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, output, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  role_arn = g_strdup (json_object_get_string_member (object, "RoleArn"));
  seed_session_arn = g_strdup (json_object_get_string_member (object, "AssumedRoleArn"));
  session_key_id = g_strdup (json_object_get_string_member (object, "AccessKeyId"));
  session_secret = g_strdup (json_object_get_string_member (object, "SecretAccessKey"));
  session_token = g_strdup (json_object_get_string_member (object, "SessionToken"));

  add_secret ("IAM user's secret key", gantry_test_moto_get_secret_access_key (moto));
  add_secret ("role session's secret key", session_secret);
  add_secret ("role session's token", session_token);
  add_secret ("wrong secret", WRONG_SECRET);

  credentials_text = g_strdup_printf ("[hygiene-file]\n"
                                      "aws_access_key_id = %s\n"
                                      "aws_secret_access_key = %s\n"
                                      "\n"
                                      "[hygiene-session]\n"
                                      "aws_access_key_id = %s\n"
                                      "aws_secret_access_key = %s\n"
                                      "aws_session_token = %s\n",
                                      gantry_test_moto_get_access_key_id (moto),
                                      gantry_test_moto_get_secret_access_key (moto),
                                      session_key_id, session_secret, session_token);
  write_file (credentials_path, credentials_text);

  config_path = g_build_filename (home, ".aws", "config", NULL);
  config_text = g_strdup_printf ("[profile hygiene-role]\n"
                                 "role_arn = %s\n"
                                 "source_profile = hygiene-file\n"
                                 "role_session_name = " ROLE_SESSION_NAME "\n"
                                 "region = us-east-1\n",
                                 role_arn);
  write_file (config_path, config_text);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/secret-hygiene/env-long-term-keys", test_env_long_term_keys);
  g_test_add_func ("/integration/secret-hygiene/env-session-token", test_env_session_token);
  g_test_add_func ("/integration/secret-hygiene/access-key-id-stdin",
                   test_access_key_id_and_stdin);
  g_test_add_func ("/integration/secret-hygiene/keyring-profile", test_keyring_profile);
  g_test_add_func ("/integration/secret-hygiene/credentials-file-profile",
                   test_credentials_file_profile);
  g_test_add_func ("/integration/secret-hygiene/role-profile", test_role_profile);
  g_test_add_func ("/integration/secret-hygiene/wrong-secret", test_wrong_secret);
  g_test_add_func ("/integration/secret-hygiene/debug-messages", test_debug_messages);
  /* Last: it needs every run above. */
  g_test_add_func ("/integration/secret-hygiene/no-secret-at-rest", test_no_secret_at_rest);

  secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) secret_free);
  transcript = g_string_new (NULL);
  sandbox = g_dir_make_tmp ("gantry-test-hygiene-XXXXXX", &error);
  g_assert_no_error (error);
  home = g_build_filename (sandbox, "home", NULL);
  credentials_path = g_build_filename (home, ".aws", "credentials", NULL);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  seed ();

  status = g_test_run ();

  gantry_test_moto_stop (moto);
  g_string_free (transcript, TRUE);
  g_ptr_array_unref (secrets);
  g_free (role_arn);
  g_free (seed_session_arn);
  g_free (session_key_id);
  g_free (session_secret);
  g_free (session_token);
  /* Kept for a look when a case failed, like the moto log. */
  if (status == 0)
    remove_tree (sandbox);
  g_free (credentials_path);
  g_free (home);
  g_free (sandbox);
  return status;
}
