/* gantry-aws-rds.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The RDS (and DocumentDB, same API) calls of the database checks. Replies
 * are plain query-protocol XML: lists are <Member>-named elements inside
 * "<Action>Result/<List>" and the next page's token is "<Action>Result/Marker".
 */

#define G_LOG_DOMAIN "gantry-aws-rds"

#include "config.h"

#include "gantry-aws-error.h"
#include "gantry-aws-query-list-private.h"
#include "gantry-aws-rds.h"

#define ACTION_DESCRIBE_DB_CLUSTERS           "DescribeDBClusters"
#define ACTION_DESCRIBE_DB_INSTANCES          "DescribeDBInstances"
#define ACTION_DESCRIBE_DB_SUBNET_GROUPS      "DescribeDBSubnetGroups"
#define ACTION_DESCRIBE_DB_CLUSTER_PARAMETERS "DescribeDBClusterParameters"
#define ACTION_CREATE_DB_SUBNET_GROUP         "CreateDBSubnetGroup"

#define RDS_TOKEN_PARAM     "Marker"
#define RDS_PAGE_SIZE_PARAM "MaxRecords"
#define RDS_PAGE_SIZE_MIN   20
#define RDS_PAGE_SIZE_MAX   100

struct _GantryAwsRds
{
  GObject          parent_instance;
  GantryAwsClient *client;
  guint            page_size;
};

G_DEFINE_FINAL_TYPE (GantryAwsRds, gantry_aws_rds, G_TYPE_OBJECT)

/* --- freeing ------------------------------------------------------------ */

void
gantry_aws_rds_cluster_member_free (GantryAwsRdsClusterMember *member)
{
  if (member == NULL)
    return;
  g_free (member->instance_identifier);
  g_free (member);
}

void
gantry_aws_rds_db_cluster_free (GantryAwsRdsDbCluster *cluster)
{
  if (cluster == NULL)
    return;
  g_free (cluster->identifier);
  g_free (cluster->arn);
  g_free (cluster->engine);
  g_free (cluster->engine_version);
  g_free (cluster->status);
  g_free (cluster->kms_key_id);
  g_free (cluster->db_subnet_group);
  g_strfreev (cluster->vpc_security_group_ids);
  g_strfreev (cluster->availability_zones);
  g_clear_pointer (&cluster->members, g_ptr_array_unref);
  g_free (cluster->parameter_group);
  g_free (cluster->endpoint);
  g_free (cluster->reader_endpoint);
  g_free (cluster);
}

void
gantry_aws_rds_db_instance_free (GantryAwsRdsDbInstance *instance)
{
  if (instance == NULL)
    return;
  g_free (instance->identifier);
  g_free (instance->arn);
  g_free (instance->db_instance_class);
  g_free (instance->engine);
  g_free (instance->status);
  g_free (instance->availability_zone);
  g_free (instance->secondary_availability_zone);
  g_free (instance->db_cluster_identifier);
  g_free (instance->db_subnet_group_name);
  g_free (instance->vpc_id);
  g_strfreev (instance->vpc_security_group_ids);
  g_free (instance);
}

void
gantry_aws_rds_subnet_free (GantryAwsRdsSubnet *subnet)
{
  if (subnet == NULL)
    return;
  g_free (subnet->subnet_id);
  g_free (subnet->availability_zone);
  g_free (subnet->status);
  g_free (subnet);
}

void
gantry_aws_rds_db_subnet_group_free (GantryAwsRdsDbSubnetGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->description);
  g_free (group->vpc_id);
  g_free (group->status);
  g_free (group->arn);
  g_clear_pointer (&group->subnets, g_ptr_array_unref);
  g_free (group);
}

void
gantry_aws_rds_parameter_free (GantryAwsRdsParameter *parameter)
{
  if (parameter == NULL)
    return;
  g_free (parameter->name);
  g_free (parameter->value);
  g_free (parameter->source);
  g_free (parameter->apply_type);
  g_free (parameter->data_type);
  g_free (parameter->allowed_values);
  g_free (parameter);
}

/* --- parsing ------------------------------------------------------------ */

