/* test-history.c: gantryctl history and rollback against moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto runs with signature verification on and is seeded once with the
 * demo account: services prod-api and prod-app on revision 2 of three, and
 * four builds per repository with prod-latest on the second. The tests run
 * in order and build on each other's changes (history is read first).
 * Deployment states moto does not model are covered by unit/test-history.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-journal.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

static GantryTestMoto *moto;
static JsonObject *summary;

static GantryAwsClient *
new_client (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  return client;
}

/* The digest the demo seed pushed for @commit in @repository. */
static const char *
seed_digest (const char *repository,
             const char *commit)
{
  JsonObject *repositories = json_object_get_object_member (summary, "Repositories");
  JsonArray *images = json_object_get_array_member (
    json_object_get_object_member (repositories, repository), "Images");

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *image = json_array_get_object_element (images, i);

      if (g_str_equal (json_object_get_string_member (image, "Commit"), commit))
        return json_object_get_string_member (image, "Digest");
    }
  g_assert_not_reached ();
}

/* gantryctl with the harness's keys in its environment and the test's
 * isolated XDG_DATA_HOME (the journal). */
static int
run_gantryctl (const char * const  *args,
               char               **out_stdout,
               char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GANTRYCTL"));
  g_ptr_array_add (argv, "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) gantry_test_moto_get_endpoint (moto));
  g_ptr_array_add (argv, "--region");
  g_ptr_array_add (argv, GANTRY_TEST_MOTO_REGION);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_test_moto_get_access_key_id (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_test_moto_get_secret_access_key (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);

  g_test_message ("gantryctl exited %d; stderr: %s", g_subprocess_get_exit_status (process),
                  *out_stderr);
  return g_subprocess_get_exit_status (process);
}

static GPtrArray *
load_journal (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *lines;

  gantry_journal_load_async (journal, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  lines = gantry_journal_load_finish (journal, result, NULL, &error);
  g_assert_no_error (error);
  return lines;
}

static void
append_journal (GantryJournalEntry *entry)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_journal_append_async (journal, entry, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  gantry_journal_append_finish (journal, result, &error);
  g_assert_no_error (error);
}

static void
journal_operation (const char *kind,
                   const char *iso_time,
                   const char *repository,
                   const char *from,
                   const char *to,
                   const char *commit)
{
  g_autoptr(GantryJournalEntry) started = gantry_journal_entry_new (kind);
  g_autoptr(GantryJournalEntry) done = NULL;

  g_date_time_unref (started->time);
  started->time = g_date_time_new_from_iso8601 (iso_time, NULL);
  started->identity_arn = g_strdup ("arn:aws:iam::123456789012:user/release-manager");
  started->repository = g_strdup (repository);
  started->from_digest = g_strdup (from);
  started->to_digest = g_strdup (to);
  started->commit = g_strdup (commit);
  started->tag = g_strdup ("prod-latest");
  append_journal (started);
  done = gantry_journal_entry_new_outcome (started, GANTRY_JOURNAL_STATE_DONE, NULL);
  append_journal (done);
}

static JsonArray *
parse_array (const char *text,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static void
test_history_ordered (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { "history", "--cluster", "prod", "--format", "json", NULL };
  const char *old = seed_digest ("backend", "3f9c2a1");
  const char *promoted = seed_digest ("backend", "8be41d7");
  const char *newest = seed_digest ("backend", "e4a91b6");
  /* Journal entries at times around the seed's, to pin down the merge. */
  const char *expected_kinds[] = { "rollback", "promotion" };
  const char *expected_revisions[] = { "prod-api:3", "prod-api:2", "prod-api:1",
                                       "prod-app:3", "prod-app:2", "prod-app:1" };
  guint counts[7] = { 0 };
  const char *kinds[] = { "deployment", "revision", "image", "promotion", "rollback",
                          "cloudtrail", "event" };
  g_autofree char *previous = NULL;
  JsonArray *array;
  JsonObject *entry;
  guint n, first_untimed;

  journal_operation ("promotion", "2001-02-03T04:05:06Z", "backend", NULL, old, "3f9c2a1");
  journal_operation ("promotion", "2099-01-01T00:00:00Z", "backend", old, newest, "e4a91b6");
  journal_operation ("rollback", "2099-01-02T00:00:00Z", "backend", newest, promoted, "8be41d7");

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 0);
  /* moto lacks these: skipped, said so, not fatal. */
  g_assert_nonnull (strstr (err, "ecs-service-deployments skipped"));
  g_assert_nonnull (strstr (err, "cloudtrail skipped"));

  array = parse_array (out, parser);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      if (g_strcmp0 (member (json_array_get_object_element (array, i), "kind"), kinds[k]) == 0)
        counts[k]++;
  g_assert_cmpuint (counts[0], ==, 2);   /* one deployment per service */
  g_assert_cmpuint (counts[1], ==, 6);   /* three revisions per family */
  g_assert_cmpuint (counts[2], ==, 8);   /* four builds per repository */
  g_assert_cmpuint (counts[3], ==, 2);
  g_assert_cmpuint (counts[4], ==, 1);
  g_assert_cmpuint (counts[5], ==, 0);
  g_assert_cmpuint (n, ==, 2 + 6 + 8 + 2 + 1 + counts[6]);

  /* Newest first: the 2099 rollback and promotion, then what the seed made
   * today, then the 2001 promotion, then the revisions moto gives no
   * registeredAt, newest revision first. */
  for (guint i = 0; i < G_N_ELEMENTS (expected_kinds); i++)
    g_assert_cmpstr (member (json_array_get_object_element (array, i), "kind"), ==,
                     expected_kinds[i]);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (member (entry, "time"), ==, "2099-01-02T00:00:00Z");
  g_assert_cmpstr (member (entry, "repository"), ==, "backend");
  g_assert_cmpstr (member (entry, "from"), ==, newest);
  g_assert_cmpstr (member (entry, "to"), ==, promoted);
  g_assert_cmpstr (member (entry, "actor"), ==, "arn:aws:iam::123456789012:user/release-manager");
  g_assert_cmpstr (member (entry, "outcome"), ==, "done");
  g_assert_cmpstr (member (entry, "commit"), ==, "8be41d7");
  g_assert_null (member (entry, "service"));

  first_untimed = n - G_N_ELEMENTS (expected_revisions);
  entry = json_array_get_object_element (array, first_untimed - 1);
  g_assert_cmpstr (member (entry, "kind"), ==, "promotion");
  g_assert_cmpstr (member (entry, "time"), ==, "2001-02-03T04:05:06Z");
  for (guint i = 0; i < G_N_ELEMENTS (expected_revisions); i++)
    {
      entry = json_array_get_object_element (array, first_untimed + i);
      g_assert_cmpstr (member (entry, "kind"), ==, "revision");
      g_assert_null (member (entry, "time"));
      g_assert_cmpstr (member (entry, "to"), ==, expected_revisions[i]);
    }
  /* Revision 1 pins the oldest build: its commit comes from ECR's tags. */
  g_assert_cmpstr (member (entry, "commit"), ==, "3f9c2a1");

  for (guint i = 0; i < first_untimed; i++)
    {
      const char *time;

      entry = json_array_get_object_element (array, i);
      time = member (entry, "time");
      g_assert_nonnull (time);
      if (previous != NULL)
        {
          g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (previous, NULL);
          g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (time, NULL);

          /* Not as strings: "…50.841Z" is later than "…50Z". */
          g_assert_cmpint (g_date_time_compare (a, b), >=, 0);
        }
      g_free (previous);
      previous = g_strdup (time);
      if (g_strcmp0 (member (entry, "kind"), "image") == 0)
        {
          g_assert_true (g_str_has_prefix (member (entry, "to"), "sha256:"));
          g_assert_nonnull (member (entry, "commit"));
          g_assert_cmpstr (member (entry, "outcome"), ==, "pushed");
        }
      if (g_strcmp0 (member (entry, "kind"), "deployment") == 0)
        g_assert_cmpstr (member (entry, "to"), ==,
                         g_str_equal (member (entry, "service"), "prod-api")
                         ? "prod-api:2" : "prod-app:2");
    }
}

static void
test_history_service_csv (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "history", "--cluster", "prod", "--service", "prod-app", "--limit",
                         "4", "--format", "csv", NULL };

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, "time,kind,service,repository,from,to,actor,outcome,commit,detail");
  /* prod-app's repository is frontend (from its task definition); the
   * journal's backend entries are out of scope. */
  g_assert_null (strstr (out, "prod-api"));
}

static void
test_rollback_foreign_family (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  const char *args[] = { "rollback", "--cluster", "prod", "--service", "prod-app",
                         "--to-revision", "prod-api:1", "--yes", NULL };

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "does not belong to service prod-app"));
  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len);
}

