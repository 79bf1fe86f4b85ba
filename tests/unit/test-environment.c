/* test-environment.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/gantry-environment.h"
#include "core/gantry-error.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

#define WAIT(result) while ((result) == NULL) g_main_context_iteration (NULL, TRUE)

static void
test_environment_defaults (void)
{
  g_autoptr(GantryEnvironment) env = gantry_environment_new ("prod");

  g_assert_cmpstr (gantry_environment_get_backup_region (env), ==, "us-west-2");
  g_assert_cmpstr (gantry_environment_get_candidate_tag (env), ==, "prod-candidate");
  g_assert_cmpstr (gantry_environment_get_latest_tag (env), ==, "prod-latest");
  g_assert_true (gantry_environment_get_production (env));
  g_assert_true (gantry_environment_get_refuse_critical (env));
  g_assert_true (gantry_environment_get_check_task_family (env));
  g_assert_true (gantry_environment_get_typed_confirmation (env));
  g_assert_cmpuint (g_strv_length ((GStrv) gantry_environment_get_repositories (env)), ==, 0);
  g_assert_null (gantry_environment_get_vpc_id (env));
}

static void
test_environment_names (void)
{
  g_assert_true (gantry_environment_name_is_valid ("prod"));
  g_assert_true (gantry_environment_name_is_valid ("prod-eu_1.b"));
  g_assert_false (gantry_environment_name_is_valid (""));
  g_assert_false (gantry_environment_name_is_valid (".hidden"));
  g_assert_false (gantry_environment_name_is_valid ("../etc/passwd"));
  g_assert_false (gantry_environment_name_is_valid ("a/b"));
  g_assert_false (gantry_environment_name_is_valid (NULL));
}

static void
changed_cb (GantryEnvironment *env,
            guint             *count)
{
  (*count)++;
}

static void
test_environment_changed (void)
{
  g_autoptr(GantryEnvironment) env = gantry_environment_new ("prod");
  const char *repos[] = { "backend", "frontend", NULL };
  guint count = 0;

  g_signal_connect (env, "changed", G_CALLBACK (changed_cb), &count);
  gantry_environment_set_vpc_id (env, "vpc-1");
  gantry_environment_set_vpc_id (env, "vpc-1");
  gantry_environment_set_repositories (env, repos);
  gantry_environment_set_repositories (env, repos);
  gantry_environment_set_production (env, TRUE);
  gantry_environment_set_production (env, FALSE);
  g_assert_cmpuint (count, ==, 3);

  /* Empty strings mean "not set". */
  gantry_environment_set_vpc_id (env, "");
  g_assert_null (gantry_environment_get_vpc_id (env));
}

static void
test_environment_roundtrip (void)
{
  g_autoptr(GantryEnvironment) env = gantry_environment_new ("prod");
  g_autoptr(GantryEnvironment) loaded = NULL;
  g_autoptr(GantryEnvironment) listed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) load_result = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *dir = gantry_environment_dup_directory ();
  const char *repos[] = { "backend", "frontend", NULL };
  const char *devs[] = { "111122223333", NULL };

  gantry_environment_set_profile (env, "prod-admin");
  gantry_environment_set_region (env, "eu-west-1");
  gantry_environment_set_vpc_id (env, "vpc-0abc");
  gantry_environment_set_cluster (env, "prod");
  gantry_environment_set_db_cluster (env, "prod-db");
  gantry_environment_set_load_balancer (env, "prod-alb");
  gantry_environment_set_repositories (env, repos);
  gantry_environment_set_dev_accounts (env, devs);
  gantry_environment_set_typed_confirmation (env, FALSE);

  gantry_environment_save_async (env, NULL, store_result, &result);
  WAIT (result);
  g_assert_true (gantry_environment_save_finish (env, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (dir, g_get_user_config_dir ()));

  gantry_environment_load_async ("prod", NULL, store_result, &load_result);
  WAIT (load_result);
  loaded = gantry_environment_load_finish (load_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_environment_get_profile (loaded), ==, "prod-admin");
  g_assert_cmpstr (gantry_environment_get_region (loaded), ==, "eu-west-1");
  g_assert_cmpstr (gantry_environment_get_vpc_id (loaded), ==, "vpc-0abc");
  g_assert_cmpstr (gantry_environment_get_cluster (loaded), ==, "prod");
  g_assert_cmpstr (gantry_environment_get_db_cluster (loaded), ==, "prod-db");
  g_assert_cmpstr (gantry_environment_get_load_balancer (loaded), ==, "prod-alb");
  g_assert_true (g_strv_equal (gantry_environment_get_repositories (loaded), repos));
  g_assert_true (g_strv_equal (gantry_environment_get_dev_accounts (loaded), devs));
  g_assert_false (gantry_environment_get_typed_confirmation (loaded));
  g_assert_true (gantry_environment_get_refuse_critical (loaded));

  gantry_environment_list_async (NULL, store_result, &list_result);
  WAIT (list_result);
  names = gantry_environment_list_finish (list_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "prod");
}