static gpointer
parse_cluster_member (GantryAwsXmlNode  *item,
                      const char       **missing_field)
{
  GantryAwsRdsClusterMember *member;

  if (gantry_aws_xml_node_lookup_text (item, "DBInstanceIdentifier") == NULL)
    {
      *missing_field = "DBClusterMember/DBInstanceIdentifier";
      return NULL;
    }

  member = g_new0 (GantryAwsRdsClusterMember, 1);
  member->instance_identifier = _gantry_aws_xml_dup (item, "DBInstanceIdentifier");
  member->is_writer = _gantry_aws_xml_bool (item, "IsClusterWriter");
  return member;
}

static gpointer
parse_db_cluster (GantryAwsXmlNode  *item,
                  const char       **missing_field)
{
  g_autoptr(GantryAwsRdsDbCluster) cluster = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "DBClusterIdentifier") == NULL)
    {
      *missing_field = "DBClusterIdentifier";
      return NULL;
    }

  cluster = g_new0 (GantryAwsRdsDbCluster, 1);
  cluster->identifier = _gantry_aws_xml_dup (item, "DBClusterIdentifier");
  cluster->arn = _gantry_aws_xml_dup (item, "DBClusterArn");
  cluster->engine = _gantry_aws_xml_dup (item, "Engine");
  cluster->engine_version = _gantry_aws_xml_dup (item, "EngineVersion");
  cluster->status = _gantry_aws_xml_dup (item, "Status");
  cluster->port = _gantry_aws_xml_int_or (item, "Port", -1);
  cluster->multi_az = _gantry_aws_xml_bool (item, "MultiAZ");
  cluster->storage_encrypted = _gantry_aws_xml_bool (item, "StorageEncrypted");
  cluster->kms_key_id = _gantry_aws_xml_dup (item, "KmsKeyId");
  cluster->db_subnet_group = _gantry_aws_xml_dup (item, "DBSubnetGroup");
  cluster->vpc_security_group_ids =
    _gantry_aws_xml_strv (item, "VpcSecurityGroups/VpcSecurityGroupMembership/VpcSecurityGroupId");
  cluster->availability_zones = _gantry_aws_xml_strv (item,
                                                      "AvailabilityZones/AvailabilityZone");
  cluster->members = _gantry_aws_xml_parse_all (item, "DBClusterMembers/DBClusterMember",
                                                parse_cluster_member,
                                                (GDestroyNotify) gantry_aws_rds_cluster_member_free,
                                                missing_field);
  if (cluster->members == NULL)
    return NULL;
  cluster->backup_retention_period = _gantry_aws_xml_int_or (item, "BackupRetentionPeriod", -1);
  cluster->parameter_group = _gantry_aws_xml_dup (item, "DBClusterParameterGroup");
  cluster->deletion_protection = _gantry_aws_xml_bool (item, "DeletionProtection");
  cluster->endpoint = _gantry_aws_xml_dup (item, "Endpoint");
  cluster->reader_endpoint = _gantry_aws_xml_dup (item, "ReaderEndpoint");
  return g_steal_pointer (&cluster);
}

static gpointer
parse_db_instance (GantryAwsXmlNode  *item,
                   const char       **missing_field)
{
  GantryAwsRdsDbInstance *instance;

  if (gantry_aws_xml_node_lookup_text (item, "DBInstanceIdentifier") == NULL)
    {
      *missing_field = "DBInstanceIdentifier";
      return NULL;
    }

  instance = g_new0 (GantryAwsRdsDbInstance, 1);
  instance->identifier = _gantry_aws_xml_dup (item, "DBInstanceIdentifier");
  instance->arn = _gantry_aws_xml_dup (item, "DBInstanceArn");
  instance->db_instance_class = _gantry_aws_xml_dup (item, "DBInstanceClass");
  instance->engine = _gantry_aws_xml_dup (item, "Engine");
  instance->status = _gantry_aws_xml_dup (item, "DBInstanceStatus");
  instance->availability_zone = _gantry_aws_xml_dup (item, "AvailabilityZone");
  instance->secondary_availability_zone = _gantry_aws_xml_dup (item,
                                                               "SecondaryAvailabilityZone");
  instance->multi_az = _gantry_aws_xml_bool (item, "MultiAZ");
  instance->publicly_accessible = _gantry_aws_xml_bool (item, "PubliclyAccessible");
  instance->storage_encrypted = _gantry_aws_xml_bool (item, "StorageEncrypted");
  instance->db_cluster_identifier = _gantry_aws_xml_dup (item, "DBClusterIdentifier");
  instance->db_subnet_group_name = _gantry_aws_xml_dup (item, "DBSubnetGroup/DBSubnetGroupName");
  instance->vpc_id = _gantry_aws_xml_dup (item, "DBSubnetGroup/VpcId");
  instance->vpc_security_group_ids =
    _gantry_aws_xml_strv (item, "VpcSecurityGroups/VpcSecurityGroupMembership/VpcSecurityGroupId");
  instance->backup_retention_period = _gantry_aws_xml_int_or (item, "BackupRetentionPeriod", -1);
  return instance;
}

