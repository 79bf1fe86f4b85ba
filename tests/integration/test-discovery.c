/* test-discovery.c: auto-discovery against the demo account in moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto verifies signatures and is seeded once with the demo account: one
 * non-default VPC, ECS cluster prod (services on images of backend and
 * frontend), DB cluster prod-db and load balancer prod-alb in that VPC. The
 * last test adds a second non-default VPC (seed-second-vpc.py), so it must
 * stay last.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-discovery.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

static GantryTestMoto *moto;
static char *demo_vpc_id;

static GantryAwsClient *
new_client_with (GantryAwsCredentials *credentials)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (credentials);
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  gantry_aws_client_set_timeout (client, 10);
  return client;
}

static GantryAwsClient *
new_client (void)
{
  return new_client_with (gantry_test_moto_get_credentials (moto));
}

static GPtrArray *
discover (GantryAwsClient    *client,
          GantryEnvironment  *environment,
          GCancellable       *cancellable,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_discovery_run_async (client, environment, cancellable, gantry_test_store_result, &result);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_discovery_run_finish (result, error);
}

static const GantryDiscoveryItem *
find_item (GPtrArray  *items,
           const char *field)
{
  const GantryDiscoveryItem *item = gantry_discovery_find_item (items, field);

  g_assert_nonnull (item);
  return item;
}

static void
test_demo (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected_repositories[] = { "backend", "frontend", NULL };
  const char *fields[] = {
    GANTRY_DISCOVERY_FIELD_VPC_ID, GANTRY_DISCOVERY_FIELD_CLUSTER,
    GANTRY_DISCOVERY_FIELD_DB_CLUSTER, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER,
    GANTRY_DISCOVERY_FIELD_REPOSITORIES,
  };

  items = discover (client, environment, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gantry_environment_get_vpc_id (environment), ==, demo_vpc_id);
  g_assert_cmpstr (gantry_environment_get_cluster (environment), ==, "prod");
  g_assert_cmpstr (gantry_environment_get_db_cluster (environment), ==, "prod-db");
  g_assert_cmpstr (gantry_environment_get_load_balancer (environment), ==, "prod-alb");
  g_assert_true (g_strv_equal (gantry_environment_get_repositories (environment),
                               expected_repositories));

  /* One item per empty field, each filled, in a stable order */
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (item->field, ==, fields[i]);
      g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_FILLED);
      g_assert_nonnull (item->message);
    }
  g_assert_cmpstr (find_item (items, GANTRY_DISCOVERY_FIELD_REPOSITORIES)->value, ==,
                   "backend, frontend");

  /* What discovery does not look at keeps its defaults */
  g_assert_cmpstr (gantry_environment_get_backup_region (environment), ==,
                   GANTRY_ENVIRONMENT_DEFAULT_BACKUP_REGION);
  g_assert_null (gantry_environment_get_dev_accounts (environment)[0]);
}

static void
test_keeps_given_fields (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char * const repositories[] = { "mine", NULL };
  const GantryDiscoveryItem *item;

  /* A VPC the user chose decides where the DB cluster and LB are looked for */
  gantry_environment_set_vpc_id (environment, "vpc-0123456789abcdef0");
  gantry_environment_set_repositories (environment, repositories);

  items = discover (client, environment, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gantry_environment_get_vpc_id (environment), ==, "vpc-0123456789abcdef0");
  g_assert_true (g_strv_equal (gantry_environment_get_repositories (environment),
                               repositories));
  g_assert_null (gantry_discovery_find_item (items, GANTRY_DISCOVERY_FIELD_VPC_ID));
  g_assert_null (gantry_discovery_find_item (items, GANTRY_DISCOVERY_FIELD_REPOSITORIES));

  item = find_item (items, GANTRY_DISCOVERY_FIELD_DB_CLUSTER);
  g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND);
  g_assert_null (gantry_environment_get_db_cluster (environment));
  item = find_item (items, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER);
  g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND);
  g_assert_null (gantry_environment_get_load_balancer (environment));

  /* The cluster does not depend on the VPC */
  g_assert_cmpstr (gantry_environment_get_cluster (environment), ==, "prod");
}

