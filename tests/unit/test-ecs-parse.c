/* test-ecs-parse.c: the ECS service module against recorded-shape replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto does not model deployments (UpdateService leaves the old PRIMARY
 * IN_PROGRESS) nor return deploymentConfiguration, so rollout states and
 * the circuit breaker are checked here against replies in the shapes of the
 * AWS API reference, served by a scripted SoupServer (GantryTestReplay).
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-replay.h"

#define TARGET_PREFIX "AmazonEC2ContainerServiceV20141113."

typedef struct
{
  GantryTestReplay *replay;
  GantryAwsEcs     *ecs;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->replay = gantry_test_replay_new ();
  fixture->ecs = gantry_aws_ecs_new (gantry_test_replay_get_client (fixture->replay));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->ecs);
  gantry_test_replay_free_checked (fixture->replay);
}

#define SCRIPT(fixture, ...) GANTRY_TEST_REPLAY_SCRIPT ((fixture)->replay, __VA_ARGS__)

static void
assert_target (Fixture    *fixture,
               guint       index,
               const char *action)
{
  g_autofree char *expected = g_strconcat (TARGET_PREFIX, action, NULL);

  g_assert_cmpstr (gantry_test_replay_get_target (fixture->replay, index), ==, expected);
}

static GantryAwsEcsService *
describe_one_service (Fixture  *fixture,
                      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  const char *names[] = { "prod-api", NULL };

  gantry_aws_ecs_describe_services_async (fixture->ecs, "prod", names, NULL,
                                          gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  services = gantry_aws_ecs_describe_services_finish (fixture->ecs, result, error);
  if (services == NULL)
    return NULL;
  g_assert_cmpuint (services->len, ==, 1);
  return g_ptr_array_steal_index (services, 0);
}

static void
test_describe_clusters (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *names[] = { "prod", "staging", NULL };
  GantryAwsEcsCluster *cluster;
  JsonArray *include;

  SCRIPT (fixture, { 200, "ecs-describe-clusters.json" });

  gantry_aws_ecs_describe_clusters_async (fixture->ecs, names, NULL,
                                          gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  clusters = gantry_aws_ecs_describe_clusters_finish (fixture->ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 2);

  assert_target (fixture, 0, "DescribeClusters");
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  include = json_object_get_array_member (body, "include");
  g_assert_cmpuint (json_array_get_length (include), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (include, 0), ==, "SETTINGS");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "clusters")), ==,
                    2);

  cluster = g_ptr_array_index (clusters, 0);
  g_assert_cmpstr (cluster->name, ==, "prod");
  g_assert_cmpstr (cluster->arn, ==, "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
  g_assert_cmpstr (cluster->status, ==, "ACTIVE");
  g_assert_cmpstr (cluster->container_insights, ==, "enhanced");
  g_assert_cmpint (cluster->running_tasks, ==, 4);
  g_assert_cmpint (cluster->pending_tasks, ==, 1);
  g_assert_cmpint (cluster->active_services, ==, 2);

  /* No settings in the reply: the setting is unknown, not "disabled". */
  cluster = g_ptr_array_index (clusters, 1);
  g_assert_null (cluster->container_insights);
}

static void
test_describe_clusters_missing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "nope", NULL };

  SCRIPT (fixture, { 200, "ecs-describe-clusters-missing.json" });

  gantry_aws_ecs_describe_clusters_async (fixture->ecs, names, NULL,
                                          gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  clusters = gantry_aws_ecs_describe_clusters_finish (fixture->ecs, result, &error);
  g_assert_null (clusters);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, GANTRY_AWS_ECS_FAILURE_MISSING);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeClusters");
  g_assert_nonnull (strstr (error->message, "cluster/nope"));
}

