/* gantry-discovery.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-discovery.h"
#include "gantry-snapshot.h"

#include "aws/gantry-aws-ec2.h"
#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-elbv2.h"
#include "aws/gantry-aws-rds.h"

/* Auto-discovery fills an environment's empty fields from what the account
 * has, but only where there is exactly one sensible answer: guessing between
 * two VPCs would point the Setup checks (and promotions) at the wrong one,
 * so an ambiguous field stays empty and the report names the candidates.
 *
 * The calls that do not depend on each other run at once: DescribeVpcs,
 * DescribeDBClusters, DescribeDBSubnetGroups, DescribeLoadBalancers,
 * DescribeRepositories and the ECS chain (ListClusters → ListServices →
 * DescribeServices → DescribeTaskDefinition). The VPC, DB cluster and load
 * balancer are matched up only when everything has arrived.
 *
 * The Setup audit's snapshot reads the same things; it fills an
 * environment through gantry_discovery_fill_from_snapshot(), so the
 * matching lives here once. */

/* DescribeServices takes at most this many services per call. */
#define SERVICES_PER_CALL 10

G_DEFINE_BOXED_TYPE (GantryDiscoveryItem, gantry_discovery_item,
                     gantry_discovery_item_copy, gantry_discovery_item_free)

GantryDiscoveryItem *
gantry_discovery_item_copy (const GantryDiscoveryItem *item)
{
  GantryDiscoveryItem *copy = g_new0 (GantryDiscoveryItem, 1);

  copy->field = g_strdup (item->field);
  copy->outcome = item->outcome;
  copy->value = g_strdup (item->value);
  copy->candidates = g_strdupv (item->candidates);
  copy->message = g_strdup (item->message);
  return copy;
}

void
gantry_discovery_item_free (GantryDiscoveryItem *item)
{
  if (item == NULL)
    return;

  g_free (item->field);
  g_free (item->value);
  g_strfreev (item->candidates);
  g_free (item->message);
  g_free (item);
}

/**
 * gantry_discovery_find_item:
 * @items: (element-type GantryDiscoveryItem): a discovery's report
 * @field: a `GANTRY_DISCOVERY_FIELD_*` name
 *
 * Returns: (nullable) (transfer none): the item about @field, or %NULL when
 *   discovery left it alone because it was already set
 */
const GantryDiscoveryItem *
gantry_discovery_find_item (GPtrArray  *items,
                            const char *field)
{
  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->field, field))
        return item;
    }
  return NULL;
}

typedef struct
{
  GantryEnvironment *environment;
  char              *region;
  GantryAwsEc2      *ec2;
  GantryAwsRds      *rds;
  GantryAwsElbv2    *elbv2;
  GantryAwsEcs      *ecs;
  GantryAwsEcr      *ecr;

  /* Independent lines of calls still running, plus one while starting. */
  guint              pending;

  /* What each call brought, or why it brought nothing. */
  GPtrArray         *vpcs;
  GError            *vpcs_error;
  GPtrArray         *db_clusters;
  GError            *db_clusters_error;
  GPtrArray         *subnet_groups;
  GError            *subnet_groups_error;
  GPtrArray         *load_balancers;
  GError            *load_balancers_error;
  GPtrArray         *repositories;
  GError            *repositories_error;
  GStrv              cluster_arns;
  GError            *clusters_error;

  /* The ECS chain: the cluster whose services name the images. */
  char              *cluster;
  GHashTable        *task_definitions;
  GPtrArray         *images;
  GError            *images_error;
  guint              chain_pending;

  GPtrArray         *items;
} Discovery;