static GantryAwsEcsService *
describe_service (const char *name)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { name, NULL };

  gantry_aws_ecs_describe_services_async (ecs, "prod", names, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  services = gantry_aws_ecs_describe_services_finish (ecs, result, &error);
  g_assert_no_error (error);
  return g_ptr_array_steal_index (services, 0);
}

static char *
tag_digest (const char *repository,
            const char *tag)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *refs[] = { tag, NULL };

  gantry_aws_ecr_describe_images_async (ecr, repository, refs, NULL, 0, NULL, gantry_test_store_result,
                                        &result);
  gantry_test_await (&result);
  images = gantry_aws_ecr_describe_images_finish (ecr, result, &error);
  g_assert_no_error (error);
  return g_strdup (((GantryAwsEcrImageDetail *) g_ptr_array_index (images, 0))->digest);
}

static void
test_rollback_revision (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *latest_before = tag_digest ("backend", "prod-latest");
  g_autofree char *latest_after = NULL;
  g_autoptr(GantryAwsEcsService) api = NULL;
  g_autoptr(GantryAwsEcsService) app = NULL;
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GantryJournalEntry *started, *done;
  JsonObject *result;
  /* moto starts no deployment to watch (see MOTO-NOTES): --no-watch. */
  const char *args[] = { "rollback", "--cluster", "prod", "--service", "prod-api",
                         "--to-revision", "1", "--yes", "--no-watch", "--format", "json", NULL };

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "done");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (result, "from"), "prod-api:2"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (result, "to"), "prod-api:1"));
  g_assert_cmpstr (json_object_get_string_member (result, "commit"), ==, "3f9c2a1");

  /* Exactly that changed: prod-api's revision; not prod-app, not ECR. */
  api = describe_service ("prod-api");
  app = describe_service ("prod-app");
  g_assert_true (g_str_has_suffix (api->task_definition, "task-definition/prod-api:1"));
  g_assert_true (g_str_has_suffix (app->task_definition, "task-definition/prod-app:2"));
  latest_after = tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest_after, ==, latest_before);

  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len + 2);
  started = g_ptr_array_index (after, before->len);
  done = g_ptr_array_index (after, before->len + 1);
  g_assert_cmpstr (started->kind, ==, "rollback");
  g_assert_cmpint (started->state, ==, GANTRY_JOURNAL_STATE_STARTED);
  g_assert_cmpstr (started->identity_arn, ==, gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (started->service, ==, "prod-api");
  g_assert_true (g_str_has_suffix (started->task_definition, "prod-api:1"));
  g_assert_cmpstr (done->id, ==, started->id);
  g_assert_cmpint (done->state, ==, GANTRY_JOURNAL_STATE_DONE);

  /* Again: already there, nothing written. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "already-current"));
  g_clear_pointer (&after, g_ptr_array_unref);
  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len + 2);
}

static void
test_rollback_digest (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *candidate_before = tag_digest ("backend", "prod-candidate");
  g_autofree char *frontend_before = tag_digest ("frontend", "prod-latest");
  g_autofree char *latest_before = tag_digest ("backend", "prod-latest");
  g_autofree char *latest = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *frontend = NULL;
  g_autoptr(GantryAwsEcsService) api = NULL;
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  const char *target = seed_digest ("backend", "3f9c2a1");
  const char *args[] = { "rollback", "--repository", "backend", "--to-digest", target,
                         "--yes", "--format", "json", NULL };
  GantryJournalEntry *started, *done;

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"done\""));

  latest = tag_digest ("backend", "prod-latest");
  candidate = tag_digest ("backend", "prod-candidate");
  frontend = tag_digest ("frontend", "prod-latest");
  g_assert_cmpstr (latest, ==, target);
  g_assert_cmpstr (candidate, ==, candidate_before);
  g_assert_cmpstr (frontend, ==, frontend_before);
  api = describe_service ("prod-api");
  g_assert_true (g_str_has_suffix (api->task_definition, "task-definition/prod-api:1"));

  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len + 2);
  started = g_ptr_array_index (after, before->len);
  done = g_ptr_array_index (after, before->len + 1);
  g_assert_cmpstr (started->kind, ==, "rollback");
  g_assert_cmpstr (started->repository, ==, "backend");
  g_assert_cmpstr (started->from_digest, ==, latest_before);
  g_assert_cmpstr (started->to_digest, ==, target);
  g_assert_cmpstr (started->tag, ==, "prod-latest");
  g_assert_cmpstr (started->commit, ==, "3f9c2a1");
  g_assert_cmpint (done->state, ==, GANTRY_JOURNAL_STATE_DONE);
}

static void
test_rollback_deleted_image (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *revision_out = NULL;
  g_autofree char *revision_err = NULL;
  g_autofree char *seed_out = NULL;
  g_autofree char *latest_before = tag_digest ("frontend", "prod-latest");
  g_autofree char *latest_after = NULL;
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GantryAwsEcsService) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *gone = seed_digest ("frontend", "3f9c2a1");
  const char *delete_args[] = { "--repository", "frontend", "--digest", gone, NULL };
  const char *args[] = { "rollback", "--repository", "frontend", "--to-digest", gone, "--yes",
                         NULL };
  /* prod-app revision 1 pins that same image. */
  const char *revision_args[] = { "rollback", "--cluster", "prod", "--service", "prod-app",
                                  "--to-revision", "1", "--yes", "--no-watch", NULL };

  gantry_test_moto_run_seed (moto, "delete-image.py", delete_args, &seed_out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (seed_out, "\"Deleted\": 1"));

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "lifecycle policy"));
  g_assert_cmpint (run_gantryctl (revision_args, &revision_out, &revision_err), ==, 1);
  g_assert_nonnull (strstr (revision_err, "lifecycle policy"));

  latest_after = tag_digest ("frontend", "prod-latest");
  g_assert_cmpstr (latest_after, ==, latest_before);
  app = describe_service ("prod-app");
  g_assert_true (g_str_has_suffix (app->task_definition, "task-definition/prod-app:2"));
  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len);
}

static void
test_rollback_last_healthy_none (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "rollback", "--cluster", "prod", "--service", "prod-app",
                         "--last-healthy", "--yes", NULL };

  /* moto never completes a deployment, so none is known to be healthy;
   * test-history picks the right one from recorded shapes. */
  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no last healthy revision"));
}

static void
test_rollback_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "rollback", "--service", "prod-app", "--to-digest", "sha256:00",
                         NULL };

  g_assert_cmpint (run_gantryctl (args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--to-digest"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *seed_out = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* In order: each builds on the state the previous one left. */
  g_test_add_func ("/integration/history/ordered", test_history_ordered);
  g_test_add_func ("/integration/history/service-csv", test_history_service_csv);
  g_test_add_func ("/integration/rollback/foreign-family", test_rollback_foreign_family);
  g_test_add_func ("/integration/rollback/revision", test_rollback_revision);
  g_test_add_func ("/integration/rollback/digest", test_rollback_digest);
  g_test_add_func ("/integration/rollback/deleted-image", test_rollback_deleted_image);
  g_test_add_func ("/integration/rollback/last-healthy-none", test_rollback_last_healthy_none);
  g_test_add_func ("/integration/rollback/usage", test_rollback_usage);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &seed_out, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, seed_out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