static void
test_services_in_progress (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  GantryAwsEcsDeployment *primary, *old;
  GantryAwsEcsLoadBalancer *lb;
  GantryAwsEcsEvent *event;

  SCRIPT (fixture, { 200, "ecs-describe-services-in-progress.json" });

  service = describe_one_service (fixture, &error);
  g_assert_no_error (error);

  assert_target (fixture, 0, "DescribeServices");
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "cluster"), ==, "prod");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (body, "services"),
                                                  0), ==, "prod-api");

  g_assert_cmpstr (service->name, ==, "prod-api");
  g_assert_cmpstr (service->arn, ==, "arn:aws:ecs:us-east-1:123456789012:service/prod/prod-api");
  g_assert_cmpstr (service->cluster_arn, ==, "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
  g_assert_cmpstr (service->status, ==, "ACTIVE");
  g_assert_cmpstr (service->task_definition, ==,
                   "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:4");
  g_assert_cmpint (service->desired_count, ==, 2);
  g_assert_cmpint (service->running_count, ==, 3);
  g_assert_cmpint (service->pending_count, ==, 1);
  g_assert_cmpstr (service->launch_type, ==, "FARGATE");
  g_assert_nonnull (service->created_at);

  g_assert_true (service->has_circuit_breaker);
  g_assert_true (service->circuit_breaker_enable);
  g_assert_true (service->circuit_breaker_rollback);
  g_assert_cmpint (service->maximum_percent, ==, 200);
  g_assert_cmpint (service->minimum_healthy_percent, ==, 100);

  g_assert_cmpuint (g_strv_length (service->subnets), ==, 2);
  g_assert_cmpstr (service->subnets[0], ==, "subnet-0a1b2c3d4e5f60718");
  g_assert_cmpuint (g_strv_length (service->security_groups), ==, 1);
  g_assert_cmpstr (service->security_groups[0], ==, "sg-0123456789abcdef0");
  g_assert_cmpstr (service->assign_public_ip, ==, "DISABLED");

  g_assert_cmpuint (service->load_balancers->len, ==, 1);
  lb = g_ptr_array_index (service->load_balancers, 0);
  g_assert_nonnull (strstr (lb->target_group_arn, "targetgroup/prod-api-tg/"));
  g_assert_cmpstr (lb->container_name, ==, "prod-api");
  g_assert_cmpint (lb->container_port, ==, 8000);

  g_assert_cmpuint (service->deployments->len, ==, 2);
  primary = gantry_aws_ecs_service_get_primary (service);
  g_assert_nonnull (primary);
  g_assert_cmpstr (primary->id, ==, "ecs-svc/1111111111111111111");
  g_assert_cmpint (primary->status, ==, GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY);
  g_assert_cmpint (primary->rollout_state, ==, GANTRY_AWS_ECS_ROLLOUT_STATE_IN_PROGRESS);
  g_assert_cmpstr (gantry_aws_ecs_rollout_state_to_string (primary->rollout_state), ==,
                   "IN_PROGRESS");
  g_assert_nonnull (strstr (primary->rollout_state_reason, "in progress"));
  g_assert_cmpstr (primary->task_definition, ==,
                   "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:4");
  g_assert_cmpint (primary->desired_count, ==, 2);
  g_assert_cmpint (primary->running_count, ==, 1);
  g_assert_cmpint (primary->pending_count, ==, 1);
  g_assert_cmpint (primary->failed_tasks, ==, 0);
  g_assert_cmpint (g_date_time_to_unix (primary->created_at), ==, 1763400000);
  g_assert_cmpint (g_date_time_to_unix (primary->updated_at), ==, 1763400030);

  old = gantry_aws_ecs_service_get_deployment (service, "ecs-svc/0000000000000000000");
  g_assert_nonnull (old);
  g_assert_cmpint (old->status, ==, GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE);
  g_assert_cmpstr (gantry_aws_ecs_deployment_status_to_string (old->status), ==, "ACTIVE");
  g_assert_cmpint (old->rollout_state, ==, GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED);
  g_assert_null (gantry_aws_ecs_service_get_deployment (service, "ecs-svc/9"));

  g_assert_cmpuint (service->events->len, ==, 2);
  event = g_ptr_array_index (service->events, 0);
  g_assert_cmpstr (event->id, ==, "e-2");
  g_assert_nonnull (strstr (event->message, "has started 1 tasks"));
  g_assert_nonnull (event->created_at);
}

