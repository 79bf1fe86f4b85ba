/* gantry-aws-logs.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/**
 * GantryAwsLogsLogGroup:
 * @name: logGroupName, e.g. "/ecs/prod-api"
 * @arn: (nullable): arn
 * @retention_days: retentionInDays, 0 when the group never expires
 * @stored_bytes: storedBytes, 0 if missing
 * @created_at: (nullable): creationTime
 */
typedef struct
{
  char      *name;
  char      *arn;
  gint64     retention_days;
  gint64     stored_bytes;
  GDateTime *created_at;
} GantryAwsLogsLogGroup;

GantryAwsLogsLogGroup *gantry_aws_logs_log_group_new_from_json (JsonObject             *object,
                                                                GError                **error);
void                   gantry_aws_logs_log_group_free          (GantryAwsLogsLogGroup  *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsLogsLogGroup, gantry_aws_logs_log_group_free)

#define GANTRY_TYPE_AWS_LOGS (gantry_aws_logs_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsLogs, gantry_aws_logs, GANTRY, AWS_LOGS, GObject)

GantryAwsLogs   *gantry_aws_logs_new                        (GantryAwsClient      *client);
GantryAwsClient *gantry_aws_logs_get_client                 (GantryAwsLogs        *self);

void             gantry_aws_logs_describe_log_groups_async  (GantryAwsLogs        *self,
                                                             const char           *name_prefix,
                                                             guint                 page_size,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray       *gantry_aws_logs_describe_log_groups_finish (GantryAwsLogs        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
