/* gantry-aws-ecs-deployments.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ListServiceDeployments, DescribeServiceDeployments and
 * DescribeServiceRevisions: the deployment history ECS keeps after a
 * deployment leaves DescribeServices. Kept apart from gantry-aws-ecs.c
 * because only the History page needs them, and accounts or emulators that
 * lack them (moto answers HTTP 500) must not affect the rest of ECS.
 */

#define G_LOG_DOMAIN "gantry-aws-ecs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-ecs-deployments.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

#define ACTION_LIST_SERVICE_DEPLOYMENTS     "ListServiceDeployments"
#define ACTION_DESCRIBE_SERVICE_DEPLOYMENTS "DescribeServiceDeployments"
#define ACTION_DESCRIBE_SERVICE_REVISIONS   "DescribeServiceRevisions"

#define TOKEN_MEMBER "nextToken"
#define PAGE_SIZE    100

void
gantry_aws_ecs_service_deployment_free (GantryAwsEcsServiceDeployment *deployment)
{
  if (deployment == NULL)
    return;

  g_free (deployment->arn);
  g_free (deployment->service_arn);
  g_free (deployment->cluster_arn);
  g_free (deployment->status);
  g_free (deployment->status_reason);
  g_clear_pointer (&deployment->created_at, g_date_time_unref);
  g_clear_pointer (&deployment->started_at, g_date_time_unref);
  g_clear_pointer (&deployment->finished_at, g_date_time_unref);
  g_free (deployment->target_revision_arn);
  g_strfreev (deployment->source_revision_arns);
  g_free (deployment->rollback_reason);
  g_free (deployment->rollback_revision_arn);
  g_free (deployment->circuit_breaker_status);
  g_free (deployment->task_definition);
  g_free (deployment);
}

void
gantry_aws_ecs_service_revision_free (GantryAwsEcsServiceRevision *revision)
{
  if (revision == NULL)
    return;

  g_free (revision->arn);
  g_free (revision->service_arn);
  g_free (revision->task_definition);
  g_clear_pointer (&revision->created_at, g_date_time_unref);
  g_free (revision);
}

static char *
dup_string (JsonObject *object,
            const char *member)
{
  return g_strdup (gantry_aws_json_get_string (object, member));
}

/**
 * gantry_aws_ecs_service_deployment_new_from_json:
 * @object: a ServiceDeploymentBrief or a ServiceDeployment
 *
 * Returns: (transfer full): the deployment, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE when it has no serviceDeploymentArn
 */
GantryAwsEcsServiceDeployment *
gantry_aws_ecs_service_deployment_new_from_json (JsonObject  *object,
                                                 GError     **error)
{
  GantryAwsEcsServiceDeployment *deployment;
  JsonObject *target, *rollback, *breaker;
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();
  JsonArray *array;

  if (gantry_aws_json_get_string (object, "serviceDeploymentArn") == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECS has a service deployment without an ARN."));
      return NULL;
    }

  deployment = g_new0 (GantryAwsEcsServiceDeployment, 1);
  deployment->arn = dup_string (object, "serviceDeploymentArn");
  deployment->service_arn = dup_string (object, "serviceArn");
  deployment->cluster_arn = dup_string (object, "clusterArn");
  deployment->status = dup_string (object, "status");
  deployment->status_reason = dup_string (object, "statusReason");
  deployment->created_at = gantry_aws_json_get_timestamp (object, "createdAt");
  deployment->started_at = gantry_aws_json_get_timestamp (object, "startedAt");
  deployment->finished_at = gantry_aws_json_get_timestamp (object, "finishedAt");

  target = gantry_aws_json_get_object (object, "targetServiceRevision");
  deployment->target_revision_arn = dup_string (target, "arn");
  if (deployment->target_revision_arn == NULL)
    deployment->target_revision_arn = dup_string (object, "targetServiceRevisionArn");
  deployment->requested_count = gantry_aws_json_get_int (target, "requestedTaskCount", -1);
  deployment->running_count = gantry_aws_json_get_int (target, "runningTaskCount", -1);

  array = gantry_aws_json_get_array (object, "sourceServiceRevisions");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *arn;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      arn = gantry_aws_json_get_string (json_node_get_object (node), "arn");
      if (arn != NULL)
        g_strv_builder_add (sources, arn);
    }
  deployment->source_revision_arns = g_strv_builder_end (sources);

  rollback = gantry_aws_json_get_object (object, "rollback");
  deployment->rollback_reason = dup_string (rollback, "reason");
  deployment->rollback_revision_arn = dup_string (rollback, "serviceRevisionArn");
  breaker = gantry_aws_json_get_object (object, "deploymentCircuitBreaker");
  deployment->circuit_breaker_status = dup_string (breaker, "status");

  return deployment;
}