static void
test_services_completed (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsDeployment *primary;

  SCRIPT (fixture, { 200, "ecs-describe-services-completed.json" });

  service = describe_one_service (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (service->deployments->len, ==, 1);
  primary = gantry_aws_ecs_service_get_primary (service);
  g_assert_cmpstr (primary->id, ==, "ecs-svc/1111111111111111111");
  g_assert_cmpint (primary->rollout_state, ==, GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED);
  g_assert_cmpint (primary->running_count, ==, primary->desired_count);
  g_assert_cmpstr (((GantryAwsEcsEvent *) g_ptr_array_index (service->events, 0))->message, ==,
                   "(service prod-api) has reached a steady state.");
}

static void
test_services_failed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsDeployment *followed, *primary;

  SCRIPT (fixture, { 200, "ecs-describe-services-failed.json" });

  service = describe_one_service (fixture, &error);
  g_assert_no_error (error);

  /* The circuit breaker rolled back: the followed deployment FAILED and is
   * no longer PRIMARY; a new PRIMARY runs the old revision. */
  followed = gantry_aws_ecs_service_get_deployment (service, "ecs-svc/1111111111111111111");
  g_assert_nonnull (followed);
  g_assert_cmpint (followed->rollout_state, ==, GANTRY_AWS_ECS_ROLLOUT_STATE_FAILED);
  g_assert_cmpint (followed->status, ==, GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE);
  g_assert_cmpint (followed->failed_tasks, ==, 3);
  g_assert_cmpstr (followed->rollout_state_reason, ==,
                   "ECS deployment circuit breaker: tasks failed to start.");

  primary = gantry_aws_ecs_service_get_primary (service);
  g_assert_cmpstr (primary->id, ==, "ecs-svc/2222222222222222222");
  g_assert_true (g_str_has_suffix (primary->task_definition, "prod-api:3"));
  g_assert_nonnull (strstr (primary->rollout_state_reason, "rolling back"));
  g_assert_nonnull (strstr (((GantryAwsEcsEvent *) g_ptr_array_index (service->events,
                                                                      0))->message,
                            "deployment failed"));
}

static void
test_services_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecs-describe-services-missing.json" });

  service = describe_one_service (fixture, &error);
  g_assert_null (service);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, GANTRY_AWS_ECS_FAILURE_MISSING);
  g_assert_nonnull (strstr (error->message, "prod-nope"));
  g_assert_nonnull (strstr (error->message, "prod"));
}

static void
test_services_malformed (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;

  /* A deployment without an ID cannot be followed: the reply is refused. */
  SCRIPT (fixture, { 200, "ecs-describe-services-malformed.json" });

  service = describe_one_service (fixture, &error);
  g_assert_null (service);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeServices");
  g_assert_nonnull (strstr (error->message, "id"));
}

