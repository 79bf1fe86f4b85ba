/* gantry-checks-database.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runbook 000 (DocumentDB) and 001 (RDS PostgreSQL): a subnet group over
 * the private pair, two instances in two zones, encryption, no public
 * access, backups kept and copied to the backup region, TLS enforced.
 */

#define G_LOG_DOMAIN "gantry-checks"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aws/gantry-aws-rds.h"
#include "core/gantry-check-private.h"

#define MIN_BACKUP_RETENTION_DAYS 7

#define NEEDS_DB (GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | \
                  GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS))
#define NEEDS_PAIR (NEEDS_DB | GANTRY_SNAPSHOT_NEEDS (SUBNETS) | \
                    GANTRY_SNAPSHOT_NEEDS (ROUTE_TABLES))

static GantryCheckResult *
no_cluster (void)
{
  return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                  _("No DB cluster is selected or discovered."));
}

static GantryAwsRdsDbSubnetGroup *
find_subnet_group (GantrySnapshot *snapshot,
                   const char     *name)
{
  GPtrArray *groups = gantry_snapshot_get_db_subnet_groups (snapshot);

  for (guint i = 0; name != NULL && i < groups->len; i++)
    if (g_strcmp0 (((GantryAwsRdsDbSubnetGroup *) groups->pdata[i])->name, name) == 0)
      return groups->pdata[i];
  return NULL;
}

/* Whether @group holds exactly the subnets of @pair. */
static gboolean
group_is_pair (GantryAwsRdsDbSubnetGroup *group,
               GPtrArray                 *pair)
{
  if (pair->len != 2 || group->subnets->len != 2)
    return FALSE;
  for (guint i = 0; i < pair->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < group->subnets->len; j++)
        found |= g_strcmp0 (((GantryAwsRdsSubnet *) group->subnets->pdata[j])->subnet_id,
                            ((GantryAwsEc2Subnet *) pair->pdata[i])->subnet_id) == 0;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* --- db.subnet-group ---------------------------------------------------------- */

static GantryCheckResult *
db_subnet_group (GantryCheck       *check,
                 GantrySnapshot    *snapshot,
                 GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  GPtrArray *groups = gantry_snapshot_get_db_subnet_groups (snapshot);
  g_autoptr(GPtrArray) pair = NULL;
  GantryAwsRdsDbSubnetGroup *group;

  if (result != NULL)
    return result;

  pair = gantry_snapshot_dup_private_pair (snapshot);

  if (cluster != NULL)
    {
      group = find_subnet_group (snapshot, cluster->db_subnet_group);
      if (group == NULL)
        result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                                 _("The subnet group %s of cluster %s was not "
                                                   "found."), cluster->db_subnet_group,
                                                 cluster->identifier);
      else if (group_is_pair (group, pair))
        result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                                 _("Cluster %s uses subnet group %s, which holds "
                                                   "exactly the two private subnets."),
                                                 cluster->identifier, group->name);
      else
        result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                                 _("Subnet group %s of cluster %s holds %u "
                                                   "subnets, not exactly the private pair."),
                                                 group->name, cluster->identifier,
                                                 group->subnets->len);
      gantry_check_result_add_resource (result, cluster->db_subnet_group);
      for (guint i = 0; group != NULL && i < group->subnets->len; i++)
        gantry_check_result_add_resource (result,
                                          ((GantryAwsRdsSubnet *) group->subnets->pdata[i])->subnet_id);
      return result;
    }

  /* Before the database exists the runbook asks for the group first. */
  for (guint i = 0; i < groups->len; i++)
    {
      group = groups->pdata[i];
      if (g_strcmp0 (group->vpc_id, vpc->vpc_id) == 0 && group_is_pair (group, pair))
        {
          result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                                   _("Subnet group %s holds exactly the two "
                                                     "private subnets."), group->name);
          gantry_check_result_add_resource (result, group->name);
          return result;
        }
    }
  if (pair->len < 2)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                    _("No DB subnet group, and no private pair to build one from "
                                      "(see subnets.private-pair)."));
  return gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                  _("No DB subnet group holds the two private subnets; the "
                                    "database cannot be placed in them without one."));
}

static char *
subnet_group_name (GantrySnapshot    *snapshot,
                   GantryEnvironment *environment)
{
  return g_strdup_printf ("%s-db-subnets", gantry_environment_get_name (environment));
}

