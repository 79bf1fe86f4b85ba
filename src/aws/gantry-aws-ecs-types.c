/* gantry-aws-ecs-types.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-ecs"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "gantry-aws-ecs-types.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

/* Members of a described task definition that RegisterTaskDefinition does
 * not take: ECS sets them, and refuses a request that carries them. */
static const char * const read_only_task_definition_members[] = {
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
};

/* As in the ECR types: only what the product cannot do without is
 * required; the rest degrades to "unknown". */
static gboolean
require_string (JsonObject  *object,
                const char  *member,
                const char  *what,
                GError     **error)
{
  const char *value = gantry_aws_json_get_string (object, member);

  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
               _("The reply from ECS has %s without %s."), what, member);
  return FALSE;
}

static GStrv
dup_string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

static JsonObject *
array_get_object (JsonArray *array,
                  guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char * const deployment_statuses[] = {
  [GANTRY_AWS_ECS_DEPLOYMENT_STATUS_UNKNOWN] = NULL,
  [GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY] = "PRIMARY",
  [GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE] = "ACTIVE",
  [GANTRY_AWS_ECS_DEPLOYMENT_STATUS_INACTIVE] = "INACTIVE",
};

static const char * const rollout_states[] = {
  [GANTRY_AWS_ECS_ROLLOUT_STATE_UNKNOWN] = NULL,
  [GANTRY_AWS_ECS_ROLLOUT_STATE_IN_PROGRESS] = "IN_PROGRESS",
  [GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED] = "COMPLETED",
  [GANTRY_AWS_ECS_ROLLOUT_STATE_FAILED] = "FAILED",
};

static guint
lookup (const char * const *names,
        guint               n_names,
        const char         *text)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (names[i] != NULL && g_str_equal (names[i], text))
      return i;
  return 0;
}

/**
 * gantry_aws_ecs_deployment_status_to_string:
 *
 * Returns: (nullable): the API value, e.g. "PRIMARY"; %NULL for unknown
 */
const char *
gantry_aws_ecs_deployment_status_to_string (GantryAwsEcsDeploymentStatus status)
{
  return (guint) status < G_N_ELEMENTS (deployment_statuses) ? deployment_statuses[status] : NULL;
}

/**
 * gantry_aws_ecs_rollout_state_to_string:
 *
 * Returns: (nullable): the API value, e.g. "COMPLETED"; %NULL for unknown
 */
const char *
gantry_aws_ecs_rollout_state_to_string (GantryAwsEcsRolloutState state)
{
  return (guint) state < G_N_ELEMENTS (rollout_states) ? rollout_states[state] : NULL;
}

/* Clusters */

/**
 * gantry_aws_ecs_cluster_new_from_json:
 * @object: one element of DescribeClusters' `clusters`, or UpdateClusterSettings' `cluster`
 *
 * Returns: (transfer full): the cluster, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE if it has no ARN or name
 */
GantryAwsEcsCluster *
gantry_aws_ecs_cluster_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(GantryAwsEcsCluster) cluster = NULL;
  JsonArray *settings;

  if (!require_string (object, "clusterArn", _("a cluster"), error) ||
      !require_string (object, "clusterName", _("a cluster"), error))
    return NULL;

  cluster = g_new0 (GantryAwsEcsCluster, 1);
  cluster->arn = g_strdup (gantry_aws_json_get_string (object, "clusterArn"));
  cluster->name = g_strdup (gantry_aws_json_get_string (object, "clusterName"));
  cluster->status = g_strdup (gantry_aws_json_get_string (object, "status"));
  cluster->running_tasks = gantry_aws_json_get_int (object, "runningTasksCount", 0);
  cluster->pending_tasks = gantry_aws_json_get_int (object, "pendingTasksCount", 0);
  cluster->active_services = gantry_aws_json_get_int (object, "activeServicesCount", 0);

  settings = gantry_aws_json_get_array (object, "settings");
  for (guint i = 0; settings != NULL && i < json_array_get_length (settings); i++)
    {
      JsonObject *setting = array_get_object (settings, i);

      if (g_strcmp0 (gantry_aws_json_get_string (setting, "name"), "containerInsights") == 0)
        {
          g_free (cluster->container_insights);
          cluster->container_insights = g_strdup (gantry_aws_json_get_string (setting, "value"));
        }
    }

  return g_steal_pointer (&cluster);
}

