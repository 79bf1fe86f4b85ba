/* test-history.c: the history model, its sources and rollback
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto models neither ECS deployments (COMPLETED, FAILED, circuit-breaker
 * rollbacks) nor ListServiceDeployments or CloudTrail, so those sources are
 * checked here against replies in the shapes of the AWS API reference,
 * routed per action by a loopback SoupServer (the sources load concurrently).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aws/gantry-aws-cloudtrail.h"
#include "aws/gantry-aws-ecs-deployments.h"
#include "aws/gantry-aws-error.h"
#include "core/gantry-error.h"
#include "core/gantry-history-private.h"
#include "core/gantry-history.h"
#include "core/gantry-rollback.h"
#include "gantry-test-router.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
await (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static GantryHistorySource *
find_source (GantryHistory *history,
             const char    *id)
{
  GPtrArray *sources = gantry_history_get_sources (history);

  for (guint i = 0; i < sources->len; i++)
    if (g_str_equal (((GantryHistorySource *) g_ptr_array_index (sources, i))->id, id))
      return g_ptr_array_index (sources, i);
  g_assert_not_reached ();
}

static void
script_ecs (GantryTestRouter *router)
{
  gantry_test_router_add (router, "DescribeServices", 200, "ecs-describe-services-history.json");
  gantry_test_router_add (router, "ListTaskDefinitions", 200,
                          "ecs-list-task-definitions-history.json");
  gantry_test_router_add (router, "DescribeTaskDefinition", 200,
                          "ecs-describe-task-definition-prod-api-6.json");
  gantry_test_router_add (router, "DescribeImages", 200, "ecr-describe-images-backend.json");
}

static GantryHistory *
load_history (GantryTestRouter  *router,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const char *services[] = { "prod-api", NULL };
  const char *repositories[] = { "backend", NULL };
  GantryHistory *history = gantry_history_new (gantry_test_router_get_client (router), NULL);

  gantry_history_set_cluster (history, "prod");
  gantry_history_set_services (history, services);
  gantry_history_set_repositories (history, repositories);
  gantry_history_load_async (history, NULL, store_result, &result);
  await (&result);
  if (!gantry_history_load_finish (history, result, error))
    g_clear_object (&history);
  return history;
}

static guint
count_kind (GantryHistory     *history,
            GantryHistoryKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

      n += gantry_history_entry_get_kind (entry) == kind;
    }
  return n;
}

static void
assert_newest_first (GantryHistory *history)
{
  g_autoptr(GDateTime) previous = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);
      GDateTime *time = gantry_history_entry_get_time (entry);

      if (time == NULL)
        continue;
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (previous, time), >=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (time);
    }
}

/* DescribeServices stands in for deployments when ListServiceDeployments
 * and CloudTrail answer 500, as on moto: skipped and said so. */
static void
test_fallback_deployments (void)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GantryHistoryEntry) healthy = NULL;
  g_autoptr(GantryHistoryEntry) first = NULL;
  g_autoptr(GError) error = NULL;
  GantryHistorySource *source;

  script_ecs (router);
  history = load_history (router, &error);
  g_assert_no_error (error);

  source = find_source (history, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_SKIPPED);
  g_assert_nonnull (source->reason);
  source = find_source (history, GANTRY_HISTORY_SOURCE_CLOUDTRAIL);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_SKIPPED);
  g_assert_cmpuint (gantry_test_router_get_n_calls (router, "LookupEvents"), ==, 2);
  source = find_source (history, GANTRY_HISTORY_SOURCE_JOURNAL);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_SKIPPED);
  source = find_source (history, GANTRY_HISTORY_SOURCE_ECS_SERVICES);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_READ);
  g_assert_cmpuint (source->n_entries, ==, 6);

  /* prod-api-worker matched the family prefix but is another family. */
  g_assert_cmpuint (gantry_test_router_get_n_calls (router, "DescribeTaskDefinition"), ==, 1);
  g_assert_cmpuint (count_kind (history, GANTRY_HISTORY_KIND_DEPLOYMENT), ==, 3);
  g_assert_cmpuint (count_kind (history, GANTRY_HISTORY_KIND_EVENT), ==, 3);
  g_assert_cmpuint (count_kind (history, GANTRY_HISTORY_KIND_REVISION), ==, 1);
  g_assert_cmpuint (count_kind (history, GANTRY_HISTORY_KIND_IMAGE), ==, 1);
  assert_newest_first (history);

  /* Newest first: the started task event of the in-progress deployment. */
  first = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpint (gantry_history_entry_get_kind (first), ==, GANTRY_HISTORY_KIND_EVENT);

  /* Not the in-progress prod-api:8 nor the circuit-breaker FAILED :7. */
  healthy = gantry_history_dup_last_healthy (history, "prod-api");
  g_assert_nonnull (healthy);
  g_assert_cmpstr (gantry_history_entry_get_to (healthy), ==, "prod-api:6");
  g_assert_cmpstr (gantry_history_entry_get_outcome (healthy), ==, "completed");
  g_assert_true (gantry_history_entry_get_is_last_healthy (healthy));
  /* The commit comes from the image the revision pins. */
  g_assert_cmpstr (gantry_history_entry_get_commit (healthy), ==, "8be41d7");
  g_assert_true (gantry_history_entry_can_roll_back_to (healthy));
}

