/* test-elbv2-parse.c: the ELBv2 module against recorded-shape replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-elbv2.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-replay.h"

static GPtrArray *
describe_load_balancers (GantryAwsElbv2  *elbv2,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_elbv2_describe_load_balancers_async (elbv2, cancellable, gantry_test_store_result,
                                                  &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_elbv2_describe_load_balancers_finish (elbv2, result, error);
}

#define DESCRIBE(elbv2, call, arg, out_error)                                        \
  ({                                                                                 \
    g_autoptr(GAsyncResult) result_ = NULL;                                          \
    gantry_aws_elbv2_##call##_async ((elbv2), (arg), NULL, gantry_test_store_result, \
                                     &result_);                                      \
    GANTRY_TEST_AWAIT (result_);                                                     \
    gantry_aws_elbv2_##call##_finish ((elbv2), result_, (out_error));                \
  })

static void
test_load_balancers_pages (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsElbv2) elbv2 = gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) balancers = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsElbv2LoadBalancer *balancer;
  GantryAwsElbv2AvailabilityZone *zone;

  gantry_test_replay_add (replay, 200, "elbv2-describe-load-balancers-page1.xml");
  gantry_test_replay_add (replay, 200, "elbv2-describe-load-balancers-page2.xml");
  gantry_aws_elbv2_set_page_size (elbv2, 1);

  balancers = describe_load_balancers (elbv2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (balancers->len, ==, 2);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), ==, 2);
  /* The reply's NextMarker goes back as Marker. */
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "PageSize"), ==, "1");
  g_assert_null (gantry_test_replay_get_param (replay, 0, "Marker"));
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "Marker"), ==, "cHJvZC1hbGI=");

  balancer = g_ptr_array_index (balancers, 0);
  g_assert_cmpstr (balancer->name, ==, "prod-alb");
  g_assert_cmpstr (balancer->scheme, ==, "internet-facing");
  g_assert_cmpstr (balancer->type, ==, "application");
  g_assert_cmpstr (balancer->state, ==, "active");
  g_assert_cmpstr (balancer->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstr (balancer->dns_name, ==, "prod-alb-1234567890.us-east-1.elb.amazonaws.com");
  g_assert_cmpstrv (balancer->security_groups, ((const char *[]) { "sg-5943793c", NULL }));
  g_assert_cmpuint (balancer->availability_zones->len, ==, 2);
  zone = g_ptr_array_index (balancer->availability_zones, 1);
  g_assert_cmpstr (zone->zone_name, ==, "us-east-1b");
  g_assert_cmpstr (zone->subnet_id, ==, "subnet-b7d581c0");

  /* A network load balancer without the optional fields. */
  balancer = g_ptr_array_index (balancers, 1);
  g_assert_cmpstr (balancer->type, ==, "network");
  g_assert_null (balancer->vpc_id);
  g_assert_null (balancer->dns_name);
  g_assert_cmpuint (balancer->availability_zones->len, ==, 0);
  g_assert_cmpuint (g_strv_length (balancer->security_groups), ==, 0);
}

static void
test_load_balancers_wrong_shapes (void)
{
  const char *bodies[] = {
    "<DescribeLoadBalancersResponse><DescribeLoadBalancersResult/>"
    "</DescribeLoadBalancersResponse>",
    "<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers>"
    "<member><LoadBalancerName>no-arn</LoadBalancerName></member>"
    "</LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
      g_autoptr(GantryAwsElbv2) elbv2 =
        gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
      g_autoptr(GPtrArray) balancers = NULL;
      g_autoptr(GError) error = NULL;

      gantry_test_replay_add_text (replay, 200, bodies[i]);
      balancers = describe_load_balancers (elbv2, NULL, &error);
      g_assert_null (balancers);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeLoadBalancers");
    }
}