void
gantry_aws_ecs_cluster_free (GantryAwsEcsCluster *cluster)
{
  if (cluster == NULL)
    return;
  g_free (cluster->arn);
  g_free (cluster->name);
  g_free (cluster->status);
  g_free (cluster->container_insights);
  g_free (cluster);
}

/* Services */

void
gantry_aws_ecs_deployment_free (GantryAwsEcsDeployment *deployment)
{
  if (deployment == NULL)
    return;
  g_free (deployment->id);
  g_free (deployment->task_definition);
  g_free (deployment->rollout_state_reason);
  g_clear_pointer (&deployment->created_at, g_date_time_unref);
  g_clear_pointer (&deployment->updated_at, g_date_time_unref);
  g_free (deployment->launch_type);
  g_free (deployment);
}

void
gantry_aws_ecs_event_free (GantryAwsEcsEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
  g_clear_pointer (&event->created_at, g_date_time_unref);
  g_free (event->message);
  g_free (event);
}

void
gantry_aws_ecs_load_balancer_free (GantryAwsEcsLoadBalancer *load_balancer)
{
  if (load_balancer == NULL)
    return;
  g_free (load_balancer->target_group_arn);
  g_free (load_balancer->load_balancer_name);
  g_free (load_balancer->container_name);
  g_free (load_balancer);
}

static GantryAwsEcsDeployment *
deployment_new_from_json (JsonObject  *object,
                          GError     **error)
{
  GantryAwsEcsDeployment *deployment;

  /* The rollout watch follows a deployment by its ID. */
  if (!require_string (object, "id", _("a deployment"), error))
    return NULL;

  deployment = g_new0 (GantryAwsEcsDeployment, 1);
  deployment->id = g_strdup (gantry_aws_json_get_string (object, "id"));
  deployment->status = lookup (deployment_statuses, G_N_ELEMENTS (deployment_statuses),
                               gantry_aws_json_get_string (object, "status"));
  deployment->task_definition = g_strdup (gantry_aws_json_get_string (object, "taskDefinition"));
  deployment->rollout_state = lookup (rollout_states, G_N_ELEMENTS (rollout_states),
                                      gantry_aws_json_get_string (object, "rolloutState"));
  deployment->rollout_state_reason =
    g_strdup (gantry_aws_json_get_string (object, "rolloutStateReason"));
  deployment->created_at = gantry_aws_json_get_timestamp (object, "createdAt");
  deployment->updated_at = gantry_aws_json_get_timestamp (object, "updatedAt");
  deployment->desired_count = gantry_aws_json_get_int (object, "desiredCount", 0);
  deployment->running_count = gantry_aws_json_get_int (object, "runningCount", 0);
  deployment->pending_count = gantry_aws_json_get_int (object, "pendingCount", 0);
  deployment->failed_tasks = gantry_aws_json_get_int (object, "failedTasks", 0);
  deployment->launch_type = g_strdup (gantry_aws_json_get_string (object, "launchType"));
  return deployment;
}

/**
 * gantry_aws_ecs_service_new_from_json:
 * @object: one element of DescribeServices' `services`, or UpdateService's `service`
 *
 * Returns: (transfer full): the service, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE if it or one of its deployments has no
 *   ARN, name or ID
 */
