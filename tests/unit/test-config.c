/* test-config.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "aws/gantry-aws-config.h"
#include "aws/gantry-aws-error.h"

static GantryAwsConfig *
config_from_data (const char *config_text,
                  const char *credentials_text)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_aws_config_load_from_data (config, config_text, credentials_text, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&config);
}

static void
assert_profiles (GantryAwsConfig    *config,
                 const char * const *expected)
{
  g_auto(GStrv) names = gantry_aws_config_dup_profile_names (config);
  g_autofree char *joined = g_strjoinv (",", names);
  g_autofree char *expected_joined = g_strjoinv (",", (GStrv) expected);

  g_assert_cmpstr (joined, ==, expected_joined);
}

static void
test_config_both_files (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  const char *expected[] = { "default", "dev", "only-creds", "prod", NULL };

  config = config_from_data ("[default]\n"
                             "region = eu-west-1\n"
                             "output = json\n"
                             "\n"
                             "[profile dev]\n"
                             "region=eu-central-1\n"
                             "[profile   prod]\n"
                             "role_arn = arn:aws:iam::123456789012:role/Admin\n"
                             "source_profile = dev\n",
                             "[default]\n"
                             "aws_access_key_id = AKIADEFAULT\n"
                             "aws_secret_access_key = secret/default+key\n"
                             "[dev]\n"
                             "AWS_ACCESS_KEY_ID = AKIADEV\n"
                             "aws_secret_access_key = secretdev\n"
                             "[only-creds]\n"
                             "aws_access_key_id = AKIAONLY\n");

  assert_profiles (config, expected);
  g_assert_true (gantry_aws_config_has_profile (config, "prod"));
  g_assert_false (gantry_aws_config_has_profile (config, "profile prod"));
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "region"), ==, "eu-west-1");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "aws_secret_access_key"), ==,
                   "secret/default+key");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "aws_access_key_id"), ==, "AKIADEV");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "REGION"), ==, "eu-central-1");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "prod", "role_arn"), ==,
                   "arn:aws:iam::123456789012:role/Admin");
  g_assert_null (gantry_aws_config_get_value (config, "prod", "region"));
  g_assert_null (gantry_aws_config_get_value (config, "missing", "region"));
}

static void
test_config_credentials_win (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;

  config = config_from_data ("[profile dev]\n"
                             "aws_access_key_id = AKIAFROMCONFIG\n"
                             "aws_secret_access_key = fromconfig\n"
                             "region = us-east-1\n",
                             "[dev]\n"
                             "aws_access_key_id = AKIAFROMCREDS\n"
                             "aws_secret_access_key = fromcreds\n");

  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "aws_access_key_id"), ==,
                   "AKIAFROMCREDS");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "aws_secret_access_key"), ==,
                   "fromcreds");
  /* Settings only in the config file stay. */
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "region"), ==, "us-east-1");
}

static void
test_config_section_kinds (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  const char *expected[] = { "default", "dev", "profile x", NULL };

  /* Config: bare names other than default are not profiles; credentials:
   * names are taken as written. */
  config = config_from_data ("[profile default]\n"
                             "region = ap-south-1\n"
                             "[sso-session corp]\n"
                             "sso_region = us-east-1\n"
                             "[services local]\n"
                             "ecr =\n"
                             "  endpoint_url = http://localhost:5000\n"
                             "[bare]\n"
                             "region = nowhere-1\n"
                             "[profile dev]\n"
                             "sso_session = corp\n"
                             "[profile]\n"
                             "region = nowhere-2\n",
                             "[profile x]\n"
                             "aws_access_key_id = AKIAX\n");

  assert_profiles (config, expected);
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "region"), ==, "ap-south-1");
  g_assert_null (gantry_aws_config_get_value (config, "dev", "sso_region"));
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "sso_session"), ==, "corp");
}

static void
test_config_comments (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  const char *expected[] = { "default", NULL };

  config = config_from_data ("# a comment\n"
                             "; another\n"
                             "[default] # trailing comment on a header\n"
                             "  # indented comment\n"
                             "region = eu-west-3 # inline comment\n"
                             "output = json\t; inline too\n"
                             "cli_pager = less#not-a-comment\n"
                             "tag = a;b\n"
                             "#region = commented-out\n",
                             NULL);

  assert_profiles (config, expected);
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "region"), ==, "eu-west-3");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "output"), ==, "json");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "cli_pager"), ==,
                   "less#not-a-comment");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "tag"), ==, "a;b");
}

