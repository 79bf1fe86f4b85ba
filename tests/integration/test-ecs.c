/* test-ecs.c: GantryAwsEcs against moto with signature verification on
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto is seeded once with the demo account (cluster prod, services
 * prod-api and prod-app on revision 2 of three task families). Rollout
 * states, which moto does not model, are covered by test-ecs-parse. Only
 * the demo seed runs: the other moto tests measure its time and run in
 * parallel with this one on small machines.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

static GantryTestMoto *moto;

static GantryAwsClient *
new_client (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  gantry_aws_client_set_timeout (client, 10);
  return client;
}

static GantryAwsEcs *
new_ecs (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();

  return gantry_aws_ecs_new (client);
}

static GantryAwsEcsService *
describe_service (GantryAwsEcs  *ecs,
                  const char    *cluster,
                  const char    *name,
                  GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  const char *names[] = { name, NULL };

  gantry_aws_ecs_describe_services_async (ecs, cluster, names, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  services = gantry_aws_ecs_describe_services_finish (ecs, result, error);
  if (services == NULL)
    return NULL;
  g_assert_cmpuint (services->len, ==, 1);
  return g_ptr_array_steal_index (services, 0);
}

static GantryAwsEcsTaskDefinition *
describe_task_definition (GantryAwsEcs  *ecs,
                          const char    *name,
                          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ecs_describe_task_definition_async (ecs, name, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_aws_ecs_describe_task_definition_finish (ecs, result, error);
}

static void
test_list_task_definitions (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  /* moto 5.2.1 ignores maxResults and sort (test-ecs-parse covers both);
   * a small page size must still bring every revision. */
  gantry_aws_ecs_list_task_definitions_async (ecs, "prod-app", 1, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  arns = gantry_aws_ecs_list_task_definitions_finish (ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (arns), ==, 3);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *arn = NULL;

      arn = g_strdup_printf ("arn:aws:ecs:us-east-1:%s:task-definition/prod-app:%u",
                             GANTRY_TEST_MOTO_ACCOUNT_ID, i);

      g_assert_true (g_strv_contains ((const char * const *) arns, arn));
    }
}

static void
test_clusters_and_services (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_auto(GStrv) cluster_arns = NULL;
  g_auto(GStrv) service_arns = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "prod", NULL };
  GantryAwsEcsCluster *cluster;

  gantry_aws_ecs_list_clusters_async (ecs, 1, NULL, gantry_test_store_result, &r1);
  gantry_test_await (&r1);
  cluster_arns = gantry_aws_ecs_list_clusters_finish (ecs, r1, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) cluster_arns,
                                  "arn:aws:ecs:us-east-1:123456789012:cluster/prod"));

  gantry_aws_ecs_describe_clusters_async (ecs, names, NULL, gantry_test_store_result, &r2);
  gantry_test_await (&r2);
  clusters = gantry_aws_ecs_describe_clusters_finish (ecs, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 1);
  cluster = g_ptr_array_index (clusters, 0);
  g_assert_cmpstr (cluster->name, ==, "prod");
  g_assert_cmpstr (cluster->container_insights, ==, "enabled");

  gantry_aws_ecs_list_services_async (ecs, "prod", 1, NULL, gantry_test_store_result, &r3);
  gantry_test_await (&r3);
  service_arns = gantry_aws_ecs_list_services_finish (ecs, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (service_arns), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_str_has_suffix (service_arns[i], "/prod-api") ||
                   g_str_has_suffix (service_arns[i], "/prod-app"));
}

static void
test_describe_service (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsLoadBalancer *lb;

  service = describe_service (ecs, "prod", "prod-app", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service->name, ==, "prod-app");
  g_assert_cmpstr (service->status, ==, "ACTIVE");
  g_assert_true (g_str_has_suffix (service->task_definition, "task-definition/prod-app:2"));
  g_assert_cmpint (service->desired_count, ==, 2);
  g_assert_cmpstr (service->launch_type, ==, "FARGATE");
  g_assert_cmpuint (g_strv_length (service->subnets), ==, 2);
  g_assert_cmpuint (g_strv_length (service->security_groups), ==, 1);
  g_assert_cmpuint (service->load_balancers->len, ==, 1);
  lb = g_ptr_array_index (service->load_balancers, 0);
  g_assert_cmpstr (lb->container_name, ==, "prod-app");
  g_assert_cmpint (lb->container_port, ==, 8000);
  g_assert_nonnull (gantry_aws_ecs_service_get_primary (service));
}

/* The rollout half of a promotion: pin the candidate's digest into a new
 * revision of prod-api and move the service onto it. */