static void
test_environment_hand_edited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryEnvironment) env = NULL;
  const char *text =
    "# edited by hand\n"
    "[Environment]\n"
    "Region = us-east-1 \n"
    "Repositories=backend;;frontend;\n"
    "Cluster=\n";

  env = gantry_environment_new_from_data ("edited", text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_environment_get_region (env), ==, "us-east-1");
  g_assert_null (gantry_environment_get_cluster (env));
  g_assert_cmpuint (g_strv_length ((GStrv) gantry_environment_get_repositories (env)), ==, 2);
  g_assert_cmpstr (gantry_environment_get_backup_region (env), ==, "us-west-2");
}

static void
test_environment_invalid (void)
{
  const struct
  {
    const char *text;
    const char *needle;
  } cases[] = {
    { "[Environment\nRegion=x", "not a valid key file" },
    { "[Environment]\nRegion=mars-1\n", "mars-1" },
    { "[Environment]\nBackupRegion=oregon\n", "oregon" },
    { "[Environment]\nDevAccounts=1234;\n", "1234" },
    { "[Environment]\nProduction=maybe\n", "Production" },
    { "[Guards]\nCheckTaskFamily=2\n", "CheckTaskFamily" },
    { "[Environment]\nCandidateTag=x\nLatestTag=x\n", "differ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryEnvironment) env = gantry_environment_new_from_data ("bad", cases[i].text,
                                                                           &error);

      g_assert_null (env);
      g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_environment_load_missing (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_error = NULL;
  g_autoptr(GantryEnvironment) env = NULL;
  g_autoptr(GantryEnvironment) bad = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_auto(GStrv) names = NULL;

  gantry_environment_load_async ("nowhere", NULL, store_result, &result);
  WAIT (result);
  env = gantry_environment_load_finish (result, &error);
  g_assert_null (env);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere"));

  gantry_environment_load_async ("../x", NULL, store_result, &bad_result);
  WAIT (bad_result);
  bad = gantry_environment_load_finish (bad_result, &bad_error);
  g_assert_null (bad);
  g_assert_error (bad_error, GANTRY_ERROR, GANTRY_ERROR_INVALID);

  gantry_environment_list_async (NULL, store_result, &list_result);
  WAIT (list_result);
  names = gantry_environment_list_finish (list_result, &error);
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

static void
test_environment_waivers (void)
{
  g_autoptr(GantryEnvironment) env = gantry_environment_new ("prod");
  g_autoptr(GantryEnvironment) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  g_assert_null (gantry_environment_get_waiver (env, "sg.default-closed"));
  gantry_environment_set_waiver (env, "sg.default-closed", "legacy bastion, removed in Q3");
  gantry_environment_set_waiver (env, "ecr.scan-on-push", "scanned by the pipeline");
  gantry_environment_set_waiver (env, "ecr.scan-on-push", NULL);
  g_assert_null (gantry_environment_get_waiver (env, "ecr.scan-on-push"));

  data = gantry_environment_to_data (env);
  g_assert_nonnull (strstr (data, "[Waivers]\nsg.default-closed=legacy bastion, removed in Q3\n"));

  loaded = gantry_environment_new_from_data ("prod", data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_environment_get_waiver (loaded, "sg.default-closed"), ==,
                   "legacy bastion, removed in Q3");
  g_assert_null (gantry_environment_get_waiver (loaded, "ecr.scan-on-push"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/environment/defaults", test_environment_defaults);
  g_test_add_func ("/core/environment/names", test_environment_names);
  g_test_add_func ("/core/environment/changed", test_environment_changed);
  g_test_add_func ("/core/environment/roundtrip", test_environment_roundtrip);
  g_test_add_func ("/core/environment/hand-edited", test_environment_hand_edited);
  g_test_add_func ("/core/environment/invalid", test_environment_invalid);
  g_test_add_func ("/core/environment/load-missing", test_environment_load_missing);
  g_test_add_func ("/core/environment/waivers", test_environment_waivers);

  return g_test_run ();
}