static void
discovery_free (Discovery *d)
{
  g_clear_object (&d->environment);
  g_free (d->region);
  g_clear_object (&d->ec2);
  g_clear_object (&d->rds);
  g_clear_object (&d->elbv2);
  g_clear_object (&d->ecs);
  g_clear_object (&d->ecr);
  g_clear_pointer (&d->vpcs, g_ptr_array_unref);
  g_clear_error (&d->vpcs_error);
  g_clear_pointer (&d->db_clusters, g_ptr_array_unref);
  g_clear_error (&d->db_clusters_error);
  g_clear_pointer (&d->subnet_groups, g_ptr_array_unref);
  g_clear_error (&d->subnet_groups_error);
  g_clear_pointer (&d->load_balancers, g_ptr_array_unref);
  g_clear_error (&d->load_balancers_error);
  g_clear_pointer (&d->repositories, g_ptr_array_unref);
  g_clear_error (&d->repositories_error);
  g_clear_pointer (&d->cluster_arns, g_strfreev);
  g_clear_error (&d->clusters_error);
  g_free (d->cluster);
  g_clear_pointer (&d->task_definitions, g_hash_table_unref);
  g_clear_pointer (&d->images, g_ptr_array_unref);
  g_clear_error (&d->images_error);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gboolean
is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

/* --- the report ----------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Sorts and de-duplicates @candidates (borrowed strings) into a GStrv. */
static GStrv
candidates_to_strv (GPtrArray *candidates)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *previous = NULL;

  g_ptr_array_sort (candidates, compare_strings);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *candidate = g_ptr_array_index (candidates, i);

      if (g_strcmp0 (candidate, previous) != 0)
        g_strv_builder_add (builder, candidate);
      previous = candidate;
    }
  return g_strv_builder_end (builder);
}

static void
add_item (Discovery              *d,
          const char             *field,
          GantryDiscoveryOutcome  outcome,
          const char             *value,
          GStrv                   candidates,
          char                   *message)
{
  GantryDiscoveryItem *item = g_new0 (GantryDiscoveryItem, 1);

  item->field = g_strdup (field);
  item->outcome = outcome;
  item->value = g_strdup (value);
  item->candidates = candidates != NULL ? candidates : g_new0 (char *, 1);
  item->message = message;
  g_ptr_array_add (d->items, item);
}

static void
add_failed (Discovery  *d,
            const char *field,
            char       *message)
{
  add_item (d, field, GANTRY_DISCOVERY_OUTCOME_FAILED, NULL, NULL, message);
}

/* --- matching up ---------------------------------------------------------- */

static const char *
resolve_vpc (Discovery *d)
{
  const char *given = gantry_environment_get_vpc_id (d->environment);
  g_autoptr(GPtrArray) found = NULL;
  GStrv candidates;
  guint n;

  if (!is_empty (given))
    return given;

  if (d->vpcs_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_VPC_ID,
                  g_strdup_printf (_("Could not list the VPCs: %s"),
                                   d->vpcs_error->message));
      return NULL;
    }

  /* The default VPC is AWS's playground, never where production is built. */
  found = g_ptr_array_new ();
  for (guint i = 0; i < d->vpcs->len; i++)
    {
      GantryAwsEc2Vpc *vpc = g_ptr_array_index (d->vpcs, i);

      if (!vpc->is_default && vpc->vpc_id != NULL)
        g_ptr_array_add (found, vpc->vpc_id);
    }
  candidates = candidates_to_strv (found);
  n = g_strv_length (candidates);

  if (n == 1)
    {
      const char *vpc_id = g_ptr_array_index (found, 0);

      add_item (d, GANTRY_DISCOVERY_FIELD_VPC_ID, GANTRY_DISCOVERY_OUTCOME_FILLED, vpc_id,
                candidates, g_strdup_printf (_("%s is the only non-default VPC."), vpc_id));
      return vpc_id;
    }
  else if (n == 0)
    {
      add_item (d, GANTRY_DISCOVERY_FIELD_VPC_ID, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
                candidates,
                g_strdup_printf (_("There is no non-default VPC in %s."), d->region));
    }
  else
    {
      g_autofree char *list = g_strjoinv (", ", candidates);

      add_item (d, GANTRY_DISCOVERY_FIELD_VPC_ID, GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS, NULL,
                candidates,
                g_strdup_printf (ngettext ("%u non-default VPC: %s",
                                           "%u non-default VPCs: %s", n), n, list));
    }
  return NULL;
}

