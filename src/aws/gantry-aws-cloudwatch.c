/* gantry-aws-cloudwatch.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CloudWatch call the Setup checks read: the metric alarms, to see
 * whether ECS CPU, load balancer 5xx and database CPU are watched and
 * somebody is told (an SNS action). Query protocol, "member" lists.
 */

#define G_LOG_DOMAIN "gantry-aws-cloudwatch"

#include "config.h"

#include "gantry-aws-cloudwatch.h"
#include "gantry-aws-query-list-private.h"

#define ACTION_DESCRIBE_ALARMS "DescribeAlarms"

struct _GantryAwsCloudwatch
{
  GObject          parent_instance;
  GantryAwsClient *client;
  guint            page_size;
};

G_DEFINE_FINAL_TYPE (GantryAwsCloudwatch, gantry_aws_cloudwatch, G_TYPE_OBJECT)

void
gantry_aws_cloudwatch_alarm_free (GantryAwsCloudwatchAlarm *alarm)
{
  if (alarm == NULL)
    return;
  g_free (alarm->name);
  g_free (alarm->arn);
  g_free (alarm->namespace);
  g_free (alarm->metric_name);
  g_free (alarm->state);
  g_strfreev (alarm->alarm_actions);
  g_clear_pointer (&alarm->dimensions, g_hash_table_unref);
  g_free (alarm);
}

static gpointer
parse_alarm (GantryAwsXmlNode  *item,
             const char       **missing_field)
{
  g_autoptr(GantryAwsCloudwatchAlarm) alarm = g_new0 (GantryAwsCloudwatchAlarm, 1);

  alarm->name = _gantry_aws_xml_dup (item, "AlarmName");
  if (alarm->name == NULL)
    {
      *missing_field = "AlarmName";
      return NULL;
    }
  alarm->arn = _gantry_aws_xml_dup (item, "AlarmArn");
  alarm->namespace = _gantry_aws_xml_dup (item, "Namespace");
  alarm->metric_name = _gantry_aws_xml_dup (item, "MetricName");
  alarm->state = _gantry_aws_xml_dup (item, "StateValue");
  /* AWS defaults ActionsEnabled to true and may leave it out. */
  alarm->actions_enabled = gantry_aws_xml_node_lookup (item, "ActionsEnabled") == NULL ||
                           _gantry_aws_xml_bool (item, "ActionsEnabled");
  alarm->alarm_actions = _gantry_aws_xml_strv (item, "AlarmActions/member");
  alarm->dimensions = _gantry_aws_xml_tags (item, "Dimensions/member", "Name", "Value");
  return g_steal_pointer (&alarm);
}

static const GantryAwsListOp describe_alarms = {
  ACTION_DESCRIBE_ALARMS, ACTION_DESCRIBE_ALARMS "Result/MetricAlarms", "member",
  "NextToken", ACTION_DESCRIBE_ALARMS "Result/NextToken", "MaxRecords", 1, 100,
  parse_alarm, (GDestroyNotify) gantry_aws_cloudwatch_alarm_free,
};

static void
gantry_aws_cloudwatch_dispose (GObject *object)
{
  GantryAwsCloudwatch *self = GANTRY_AWS_CLOUDWATCH (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_cloudwatch_parent_class)->dispose (object);
}

static void
gantry_aws_cloudwatch_class_init (GantryAwsCloudwatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_cloudwatch_dispose;
}

static void
gantry_aws_cloudwatch_init (GantryAwsCloudwatch *self)
{
}

/**
 * gantry_aws_cloudwatch_new:
 *
 * Returns: (transfer full): the CloudWatch API on @client
 */
GantryAwsCloudwatch *
gantry_aws_cloudwatch_new (GantryAwsClient *client)
{
  GantryAwsCloudwatch *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_CLOUDWATCH, NULL);
  self->client = g_object_ref (client);
  return self;
}

guint
gantry_aws_cloudwatch_get_page_size (GantryAwsCloudwatch *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLOUDWATCH (self), 0);
  return self->page_size;
}

/**
 * gantry_aws_cloudwatch_set_page_size:
 * @page_size: `MaxRecords`, 0 to send none (AWS then uses 50); clamped to 1–100
 */
void
gantry_aws_cloudwatch_set_page_size (GantryAwsCloudwatch *self,
                                     guint                page_size)
{
  g_return_if_fail (GANTRY_IS_AWS_CLOUDWATCH (self));
  self->page_size = page_size;
}

/**
 * gantry_aws_cloudwatch_describe_alarms_async:
 *
 * Reads every metric alarm of the region, following `NextToken`.
 */
void
gantry_aws_cloudwatch_describe_alarms_async (GantryAwsCloudwatch *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_CLOUDWATCH (self));

  /* Composite alarms have no metric; the checks look at metrics only. */
  gantry_aws_params_add (params, "AlarmTypes.member.1", "MetricAlarm");
  _gantry_aws_list_async (self, gantry_aws_cloudwatch_describe_alarms_async, self->client,
                          &gantry_aws_service_cloudwatch, &describe_alarms, params,
                          self->page_size, cancellable, callback, user_data);
}

/**
 * gantry_aws_cloudwatch_describe_alarms_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsCloudwatchAlarm): the alarms
 */
GPtrArray *
gantry_aws_cloudwatch_describe_alarms_finish (GantryAwsCloudwatch  *self,
                                              GAsyncResult         *result,
                                              GError              **error)
{
  return _gantry_aws_list_finish (self, result, error);
}