static void
test_load_balancers_cancelled (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsElbv2) elbv2 = gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) balancers = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "elbv2-describe-load-balancers-page1.xml");
  g_cancellable_cancel (cancellable);
  balancers = describe_load_balancers (elbv2, cancellable, &error);
  g_assert_null (balancers);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_listeners (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsElbv2) elbv2 = gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;
  const char *lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                   "loadbalancer/app/prod-alb/50dc6c495c0c9188";
  GantryAwsElbv2Listener *listener;
  GantryAwsElbv2Action *action;

  gantry_test_replay_add (replay, 200, "elbv2-describe-listeners.xml");
  listeners = DESCRIBE (elbv2, describe_listeners, lb, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "LoadBalancerArn"), ==, lb);
  g_assert_cmpuint (listeners->len, ==, 2);

  listener = g_ptr_array_index (listeners, 0);
  g_assert_cmpint (listener->port, ==, 443);
  g_assert_cmpstr (listener->protocol, ==, "HTTPS");
  g_assert_cmpstr (listener->load_balancer_arn, ==, lb);
  g_assert_cmpstr (listener->ssl_policy, ==, "ELBSecurityPolicy-TLS13-1-2-2021-06");
  g_assert_cmpuint (g_strv_length (listener->certificate_arns), ==, 1);
  g_assert_true (g_str_has_prefix (listener->certificate_arns[0], "arn:aws:acm:"));
  action = g_ptr_array_index (listener->default_actions, 0);
  g_assert_cmpstr (action->type, ==, "forward");
  g_assert_nonnull (action->target_group_arn);
  g_assert_cmpint (action->order, ==, -1);
  g_assert_null (action->redirect_protocol);

  listener = g_ptr_array_index (listeners, 1);
  g_assert_cmpint (listener->port, ==, 80);
  g_assert_cmpuint (g_strv_length (listener->certificate_arns), ==, 0);
  g_assert_null (listener->ssl_policy);
  action = g_ptr_array_index (listener->default_actions, 0);
  g_assert_cmpstr (action->type, ==, "redirect");
  g_assert_cmpint (action->order, ==, 1);
  g_assert_cmpstr (action->redirect_protocol, ==, "HTTPS");
  g_assert_cmpstr (action->redirect_port, ==, "443");
  g_assert_cmpstr (action->redirect_host, ==, "#{host}");
  g_assert_cmpstr (action->redirect_status_code, ==, "HTTP_301");
  g_assert_null (action->target_group_arn);
}

static void
test_listeners_error (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsElbv2) elbv2 = gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add_text (replay, 400,
                               "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/"
                               "doc/2015-12-01/\"><Error><Type>Sender</Type>"
                               "<Code>LoadBalancerNotFound</Code>"
                               "<Message>One or more load balancers not found</Message></Error>"
                               "<RequestId>r-1</RequestId></ErrorResponse>");
  listeners = DESCRIBE (elbv2, describe_listeners, "arn:nope", &error);
  g_assert_null (listeners);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "LoadBalancerNotFound");
}

static void
test_target_groups (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsElbv2) elbv2 = gantry_aws_elbv2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsElbv2TargetGroup *group;

  gantry_test_replay_add (replay, 200, "elbv2-describe-target-groups.xml");
  groups = DESCRIBE (elbv2, describe_target_groups, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gantry_test_replay_get_param (replay, 0, "LoadBalancerArn"));
  g_assert_cmpuint (groups->len, ==, 2);

  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->name, ==, "prod-api-tg");
  g_assert_cmpstr (group->protocol, ==, "HTTP");
  g_assert_cmpint (group->port, ==, 8000);
  g_assert_cmpstr (group->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstr (group->target_type, ==, "ip");
  g_assert_cmpstr (group->health_check_path, ==, "/health");
  g_assert_cmpuint (g_strv_length (group->load_balancer_arns), ==, 1);

  /* A Lambda target group has no port, protocol or VPC. */
  group = g_ptr_array_index (groups, 1);
  g_assert_cmpint (group->port, ==, -1);
  g_assert_null (group->protocol);
  g_assert_null (group->vpc_id);
  g_assert_cmpuint (g_strv_length (group->load_balancer_arns), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/elbv2/load-balancers/pages", test_load_balancers_pages);
  g_test_add_func ("/aws/elbv2/load-balancers/wrong-shapes", test_load_balancers_wrong_shapes);
  g_test_add_func ("/aws/elbv2/load-balancers/cancelled", test_load_balancers_cancelled);
  g_test_add_func ("/aws/elbv2/listeners", test_listeners);
  g_test_add_func ("/aws/elbv2/listeners/error", test_listeners_error);
  g_test_add_func ("/aws/elbv2/target-groups", test_target_groups);

  return g_test_run ();
}