static const char *
subnet_group_vpc (Discovery  *d,
                  const char *name)
{
  for (guint i = 0; name != NULL && i < d->subnet_groups->len; i++)
    {
      GantryAwsRdsDbSubnetGroup *group = g_ptr_array_index (d->subnet_groups, i);

      if (g_strcmp0 (group->name, name) == 0)
        return group->vpc_id;
    }
  return NULL;
}

static void
resolve_db_cluster (Discovery  *d,
                    const char *vpc_id)
{
  g_autoptr(GPtrArray) found = NULL;
  GStrv candidates;
  guint n;

  if (!is_empty (gantry_environment_get_db_cluster (d->environment)))
    return;

  if (d->db_clusters_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_DB_CLUSTER,
                  g_strdup_printf (_("Could not list the DB clusters: %s"),
                                   d->db_clusters_error->message));
      return;
    }
  if (vpc_id != NULL && d->subnet_groups_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_DB_CLUSTER,
                  g_strdup_printf (_("Could not list the DB subnet groups: %s"),
                                   d->subnet_groups_error->message));
      return;
    }

  /* Without a VPC, a cluster is still unambiguous when it is the only one. */
  found = g_ptr_array_new ();
  for (guint i = 0; i < d->db_clusters->len; i++)
    {
      GantryAwsRdsDbCluster *cluster = g_ptr_array_index (d->db_clusters, i);

      if (cluster->identifier == NULL)
        continue;
      if (vpc_id == NULL || g_strcmp0 (subnet_group_vpc (d, cluster->db_subnet_group), vpc_id) == 0)
        g_ptr_array_add (found, cluster->identifier);
    }
  candidates = candidates_to_strv (found);
  n = g_strv_length (candidates);

  if (n == 1)
    {
      const char *name = candidates[0];
      char *message = vpc_id != NULL
        ? g_strdup_printf (_("%s is the only DB cluster in VPC %s."), name, vpc_id)
        : g_strdup_printf (_("%s is the only DB cluster."), name);

      add_item (d, GANTRY_DISCOVERY_FIELD_DB_CLUSTER, GANTRY_DISCOVERY_OUTCOME_FILLED, name,
                candidates, message);
    }
  else if (n == 0)
    {
      char *message = vpc_id != NULL
        ? g_strdup_printf (_("There is no DB cluster in VPC %s."), vpc_id)
        : g_strdup_printf (_("There is no DB cluster in %s."), d->region);

      add_item (d, GANTRY_DISCOVERY_FIELD_DB_CLUSTER, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
                candidates, message);
    }
  else
    {
      g_autofree char *list = g_strjoinv (", ", candidates);
      char *message = vpc_id != NULL
        ? g_strdup_printf (ngettext ("%u DB cluster in VPC %s: %s",
                                     "%u DB clusters in VPC %s: %s", n), n, vpc_id, list)
        : g_strdup_printf (ngettext ("%u DB cluster: %s", "%u DB clusters: %s", n), n, list);

      add_item (d, GANTRY_DISCOVERY_FIELD_DB_CLUSTER, GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS, NULL,
                candidates, message);
    }
}

