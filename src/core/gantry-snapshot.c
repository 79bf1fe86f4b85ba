/* gantry-snapshot.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the Setup checks read, gathered once. Every independent
 * Describe call starts at the same moment; only calls that need an earlier
 * answer wait for it (the listeners need the load balancer's ARN, the
 * cluster parameters need the cluster's parameter group, the ECS services
 * their cluster, the task definitions their services, and the repository
 * policies the repositories those task definitions use). Calls that fan
 * out (one DescribeTaskDefinition per task definition, one
 * GetRepositoryPolicy per repository) run in parallel too. Each source
 * settles on its own, with its data or its own error, and says so through
 * GantrySnapshot::source-settled, so the audit can show partial results
 * and one refused call never sinks the whole audit.
 */

#define G_LOG_DOMAIN "gantry-snapshot"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-json.h"
#include "aws/gantry-aws-sts.h"
#include "aws/gantry-aws-xml.h"
#include "gantry-discovery.h"
#include "gantry-error.h"
#include "gantry-snapshot-private.h"

/* The IAM action each source needs: what an AccessDenied asks for. */
static const char * const source_actions[GANTRY_SNAPSHOT_N_SOURCES] = {
  [GANTRY_SNAPSHOT_SOURCE_IDENTITY] = "sts:GetCallerIdentity",
  [GANTRY_SNAPSHOT_SOURCE_VPCS] = "ec2:DescribeVpcs",
  [GANTRY_SNAPSHOT_SOURCE_SUBNETS] = "ec2:DescribeSubnets",
  [GANTRY_SNAPSHOT_SOURCE_ROUTE_TABLES] = "ec2:DescribeRouteTables",
  [GANTRY_SNAPSHOT_SOURCE_INTERNET_GATEWAYS] = "ec2:DescribeInternetGateways",
  [GANTRY_SNAPSHOT_SOURCE_NAT_GATEWAYS] = "ec2:DescribeNatGateways",
  [GANTRY_SNAPSHOT_SOURCE_NETWORK_ACLS] = "ec2:DescribeNetworkAcls",
  [GANTRY_SNAPSHOT_SOURCE_SECURITY_GROUPS] = "ec2:DescribeSecurityGroups",
  [GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS] = "rds:DescribeDBClusters",
  [GANTRY_SNAPSHOT_SOURCE_DB_INSTANCES] = "rds:DescribeDBInstances",
  [GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS] = "rds:DescribeDBSubnetGroups",
  [GANTRY_SNAPSHOT_SOURCE_DB_PARAMETERS] = "rds:DescribeDBClusterParameters",
  [GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS] = "elasticloadbalancing:DescribeLoadBalancers",
  [GANTRY_SNAPSHOT_SOURCE_LISTENERS] = "elasticloadbalancing:DescribeListeners",
  [GANTRY_SNAPSHOT_SOURCE_ALARMS] = "cloudwatch:DescribeAlarms",
  [GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS] = "backup:ListBackupPlans",
  [GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK] = "s3:GetAccountPublicAccessBlock",
  [GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS] = "ecs:DescribeClusters",
  [GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES] = "ecs:DescribeServices",
  [GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS] = "ecs:DescribeTaskDefinition",
  [GANTRY_SNAPSHOT_SOURCE_REPOSITORIES] = "ecr:DescribeRepositories",
  [GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES] = "ecr:GetRepositoryPolicy",
  [GANTRY_SNAPSHOT_SOURCE_LOG_GROUPS] = "logs:DescribeLogGroups",
};

/* A source read by several calls at once: it settles when the last is back. */
typedef struct
{
  guint      pending;
  GPtrArray *items;
  GError    *error;
} Gather;

struct _GantrySnapshot
{
  GObject              parent_instance;

  GantryAwsClient     *client;
  GantryEnvironment   *environment;
  GantryAwsEc2        *ec2;
  GantryAwsRds        *rds;
  GantryAwsElbv2      *elbv2;
  GantryAwsCloudwatch *cloudwatch;
  GantryAwsSts        *sts;
  GantryAwsEcs        *ecs;
  GantryAwsEcr        *ecr;
  GantryAwsLogs       *logs;

  gboolean             settled[GANTRY_SNAPSHOT_N_SOURCES];
  Gather               gathers[GANTRY_SNAPSHOT_N_SOURCES];
  GError              *errors[GANTRY_SNAPSHOT_N_SOURCES];
  GPtrArray           *data[GANTRY_SNAPSHOT_N_SOURCES];
  char                *account_id;
  GantrySnapshotPublicAccessBlock *public_access_block;

  /* The selection, resolved as the sources it depends on settle. */
  GantryAwsEc2Vpc            *vpc;
  GantryAwsRdsDbCluster      *db_cluster;
  GantryAwsElbv2LoadBalancer *load_balancer;
  GantryAwsEcsCluster        *ecs_cluster;
  GStrv                       repository_names;
  gboolean                    db_parameters_started;
  gboolean                    listeners_started;
  gboolean                    services_started;
  /* ListServices starts as soon as the cluster is known by name (the
   * environment's, or the only one listed), in parallel with
   * DescribeClusters; what it read counts once that call confirms the
   * cluster, so the ECS chain is one round trip shorter. */
  char                       *services_cluster;
  gboolean                    services_read;
  GPtrArray                  *services_data;
  GError                     *services_error;
  gboolean                    task_definitions_started;
  gboolean                    policies_started;

  /* Backup plans: each plan's details and selections are read in parallel. */
  guint                backup_pending;
  GPtrArray           *backup_plans;
  GError              *backup_error;
  GHashTable          *backup_unknown;  /* plans whose selections could not be read */

  GTask               *load_task;
  guint                n_pending;
};

G_DEFINE_FINAL_TYPE (GantrySnapshot, gantry_snapshot, G_TYPE_OBJECT)

enum {
  SOURCE_SETTLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
gantry_snapshot_repository_policy_free (GantrySnapshotRepositoryPolicy *policy)
{
  if (policy == NULL)
    return;
  g_free (policy->repository);
  g_free (policy->policy_text);
  g_free (policy);
}

/**
 * gantry_snapshot_parse_image_uri:
 * @image: a container image, e.g.
 *   "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend@sha256:…"
 * @registry_id: (out) (optional) (transfer full): the account of the registry
 * @region: (out) (optional) (transfer full): the registry's region
 *
 * Returns: (transfer full) (nullable): the ECR repository name, or %NULL
 *   when @image is not in a private ECR registry
 */
char *
gantry_snapshot_parse_image_uri (const char  *image,
                                 char       **registry_id,
                                 char       **region)
{
  static GRegex *pattern;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&pattern))
    g_once_init_leave (&pattern,
                       g_regex_new ("^([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\."
                                    "amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+?)"
                                    "(?::[A-Za-z0-9_.-]+)?(?:@[a-z0-9]+:[A-Fa-f0-9]+)?$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  if (image == NULL || !g_regex_match (pattern, image, 0, &match))
    return NULL;
  if (registry_id != NULL)
    *registry_id = g_match_info_fetch (match, 1);
  if (region != NULL)
    *region = g_match_info_fetch (match, 2);
  return g_match_info_fetch (match, 3);
}

void
gantry_snapshot_backup_plan_free (GantrySnapshotBackupPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->id);
  g_free (plan->name);
  g_strfreev (plan->copy_destination_vault_arns);
  g_strfreev (plan->selection_resources);
  g_free (plan);
}

static void
gantry_snapshot_dispose (GObject *object)
{
  GantrySnapshot *self = GANTRY_SNAPSHOT (object);

  g_clear_object (&self->ec2);
  g_clear_object (&self->rds);
  g_clear_object (&self->elbv2);
  g_clear_object (&self->cloudwatch);
  g_clear_object (&self->sts);
  g_clear_object (&self->ecs);
  g_clear_object (&self->ecr);
  g_clear_object (&self->logs);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (gantry_snapshot_parent_class)->dispose (object);
}

