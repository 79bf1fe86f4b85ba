/* test-faults.c: the request engine under injected faults, in front of moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "aws/gantry-aws-sts.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

static GantryTestMoto *moto;

typedef struct
{
  const char      *name;
  GantryTestFault  fault;
  guint            times;
  /* expected outcome */
  gboolean         succeeds;
  int              code;
  guint            requests;
} FaultCase;

static void
test_fault (gconstpointer data)
{
  const FaultCase *fault_case = data;
  g_autoptr(GantryTestProxy) proxy = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAwsSts) sts = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), &error);
  g_assert_no_error (error);
  gantry_test_proxy_add_fault (proxy, "GetCallerIdentity", fault_case->fault, fault_case->times);
  if (fault_case->fault == GANTRY_TEST_FAULT_LATENCY)
    gantry_test_proxy_set_latency (proxy, 300);

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, "us-east-1");
  gantry_aws_client_set_endpoint_url (client, gantry_test_proxy_get_endpoint (proxy));
  gantry_aws_client_set_timeout (client, 2);
  sts = gantry_aws_sts_new (client);

  start = g_get_monotonic_time ();
  gantry_aws_sts_get_caller_identity_async (sts, NULL, gantry_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  identity = gantry_aws_sts_get_caller_identity_finish (sts, result, &error);

  g_test_message ("%s: %u requests, %.2f s, %s", fault_case->name,
                  gantry_test_proxy_count (proxy, "GetCallerIdentity"),
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  error ? error->message : "ok");

  if (fault_case->succeeds)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (identity->arn, ==, gantry_test_moto_get_user_arn (moto));
    }
  else
    {
      g_assert_null (identity);
      g_assert_error (error, GANTRY_AWS_ERROR, fault_case->code);
      /* Whatever went wrong, the message never carries the secret. */
      g_assert_null (strstr (error->message, gantry_test_moto_get_secret_access_key (moto)));
    }

  g_assert_cmpuint (gantry_test_proxy_count (proxy, "GetCallerIdentity"), ==,
                    fault_case->requests);
  /* No hang: three attempts with a 2 s stall timeout and backoff fit well
   * inside this; a hang would be caught by meson's timeout instead. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_TIME_SPAN_SECOND);

  if (fault_case->fault == GANTRY_TEST_FAULT_SKEW)
    g_assert_cmpint (gantry_aws_client_get_clock_skew (client) / G_TIME_SPAN_MINUTE, >=, 59);
}

static const FaultCase cases[] = {
  { "latency", GANTRY_TEST_FAULT_LATENCY, 1, TRUE, -1, 1 },
  { "500-twice", GANTRY_TEST_FAULT_STATUS_500, 2, TRUE, -1, 3 },
  { "500-always", GANTRY_TEST_FAULT_STATUS_500, 0, FALSE, GANTRY_AWS_ERROR_SERVICE, 3 },
  { "503-once", GANTRY_TEST_FAULT_STATUS_503, 1, TRUE, -1, 2 },
  { "throttle-twice", GANTRY_TEST_FAULT_THROTTLE, 2, TRUE, -1, 3 },
  { "throttle-always", GANTRY_TEST_FAULT_THROTTLE, 0, FALSE, GANTRY_AWS_ERROR_THROTTLED, 3 },
  { "reset-before-once", GANTRY_TEST_FAULT_RESET_BEFORE, 1, TRUE, -1, 2 },
  { "reset-before-always", GANTRY_TEST_FAULT_RESET_BEFORE, 0, FALSE,
    GANTRY_AWS_ERROR_NETWORK, 3 },
  { "reset-after-once", GANTRY_TEST_FAULT_RESET_AFTER, 1, TRUE, -1, 2 },
  { "truncate-once", GANTRY_TEST_FAULT_TRUNCATE, 1, TRUE, -1, 2 },
  { "corrupt", GANTRY_TEST_FAULT_CORRUPT, 0, FALSE, GANTRY_AWS_ERROR_BAD_RESPONSE, 1 },
  { "wrong-content-type", GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE, 0, FALSE,
    GANTRY_AWS_ERROR_BAD_RESPONSE, 1 },
  { "expired-token", GANTRY_TEST_FAULT_EXPIRED_TOKEN, 0, FALSE, GANTRY_AWS_ERROR_AUTH, 1 },
  { "skew-once", GANTRY_TEST_FAULT_SKEW, 1, TRUE, -1, 2 },
  { "stall-always", GANTRY_TEST_FAULT_STALL, 0, FALSE, GANTRY_AWS_ERROR_NETWORK, 3 },
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/faults/whoami/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_fault);
    }

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