static void
resolve_load_balancer (Discovery  *d,
                       const char *vpc_id)
{
  g_autoptr(GPtrArray) found = NULL;
  GStrv candidates;
  guint n;

  if (!is_empty (gantry_environment_get_load_balancer (d->environment)))
    return;

  if (d->load_balancers_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER,
                  g_strdup_printf (_("Could not list the load balancers: %s"),
                                   d->load_balancers_error->message));
      return;
    }

  found = g_ptr_array_new ();
  for (guint i = 0; i < d->load_balancers->len; i++)
    {
      GantryAwsElbv2LoadBalancer *balancer = g_ptr_array_index (d->load_balancers, i);

      if (balancer->name == NULL)
        continue;
      if (vpc_id == NULL || g_strcmp0 (balancer->vpc_id, vpc_id) == 0)
        g_ptr_array_add (found, balancer->name);
    }
  candidates = candidates_to_strv (found);
  n = g_strv_length (candidates);

  if (n == 1)
    {
      const char *name = candidates[0];
      char *message = vpc_id != NULL
        ? g_strdup_printf (_("%s is the only load balancer in VPC %s."), name, vpc_id)
        : g_strdup_printf (_("%s is the only load balancer."), name);

      add_item (d, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER, GANTRY_DISCOVERY_OUTCOME_FILLED, name,
                candidates, message);
    }
  else if (n == 0)
    {
      char *message = vpc_id != NULL
        ? g_strdup_printf (_("There is no load balancer in VPC %s."), vpc_id)
        : g_strdup_printf (_("There is no load balancer in %s."), d->region);

      add_item (d, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
                candidates, message);
    }
  else
    {
      g_autofree char *list = g_strjoinv (", ", candidates);
      char *message = vpc_id != NULL
        ? g_strdup_printf (ngettext ("%u load balancer in VPC %s: %s",
                                     "%u load balancers in VPC %s: %s", n), n, vpc_id, list)
        : g_strdup_printf (ngettext ("%u load balancer: %s", "%u load balancers: %s", n),
                           n, list);

      add_item (d, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER, GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS, NULL,
                candidates, message);
    }
}

static const char *
cluster_name_from_arn (const char *arn)
{
  const char *slash = strrchr (arn, '/');

  return slash != NULL ? slash + 1 : arn;
}

static void
resolve_cluster (Discovery *d)
{
  g_autoptr(GPtrArray) found = NULL;
  GStrv candidates;
  guint n;

  if (!is_empty (gantry_environment_get_cluster (d->environment)))
    return;

  if (d->clusters_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_CLUSTER,
                  g_strdup_printf (_("Could not list the ECS clusters: %s"),
                                   d->clusters_error->message));
      return;
    }

  found = g_ptr_array_new ();
  for (guint i = 0; d->cluster_arns[i] != NULL; i++)
    g_ptr_array_add (found, (char *) cluster_name_from_arn (d->cluster_arns[i]));
  candidates = candidates_to_strv (found);
  n = g_strv_length (candidates);

  if (n == 1)
    add_item (d, GANTRY_DISCOVERY_FIELD_CLUSTER, GANTRY_DISCOVERY_OUTCOME_FILLED, candidates[0],
              candidates, g_strdup_printf (_("%s is the only ECS cluster."), candidates[0]));
  else if (n == 0)
    add_item (d, GANTRY_DISCOVERY_FIELD_CLUSTER, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
              candidates, g_strdup_printf (_("There is no ECS cluster in %s."), d->region));
  else
    {
      g_autofree char *list = g_strjoinv (", ", candidates);

      add_item (d, GANTRY_DISCOVERY_FIELD_CLUSTER, GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS, NULL,
                candidates,
                g_strdup_printf (ngettext ("%u ECS cluster: %s", "%u ECS clusters: %s", n),
                                 n, list));
    }
}

/* "ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME:tag" or "…/NAME@sha256:…" →
 * "ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME", the form of a repository URI.
 * Only the last path segment can carry a tag (the host may carry a port). */
static char *
image_repository_uri (const char *image)
{
  const char *slash = strrchr (image, '/');
  const char *last = slash != NULL ? slash + 1 : image;
  const char *cut = strchr (last, '@');

  if (cut == NULL)
    cut = strchr (last, ':');
  return cut != NULL ? g_strndup (image, cut - image) : g_strdup (image);
}