static void
gantry_snapshot_finalize (GObject *object)
{
  GantrySnapshot *self = GANTRY_SNAPSHOT (object);

  for (guint i = 0; i < GANTRY_SNAPSHOT_N_SOURCES; i++)
    {
      g_clear_error (&self->errors[i]);
      g_clear_pointer (&self->data[i], g_ptr_array_unref);
      g_clear_pointer (&self->gathers[i].items, g_ptr_array_unref);
      g_clear_error (&self->gathers[i].error);
    }
  g_strfreev (self->repository_names);
  g_free (self->services_cluster);
  g_clear_pointer (&self->services_data, g_ptr_array_unref);
  g_clear_error (&self->services_error);
  g_free (self->account_id);
  g_free (self->public_access_block);
  g_hash_table_unref (self->backup_unknown);

  G_OBJECT_CLASS (gantry_snapshot_parent_class)->finalize (object);
}

static void
gantry_snapshot_class_init (GantrySnapshotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_snapshot_dispose;
  object_class->finalize = gantry_snapshot_finalize;

  /**
   * GantrySnapshot::source-settled:
   * @source: the #GantrySnapshotSource that now has its data or its error
   */
  signals[SOURCE_SETTLED] = g_signal_new ("source-settled", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
gantry_snapshot_init (GantrySnapshot *self)
{
  self->backup_unknown = g_hash_table_new (NULL, NULL);
}

/**
 * gantry_snapshot_new:
 * @environment: what "prod" is; fields left empty are discovered
 *
 * Returns: (transfer full): an empty snapshot; fill it with gantry_snapshot_load_async()
 */
GantrySnapshot *
gantry_snapshot_new (GantryAwsClient   *client,
                     GantryEnvironment *environment)
{
  GantrySnapshot *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);

  self = g_object_new (GANTRY_TYPE_SNAPSHOT, NULL);
  self->client = g_object_ref (client);
  self->environment = g_object_ref (environment);
  self->ec2 = gantry_aws_ec2_new (client);
  self->rds = gantry_aws_rds_new (client);
  self->elbv2 = gantry_aws_elbv2_new (client);
  self->cloudwatch = gantry_aws_cloudwatch_new (client);
  self->sts = gantry_aws_sts_new (client);
  self->ecs = gantry_aws_ecs_new (client);
  self->ecr = gantry_aws_ecr_new (client);
  self->logs = gantry_aws_logs_new (client);
  return self;
}

/**
 * gantry_snapshot_get_client:
 *
 * Returns: (transfer none): the client the snapshot reads with, and fixes write with
 */
GantryAwsClient *
gantry_snapshot_get_client (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->client;
}

/**
 * gantry_snapshot_get_environment:
 *
 * Returns: (transfer none): the environment
 */
GantryEnvironment *
gantry_snapshot_get_environment (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->environment;
}

const char *
gantry_snapshot_source_get_action (GantrySnapshotSource source)
{
  g_return_val_if_fail (source < GANTRY_SNAPSHOT_N_SOURCES, NULL);
  return source_actions[source];
}

/* --- selection ------------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_settled_ok (GantrySnapshot       *self,
               GantrySnapshotSource  source)
{
  return self->settled[source] && self->errors[source] == NULL;
}

static void
resolve_vpc (GantrySnapshot *self)
{
  const char *wanted = gantry_environment_get_vpc_id (self->environment);
  GPtrArray *vpcs = self->data[GANTRY_SNAPSHOT_SOURCE_VPCS];
  GantryAwsEc2Vpc *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < vpcs->len; i++)
    {
      GantryAwsEc2Vpc *vpc = g_ptr_array_index (vpcs, i);

      if (wanted != NULL ? g_str_equal (vpc->vpc_id, wanted) : !vpc->is_default)
        {
          found = vpc;
          n_found++;
        }
    }
  self->vpc = n_found == 1 ? found : NULL;
}

static const char *
subnet_group_vpc (GantrySnapshot *self,
                  const char     *name)
{
  GPtrArray *groups = self->data[GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS];

  for (guint i = 0; name != NULL && i < groups->len; i++)
    {
      GantryAwsRdsDbSubnetGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->name, name) == 0)
        return group->vpc_id;
    }
  return NULL;
}

static void
resolve_db_cluster (GantrySnapshot *self)
{
  const char *wanted = gantry_environment_get_db_cluster (self->environment);
  GPtrArray *clusters = self->data[GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS];
  GantryAwsRdsDbCluster *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < clusters->len; i++)
    {
      GantryAwsRdsDbCluster *cluster = g_ptr_array_index (clusters, i);
      gboolean match;

      if (wanted != NULL)
        match = g_strcmp0 (cluster->identifier, wanted) == 0 ||
                g_strcmp0 (cluster->arn, wanted) == 0;
      else if (self->vpc != NULL && is_settled_ok (self, GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS))
        match = g_strcmp0 (subnet_group_vpc (self, cluster->db_subnet_group),
                           self->vpc->vpc_id) == 0;
      else
        match = clusters->len == 1;

      if (match)
        {
          found = cluster;
          n_found++;
        }
    }
  self->db_cluster = n_found == 1 ? found : NULL;
}

static void
resolve_load_balancer (GantrySnapshot *self)
{
  const char *wanted = gantry_environment_get_load_balancer (self->environment);
  GPtrArray *balancers = self->data[GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS];
  GantryAwsElbv2LoadBalancer *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < balancers->len; i++)
    {
      GantryAwsElbv2LoadBalancer *balancer = g_ptr_array_index (balancers, i);
      gboolean match;

      if (wanted != NULL)
        match = g_strcmp0 (balancer->name, wanted) == 0 || g_strcmp0 (balancer->arn, wanted) == 0;
      else if (self->vpc != NULL)
        match = g_strcmp0 (balancer->vpc_id, self->vpc->vpc_id) == 0;
      else
        match = balancers->len == 1;

      if (match)
        {
          found = balancer;
          n_found++;
        }
    }
  self->load_balancer = n_found == 1 ? found : NULL;
}

static void
resolve_ecs_cluster (GantrySnapshot *self)
{
  const char *wanted = gantry_environment_get_cluster (self->environment);
  GPtrArray *clusters = self->data[GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS];
  GantryAwsEcsCluster *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < clusters->len; i++)
    {
      GantryAwsEcsCluster *cluster = g_ptr_array_index (clusters, i);
      gboolean match;

      if (wanted != NULL)
        match = g_strcmp0 (cluster->name, wanted) == 0 || g_strcmp0 (cluster->arn, wanted) == 0;
      else
        /* A deleted cluster lingers as INACTIVE for a while; it is no candidate. */
        match = cluster->status == NULL || g_str_equal (cluster->status, "ACTIVE");

      if (match)
        {
          found = cluster;
          n_found++;
        }
    }
  self->ecs_cluster = n_found == 1 ? found : NULL;
}

static gboolean
strv_is_empty (const char * const *strv)
{
  return strv == NULL || strv[0] == NULL;
}

/* The environment's repositories, else those the services' task
 * definitions pull from, as far as they exist in this account: an image
 * of another account's registry is not this account's to audit. */