/* ListServiceDeployments (two pages) → DescribeServiceDeployments →
 * DescribeServiceRevisions replace DescribeServices' deployments. */
static void
test_service_deployments (void)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GantryHistoryEntry) healthy = NULL;
  g_autoptr(GError) error = NULL;
  GantryHistorySource *source;
  guint n_rolled_back = 0;

  script_ecs (router);
  gantry_test_router_add (router, "ListServiceDeployments", 200,
                          "ecs-list-service-deployments-page1.json");
  gantry_test_router_add (router, "ListServiceDeployments", 200,
                          "ecs-list-service-deployments-page2.json");
  gantry_test_router_add (router, "DescribeServiceDeployments", 200,
                          "ecs-describe-service-deployments.json");
  gantry_test_router_add (router, "DescribeServiceRevisions", 200,
                          "ecs-describe-service-revisions.json");
  history = load_history (router, &error);
  g_assert_no_error (error);

  source = find_source (history, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_READ);
  g_assert_cmpuint (source->n_entries, ==, 4);
  g_assert_cmpuint (gantry_test_router_get_n_calls (router, "ListServiceDeployments"), ==, 2);
  g_assert_nonnull (strstr (gantry_test_router_get_body (router, "ListServiceDeployments", 1),
                            "page-2"));
  g_assert_cmpuint (count_kind (history, GANTRY_HISTORY_KIND_DEPLOYMENT), ==, 4);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (g_strcmp0 (gantry_history_entry_get_outcome (entry), "rollback-successful") == 0)
        {
          n_rolled_back++;
          g_assert_cmpstr (gantry_history_entry_get_to (entry), ==, "prod-api:7");
          g_assert_false (gantry_history_entry_get_is_healthy (entry));
          g_assert_nonnull (strstr (gantry_history_entry_get_detail (entry), "rolled back"));
        }
    }
  g_assert_cmpuint (n_rolled_back, ==, 1);

  /* The newest SUCCESSFUL one not rolled back; not the older :5. */
  healthy = gantry_history_dup_last_healthy (history, "prod-api");
  g_assert_cmpstr (gantry_history_entry_get_to (healthy), ==, "prod-api:6");
  g_assert_cmpstr (gantry_history_entry_get_outcome (healthy), ==, "successful");
}

static void
test_cloudtrail (void)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  GantryHistorySource *source;
  guint n_put = 0, n_update = 0;

  script_ecs (router);
  /* PutImage: two pages; UpdateService: one page (the queue's last repeats,
   * so the UpdateService lookup is the third reply). */
  gantry_test_router_add (router, "LookupEvents", 200, "cloudtrail-lookup-events-page1.json");
  gantry_test_router_add (router, "LookupEvents", 200, "cloudtrail-lookup-events-page2.json");
  gantry_test_router_add (router, "LookupEvents", 200,
                          "cloudtrail-lookup-events-update-service.json");
  history = load_history (router, &error);
  g_assert_no_error (error);

  source = find_source (history, GANTRY_HISTORY_SOURCE_CLOUDTRAIL);
  g_assert_cmpint (source->state, ==, GANTRY_HISTORY_SOURCE_READ);
  g_assert_cmpuint (gantry_test_router_get_n_calls (router, "LookupEvents"), ==, 3);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (gantry_history_entry_get_kind (entry) != GANTRY_HISTORY_KIND_CLOUDTRAIL)
        continue;
      /* The repository outside the scope (someone-elses) is left out. */
      if (gantry_history_entry_get_repository (entry) != NULL)
        {
          n_put++;
          g_assert_cmpstr (gantry_history_entry_get_repository (entry), ==, "backend");
          g_assert_cmpstr (gantry_history_entry_get_actor (entry), ==,
                           "arn:aws:sts::123456789012:assumed-role/release-pipeline/pipeline");
          g_assert_true (g_str_has_prefix (gantry_history_entry_get_to (entry), "sha256:ddd"));
          g_assert_cmpstr (gantry_history_entry_get_outcome (entry), ==, "succeeded");
        }
      else
        {
          n_update++;
          g_assert_cmpstr (gantry_history_entry_get_service (entry), ==, "prod-api");
          g_assert_cmpstr (gantry_history_entry_get_to (entry), ==, "prod-api:5");
          g_assert_cmpstr (gantry_history_entry_get_actor (entry), ==,
                           "arn:aws:iam::123456789012:user/alice");
        }
    }
  g_assert_cmpuint (n_put, ==, 1);
  g_assert_cmpuint (n_update, ==, 1);
}