static void
resolve_repositories (Discovery *d)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) uris = NULL;
  GStrv candidates;
  guint n;

  if (gantry_environment_get_repositories (d->environment)[0] != NULL)
    return;

  if (d->cluster == NULL)
    {
      add_item (d, GANTRY_DISCOVERY_FIELD_REPOSITORIES, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
                NULL, g_strdup (_("The repositories come from the ECS cluster’s task "
                                  "definitions, and no single cluster is known.")));
      return;
    }
  if (d->images_error != NULL)
    {
      add_item (d, GANTRY_DISCOVERY_FIELD_REPOSITORIES, GANTRY_DISCOVERY_OUTCOME_FAILED, NULL,
                NULL, g_strdup_printf (_("Could not read the task definitions of cluster %s: %s"),
                                       d->cluster, d->images_error->message));
      return;
    }
  if (d->repositories_error != NULL)
    {
      add_failed (d, GANTRY_DISCOVERY_FIELD_REPOSITORIES,
                  g_strdup_printf (_("Could not list the ECR repositories: %s"),
                                   d->repositories_error->message));
      return;
    }

  /* A repository URI names the account and the region, so matching whole
   * URIs keeps out images of other accounts (the dev account's registry) and
   * of repositories that were deleted since. */
  uris = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < d->repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = g_ptr_array_index (d->repositories, i);

      if (repository->uri != NULL && repository->name != NULL)
        g_hash_table_insert (uris, repository->uri, repository->name);
    }

  found = g_ptr_array_new ();
  for (guint i = 0; i < d->images->len; i++)
    {
      g_autofree char *uri = image_repository_uri (g_ptr_array_index (d->images, i));
      const char *name = g_hash_table_lookup (uris, uri);

      if (name != NULL)
        g_ptr_array_add (found, (char *) name);
    }
  candidates = candidates_to_strv (found);
  n = g_strv_length (candidates);

  if (n == 0)
    add_item (d, GANTRY_DISCOVERY_FIELD_REPOSITORIES, GANTRY_DISCOVERY_OUTCOME_NOT_FOUND, NULL,
              candidates,
              g_strdup_printf (_("The services of cluster %s use no ECR repository of this "
                                 "account."), d->cluster));
  else
    {
      g_autofree char *list = g_strjoinv (", ", candidates);

      add_item (d, GANTRY_DISCOVERY_FIELD_REPOSITORIES, GANTRY_DISCOVERY_OUTCOME_FILLED, list,
                candidates,
                g_strdup_printf (ngettext ("The services of cluster %s use repository %s.",
                                           "The services of cluster %s use repositories %s.", n),
                                 d->cluster, list));
    }
}

static void
apply_items (Discovery *d)
{
  for (guint i = 0; i < d->items->len; i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (d->items, i);
      const char *field = item->field;

      if (item->outcome != GANTRY_DISCOVERY_OUTCOME_FILLED)
        continue;

      if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_VPC_ID))
        gantry_environment_set_vpc_id (d->environment, item->value);
      else if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_CLUSTER))
        gantry_environment_set_cluster (d->environment, item->value);
      else if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_DB_CLUSTER))
        gantry_environment_set_db_cluster (d->environment, item->value);
      else if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_LOAD_BALANCER))
        gantry_environment_set_load_balancer (d->environment, item->value);
      else if (g_str_equal (field, GANTRY_DISCOVERY_FIELD_REPOSITORIES))
        gantry_environment_set_repositories (d->environment,
                                             (const char * const *) item->candidates);
    }
}

static void
resolve_all (Discovery *d)
{
  const char *vpc_id;

  /* Hold the environment's own copy: filling it frees the given value. */
  vpc_id = resolve_vpc (d);
  {
    g_autofree char *vpc = g_strdup (vpc_id);

    resolve_cluster (d);
    resolve_db_cluster (d, vpc);
    resolve_load_balancer (d, vpc);
    resolve_repositories (d);
  }

  apply_items (d);
}

static GPtrArray *
snapshot_data (GantrySnapshot       *snapshot,
               GantrySnapshotSource  source,
               GPtrArray            *data,
               GError              **error)
{
  const GError *source_error = gantry_snapshot_get_error (snapshot, source);

  if (error == NULL)
    ;
  else if (source_error != NULL)
    *error = g_error_copy (source_error);
  else if (!gantry_snapshot_is_settled (snapshot, G_GUINT64_CONSTANT (1) << source))
    *error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("%s has not been read"),
                          gantry_snapshot_source_get_action (source));
  return g_ptr_array_ref (data);
}

/**
 * gantry_discovery_fill_from_snapshot:
 * @snapshot: a loaded snapshot
 * @environment: the environment to fill
 *
 * Fills the empty fields of @environment that the snapshot's answers make
 * unambiguous, exactly as gantry_discovery_run_async() would, without
 * another AWS call.
 *
 * Returns: (transfer container) (element-type GantryDiscoveryItem): the report
 */