static void
resolve_repositories (GantrySnapshot *self)
{
  const char * const *wanted = gantry_environment_get_repositories (self->environment);
  GPtrArray *definitions = self->data[GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&self->repository_names, g_strfreev);
  if (!strv_is_empty (wanted))
    {
      self->repository_names = g_strdupv ((char **) wanted);
      return;
    }

  for (guint i = 0; definitions != NULL && i < definitions->len; i++)
    {
      GantryAwsEcsTaskDefinition *td = g_ptr_array_index (definitions, i);

      for (guint j = 0; j < td->containers->len; j++)
        {
          GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, j);
          g_autofree char *registry = NULL;
          g_autofree char *region = NULL;
          g_autofree char *name = gantry_snapshot_parse_image_uri (container->image, &registry,
                                                                   &region);
          GantryAwsEcrRepository *repository = gantry_snapshot_find_repository (self, name);

          if (repository == NULL ||
              g_strcmp0 (region, gantry_aws_client_get_region (self->client)) != 0 ||
              (repository->registry_id != NULL &&
               g_strcmp0 (repository->registry_id, registry) != 0))
            continue;
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }
  g_ptr_array_sort (names, (GCompareFunc) compare_strings);
  g_ptr_array_add (names, NULL);
  self->repository_names = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* --- loading --------------------------------------------------------------- */

static void start_dependent_sources (GantrySnapshot *self);

static void
settle (GantrySnapshot        *self,
        GantrySnapshotSource   source,
        GPtrArray             *data,
        GError                *error)
{
  g_assert (!self->settled[source]);

  self->settled[source] = TRUE;
  self->data[source] = data != NULL
                       ? data : g_ptr_array_new ();
  self->errors[source] = error;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s: %s", source_actions[source], error->message);

  switch (source)
    {
    case GANTRY_SNAPSHOT_SOURCE_VPCS:
      if (error == NULL)
        resolve_vpc (self);
      break;
    case GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS:
      if (error == NULL)
        resolve_ecs_cluster (self);
      break;
    case GANTRY_SNAPSHOT_SOURCE_IDENTITY:
    case GANTRY_SNAPSHOT_SOURCE_SUBNETS:
    case GANTRY_SNAPSHOT_SOURCE_ROUTE_TABLES:
    case GANTRY_SNAPSHOT_SOURCE_INTERNET_GATEWAYS:
    case GANTRY_SNAPSHOT_SOURCE_NAT_GATEWAYS:
    case GANTRY_SNAPSHOT_SOURCE_NETWORK_ACLS:
    case GANTRY_SNAPSHOT_SOURCE_SECURITY_GROUPS:
    case GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS:
    case GANTRY_SNAPSHOT_SOURCE_DB_INSTANCES:
    case GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS:
    case GANTRY_SNAPSHOT_SOURCE_DB_PARAMETERS:
    case GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS:
    case GANTRY_SNAPSHOT_SOURCE_LISTENERS:
    case GANTRY_SNAPSHOT_SOURCE_ALARMS:
    case GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS:
    case GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK:
    case GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES:
    case GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS:
    case GANTRY_SNAPSHOT_SOURCE_REPOSITORIES:
    case GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES:
    case GANTRY_SNAPSHOT_SOURCE_LOG_GROUPS:
    case GANTRY_SNAPSHOT_N_SOURCES:
    default:
      break;
    }

  start_dependent_sources (self);

  g_signal_emit (self, signals[SOURCE_SETTLED], 0, (guint) source);

  g_assert (self->n_pending > 0);
  if (--self->n_pending == 0 && self->load_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->load_task);

      if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, TRUE);
    }
}

/* One callback per module "finish": the source index rides in the data. */
typedef struct
{
  GantrySnapshot       *self;
  GantrySnapshotSource  source;
} SourceCall;

static SourceCall *
source_call_new (GantrySnapshot       *self,
                 GantrySnapshotSource  source)
{
  SourceCall *call = g_new0 (SourceCall, 1);

  call->self = g_object_ref (self);
  call->source = source;
  return call;
}

static void
source_call_free (SourceCall *call)
{
  g_object_unref (call->self);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SourceCall, source_call_free)

#define DEFINE_LIST_CB(name, type, finish)                                        \
  static void                                                                     \
  name (GObject      *object,                                                     \
        GAsyncResult *result,                                                     \
        gpointer      user_data)                                                  \
  {                                                                               \
    g_autoptr(SourceCall) call = user_data;                                       \
    GError *error = NULL;                                                         \
    GPtrArray *items = finish (type (object), result, &error);                    \
                                                                                  \
    settle (call->self, call->source, items, error);                              \
  }

DEFINE_LIST_CB (ec2_vpcs_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_vpcs_finish)
DEFINE_LIST_CB (ec2_subnets_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_subnets_finish)
DEFINE_LIST_CB (ec2_route_tables_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_route_tables_finish)
DEFINE_LIST_CB (ec2_igws_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_internet_gateways_finish)
DEFINE_LIST_CB (ec2_nats_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_nat_gateways_finish)
DEFINE_LIST_CB (ec2_nacls_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_network_acls_finish)
DEFINE_LIST_CB (ec2_sgs_cb, GANTRY_AWS_EC2, gantry_aws_ec2_describe_security_groups_finish)
DEFINE_LIST_CB (rds_clusters_cb, GANTRY_AWS_RDS, gantry_aws_rds_describe_db_clusters_finish)
DEFINE_LIST_CB (rds_instances_cb, GANTRY_AWS_RDS, gantry_aws_rds_describe_db_instances_finish)
DEFINE_LIST_CB (rds_subnet_groups_cb, GANTRY_AWS_RDS,
                gantry_aws_rds_describe_db_subnet_groups_finish)
DEFINE_LIST_CB (rds_parameters_cb, GANTRY_AWS_RDS,
                gantry_aws_rds_describe_db_cluster_parameters_finish)
DEFINE_LIST_CB (elbv2_balancers_cb, GANTRY_AWS_ELBV2,
                gantry_aws_elbv2_describe_load_balancers_finish)
DEFINE_LIST_CB (elbv2_listeners_cb, GANTRY_AWS_ELBV2, gantry_aws_elbv2_describe_listeners_finish)
DEFINE_LIST_CB (cloudwatch_alarms_cb, GANTRY_AWS_CLOUDWATCH,
                gantry_aws_cloudwatch_describe_alarms_finish)
DEFINE_LIST_CB (ecr_repositories_cb, GANTRY_AWS_ECR, gantry_aws_ecr_describe_repositories_finish)
DEFINE_LIST_CB (logs_groups_cb, GANTRY_AWS_LOGS, gantry_aws_logs_describe_log_groups_finish)

/* --- sources read by several calls ------------------------------------------ */

static void ecs_list_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);
static void services_gathered (GantrySnapshot *self,
                               GPtrArray      *data,
                               GError         *error);

static void
gather_start (GantrySnapshot       *self,
              GantrySnapshotSource  source,
              GDestroyNotify        free_func)
{
  Gather *gather = &self->gathers[source];

  /* One hold for the starter, released by gather_release(), so the source
   * cannot settle while calls are still being started. */
  gather->pending = 1;
  gather->items = g_ptr_array_new_with_free_func (free_func);
}

static SourceCall *
gather_call (GantrySnapshot       *self,
             GantrySnapshotSource  source)
{
  self->gathers[source].pending++;
  return source_call_new (self, source);
}

/* Takes @items (transfer container, nullable) and @error (transfer full, nullable). */
static void
gather_done (GantrySnapshot       *self,
             GantrySnapshotSource  source,
             GPtrArray            *items,
             GError               *error)
{
  Gather *gather = &self->gathers[source];

  if (items != NULL)
    g_ptr_array_extend_and_steal (gather->items, items);
  /* Keep the first error; the others usually say the same. */
  if (error != NULL && gather->error == NULL)
    gather->error = error;
  else
    g_clear_error (&error);

  g_assert (gather->pending > 0);
  if (--gather->pending == 0)
    {
      g_autoptr(GPtrArray) data = g_steal_pointer (&gather->items);
      GError *first_error = g_steal_pointer (&gather->error);

      if (source == GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES)
        services_gathered (self, first_error == NULL ? g_steal_pointer (&data) : NULL,
                           first_error);
      else
        settle (self, source, first_error == NULL ? g_steal_pointer (&data) : NULL, first_error);
    }
}

static void
gather_release (GantrySnapshot       *self,
                GantrySnapshotSource  source)
{
  gather_done (self, source, NULL, NULL);
}

#define DEFINE_GATHER_CB(name, type, finish)                                      \
  static void                                                                     \
  name (GObject      *object,                                                     \
        GAsyncResult *result,                                                     \
        gpointer      user_data)                                                  \
  {                                                                               \
    g_autoptr(SourceCall) call = user_data;                                       \
    GError *error = NULL;                                                         \
    GPtrArray *items = finish (type (object), result, &error);                    \
                                                                                  \
    gather_done (call->self, call->source, items, error);                         \
  }

DEFINE_GATHER_CB (ecs_clusters_cb, GANTRY_AWS_ECS, gantry_aws_ecs_describe_clusters_finish)
DEFINE_GATHER_CB (ecs_services_cb, GANTRY_AWS_ECS, gantry_aws_ecs_describe_services_finish)