static void
test_services_minimal (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsEvent *event;

  /* Wrong types and missing optional members degrade to "unknown". */
  SCRIPT (fixture, { 200, "ecs-describe-services-minimal.json" });

  service = describe_one_service (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (service->desired_count, ==, 0);
  g_assert_cmpuint (service->deployments->len, ==, 0);
  g_assert_null (gantry_aws_ecs_service_get_primary (service));
  g_assert_false (service->has_circuit_breaker);
  g_assert_cmpint (service->maximum_percent, ==, 150);
  g_assert_cmpint (service->minimum_healthy_percent, ==, -1);
  g_assert_cmpuint (g_strv_length (service->subnets), ==, 1);
  g_assert_cmpuint (g_strv_length (service->security_groups), ==, 0);
  g_assert_cmpuint (service->load_balancers->len, ==, 0);
  g_assert_cmpuint (service->events->len, ==, 1);
  event = g_ptr_array_index (service->events, 0);
  g_assert_cmpstr (event->id, ==, "e-8");
  g_assert_null (event->created_at);
  g_assert_null (service->task_definition);
}

static GantryAwsEcsTaskDefinition *
describe_task_definition (Fixture  *fixture,
                          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ecs_describe_task_definition_async (fixture->ecs, "prod-api:3", NULL,
                                                 gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_ecs_describe_task_definition_finish (fixture->ecs, result, error);
}

static void
test_task_definition (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  GantryAwsEcsContainer *container;

  SCRIPT (fixture, { 200, "ecs-describe-task-definition.json" });

  td = describe_task_definition (fixture, &error);
  g_assert_no_error (error);
  assert_target (fixture, 0, "DescribeTaskDefinition");
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "taskDefinition"), ==, "prod-api:3");

  g_assert_cmpstr (td->arn, ==, "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:3");
  g_assert_cmpstr (td->family, ==, "prod-api");
  g_assert_cmpint (td->revision, ==, 3);
  g_assert_cmpstr (td->status, ==, "ACTIVE");
  g_assert_cmpint (g_date_time_to_unix (td->registered_at), ==, 1760000012);
  g_assert_cmpstr (td->registered_by, ==,
                   "arn:aws:sts::123456789012:assumed-role/deployer/ci");
  g_assert_cmpuint (td->containers->len, ==, 2);
  container = gantry_aws_ecs_task_definition_get_container (td, "prod-api");
  g_assert_nonnull (container);
  g_assert_true (g_str_has_prefix (container->image,
                                   "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend@sha256:"));
  g_assert_null (gantry_aws_ecs_task_definition_get_container (td, "nope"));
  /* Two containers: "the only one" is ambiguous. */
  g_assert_null (gantry_aws_ecs_task_definition_get_container (td, NULL));
  g_assert_true (json_object_has_member (td->raw, "requiresAttributes"));
}

static void
test_register_input (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const read_only[] = {
    "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
    "registeredAt", "registeredBy", "deregisteredAt",
  };
  const char *new_image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend@sha256:"
                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) expected = NULL;
  g_autoptr(JsonNode) input_node = NULL;
  g_autoptr(JsonNode) expected_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ambiguous = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(JsonObject) none2 = NULL;
  JsonArray *containers;
  const char *original_image;

  SCRIPT (fixture, { 200, "ecs-describe-task-definition.json" });

  td = describe_task_definition (fixture, &error);
  g_assert_no_error (error);
  original_image = gantry_aws_ecs_task_definition_get_container (td, "prod-api")->image;

  input = gantry_aws_ecs_task_definition_dup_register_input (td, "prod-api", new_image, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (read_only); i++)
    g_assert_false (json_object_has_member (input, read_only[i]));
  /* A null in the reply is not sent back. */
  g_assert_false (json_object_has_member (input, "ephemeralStorage"));

  containers = json_object_get_array_member (input, "containerDefinitions");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (containers, 0),
                                                  "image"), ==, new_image);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (containers, 1),
                                                  "image"), ==,
                   "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0");

  /* Everything else is carried over exactly: put the old image back and
   * the input equals the described definition minus the read-only members. */
  {
    g_autoptr(JsonNode) raw_node = json_node_init_object (json_node_alloc (), td->raw);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *text = json_to_string (raw_node, FALSE);

    json_parser_load_from_data (parser, text, -1, &error);
    g_assert_no_error (error);
    expected = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  }
  for (guint i = 0; i < G_N_ELEMENTS (read_only); i++)
    json_object_remove_member (expected, read_only[i]);
  json_object_remove_member (expected, "ephemeralStorage");
  json_object_set_string_member (json_array_get_object_element (containers, 0), "image",
                                 original_image);
  input_node = json_node_init_object (json_node_alloc (), input);
  expected_node = json_node_init_object (json_node_alloc (), expected);
  g_assert_true (json_node_equal (input_node, expected_node));

  /* The described definition itself is untouched. */
  g_assert_cmpstr (gantry_aws_ecs_task_definition_get_container (td, "prod-api")->image, ==,
                   original_image);
  g_assert_true (json_object_has_member (td->raw, "taskDefinitionArn"));

  none = gantry_aws_ecs_task_definition_dup_register_input (td, NULL, new_image, &ambiguous);
  g_assert_null (none);
  g_assert_error (ambiguous, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);

  none2 = gantry_aws_ecs_task_definition_dup_register_input (td, "prod-app", new_image, &unknown);
  g_assert_null (none2);
  g_assert_error (unknown, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (unknown->message, "prod-app"));
}