/**
 * gantry_aws_ecs_service_deployment_is_rolled_back:
 *
 * Returns: whether ECS rolled @deployment back (by the circuit breaker, an
 *   alarm, or a user), whatever the rollback's own outcome
 */
gboolean
gantry_aws_ecs_service_deployment_is_rolled_back (GantryAwsEcsServiceDeployment *deployment)
{
  g_return_val_if_fail (deployment != NULL, FALSE);

  return deployment->rollback_reason != NULL ||
         deployment->rollback_revision_arn != NULL ||
         g_strcmp0 (deployment->circuit_breaker_status, "TRIGGERED") == 0 ||
         (deployment->status != NULL && g_str_has_prefix (deployment->status, "ROLLBACK_"));
}

static GantryAwsEcsServiceRevision *
service_revision_new_from_json (JsonObject  *object,
                                GError     **error)
{
  GantryAwsEcsServiceRevision *revision;

  if (gantry_aws_json_get_string (object, "serviceRevisionArn") == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECS has a service revision without an ARN."));
      return NULL;
    }

  revision = g_new0 (GantryAwsEcsServiceRevision, 1);
  revision->arn = dup_string (object, "serviceRevisionArn");
  revision->service_arn = dup_string (object, "serviceArn");
  revision->task_definition = dup_string (object, "taskDefinition");
  revision->created_at = gantry_aws_json_get_timestamp (object, "createdAt");
  return revision;
}

typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

typedef struct
{
  const char     *action;
  const char     *member;
  NewFromJson     new_from_json;
  GDestroyNotify  free_func;
  gboolean        paged;
} CallData;