GPtrArray *
gantry_discovery_fill_from_snapshot (GantrySnapshot    *snapshot,
                                     GantryEnvironment *environment)
{
  Discovery *d;
  GPtrArray *items;
  GPtrArray *clusters;
  GPtrArray *definitions;
  g_autoptr(GStrvBuilder) arns = g_strv_builder_new ();
  GantryAwsEcsCluster *cluster;

  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (snapshot), NULL);
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);

  d = g_new0 (Discovery, 1);
  d->environment = g_object_ref (environment);
  d->region = g_strdup (gantry_snapshot_get_region (snapshot));
  d->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_discovery_item_free);
  d->vpcs = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_VPCS,
                           gantry_snapshot_get_vpcs (snapshot), &d->vpcs_error);
  d->db_clusters = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_DB_CLUSTERS,
                                  gantry_snapshot_get_db_clusters (snapshot),
                                  &d->db_clusters_error);
  d->subnet_groups = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_DB_SUBNET_GROUPS,
                                    gantry_snapshot_get_db_subnet_groups (snapshot),
                                    &d->subnet_groups_error);
  d->load_balancers = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_LOAD_BALANCERS,
                                     gantry_snapshot_get_load_balancers (snapshot),
                                     &d->load_balancers_error);
  d->repositories = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_REPOSITORIES,
                                   gantry_snapshot_get_repositories (snapshot),
                                   &d->repositories_error);

  /* The snapshot describes the clusters it lists; an INACTIVE one (deleted
   * a moment ago) is no candidate. */
  clusters = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_ECS_CLUSTERS,
                            gantry_snapshot_get_ecs_clusters (snapshot), &d->clusters_error);
  for (guint i = 0; i < clusters->len; i++)
    {
      GantryAwsEcsCluster *candidate = g_ptr_array_index (clusters, i);

      if (candidate->status == NULL || g_str_equal (candidate->status, "ACTIVE"))
        g_strv_builder_add (arns, candidate->arn);
    }
  g_ptr_array_unref (clusters);
  d->cluster_arns = g_strv_builder_end (arns);

  cluster = gantry_snapshot_get_ecs_cluster (snapshot);
  d->cluster = cluster != NULL ? g_strdup (cluster->name) : NULL;
  d->images = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_unref (snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_ECS_SERVICES,
                                    gantry_snapshot_get_ecs_services (snapshot),
                                    &d->images_error));
  definitions = snapshot_data (snapshot, GANTRY_SNAPSHOT_SOURCE_TASK_DEFINITIONS,
                               gantry_snapshot_get_task_definitions (snapshot),
                               d->images_error == NULL ? &d->images_error : NULL);
  for (guint i = 0; i < definitions->len; i++)
    {
      GantryAwsEcsTaskDefinition *td = g_ptr_array_index (definitions, i);

      for (guint j = 0; j < td->containers->len; j++)
        {
          GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, j);

          if (container->image != NULL)
            g_ptr_array_add (d->images, g_strdup (container->image));
        }
    }
  g_ptr_array_unref (definitions);

  resolve_all (d);
  items = g_steal_pointer (&d->items);
  discovery_free (d);
  return items;
}

/* One line of calls has finished; the last one matches everything up. */
static void
flow_done (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);
  g_assert (d->pending > 0);
  if (--d->pending > 0)
    return;

  /* Cancelled: the environment stays as it was. */
  if (g_task_return_error_if_cancelled (task))
    return;

  resolve_all (d);
  g_task_return_pointer (task, g_steal_pointer (&d->items), (GDestroyNotify) g_ptr_array_unref);
}

/* --- the calls ------------------------------------------------------------ */

static void
describe_vpcs_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->vpcs = gantry_aws_ec2_describe_vpcs_finish (GANTRY_AWS_EC2 (object), result, &d->vpcs_error);
  flow_done (task);
}

static void
describe_db_clusters_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->db_clusters = gantry_aws_rds_describe_db_clusters_finish (GANTRY_AWS_RDS (object), result,
                                                               &d->db_clusters_error);
  flow_done (task);
}

