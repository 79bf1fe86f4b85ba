/* gantry-aws-cloudwatch.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/* What the cw.alarms check needs from a metric alarm. Strings are %NULL
 * when AWS left the field out; string arrays are never %NULL. @dimensions
 * maps dimension names to values and is never %NULL. */
typedef struct
{
  char       *name;
  char       *arn;
  char       *namespace;
  char       *metric_name;
  char       *state;
  gboolean    actions_enabled;
  char      **alarm_actions;
  GHashTable *dimensions;
} GantryAwsCloudwatchAlarm;

void gantry_aws_cloudwatch_alarm_free (GantryAwsCloudwatchAlarm *alarm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsCloudwatchAlarm, gantry_aws_cloudwatch_alarm_free)

#define GANTRY_TYPE_AWS_CLOUDWATCH (gantry_aws_cloudwatch_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsCloudwatch, gantry_aws_cloudwatch, GANTRY, AWS_CLOUDWATCH, GObject)

GantryAwsCloudwatch *gantry_aws_cloudwatch_new                   (GantryAwsClient      *client);
guint                gantry_aws_cloudwatch_get_page_size         (GantryAwsCloudwatch  *self);
void                 gantry_aws_cloudwatch_set_page_size         (GantryAwsCloudwatch  *self,
                                                                  guint                 page_size);
void                 gantry_aws_cloudwatch_describe_alarms_async (GantryAwsCloudwatch  *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *gantry_aws_cloudwatch_describe_alarms_finish (GantryAwsCloudwatch *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

G_END_DECLS
