/* gantry-aws-elbv2.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Elastic Load Balancing v2 calls of the load balancer checks. Lists
 * are <member> elements; a page's token comes back as NextMarker and goes
 * out as Marker.
 */

#define G_LOG_DOMAIN "gantry-aws-elbv2"

#include "config.h"

#include "gantry-aws-elbv2.h"
#include "gantry-aws-query-list-private.h"

#define ACTION_DESCRIBE_LOAD_BALANCERS "DescribeLoadBalancers"
#define ACTION_DESCRIBE_LISTENERS      "DescribeListeners"
#define ACTION_DESCRIBE_TARGET_GROUPS  "DescribeTargetGroups"

#define ELBV2_TOKEN_PARAM     "Marker"
#define ELBV2_PAGE_SIZE_PARAM "PageSize"
#define ELBV2_PAGE_SIZE_MIN   1
#define ELBV2_PAGE_SIZE_MAX   400

struct _GantryAwsElbv2
{
  GObject          parent_instance;
  GantryAwsClient *client;
  guint            page_size;
};

G_DEFINE_FINAL_TYPE (GantryAwsElbv2, gantry_aws_elbv2, G_TYPE_OBJECT)

/* --- freeing ------------------------------------------------------------ */

void
gantry_aws_elbv2_availability_zone_free (GantryAwsElbv2AvailabilityZone *zone)
{
  if (zone == NULL)
    return;
  g_free (zone->zone_name);
  g_free (zone->subnet_id);
  g_free (zone);
}

void
gantry_aws_elbv2_load_balancer_free (GantryAwsElbv2LoadBalancer *balancer)
{
  if (balancer == NULL)
    return;
  g_free (balancer->arn);
  g_free (balancer->name);
  g_free (balancer->dns_name);
  g_free (balancer->scheme);
  g_free (balancer->type);
  g_free (balancer->state);
  g_free (balancer->vpc_id);
  g_free (balancer->ip_address_type);
  g_clear_pointer (&balancer->availability_zones, g_ptr_array_unref);
  g_strfreev (balancer->security_groups);
  g_free (balancer);
}

void
gantry_aws_elbv2_action_free (GantryAwsElbv2Action *action)
{
  if (action == NULL)
    return;
  g_free (action->type);
  g_free (action->target_group_arn);
  g_free (action->redirect_protocol);
  g_free (action->redirect_port);
  g_free (action->redirect_host);
  g_free (action->redirect_path);
  g_free (action->redirect_query);
  g_free (action->redirect_status_code);
  g_free (action->fixed_response_status_code);
  g_free (action);
}

void
gantry_aws_elbv2_listener_free (GantryAwsElbv2Listener *listener)
{
  if (listener == NULL)
    return;
  g_free (listener->arn);
  g_free (listener->load_balancer_arn);
  g_free (listener->protocol);
  g_free (listener->ssl_policy);
  g_strfreev (listener->certificate_arns);
  g_clear_pointer (&listener->default_actions, g_ptr_array_unref);
  g_free (listener);
}

void
gantry_aws_elbv2_target_group_free (GantryAwsElbv2TargetGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->arn);
  g_free (group->name);
  g_free (group->protocol);
  g_free (group->vpc_id);
  g_free (group->target_type);
  g_free (group->health_check_protocol);
  g_free (group->health_check_path);
  g_strfreev (group->load_balancer_arns);
  g_free (group);
}

/* --- parsing ------------------------------------------------------------ */

static gpointer
parse_availability_zone (GantryAwsXmlNode  *item,
                         const char       **missing_field)
{
  GantryAwsElbv2AvailabilityZone *zone = g_new0 (GantryAwsElbv2AvailabilityZone, 1);

  zone->zone_name = _gantry_aws_xml_dup (item, "ZoneName");
  zone->subnet_id = _gantry_aws_xml_dup (item, "SubnetId");
  return zone;
}

static gpointer
parse_load_balancer (GantryAwsXmlNode  *item,
                     const char       **missing_field)
{
  g_autoptr(GantryAwsElbv2LoadBalancer) balancer = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "LoadBalancerArn") == NULL)
    {
      *missing_field = "LoadBalancerArn";
      return NULL;
    }

  balancer = g_new0 (GantryAwsElbv2LoadBalancer, 1);
  balancer->arn = _gantry_aws_xml_dup (item, "LoadBalancerArn");
  balancer->name = _gantry_aws_xml_dup (item, "LoadBalancerName");
  balancer->dns_name = _gantry_aws_xml_dup (item, "DNSName");
  balancer->scheme = _gantry_aws_xml_dup (item, "Scheme");
  balancer->type = _gantry_aws_xml_dup (item, "Type");
  balancer->state = _gantry_aws_xml_dup (item, "State/Code");
  balancer->vpc_id = _gantry_aws_xml_dup (item, "VpcId");
  balancer->ip_address_type = _gantry_aws_xml_dup (item, "IpAddressType");
  balancer->availability_zones =
    _gantry_aws_xml_parse_all (item, "AvailabilityZones/member", parse_availability_zone,
                               (GDestroyNotify) gantry_aws_elbv2_availability_zone_free,
                               missing_field);
  balancer->security_groups = _gantry_aws_xml_strv (item, "SecurityGroups/member");
  return g_steal_pointer (&balancer);
}