static void
test_cloudtrail_parse (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GantryAwsCloudtrailEvent) event = NULL;
  g_autoptr(GantryAwsCloudtrailEvent) bad = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws",
                                                 "cloudtrail-lookup-events-page1.json", NULL);
  JsonArray *events;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "Events");
  event = gantry_aws_cloudtrail_event_new_from_json (json_array_get_object_element (events, 0),
                                                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->name, ==, "PutImage");
  g_assert_cmpstr (event->image_tag, ==, "prod-latest");
  g_assert_cmpstr (event->username, ==, "pipeline");
  g_assert_nonnull (event->time);
  g_assert_null (event->error_code);

  bad = gantry_aws_cloudtrail_event_new_from_json (empty, &error);
  g_assert_null (bad);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
}

static void
test_load_cancelled (void)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *services[] = { "prod-api", NULL };

  script_ecs (router);
  history = gantry_history_new (gantry_test_router_get_client (router), NULL);
  gantry_history_set_services (history, services);
  gantry_history_load_async (history, cancellable, store_result, &result);
  g_assert_true (gantry_history_get_loading (history));
  g_cancellable_cancel (cancellable);
  await (&result);
  g_assert_false (gantry_history_load_finish (history, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gantry_history_get_loading (history));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
}

/* Synthetic entries */

static GantryHistory *
synthetic_history (guint n)
{
  GantryHistory *history = gantry_history_new (NULL, NULL);
  g_autoptr(GArray) records = g_array_sized_new (FALSE, TRUE, sizeof (GantryHistoryRecord), n);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);

  for (guint i = 0; i < n; i++)
    {
      GantryHistoryRecord record = { 0 };
      char *digest = g_strdup_printf ("sha256:%064x", i);
      char *commit = g_strdup_printf ("c%06x", i);

      g_ptr_array_add (keep, digest);
      g_ptr_array_add (keep, commit);
      record.kind = i % 3 == 0 ? GANTRY_HISTORY_KIND_DEPLOYMENT : GANTRY_HISTORY_KIND_IMAGE;
      record.time = g_date_time_add_minutes (base, i);
      record.service = i % 2 == 0 ? "prod-api" : "prod-app";
      record.repository = i % 2 == 0 ? "backend" : "frontend";
      record.to = digest;
      record.commit = commit;
      record.outcome = i % 5 == 0 ? "failed" : "completed";
      record.detail = "synthetic, with a comma and a \"quote\"";
      record.healthy = record.kind == GANTRY_HISTORY_KIND_DEPLOYMENT && i % 5 != 0;
      g_array_append_val (records, record);
    }

  gantry_history_add_records (history, (GantryHistoryRecord *) (gpointer) records->data, n);
  for (guint i = 0; i < n; i++)
    g_date_time_unref (g_array_index (records, GantryHistoryRecord, i).time);
  return history;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_signals = user_data;

  (*n_signals)++;
}

