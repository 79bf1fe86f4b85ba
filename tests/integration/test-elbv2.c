/* test-elbv2.c: the ELBv2 service module against moto, signatures verified
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aws/gantry-aws-elbv2.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-query.h"

static GantryTestMoto *moto;
static JsonObject *demo;

#define PAGING_COUNT          12
/* With the demo's ALB, 8 load balancers at PageSize=3: moto answers in 3 pages. */
#define PAGING_LOAD_BALANCERS 7

static GantryAwsElbv2 *
elbv2_new (guint page_size)
{
  g_autoptr(GantryAwsClient) client = gantry_test_query_client_new (moto);
  GantryAwsElbv2 *elbv2 = gantry_aws_elbv2_new (client);

  gantry_aws_elbv2_set_page_size (elbv2, page_size);
  return elbv2;
}

static GPtrArray *
describe_load_balancers (GantryAwsElbv2  *elbv2,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_elbv2_describe_load_balancers_async (elbv2, cancellable, gantry_test_store_result,
                                                  &result);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
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
test_describe_load_balancers_paged (void)
{
  g_autoptr(GantryAwsElbv2) elbv2 = elbv2_new (3);
  g_autoptr(GPtrArray) balancers = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsElbv2LoadBalancer *alb;
  JsonObject *groups = json_object_get_object_member (demo, "SecurityGroups");

  balancers = describe_load_balancers (elbv2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (balancers->len, ==, PAGING_LOAD_BALANCERS + 1);
  g_assert_cmpuint (gantry_test_count (balancers,
                                       G_STRUCT_OFFSET (GantryAwsElbv2LoadBalancer, name),
                                       "paging-lb-"), ==, PAGING_LOAD_BALANCERS);

  alb = gantry_test_find (balancers, G_STRUCT_OFFSET (GantryAwsElbv2LoadBalancer, arn),
                          json_object_get_string_member (demo, "LoadBalancerArn"));
  g_assert_nonnull (alb);
  g_assert_cmpstr (alb->name, ==, "prod-alb");
  g_assert_cmpstr (alb->scheme, ==, "internet-facing");
  g_assert_cmpstr (alb->type, ==, "application");
  g_assert_cmpstr (alb->vpc_id, ==, json_object_get_string_member (demo, "VpcId"));
  g_assert_nonnull (alb->dns_name);
  g_assert_cmpuint (alb->availability_zones->len, ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) alb->security_groups,
                                  json_object_get_string_member (groups, "prod-lb-sg")));
}

static void
test_describe_listeners (void)
{
  g_autoptr(GantryAwsElbv2) elbv2 = elbv2_new (1);
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *arns = json_object_get_object_member (demo, "ListenerArns");
  GantryAwsElbv2Listener *https, *http;
  GantryAwsElbv2Action *action;

  listeners = DESCRIBE (elbv2, describe_listeners,
                        json_object_get_string_member (demo, "LoadBalancerArn"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listeners->len, ==, 2);

  https = gantry_test_find (listeners, G_STRUCT_OFFSET (GantryAwsElbv2Listener, arn),
                            json_object_get_string_member (arns, "HTTPS"));
  g_assert_nonnull (https);
  g_assert_cmpint (https->port, ==, 443);
  g_assert_cmpstr (https->protocol, ==, "HTTPS");
  g_assert_cmpuint (g_strv_length (https->certificate_arns), ==, 1);
  g_assert_cmpstr (https->certificate_arns[0], ==,
                   json_object_get_string_member (demo, "CertificateArn"));

  http = gantry_test_find (listeners, G_STRUCT_OFFSET (GantryAwsElbv2Listener, arn),
                           json_object_get_string_member (arns, "HTTP"));
  g_assert_nonnull (http);
  g_assert_cmpint (http->port, ==, 80);
  g_assert_cmpuint (http->default_actions->len, ==, 1);
  action = g_ptr_array_index (http->default_actions, 0);
  g_assert_cmpstr (action->type, ==, "redirect");
  g_assert_cmpstr (action->redirect_protocol, ==, "HTTPS");
  g_assert_cmpstr (action->redirect_port, ==, "443");
}

static void
test_describe_listeners_not_found (void)
{
  g_autoptr(GantryAwsElbv2) elbv2 = elbv2_new (0);
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;

  listeners = DESCRIBE (elbv2, describe_listeners,
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                        "loadbalancer/app/nope/0000000000000000", &error);
  g_assert_null (listeners);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "LoadBalancerNotFound");
}

static void
test_describe_target_groups (void)
{
  g_autoptr(GantryAwsElbv2) elbv2 = elbv2_new (5);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *arns = json_object_get_object_member (demo, "TargetGroupArns");
  GantryAwsElbv2TargetGroup *group;

  all = DESCRIBE (elbv2, describe_target_groups, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, PAGING_COUNT + 2);
  g_assert_cmpuint (gantry_test_count (all, G_STRUCT_OFFSET (GantryAwsElbv2TargetGroup, name),
                                       "paging-tg-"), ==, PAGING_COUNT);

  group = gantry_test_find (all, G_STRUCT_OFFSET (GantryAwsElbv2TargetGroup, arn),
                            json_object_get_string_member (arns, "prod-api"));
  g_assert_nonnull (group);
  g_assert_cmpstr (group->vpc_id, ==, json_object_get_string_member (demo, "VpcId"));
  g_assert_cmpint (group->port, >, 0);
  g_assert_nonnull (group->protocol);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsElbv2) elbv2 = elbv2_new (3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) balancers = NULL;
  g_autoptr(GError) error = NULL;

  balancers = describe_load_balancers (elbv2, cancellable, &error);
  g_assert_null (balancers);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) paging = NULL;
  const char *paging_args[] = { "--count", G_STRINGIFY (PAGING_COUNT), "--load-balancers",
                                G_STRINGIFY (PAGING_LOAD_BALANCERS), NULL };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gantry_test_moto_is_available ())
    {
      g_test_add_func ("/integration/elbv2/moto-unavailable", gantry_test_query_skip);
      return g_test_run ();
    }

  g_test_add_func ("/integration/elbv2/describe-load-balancers-paged",
                   test_describe_load_balancers_paged);
  g_test_add_func ("/integration/elbv2/describe-listeners", test_describe_listeners);
  g_test_add_func ("/integration/elbv2/describe-listeners-not-found",
                   test_describe_listeners_not_found);
  g_test_add_func ("/integration/elbv2/describe-target-groups", test_describe_target_groups);
  g_test_add_func ("/integration/elbv2/cancelled", test_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  demo = gantry_test_query_seed_demo (moto);
  paging = gantry_test_query_seed (moto, "seed-paging.py", paging_args);

  status = g_test_run ();
  g_clear_pointer (&demo, json_object_unref);
  gantry_test_moto_stop (moto);
  return status;
}
