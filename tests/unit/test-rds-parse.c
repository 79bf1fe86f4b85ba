/* test-rds-parse.c: the RDS module against recorded-shape replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-rds.h"
#include "gantry-test-replay.h"

#define DESCRIBE(rds, call, arg, out_error)                                      \
  ({                                                                             \
    g_autoptr(GAsyncResult) result_ = NULL;                                      \
    gantry_aws_rds_##call##_async ((rds), (arg), NULL, gantry_test_store_result, \
                                   &result_);                                    \
    GANTRY_TEST_AWAIT (result_);                                                 \
    gantry_aws_rds_##call##_finish ((rds), result_, (out_error));                \
  })

static void
test_db_clusters (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbCluster *cluster;
  GantryAwsRdsClusterMember *member;

  gantry_test_replay_add (replay, 200, "rds-describe-db-clusters.xml");
  clusters = DESCRIBE (rds, describe_db_clusters, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gantry_test_replay_get_param (replay, 0, "DBClusterIdentifier"));
  g_assert_cmpuint (clusters->len, ==, 2);

  cluster = g_ptr_array_index (clusters, 0);
  g_assert_cmpstr (cluster->identifier, ==, "prod-db");
  g_assert_cmpstr (cluster->engine, ==, "aurora-postgresql");
  g_assert_cmpint (cluster->port, ==, 5432);
  g_assert_true (cluster->multi_az);
  g_assert_true (cluster->storage_encrypted);
  g_assert_true (cluster->deletion_protection);
  g_assert_cmpstr (cluster->db_subnet_group, ==, "prod-db-subnets");
  g_assert_cmpstr (cluster->parameter_group, ==, "prod-pg16");
  g_assert_cmpint (cluster->backup_retention_period, ==, 7);
  g_assert_cmpstrv (cluster->vpc_security_group_ids,
                    ((const char *[]) { "sg-0b9130572daf3dc16", NULL }));
  g_assert_cmpuint (g_strv_length (cluster->availability_zones), ==, 3);
  g_assert_cmpuint (cluster->members->len, ==, 2);
  member = g_ptr_array_index (cluster->members, 0);
  g_assert_cmpstr (member->instance_identifier, ==, "prod-db-instance-1");
  g_assert_true (member->is_writer);
  member = g_ptr_array_index (cluster->members, 1);
  g_assert_false (member->is_writer);

  /* The DocumentDB cluster leaves most optional fields out. */
  cluster = g_ptr_array_index (clusters, 1);
  g_assert_cmpstr (cluster->engine, ==, "docdb");
  g_assert_cmpint (cluster->port, ==, 27017);
  g_assert_null (cluster->db_subnet_group);
  g_assert_null (cluster->parameter_group);
  g_assert_null (cluster->kms_key_id);
  g_assert_false (cluster->multi_az);
  g_assert_false (cluster->storage_encrypted);
  g_assert_cmpuint (cluster->members->len, ==, 0);
  g_assert_cmpuint (g_strv_length (cluster->vpc_security_group_ids), ==, 0);
}

static void
test_db_cluster_not_found (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 404, "rds-error-db-cluster-not-found.xml");
  clusters = DESCRIBE (rds, describe_db_clusters, "prod-db", &error);
  g_assert_null (clusters);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "DBClusterNotFoundFault");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "DBClusterIdentifier"), ==,
                   "prod-db");
}

static void
test_db_clusters_wrong_shapes (void)
{
  const char *bodies[] = {
    "<DescribeDBClustersResponse><ResponseMetadata/></DescribeDBClustersResponse>",
    "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters>"
    "<DBCluster><Engine>postgres</Engine></DBCluster>"
    "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>",
    "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters>"
    "<DBCluster><DBClusterIdentifier>x</DBClusterIdentifier>"
    "<DBClusterMembers><DBClusterMember><IsClusterWriter>true</IsClusterWriter>"
    "</DBClusterMember></DBClusterMembers></DBCluster>"
    "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
      g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
      g_autoptr(GPtrArray) clusters = NULL;
      g_autoptr(GError) error = NULL;

      gantry_test_replay_add_text (replay, 200, bodies[i]);
      clusters = DESCRIBE (rds, describe_db_clusters, NULL, &error);
      g_assert_null (clusters);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
    }
}

static void
test_db_instances_pages (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbInstance *instance;

  gantry_test_replay_add (replay, 200, "rds-describe-db-instances-page1.xml");
  gantry_test_replay_add (replay, 200, "rds-describe-db-instances-page2.xml");
  gantry_aws_rds_set_page_size (rds, 5);

  instances = DESCRIBE (rds, describe_db_instances, "prod-db", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 3);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), ==, 2);
  /* RDS refuses MaxRecords below 20. */
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "MaxRecords"), ==, "20");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Filters.Filter.1.Name"), ==,
                   "db-cluster-id");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Filters.Filter.1.Values.Value.1"),
                   ==, "prod-db");
  g_assert_null (gantry_test_replay_get_param (replay, 0, "Marker"));
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "Marker"), ==, "cHJvZC1kYi0y");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "Filters.Filter.1.Name"), ==,
                   "db-cluster-id");

  instance = g_ptr_array_index (instances, 1);
  g_assert_cmpstr (instance->identifier, ==, "prod-db-2");
  g_assert_cmpstr (instance->availability_zone, ==, "us-east-1b");
  g_assert_cmpstr (instance->db_cluster_identifier, ==, "prod-db");
  g_assert_cmpstr (instance->db_subnet_group_name, ==, "prod-db-subnets");
  g_assert_cmpstr (instance->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstrv (instance->vpc_security_group_ids, ((const char *[]) { "sg-1a2b3c4d", NULL }));
  g_assert_false (instance->publicly_accessible);
  g_assert_true (instance->storage_encrypted);
  g_assert_cmpint (instance->backup_retention_period, ==, 7);
  instance = g_ptr_array_index (instances, 2);
  g_assert_true (instance->publicly_accessible);
}