static void
test_task_definition_malformed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GantryAwsEcsTaskDefinition) td2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  SCRIPT (fixture, { 200, "ecs-describe-task-definition-no-revision.json" },
                   { 200, "ecs-describe-task-definition-no-image.json" });

  td = describe_task_definition (fixture, &error);
  g_assert_null (td);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "revision"));

  td2 = describe_task_definition (fixture, &error2);
  g_assert_null (td2);
  g_assert_error (error2, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error2->message, "image"));
}

static void
test_list_task_definitions (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  SCRIPT (fixture, { 200, "ecs-list-task-definitions-page1.json" },
                   { 200, "ecs-list-task-definitions-page2.json" });

  gantry_aws_ecs_list_task_definitions_async (fixture->ecs, "prod-api", 2, NULL,
                                              gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  arns = gantry_aws_ecs_list_task_definitions_finish (fixture->ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (arns), ==, 5);
  g_assert_true (g_str_has_suffix (arns[0], "prod-api:5"));
  g_assert_true (g_str_has_suffix (arns[4], "prod-api:1"));

  assert_target (fixture, 0, "ListTaskDefinitions");
  first = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "familyPrefix"), ==, "prod-api");
  g_assert_cmpstr (json_object_get_string_member (first, "sort"), ==, "DESC");
  g_assert_cmpint (json_object_get_int_member (first, "maxResults"), ==, 2);
  second = gantry_test_replay_dup_json_body (fixture->replay, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "nextToken"), ==, "td-page-2");
  g_assert_cmpstr (json_object_get_string_member (second, "sort"), ==, "DESC");
}

static void
test_register_and_update (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) register_body = NULL;
  g_autoptr(JsonObject) update_body = NULL;

  /* Both replies have the shape of the real ones (taskDefinition, service). */
  SCRIPT (fixture, { 200, "ecs-describe-task-definition.json" },
                   { 200, "ecs-update-service.json" });

  json_object_set_string_member (input, "family", "prod-api");
  gantry_aws_ecs_register_task_definition_async (fixture->ecs, input, NULL,
                                                 gantry_test_store_result, &r1);
  GANTRY_TEST_AWAIT (r1);
  td = gantry_aws_ecs_register_task_definition_finish (fixture->ecs, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (td->revision, ==, 3);
  assert_target (fixture, 0, "RegisterTaskDefinition");
  register_body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (register_body, "family"), ==, "prod-api");

  gantry_aws_ecs_update_service_async (fixture->ecs, "prod", "prod-api", td->arn, TRUE, NULL,
                                       gantry_test_store_result, &r2);
  GANTRY_TEST_AWAIT (r2);
  service = gantry_aws_ecs_update_service_finish (fixture->ecs, r2, &error);
  g_assert_no_error (error);
  assert_target (fixture, 1, "UpdateService");
  update_body = gantry_test_replay_dup_json_body (fixture->replay, 1);
  g_assert_cmpstr (json_object_get_string_member (update_body, "cluster"), ==, "prod");
  g_assert_cmpstr (json_object_get_string_member (update_body, "service"), ==, "prod-api");
  g_assert_cmpstr (json_object_get_string_member (update_body, "taskDefinition"), ==, td->arn);
  g_assert_true (json_object_get_boolean_member (update_body, "forceNewDeployment"));
  g_assert_cmpstr (gantry_aws_ecs_service_get_primary (service)->id, ==,
                   "ecs-svc/1111111111111111111");
}