static void
describe_db_subnet_groups_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->subnet_groups = gantry_aws_rds_describe_db_subnet_groups_finish (GANTRY_AWS_RDS (object),
                                                                      result,
                                                                      &d->subnet_groups_error);
  flow_done (task);
}

static void
describe_load_balancers_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->load_balancers = gantry_aws_elbv2_describe_load_balancers_finish (GANTRY_AWS_ELBV2 (object),
                                                                       result,
                                                                       &d->load_balancers_error);
  flow_done (task);
}

static void
describe_repositories_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->repositories = gantry_aws_ecr_describe_repositories_finish (GANTRY_AWS_ECR (object), result,
                                                                 &d->repositories_error);
  flow_done (task);
}

static void
chain_error (Discovery *d,
             GError    *error)
{
  if (d->images_error == NULL)
    d->images_error = error;
  else
    g_error_free (error);
}

static void
describe_task_definition_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  GError *error = NULL;

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td == NULL)
    chain_error (d, error);
  else
    for (guint i = 0; i < td->containers->len; i++)
      {
        GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);

        if (container->image != NULL)
          g_ptr_array_add (d->images, g_strdup (container->image));
      }

  if (--d->chain_pending == 0)
    flow_done (task);
}

static void
describe_task_definitions (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GHashTableIter iter;
  gpointer arn;

  if (d->images_error != NULL || g_hash_table_size (d->task_definitions) == 0)
    {
      flow_done (task);
      return;
    }

  d->chain_pending = g_hash_table_size (d->task_definitions);
  g_hash_table_iter_init (&iter, d->task_definitions);
  while (g_hash_table_iter_next (&iter, &arn, NULL))
    gantry_aws_ecs_describe_task_definition_async (d->ecs, arn, cancellable,
                                                   describe_task_definition_cb,
                                                   g_object_ref (task));
}

static void
describe_services_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  g_autoptr(GPtrArray) services = NULL;
  GError *error = NULL;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services == NULL)
    chain_error (d, error);
  else
    for (guint i = 0; i < services->len; i++)
      {
        GantryAwsEcsService *service = g_ptr_array_index (services, i);

        if (service->task_definition != NULL)
          g_hash_table_add (d->task_definitions, g_strdup (service->task_definition));
      }

  if (--d->chain_pending == 0)
    describe_task_definitions (task);
}

static void
list_services_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_auto(GStrv) arns = NULL;
  GError *error = NULL;
  guint n;

  arns = gantry_aws_ecs_list_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (arns == NULL)
    {
      chain_error (d, error);
      flow_done (task);
      return;
    }

  n = g_strv_length (arns);
  if (n == 0)
    {
      flow_done (task);
      return;
    }

  /* The batches are described at once; the last answer moves on. */
  d->chain_pending = (n + SERVICES_PER_CALL - 1) / SERVICES_PER_CALL;
  for (guint i = 0; i < n; i += SERVICES_PER_CALL)
    {
      g_autofree const char **batch = g_new0 (const char *, SERVICES_PER_CALL + 1);

      for (guint j = 0; j < SERVICES_PER_CALL && i + j < n; j++)
        batch[j] = arns[i + j];
      gantry_aws_ecs_describe_services_async (d->ecs, d->cluster, batch, cancellable,
                                              describe_services_cb, g_object_ref (task));
    }
}

static void
list_services (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);

  gantry_aws_ecs_list_services_async (d->ecs, d->cluster, 0, g_task_get_cancellable (task),
                                      list_services_cb, g_object_ref (task));
}

static void
list_clusters_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);

  d->cluster_arns = gantry_aws_ecs_list_clusters_finish (GANTRY_AWS_ECS (object), result,
                                                         &d->clusters_error);

  /* The repositories follow from the cluster only when it is the only one. */
  if (d->cluster_arns != NULL && g_strv_length (d->cluster_arns) == 1 &&
      gantry_environment_get_repositories (d->environment)[0] == NULL)
    {
      d->cluster = g_strdup (cluster_name_from_arn (d->cluster_arns[0]));
      list_services (task);
      return;
    }
  flow_done (task);
}