static void
test_register_and_update (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (client);
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GAsyncResult) image_result = NULL;
  g_autoptr(GAsyncResult) register_result = NULL;
  g_autoptr(GAsyncResult) update_result = NULL;
  g_autoptr(GantryAwsImage) candidate = NULL;
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GantryAwsEcsService) updated = NULL;
  g_autoptr(GantryAwsEcsService) described = NULL;
  g_autoptr(GantryAwsEcsTaskDefinition) current = NULL;
  g_autoptr(GantryAwsEcsTaskDefinition) registered = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) old_input = NULL;
  g_autoptr(JsonObject) new_input = NULL;
  g_autoptr(JsonNode) old_node = NULL;
  g_autoptr(JsonNode) new_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *repository_uri = NULL;
  const char *old_image;
  char *at;

  gantry_aws_ecr_get_image_async (ecr, "backend", "prod-candidate", NULL, gantry_test_store_result,
                                  &image_result);
  gantry_test_await (&image_result);
  candidate = gantry_aws_ecr_get_image_finish (ecr, image_result, &error);
  g_assert_no_error (error);

  service = describe_service (ecs, "prod", "prod-api", &error);
  g_assert_no_error (error);
  current = describe_task_definition (ecs, service->task_definition, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (current->family, ==, "prod-api");

  /* The demo pins images as REPOSITORY_URI@DIGEST; keep the URI part. */
  old_image = gantry_aws_ecs_task_definition_get_container (current, "prod-api")->image;
  repository_uri = g_strdup (old_image);
  at = strchr (repository_uri, '@');
  g_assert_nonnull (at);
  *at = '\0';
  pinned = g_strdup_printf ("%s@%s", repository_uri, candidate->digest);
  g_assert_cmpstr (pinned, !=, old_image);

  input = gantry_aws_ecs_task_definition_dup_register_input (current, "prod-api", pinned, &error);
  g_assert_no_error (error);
  gantry_aws_ecs_register_task_definition_async (ecs, input, NULL, gantry_test_store_result,
                                                 &register_result);
  gantry_test_await (&register_result);
  registered = gantry_aws_ecs_register_task_definition_finish (ecs, register_result, &error);
  g_assert_no_error (error);

  /* The demo registered three revisions; this is the fourth. */
  g_assert_cmpstr (registered->family, ==, "prod-api");
  g_assert_cmpint (registered->revision, ==, 4);
  g_assert_cmpstr (gantry_aws_ecs_task_definition_get_container (registered, "prod-api")->image,
                   ==, pinned);

  /* Only the image changed: both revisions, as register inputs with the
   * image left alone, differ in that one member. */
  old_input = gantry_aws_ecs_task_definition_dup_register_input (current, NULL, NULL, &error);
  g_assert_no_error (error);
  new_input = gantry_aws_ecs_task_definition_dup_register_input (registered, NULL, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (new_input,
                                                                 "containerDefinitions"), 0),
    "image", old_image);
  old_node = json_node_init_object (json_node_alloc (), old_input);
  new_node = json_node_init_object (json_node_alloc (), new_input);
  g_assert_true (json_node_equal (old_node, new_node));

  gantry_aws_ecs_update_service_async (ecs, "prod", "prod-api", registered->arn, FALSE, NULL,
                                       gantry_test_store_result, &update_result);
  gantry_test_await (&update_result);
  updated = gantry_aws_ecs_update_service_finish (ecs, update_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->task_definition, ==, registered->arn);

  described = describe_service (ecs, "prod", "prod-api", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (described->task_definition, ==, registered->arn);
}

static void
test_update_cluster_settings (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsEcsCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;

  /* moto answers HTTP 500: a clean GANTRY_AWS_ERROR the checks read as
   * "not available here". */
  gantry_aws_client_set_max_attempts (gantry_aws_ecs_get_client (ecs), 1);
  gantry_aws_ecs_update_cluster_settings_async (ecs, "prod", "enabled", NULL, gantry_test_store_result,
                                                &result);
  gantry_test_await (&result);
  cluster = gantry_aws_ecs_update_cluster_settings_finish (ecs, result, &error);
  g_assert_null (cluster);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GANTRY_AWS_ERROR);
  g_assert_true (error->code == GANTRY_AWS_ERROR_SERVICE ||
                 error->code == GANTRY_AWS_ERROR_NOT_AVAILABLE);
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 500);
}

static void
test_missing (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) td_error = NULL;
  g_autoptr(GError) cluster_error = NULL;

  service = describe_service (ecs, "prod", "prod-nope", &error);
  g_assert_null (service);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, GANTRY_AWS_ECS_FAILURE_MISSING);

  td = describe_task_definition (ecs, "no-such-family:1", &td_error);
  g_assert_null (td);
  g_assert_nonnull (td_error);
  g_assert_true (td_error->domain == GANTRY_AWS_ERROR);

  gantry_aws_ecs_list_services_async (ecs, "no-such-cluster", 0, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  arns = gantry_aws_ecs_list_services_finish (ecs, result, &cluster_error);
  g_assert_null (arns);
  g_assert_error (cluster_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (cluster_error), ==,
                   GANTRY_AWS_ECS_ERROR_CLUSTER_NOT_FOUND);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsEcs) ecs = new_ecs ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_ecs_list_task_definitions_async (ecs, "prod-app", 1, cancellable, gantry_test_store_result,
                                              &result);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  gantry_test_await (&result);
  arns = gantry_aws_ecs_list_task_definitions_finish (ecs, result, &error);
  g_assert_null (arns);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/ecs/list-task-definitions", test_list_task_definitions);
  g_test_add_func ("/integration/ecs/clusters-and-services", test_clusters_and_services);
  g_test_add_func ("/integration/ecs/describe-service", test_describe_service);
  g_test_add_func ("/integration/ecs/register-and-update", test_register_and_update);
  g_test_add_func ("/integration/ecs/update-cluster-settings", test_update_cluster_settings);
  g_test_add_func ("/integration/ecs/missing", test_missing);
  g_test_add_func ("/integration/ecs/cancelled", test_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
