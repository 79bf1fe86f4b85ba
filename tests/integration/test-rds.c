/* test-rds.c: the RDS service module against moto, signatures verified
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-rds.h"
#include "gantry-test-query.h"

static GantryTestMoto *moto;
static JsonObject *demo;
static JsonObject *paging;

#define PAGING_COUNT        12
/* RDS pages at ≥ 20 records; 22 + the demo's 2 make moto answer in 2 pages. */
#define PAGING_DB_INSTANCES 22

static GantryAwsRds *
rds_new (guint page_size)
{
  g_autoptr(GantryAwsClient) client = gantry_test_query_client_new (moto);
  GantryAwsRds *rds = gantry_aws_rds_new (client);

  gantry_aws_rds_set_page_size (rds, page_size);
  return rds;
}

#define DESCRIBE(rds, call, arg, out_error)                                      \
  ({                                                                             \
    g_autoptr(GAsyncResult) result_ = NULL;                                      \
    gantry_aws_rds_##call##_async ((rds), (arg), NULL, gantry_test_store_result, \
                                   &result_);                                    \
    GANTRY_TEST_AWAIT (result_);                                                 \
    gantry_aws_rds_##call##_finish ((rds), result_, (out_error));                \
  })

static void
test_describe_db_clusters (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (20);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbCluster *cluster;
  JsonObject *groups = json_object_get_object_member (demo, "SecurityGroups");

  clusters = DESCRIBE (rds, describe_db_clusters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 1);
  cluster = g_ptr_array_index (clusters, 0);
  g_assert_cmpstr (cluster->identifier, ==, "prod-db");
  g_assert_cmpstr (cluster->arn, ==, json_object_get_string_member (demo, "DBClusterArn"));
  g_assert_cmpstr (cluster->engine, ==, "aurora-postgresql");
  g_assert_true (cluster->storage_encrypted);
  g_assert_cmpstr (cluster->db_subnet_group, ==, "prod-db-subnets");
  g_assert_cmpuint (g_strv_length (cluster->vpc_security_group_ids), ==, 1);
  g_assert_cmpstr (cluster->vpc_security_group_ids[0], ==,
                   json_object_get_string_member (groups, "prod-db-sg"));
  g_assert_cmpuint (cluster->members->len, ==, 2);
  g_assert_cmpint (cluster->backup_retention_period, >=, 1);
  g_assert_nonnull (cluster->parameter_group);
  g_assert_cmpint (cluster->port, ==, 5432);
}

static void
test_describe_db_cluster_not_found (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (0);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  clusters = DESCRIBE (rds, describe_db_clusters, "no-such-cluster", &error);
  g_assert_null (clusters);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "DBClusterNotFoundFault");
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeDBClusters");
}

static void
test_describe_db_instances_paged (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (20);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbInstance *first, *second;

  /* moto does page this call: stopping after one page would give 20. */
  all = DESCRIBE (rds, describe_db_instances, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, PAGING_DB_INSTANCES + 2);
  g_assert_cmpuint (gantry_test_count (all, G_STRUCT_OFFSET (GantryAwsRdsDbInstance, identifier),
                                       "paging-db-"), ==, PAGING_DB_INSTANCES);

  members = DESCRIBE (rds, describe_db_instances, "prod-db", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  first = g_ptr_array_index (members, 0);
  second = g_ptr_array_index (members, 1);
  g_assert_cmpstr (first->db_cluster_identifier, ==, "prod-db");
  g_assert_cmpstr (second->db_cluster_identifier, ==, "prod-db");
  g_assert_nonnull (first->availability_zone);
  g_assert_nonnull (second->availability_zone);
  g_assert_cmpstr (first->availability_zone, !=, second->availability_zone);
  g_assert_false (first->publicly_accessible);
  g_assert_cmpstr (first->engine, ==, "aurora-postgresql");
}

static void
test_describe_db_subnet_groups (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (20);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbSubnetGroup *group;
  JsonArray *private_ids = json_object_get_array_member (demo, "PrivateSubnetIds");
  GantryAwsRdsSubnet *subnet;

  all = DESCRIBE (rds, describe_db_subnet_groups, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, PAGING_COUNT + 1);

  one = DESCRIBE (rds, describe_db_subnet_groups, "prod-db-subnets", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  group = g_ptr_array_index (one, 0);
  g_assert_cmpstr (group->name, ==, "prod-db-subnets");
  g_assert_cmpstr (group->vpc_id, ==, json_object_get_string_member (demo, "VpcId"));
  g_assert_cmpuint (group->subnets->len, ==, 2);
  subnet = gantry_test_find (group->subnets, G_STRUCT_OFFSET (GantryAwsRdsSubnet, subnet_id),
                             json_array_get_string_element (private_ids, 1));
  g_assert_nonnull (subnet);
  g_assert_cmpstr (subnet->availability_zone, ==, "us-east-1b");
}

static void
test_describe_db_cluster_parameters (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (0);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) parameters = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbCluster *cluster;
  GantryAwsRdsParameter *force_ssl;

  clusters = DESCRIBE (rds, describe_db_clusters, "prod-db", &error);
  g_assert_no_error (error);
  cluster = g_ptr_array_index (clusters, 0);

  parameters = DESCRIBE (rds, describe_db_cluster_parameters, cluster->parameter_group, &error);
  g_assert_no_error (error);
  force_ssl = gantry_test_find (parameters, G_STRUCT_OFFSET (GantryAwsRdsParameter, name),
                                "rds.force_ssl");
  g_assert_nonnull (force_ssl);
  g_assert_cmpstr (force_ssl->value, ==, "1");
}

static void
test_describe_db_cluster_parameters_not_found (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (0);
  g_autoptr(GPtrArray) parameters = NULL;
  g_autoptr(GError) error = NULL;

  parameters = DESCRIBE (rds, describe_db_cluster_parameters, "no-such-group", &error);
  g_assert_null (parameters);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "DBParameterGroupNotFound");
}