static void
test_given_cluster (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected_repositories[] = { "backend", "frontend", NULL };

  /* The repositories come from the given cluster, without ListClusters */
  gantry_environment_set_cluster (environment, "prod");
  items = discover (client, environment, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (gantry_discovery_find_item (items, GANTRY_DISCOVERY_FIELD_CLUSTER));
  g_assert_true (g_strv_equal (gantry_environment_get_repositories (environment),
                               expected_repositories));
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = discover (client, environment, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (items);

  /* Nothing half-filled */
  g_assert_null (gantry_environment_get_vpc_id (environment));
  g_assert_null (gantry_environment_get_cluster (environment));
  g_assert_null (gantry_environment_get_db_cluster (environment));
  g_assert_null (gantry_environment_get_load_balancer (environment));
  g_assert_null (gantry_environment_get_repositories (environment)[0]);
}

static void
test_calls_fail (void)
{
  g_autoptr(GantryAwsCredentials) wrong = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  /* Every call is refused; each field says so instead of the run failing */
  wrong = gantry_aws_credentials_new (gantry_test_moto_get_access_key_id (moto),
                                      "not-the-secret", NULL, NULL, "test");
  client = new_client_with (wrong);
  gantry_aws_client_set_max_attempts (client, 1);

  items = discover (client, environment, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 5);
  for (guint i = 0; i < items->len; i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->field, GANTRY_DISCOVERY_FIELD_REPOSITORIES))
        /* No cluster, so no task definitions to read */
        g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND);
      else
        g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_FAILED);
    }
  g_assert_null (gantry_environment_get_vpc_id (environment));
}

static void
test_second_vpc (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("prod");
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expected = NULL;
  const GantryDiscoveryItem *item;
  const char *second_vpc_id;

  gantry_test_moto_run_seed (moto, "seed-second-vpc.py", NULL, &output, &error);
  g_assert_no_error (error);
  summary = json_from_string (output, &error);
  g_assert_no_error (error);
  second_vpc_id = json_object_get_string_member (json_node_get_object (summary), "VpcId");

  items = discover (client, environment, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (gantry_environment_get_vpc_id (environment));
  item = find_item (items, GANTRY_DISCOVERY_FIELD_VPC_ID);
  g_assert_cmpint (item->outcome, ==, GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS);
  g_assert_null (item->value);
  g_assert_cmpuint (g_strv_length (item->candidates), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) item->candidates, demo_vpc_id));
  g_assert_true (g_strv_contains ((const char * const *) item->candidates, second_vpc_id));
  /* Sorted, so the message is stable */
  if (g_strcmp0 (demo_vpc_id, second_vpc_id) < 0)
    expected = g_strdup_printf ("2 non-default VPCs: %s, %s", demo_vpc_id, second_vpc_id);
  else
    expected = g_strdup_printf ("2 non-default VPCs: %s, %s", second_vpc_id, demo_vpc_id);
  g_assert_cmpstr (item->message, ==, expected);

  /* Still the only ones of their kind in the region */
  g_assert_cmpstr (gantry_environment_get_db_cluster (environment), ==, "prod-db");
  g_assert_cmpstr (gantry_environment_get_load_balancer (environment), ==, "prod-alb");
  g_assert_cmpstr (gantry_environment_get_cluster (environment), ==, "prod");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *output = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/discovery/demo", test_demo);
  g_test_add_func ("/integration/discovery/keeps-given-fields", test_keeps_given_fields);
  g_test_add_func ("/integration/discovery/given-cluster", test_given_cluster);
  g_test_add_func ("/integration/discovery/cancelled", test_cancelled);
  g_test_add_func ("/integration/discovery/calls-fail", test_calls_fail);
  /* Changes the account: keep it last */
  g_test_add_func ("/integration/discovery/second-vpc", test_second_vpc);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &output, &error);
  g_assert_no_error (error);
  summary = json_from_string (output, &error);
  g_assert_no_error (error);
  demo_vpc_id = g_strdup (json_object_get_string_member (json_node_get_object (summary),
                                                         "VpcId"));

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  g_free (demo_vpc_id);
  return status;
}
