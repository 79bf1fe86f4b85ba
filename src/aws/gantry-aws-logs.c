/* gantry-aws-logs.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CloudWatch Logs, as far as the Setup audit needs it: which log groups
 * exist, so that a container's awslogs configuration can be checked
 * against them.
 */

#define G_LOG_DOMAIN "gantry-aws-logs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-error.h"
#include "gantry-aws-json.h"
#include "gantry-aws-logs.h"

/* The CloudWatch Logs actions Gantry uses: the one place their names are spelled. */
#define ACTION_DESCRIBE_LOG_GROUPS "DescribeLogGroups"

#define TOKEN_MEMBER "nextToken"

struct _GantryAwsLogs
{
  GObject          parent_instance;
  GantryAwsClient *client;
};

G_DEFINE_FINAL_TYPE (GantryAwsLogs, gantry_aws_logs, G_TYPE_OBJECT)

/**
 * gantry_aws_logs_log_group_new_from_json:
 * @object: one entry of DescribeLogGroups' `logGroups`
 *
 * Returns: (transfer full) (nullable): the group, or %NULL without a name
 */
GantryAwsLogsLogGroup *
gantry_aws_logs_log_group_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  g_autoptr(GantryAwsLogsLogGroup) group = NULL;
  const char *name = gantry_aws_json_get_string (object, "logGroupName");
  gint64 created;

  if (name == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from CloudWatch Logs has a log group without a name."));
      return NULL;
    }

  group = g_new0 (GantryAwsLogsLogGroup, 1);
  group->name = g_strdup (name);
  group->arn = g_strdup (gantry_aws_json_get_string (object, "arn"));
  group->retention_days = gantry_aws_json_get_int (object, "retentionInDays", 0);
  group->stored_bytes = gantry_aws_json_get_int (object, "storedBytes", 0);
  /* creationTime is milliseconds since the epoch, unlike ECS/ECR's seconds. */
  created = gantry_aws_json_get_int (object, "creationTime", -1);
  if (created >= 0)
    group->created_at = g_date_time_new_from_unix_utc (created / 1000);
  return g_steal_pointer (&group);
}

void
gantry_aws_logs_log_group_free (GantryAwsLogsLogGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->arn);
  g_clear_pointer (&group->created_at, g_date_time_unref);
  g_free (group);
}

static void
gantry_aws_logs_dispose (GObject *object)
{
  GantryAwsLogs *self = GANTRY_AWS_LOGS (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_logs_parent_class)->dispose (object);
}

static void
gantry_aws_logs_class_init (GantryAwsLogsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_logs_dispose;
}

static void
gantry_aws_logs_init (GantryAwsLogs *self)
{
}

/**
 * gantry_aws_logs_new:
 *
 * Returns: (transfer full): the CloudWatch Logs API on @client
 */
GantryAwsLogs *
gantry_aws_logs_new (GantryAwsClient *client)
{
  GantryAwsLogs *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_LOGS, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * gantry_aws_logs_get_client:
 *
 * Returns: (transfer none): the client calls go through
 */
GantryAwsClient *
gantry_aws_logs_get_client (GantryAwsLogs *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_LOGS (self), NULL);
  return self->client;
}

static void
describe_log_groups_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  pages = gantry_aws_client_paginate_json_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (pages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_logs_log_group_free);
  for (guint p = 0; p < pages->len; p++)
    {
      JsonArray *array = gantry_aws_json_get_array (g_ptr_array_index (pages, p), "logGroups");

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          GantryAwsLogsLogGroup *group;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                                   _("The reply from CloudWatch Logs has an entry of logGroups "
                                     "that is not an object."));
              break;
            }
          group = gantry_aws_logs_log_group_new_from_json (json_node_get_object (node), &error);
          if (group == NULL)
            break;
          g_ptr_array_add (groups, group);
        }
      if (error != NULL)
        {
          gantry_aws_error_set_details (error, NULL, ACTION_DESCRIBE_LOG_GROUPS, 200, NULL);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&groups), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * gantry_aws_logs_describe_log_groups_async:
 * @name_prefix: (nullable): only groups whose name starts with this
 * @page_size: limit per page (1–50), 0 for the default
 *
 * Describes the region's log groups, following `nextToken` through every page.
 */
void
gantry_aws_logs_describe_log_groups_async (GantryAwsLogs       *self,
                                           const char          *name_prefix,
                                           guint                page_size,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_LOGS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_logs_describe_log_groups_async);
  if (name_prefix != NULL)
    json_object_set_string_member (input, "logGroupNamePrefix", name_prefix);
  if (page_size > 0)
    json_object_set_int_member (input, "limit", page_size);

  gantry_aws_client_paginate_json_async (self->client, &gantry_aws_service_logs,
                                         ACTION_DESCRIBE_LOG_GROUPS, input, TOKEN_MEMBER,
                                         cancellable, describe_log_groups_cb, task);
}

/**
 * gantry_aws_logs_describe_log_groups_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsLogsLogGroup): the log groups
 */
GPtrArray *
gantry_aws_logs_describe_log_groups_finish (GantryAwsLogs  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