static gpointer
parse_action (GantryAwsXmlNode  *item,
              const char       **missing_field)
{
  GantryAwsElbv2Action *action;

  if (gantry_aws_xml_node_lookup_text (item, "Type") == NULL)
    {
      *missing_field = "DefaultActions/member/Type";
      return NULL;
    }

  action = g_new0 (GantryAwsElbv2Action, 1);
  action->type = _gantry_aws_xml_dup (item, "Type");
  action->order = _gantry_aws_xml_int_or (item, "Order", -1);
  action->target_group_arn = _gantry_aws_xml_dup (item, "TargetGroupArn");
  action->redirect_protocol = _gantry_aws_xml_dup (item, "RedirectConfig/Protocol");
  action->redirect_port = _gantry_aws_xml_dup (item, "RedirectConfig/Port");
  action->redirect_host = _gantry_aws_xml_dup (item, "RedirectConfig/Host");
  action->redirect_path = _gantry_aws_xml_dup (item, "RedirectConfig/Path");
  action->redirect_query = _gantry_aws_xml_dup (item, "RedirectConfig/Query");
  action->redirect_status_code = _gantry_aws_xml_dup (item, "RedirectConfig/StatusCode");
  action->fixed_response_status_code = _gantry_aws_xml_dup (item,
                                                            "FixedResponseConfig/StatusCode");
  return action;
}

static gpointer
parse_listener (GantryAwsXmlNode  *item,
                const char       **missing_field)
{
  g_autoptr(GantryAwsElbv2Listener) listener = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "ListenerArn") == NULL)
    {
      *missing_field = "ListenerArn";
      return NULL;
    }

  listener = g_new0 (GantryAwsElbv2Listener, 1);
  listener->arn = _gantry_aws_xml_dup (item, "ListenerArn");
  listener->load_balancer_arn = _gantry_aws_xml_dup (item, "LoadBalancerArn");
  listener->port = _gantry_aws_xml_int_or (item, "Port", -1);
  listener->protocol = _gantry_aws_xml_dup (item, "Protocol");
  listener->ssl_policy = _gantry_aws_xml_dup (item, "SslPolicy");
  listener->certificate_arns = _gantry_aws_xml_strv (item, "Certificates/member/CertificateArn");
  listener->default_actions =
    _gantry_aws_xml_parse_all (item, "DefaultActions/member", parse_action,
                               (GDestroyNotify) gantry_aws_elbv2_action_free, missing_field);
  if (listener->default_actions == NULL)
    return NULL;
  return g_steal_pointer (&listener);
}

static gpointer
parse_target_group (GantryAwsXmlNode  *item,
                    const char       **missing_field)
{
  GantryAwsElbv2TargetGroup *group;

  if (gantry_aws_xml_node_lookup_text (item, "TargetGroupArn") == NULL)
    {
      *missing_field = "TargetGroupArn";
      return NULL;
    }

  group = g_new0 (GantryAwsElbv2TargetGroup, 1);
  group->arn = _gantry_aws_xml_dup (item, "TargetGroupArn");
  group->name = _gantry_aws_xml_dup (item, "TargetGroupName");
  group->protocol = _gantry_aws_xml_dup (item, "Protocol");
  group->port = _gantry_aws_xml_int_or (item, "Port", -1);
  group->vpc_id = _gantry_aws_xml_dup (item, "VpcId");
  group->target_type = _gantry_aws_xml_dup (item, "TargetType");
  group->health_check_protocol = _gantry_aws_xml_dup (item, "HealthCheckProtocol");
  group->health_check_path = _gantry_aws_xml_dup (item, "HealthCheckPath");
  group->load_balancer_arns = _gantry_aws_xml_strv (item, "LoadBalancerArns/member");
  return group;
}

/* --- the table of paged Describe calls ---------------------------------- */

typedef enum
{
  LIST_LOAD_BALANCERS,
  LIST_LISTENERS,
  LIST_TARGET_GROUPS,
} Elbv2List;

#define ELBV2_LIST(action, list, parse, free_item)                                     \
  { action, action "Result/" list, "member", ELBV2_TOKEN_PARAM,                         \
    action "Result/NextMarker", ELBV2_PAGE_SIZE_PARAM, ELBV2_PAGE_SIZE_MIN,             \
    ELBV2_PAGE_SIZE_MAX, parse, (GDestroyNotify) free_item }