GantryAwsEcsService *
gantry_aws_ecs_service_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(GantryAwsEcsService) service = NULL;
  JsonObject *configuration, *breaker, *network;
  JsonArray *array;

  if (!require_string (object, "serviceArn", _("a service"), error) ||
      !require_string (object, "serviceName", _("a service"), error))
    return NULL;

  service = g_new0 (GantryAwsEcsService, 1);
  service->arn = g_strdup (gantry_aws_json_get_string (object, "serviceArn"));
  service->name = g_strdup (gantry_aws_json_get_string (object, "serviceName"));
  service->cluster_arn = g_strdup (gantry_aws_json_get_string (object, "clusterArn"));
  service->status = g_strdup (gantry_aws_json_get_string (object, "status"));
  service->task_definition = g_strdup (gantry_aws_json_get_string (object, "taskDefinition"));
  service->desired_count = gantry_aws_json_get_int (object, "desiredCount", 0);
  service->running_count = gantry_aws_json_get_int (object, "runningCount", 0);
  service->pending_count = gantry_aws_json_get_int (object, "pendingCount", 0);
  service->launch_type = g_strdup (gantry_aws_json_get_string (object, "launchType"));
  service->created_at = gantry_aws_json_get_timestamp (object, "createdAt");

  configuration = gantry_aws_json_get_object (object, "deploymentConfiguration");
  breaker = gantry_aws_json_get_object (configuration, "deploymentCircuitBreaker");
  service->has_circuit_breaker = breaker != NULL;
  service->circuit_breaker_enable = gantry_aws_json_get_bool (breaker, "enable", FALSE);
  service->circuit_breaker_rollback = gantry_aws_json_get_bool (breaker, "rollback", FALSE);
  service->maximum_percent = gantry_aws_json_get_int (configuration, "maximumPercent", -1);
  service->minimum_healthy_percent =
    gantry_aws_json_get_int (configuration, "minimumHealthyPercent", -1);

  network = gantry_aws_json_get_object (gantry_aws_json_get_object (object,
                                                                    "networkConfiguration"),
                                        "awsvpcConfiguration");
  service->subnets = dup_string_array (gantry_aws_json_get_array (network, "subnets"));
  service->security_groups =
    dup_string_array (gantry_aws_json_get_array (network, "securityGroups"));
  service->assign_public_ip = g_strdup (gantry_aws_json_get_string (network, "assignPublicIp"));

  service->deployments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_ecs_deployment_free);
  array = gantry_aws_json_get_array (object, "deployments");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      GantryAwsEcsDeployment *deployment;
      JsonObject *item = array_get_object (array, i);

      if (item == NULL)
        continue;
      deployment = deployment_new_from_json (item, error);
      if (deployment == NULL)
        return NULL;
      g_ptr_array_add (service->deployments, deployment);
    }

  /* Events are informational: one without an ID or message is skipped. */
  service->events = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_ecs_event_free);
  array = gantry_aws_json_get_array (object, "events");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_get_object (array, i);
      GantryAwsEcsEvent *event;

      if (gantry_aws_json_get_string (item, "id") == NULL ||
          gantry_aws_json_get_string (item, "message") == NULL)
        continue;

      event = g_new0 (GantryAwsEcsEvent, 1);
      event->id = g_strdup (gantry_aws_json_get_string (item, "id"));
      event->message = g_strdup (gantry_aws_json_get_string (item, "message"));
      event->created_at = gantry_aws_json_get_timestamp (item, "createdAt");
      g_ptr_array_add (service->events, event);
    }

  service->load_balancers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_ecs_load_balancer_free);
  array = gantry_aws_json_get_array (object, "loadBalancers");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_get_object (array, i);
      GantryAwsEcsLoadBalancer *lb;

      if (item == NULL)
        continue;

      lb = g_new0 (GantryAwsEcsLoadBalancer, 1);
      lb->target_group_arn = g_strdup (gantry_aws_json_get_string (item, "targetGroupArn"));
      lb->load_balancer_name = g_strdup (gantry_aws_json_get_string (item, "loadBalancerName"));
      lb->container_name = g_strdup (gantry_aws_json_get_string (item, "containerName"));
      lb->container_port = gantry_aws_json_get_int (item, "containerPort", 0);
      g_ptr_array_add (service->load_balancers, lb);
    }

  return g_steal_pointer (&service);
}

/**
 * gantry_aws_ecs_service_get_primary:
 *
 * Returns: (transfer none) (nullable): the PRIMARY deployment
 */
GantryAwsEcsDeployment *
gantry_aws_ecs_service_get_primary (GantryAwsEcsService *service)
{
  g_return_val_if_fail (service != NULL, NULL);

  for (guint i = 0; i < service->deployments->len; i++)
    {
      GantryAwsEcsDeployment *deployment = g_ptr_array_index (service->deployments, i);

      if (deployment->status == GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY)
        return deployment;
    }

  return NULL;
}