static void
test_db_subnet_groups (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsDbSubnetGroup *group;
  GantryAwsRdsSubnet *subnet;

  gantry_test_replay_add (replay, 200, "rds-describe-db-subnet-groups.xml");
  gantry_aws_rds_set_page_size (rds, 500);
  groups = DESCRIBE (rds, describe_db_subnet_groups, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "MaxRecords"), ==, "100");
  g_assert_cmpuint (groups->len, ==, 2);

  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->name, ==, "prod-db-subnets");
  g_assert_cmpstr (group->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstr (group->status, ==, "Complete");
  g_assert_cmpuint (group->subnets->len, ==, 2);
  subnet = g_ptr_array_index (group->subnets, 1);
  g_assert_cmpstr (subnet->subnet_id, ==, "subnet-7b5b4112");
  g_assert_cmpstr (subnet->availability_zone, ==, "us-east-1b");
  g_assert_cmpstr (subnet->status, ==, "Active");

  group = g_ptr_array_index (groups, 1);
  g_assert_null (group->vpc_id);
  g_assert_cmpuint (group->subnets->len, ==, 0);
}

static void
test_db_cluster_parameters (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) parameters = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsRdsParameter *parameter;

  gantry_test_replay_add (replay, 200, "rds-describe-db-cluster-parameters.xml");
  parameters = DESCRIBE (rds, describe_db_cluster_parameters, "prod-pg16", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "DBClusterParameterGroupName"), ==,
                   "prod-pg16");
  g_assert_cmpuint (parameters->len, ==, 2);
  parameter = g_ptr_array_index (parameters, 0);
  g_assert_cmpstr (parameter->name, ==, "rds.force_ssl");
  g_assert_cmpstr (parameter->value, ==, "1");
  g_assert_cmpstr (parameter->source, ==, "user");
  g_assert_true (parameter->is_modifiable);
  /* An unset parameter has no value at all, not "". */
  parameter = g_ptr_array_index (parameters, 1);
  g_assert_cmpstr (parameter->name, ==, "tls");
  g_assert_null (parameter->value);
}

static GantryAwsRdsDbSubnetGroup *
create_group (GantryAwsRds  *rds,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const char *subnet_ids[] = { "subnet-7c5b4115", "subnet-7b5b4112", NULL };

  gantry_aws_rds_create_db_subnet_group_async (rds, "prod-db-subnets", "Private subnets of prod",
                                               subnet_ids, cancellable,
                                               gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_rds_create_db_subnet_group_finish (rds, result, error);
}

static void
test_create_db_subnet_group (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GantryAwsRdsDbSubnetGroup) group = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "rds-create-db-subnet-group.xml");
  group = create_group (rds, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (group->name, ==, "prod-db-subnets");
  g_assert_cmpuint (group->subnets->len, ==, 2);

  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Action"), ==, "CreateDBSubnetGroup");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "DBSubnetGroupDescription"), ==,
                   "Private subnets of prod");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "SubnetIds.SubnetIdentifier.1"), ==,
                   "subnet-7c5b4115");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "SubnetIds.SubnetIdentifier.2"), ==,
                   "subnet-7b5b4112");
}

static void
test_create_db_subnet_group_bad_reply (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GantryAwsRdsDbSubnetGroup) group = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add_text (replay, 200,
                               "<CreateDBSubnetGroupResponse><CreateDBSubnetGroupResult/>"
                               "</CreateDBSubnetGroupResponse>");
  group = create_group (rds, NULL, &error);
  g_assert_null (group);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "CreateDBSubnetGroup");
}

static void
test_create_db_subnet_group_cancelled (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsRds) rds = gantry_aws_rds_new (gantry_test_replay_get_client (replay));
  g_autoptr(GantryAwsRdsDbSubnetGroup) group = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "rds-create-db-subnet-group.xml");
  g_cancellable_cancel (cancellable);
  group = create_group (rds, cancellable, &error);
  g_assert_null (group);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/rds/db-clusters", test_db_clusters);
  g_test_add_func ("/aws/rds/db-clusters/not-found", test_db_cluster_not_found);
  g_test_add_func ("/aws/rds/db-clusters/wrong-shapes", test_db_clusters_wrong_shapes);
  g_test_add_func ("/aws/rds/db-instances/pages", test_db_instances_pages);
  g_test_add_func ("/aws/rds/db-subnet-groups", test_db_subnet_groups);
  g_test_add_func ("/aws/rds/db-cluster-parameters", test_db_cluster_parameters);
  g_test_add_func ("/aws/rds/create-db-subnet-group", test_create_db_subnet_group);
  g_test_add_func ("/aws/rds/create-db-subnet-group/bad-reply",
                   test_create_db_subnet_group_bad_reply);
  g_test_add_func ("/aws/rds/create-db-subnet-group/cancelled",
                   test_create_db_subnet_group_cancelled);

  return g_test_run ();
}
