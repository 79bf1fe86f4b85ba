/* gantry-aws-ecs.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-ecs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-aws-ecs.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

/* The ECS actions Gantry uses: the one place their names are spelled. */
#define ACTION_LIST_CLUSTERS             "ListClusters"
#define ACTION_DESCRIBE_CLUSTERS         "DescribeClusters"
#define ACTION_LIST_SERVICES             "ListServices"
#define ACTION_DESCRIBE_SERVICES         "DescribeServices"
#define ACTION_DESCRIBE_TASK_DEFINITION  "DescribeTaskDefinition"
#define ACTION_LIST_TASK_DEFINITIONS     "ListTaskDefinitions"
#define ACTION_REGISTER_TASK_DEFINITION  "RegisterTaskDefinition"
#define ACTION_UPDATE_SERVICE            "UpdateService"
#define ACTION_UPDATE_CLUSTER_SETTINGS   "UpdateClusterSettings"

#define TOKEN_MEMBER "nextToken"

/* DescribeServices takes at most this many services per call. */
#define MAX_DESCRIBE_SERVICES 10

struct _GantryAwsEcs
{
  GObject          parent_instance;
  GantryAwsClient *client;
};

G_DEFINE_FINAL_TYPE (GantryAwsEcs, gantry_aws_ecs, G_TYPE_OBJECT)

typedef struct _CallData CallData;

typedef gpointer (*ParseFunc) (GantryAwsEcs  *self,
                               CallData      *data,
                               GPtrArray     *pages,
                               GError       **error);

struct _CallData
{
  const char     *action;
  const char     *member;
  char           *cluster;
  ParseFunc       parse;
  GDestroyNotify  result_free;
  gboolean        paged;
};

static void
call_data_free (CallData *data)
{
  g_free (data->cluster);
  g_free (data);
}

static void
gantry_aws_ecs_dispose (GObject *object)
{
  GantryAwsEcs *self = GANTRY_AWS_ECS (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_ecs_parent_class)->dispose (object);
}

static void
gantry_aws_ecs_class_init (GantryAwsEcsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_ecs_dispose;
}

static void
gantry_aws_ecs_init (GantryAwsEcs *self)
{
}

/**
 * gantry_aws_ecs_new:
 *
 * Returns: (transfer full): the ECS API on @client
 */
GantryAwsEcs *
gantry_aws_ecs_new (GantryAwsClient *client)
{
  GantryAwsEcs *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_ECS, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * gantry_aws_ecs_get_client:
 *
 * Returns: (transfer none): the client calls go through
 */
GantryAwsClient *
gantry_aws_ecs_get_client (GantryAwsEcs *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_ECS (self), NULL);
  return self->client;
}

static const char *
region (GantryAwsEcs *self)
{
  const char *name = gantry_aws_client_get_region (self->client);

  return name != NULL ? name : "?";
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsEcs *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  gpointer parsed;

  if (data->paged)
    {
      pages = gantry_aws_client_paginate_json_finish (self->client, result, &error);
    }
  else
    {
      JsonObject *reply = gantry_aws_client_call_json_finish (self->client, result, &error);

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

  parsed = data->parse (self, data, pages, &error);
  if (error != NULL)
    {
      if (gantry_aws_error_get_action (error) == NULL)
        gantry_aws_error_set_details (error, gantry_aws_error_get_aws_code (error),
                                      data->action, 200, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, data->result_free);
}

static CallData *
call_data_new (const char     *action,
               const char     *member,
               const char     *cluster,
               ParseFunc       parse,
               GDestroyNotify  result_free)
{
  CallData *data = g_new0 (CallData, 1);

  data->action = action;
  data->member = member;
  data->cluster = g_strdup (cluster);
  data->parse = parse;
  data->result_free = result_free;
  return data;
}

/* Starts the call for @task (transfer full), whose data @data becomes. */
static void
start_call (GantryAwsEcs *self,
            GTask        *task,
            CallData     *data,
            JsonObject   *input)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  if (data->paged)
    gantry_aws_client_paginate_json_async (self->client, &gantry_aws_service_ecs, data->action,
                                           input, TOKEN_MEMBER, cancellable, call_cb, task);
  else
    gantry_aws_client_call_json_async (self->client, &gantry_aws_service_ecs, data->action,
                                       input, cancellable, call_cb, task);
}

static JsonArray *
string_array_new (const char * const *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings[i] != NULL; i++)
    json_array_add_string_element (array, strings[i]);
  return array;
}

