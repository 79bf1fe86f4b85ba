/* gantry-aws-elbv2.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/* What the load balancer checks need. Strings are %NULL when AWS left the
 * field out; string arrays are never %NULL; integers are -1 when absent. */

typedef struct
{
  char *zone_name;
  char *subnet_id;
} GantryAwsElbv2AvailabilityZone;

typedef struct
{
  char       *arn;
  char       *name;
  char       *dns_name;
  char       *scheme;             /* "internet-facing" or "internal" */
  char       *type;               /* "application", "network", "gateway" */
  char       *state;
  char       *vpc_id;
  char       *ip_address_type;
  GPtrArray  *availability_zones; /* (element-type GantryAwsElbv2AvailabilityZone) */
  char      **security_groups;
} GantryAwsElbv2LoadBalancer;

/**
 * GantryAwsElbv2Action:
 * @type: "forward", "redirect", "fixed-response", "authenticate-oidc", …
 * @order: -1 when absent
 * @redirect_protocol: (nullable): for "redirect", e.g. "HTTPS" or "#{protocol}"
 * @redirect_status_code: (nullable): for "redirect": "HTTP_301" or "HTTP_302"
 */
typedef struct
{
  char *type;
  int   order;
  char *target_group_arn;
  char *redirect_protocol;
  char *redirect_port;
  char *redirect_host;
  char *redirect_path;
  char *redirect_query;
  char *redirect_status_code;
  char *fixed_response_status_code;
} GantryAwsElbv2Action;

typedef struct
{
  char       *arn;
  char       *load_balancer_arn;
  int         port;
  char       *protocol;
  char       *ssl_policy;
  char      **certificate_arns;
  GPtrArray  *default_actions;    /* (element-type GantryAwsElbv2Action) */
} GantryAwsElbv2Listener;

typedef struct
{
  char      *arn;
  char      *name;
  char      *protocol;
  int        port;
  char      *vpc_id;
  char      *target_type;
  char      *health_check_protocol;
  char      *health_check_path;
  char     **load_balancer_arns;
} GantryAwsElbv2TargetGroup;

void gantry_aws_elbv2_availability_zone_free (GantryAwsElbv2AvailabilityZone *zone);
void gantry_aws_elbv2_load_balancer_free     (GantryAwsElbv2LoadBalancer     *balancer);
void gantry_aws_elbv2_action_free            (GantryAwsElbv2Action           *action);
void gantry_aws_elbv2_listener_free          (GantryAwsElbv2Listener         *listener);
void gantry_aws_elbv2_target_group_free      (GantryAwsElbv2TargetGroup      *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsElbv2AvailabilityZone,
                               gantry_aws_elbv2_availability_zone_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsElbv2LoadBalancer, gantry_aws_elbv2_load_balancer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsElbv2Action, gantry_aws_elbv2_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsElbv2Listener, gantry_aws_elbv2_listener_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsElbv2TargetGroup, gantry_aws_elbv2_target_group_free)

#define GANTRY_TYPE_AWS_ELBV2 (gantry_aws_elbv2_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsElbv2, gantry_aws_elbv2, GANTRY, AWS_ELBV2, GObject)

GantryAwsElbv2 *gantry_aws_elbv2_new                            (GantryAwsClient     *client);
guint           gantry_aws_elbv2_get_page_size                  (GantryAwsElbv2      *self);
void            gantry_aws_elbv2_set_page_size                  (GantryAwsElbv2      *self,
                                                                 guint                page_size);

void            gantry_aws_elbv2_describe_load_balancers_async  (GantryAwsElbv2      *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray      *gantry_aws_elbv2_describe_load_balancers_finish (GantryAwsElbv2      *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void            gantry_aws_elbv2_describe_listeners_async       (GantryAwsElbv2      *self,
                                                                 const char          *load_balancer_arn,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray      *gantry_aws_elbv2_describe_listeners_finish      (GantryAwsElbv2      *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void            gantry_aws_elbv2_describe_target_groups_async   (GantryAwsElbv2      *self,
                                                                 const char          *load_balancer_arn,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray      *gantry_aws_elbv2_describe_target_groups_finish  (GantryAwsElbv2      *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

G_END_DECLS