static gpointer
parse_subnet (GantryAwsXmlNode  *item,
              const char       **missing_field)
{
  GantryAwsRdsSubnet *subnet;

  if (gantry_aws_xml_node_lookup_text (item, "SubnetIdentifier") == NULL)
    {
      *missing_field = "Subnet/SubnetIdentifier";
      return NULL;
    }

  subnet = g_new0 (GantryAwsRdsSubnet, 1);
  subnet->subnet_id = _gantry_aws_xml_dup (item, "SubnetIdentifier");
  subnet->availability_zone = _gantry_aws_xml_dup (item, "SubnetAvailabilityZone/Name");
  subnet->status = _gantry_aws_xml_dup (item, "SubnetStatus");
  return subnet;
}

static gpointer
parse_db_subnet_group (GantryAwsXmlNode  *item,
                       const char       **missing_field)
{
  g_autoptr(GantryAwsRdsDbSubnetGroup) group = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "DBSubnetGroupName") == NULL)
    {
      *missing_field = "DBSubnetGroupName";
      return NULL;
    }

  group = g_new0 (GantryAwsRdsDbSubnetGroup, 1);
  group->name = _gantry_aws_xml_dup (item, "DBSubnetGroupName");
  group->description = _gantry_aws_xml_dup (item, "DBSubnetGroupDescription");
  group->vpc_id = _gantry_aws_xml_dup (item, "VpcId");
  group->status = _gantry_aws_xml_dup (item, "SubnetGroupStatus");
  group->arn = _gantry_aws_xml_dup (item, "DBSubnetGroupArn");
  group->subnets = _gantry_aws_xml_parse_all (item, "Subnets/Subnet", parse_subnet,
                                              (GDestroyNotify) gantry_aws_rds_subnet_free,
                                              missing_field);
  if (group->subnets == NULL)
    return NULL;
  return g_steal_pointer (&group);
}

static gpointer
parse_parameter (GantryAwsXmlNode  *item,
                 const char       **missing_field)
{
  GantryAwsRdsParameter *parameter;

  if (gantry_aws_xml_node_lookup_text (item, "ParameterName") == NULL)
    {
      *missing_field = "ParameterName";
      return NULL;
    }

  parameter = g_new0 (GantryAwsRdsParameter, 1);
  parameter->name = _gantry_aws_xml_dup (item, "ParameterName");
  parameter->value = _gantry_aws_xml_dup (item, "ParameterValue");
  parameter->source = _gantry_aws_xml_dup (item, "Source");
  parameter->apply_type = _gantry_aws_xml_dup (item, "ApplyType");
  parameter->data_type = _gantry_aws_xml_dup (item, "DataType");
  parameter->allowed_values = _gantry_aws_xml_dup (item, "AllowedValues");
  parameter->is_modifiable = _gantry_aws_xml_bool (item, "IsModifiable");
  return parameter;
}

/* --- the table of paged Describe calls ---------------------------------- */

typedef enum
{
  LIST_DB_CLUSTERS,
  LIST_DB_INSTANCES,
  LIST_DB_SUBNET_GROUPS,
  LIST_DB_CLUSTER_PARAMETERS,
} RdsList;

#define RDS_LIST(action, list, item, parse, free_item)                                \
  { action, action "Result/" list, item, RDS_TOKEN_PARAM, action "Result/Marker",       \
    RDS_PAGE_SIZE_PARAM, RDS_PAGE_SIZE_MIN, RDS_PAGE_SIZE_MAX, parse,                   \
    (GDestroyNotify) free_item }