/**
 * gantry_aws_ecs_service_get_deployment:
 * @id: a deployment ID
 *
 * Returns: (transfer none) (nullable): the deployment, %NULL if the service
 *   no longer lists it
 */
GantryAwsEcsDeployment *
gantry_aws_ecs_service_get_deployment (GantryAwsEcsService *service,
                                       const char          *id)
{
  g_return_val_if_fail (service != NULL, NULL);

  for (guint i = 0; id != NULL && i < service->deployments->len; i++)
    {
      GantryAwsEcsDeployment *deployment = g_ptr_array_index (service->deployments, i);

      if (g_str_equal (deployment->id, id))
        return deployment;
    }

  return NULL;
}

void
gantry_aws_ecs_service_free (GantryAwsEcsService *service)
{
  if (service == NULL)
    return;
  g_free (service->arn);
  g_free (service->name);
  g_free (service->cluster_arn);
  g_free (service->status);
  g_free (service->task_definition);
  g_free (service->launch_type);
  g_clear_pointer (&service->created_at, g_date_time_unref);
  g_strfreev (service->subnets);
  g_strfreev (service->security_groups);
  g_free (service->assign_public_ip);
  g_clear_pointer (&service->deployments, g_ptr_array_unref);
  g_clear_pointer (&service->events, g_ptr_array_unref);
  g_clear_pointer (&service->load_balancers, g_ptr_array_unref);
  g_free (service);
}

/* Task definitions */

void
gantry_aws_ecs_container_free (GantryAwsEcsContainer *container)
{
  if (container == NULL)
    return;
  g_free (container->name);
  g_free (container->image);
  g_free (container);
}

/**
 * gantry_aws_ecs_task_definition_new_from_json:
 * @object: DescribeTaskDefinition's or RegisterTaskDefinition's `taskDefinition`
 *
 * Returns: (transfer full): the task definition, keeping @object (a
 *   reference) as its raw form; %NULL with %GANTRY_AWS_ERROR_BAD_RESPONSE if
 *   it has no ARN, family or revision, or a container has no name or image
 */
GantryAwsEcsTaskDefinition *
gantry_aws_ecs_task_definition_new_from_json (JsonObject  *object,
                                              GError     **error)
{
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  JsonArray *containers;

  if (!require_string (object, "taskDefinitionArn", _("a task definition"), error) ||
      !require_string (object, "family", _("a task definition"), error))
    return NULL;

  if (gantry_aws_json_get_int (object, "revision", 0) <= 0)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECS has %s without %s."), _("a task definition"),
                   "revision");
      return NULL;
    }

  td = g_new0 (GantryAwsEcsTaskDefinition, 1);
  td->arn = g_strdup (gantry_aws_json_get_string (object, "taskDefinitionArn"));
  td->family = g_strdup (gantry_aws_json_get_string (object, "family"));
  td->revision = gantry_aws_json_get_int (object, "revision", 0);
  td->status = g_strdup (gantry_aws_json_get_string (object, "status"));
  td->registered_at = gantry_aws_json_get_timestamp (object, "registeredAt");
  td->registered_by = g_strdup (gantry_aws_json_get_string (object, "registeredBy"));
  td->raw = json_object_ref (object);

  td->containers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_ecs_container_free);
  containers = gantry_aws_json_get_array (object, "containerDefinitions");
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *item = array_get_object (containers, i);
      GantryAwsEcsContainer *container;

      if (!require_string (item, "name", _("a container definition"), error) ||
          !require_string (item, "image", _("a container definition"), error))
        return NULL;

      container = g_new0 (GantryAwsEcsContainer, 1);
      container->name = g_strdup (gantry_aws_json_get_string (item, "name"));
      container->image = g_strdup (gantry_aws_json_get_string (item, "image"));
      g_ptr_array_add (td->containers, container);
    }

  return g_steal_pointer (&td);
}

/**
 * gantry_aws_ecs_task_definition_get_container:
 * @name: (nullable): a container name, or %NULL for the only container
 *
 * Returns: (transfer none) (nullable): the container; %NULL if there is no
 *   such container, or @name is %NULL and there is not exactly one
 */