/**
 * gantry_discovery_run_async:
 * @client: a client for the account and region to look at
 * @environment: the environment whose empty fields to fill
 * @cancellable: (nullable): cancels discovery; @environment is then unchanged
 *
 * Fills the empty fields of @environment that the account answers
 * unambiguously: the only non-default VPC, the only ECS cluster, the DB
 * cluster whose subnet group lies in that VPC, the load balancer in that
 * VPC, and the ECR repositories of this account that the cluster's services
 * run. Fields that are already set are kept and used (a given VPC picks the
 * DB cluster and load balancer; a given cluster the repositories).
 * @environment is changed only once, when everything has arrived.
 */
void
gantry_discovery_run_async (GantryAwsClient     *client,
                            GantryEnvironment   *environment,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean want_repositories;
  Discovery *d;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (client));
  g_return_if_fail (GANTRY_IS_ENVIRONMENT (environment));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_discovery_run_async);

  d = g_new0 (Discovery, 1);
  d->environment = g_object_ref (environment);
  d->region = g_strdup (gantry_aws_client_get_region (client));
  d->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_discovery_item_free);
  d->task_definitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->images = g_ptr_array_new_with_free_func (g_free);
  /* Held while the calls start, so none can finish the task early. */
  d->pending = 1;
  g_task_set_task_data (task, d, (GDestroyNotify) discovery_free);

  want_repositories = gantry_environment_get_repositories (environment)[0] == NULL;

  if (is_empty (gantry_environment_get_vpc_id (environment)))
    {
      d->ec2 = gantry_aws_ec2_new (client);
      d->pending++;
      gantry_aws_ec2_describe_vpcs_async (d->ec2, NULL, cancellable, describe_vpcs_cb,
                                          g_object_ref (task));
    }

  if (is_empty (gantry_environment_get_db_cluster (environment)))
    {
      d->rds = gantry_aws_rds_new (client);
      d->pending += 2;
      gantry_aws_rds_describe_db_clusters_async (d->rds, NULL, cancellable,
                                                 describe_db_clusters_cb, g_object_ref (task));
      gantry_aws_rds_describe_db_subnet_groups_async (d->rds, NULL, cancellable,
                                                      describe_db_subnet_groups_cb,
                                                      g_object_ref (task));
    }

  if (is_empty (gantry_environment_get_load_balancer (environment)))
    {
      d->elbv2 = gantry_aws_elbv2_new (client);
      d->pending++;
      gantry_aws_elbv2_describe_load_balancers_async (d->elbv2, cancellable,
                                                      describe_load_balancers_cb,
                                                      g_object_ref (task));
    }

  if (want_repositories)
    {
      d->ecr = gantry_aws_ecr_new (client);
      d->pending++;
      gantry_aws_ecr_describe_repositories_async (d->ecr, NULL, 0, cancellable,
                                                  describe_repositories_cb, g_object_ref (task));
    }

  if (is_empty (gantry_environment_get_cluster (environment)))
    {
      d->ecs = gantry_aws_ecs_new (client);
      d->pending++;
      gantry_aws_ecs_list_clusters_async (d->ecs, 0, cancellable, list_clusters_cb,
                                          g_object_ref (task));
    }
  else if (want_repositories)
    {
      d->ecs = gantry_aws_ecs_new (client);
      d->cluster = g_strdup (gantry_environment_get_cluster (environment));
      d->pending++;
      list_services (task);
    }

  flow_done (task);
}

/**
 * gantry_discovery_run_finish:
 *
 * Fails only when cancelled: a call that failed (for example for lack of an
 * IAM permission) is reported as a %GANTRY_DISCOVERY_OUTCOME_FAILED item and
 * the other fields are still filled.
 *
 * Returns: (transfer container) (element-type GantryDiscoveryItem): one item
 *   per field that was empty, in the order VPC, cluster, DB cluster, load
 *   balancer, repositories
 */
GPtrArray *
gantry_discovery_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_discovery_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
