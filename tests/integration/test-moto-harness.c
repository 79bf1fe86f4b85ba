/* test-moto-harness.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The moto harness's own tests: that it really starts and stops moto_server,
 * that signature verification is really on when asked for, that reset
 * really empties the account, and that the seed scripts produce what the
 * integration and UI tests rely on. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <unistd.h>

#include "gantry-test-moto.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static gboolean
flag_source_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* moto needs a moment to exit after its signal: poll, with a GSource pause
 * between attempts, until the port refuses connections or time runs out. */
static GError *
wait_until_closed (guint16 port,
                   guint   timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  for (;;)
    {
      GError *error = gantry_test_moto_try_connect (port);
      gboolean paused = FALSE;

      if (error != NULL || g_get_monotonic_time () > deadline)
        return error;
      g_timeout_add (100, flag_source_cb, &paused);
      while (!paused)
        g_main_context_iteration (NULL, TRUE);
    }
}

static char *
crash_port_file (pid_t test_pid)
{
  g_autofree char *name = g_strdup_printf ("gantry-moto-crash-%d.port", (int) test_pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
run_seed_json (GantryTestMoto    *moto,
               const char        *script,
               const char *const *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  gantry_test_moto_run_seed (moto, script, args, &output, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  return parse_object (output);
}

static JsonObject *
whoami (GantryTestMoto *moto,
        gboolean        corrupt_secret)
{
  const char *args[] = { "--corrupt-secret", NULL };

  return run_seed_json (moto, "whoami.py", corrupt_secret ? args : NULL);
}

static void
assert_string_list (JsonArray  *array,
                    guint       length,
                    const char *first,
                    const char *last)
{
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, length);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, first);
  g_assert_cmpstr (json_array_get_string_element (array, length - 1), ==, last);
}

static void
assert_prefix (const char *value,
               const char *prefix)
{
  g_assert_nonnull (value);
  if (!g_str_has_prefix (value, prefix))
    g_error ("“%s” does not start with “%s”", value, prefix);
}

static const char *
demo_seed_path (void)
{
  const char *path = g_getenv ("GANTRY_DEMO_SEED");

  /* meson sets it; running the binary by hand needs it too. */
  g_assert_nonnull (path);
  return path;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

static void
test_start_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) identity = NULL;
  g_autoptr(GError) connect_error = NULL;
  g_autofree char *expected_endpoint = NULL;
  GantryTestMoto *moto;
  guint16 port;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moto);

  port = gantry_test_moto_get_port (moto);
  g_assert_cmpuint (port, >, 0);
  expected_endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_assert_cmpstr (gantry_test_moto_get_endpoint (moto), ==, expected_endpoint);
  g_assert_false (gantry_test_moto_get_verify_signatures (moto));
  g_assert_cmpstr (gantry_test_moto_get_access_key_id (moto), ==, "testing");
  g_assert_cmpstr (gantry_test_moto_get_secret_access_key (moto), ==, "testing");
  g_assert_true (g_file_test (gantry_test_moto_get_log_path (moto), G_FILE_TEST_IS_REGULAR));
  g_assert_no_error (gantry_test_moto_try_connect (port));

  /* Unverified: moto takes any signature, even a wrong one. */
  identity = whoami (moto, TRUE);
  g_assert_cmpstr (json_object_get_string_member (identity, "Arn"), ==,
                   gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (json_object_get_string_member (identity, "Account"), ==,
                   GANTRY_TEST_MOTO_ACCOUNT_ID);

  gantry_test_moto_stop (moto);
  connect_error = gantry_test_moto_try_connect (port);
  g_assert_error (connect_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_verify_signatures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestMoto) moto = NULL;
  g_autoptr(JsonObject) identity = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) after_reset = NULL;
  g_autoptr(JsonObject) paging = NULL;
  g_autofree char *first_key = NULL;
  const char *count_args[] = { "--count", "2", NULL };

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_test_moto_get_verify_signatures (moto));
  assert_prefix (gantry_test_moto_get_access_key_id (moto), "AKIA");
  g_assert_cmpuint (strlen (gantry_test_moto_get_secret_access_key (moto)), ==, 40);
  g_assert_cmpstr (gantry_test_moto_get_user_arn (moto), ==,
                   "arn:aws:iam::" GANTRY_TEST_MOTO_ACCOUNT_ID ":user/"
                   GANTRY_TEST_MOTO_USER_NAME);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (gantry_test_moto_get_credentials (moto)),
                   ==, gantry_test_moto_get_access_key_id (moto));

  identity = whoami (moto, FALSE);
  g_assert_cmpstr (json_object_get_string_member (identity, "Arn"), ==,
                   gantry_test_moto_get_user_arn (moto));
  refused = whoami (moto, TRUE);
  g_assert_cmpstr (json_object_get_string_member_with_default (refused, "Error", NULL), ==,
                   "SignatureDoesNotMatch");

  /* The seeds sign with the harness's key, so they work while verifying. */
  paging = run_seed_json (moto, "seed-paging.py", count_args);
  g_assert_cmpint (json_object_get_int_member (paging, "Count"), ==, 2);

  /* A reset deletes the IAM user; the harness must create a new one. */
  first_key = g_strdup (gantry_test_moto_get_access_key_id (moto));
  gantry_test_moto_reset (moto, &error);
  g_assert_no_error (error);
  assert_prefix (gantry_test_moto_get_access_key_id (moto), "AKIA");
  g_assert_cmpstr (gantry_test_moto_get_access_key_id (moto), !=, first_key);
  after_reset = whoami (moto, FALSE);
  g_assert_cmpstr (json_object_get_string_member (after_reset, "Arn"), ==,
                   gantry_test_moto_get_user_arn (moto));
  g_clear_pointer (&refused, json_object_unref);
  refused = whoami (moto, TRUE);
  g_assert_cmpstr (json_object_get_string_member_with_default (refused, "Error", NULL), ==,
                   "SignatureDoesNotMatch");
}