/* DescribeClusters takes 100 names at a time, DescribeServices 10. */
#define MAX_DESCRIBE_CLUSTERS 100
#define MAX_DESCRIBE_SERVICES 10

static void
describe_in_batches (GantrySnapshot       *self,
                     GantrySnapshotSource  source,
                     const char * const   *names,
                     guint                 batch_size)
{
  GCancellable *cancellable = self->load_task ? g_task_get_cancellable (self->load_task) : NULL;
  guint n = names != NULL ? g_strv_length ((GStrv) names) : 0;

  gather_start (self, source, source == GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS
                              ? (GDestroyNotify) gantry_aws_ecs_cluster_free
                              : (GDestroyNotify) gantry_aws_ecs_service_free);
  for (guint start = 0; start < n; start += batch_size)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) batch = NULL;

      for (guint i = start; i < n && i < start + batch_size; i++)
        g_strv_builder_add (builder, names[i]);
      batch = g_strv_builder_end (builder);
      if (source == GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS)
        gantry_aws_ecs_describe_clusters_async (self->ecs, (const char * const *) batch,
                                                cancellable, ecs_clusters_cb,
                                                gather_call (self, source));
      else
        gantry_aws_ecs_describe_services_async (self->ecs, self->services_cluster,
                                                (const char * const *) batch, cancellable,
                                                ecs_services_cb, gather_call (self, source));
    }
  gather_release (self, source);
}

static void
start_services (GantrySnapshot *self,
                const char     *cluster)
{
  GCancellable *cancellable = self->load_task ? g_task_get_cancellable (self->load_task) : NULL;

  self->services_started = TRUE;
  g_free (self->services_cluster);
  self->services_cluster = g_strdup (cluster);
  gantry_aws_ecs_list_services_async (self->ecs, cluster, 0, cancellable, ecs_list_cb,
                                      source_call_new (self,
                                                       GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES));
}

/* Settles the services once both they and the cluster are known: the read
 * counts if it was of the selected cluster, and is dropped otherwise. */
static void
maybe_settle_services (GantrySnapshot *self)
{
  GantryAwsEcsCluster *cluster = self->ecs_cluster;

  if (!self->services_read || !self->settled[GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS] ||
      self->settled[GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES])
    return;

  if (cluster != NULL && (g_strcmp0 (cluster->arn, self->services_cluster) == 0 ||
                          g_strcmp0 (cluster->name, self->services_cluster) == 0))
    {
      settle (self, GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES, g_steal_pointer (&self->services_data),
              g_steal_pointer (&self->services_error));
      return;
    }

  g_clear_pointer (&self->services_data, g_ptr_array_unref);
  g_clear_error (&self->services_error);
  self->services_read = FALSE;
  if (cluster != NULL)
    start_services (self, cluster->arn);
  else
    settle (self, GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES, NULL, NULL);
}

/* Takes @data (transfer full, nullable) and @error (transfer full, nullable). */
static void
services_gathered (GantrySnapshot *self,
                   GPtrArray      *data,
                   GError         *error)
{
  g_assert (!self->services_read);

  self->services_read = TRUE;
  self->services_data = data;
  self->services_error = error;
  maybe_settle_services (self);
}

static void
ecs_list_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SourceCall) call = user_data;
  g_auto(GStrv) arns = NULL;
  GError *error = NULL;

  if (call->source == GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS)
    arns = gantry_aws_ecs_list_clusters_finish (GANTRY_AWS_ECS (object), result, &error);
  else
    arns = gantry_aws_ecs_list_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (arns == NULL)
    {
      if (call->source == GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES)
        services_gathered (call->self, NULL, error);
      else
        settle (call->self, call->source, NULL, error);
      return;
    }
  /* The only cluster is the one to audit unless DescribeClusters says it
   * is INACTIVE: read its services meanwhile. */
  if (call->source == GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS && g_strv_length (arns) == 1)
    start_services (call->self, arns[0]);
  describe_in_batches (call->self, call->source, (const char * const *) arns,
                       call->source == GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS
                       ? MAX_DESCRIBE_CLUSTERS : MAX_DESCRIBE_SERVICES);
}

static void
ecs_task_definition_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SourceCall) call = user_data;
  GError *error = NULL;
  GantryAwsEcsTaskDefinition *td;
  GPtrArray *items = NULL;

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td != NULL)
    {
      items = g_ptr_array_new ();
      g_ptr_array_add (items, td);
    }
  gather_done (call->self, call->source, items, error);
}

typedef struct
{
  GantrySnapshot *self;
  char           *repository;
} PolicyCall;

static void
ecr_policy_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PolicyCall *call = user_data;
  GantrySnapshotRepositoryPolicy *policy;
  GError *error = NULL;
  GPtrArray *items = NULL;
  char *text;

  text = gantry_aws_ecr_get_repository_policy_finish (GANTRY_AWS_ECR (object), result, &error);
  /* No policy is an answer, not a failure: the check says what is missing. */
  if (text != NULL ||
      gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND))
    {
      g_clear_error (&error);
      policy = g_new0 (GantrySnapshotRepositoryPolicy, 1);
      policy->repository = g_steal_pointer (&call->repository);
      policy->policy_text = text;
      items = g_ptr_array_new ();
      g_ptr_array_add (items, policy);
    }
  gather_done (call->self, GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES, items, error);
  g_object_unref (call->self);
  g_free (call->repository);
  g_free (call);
}

static gboolean
any_error (GantrySnapshot *self,
           guint64         sources)
{
  for (guint i = 0; i < GANTRY_SNAPSHOT_N_SOURCES; i++)
    if ((sources & (G_GUINT64_CONSTANT (1) << i)) != 0 && self->errors[i] != NULL)
      return TRUE;
  return FALSE;
}

static void
start_ecs_ecr_sources (GantrySnapshot *self)
{
  GCancellable *cancellable = self->load_task ? g_task_get_cancellable (self->load_task) : NULL;

  if (!self->services_started && self->settled[GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS])
    {
      if (self->ecs_cluster != NULL)
        start_services (self, self->ecs_cluster->arn);
      else
        {
          self->services_started = TRUE;
          settle (self, GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES, NULL, NULL);
        }
    }
  maybe_settle_services (self);

  if (!self->task_definitions_started && self->settled[GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES])
    {
      GPtrArray *services = self->data[GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES];
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      self->task_definitions_started = TRUE;
      gather_start (self, GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS,
                    (GDestroyNotify) gantry_aws_ecs_task_definition_free);
      /* Each task definition once, however many services run it. */
      for (guint i = 0; i < services->len; i++)
        {
          GantryAwsEcsService *service = g_ptr_array_index (services, i);

          if (service->task_definition == NULL ||
              !g_hash_table_add (seen, service->task_definition))
            continue;
          gantry_aws_ecs_describe_task_definition_async (
              self->ecs, service->task_definition, cancellable, ecs_task_definition_cb,
              gather_call (self, GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS));
        }
      gather_release (self, GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS);
    }

  if (!self->policies_started && self->settled[GANTRY_SNAPSHOT_SOURCE_REPOSITORIES] &&
      (!strv_is_empty (gantry_environment_get_repositories (self->environment)) ||
       self->settled[GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS]))
    {
      self->policies_started = TRUE;
      /* Without the repositories, or without what discovers them, there
       * is nothing to ask for; the checks name the call that failed. */
      resolve_repositories (self);
      if (any_error (self, GANTRY_SNAPSHOT_NEEDS (REPOSITORIES)))
        {
          settle (self, GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES, NULL, NULL);
          return;
        }
      gather_start (self, GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES,
                    (GDestroyNotify) gantry_snapshot_repository_policy_free);
      for (guint i = 0; self->repository_names[i] != NULL; i++)
        {
          PolicyCall *call;

          if (gantry_snapshot_find_repository (self, self->repository_names[i]) == NULL)
            continue;
          call = g_new0 (PolicyCall, 1);
          call->self = g_object_ref (self);
          call->repository = g_strdup (self->repository_names[i]);
          self->gathers[GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES].pending++;
          gantry_aws_ecr_get_repository_policy_async (self->ecr, call->repository, cancellable,
                                                      ecr_policy_cb, call);
        }
      gather_release (self, GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES);
    }
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SourceCall) call = user_data;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  GError *error = NULL;

  identity = gantry_aws_sts_get_caller_identity_finish (GANTRY_AWS_STS (object), result, &error);
  if (identity != NULL)
    call->self->account_id = g_strdup (identity->account);
  settle (call->self, call->source, NULL, error);
}