static const GantryAwsListOp rds_lists[] = {
  [LIST_DB_CLUSTERS] = RDS_LIST (ACTION_DESCRIBE_DB_CLUSTERS, "DBClusters", "DBCluster",
                                 parse_db_cluster, gantry_aws_rds_db_cluster_free),
  [LIST_DB_INSTANCES] = RDS_LIST (ACTION_DESCRIBE_DB_INSTANCES, "DBInstances", "DBInstance",
                                  parse_db_instance, gantry_aws_rds_db_instance_free),
  [LIST_DB_SUBNET_GROUPS] = RDS_LIST (ACTION_DESCRIBE_DB_SUBNET_GROUPS, "DBSubnetGroups",
                                      "DBSubnetGroup", parse_db_subnet_group,
                                      gantry_aws_rds_db_subnet_group_free),
  [LIST_DB_CLUSTER_PARAMETERS] = RDS_LIST (ACTION_DESCRIBE_DB_CLUSTER_PARAMETERS, "Parameters",
                                           "Parameter", parse_parameter,
                                           gantry_aws_rds_parameter_free),
};

/* --- the object --------------------------------------------------------- */

static void
gantry_aws_rds_dispose (GObject *object)
{
  GantryAwsRds *self = GANTRY_AWS_RDS (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_rds_parent_class)->dispose (object);
}

static void
gantry_aws_rds_class_init (GantryAwsRdsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_rds_dispose;
}

static void
gantry_aws_rds_init (GantryAwsRds *self)
{
}

/**
 * gantry_aws_rds_new:
 *
 * Returns: (transfer full): the RDS API on @client
 */
GantryAwsRds *
gantry_aws_rds_new (GantryAwsClient *client)
{
  GantryAwsRds *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_RDS, NULL);
  self->client = g_object_ref (client);
  return self;
}

guint
gantry_aws_rds_get_page_size (GantryAwsRds *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_RDS (self), 0);
  return self->page_size;
}

/**
 * gantry_aws_rds_set_page_size:
 * @page_size: `MaxRecords` for every Describe call, 0 to send none (AWS
 *   then uses 100); clamped to 20–100 as AWS requires
 */
void
gantry_aws_rds_set_page_size (GantryAwsRds *self,
                              guint         page_size)
{
  g_return_if_fail (GANTRY_IS_AWS_RDS (self));
  self->page_size = page_size;
}

static void
rds_list_async (GantryAwsRds        *self,
                RdsList              which,
                GantryAwsParams     *params,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  _gantry_aws_list_async (self, source_tag, self->client, &gantry_aws_service_rds,
                          &rds_lists[which], params, self->page_size, cancellable, callback,
                          user_data);
}

/**
 * gantry_aws_rds_describe_db_clusters_async:
 * @cluster_id: (nullable): only this cluster (AWS answers
 *   `DBClusterNotFoundFault` if there is none), or %NULL for all
 */
void
gantry_aws_rds_describe_db_clusters_async (GantryAwsRds        *self,
                                           const char          *cluster_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_RDS (self));

  if (cluster_id != NULL)
    gantry_aws_params_add (params, "DBClusterIdentifier", cluster_id);
  rds_list_async (self, LIST_DB_CLUSTERS, params, gantry_aws_rds_describe_db_clusters_async,
                  cancellable, callback, user_data);
}

/**
 * gantry_aws_rds_describe_db_clusters_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsRdsDbCluster): the clusters
 */
GPtrArray *
gantry_aws_rds_describe_db_clusters_finish (GantryAwsRds  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_rds_describe_db_instances_async:
 * @cluster_id: (nullable): only the instances of this cluster, or %NULL for all
 */
void
gantry_aws_rds_describe_db_instances_async (GantryAwsRds        *self,
                                            const char          *cluster_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_RDS (self));

  if (cluster_id != NULL)
    {
      gantry_aws_params_add (params, "Filters.Filter.1.Name", "db-cluster-id");
      gantry_aws_params_add (params, "Filters.Filter.1.Values.Value.1", cluster_id);
    }
  rds_list_async (self, LIST_DB_INSTANCES, params, gantry_aws_rds_describe_db_instances_async,
                  cancellable, callback, user_data);
}