static GantryAwsRdsDbSubnetGroup *
create_group (GantryAwsRds        *rds,
              const char          *name,
              const char * const  *subnet_ids,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  /* Spaces on purpose: moto re-encodes the form with "+" for a space before
   * checking the signature, so this fails if the body encodes them otherwise. */
  gantry_aws_rds_create_db_subnet_group_async (rds, name, "Gantry test group (private pair)",
                                               subnet_ids,
                                               cancellable, gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_rds_create_db_subnet_group_finish (rds, result, error);
}

static void
test_create_db_subnet_group (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (0);
  g_autoptr(GantryAwsRdsDbSubnetGroup) created = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *private_ids = json_object_get_array_member (demo, "PrivateSubnetIds");
  const char *subnet_ids[] = {
    json_array_get_string_element (private_ids, 0),
    json_array_get_string_element (private_ids, 1),
    NULL
  };
  GantryAwsRdsDbSubnetGroup *group;

  created = create_group (rds, "gantry-fix-subnets", subnet_ids, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (created->name, ==, "gantry-fix-subnets");
  g_assert_cmpuint (created->subnets->len, ==, 2);

  found = DESCRIBE (rds, describe_db_subnet_groups, "gantry-fix-subnets", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  group = g_ptr_array_index (found, 0);
  g_assert_cmpstr (group->vpc_id, ==, json_object_get_string_member (demo, "VpcId"));
  g_assert_cmpstr (group->description, ==, "Gantry test group (private pair)");
  g_assert_nonnull (gantry_test_find (group->subnets,
                                      G_STRUCT_OFFSET (GantryAwsRdsSubnet, subnet_id),
                                      subnet_ids[0]));
  g_assert_nonnull (gantry_test_find (group->subnets,
                                      G_STRUCT_OFFSET (GantryAwsRdsSubnet, subnet_id),
                                      subnet_ids[1]));
}

static void
test_create_db_subnet_group_cancelled (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (0);
  g_autoptr(GantryAwsRdsDbSubnetGroup) created = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *private_ids = json_object_get_array_member (demo, "PrivateSubnetIds");
  const char *subnet_ids[] = { json_array_get_string_element (private_ids, 0), NULL };

  g_cancellable_cancel (cancellable);
  created = create_group (rds, "gantry-cancelled", subnet_ids, cancellable, &error);
  g_assert_null (created);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsRds) rds = rds_new (20);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_rds_describe_db_instances_async (rds, NULL, cancellable, gantry_test_store_result,
                                              &result);
  g_cancellable_cancel (cancellable);
  GANTRY_TEST_AWAIT (result);
  instances = gantry_aws_rds_describe_db_instances_finish (rds, result, &error);
  g_assert_null (instances);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *paging_args[] = { "--count", G_STRINGIFY (PAGING_COUNT),
                                "--db-instances", G_STRINGIFY (PAGING_DB_INSTANCES), NULL };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gantry_test_moto_is_available ())
    {
      g_test_add_func ("/integration/rds/moto-unavailable", gantry_test_query_skip);
      return g_test_run ();
    }

  g_test_add_func ("/integration/rds/describe-db-clusters", test_describe_db_clusters);
  g_test_add_func ("/integration/rds/describe-db-cluster-not-found",
                   test_describe_db_cluster_not_found);
  g_test_add_func ("/integration/rds/describe-db-instances-paged",
                   test_describe_db_instances_paged);
  g_test_add_func ("/integration/rds/describe-db-subnet-groups", test_describe_db_subnet_groups);
  g_test_add_func ("/integration/rds/describe-db-cluster-parameters",
                   test_describe_db_cluster_parameters);
  g_test_add_func ("/integration/rds/describe-db-cluster-parameters-not-found",
                   test_describe_db_cluster_parameters_not_found);
  g_test_add_func ("/integration/rds/create-db-subnet-group", test_create_db_subnet_group);
  g_test_add_func ("/integration/rds/create-db-subnet-group-cancelled",
                   test_create_db_subnet_group_cancelled);
  g_test_add_func ("/integration/rds/cancelled", test_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  demo = gantry_test_query_seed_demo (moto);
  paging = gantry_test_query_seed (moto, "seed-paging.py", paging_args);

  status = g_test_run ();
  g_clear_pointer (&demo, json_object_unref);
  g_clear_pointer (&paging, json_object_unref);
  gantry_test_moto_stop (moto);
  return status;
}