static void
test_config_nested_sections (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;

  config = config_from_data ("[default]\n"
                             "s3 =\n"
                             "  max_concurrent_requests = 10\n"
                             "\tmax_queue_size = 1000\n"
                             "region = eu-north-1\n"
                             "[profile dev]\n"
                             "  region = us-west-2\n"
                             "description = first line\n"
                             "  second line\n",
                             NULL);

  g_assert_null (gantry_aws_config_get_value (config, "default", "s3"));
  g_assert_null (gantry_aws_config_get_value (config, "default", "max_concurrent_requests"));
  g_assert_null (gantry_aws_config_get_value (config, "default", "max_queue_size"));
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "region"), ==, "eu-north-1");
  /* An indented key right after a header is a key, not a continuation. */
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "region"), ==, "us-west-2");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "description"), ==, "first line");
}

static void
test_config_malformed (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  const char *expected[] = { "default", "ok", NULL };

  config = config_from_data ("\xEF\xBB\xBF"
                             "orphan = before any section\n"
                             "[default]\r\n"
                             "region = eu-west-1\r\n"
                             "this line has no delimiter\n"
                             "= no key\n"
                             "  \n"
                             "[profile broken\n"
                             "region = should-not-land-in-default\n"
                             "[]\n"
                             "region = nor-here\n"
                             "\x01\x02\xff garbage\n"
                             "[profile ok]\n"
                             "region = ok-1\n"
                             "[profile ok]\n"
                             "output = text\n"
                             "region\n"
                             "[",
                             "[unterminated\n"
                             "aws_access_key_id = AKIALOST\n"
                             "aws_secret_access_key\n");

  assert_profiles (config, expected);
  g_assert_cmpstr (gantry_aws_config_get_value (config, "default", "region"), ==, "eu-west-1");
  /* A repeated section adds to the same profile. */
  g_assert_cmpstr (gantry_aws_config_get_value (config, "ok", "region"), ==, "ok-1");
  g_assert_cmpstr (gantry_aws_config_get_value (config, "ok", "output"), ==, "text");
}

static void
test_config_reload_replaces (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "second", NULL };

  config = config_from_data ("[profile first]\nregion = a\n", NULL);
  g_assert_true (gantry_aws_config_load_from_data (config, NULL, "[second]\nregion = b\n", &error));
  g_assert_no_error (error);

  assert_profiles (config, expected);
  g_assert_false (gantry_aws_config_has_profile (config, "first"));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
load_sync (GantryAwsConfig  *config,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_config_load_async (config, cancellable, load_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return gantry_aws_config_load_finish (config, result, error);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_config_load_default_paths (void)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autofree char *config_path = NULL;
  g_autofree char *credentials_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "default", "dev", NULL };

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");

  config_path = gantry_aws_config_dup_config_path ();
  credentials_path = gantry_aws_config_dup_credentials_path ();
  g_assert_true (g_str_has_prefix (config_path, g_get_home_dir ()));
  g_assert_true (g_str_has_suffix (config_path, "/.aws/config"));
  g_assert_true (g_str_has_suffix (credentials_path, "/.aws/credentials"));

  write_file (config_path, "[default]\nregion = eu-west-1\n");
  write_file (credentials_path, "[dev]\naws_access_key_id = AKIADEV\n");

  g_assert_true (load_sync (config, NULL, &error));
  g_assert_no_error (error);
  assert_profiles (config, expected);
  g_assert_cmpstr (gantry_aws_config_get_value (config, "dev", "aws_access_key_id"), ==, "AKIADEV");
}

static void
test_config_load_env_override (void)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autofree char *default_path = g_build_filename (g_get_home_dir (), ".aws", "config", NULL);
  g_autofree char *other_config = g_build_filename (g_get_home_dir (), "elsewhere", "cfg", NULL);
  g_autofree char *other_creds = g_build_filename (g_get_home_dir (), "elsewhere", "creds", NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "from-override", "from-override-creds", NULL };

  write_file (default_path, "[profile from-default]\nregion = x\n");
  write_file (other_config, "[profile from-override]\nregion = y\n");
  write_file (other_creds, "[from-override-creds]\naws_access_key_id = AKIAO\n");
  g_setenv ("AWS_CONFIG_FILE", other_config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds", TRUE);

  g_assert_true (load_sync (config, NULL, &error));
  g_assert_no_error (error);
  assert_profiles (config, expected);

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
}