static GPtrArray *
db_subnet_group_describe_fix (GantryCheck       *check,
                              GantrySnapshot    *snapshot,
                              GantryEnvironment *environment)
{
  GPtrArray *calls = _gantry_fix_calls_new ();
  g_autoptr(GPtrArray) pair = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parameters = NULL;

  /* A cluster cannot move to another subnet group in place: only offer to
   * create the group before the database exists. */
  if (gantry_snapshot_get_db_cluster (snapshot) != NULL || gantry_snapshot_get_vpc (snapshot) == NULL)
    return calls;
  pair = gantry_snapshot_dup_private_pair (snapshot);
  if (pair->len != 2)
    return calls;

  name = subnet_group_name (snapshot, environment);
  parameters = g_strdup_printf ("DBSubnetGroupName=%s DBSubnetGroupDescription=\"%s\" "
                                "SubnetIds=[%s, %s]", name,
                                "Private subnets for the production database",
                                ((GantryAwsEc2Subnet *) pair->pdata[0])->subnet_id,
                                ((GantryAwsEc2Subnet *) pair->pdata[1])->subnet_id);
  g_ptr_array_add (calls, gantry_fix_call_new ("rds", "CreateDBSubnetGroup", parameters));
  return calls;
}

static void
db_subnet_group_created_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsRdsDbSubnetGroup) group = NULL;
  g_autoptr(GError) error = NULL;

  group = gantry_aws_rds_create_db_subnet_group_finish (GANTRY_AWS_RDS (object), result, &error);
  if (group == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
db_subnet_group_apply_fix (GantryCheck       *check,
                           GantrySnapshot    *snapshot,
                           GantryEnvironment *environment,
                           GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GantryAwsRds) rds = NULL;
  g_autoptr(GPtrArray) pair = NULL;
  g_autofree char *name = NULL;
  const char *ids[3] = { NULL, NULL, NULL };

  if (gantry_snapshot_get_db_cluster (snapshot) != NULL || gantry_snapshot_get_vpc (snapshot) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  pair = gantry_snapshot_dup_private_pair (snapshot);
  if (pair->len != 2)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  name = subnet_group_name (snapshot, environment);
  ids[0] = ((GantryAwsEc2Subnet *) pair->pdata[0])->subnet_id;
  ids[1] = ((GantryAwsEc2Subnet *) pair->pdata[1])->subnet_id;
  rds = gantry_aws_rds_new (gantry_snapshot_get_client (snapshot));
  gantry_aws_rds_create_db_subnet_group_async (rds, name,
                                               "Private subnets for the production database",
                                               ids, cancellable,
                                               db_subnet_group_created_cb, g_steal_pointer (&task));
}

/* --- instances -------------------------------------------------------------------- */

static GPtrArray *
cluster_instances (GantrySnapshot        *snapshot,
                   GantryAwsRdsDbCluster *cluster)
{
  GPtrArray *instances = gantry_snapshot_get_db_instances (snapshot);
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < instances->len; i++)
    {
      GantryAwsRdsDbInstance *instance = instances->pdata[i];

      if (g_strcmp0 (instance->db_cluster_identifier, cluster->identifier) == 0)
        g_ptr_array_add (result, instance);
    }
  return result;
}

static GantryCheckResult *
db_multi_az (GantryCheck       *check,
             GantrySnapshot    *snapshot,
             GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GPtrArray) pair = NULL;
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) outside = g_string_new (NULL);
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  instances = cluster_instances (snapshot, cluster);
  pair = gantry_snapshot_dup_private_pair (snapshot);
  for (guint i = 0; i < instances->len; i++)
    {
      GantryAwsRdsDbInstance *instance = instances->pdata[i];
      gboolean in_pair = pair->len < 2;

      if (instance->availability_zone == NULL)
        continue;
      g_hash_table_add (zones, instance->availability_zone);
      for (guint j = 0; j < pair->len; j++)
        in_pair |= g_strcmp0 (((GantryAwsEc2Subnet *) pair->pdata[j])->availability_zone,
                              instance->availability_zone) == 0;
      if (!in_pair)
        g_string_append_printf (outside, "%s%s (%s)", outside->len ? ", " : "",
                                instance->identifier, instance->availability_zone);
    }

  if (instances->len < 2 || g_hash_table_size (zones) < 2)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Cluster %s has %u instances in %u zones; the "
                                               "runbook asks for two instances in two zones."),
                                             cluster->identifier, instances->len,
                                             g_hash_table_size (zones));
  else if (outside->len > 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Instances outside the private pair's zones: %s."),
                                             outside->str);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Cluster %s has %u instances in %u zones."),
                                             cluster->identifier, instances->len,
                                             g_hash_table_size (zones));
  gantry_check_result_add_resource (result, cluster->identifier);
  for (guint i = 0; i < instances->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsRdsDbInstance *) instances->pdata[i])->identifier);
  return result;
}