static void
test_demo_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestMoto) moto = NULL;
  g_autoptr(JsonObject) demo = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) after_reset = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  JsonObject *groups;
  JsonObject *repositories;
  JsonObject *families;
  JsonObject *services;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);

  g_timer_start (timer);
  demo = run_seed_json (moto, demo_seed_path (), NULL);
  /* gantry --demo waits for this at start-up (about 5 s on an idle machine).
   * Reported, not asserted: timing belongs to benchmarks, and the suite runs
   * other moto-backed programs on the same 2 cores. */
  g_test_message ("demo seed took %.1f s", g_timer_elapsed (timer, NULL));

  assert_prefix (json_object_get_string_member (demo, "VpcId"), "vpc-");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo, "PublicSubnetIds")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo, "PrivateSubnetIds")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo, "NatGatewayIds")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo, "Faults")), ==, 3);

  groups = json_object_get_object_member (demo, "SecurityGroups");
  assert_prefix (json_object_get_string_member (groups, "prod-lb-sg"), "sg-");
  assert_prefix (json_object_get_string_member (groups, "prod-ecs-sg"), "sg-");
  assert_prefix (json_object_get_string_member (groups, "prod-db-sg"), "sg-");

  g_assert_cmpstr (json_object_get_string_member (demo, "DBSubnetGroup"), ==, "prod-db-subnets");
  g_assert_cmpstr (json_object_get_string_member (demo, "DBClusterArn"), ==,
                   "arn:aws:rds:us-east-1:123456789012:cluster:prod-db");
  assert_string_list (json_object_get_array_member (demo, "DBInstances"), 2,
                      "prod-db-1", "prod-db-2");
  assert_prefix (json_object_get_string_member (demo, "CertificateArn"), "arn:aws:acm:");
  g_assert_true (strstr (json_object_get_string_member (demo, "LoadBalancerArn"),
                         "loadbalancer/app/prod-alb/") != NULL);

  repositories = json_object_get_object_member (demo, "Repositories");
  for (guint r = 0; r < 2; r++)
    {
      const char *name = r == 0 ? "backend" : "frontend";
      JsonObject *repository = json_object_get_object_member (repositories, name);
      JsonArray *images;
      JsonArray *promoted_tags;
      JsonArray *candidate_tags;

      g_assert_nonnull (repository);
      images = json_object_get_array_member (repository, "Images");
      g_assert_cmpuint (json_array_get_length (images), ==, 4);
      for (guint i = 0; i < 4; i++)
        assert_prefix (json_object_get_string_member (json_array_get_object_element (images, i),
                                                      "Digest"),
                       "sha256:");
      /* As ECR reports them back: prod-latest on the second build, the
       * candidate on the newest. Sorted, so prod-candidate comes first. */
      promoted_tags = json_object_get_array_member (json_array_get_object_element (images, 1),
                                                    "Tags");
      assert_string_list (promoted_tags, 2, "prod-candidate-8be41d7", "prod-latest");
      candidate_tags = json_object_get_array_member (json_array_get_object_element (images, 3),
                                                     "Tags");
      assert_string_list (candidate_tags, 2, "prod-candidate", "prod-candidate-e4a91b6");
    }

  g_assert_cmpstr (json_object_get_string_member (demo, "ClusterArn"), ==,
                   "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
  families = json_object_get_object_member (demo, "TaskDefinitions");
  assert_string_list (json_object_get_array_member (families, "prod-api"), 3,
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:1",
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:3");
  assert_string_list (json_object_get_array_member (families, "prod-app"), 3,
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-app:1",
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-app:3");
  services = json_object_get_object_member (demo, "Services");
  g_assert_cmpstr (json_object_get_string_member (services, "prod-api"), ==,
                   "arn:aws:ecs:us-east-1:123456789012:service/prod/prod-api");
  g_assert_cmpstr (json_object_get_string_member (services, "prod-app"), ==,
                   "arn:aws:ecs:us-east-1:123456789012:service/prod/prod-app");

  /* A second run notices the demo and leaves it alone. */
  again = run_seed_json (moto, demo_seed_path (), NULL);
  g_assert_true (json_object_get_boolean_member_with_default (again, "AlreadySeeded", FALSE));
  g_assert_cmpstr (json_object_get_string_member (again, "VpcId"), ==,
                   json_object_get_string_member (demo, "VpcId"));

  /* After a reset the account is empty again, so the seed builds anew. */
  gantry_test_moto_reset (moto, &error);
  g_assert_no_error (error);
  after_reset = run_seed_json (moto, demo_seed_path (), NULL);
  g_assert_false (json_object_get_boolean_member_with_default (after_reset, "AlreadySeeded",
                                                               FALSE));
  assert_prefix (json_object_get_string_member (after_reset, "VpcId"), "vpc-");
  g_assert_cmpstr (json_object_get_string_member (after_reset, "VpcId"), !=,
                   json_object_get_string_member (demo, "VpcId"));
}

static void
test_paging_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestMoto) moto = NULL;
  g_autoptr(JsonObject) paging = NULL;
  JsonArray *security_groups;
  JsonArray *target_groups;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);

  paging = run_seed_json (moto, "seed-paging.py", NULL);
  g_assert_cmpint (json_object_get_int_member (paging, "Count"), ==, 12);
  assert_string_list (json_object_get_array_member (paging, "Repositories"), 12,
                      "repo-00", "repo-11");
  assert_string_list (json_object_get_array_member (paging, "TaskDefinitions"), 12,
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/paging:1",
                      "arn:aws:ecs:us-east-1:123456789012:task-definition/paging:12");
  assert_string_list (json_object_get_array_member (paging, "DBSubnetGroups"), 12,
                      "paging-dbsg-00", "paging-dbsg-11");
  security_groups = json_object_get_array_member (paging, "SecurityGroups");
  g_assert_cmpuint (json_array_get_length (security_groups), ==, 12);
  assert_prefix (json_array_get_string_element (security_groups, 11), "sg-");
  target_groups = json_object_get_array_member (paging, "TargetGroups");
  g_assert_cmpuint (json_array_get_length (target_groups), ==, 12);
  g_assert_true (strstr (json_array_get_string_element (target_groups, 11),
                         ":targetgroup/paging-tg-11/") != NULL);
}