/* The load balancer's listeners and the cluster's TLS parameter wait for
 * the selection; everything else started at once. */
static void
start_dependent_sources (GantrySnapshot *self)
{
  GCancellable *cancellable = self->load_task ? g_task_get_cancellable (self->load_task) : NULL;

  if (!self->db_parameters_started &&
      self->settled[GANTRY_SNAPSHOT_SOURCE_VPCS] &&
      self->settled[GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS] &&
      self->settled[GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS])
    {
      self->db_parameters_started = TRUE;
      if (self->errors[GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS] == NULL)
        resolve_db_cluster (self);
      if (self->db_cluster != NULL && self->db_cluster->parameter_group != NULL)
        gantry_aws_rds_describe_db_cluster_parameters_async (
            self->rds, self->db_cluster->parameter_group, cancellable, rds_parameters_cb,
            source_call_new (self, GANTRY_SNAPSHOT_SOURCE_DB_PARAMETERS));
      else
        settle (self, GANTRY_SNAPSHOT_SOURCE_DB_PARAMETERS, NULL, NULL);
    }

  if (!self->listeners_started &&
      self->settled[GANTRY_SNAPSHOT_SOURCE_VPCS] &&
      self->settled[GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS])
    {
      self->listeners_started = TRUE;
      if (self->errors[GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS] == NULL)
        resolve_load_balancer (self);
      if (self->load_balancer != NULL)
        gantry_aws_elbv2_describe_listeners_async (
            self->elbv2, self->load_balancer->arn, cancellable, elbv2_listeners_cb,
            source_call_new (self, GANTRY_SNAPSHOT_SOURCE_LISTENERS));
      else
        settle (self, GANTRY_SNAPSHOT_SOURCE_LISTENERS, NULL, NULL);
    }

  start_ecs_ecr_sources (self);
}

/* --- AWS Backup ------------------------------------------------------------ */

typedef struct
{
  GantrySnapshot           *self;
  GantrySnapshotBackupPlan *plan;
  int                       kind;  /* a BackupCallKind */
  char                     *path;
} BackupCall;

typedef enum
{
  BACKUP_GET_PLAN,
  BACKUP_LIST_SELECTIONS,
  BACKUP_GET_SELECTION,
} BackupCallKind;

static const char * const backup_actions[] = {
  [BACKUP_GET_PLAN] = "GetBackupPlan",
  [BACKUP_LIST_SELECTIONS] = "ListBackupSelections",
  [BACKUP_GET_SELECTION] = "GetBackupSelection",
};

static void backup_detail_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
backup_call (GantrySnapshot           *self,
             GantrySnapshotBackupPlan *plan,
             BackupCallKind            kind,
             char                     *path)
{
  BackupCall *call = g_new0 (BackupCall, 1);
  GCancellable *cancellable = self->load_task ? g_task_get_cancellable (self->load_task) : NULL;

  call->self = g_object_ref (self);
  call->plan = plan;
  call->kind = kind;
  call->path = path;
  self->backup_pending++;
  gantry_aws_client_call_rest_json_async (self->client, &gantry_aws_service_backup,
                                          backup_actions[kind], "GET", path, NULL, NULL,
                                          cancellable, backup_detail_cb, call);
}

static char **
strv_from_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static void
backup_settle_one (GantrySnapshot *self,
                   GError         *error)
{
  /* Keep the first error; the source settles once every call is back. */
  if (error != NULL && self->backup_error == NULL)
    self->backup_error = g_steal_pointer (&error);
  g_clear_error (&error);

  if (--self->backup_pending == 0)
    settle (self, GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS, g_steal_pointer (&self->backup_plans),
            g_steal_pointer (&self->backup_error));
}

static void
backup_detail_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BackupCall *call = user_data;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = gantry_aws_client_call_rest_json_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (reply != NULL && call->kind == BACKUP_LIST_SELECTIONS)
    {
      JsonArray *list = gantry_aws_json_get_array (reply, "BackupSelectionsList");

      /* The list names the selections; their resources take one more call each. */
      if (call->plan->selection_resources == NULL)
        call->plan->selection_resources = g_new0 (char *, 1);
      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonObject *selection = json_array_get_object_element (list, i);
          const char *id = selection ? gantry_aws_json_get_string (selection, "SelectionId") : NULL;
          g_autofree char *escaped = NULL;

          if (id == NULL)
            continue;
          escaped = g_uri_escape_string (id, NULL, FALSE);
          backup_call (call->self, call->plan, BACKUP_GET_SELECTION,
                       g_strdup_printf ("%s%s/", call->path, escaped));
        }
    }
  else if (reply != NULL && call->kind == BACKUP_GET_SELECTION)
    {
      JsonObject *selection = gantry_aws_json_get_object (reply, "BackupSelection");
      g_auto(GStrv) resources = strv_from_array (selection != NULL
                                                 ? gantry_aws_json_get_array (selection, "Resources")
                                                 : NULL);

      if (call->plan->selection_resources != NULL &&
          !g_hash_table_contains (call->self->backup_unknown, call->plan))
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          g_strv_builder_addv (builder, (const char **) call->plan->selection_resources);
          g_strv_builder_addv (builder, (const char **) resources);
          g_strfreev (call->plan->selection_resources);
          call->plan->selection_resources = g_strv_builder_end (builder);
        }
    }
  else if (reply != NULL)
    {
      JsonObject *plan = gantry_aws_json_get_object (reply, "BackupPlan");
      JsonArray *rules = plan != NULL ? gantry_aws_json_get_array (plan, "Rules") : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
        {
          JsonObject *rule = json_array_get_object_element (rules, i);
          JsonArray *copies = gantry_aws_json_get_array (rule, "CopyActions");

          for (guint j = 0; copies != NULL && j < json_array_get_length (copies); j++)
            {
              JsonObject *copy = json_array_get_object_element (copies, j);
              const char *arn = gantry_aws_json_get_string (copy, "DestinationBackupVaultArn");

              if (arn != NULL)
                g_strv_builder_add (builder, arn);
            }
        }
      g_strfreev (call->plan->copy_destination_vault_arns);
      call->plan->copy_destination_vault_arns = g_strv_builder_end (builder);
    }

  /* Selections that cannot be read leave the plan's coverage unknown
   * (NULL), which the check reports as such, rather than failing the source. */
  if (error != NULL && call->kind != BACKUP_GET_PLAN)
    {
      g_clear_pointer (&call->plan->selection_resources, g_strfreev);
      g_hash_table_add (call->self->backup_unknown, call->plan);
      g_clear_error (&error);
    }

  backup_settle_one (call->self, error);
  g_object_unref (call->self);
  g_free (call->path);
  g_free (call);
}

static void
backup_list_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SourceCall) call = user_data;
  GantrySnapshot *self = call->self;
  g_autoptr(JsonObject) reply = NULL;
  GPtrArray *plans;
  JsonArray *list;
  GError *error = NULL;

  reply = gantry_aws_client_call_rest_json_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      settle (self, GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS, NULL, error);
      return;
    }

  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_snapshot_backup_plan_free);
  self->backup_plans = plans;
  list = gantry_aws_json_get_array (reply, "BackupPlansList");
  self->backup_pending = 1;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      const char *id = item ? gantry_aws_json_get_string (item, "BackupPlanId") : NULL;
      GantrySnapshotBackupPlan *plan;
      g_autofree char *escaped = NULL;

      if (id == NULL)
        continue;

      plan = g_new0 (GantrySnapshotBackupPlan, 1);
      plan->id = g_strdup (id);
      plan->name = g_strdup (gantry_aws_json_get_string (item, "BackupPlanName"));
      plan->copy_destination_vault_arns = g_new0 (char *, 1);
      g_ptr_array_add (plans, plan);
      escaped = g_uri_escape_string (id, NULL, FALSE);

      backup_call (self, plan, BACKUP_GET_PLAN, g_strdup_printf ("/backup/plans/%s/", escaped));
      backup_call (self, plan, BACKUP_LIST_SELECTIONS,
                   g_strdup_printf ("/backup/plans/%s/selections/", escaped));
    }

  backup_settle_one (self, NULL);
}