static GantryCheckResult *
db_encrypted (GantryCheck       *check,
              GantrySnapshot    *snapshot,
              GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  if (cluster->storage_encrypted)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Cluster %s encrypts its storage."),
                                             cluster->identifier);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Cluster %s does not encrypt its storage; "
                                               "encryption can only be chosen when a cluster is "
                                               "created (restore a snapshot into an encrypted "
                                               "one)."), cluster->identifier);
  gantry_check_result_add_resource (result, cluster->identifier);
  return result;
}

static GantryCheckResult *
db_private (GantryCheck       *check,
            GantrySnapshot    *snapshot,
            GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GPtrArray) public = g_ptr_array_new ();
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  instances = cluster_instances (snapshot, cluster);
  for (guint i = 0; i < instances->len; i++)
    if (((GantryAwsRdsDbInstance *) instances->pdata[i])->publicly_accessible)
      g_ptr_array_add (public, instances->pdata[i]);

  if (public->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("No instance of cluster %s is publicly "
                                               "accessible."), cluster->identifier);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             g_dngettext (GETTEXT_PACKAGE,
                                                          "%u instance of cluster %s is publicly "
                                                          "accessible.",
                                                          "%u instances of cluster %s are "
                                                          "publicly accessible.", public->len),
                                             public->len, cluster->identifier);
  for (guint i = 0; i < public->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsRdsDbInstance *) public->pdata[i])->identifier);
  if (public->len == 0)
    gantry_check_result_add_resource (result, cluster->identifier);
  return result;
}

static GantryCheckResult *
db_backup_retention (GantryCheck       *check,
                     GantrySnapshot    *snapshot,
                     GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  result = gantry_check_result_new_printf (cluster->backup_retention_period >=
                                           MIN_BACKUP_RETENTION_DAYS
                                           ? GANTRY_CHECK_STATUS_PASS : GANTRY_CHECK_STATUS_FAIL,
                                           _("Cluster %s keeps automated backups for %d days "
                                             "(at least %d wanted)."),
                                           cluster->identifier, cluster->backup_retention_period,
                                           MIN_BACKUP_RETENTION_DAYS);
  gantry_check_result_add_resource (result, cluster->identifier);
  return result;
}

/* "arn:aws:backup:us-west-2:123456789012:backup-vault:name" → "us-west-2" */
static char *
arn_region (const char *arn)
{
  g_auto(GStrv) parts = g_strsplit (arn, ":", 6);

  return g_strv_length (parts) >= 4 ? g_strdup (parts[3]) : NULL;
}

static gboolean
selection_covers (char                 **resources,
                  GantryAwsRdsDbCluster *cluster)
{
  for (guint i = 0; resources[i] != NULL; i++)
    if (g_strcmp0 (resources[i], "*") == 0 || g_strcmp0 (resources[i], cluster->arn) == 0 ||
        (cluster->arn != NULL && g_str_has_suffix (resources[i], "*") &&
         strncmp (resources[i], cluster->arn, strlen (resources[i]) - 1) == 0))
      return TRUE;
  return FALSE;
}

static GantryCheckResult *
db_backup_copy_region (GantryCheck       *check,
                       GantrySnapshot    *snapshot,
                       GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  const char *region = gantry_environment_get_backup_region (environment);
  GPtrArray *plans = gantry_snapshot_get_backup_plans (snapshot);
  GantrySnapshotBackupPlan *unknown = NULL;
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  for (guint i = 0; i < plans->len; i++)
    {
      GantrySnapshotBackupPlan *plan = plans->pdata[i];
      gboolean copies = FALSE;

      for (guint j = 0; plan->copy_destination_vault_arns[j] != NULL; j++)
        {
          g_autofree char *to = arn_region (plan->copy_destination_vault_arns[j]);

          copies |= g_strcmp0 (to, region) == 0;
        }
      if (!copies)
        continue;
      if (plan->selection_resources == NULL)
        {
          unknown = plan;
          continue;
        }
      if (selection_covers (plan->selection_resources, cluster))
        {
          result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                                   _("Backup plan %s copies cluster %s to a "
                                                     "vault in %s."), plan->name,
                                                   cluster->identifier, region);
          gantry_check_result_add_resource (result, plan->id);
          gantry_check_result_add_resource (result, cluster->identifier);
          return result;
        }
    }

  if (unknown != NULL)
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_WARN,
                                               _("Backup plan %s copies to %s, but its resource "
                                                 "selections could not be read, so whether it "
                                                 "covers cluster %s is unknown."),
                                               unknown->name, region, cluster->identifier);
      gantry_check_result_add_resource (result, unknown->id);
    }
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("No AWS Backup plan copies cluster %s to %s."),
                                             cluster->identifier, region);
  gantry_check_result_add_resource (result, cluster->identifier);
  return result;
}

