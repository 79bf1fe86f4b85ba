/* gantry-snapshot.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-cloudwatch.h"
#include "aws/gantry-aws-ec2.h"
#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-elbv2.h"
#include "aws/gantry-aws-logs.h"
#include "aws/gantry-aws-rds.h"
#include "gantry-environment.h"

G_BEGIN_DECLS

/**
 * GantrySnapshotSource:
 *
 * One thing the snapshot reads: one Describe call (with its pages), or a
 * short chain where a call needs an earlier answer. Each source settles on
 * its own, with data or with its own error.
 */
typedef enum
{
  GANTRY_SNAPSHOT_SOURCE_IDENTITY,
  GANTRY_SNAPSHOT_SOURCE_VPCS,
  GANTRY_SNAPSHOT_SOURCE_SUBNETS,
  GANTRY_SNAPSHOT_SOURCE_ROUTE_TABLES,
  GANTRY_SNAPSHOT_SOURCE_INTERNET_GATEWAYS,
  GANTRY_SNAPSHOT_SOURCE_NAT_GATEWAYS,
  GANTRY_SNAPSHOT_SOURCE_NETWORK_ACLS,
  GANTRY_SNAPSHOT_SOURCE_SECURITY_GROUPS,
  GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS,
  GANTRY_SNAPSHOT_SOURCE_DB_INSTANCES,
  GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS,
  GANTRY_SNAPSHOT_SOURCE_DB_PARAMETERS,
  GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS,
  GANTRY_SNAPSHOT_SOURCE_LISTENERS,
  GANTRY_SNAPSHOT_SOURCE_ALARMS,
  GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS,
  GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK,
  GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS,
  GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES,
  GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS,
  GANTRY_SNAPSHOT_SOURCE_REPOSITORIES,
  GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES,
  GANTRY_SNAPSHOT_SOURCE_LOG_GROUPS,
  GANTRY_SNAPSHOT_N_SOURCES,
} GantrySnapshotSource;

#define GANTRY_SNAPSHOT_NEEDS(source) (G_GUINT64_CONSTANT (1) << (GANTRY_SNAPSHOT_SOURCE_##source))

/* A backup plan with what the db.backup-copy-region check needs. */
typedef struct
{
  char      *id;
  char      *name;
  char     **copy_destination_vault_arns;  /* from every rule's copy actions */
  char     **selection_resources;          /* ARNs and "*" patterns of its selections */
} GantrySnapshotBackupPlan;

/* Account-level S3 Block Public Access (s3control GetPublicAccessBlock). */
typedef struct
{
  gboolean block_public_acls;
  gboolean ignore_public_acls;
  gboolean block_public_policy;
  gboolean restrict_public_buckets;
} GantrySnapshotPublicAccessBlock;

/* A selected repository's policy (ecr GetRepositoryPolicy). */
typedef struct
{
  char *repository;
  char *policy_text;  /* (nullable): NULL when the repository has no policy */
} GantrySnapshotRepositoryPolicy;

void gantry_snapshot_backup_plan_free       (GantrySnapshotBackupPlan       *plan);
void gantry_snapshot_repository_policy_free (GantrySnapshotRepositoryPolicy *policy);

char *gantry_snapshot_parse_image_uri (const char  *image,
                                       char       **registry_id,
                                       char       **region);

GantrySnapshotPublicAccessBlock *gantry_snapshot_parse_public_access_block (GBytes  *body,
                                                                           GError **error);

#define GANTRY_TYPE_SNAPSHOT (gantry_snapshot_get_type ())

G_DECLARE_FINAL_TYPE (GantrySnapshot, gantry_snapshot, GANTRY, SNAPSHOT, GObject)

GantrySnapshot             *gantry_snapshot_new                   (GantryAwsClient      *client,
                                                                   GantryEnvironment    *environment);
GantryAwsClient            *gantry_snapshot_get_client            (GantrySnapshot       *self);
GantryEnvironment          *gantry_snapshot_get_environment       (GantrySnapshot       *self);