/* 10,000 entries: the first visible page must not build the other 9,950. */
static void
test_lazy_pages (void)
{
  const guint n = 10000, page = 50;
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GPtrArray) visible = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GantryHistoryEntry) again = NULL;
  guint live_before = _gantry_history_entry_get_n_live ();
  gint64 start, first_page_us, all_us, build_us;

  start = g_get_monotonic_time ();
  history = synthetic_history (n);
  build_us = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, n);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (history)), ==,
                    GANTRY_TYPE_HISTORY_ENTRY);
  /* Holding 10,000 records creates no entry object. */
  g_assert_cmpuint (_gantry_history_entry_get_n_live (), ==, live_before);
  g_assert_cmpuint (gantry_history_get_n_materialized (history), ==, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < page; i++)
    g_ptr_array_add (visible, g_list_model_get_item (G_LIST_MODEL (history), i));
  first_page_us = g_get_monotonic_time () - start;

  g_assert_cmpuint (_gantry_history_entry_get_n_live (), ==, live_before + page);
  g_assert_cmpuint (gantry_history_get_n_materialized (history), ==, page);
  /* Same position, same object while it is alive. */
  again = g_list_model_get_item (G_LIST_MODEL (history), 7);
  g_assert_true (again == g_ptr_array_index (visible, 7));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (history), n));

  /* Newest first. */
  g_assert_cmpstr (gantry_history_entry_get_commit (g_ptr_array_index (visible, 0)), ==,
                   "c00270f");

  /* Scrolling away releases them. */
  g_clear_object (&again);
  g_ptr_array_set_size (visible, 0);
  g_assert_cmpuint (_gantry_history_entry_get_n_live (), ==, live_before);
  g_assert_cmpuint (gantry_history_get_n_materialized (history), ==, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (history), i));
  all_us = g_get_monotonic_time () - start;
  g_assert_cmpuint (gantry_history_get_n_materialized (history), ==, n);

  /* Measured and reported, never asserted: machines differ. */
  g_test_message ("history benchmark: %u records added and sorted in %" G_GINT64_FORMAT " us; "
                  "first page (%u items) in %" G_GINT64_FORMAT " us; all %u items in %"
                  G_GINT64_FORMAT " us", n, build_us, page, first_page_us, n, all_us);

  /* Entries outlive the model that built them. */
  g_clear_object (&history);
  g_assert_cmpstr (gantry_history_entry_get_service (g_ptr_array_index (all, 0)), !=, NULL);
  g_ptr_array_set_size (all, 0);
  g_assert_cmpuint (_gantry_history_entry_get_n_live (), ==, live_before);
}

static void
test_filter_and_search (void)
{
  g_autoptr(GantryHistory) history = synthetic_history (1000);
  GantryHistoryFilter filter = { 0 };
  g_autoptr(GantryHistoryEntry) entry = NULL;
  guint n_signals = 0;

  g_signal_connect (history, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);

  filter.service = "prod-api";
  gantry_history_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 500);
  g_assert_cmpuint (gantry_history_get_n_total (history), ==, 1000);
  g_assert_cmpuint (n_signals, ==, 1);

  filter.outcome = "failed";
  gantry_history_set_filter (history, &filter);
  /* Even i that are multiples of 5: multiples of 10. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 100);

  memset (&filter, 0, sizeof filter);
  filter.search = "C0001F4";  /* commit of i = 500, case-insensitive */
  gantry_history_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);
  entry = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpstr (gantry_history_entry_get_commit (entry), ==, "c0001f4");

  filter.search = "sha256:00000000000000000000000000000000000000000000000000000000000003e7";
  gantry_history_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);

  filter.search = "no-such-digest";
  gantry_history_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  gantry_history_set_filter (history, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1000);
}

static void
test_export (void)
{
  g_autoptr(GantryHistory) history = synthetic_history (30);
  g_autoptr(JsonNode) node = gantry_history_to_json (history, 3);
  g_autofree char *csv = gantry_history_to_csv (history, 2);
  g_auto(GStrv) lines = NULL;
  JsonArray *array;
  JsonObject *first;
  const char *members[] = { "time", "kind", "service", "repository", "from", "to", "actor",
                            "outcome", "commit", "detail" };

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpuint (json_object_get_size (first), ==, G_N_ELEMENTS (members));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (first, members[i]));
  g_assert_cmpstr (json_object_get_string_member (first, "time"), ==, "2026-01-01T00:29:00Z");
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "image");
  g_assert_true (json_object_get_null_member (first, "actor"));
  g_assert_true (json_object_get_null_member (first, "from"));

  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "time,kind,service,repository,from,to,actor,outcome,commit,detail");
  g_assert_true (g_str_has_prefix (lines[1], "2026-01-01T00:29:00Z,image,prod-app,frontend,,sha256:"));
  g_assert_true (g_str_has_suffix (lines[1], ",\"synthetic, with a comma and a \"\"quote\"\"\""));
  g_assert_cmpstr (lines[3], ==, "");
}