/**
 * gantry_snapshot_load_async:
 *
 * Starts every read at once. The snapshot emits
 * GantrySnapshot::source-settled for each source as it arrives; the task
 * completes when all have settled. Errors of single sources are recorded,
 * not returned: only cancellation fails the load.
 */
void
gantry_snapshot_load_async (GantrySnapshot      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_SNAPSHOT (self));
  g_return_if_fail (self->load_task == NULL && self->n_pending == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_snapshot_load_async);
  self->load_task = g_object_ref (task);
  self->n_pending = GANTRY_SNAPSHOT_N_SOURCES;

  /* The heads of the longest chains go first: requests leave (and a
   * loaded endpoint answers) roughly in this order. ECS takes up to four
   * more round trips (services, their details, task definitions,
   * repository policies), AWS Backup two (plans, selections).
   *
   * The environment's cluster is described straight away, its services
   * listed meanwhile; otherwise the region's clusters are listed first, to
   * find the only one. */
  if (gantry_environment_get_cluster (self->environment) != NULL)
    {
      const char *names[] = { gantry_environment_get_cluster (self->environment), NULL };

      start_services (self, names[0]);
      describe_in_batches (self, GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS, names,
                           MAX_DESCRIBE_CLUSTERS);
    }
  else
    {
      gantry_aws_ecs_list_clusters_async (self->ecs, 0, cancellable, ecs_list_cb,
                                          source_call_new (self,
                                                           GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS));
    }
  gantry_aws_client_call_rest_json_async (self->client, &gantry_aws_service_backup,
                                          "ListBackupPlans", "GET", "/backup/plans/", NULL, NULL,
                                          cancellable, backup_list_cb,
                                          source_call_new (self,
                                                           GANTRY_SNAPSHOT_SOURCE_BACKUP_PLANS));

  gantry_aws_sts_get_caller_identity_async (self->sts, cancellable, identity_cb,
                                            source_call_new (self, GANTRY_SNAPSHOT_SOURCE_IDENTITY));
  gantry_aws_ec2_describe_vpcs_async (self->ec2, NULL, cancellable, ec2_vpcs_cb,
                                      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_VPCS));
  gantry_aws_ec2_describe_subnets_async (self->ec2, NULL, cancellable, ec2_subnets_cb,
                                         source_call_new (self, GANTRY_SNAPSHOT_SOURCE_SUBNETS));
  gantry_aws_ec2_describe_route_tables_async (self->ec2, NULL, cancellable, ec2_route_tables_cb,
                                              source_call_new (self,
                                                               GANTRY_SNAPSHOT_SOURCE_ROUTE_TABLES));
  gantry_aws_ec2_describe_internet_gateways_async (
      self->ec2, NULL, cancellable, ec2_igws_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_INTERNET_GATEWAYS));
  gantry_aws_ec2_describe_nat_gateways_async (
      self->ec2, NULL, cancellable, ec2_nats_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_NAT_GATEWAYS));
  gantry_aws_ec2_describe_network_acls_async (
      self->ec2, NULL, cancellable, ec2_nacls_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_NETWORK_ACLS));
  gantry_aws_ec2_describe_security_groups_async (
      self->ec2, NULL, cancellable, ec2_sgs_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_SECURITY_GROUPS));
  gantry_aws_rds_describe_db_clusters_async (
      self->rds, NULL, cancellable, rds_clusters_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS));
  gantry_aws_rds_describe_db_instances_async (
      self->rds, NULL, cancellable, rds_instances_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_DB_INSTANCES));
  gantry_aws_rds_describe_db_subnet_groups_async (
      self->rds, NULL, cancellable, rds_subnet_groups_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS));
  gantry_aws_elbv2_describe_load_balancers_async (
      self->elbv2, cancellable, elbv2_balancers_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS));
  gantry_aws_cloudwatch_describe_alarms_async (
      self->cloudwatch, cancellable, cloudwatch_alarms_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_ALARMS));

  /* S3 Control addresses the account as a host prefix
   * (ACCOUNT.s3-control.REGION.amazonaws.com), which no custom endpoint
   * can serve; Gantry does not read it yet and says so. */
  settle (self, GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK, NULL,
          g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE,
                       _("account-level S3 Block Public Access (S3 Control) is not read by "
                         "this version of Gantry")));

  gantry_aws_ecr_describe_repositories_async (
      self->ecr, NULL, 0, cancellable, ecr_repositories_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_REPOSITORIES));
  gantry_aws_logs_describe_log_groups_async (
      self->logs, NULL, 0, cancellable, logs_groups_cb,
      source_call_new (self, GANTRY_SNAPSHOT_SOURCE_LOG_GROUPS));

}

/**
 * gantry_snapshot_load_finish:
 *
 * Returns: %TRUE when every source settled, %FALSE if cancelled
 */
gboolean
gantry_snapshot_load_finish (GantrySnapshot  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- state ------------------------------------------------------------------ */

/**
 * gantry_snapshot_is_settled:
 * @sources: GANTRY_SNAPSHOT_NEEDS() bits
 *
 * Returns: whether every source in @sources has its data or its error
 */
gboolean
gantry_snapshot_is_settled (GantrySnapshot *self,
                            guint64         sources)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), FALSE);

  for (guint i = 0; i < GANTRY_SNAPSHOT_N_SOURCES; i++)
    if ((sources & (G_GUINT64_CONSTANT (1) << i)) != 0 && !self->settled[i])
      return FALSE;
  return TRUE;
}

/**
 * gantry_snapshot_get_error:
 *
 * Returns: (nullable): why @source could not be read
 */
const GError *
gantry_snapshot_get_error (GantrySnapshot       *self,
                           GantrySnapshotSource  source)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  g_return_val_if_fail (source < GANTRY_SNAPSHOT_N_SOURCES, NULL);
  return self->errors[source];
}

/**
 * gantry_snapshot_describe_errors:
 * @sources: GANTRY_SNAPSHOT_NEEDS() bits
 *
 * Says, for people, why the sources in @sources could not be read: the
 * IAM action to ask for after an AccessDenied, "not available" for an
 * endpoint that does not implement the call, else the error itself.
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL if all were read
 */
char *
gantry_snapshot_describe_errors (GantrySnapshot *self,
                                 guint64         sources)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);

  for (guint i = 0; i < GANTRY_SNAPSHOT_N_SOURCES; i++)
    {
      const GError *error = self->errors[i];
      g_autofree char *part = NULL;

      if ((sources & (G_GUINT64_CONSTANT (1) << i)) == 0)
        continue;
      if (!self->settled[i])
        part = g_strdup_printf (_("%s has not been read"), source_actions[i]);
      else if (error == NULL)
        continue;
      else if (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED))
        part = g_strdup_printf (_("access denied; the IAM permission “%s” is missing"),
                                source_actions[i]);
      else if (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE))
        part = g_strdup_printf (_("%s is not available (%s)"), source_actions[i],
                                error->message);
      else
        part = g_strdup_printf (_("%s failed (%s)"), source_actions[i], error->message);

      if (text == NULL)
        text = g_string_new (part);
      else
        g_string_append_printf (text, "; %s", part);
    }

  if (text == NULL)
    return NULL;
  g_string_append_c (text, '.');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * gantry_snapshot_discover:
 * @environment: the environment to fill
 *
 * Copies every selection that was discovered (not given) into the empty
 * fields of @environment, so that saving it pins the discovery down. The
 * matching is the Environments dialog's (gantry-discovery.c), fed with
 * what the snapshot read instead of its own calls.
 */
void
gantry_snapshot_discover (GantrySnapshot    *self,
                          GantryEnvironment *environment)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (GANTRY_IS_SNAPSHOT (self));
  g_return_if_fail (GANTRY_IS_ENVIRONMENT (environment));

  items = gantry_discovery_fill_from_snapshot (self, environment);
}