void                        gantry_snapshot_load_async            (GantrySnapshot       *self,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
gboolean                    gantry_snapshot_load_finish           (GantrySnapshot       *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

const char                 *gantry_snapshot_source_get_action     (GantrySnapshotSource  source);
gboolean                    gantry_snapshot_is_settled            (GantrySnapshot       *self,
                                                                   guint64               sources);
const GError               *gantry_snapshot_get_error             (GantrySnapshot       *self,
                                                                   GantrySnapshotSource  source);
char                       *gantry_snapshot_describe_errors       (GantrySnapshot       *self,
                                                                   guint64               sources);

void                        gantry_snapshot_discover              (GantrySnapshot       *self,
                                                                   GantryEnvironment    *environment);

const char                 *gantry_snapshot_get_account_id        (GantrySnapshot       *self);
const char                 *gantry_snapshot_get_region            (GantrySnapshot       *self);

/* Everything in the region; (element-type …) as the service modules return. */
GPtrArray                  *gantry_snapshot_get_vpcs              (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_subnets           (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_route_tables      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_internet_gateways (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_nat_gateways      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_network_acls      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_security_groups   (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_db_clusters       (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_db_instances      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_db_subnet_groups  (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_db_parameters     (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_load_balancers    (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_listeners         (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_alarms            (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_backup_plans      (GantrySnapshot       *self);
GantrySnapshotPublicAccessBlock *gantry_snapshot_get_public_access_block (GantrySnapshot *self);
GPtrArray                  *gantry_snapshot_get_ecs_clusters      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_ecs_services      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_task_definitions  (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_repositories      (GantrySnapshot       *self);
GPtrArray                  *gantry_snapshot_get_repository_policies (GantrySnapshot     *self);
GPtrArray                  *gantry_snapshot_get_log_groups        (GantrySnapshot       *self);

/* The selection: the environment's choice, else what was discovered. */
GantryAwsEc2Vpc            *gantry_snapshot_get_vpc               (GantrySnapshot       *self);
GantryAwsRdsDbCluster      *gantry_snapshot_get_db_cluster        (GantrySnapshot       *self);
GantryAwsElbv2LoadBalancer *gantry_snapshot_get_load_balancer     (GantrySnapshot       *self);
GantryAwsEcsCluster        *gantry_snapshot_get_ecs_cluster       (GantrySnapshot       *self);
const char * const         *gantry_snapshot_get_repository_names  (GantrySnapshot       *self);

/* Derived facts the checks share. */
GantryAwsEc2Subnet         *gantry_snapshot_find_subnet           (GantrySnapshot       *self,
                                                                   const char           *subnet_id);
GantryAwsEc2SecurityGroup  *gantry_snapshot_find_security_group   (GantrySnapshot       *self,
                                                                   const char           *group_id);
GantryAwsEc2RouteTable     *gantry_snapshot_route_table_for_subnet (GantrySnapshot      *self,
                                                                    GantryAwsEc2Subnet  *subnet);
gboolean                    gantry_snapshot_subnet_is_public      (GantrySnapshot       *self,
                                                                   GantryAwsEc2Subnet   *subnet);
GPtrArray                  *gantry_snapshot_dup_vpc_subnets       (GantrySnapshot       *self,
                                                                   gboolean              public);
GPtrArray                  *gantry_snapshot_dup_private_pair      (GantrySnapshot       *self);
GantryAwsEcsTaskDefinition *gantry_snapshot_find_task_definition  (GantrySnapshot       *self,
                                                                   const char           *arn);
GantryAwsEcrRepository     *gantry_snapshot_find_repository       (GantrySnapshot       *self,
                                                                   const char           *name);
GantryAwsLogsLogGroup      *gantry_snapshot_find_log_group        (GantrySnapshot       *self,
                                                                   const char           *name);
GPtrArray                  *gantry_snapshot_dup_ecs_security_groups (GantrySnapshot     *self);

G_END_DECLS