static JsonObject *
array_get_object (JsonArray *array,
                  guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The List* calls: the strings of data->member across every page. */
static gpointer
parse_arn_list (GantryAwsEcs  *self,
                CallData      *data,
                GPtrArray     *pages,
                GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint p = 0; p < pages->len; p++)
    {
      JsonArray *array = gantry_aws_json_get_array (g_ptr_array_index (pages, p), data->member);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  return g_strv_builder_end (builder);
}

/* DescribeClusters and DescribeServices report names they do not know in
 * `failures` rather than as an error; the caller asked for each, so one
 * missing is an error, with the reason ("MISSING") as its AWS code. */
static gboolean
check_failures (GantryAwsEcs  *self,
                CallData      *data,
                JsonObject    *reply,
                GError       **error)
{
  JsonArray *failures = gantry_aws_json_get_array (reply, "failures");
  JsonObject *failure;
  const char *arn, *reason;
  GError *local_error;

  if (failures == NULL || json_array_get_length (failures) == 0)
    return TRUE;

  failure = array_get_object (failures, 0);
  arn = gantry_aws_json_get_string (failure, "arn");
  reason = gantry_aws_json_get_string (failure, "reason");
  if (reason != NULL && (strlen (reason) > 64 || strspn (reason, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")
                         != strlen (reason)))
    reason = NULL;

  if (g_str_equal (data->action, ACTION_DESCRIBE_SERVICES))
    local_error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE,
                               _("ECS could not describe service %s in cluster %s in %s (%s)."),
                               arn != NULL ? arn : "?", data->cluster ? data->cluster : "default",
                               region (self), reason != NULL ? reason : "?");
  else
    local_error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE,
                               _("ECS could not describe cluster %s in %s (%s)."),
                               arn != NULL ? arn : "?", region (self),
                               reason != NULL ? reason : "?");

  gantry_aws_error_set_details (local_error, reason, data->action, 200, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

static GPtrArray *
collect (JsonObject      *reply,
         const char      *member,
         NewFromJson      new_from_json,
         GDestroyNotify   free_func,
         GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  JsonArray *array = gantry_aws_json_get_array (reply, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_get_object (array, i);
      gpointer item;

      if (object == NULL)
        {
          g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                       _("The reply from ECS has an entry of %s that is not an object."),
                       member);
          return NULL;
        }

      item = new_from_json (object, error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/* Replies with one object in data->member, e.g. {"service": {…}}. */
static gpointer
parse_single (GantryAwsEcs  *self,
              CallData      *data,
              GPtrArray     *pages,
              GError       **error,
              NewFromJson    new_from_json)
{
  JsonObject *object = gantry_aws_json_get_object (g_ptr_array_index (pages, 0), data->member);

  if (object == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECS to %s in %s has no %s."),
                   data->action, region (self), data->member);
      return NULL;
    }

  return new_from_json (object, error);
}

/* ListClusters */

/**
 * gantry_aws_ecs_list_clusters_async:
 * @page_size: maxResults per page (1–100), 0 for the default
 *
 * Lists the cluster ARNs of the region, following `nextToken`.
 */
void
gantry_aws_ecs_list_clusters_async (GantryAwsEcs        *self,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_list_clusters_async);
  if (page_size > 0)
    json_object_set_int_member (input, "maxResults", page_size);

  data = call_data_new (ACTION_LIST_CLUSTERS, "clusterArns", NULL, parse_arn_list,
                        (GDestroyNotify) g_strfreev);
  data->paged = TRUE;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecs_list_clusters_finish:
 *
 * Returns: (transfer full): the cluster ARNs
 */
GStrv
gantry_aws_ecs_list_clusters_finish (GantryAwsEcs  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DescribeClusters */

static gpointer
parse_clusters (GantryAwsEcs  *self,
                CallData      *data,
                GPtrArray     *pages,
                GError       **error)
{
  JsonObject *reply = g_ptr_array_index (pages, 0);

  if (!check_failures (self, data, reply, error))
    return NULL;

  return collect (reply, "clusters", (NewFromJson) gantry_aws_ecs_cluster_new_from_json,
                  (GDestroyNotify) gantry_aws_ecs_cluster_free, error);
}

/**
 * gantry_aws_ecs_describe_clusters_async:
 * @clusters: (array zero-terminated=1): cluster names or ARNs (at most 100)
 *
 * Describes clusters with their settings (Container Insights). A cluster
 * that does not exist fails the call with %GANTRY_AWS_ECS_FAILURE_MISSING
 * as the AWS code.
 */
void
gantry_aws_ecs_describe_clusters_async (GantryAwsEcs        *self,
                                        const char * const  *clusters,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  static const char * const include[] = { "SETTINGS", NULL };
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (clusters != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_describe_clusters_async);
  json_object_set_array_member (input, "clusters", string_array_new (clusters));
  json_object_set_array_member (input, "include", string_array_new (include));

  start_call (self, task,
              call_data_new (ACTION_DESCRIBE_CLUSTERS, NULL, NULL, parse_clusters,
                             (GDestroyNotify) g_ptr_array_unref),
              input);
}

/**
 * gantry_aws_ecs_describe_clusters_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcsCluster): the clusters
 */
GPtrArray *
gantry_aws_ecs_describe_clusters_finish (GantryAwsEcs  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ListServices */

/**
 * gantry_aws_ecs_list_services_async:
 * @cluster: (nullable): the cluster name or ARN; %NULL for "default"
 * @page_size: maxResults per page (1–100), 0 for the default
 *
 * Lists the service ARNs of @cluster, following `nextToken`.
 */
void
gantry_aws_ecs_list_services_async (GantryAwsEcs        *self,
                                    const char          *cluster,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_list_services_async);
  if (cluster != NULL)
    json_object_set_string_member (input, "cluster", cluster);
  if (page_size > 0)
    json_object_set_int_member (input, "maxResults", page_size);

  data = call_data_new (ACTION_LIST_SERVICES, "serviceArns", cluster, parse_arn_list,
                        (GDestroyNotify) g_strfreev);
  data->paged = TRUE;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecs_list_services_finish:
 *
 * Returns: (transfer full): the service ARNs
 */
GStrv
gantry_aws_ecs_list_services_finish (GantryAwsEcs  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DescribeServices */

static gpointer
parse_services (GantryAwsEcs  *self,
                CallData      *data,
                GPtrArray     *pages,
                GError       **error)
{
  JsonObject *reply = g_ptr_array_index (pages, 0);

  if (!check_failures (self, data, reply, error))
    return NULL;

  return collect (reply, "services", (NewFromJson) gantry_aws_ecs_service_new_from_json,
                  (GDestroyNotify) gantry_aws_ecs_service_free, error);
}

/**
 * gantry_aws_ecs_describe_services_async:
 * @cluster: (nullable): the cluster name or ARN; %NULL for "default"
 * @services: (array zero-terminated=1): service names or ARNs (1 to 10)
 *
 * Describes services with their deployments, events, deployment
 * configuration, network configuration and load balancers. A service that
 * does not exist fails the call with %GANTRY_AWS_ECS_FAILURE_MISSING as the
 * AWS code.
 */
void
gantry_aws_ecs_describe_services_async (GantryAwsEcs        *self,
                                        const char          *cluster,
                                        const char * const  *services,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (services != NULL && services[0] != NULL);
  g_return_if_fail (g_strv_length ((GStrv) services) <= MAX_DESCRIBE_SERVICES);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_describe_services_async);
  if (cluster != NULL)
    json_object_set_string_member (input, "cluster", cluster);
  json_object_set_array_member (input, "services", string_array_new (services));

  start_call (self, task,
              call_data_new (ACTION_DESCRIBE_SERVICES, NULL, cluster, parse_services,
                             (GDestroyNotify) g_ptr_array_unref),
              input);
}

/**
 * gantry_aws_ecs_describe_services_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcsService): the services
 */
GPtrArray *
gantry_aws_ecs_describe_services_finish (GantryAwsEcs  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Task definitions */

static gpointer
parse_task_definition (GantryAwsEcs  *self,
                       CallData      *data,
                       GPtrArray     *pages,
                       GError       **error)
{
  return parse_single (self, data, pages, error,
                       (NewFromJson) gantry_aws_ecs_task_definition_new_from_json);
}

/**
 * gantry_aws_ecs_describe_task_definition_async:
 * @task_definition: "family", "family:revision" or an ARN
 *
 * Describes a task definition (the latest ACTIVE revision for a bare family).
 */
void
gantry_aws_ecs_describe_task_definition_async (GantryAwsEcs        *self,
                                               const char          *task_definition,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (task_definition != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_describe_task_definition_async);
  json_object_set_string_member (input, "taskDefinition", task_definition);

  start_call (self, task,
              call_data_new (ACTION_DESCRIBE_TASK_DEFINITION, "taskDefinition", NULL,
                             parse_task_definition,
                             (GDestroyNotify) gantry_aws_ecs_task_definition_free),
              input);
}

/**
 * gantry_aws_ecs_describe_task_definition_finish:
 *
 * Returns: (transfer full): the task definition, with its raw form
 */
GantryAwsEcsTaskDefinition *
gantry_aws_ecs_describe_task_definition_finish (GantryAwsEcs  *self,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_ecs_list_task_definitions_async:
 * @family_prefix: (nullable): only families starting with this
 * @page_size: maxResults per page (1–100), 0 for the default
 *
 * Lists ACTIVE task-definition ARNs, newest revision first, following
 * `nextToken`.
 */
void
gantry_aws_ecs_list_task_definitions_async (GantryAwsEcs        *self,
                                            const char          *family_prefix,
                                            guint                page_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_list_task_definitions_async);
  if (family_prefix != NULL)
    json_object_set_string_member (input, "familyPrefix", family_prefix);
  json_object_set_string_member (input, "sort", "DESC");
  if (page_size > 0)
    json_object_set_int_member (input, "maxResults", page_size);

  data = call_data_new (ACTION_LIST_TASK_DEFINITIONS, "taskDefinitionArns", NULL, parse_arn_list,
                        (GDestroyNotify) g_strfreev);
  data->paged = TRUE;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecs_list_task_definitions_finish:
 *
 * Returns: (transfer full): the task-definition ARNs, newest first
 */
GStrv
gantry_aws_ecs_list_task_definitions_finish (GantryAwsEcs  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_ecs_register_task_definition_async:
 * @input: the request, e.g. from gantry_aws_ecs_task_definition_dup_register_input()
 *
 * Registers a new revision of the family @input names.
 */
void
gantry_aws_ecs_register_task_definition_async (GantryAwsEcs        *self,
                                               JsonObject          *input,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (input != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_register_task_definition_async);

  start_call (self, task,
              call_data_new (ACTION_REGISTER_TASK_DEFINITION, "taskDefinition", NULL,
                             parse_task_definition,
                             (GDestroyNotify) gantry_aws_ecs_task_definition_free),
              input);
}

/**
 * gantry_aws_ecs_register_task_definition_finish:
 *
 * Returns: (transfer full): the new revision
 */
GantryAwsEcsTaskDefinition *
gantry_aws_ecs_register_task_definition_finish (GantryAwsEcs  *self,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Updates */

static gpointer
parse_service (GantryAwsEcs  *self,
               CallData      *data,
               GPtrArray     *pages,
               GError       **error)
{
  return parse_single (self, data, pages, error,
                       (NewFromJson) gantry_aws_ecs_service_new_from_json);
}

/**
 * gantry_aws_ecs_update_service_async:
 * @cluster: (nullable): the cluster name or ARN; %NULL for "default"
 * @service: the service name or ARN
 * @task_definition: (nullable): "family:revision" or an ARN to roll onto;
 *   %NULL keeps the current one
 * @force_new_deployment: start a deployment even if nothing changed
 *
 * Updates a service. The result is the service as ECS answered, whose
 * PRIMARY deployment is the one this update started.
 */
void
gantry_aws_ecs_update_service_async (GantryAwsEcs        *self,
                                     const char          *cluster,
                                     const char          *service,
                                     const char          *task_definition,
                                     gboolean             force_new_deployment,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (service != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_update_service_async);
  if (cluster != NULL)
    json_object_set_string_member (input, "cluster", cluster);
  json_object_set_string_member (input, "service", service);
  if (task_definition != NULL)
    json_object_set_string_member (input, "taskDefinition", task_definition);
  if (force_new_deployment)
    json_object_set_boolean_member (input, "forceNewDeployment", TRUE);

  start_call (self, task,
              call_data_new (ACTION_UPDATE_SERVICE, "service", cluster, parse_service,
                             (GDestroyNotify) gantry_aws_ecs_service_free),
              input);
}

/**
 * gantry_aws_ecs_update_service_finish:
 *
 * Returns: (transfer full): the updated service
 */
GantryAwsEcsService *
gantry_aws_ecs_update_service_finish (GantryAwsEcs  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_cluster (GantryAwsEcs  *self,
               CallData      *data,
               GPtrArray     *pages,
               GError       **error)
{
  return parse_single (self, data, pages, error,
                       (NewFromJson) gantry_aws_ecs_cluster_new_from_json);
}

/**
 * gantry_aws_ecs_update_cluster_settings_async:
 * @cluster: the cluster name or ARN
 * @container_insights: "enabled", "disabled" or "enhanced"
 *
 * Sets the cluster's Container Insights setting. Endpoints that do not
 * implement the call (moto) fail with %GANTRY_AWS_ERROR_NOT_AVAILABLE or
 * %GANTRY_AWS_ERROR_SERVICE (HTTP 500): callers treat both as "not
 * available here".
 */
void
gantry_aws_ecs_update_cluster_settings_async (GantryAwsEcs        *self,
                                              const char          *cluster,
                                              const char          *container_insights,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  JsonArray *settings;
  JsonObject *setting;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECS (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (container_insights != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecs_update_cluster_settings_async);
  json_object_set_string_member (input, "cluster", cluster);
  setting = json_object_new ();
  json_object_set_string_member (setting, "name", "containerInsights");
  json_object_set_string_member (setting, "value", container_insights);
  settings = json_array_new ();
  json_array_add_object_element (settings, setting);
  json_object_set_array_member (input, "settings", settings);

  start_call (self, task,
              call_data_new (ACTION_UPDATE_CLUSTER_SETTINGS, "cluster", cluster, parse_cluster,
                             (GDestroyNotify) gantry_aws_ecs_cluster_free),
              input);
}

/**
 * gantry_aws_ecs_update_cluster_settings_finish:
 *
 * Returns: (transfer full): the cluster with its new settings
 */
GantryAwsEcsCluster *
gantry_aws_ecs_update_cluster_settings_finish (GantryAwsEcs  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