GantryAwsEcsContainer *
gantry_aws_ecs_task_definition_get_container (GantryAwsEcsTaskDefinition *td,
                                              const char                 *name)
{
  g_return_val_if_fail (td != NULL, NULL);

  if (name == NULL)
    return td->containers->len == 1 ? g_ptr_array_index (td->containers, 0) : NULL;

  for (guint i = 0; i < td->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);

      if (g_str_equal (container->name, name))
        return container;
    }

  return NULL;
}

static JsonNode *deep_copy (JsonNode *node);

static JsonObject *
deep_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, deep_copy (member));
  return copy;
}

/* json_node_copy() shares the objects and arrays of a parsed (immutable)
 * reply instead of copying them, and immutable ones cannot be edited: build
 * fresh, mutable nodes all the way down. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, deep_copy_object (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy, deep_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
      {
        g_auto(GValue) value = G_VALUE_INIT;

        json_node_get_value (node, &value);
        copy = json_node_new (JSON_NODE_VALUE);
        json_node_set_value (copy, &value);
        return copy;
      }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/**
 * gantry_aws_ecs_task_definition_dup_register_input:
 * @td: a described task definition
 * @container_name: (nullable): the container whose image changes; %NULL for
 *   the only one
 * @new_image: (nullable): its new image, e.g. "…/backend@sha256:…"; %NULL
 *   to keep every image
 * @error: return location for a %GANTRY_AWS_ERROR_CONFIG error when there is
 *   no such container
 *
 * Builds the RegisterTaskDefinition input that registers @td again with only
 * one container's image changed: every other member is carried over as ECS
 * described it, the read-only ones (ARN, revision, status, …) are dropped.
 *
 * Returns: (transfer full): the input, a deep copy independent of @td
 */
JsonObject *
gantry_aws_ecs_task_definition_dup_register_input (GantryAwsEcsTaskDefinition  *td,
                                                   const char                  *container_name,
                                                   const char                  *new_image,
                                                   GError                     **error)
{
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GList) members = NULL;
  JsonArray *containers;
  gboolean found = FALSE;

  g_return_val_if_fail (td != NULL && td->raw != NULL, NULL);

  if (new_image != NULL &&
      gantry_aws_ecs_task_definition_get_container (td, container_name) == NULL)
    {
      if (container_name != NULL)
        g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                     _("The task definition %s:%" PRId64 " has no container named "
                       "“%s”."), td->family, td->revision, container_name);
      else
        g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                     _("The task definition %s:%" PRId64 " has %u containers; name "
                       "the one whose image changes."), td->family, td->revision,
                     td->containers->len);
      return NULL;
    }

  input = deep_copy_object (td->raw);

  for (guint i = 0; i < G_N_ELEMENTS (read_only_task_definition_members); i++)
    json_object_remove_member (input, read_only_task_definition_members[i]);

  /* A null member is "not set" in the reply but a type error in a request. */
  members = json_object_get_members (input);
  for (GList *l = members; l != NULL; l = l->next)
    if (JSON_NODE_HOLDS_NULL (json_object_get_member (input, l->data)))
      json_object_remove_member (input, l->data);

  containers = gantry_aws_json_get_array (input, "containerDefinitions");
  for (guint i = 0; new_image != NULL && containers != NULL &&
       i < json_array_get_length (containers); i++)
    {
      JsonObject *container = array_get_object (containers, i);
      const char *name = gantry_aws_json_get_string (container, "name");

      if (container_name == NULL || g_strcmp0 (name, container_name) == 0)
        {
          json_object_set_string_member (container, "image", new_image);
          found = TRUE;
          break;
        }
    }

  g_assert (found || new_image == NULL);
  return g_steal_pointer (&input);
}

void
gantry_aws_ecs_task_definition_free (GantryAwsEcsTaskDefinition *td)
{
  if (td == NULL)
    return;
  g_free (td->arn);
  g_free (td->family);
  g_free (td->status);
  g_clear_pointer (&td->registered_at, g_date_time_unref);
  g_free (td->registered_by);
  g_clear_pointer (&td->containers, g_ptr_array_unref);
  g_clear_pointer (&td->raw, json_object_unref);
  g_free (td);
}