static void
test_config_load_missing_files (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_setenv ("AWS_CONFIG_FILE", "/nonexistent/gantry/config", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gantry/credentials", TRUE);

  /* Previous contents are replaced by nothing. */
  config = config_from_data ("[default]\nregion = a\n", NULL);
  g_assert_true (load_sync (config, NULL, &error));
  g_assert_no_error (error);
  names = gantry_aws_config_dup_profile_names (config);
  g_assert_cmpuint (g_strv_length (names), ==, 0);

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
}

static void
test_config_load_unreadable (void)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GError) error = NULL;

  /* A directory where the file should be is an error, not "empty". */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_setenv ("AWS_CONFIG_FILE", g_get_home_dir (), TRUE);
  g_assert_false (load_sync (config, NULL, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_unsetenv ("AWS_CONFIG_FILE");
}

static void
test_config_load_cancelled (void)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (load_sync (config, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_config_region_order (void)
{
  g_autoptr(GantryAwsConfig) config = NULL;
  char *region;

  config = config_from_data ("[default]\nregion = eu-west-1\n"
                             "[profile dev]\nregion = eu-central-1\n"
                             "[profile noregion]\noutput = json\n",
                             NULL);
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
  g_unsetenv ("AWS_PROFILE");

  region = gantry_aws_config_resolve_region (config, "dev");
  g_assert_cmpstr (region, ==, "eu-central-1");
  g_free (region);

  region = gantry_aws_config_resolve_region (config, "noregion");
  g_assert_null (region);

  region = gantry_aws_config_resolve_region (NULL, "dev");
  g_assert_null (region);

  /* A NULL profile means the one named by the environment. */
  region = gantry_aws_config_resolve_region (config, NULL);
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_free (region);
  g_setenv ("AWS_PROFILE", "dev", TRUE);
  region = gantry_aws_config_resolve_region (config, NULL);
  g_assert_cmpstr (region, ==, "eu-central-1");
  g_free (region);
  g_unsetenv ("AWS_PROFILE");

  g_setenv ("AWS_DEFAULT_REGION", "us-east-2", TRUE);
  region = gantry_aws_config_resolve_region (config, "dev");
  g_assert_cmpstr (region, ==, "us-east-2");
  g_free (region);

  g_setenv ("AWS_REGION", "ap-northeast-1", TRUE);
  region = gantry_aws_config_resolve_region (config, "dev");
  g_assert_cmpstr (region, ==, "ap-northeast-1");
  g_free (region);

  /* Empty variables count as unset. */
  g_setenv ("AWS_REGION", "", TRUE);
  region = gantry_aws_config_resolve_region (NULL, "dev");
  g_assert_cmpstr (region, ==, "us-east-2");
  g_free (region);

  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
}

static void
test_config_profile_from_env (void)
{
  g_unsetenv ("AWS_PROFILE");
  g_assert_cmpstr (gantry_aws_profile_name_from_env (), ==, "default");

  g_setenv ("AWS_PROFILE", "", TRUE);
  g_assert_cmpstr (gantry_aws_profile_name_from_env (), ==, "default");

  g_setenv ("AWS_PROFILE", "prod", TRUE);
  g_assert_cmpstr (gantry_aws_profile_name_from_env (), ==, "prod");

  g_unsetenv ("AWS_PROFILE");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/config/both-files", test_config_both_files);
  g_test_add_func ("/aws/config/credentials-win", test_config_credentials_win);
  g_test_add_func ("/aws/config/section-kinds", test_config_section_kinds);
  g_test_add_func ("/aws/config/comments", test_config_comments);
  g_test_add_func ("/aws/config/nested-sections", test_config_nested_sections);
  g_test_add_func ("/aws/config/malformed", test_config_malformed);
  g_test_add_func ("/aws/config/reload-replaces", test_config_reload_replaces);
  g_test_add_func ("/aws/config/load-default-paths", test_config_load_default_paths);
  g_test_add_func ("/aws/config/load-env-override", test_config_load_env_override);
  g_test_add_func ("/aws/config/load-missing-files", test_config_load_missing_files);
  g_test_add_func ("/aws/config/load-unreadable", test_config_load_unreadable);
  g_test_add_func ("/aws/config/load-cancelled", test_config_load_cancelled);
  g_test_add_func ("/aws/config/region-order", test_config_region_order);
  g_test_add_func ("/aws/config/profile-from-env", test_config_profile_from_env);

  return g_test_run ();
}