/**
 * gantry_snapshot_get_account_id:
 *
 * Returns: (nullable): the account the credentials belong to
 */
const char *
gantry_snapshot_get_account_id (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->account_id;
}

const char *
gantry_snapshot_get_region (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return gantry_aws_client_get_region (self->client);
}

#define DATA_GETTER(name, SOURCE)                                     \
  GPtrArray *                                                         \
  name (GantrySnapshot *self)                                         \
  {                                                                   \
    static GPtrArray *empty;                                          \
                                                                      \
    g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);           \
    if (self->data[GANTRY_SNAPSHOT_SOURCE_##SOURCE] != NULL)          \
      return self->data[GANTRY_SNAPSHOT_SOURCE_##SOURCE];             \
    if (g_once_init_enter (&empty))                                   \
      g_once_init_leave (&empty, g_ptr_array_new ());                 \
    return empty;                                                     \
  }

DATA_GETTER (gantry_snapshot_get_vpcs, VPCS)
DATA_GETTER (gantry_snapshot_get_subnets, SUBNETS)
DATA_GETTER (gantry_snapshot_get_route_tables, ROUTE_TABLES)
DATA_GETTER (gantry_snapshot_get_internet_gateways, INTERNET_GATEWAYS)
DATA_GETTER (gantry_snapshot_get_nat_gateways, NAT_GATEWAYS)
DATA_GETTER (gantry_snapshot_get_network_acls, NETWORK_ACLS)
DATA_GETTER (gantry_snapshot_get_security_groups, SECURITY_GROUPS)
DATA_GETTER (gantry_snapshot_get_db_clusters, DB_CLUSTERS)
DATA_GETTER (gantry_snapshot_get_db_instances, DB_INSTANCES)
DATA_GETTER (gantry_snapshot_get_db_subnet_groups, DB_SUBNET_GROUPS)
DATA_GETTER (gantry_snapshot_get_db_parameters, DB_PARAMETERS)
DATA_GETTER (gantry_snapshot_get_load_balancers, LOAD_BALANCERS)
DATA_GETTER (gantry_snapshot_get_listeners, LISTENERS)
DATA_GETTER (gantry_snapshot_get_alarms, ALARMS)
DATA_GETTER (gantry_snapshot_get_backup_plans, BACKUP_PLANS)
DATA_GETTER (gantry_snapshot_get_ecs_clusters, ECS_CLUSTERS)
DATA_GETTER (gantry_snapshot_get_ecs_services, ECS_SERVICES)
DATA_GETTER (gantry_snapshot_get_task_definitions, TASK_DEFINITIONS)
DATA_GETTER (gantry_snapshot_get_repositories, REPOSITORIES)
DATA_GETTER (gantry_snapshot_get_repository_policies, REPOSITORY_POLICIES)
DATA_GETTER (gantry_snapshot_get_log_groups, LOG_GROUPS)

/**
 * gantry_snapshot_get_public_access_block:
 *
 * Returns: (nullable): the account's S3 Block Public Access settings
 */
GantrySnapshotPublicAccessBlock *
gantry_snapshot_get_public_access_block (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->public_access_block;
}

void
_gantry_snapshot_set_public_access_block (GantrySnapshot                  *self,
                                          GantrySnapshotPublicAccessBlock *block,
                                          GError                          *error)
{
  g_free (self->public_access_block);
  self->public_access_block = block;
  g_clear_error (&self->errors[GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK]);
  self->errors[GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK] = error;
  self->settled[GANTRY_SNAPSHOT_SOURCE_PUBLIC_ACCESS_BLOCK] = TRUE;
}

/**
 * gantry_snapshot_parse_public_access_block:
 * @body: the XML reply of S3 Control GetPublicAccessBlock
 *
 * Returns: (transfer full) (nullable): the settings; absent flags are off
 */
GantrySnapshotPublicAccessBlock *
gantry_snapshot_parse_public_access_block (GBytes  *body,
                                           GError **error)
{
  g_autoptr(GantryAwsXmlNode) root = gantry_aws_xml_parse (body, error);
  GantrySnapshotPublicAccessBlock *block;

  if (root == NULL)
    return NULL;
  if (g_strcmp0 (gantry_aws_xml_node_get_name (root), "PublicAccessBlockConfiguration") != 0)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply to GetPublicAccessBlock has no PublicAccessBlockConfiguration."));
      return NULL;
    }

  block = g_new0 (GantrySnapshotPublicAccessBlock, 1);
  block->block_public_acls =
    g_strcmp0 (gantry_aws_xml_node_lookup_text (root, "BlockPublicAcls"), "true") == 0;
  block->ignore_public_acls =
    g_strcmp0 (gantry_aws_xml_node_lookup_text (root, "IgnorePublicAcls"), "true") == 0;
  block->block_public_policy =
    g_strcmp0 (gantry_aws_xml_node_lookup_text (root, "BlockPublicPolicy"), "true") == 0;
  block->restrict_public_buckets =
    g_strcmp0 (gantry_aws_xml_node_lookup_text (root, "RestrictPublicBuckets"), "true") == 0;
  return block;
}

/* --- selection and derived facts ------------------------------------------- */

/**
 * gantry_snapshot_get_vpc:
 *
 * Returns: (transfer none) (nullable): the environment's VPC, or the only
 *   non-default one
 */
GantryAwsEc2Vpc *
gantry_snapshot_get_vpc (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->vpc;
}

/**
 * gantry_snapshot_get_db_cluster:
 *
 * Returns: (transfer none) (nullable): the environment's DB cluster, or the
 *   only one whose subnet group lies in the VPC
 */
GantryAwsRdsDbCluster *
gantry_snapshot_get_db_cluster (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->db_cluster;
}

/**
 * gantry_snapshot_get_load_balancer:
 *
 * Returns: (transfer none) (nullable): the environment's load balancer, or
 *   the only one in the VPC
 */
GantryAwsElbv2LoadBalancer *
gantry_snapshot_get_load_balancer (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->load_balancer;
}

/**
 * gantry_snapshot_get_ecs_cluster:
 *
 * Returns: (transfer none) (nullable): the environment's ECS cluster, or
 *   the region's only active one
 */
GantryAwsEcsCluster *
gantry_snapshot_get_ecs_cluster (GantrySnapshot *self)
{
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->ecs_cluster;
}

/**
 * gantry_snapshot_get_repository_names:
 *
 * The repositories the ECR checks audit: the environment's, else those
 * the cluster's services pull from that exist in this account. Known once
 * %GANTRY_SNAPSHOT_SOURCE_REPOSITORY_POLICIES has settled.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names, never %NULL
 */
const char * const *
gantry_snapshot_get_repository_names (GantrySnapshot *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (self), NULL);
  return self->repository_names != NULL ? (const char * const *) self->repository_names : none;
}

/**
 * gantry_snapshot_find_task_definition:
 * @arn: a task definition ARN, as a service names it
 *
 * Returns: (transfer none) (nullable): the task definition
 */
GantryAwsEcsTaskDefinition *
gantry_snapshot_find_task_definition (GantrySnapshot *self,
                                      const char     *arn)
{
  GPtrArray *definitions = gantry_snapshot_get_task_definitions (self);

  for (guint i = 0; arn != NULL && i < definitions->len; i++)
    {
      GantryAwsEcsTaskDefinition *td = g_ptr_array_index (definitions, i);
      g_autofree char *short_name = g_strdup_printf ("%s:%" G_GINT64_FORMAT, td->family,
                                                     td->revision);

      if (g_strcmp0 (td->arn, arn) == 0 || g_str_equal (short_name, arn))
        return td;
    }
  return NULL;
}

/**
 * gantry_snapshot_find_repository:
 *
 * Returns: (transfer none) (nullable): the repository of this account named @name
 */
GantryAwsEcrRepository *
gantry_snapshot_find_repository (GantrySnapshot *self,
                                 const char     *name)
{
  GPtrArray *repositories = gantry_snapshot_get_repositories (self);

  for (guint i = 0; name != NULL && i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = g_ptr_array_index (repositories, i);

      if (g_strcmp0 (repository->name, name) == 0)
        return repository;
    }
  return NULL;
}