/**
 * gantry_aws_rds_describe_db_instances_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsRdsDbInstance): the instances
 */
GPtrArray *
gantry_aws_rds_describe_db_instances_finish (GantryAwsRds  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_rds_describe_db_subnet_groups_async:
 * @name: (nullable): only this group (AWS answers
 *   `DBSubnetGroupNotFoundFault` if there is none), or %NULL for all
 */
void
gantry_aws_rds_describe_db_subnet_groups_async (GantryAwsRds        *self,
                                                const char          *name,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_RDS (self));

  if (name != NULL)
    gantry_aws_params_add (params, "DBSubnetGroupName", name);
  rds_list_async (self, LIST_DB_SUBNET_GROUPS, params,
                  gantry_aws_rds_describe_db_subnet_groups_async, cancellable, callback,
                  user_data);
}

/**
 * gantry_aws_rds_describe_db_subnet_groups_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsRdsDbSubnetGroup): the groups
 */
GPtrArray *
gantry_aws_rds_describe_db_subnet_groups_finish (GantryAwsRds  *self,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_rds_describe_db_cluster_parameters_async:
 * @parameter_group: the DB cluster parameter group's name
 */
void
gantry_aws_rds_describe_db_cluster_parameters_async (GantryAwsRds        *self,
                                                     const char          *parameter_group,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_RDS (self));
  g_return_if_fail (parameter_group != NULL);

  gantry_aws_params_add (params, "DBClusterParameterGroupName", parameter_group);
  rds_list_async (self, LIST_DB_CLUSTER_PARAMETERS, params,
                  gantry_aws_rds_describe_db_cluster_parameters_async, cancellable, callback,
                  user_data);
}

/**
 * gantry_aws_rds_describe_db_cluster_parameters_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsRdsParameter): the parameters
 */
GPtrArray *
gantry_aws_rds_describe_db_cluster_parameters_finish (GantryAwsRds  *self,
                                                      GAsyncResult  *result,
                                                      GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

static void
create_db_subnet_group_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsXmlNode *node;
  GantryAwsRdsDbSubnetGroup *group;
  const char *missing_field = "CreateDBSubnetGroupResult/DBSubnetGroup";

  root = gantry_aws_client_call_query_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  node = gantry_aws_xml_node_lookup (root, "CreateDBSubnetGroupResult/DBSubnetGroup");
  group = node != NULL ? parse_db_subnet_group (node, &missing_field) : NULL;
  if (group == NULL)
    {
      g_task_return_error (task, _gantry_aws_bad_response_error (ACTION_CREATE_DB_SUBNET_GROUP,
                                                                 missing_field));
      return;
    }

  g_task_return_pointer (task, group, (GDestroyNotify) gantry_aws_rds_db_subnet_group_free);
}

/**
 * gantry_aws_rds_create_db_subnet_group_async:
 * @name: the new group's name
 * @description: its description (AWS requires one)
 * @subnet_ids: (array zero-terminated=1): its subnets, in ≥ 2 AZs
 */
void
gantry_aws_rds_create_db_subnet_group_async (GantryAwsRds        *self,
                                             const char          *name,
                                             const char          *description,
                                             const char * const  *subnet_ids,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_AWS_RDS (self));
  g_return_if_fail (name != NULL && description != NULL);
  g_return_if_fail (subnet_ids != NULL && subnet_ids[0] != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_rds_create_db_subnet_group_async);

  gantry_aws_params_add (params, "DBSubnetGroupName", name);
  gantry_aws_params_add (params, "DBSubnetGroupDescription", description);
  gantry_aws_params_add_list (params, "SubnetIds.SubnetIdentifier", subnet_ids);
  gantry_aws_client_call_query_async (self->client, &gantry_aws_service_rds,
                                      ACTION_CREATE_DB_SUBNET_GROUP, params, cancellable,
                                      create_db_subnet_group_cb, g_steal_pointer (&task));
}

/**
 * gantry_aws_rds_create_db_subnet_group_finish:
 *
 * Returns: (transfer full): the group as AWS created it
 */
GantryAwsRdsDbSubnetGroup *
gantry_aws_rds_create_db_subnet_group_finish (GantryAwsRds  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