static void
test_last_healthy_marks (void)
{
  g_autoptr(GantryHistory) history = synthetic_history (30);
  g_autoptr(GantryHistoryEntry) api = gantry_history_dup_last_healthy (history, "prod-api");
  g_autoptr(GantryHistoryEntry) app = gantry_history_dup_last_healthy (history, "prod-app");
  guint n_marked = 0;

  /* Deployments are i % 3 == 0, healthy unless i % 5 == 0; prod-api is even
   * i: 24 is the newest; prod-app odd i: 27. */
  g_assert_cmpstr (gantry_history_entry_get_commit (api), ==, "c000018");
  g_assert_cmpstr (gantry_history_entry_get_commit (app), ==, "c00001b");
  g_assert_null (gantry_history_dup_last_healthy (history, "prod-nope"));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

      n_marked += gantry_history_entry_get_is_last_healthy (entry);
    }
  g_assert_cmpuint (n_marked, ==, 2);
}

/* Rollback against recorded shapes: the rollout watch */

typedef struct
{
  char             *dir;
  GantryJournal    *journal;
  GantryTestRouter *router;
  GantryRollback   *rollback;
} RollbackFixture;

static void
rollback_setup (RollbackFixture *fixture,
                gconstpointer    user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("gantry-rollback-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.jsonl", NULL);
  fixture->journal = gantry_journal_new (path);
  fixture->router = gantry_test_router_new ();
  fixture->rollback = gantry_rollback_new (gantry_test_router_get_client (fixture->router),
                                           fixture->journal);
  gantry_rollback_set_poll_interval (fixture->rollback, 1);

  gantry_test_router_add (fixture->router, "GetCallerIdentity", 200,
                          "sts-get-caller-identity.xml");
  gantry_test_router_add (fixture->router, "DescribeServices", 200,
                          "ecs-describe-services-history.json");
  gantry_test_router_add (fixture->router, "DescribeImages", 200,
                          "ecr-describe-images-backend.json");
  gantry_test_router_add (fixture->router, "UpdateService", 200,
                          "ecs-update-service-rollback.json");
}

static void
rollback_teardown (RollbackFixture *fixture,
                   gconstpointer    user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "journal.jsonl", NULL);

  g_clear_object (&fixture->rollback);
  g_clear_object (&fixture->journal);
  g_clear_pointer (&fixture->router, gantry_test_router_free);
  g_unlink (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GantryRollbackPlan *
plan_revision (RollbackFixture  *fixture,
               const char       *revision,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_rollback_plan_revision_async (fixture->rollback, "prod", "prod-api", revision, NULL,
                                       store_result, &result);
  await (&result);
  return gantry_rollback_plan_finish (fixture->rollback, result, error);
}

static char *
execute (RollbackFixture     *fixture,
         GantryRollbackPlan  *plan,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_rollback_execute_async (fixture->rollback, plan, NULL, store_result, &result);
  await (&result);
  return gantry_rollback_execute_finish (fixture->rollback, result, error);
}

static GPtrArray *
journal_lines (RollbackFixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *lines;

  gantry_journal_load_async (fixture->journal, NULL, store_result, &result);
  await (&result);
  lines = gantry_journal_load_finish (fixture->journal, result, NULL, &error);
  g_assert_no_error (error);
  return lines;
}

static void
test_rollback_watch_completed (RollbackFixture *fixture,
                               gconstpointer    user_data)
{
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GantryJournalEntry *started, *done;

  gantry_test_router_add (fixture->router, "DescribeTaskDefinition", 200,
                          "ecs-describe-task-definition-prod-api-6.json");
  gantry_test_router_add (fixture->router, "DescribeServices", 200,
                          "ecs-describe-services-rollback-in-progress.json");
  gantry_test_router_add (fixture->router, "DescribeServices", 200,
                          "ecs-describe-services-rollback-completed.json");

  plan = plan_revision (fixture, "6", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (plan->from_task_definition, "prod-api:8"));
  g_assert_true (g_str_has_suffix (plan->to_task_definition, "prod-api:6"));
  g_assert_false (plan->already_current);
  g_assert_cmpstr (plan->commit, ==, "8be41d7");
  g_assert_cmpstr (plan->repository, ==, "backend");
  g_assert_nonnull (strstr (gantry_test_router_get_body (fixture->router,
                                                         "DescribeTaskDefinition", 0),
                            "prod-api:6"));

  summary = execute (fixture, plan, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (summary, "ecs-svc/4444444444444444444"));
  g_assert_nonnull (strstr (summary, "completed"));
  /* Plan, then in progress, then completed. */
  g_assert_cmpuint (gantry_test_router_get_n_calls (fixture->router, "DescribeServices"), ==, 3);

  lines = journal_lines (fixture);
  g_assert_cmpuint (lines->len, ==, 2);
  started = g_ptr_array_index (lines, 0);
  done = g_ptr_array_index (lines, 1);
  g_assert_cmpstr (started->kind, ==, "rollback");
  g_assert_cmpint (started->state, ==, GANTRY_JOURNAL_STATE_STARTED);
  g_assert_cmpstr (started->identity_arn, ==, "arn:aws:iam::123456789012:user/Alice");
  g_assert_cmpstr (started->service, ==, "prod-api");
  g_assert_true (g_str_has_suffix (started->task_definition, "prod-api:6"));
  g_assert_cmpstr (done->id, ==, started->id);
  g_assert_cmpint (done->state, ==, GANTRY_JOURNAL_STATE_DONE);
}

static void
test_rollback_watch_failed (RollbackFixture *fixture,
                            gconstpointer    user_data)
{
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GantryJournalEntry *end;

  gantry_test_router_add (fixture->router, "DescribeTaskDefinition", 200,
                          "ecs-describe-task-definition-prod-api-6.json");
  gantry_test_router_add (fixture->router, "DescribeServices", 200,
                          "ecs-describe-services-rollback-failed.json");

  plan = plan_revision (fixture, "prod-api:6", &error);
  g_assert_no_error (error);
  summary = execute (fixture, plan, &error);
  /* A circuit-breaker failure is never reported as success. */
  g_assert_null (summary);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "circuit breaker"));

  lines = journal_lines (fixture);
  g_assert_cmpuint (lines->len, ==, 2);
  end = g_ptr_array_index (lines, 1);
  g_assert_cmpint (end->state, ==, GANTRY_JOURNAL_STATE_FAILED);
  g_assert_nonnull (strstr (end->message, "circuit breaker"));
}