static const GantryAwsListOp elbv2_lists[] = {
  [LIST_LOAD_BALANCERS] = ELBV2_LIST (ACTION_DESCRIBE_LOAD_BALANCERS, "LoadBalancers",
                                      parse_load_balancer, gantry_aws_elbv2_load_balancer_free),
  [LIST_LISTENERS] = ELBV2_LIST (ACTION_DESCRIBE_LISTENERS, "Listeners", parse_listener,
                                 gantry_aws_elbv2_listener_free),
  [LIST_TARGET_GROUPS] = ELBV2_LIST (ACTION_DESCRIBE_TARGET_GROUPS, "TargetGroups",
                                     parse_target_group, gantry_aws_elbv2_target_group_free),
};

/* --- the object --------------------------------------------------------- */

static void
gantry_aws_elbv2_dispose (GObject *object)
{
  GantryAwsElbv2 *self = GANTRY_AWS_ELBV2 (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_elbv2_parent_class)->dispose (object);
}

static void
gantry_aws_elbv2_class_init (GantryAwsElbv2Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_elbv2_dispose;
}

static void
gantry_aws_elbv2_init (GantryAwsElbv2 *self)
{
}

/**
 * gantry_aws_elbv2_new:
 *
 * Returns: (transfer full): the ELBv2 API on @client
 */
GantryAwsElbv2 *
gantry_aws_elbv2_new (GantryAwsClient *client)
{
  GantryAwsElbv2 *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_ELBV2, NULL);
  self->client = g_object_ref (client);
  return self;
}

guint
gantry_aws_elbv2_get_page_size (GantryAwsElbv2 *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_ELBV2 (self), 0);
  return self->page_size;
}

/**
 * gantry_aws_elbv2_set_page_size:
 * @page_size: `PageSize` for every Describe call, 0 to send none; clamped
 *   to 1–400 as AWS requires
 */
void
gantry_aws_elbv2_set_page_size (GantryAwsElbv2 *self,
                                guint           page_size)
{
  g_return_if_fail (GANTRY_IS_AWS_ELBV2 (self));
  self->page_size = page_size;
}

static void
elbv2_list_async (GantryAwsElbv2      *self,
                  Elbv2List            which,
                  const char          *load_balancer_arn,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  if (load_balancer_arn != NULL)
    gantry_aws_params_add (params, "LoadBalancerArn", load_balancer_arn);
  _gantry_aws_list_async (self, source_tag, self->client, &gantry_aws_service_elbv2,
                          &elbv2_lists[which], params, self->page_size, cancellable, callback,
                          user_data);
}

void
gantry_aws_elbv2_describe_load_balancers_async (GantryAwsElbv2      *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_ELBV2 (self));
  elbv2_list_async (self, LIST_LOAD_BALANCERS, NULL,
                    gantry_aws_elbv2_describe_load_balancers_async, cancellable, callback,
                    user_data);
}

/**
 * gantry_aws_elbv2_describe_load_balancers_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsElbv2LoadBalancer): every
 *   load balancer in the region
 */
GPtrArray *
gantry_aws_elbv2_describe_load_balancers_finish (GantryAwsElbv2  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_elbv2_describe_listeners_async:
 * @load_balancer_arn: the load balancer whose listeners to list
 */
void
gantry_aws_elbv2_describe_listeners_async (GantryAwsElbv2      *self,
                                           const char          *load_balancer_arn,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_ELBV2 (self));
  g_return_if_fail (load_balancer_arn != NULL);
  elbv2_list_async (self, LIST_LISTENERS, load_balancer_arn,
                    gantry_aws_elbv2_describe_listeners_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_elbv2_describe_listeners_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsElbv2Listener): the listeners
 */
GPtrArray *
gantry_aws_elbv2_describe_listeners_finish (GantryAwsElbv2  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_elbv2_describe_target_groups_async:
 * @load_balancer_arn: (nullable): only the groups this load balancer uses
 */
void
gantry_aws_elbv2_describe_target_groups_async (GantryAwsElbv2      *self,
                                               const char          *load_balancer_arn,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_ELBV2 (self));
  elbv2_list_async (self, LIST_TARGET_GROUPS, load_balancer_arn,
                    gantry_aws_elbv2_describe_target_groups_async, cancellable, callback,
                    user_data);
}

/**
 * gantry_aws_elbv2_describe_target_groups_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsElbv2TargetGroup): the groups
 */
GPtrArray *
gantry_aws_elbv2_describe_target_groups_finish (GantryAwsElbv2  *self,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  return _gantry_aws_list_finish (self, result, error);
}