/* Every page's @data->member, each through @data->new_from_json. */
static GPtrArray *
collect (GPtrArray       *pages,
         const CallData  *data,
         GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (data->free_func);

  for (guint p = 0; p < pages->len; p++)
    {
      JsonArray *array = gantry_aws_json_get_array (g_ptr_array_index (pages, p), data->member);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          gpointer item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                           _("The reply from ECS has an entry of %s that is not an object."),
                           data->member);
              return NULL;
            }
          item = data->new_from_json (json_node_get_object (node), error);
          if (item == NULL)
            return NULL;
          g_ptr_array_add (items, item);
        }
    }

  return g_steal_pointer (&items);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsClient *client = GANTRY_AWS_CLIENT (object);
  const CallData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (data->paged)
    {
      pages = gantry_aws_client_paginate_json_finish (client, result, &error);
    }
  else
    {
      JsonObject *reply = gantry_aws_client_call_json_finish (client, result, &error);

      if (reply != NULL)
        {
          pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          g_ptr_array_add (pages, reply);
        }
    }

  if (pages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = collect (pages, data, &error);
  if (items == NULL)
    {
      gantry_aws_error_set_details (error, NULL, data->action, 200, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static const CallData list_deployments_data = {
  ACTION_LIST_SERVICE_DEPLOYMENTS, "serviceDeployments",
  (NewFromJson) gantry_aws_ecs_service_deployment_new_from_json,
  (GDestroyNotify) gantry_aws_ecs_service_deployment_free, TRUE,
};

static const CallData describe_deployments_data = {
  ACTION_DESCRIBE_SERVICE_DEPLOYMENTS, "serviceDeployments",
  (NewFromJson) gantry_aws_ecs_service_deployment_new_from_json,
  (GDestroyNotify) gantry_aws_ecs_service_deployment_free, FALSE,
};

static const CallData describe_revisions_data = {
  ACTION_DESCRIBE_SERVICE_REVISIONS, "serviceRevisions",
  (NewFromJson) service_revision_new_from_json,
  (GDestroyNotify) gantry_aws_ecs_service_revision_free, FALSE,
};

static void
start_call (GantryAwsEcs        *ecs,
            const CallData      *data,
            JsonObject          *input,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GantryAwsClient *client = gantry_aws_ecs_get_client (ecs);
  GTask *task = g_task_new (ecs, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) data, NULL);

  if (data->paged)
    gantry_aws_client_paginate_json_async (client, &gantry_aws_service_ecs, data->action, input,
                                           TOKEN_MEMBER, cancellable, call_cb, task);
  else
    gantry_aws_client_call_json_async (client, &gantry_aws_service_ecs, data->action, input,
                                       cancellable, call_cb, task);
}

static JsonArray *
string_array_new (const char * const *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings[i] != NULL; i++)
    json_array_add_string_element (array, strings[i]);
  return array;
}

/**
 * gantry_aws_ecs_list_service_deployments_async:
 * @cluster: (nullable): the cluster name or ARN; %NULL for "default"
 * @service: the service name or ARN
 *
 * Lists the service's deployments (brief form), newest first, following
 * `nextToken`.
 */
void
gantry_aws_ecs_list_service_deployments_async (GantryAwsEcs        *ecs,
                                               const char          *cluster,
                                               const char          *service,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (GANTRY_IS_AWS_ECS (ecs));
  g_return_if_fail (service != NULL);

  if (cluster != NULL)
    json_object_set_string_member (input, "cluster", cluster);
  json_object_set_string_member (input, "service", service);
  json_object_set_int_member (input, "maxResults", PAGE_SIZE);
  start_call (ecs, &list_deployments_data, input, gantry_aws_ecs_list_service_deployments_async,
              cancellable, callback, user_data);
}

/**
 * gantry_aws_ecs_list_service_deployments_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcsServiceDeployment):
 *   the deployments in brief form
 */
GPtrArray *
gantry_aws_ecs_list_service_deployments_finish (GantryAwsEcs  *ecs,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ecs), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_ecs_describe_service_deployments_async:
 * @arns: (array zero-terminated=1): 1 to %GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS
 *   service-deployment ARNs
 *
 * Describes service deployments in full: counts, rollback and circuit
 * breaker. ARNs ECS does not know are left out of the result.
 */
void
gantry_aws_ecs_describe_service_deployments_async (GantryAwsEcs        *ecs,
                                                   const char * const  *arns,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (GANTRY_IS_AWS_ECS (ecs));
  g_return_if_fail (arns != NULL && arns[0] != NULL);
  g_return_if_fail (g_strv_length ((GStrv) arns) <= GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS);

  json_object_set_array_member (input, "serviceDeploymentArns", string_array_new (arns));
  start_call (ecs, &describe_deployments_data, input,
              gantry_aws_ecs_describe_service_deployments_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_ecs_describe_service_deployments_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcsServiceDeployment):
 *   the deployments
 */
GPtrArray *
gantry_aws_ecs_describe_service_deployments_finish (GantryAwsEcs  *ecs,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ecs), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_ecs_describe_service_revisions_async:
 * @arns: (array zero-terminated=1): 1 to %GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS
 *   service-revision ARNs
 *
 * Describes service revisions: which task definition each deployed.
 */
void
gantry_aws_ecs_describe_service_revisions_async (GantryAwsEcs        *ecs,
                                                 const char * const  *arns,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (GANTRY_IS_AWS_ECS (ecs));
  g_return_if_fail (arns != NULL && arns[0] != NULL);
  g_return_if_fail (g_strv_length ((GStrv) arns) <= GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS);

  json_object_set_array_member (input, "serviceRevisionArns", string_array_new (arns));
  start_call (ecs, &describe_revisions_data, input,
              gantry_aws_ecs_describe_service_revisions_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_ecs_describe_service_revisions_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcsServiceRevision):
 *   the revisions
 */
GPtrArray *
gantry_aws_ecs_describe_service_revisions_finish (GantryAwsEcs  *ecs,
                                                  GAsyncResult  *result,
                                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ecs), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