static void
test_seed_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) failed = NULL;
  g_autoptr(GantryTestMoto) moto = NULL;
  g_autofree char *output = NULL;
  const char *bad_args[] = { "--count", "many", NULL };

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);

  g_assert_false (gantry_test_moto_run_seed (moto, "no-such-seed.py", NULL, &output, &missing));
  g_assert_error (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (output);

  /* A failing script is an error that says which script and why. */
  g_assert_false (gantry_test_moto_run_seed (moto, "seed-paging.py", bad_args, &output, &failed));
  g_assert_error (failed, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (failed->message, "seed-paging.py"));
  g_assert_nonnull (strstr (failed->message, "invalid int value"));
  g_assert_null (output);
}

static void
test_stop_after_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) connect_error = NULL;
  GantryTestMoto *moto;
  const char *identifier;
  guint16 port;
  int pid;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);
  port = gantry_test_moto_get_port (moto);
  identifier = gantry_test_moto_get_identifier (moto);
  g_assert_nonnull (identifier);
  pid = atoi (identifier);
  g_assert_cmpint (pid, >, 1);

  /* Stopping a moto that already died must neither hang nor crash. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  gantry_test_moto_stop (moto);
  connect_error = gantry_test_moto_try_connect (port);
  g_assert_error (connect_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_parent_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) connect_error = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *log_dir = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 port = 0;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  if (g_test_subprocess ())
    {
      GantryTestMoto *moto = gantry_test_moto_start (FALSE, &error);
      g_autofree char *port_string = NULL;

      g_assert_no_error (error);
      port_file = crash_port_file (getppid ());
      /* The log is kept after a crash; the parent removes it. */
      port_string = g_strdup_printf ("%u\n%s", gantry_test_moto_get_port (moto),
                                     gantry_test_moto_get_log_path (moto));
      g_file_set_contents (port_file, port_string, -1, &error);
      g_assert_no_error (error);
      /* A crashing test binary: no stop, no atexit. */
      abort ();
    }

  port_file = crash_port_file (getpid ());
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_file_get_contents (port_file, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (port_file), ==, 0);
  lines = g_strsplit (contents, "\n", 2);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_ascii_string_to_unsigned (lines[0], 10, 1, G_MAXUINT16, &port, &error));
  g_assert_no_error (error);
  log_dir = g_path_get_dirname (lines[1]);
  g_assert_cmpint (g_unlink (lines[1]), ==, 0);
  g_assert_cmpint (g_rmdir (log_dir), ==, 0);

  /* PR_SET_PDEATHSIG made the kernel send moto SIGTERM. */
  connect_error = wait_until_closed ((guint16) port, 15);
  g_assert_error (connect_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/moto-harness/start-stop", test_start_stop);
  g_test_add_func ("/integration/moto-harness/verify-signatures", test_verify_signatures);
  g_test_add_func ("/integration/moto-harness/demo-seed", test_demo_seed);
  g_test_add_func ("/integration/moto-harness/paging-seed", test_paging_seed);
  g_test_add_func ("/integration/moto-harness/seed-errors", test_seed_errors);
  g_test_add_func ("/integration/moto-harness/stop-after-crash", test_stop_after_crash);
  g_test_add_func ("/integration/moto-harness/parent-crash", test_parent_crash);

  return g_test_run ();
}