/* --- db.tls -------------------------------------------------------------------- */

static GantryCheckResult *
db_tls (GantryCheck       *check,
        GantrySnapshot    *snapshot,
        GantryEnvironment *environment)
{
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  GPtrArray *parameters = gantry_snapshot_get_db_parameters (snapshot);
  const char *name;
  const char * const *good;
  static const char * const docdb_good[] = { "enabled", NULL };
  static const char * const postgres_good[] = { "1", NULL };
  static const char * const mysql_good[] = { "ON", "1", NULL };
  const char *value = NULL;
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_cluster ();

  if (g_strcmp0 (cluster->engine, "docdb") == 0)
    name = "tls", good = docdb_good;
  else if (cluster->engine != NULL && strstr (cluster->engine, "postgres") != NULL)
    name = "rds.force_ssl", good = postgres_good;
  else if (cluster->engine != NULL && (strstr (cluster->engine, "mysql") != NULL ||
                                       strstr (cluster->engine, "mariadb") != NULL))
    name = "require_secure_transport", good = mysql_good;
  else
    return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                           _("Gantry does not know how engine %s enforces TLS."),
                                           cluster->engine);

  for (guint i = 0; i < parameters->len; i++)
    {
      GantryAwsRdsParameter *parameter = parameters->pdata[i];

      if (g_strcmp0 (parameter->name, name) == 0)
        value = parameter->value;
    }

  if (value != NULL && g_strv_contains (good, value))
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Parameter group %s sets %s=%s."),
                                             cluster->parameter_group, name, value);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Parameter group %s sets %s=%s; set it to %s so "
                                               "clients must use TLS."),
                                             cluster->parameter_group, name,
                                             value != NULL ? value : _("(unset)"), good[0]);
  gantry_check_result_add_resource (result, cluster->parameter_group);
  return result;
}

const GantryCheckInfo _gantry_checks_database[] = {
  {
    "db.subnet-group", "database", N_("The DB subnet group holds the private pair"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Always create a subnet group first: without it the database cannot use the VPC and "
       "its two private subnets."),
    NEEDS_PAIR, db_subnet_group, db_subnet_group_describe_fix, db_subnet_group_apply_fix,
  },
  {
    "db.multi-az", "database", N_("Two database instances in two zones"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Production runs two database instances in two different Availability Zones, the same "
       "as ECS, to fail over when a zone fails."),
    NEEDS_PAIR | GANTRY_SNAPSHOT_NEEDS (DB_INSTANCES), db_multi_az, NULL, NULL,
  },
  {
    "db.encrypted", "database", N_("Database storage is encrypted"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("The database is created with encryption at rest; it cannot be turned on later."),
    NEEDS_DB, db_encrypted, NULL, NULL,
  },
  {
    "db.private", "database", N_("No database instance is public"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("The database lives in the private subnets and is reachable only from ECS."),
    NEEDS_DB | GANTRY_SNAPSHOT_NEEDS (DB_INSTANCES), db_private, NULL, NULL,
  },
  {
    "db.backup-retention", "database", N_("Automated backups are kept a week"),
    GANTRY_CHECK_SEVERITY_MEDIUM,
    N_("Automatic backups keep data loss small after an accidental deletion or corruption."),
    NEEDS_DB, db_backup_retention, NULL, NULL,
  },
  {
    "db.backup-copy-region", "database", N_("A backup copy reaches the backup region"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Backups are copied to Oregon (the backup region) for redundancy and compliance."),
    NEEDS_DB | GANTRY_SNAPSHOT_NEEDS (BACKUP_PLANS), db_backup_copy_region, NULL, NULL,
  },
  {
    "db.tls", "database", N_("The database requires TLS"), GANTRY_CHECK_SEVERITY_HIGH,
    N_("Data is encrypted in transit: the cluster's parameter group makes TLS mandatory."),
    NEEDS_DB | GANTRY_SNAPSHOT_NEEDS (DB_PARAMETERS), db_tls, NULL, NULL,
  },
  { NULL }
};