static void
test_update_cluster_settings_unavailable (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsEcsCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  JsonObject *setting;

  /* moto's answer to UpdateClusterSettings. */
  SCRIPT (fixture, { 500, "moto-not-implemented-500.html" });

  gantry_aws_ecs_update_cluster_settings_async (fixture->ecs, "prod", "enabled", NULL,
                                                gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  cluster = gantry_aws_ecs_update_cluster_settings_finish (fixture->ecs, result, &error);
  g_assert_null (cluster);
  /* A bare HTTP 500 page: a clean error the caller reads as "not available
   * here", whichever of the two codes the engine picks. */
  g_assert_true (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE) ||
                 g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE));
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 500);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "UpdateClusterSettings");

  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  setting = json_array_get_object_element (json_object_get_array_member (body, "settings"), 0);
  g_assert_cmpstr (json_object_get_string_member (setting, "name"), ==, "containerInsights");
  g_assert_cmpstr (json_object_get_string_member (setting, "value"), ==, "enabled");
}

static void
test_update_cluster_settings (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsEcsCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecs-update-cluster-settings.json" });

  gantry_aws_ecs_update_cluster_settings_async (fixture->ecs, "prod", "enabled", NULL,
                                                gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  cluster = gantry_aws_ecs_update_cluster_settings_finish (fixture->ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cluster->container_insights, ==, "enabled");
  assert_target (fixture, 0, "UpdateClusterSettings");
}

static void
test_list_services_cluster_not_found (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 400, "ecs-error-cluster-not-found.json" });

  gantry_aws_ecs_list_services_async (fixture->ecs, "nope", 0, NULL,
                                      gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  arns = gantry_aws_ecs_list_services_finish (fixture->ecs, result, &error);
  g_assert_null (arns);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==,
                   GANTRY_AWS_ECS_ERROR_CLUSTER_NOT_FOUND);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecs-list-task-definitions-page2.json" });

  g_cancellable_cancel (cancellable);
  gantry_aws_ecs_list_clusters_async (fixture->ecs, 0, cancellable,
                                      gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  arns = gantry_aws_ecs_list_clusters_finish (fixture->ecs, result, &error);
  g_assert_null (arns);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/aws/ecs/describe-clusters/settings", test_describe_clusters);
  ADD ("/aws/ecs/describe-clusters/missing", test_describe_clusters_missing);
  ADD ("/aws/ecs/describe-services/in-progress", test_services_in_progress);
  ADD ("/aws/ecs/describe-services/completed", test_services_completed);
  ADD ("/aws/ecs/describe-services/failed-rolled-back", test_services_failed);
  ADD ("/aws/ecs/describe-services/missing", test_services_missing);
  ADD ("/aws/ecs/describe-services/malformed", test_services_malformed);
  ADD ("/aws/ecs/describe-services/minimal", test_services_minimal);
  ADD ("/aws/ecs/task-definition/describe", test_task_definition);
  ADD ("/aws/ecs/task-definition/register-input", test_register_input);
  ADD ("/aws/ecs/task-definition/malformed", test_task_definition_malformed);
  ADD ("/aws/ecs/list-task-definitions/pages", test_list_task_definitions);
  ADD ("/aws/ecs/register-and-update", test_register_and_update);
  ADD ("/aws/ecs/update-cluster-settings/ok", test_update_cluster_settings);
  ADD ("/aws/ecs/update-cluster-settings/not-available",
       test_update_cluster_settings_unavailable);
  ADD ("/aws/ecs/list-services/cluster-not-found", test_list_services_cluster_not_found);
  ADD ("/aws/ecs/cancelled", test_cancelled);

  return g_test_run ();
}