/**
 * gantry_snapshot_find_log_group:
 *
 * Returns: (transfer none) (nullable): the log group named @name
 */
GantryAwsLogsLogGroup *
gantry_snapshot_find_log_group (GantrySnapshot *self,
                                const char     *name)
{
  GPtrArray *groups = gantry_snapshot_get_log_groups (self);

  for (guint i = 0; name != NULL && i < groups->len; i++)
    {
      GantryAwsLogsLogGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->name, name) == 0)
        return group;
    }
  return NULL;
}

/**
 * gantry_snapshot_dup_ecs_security_groups:
 *
 * Returns: (transfer container) (element-type GantryAwsEc2SecurityGroup):
 *   the security groups the selected cluster's services run in, each once
 */
GPtrArray *
gantry_snapshot_dup_ecs_security_groups (GantrySnapshot *self)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (self);
  GPtrArray *groups = g_ptr_array_new ();

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = g_ptr_array_index (services, i);

      for (guint j = 0; service->security_groups[j] != NULL; j++)
        {
          GantryAwsEc2SecurityGroup *group =
            gantry_snapshot_find_security_group (self, service->security_groups[j]);

          if (group != NULL && !g_ptr_array_find (groups, group, NULL))
            g_ptr_array_add (groups, group);
        }
    }
  return groups;
}

/**
 * gantry_snapshot_find_subnet:
 *
 * Returns: (transfer none) (nullable): the subnet
 */
GantryAwsEc2Subnet *
gantry_snapshot_find_subnet (GantrySnapshot *self,
                             const char     *subnet_id)
{
  GPtrArray *subnets = gantry_snapshot_get_subnets (self);

  for (guint i = 0; subnet_id != NULL && i < subnets->len; i++)
    {
      GantryAwsEc2Subnet *subnet = g_ptr_array_index (subnets, i);

      if (g_str_equal (subnet->subnet_id, subnet_id))
        return subnet;
    }
  return NULL;
}

/**
 * gantry_snapshot_find_security_group:
 *
 * Returns: (transfer none) (nullable): the group
 */
GantryAwsEc2SecurityGroup *
gantry_snapshot_find_security_group (GantrySnapshot *self,
                                     const char     *group_id)
{
  GPtrArray *groups = gantry_snapshot_get_security_groups (self);

  for (guint i = 0; group_id != NULL && i < groups->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->group_id, group_id) == 0)
        return group;
    }
  return NULL;
}

/**
 * gantry_snapshot_route_table_for_subnet:
 *
 * A subnet without an explicit association uses its VPC's main table.
 *
 * Returns: (transfer none) (nullable): the route table that routes @subnet
 */
GantryAwsEc2RouteTable *
gantry_snapshot_route_table_for_subnet (GantrySnapshot     *self,
                                        GantryAwsEc2Subnet *subnet)
{
  GPtrArray *tables = gantry_snapshot_get_route_tables (self);
  GantryAwsEc2RouteTable *main_table = NULL;

  for (guint i = 0; i < tables->len; i++)
    {
      GantryAwsEc2RouteTable *table = g_ptr_array_index (tables, i);

      if (g_strcmp0 (table->vpc_id, subnet->vpc_id) != 0)
        continue;
      if (table->main)
        main_table = table;
      for (guint j = 0; j < table->associations->len; j++)
        {
          GantryAwsEc2RouteTableAssociation *association =
            g_ptr_array_index (table->associations, j);

          if (g_strcmp0 (association->subnet_id, subnet->subnet_id) == 0)
            return table;
        }
    }
  return main_table;
}

/**
 * gantry_snapshot_subnet_is_public:
 *
 * Returns: whether @subnet routes 0.0.0.0/0 or ::/0 to an internet gateway
 */
gboolean
gantry_snapshot_subnet_is_public (GantrySnapshot     *self,
                                  GantryAwsEc2Subnet *subnet)
{
  GantryAwsEc2RouteTable *table = gantry_snapshot_route_table_for_subnet (self, subnet);

  for (guint i = 0; table != NULL && i < table->routes->len; i++)
    {
      GantryAwsEc2Route *route = g_ptr_array_index (table->routes, i);

      if ((g_strcmp0 (route->destination_cidr_block, "0.0.0.0/0") == 0 ||
           g_strcmp0 (route->destination_ipv6_cidr_block, "::/0") == 0) &&
          route->gateway_id != NULL && g_str_has_prefix (route->gateway_id, "igw-") &&
          g_strcmp0 (route->state, "blackhole") != 0)
        return TRUE;
    }
  return FALSE;
}

static int
compare_subnets (gconstpointer a,
                 gconstpointer b)
{
  const GantryAwsEc2Subnet *x = *(GantryAwsEc2Subnet **) a;
  const GantryAwsEc2Subnet *y = *(GantryAwsEc2Subnet **) b;
  int by_zone = g_strcmp0 (x->availability_zone, y->availability_zone);

  return by_zone != 0 ? by_zone : g_strcmp0 (x->subnet_id, y->subnet_id);
}

/**
 * gantry_snapshot_dup_vpc_subnets:
 * @public: the public subnets, else the private ones
 *
 * Returns: (transfer container) (element-type GantryAwsEc2Subnet): the
 *   selected VPC's subnets of that kind, sorted by zone and ID
 */
GPtrArray *
gantry_snapshot_dup_vpc_subnets (GantrySnapshot *self,
                                 gboolean        public)
{
  GPtrArray *subnets = gantry_snapshot_get_subnets (self);
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; self->vpc != NULL && i < subnets->len; i++)
    {
      GantryAwsEc2Subnet *subnet = g_ptr_array_index (subnets, i);

      if (g_strcmp0 (subnet->vpc_id, self->vpc->vpc_id) == 0 &&
          gantry_snapshot_subnet_is_public (self, subnet) == public)
        g_ptr_array_add (result, subnet);
    }
  g_ptr_array_sort (result, compare_subnets);
  return result;
}

/**
 * gantry_snapshot_dup_private_pair:
 *
 * The two private subnets the runbook builds on: those of the DB subnet
 * group when it holds two private subnets in two zones, else the first
 * private subnet of each of the first two zones.
 *
 * Returns: (transfer container) (element-type GantryAwsEc2Subnet): zero to
 *   two subnets in distinct zones
 */
GPtrArray *
gantry_snapshot_dup_private_pair (GantrySnapshot *self)
{
  g_autoptr(GPtrArray) private = gantry_snapshot_dup_vpc_subnets (self, FALSE);
  GPtrArray *pair = g_ptr_array_new ();

  if (self->db_cluster != NULL)
    {
      GPtrArray *groups = gantry_snapshot_get_db_subnet_groups (self);

      for (guint i = 0; i < groups->len; i++)
        {
          GantryAwsRdsDbSubnetGroup *group = g_ptr_array_index (groups, i);

          if (g_strcmp0 (group->name, self->db_cluster->db_subnet_group) != 0)
            continue;
          for (guint j = 0; j < group->subnets->len; j++)
            {
              GantryAwsRdsSubnet *member = g_ptr_array_index (group->subnets, j);
              GantryAwsEc2Subnet *subnet = gantry_snapshot_find_subnet (self, member->subnet_id);

              if (subnet != NULL && g_ptr_array_find (private, subnet, NULL))
                g_ptr_array_add (pair, subnet);
            }
        }
      g_ptr_array_sort (pair, compare_subnets);
      if (pair->len == 2 && g_strcmp0 (((GantryAwsEc2Subnet *) pair->pdata[0])->availability_zone,
                                       ((GantryAwsEc2Subnet *) pair->pdata[1])->availability_zone) != 0)
        return pair;
      g_ptr_array_set_size (pair, 0);
    }

  for (guint i = 0; i < private->len && pair->len < 2; i++)
    {
      GantryAwsEc2Subnet *subnet = g_ptr_array_index (private, i);

      if (pair->len == 0 ||
          g_strcmp0 (((GantryAwsEc2Subnet *) pair->pdata[0])->availability_zone,
                     subnet->availability_zone) != 0)
        g_ptr_array_add (pair, subnet);
    }
  return pair;
}
