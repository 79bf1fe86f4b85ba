/* test-emulator-errors.c: moto's not-implemented page vs a real server failure
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto answers actions it lacks with Werkzeug's generic HTTP 500 page and
 * no request ID. Retrying that with backoff only cost seconds (the audit's
 * ListBackupSelections), so the engine reports it as not available after
 * one request; an AWS-shaped 500 (InternalFailure) is still retried.
 */

#include "config.h"

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

static GantryTestMoto *moto;

static GantryAwsClient *
client_for (GantryTestProxy *proxy)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, "us-east-1");
  gantry_aws_client_set_endpoint_url (client, gantry_test_proxy_get_endpoint (proxy));
  return client;
}

static JsonObject *
call_ecs (GantryAwsClient *client,
          const char      *action,
          JsonObject      *input,
          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_client_call_json_async (client, &gantry_aws_service_ecs, action, input, NULL,
                                     gantry_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_aws_client_call_json_finish (client, result, error);
}

static void
test_not_implemented_not_retried (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            &error);
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  g_assert_no_error (error);
  client = client_for (proxy);
  json_object_set_string_member (input, "cluster", "default");
  json_object_set_string_member (input, "service", "web");

  /* moto 5.2.1 does not implement ListServiceDeployments. */
  reply = call_ecs (client, "ListServiceDeployments", input, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE);
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 500);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "ListServiceDeployments");
  g_assert_cmpuint (gantry_test_proxy_count (proxy, "ListServiceDeployments"), ==, 1);
}

static void
test_internal_failure_retried (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            &error);
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  g_assert_no_error (error);
  client = client_for (proxy);
  /* An AWS-shaped 500 once, then moto's real answer. */
  gantry_test_proxy_add_fault (proxy, "ListClusters", GANTRY_TEST_FAULT_STATUS_500, 1);

  reply = call_ecs (client, "ListClusters", input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_true (json_object_has_member (reply, "clusterArns"));
  g_assert_cmpuint (gantry_test_proxy_count (proxy, "ListClusters"), ==, 2);
}

static void
test_internal_failure_always (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            &error);
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  g_assert_no_error (error);
  client = client_for (proxy);
  gantry_aws_client_set_max_attempts (client, 2);
  gantry_test_proxy_add_fault (proxy, "ListClusters", GANTRY_TEST_FAULT_STATUS_500, 0);

  reply = call_ecs (client, "ListClusters", input, &error);

  /* A server failure with an AWS body stays a retried SERVICE error. */
  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "InternalFailure");
  g_assert_cmpuint (gantry_test_proxy_count (proxy, "ListClusters"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/emulator-errors/not-implemented-not-retried",
                   test_not_implemented_not_retried);
  g_test_add_func ("/integration/emulator-errors/internal-failure-retried",
                   test_internal_failure_retried);
  g_test_add_func ("/integration/emulator-errors/internal-failure-always",
                   test_internal_failure_always);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
