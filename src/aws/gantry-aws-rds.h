/* gantry-aws-rds.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/* What the database checks need (RDS and DocumentDB share this API).
 * Strings are %NULL when AWS left the field out; string arrays are never
 * %NULL; integers are -1 when absent. */

typedef struct
{
  char     *instance_identifier;
  gboolean  is_writer;
} GantryAwsRdsClusterMember;

typedef struct
{
  char       *identifier;
  char       *arn;
  char       *engine;
  char       *engine_version;
  char       *status;
  int         port;
  gboolean    multi_az;
  gboolean    storage_encrypted;
  char       *kms_key_id;
  char       *db_subnet_group;
  char      **vpc_security_group_ids;
  char      **availability_zones;
  GPtrArray  *members;            /* (element-type GantryAwsRdsClusterMember) */
  int         backup_retention_period;
  char       *parameter_group;
  gboolean    deletion_protection;
  char       *endpoint;
  char       *reader_endpoint;
} GantryAwsRdsDbCluster;

typedef struct
{
  char      *identifier;
  char      *arn;
  char      *db_instance_class;
  char      *engine;
  char      *status;
  char      *availability_zone;
  char      *secondary_availability_zone;
  gboolean   multi_az;
  gboolean   publicly_accessible;
  gboolean   storage_encrypted;
  char      *db_cluster_identifier;
  char      *db_subnet_group_name;
  char      *vpc_id;
  char     **vpc_security_group_ids;
  int        backup_retention_period;
} GantryAwsRdsDbInstance;

typedef struct
{
  char *subnet_id;
  char *availability_zone;
  char *status;
} GantryAwsRdsSubnet;

typedef struct
{
  char      *name;
  char      *description;
  char      *vpc_id;
  char      *status;
  char      *arn;
  GPtrArray *subnets;             /* (element-type GantryAwsRdsSubnet) */
} GantryAwsRdsDbSubnetGroup;

typedef struct
{
  char     *name;
  char     *value;                /* %NULL when the parameter is unset */
  char     *source;
  char     *apply_type;
  char     *data_type;
  char     *allowed_values;
  gboolean  is_modifiable;
} GantryAwsRdsParameter;

void gantry_aws_rds_cluster_member_free   (GantryAwsRdsClusterMember *member);
void gantry_aws_rds_db_cluster_free       (GantryAwsRdsDbCluster     *cluster);
void gantry_aws_rds_db_instance_free      (GantryAwsRdsDbInstance    *instance);
void gantry_aws_rds_subnet_free           (GantryAwsRdsSubnet        *subnet);
void gantry_aws_rds_db_subnet_group_free  (GantryAwsRdsDbSubnetGroup *group);
void gantry_aws_rds_parameter_free        (GantryAwsRdsParameter     *parameter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsClusterMember, gantry_aws_rds_cluster_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsDbCluster, gantry_aws_rds_db_cluster_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsDbInstance, gantry_aws_rds_db_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsSubnet, gantry_aws_rds_subnet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsDbSubnetGroup, gantry_aws_rds_db_subnet_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsRdsParameter, gantry_aws_rds_parameter_free)

#define GANTRY_TYPE_AWS_RDS (gantry_aws_rds_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsRds, gantry_aws_rds, GANTRY, AWS_RDS, GObject)

GantryAwsRds              *gantry_aws_rds_new                                (GantryAwsClient     *client);
guint                      gantry_aws_rds_get_page_size                      (GantryAwsRds        *self);
void                       gantry_aws_rds_set_page_size                      (GantryAwsRds        *self,
                                                                              guint                page_size);

void                       gantry_aws_rds_describe_db_clusters_async         (GantryAwsRds        *self,
                                                                              const char          *cluster_id,
                                                                              GCancellable        *cancellable,
                                                                              GAsyncReadyCallback  callback,
                                                                              gpointer             user_data);
GPtrArray                 *gantry_aws_rds_describe_db_clusters_finish        (GantryAwsRds        *self,
                                                                              GAsyncResult        *result,
                                                                              GError             **error);
void                       gantry_aws_rds_describe_db_instances_async        (GantryAwsRds        *self,
                                                                              const char          *cluster_id,
                                                                              GCancellable        *cancellable,
                                                                              GAsyncReadyCallback  callback,
                                                                              gpointer             user_data);
GPtrArray                 *gantry_aws_rds_describe_db_instances_finish       (GantryAwsRds        *self,
                                                                              GAsyncResult        *result,
                                                                              GError             **error);
void                       gantry_aws_rds_describe_db_subnet_groups_async    (GantryAwsRds        *self,
                                                                              const char          *name,
                                                                              GCancellable        *cancellable,
                                                                              GAsyncReadyCallback  callback,
                                                                              gpointer             user_data);
GPtrArray                 *gantry_aws_rds_describe_db_subnet_groups_finish   (GantryAwsRds        *self,
                                                                              GAsyncResult        *result,
                                                                              GError             **error);
void                       gantry_aws_rds_describe_db_cluster_parameters_async (GantryAwsRds      *self,
                                                                                const char        *parameter_group,
                                                                                GCancellable      *cancellable,
                                                                                GAsyncReadyCallback callback,
                                                                                gpointer           user_data);
GPtrArray                 *gantry_aws_rds_describe_db_cluster_parameters_finish (GantryAwsRds     *self,
                                                                                 GAsyncResult     *result,
                                                                                 GError          **error);
void                       gantry_aws_rds_create_db_subnet_group_async       (GantryAwsRds        *self,
                                                                              const char          *name,
                                                                              const char          *description,
                                                                              const char * const  *subnet_ids,
                                                                              GCancellable        *cancellable,
                                                                              GAsyncReadyCallback  callback,
                                                                              gpointer             user_data);
GantryAwsRdsDbSubnetGroup *gantry_aws_rds_create_db_subnet_group_finish      (GantryAwsRds        *self,
                                                                              GAsyncResult        *result,
                                                                              GError             **error);

G_END_DECLS