static void
test_rollback_foreign_family (RollbackFixture *fixture,
                              gconstpointer    user_data)
{
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_router_add (fixture->router, "DescribeTaskDefinition", 200,
                          "ecs-describe-task-definition-prod-app.json");
  plan = plan_revision (fixture, "prod-app:2", &error);
  g_assert_null (plan);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "prod-app"));
  g_assert_cmpuint (gantry_test_router_get_n_calls (fixture->router, "UpdateService"), ==, 0);
  lines = journal_lines (fixture);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_rollback_image_deleted (RollbackFixture *fixture,
                             gconstpointer    user_data)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryRollback) rollback = NULL;
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The revision's pinned image is gone: refused at planning. */
  rollback = gantry_rollback_new (gantry_test_router_get_client (router), fixture->journal);
  gantry_test_router_add (router, "DescribeServices", 200, "ecs-describe-services-history.json");
  gantry_test_router_add (router, "DescribeTaskDefinition", 200,
                          "ecs-describe-task-definition-prod-api-6.json");
  gantry_test_router_add (router, "DescribeImages", 400, "ecr-error-image-not-found.json");
  gantry_rollback_plan_revision_async (rollback, "prod", "prod-api", "6", NULL, store_result,
                                       &result);
  await (&result);
  plan = gantry_rollback_plan_finish (rollback, result, &error);
  g_assert_null (plan);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "lifecycle policy"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/history/fallback-deployments", test_fallback_deployments);
  g_test_add_func ("/core/history/service-deployments", test_service_deployments);
  g_test_add_func ("/core/history/cloudtrail", test_cloudtrail);
  g_test_add_func ("/aws/cloudtrail/parse", test_cloudtrail_parse);
  g_test_add_func ("/core/history/cancelled", test_load_cancelled);
  g_test_add_func ("/core/history/lazy-pages", test_lazy_pages);
  g_test_add_func ("/core/history/filter-and-search", test_filter_and_search);
  g_test_add_func ("/core/history/export", test_export);
  g_test_add_func ("/core/history/last-healthy", test_last_healthy_marks);
  g_test_add ("/core/rollback/watch-completed", RollbackFixture, NULL, rollback_setup,
              test_rollback_watch_completed, rollback_teardown);
  g_test_add ("/core/rollback/watch-failed", RollbackFixture, NULL, rollback_setup,
              test_rollback_watch_failed, rollback_teardown);
  g_test_add ("/core/rollback/foreign-family", RollbackFixture, NULL, rollback_setup,
              test_rollback_foreign_family, rollback_teardown);
  g_test_add ("/core/rollback/image-deleted", RollbackFixture, NULL, rollback_setup,
              test_rollback_image_deleted, rollback_teardown);

  return g_test_run ();
}
