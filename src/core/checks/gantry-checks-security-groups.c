/* gantry-checks-security-groups.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runbook 000 "Security Groups" and 001: a closed default group, and three
 * groups chained LB → ECS → DB, each with the default outbound rule.
 * Roles are found from what the groups are attached to: the load
 * balancer's groups, the DB cluster's groups, and the ECS services' groups
 * (for a cluster without services, the groups that admit the load
 * balancer's group).
 */

#define G_LOG_DOMAIN "gantry-checks"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/gantry-check-private.h"

/* sg.lb-ingress reads only the load balancer's role. */
#define NEEDS_LB_ROLE (GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (SECURITY_GROUPS) | \
                       GANTRY_SNAPSHOT_NEEDS (LOAD_BALANCERS) | \
                       GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | \
                       GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS))
#define NEEDS_ROLES (NEEDS_LB_ROLE | GANTRY_SNAPSHOT_NEEDS (ECS_CLUSTERS) | \
                     GANTRY_SNAPSHOT_NEEDS (ECS_SERVICES))

typedef struct
{
  GPtrArray *lb;   /* (element-type GantryAwsEc2SecurityGroup) */
  GPtrArray *ecs;
  GPtrArray *db;
} Roles;

static void
roles_clear (Roles *roles)
{
  g_clear_pointer (&roles->lb, g_ptr_array_unref);
  g_clear_pointer (&roles->ecs, g_ptr_array_unref);
  g_clear_pointer (&roles->db, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Roles, roles_clear)

static void
add_groups (GantrySnapshot     *snapshot,
            GPtrArray          *out,
            const char * const *ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      GantryAwsEc2SecurityGroup *group = gantry_snapshot_find_security_group (snapshot, ids[i]);

      if (group != NULL && !g_ptr_array_find (out, group, NULL))
        g_ptr_array_add (out, group);
    }
}

static gboolean
permission_references (GantryAwsEc2IpPermission *permission,
                       GPtrArray                *groups)
{
  for (guint i = 0; permission->group_ids != NULL && permission->group_ids[i] != NULL; i++)
    for (guint j = 0; j < groups->len; j++)
      if (g_strcmp0 (((GantryAwsEc2SecurityGroup *) groups->pdata[j])->group_id,
                     permission->group_ids[i]) == 0)
        return TRUE;
  return FALSE;
}

static void
find_roles (GantrySnapshot *snapshot,
            Roles          *roles)
{
  GantryAwsElbv2LoadBalancer *balancer = gantry_snapshot_get_load_balancer (snapshot);
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  GPtrArray *groups = gantry_snapshot_get_security_groups (snapshot);

  roles->lb = g_ptr_array_new ();
  roles->ecs = g_ptr_array_new ();
  roles->db = g_ptr_array_new ();

  if (balancer != NULL)
    add_groups (snapshot, roles->lb, (const char * const *) balancer->security_groups);
  if (cluster != NULL)
    add_groups (snapshot, roles->db, (const char * const *) cluster->vpc_security_group_ids);

  /* The groups the services run in, as ECS reports them. */
  g_ptr_array_unref (roles->ecs);
  roles->ecs = gantry_snapshot_dup_ecs_security_groups (snapshot);
  if (roles->ecs->len > 0)
    return;

  /* No services to ask: ECS tasks sit behind the load balancer, so their
   * group admits its group. */
  for (guint i = 0; vpc != NULL && roles->lb->len > 0 && i < groups->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->vpc_id, vpc->vpc_id) != 0 || g_ptr_array_find (roles->db, group, NULL))
        continue;
      for (guint j = 0; j < group->ingress->len; j++)
        if (permission_references (group->ingress->pdata[j], roles->lb))
          {
            g_ptr_array_add (roles->ecs, group);
            break;
          }
    }
}

static void
add_group_resources (GantryCheckResult *result,
                     GPtrArray         *groups)
{
  for (guint i = 0; i < groups->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEc2SecurityGroup *) groups->pdata[i])->group_id);
}

static char *
describe_permission (GantryAwsEc2IpPermission *permission,
                     gboolean                  egress)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) sources = g_string_new (NULL);

  if (g_strcmp0 (permission->ip_protocol, "-1") == 0)
    g_string_append (text, "all traffic");
  else if (permission->from_port == permission->to_port)
    g_string_append_printf (text, "%s %d", permission->ip_protocol, permission->from_port);
  else
    g_string_append_printf (text, "%s %d-%d", permission->ip_protocol, permission->from_port,
                            permission->to_port);

  for (char **v = permission->ipv4_ranges; v != NULL && *v != NULL; v++)
    g_string_append_printf (sources, "%s%s", sources->len ? ", " : "", *v);
  for (char **v = permission->ipv6_ranges; v != NULL && *v != NULL; v++)
    g_string_append_printf (sources, "%s%s", sources->len ? ", " : "", *v);
  for (char **v = permission->group_ids; v != NULL && *v != NULL; v++)
    g_string_append_printf (sources, "%s%s", sources->len ? ", " : "", *v);
  for (char **v = permission->prefix_list_ids; v != NULL && *v != NULL; v++)
    g_string_append_printf (sources, "%s%s", sources->len ? ", " : "", *v);
  g_string_append_printf (text, egress ? " to %s" : " from %s",
                          sources->len ? sources->str : "nowhere");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
strv_empty (char **v)
{
  return v == NULL || v[0] == NULL;
}

/* --- sg.default-closed ------------------------------------------------------ */

static GantryAwsEc2SecurityGroup *
find_default_group (GantrySnapshot *snapshot)
{
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  GPtrArray *groups = gantry_snapshot_get_security_groups (snapshot);

  for (guint i = 0; vpc != NULL && i < groups->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->group_name, "default") == 0 &&
          g_strcmp0 (group->vpc_id, vpc->vpc_id) == 0)
        return group;
    }
  return NULL;
}

static GantryCheckResult *
sg_default_closed (GantryCheck       *check,
                   GantrySnapshot    *snapshot,
                   GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  GantryAwsEc2SecurityGroup *group;

  if (result != NULL)
    return result;

  group = find_default_group (snapshot);
  if (group == NULL)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_ERROR,
                                    _("Could not evaluate: the VPC's default security group "
                                      "was not in the DescribeSecurityGroups reply."));

  if (group->ingress->len == 0 && group->egress->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("The default security group %s has no rules."),
                                             group->group_id);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("The default security group %s has %u inbound "
                                               "and %u outbound rules."),
                                             group->group_id, group->ingress->len,
                                             group->egress->len);
  gantry_check_result_add_resource (result, group->group_id);
  return result;
}

static GPtrArray *
sg_default_describe_fix (GantryCheck       *check,
                         GantrySnapshot    *snapshot,
                         GantryEnvironment *environment)
{
  GantryAwsEc2SecurityGroup *group = find_default_group (snapshot);
  GPtrArray *calls = _gantry_fix_calls_new ();

  for (guint d = 0; group != NULL && d < 2; d++)
    {
      GPtrArray *permissions = d == 0 ? group->ingress : group->egress;
      g_autoptr(GString) parameters = NULL;

      if (permissions->len == 0)
        continue;
      parameters = g_string_new (NULL);
      g_string_append_printf (parameters, "GroupId=%s SecurityGroupRuleIds=[every %s rule:",
                              group->group_id, d == 0 ? "inbound" : "outbound");
      for (guint i = 0; i < permissions->len; i++)
        {
          g_autofree char *text = describe_permission (permissions->pdata[i], d == 1);

          g_string_append_printf (parameters, "%s %s", i > 0 ? ";" : "", text);
        }
      g_string_append_c (parameters, ']');
      g_ptr_array_add (calls, gantry_fix_call_new ("ec2", d == 0 ? "RevokeSecurityGroupIngress"
                                                                 : "RevokeSecurityGroupEgress",
                                                   parameters->str));
    }
  return calls;
}

typedef struct
{
  GantryAwsEc2 *ec2;
  char         *group_id;
  GStrv         egress_rule_ids;
} SgFix;

static void
sg_fix_free (SgFix *fix)
{
  g_clear_object (&fix->ec2);
  g_free (fix->group_id);
  g_strfreev (fix->egress_rule_ids);
  g_free (fix);
}

static void
sg_fix_egress_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ec2_revoke_security_group_egress_finish (GANTRY_AWS_EC2 (object), result,
                                                           &error))
    {
      g_prefix_error (&error, _("The inbound rules were revoked, the outbound ones were not: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sg_fix_revoke_egress (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SgFix *fix = g_task_get_task_data (task);

  if (strv_empty (fix->egress_rule_ids))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  gantry_aws_ec2_revoke_security_group_egress_async (fix->ec2, fix->group_id,
                                                     (const char * const *) fix->egress_rule_ids,
                                                     cancellable,
                                                     sg_fix_egress_cb, g_steal_pointer (&task));
}

static void
sg_fix_ingress_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ec2_revoke_security_group_ingress_finish (GANTRY_AWS_EC2 (object), result,
                                                            &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sg_fix_revoke_egress (g_steal_pointer (&task));
}

static void
sg_fix_rules_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SgFix *fix = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GStrvBuilder) ingress = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) egress = g_strv_builder_new ();
  g_auto(GStrv) ingress_ids = NULL;

  rules = gantry_aws_ec2_describe_security_group_rules_finish (GANTRY_AWS_EC2 (object), result,
                                                               &error);
  if (rules == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The rules as they are now, not as the snapshot saw them: revoking
   * what is already gone would fail, and this keeps the fix idempotent. */
  for (guint i = 0; i < rules->len; i++)
    {
      GantryAwsEc2SecurityGroupRule *rule = g_ptr_array_index (rules, i);

      if (g_strcmp0 (rule->group_id, fix->group_id) == 0)
        g_strv_builder_add (rule->is_egress ? egress : ingress, rule->rule_id);
    }
  ingress_ids = g_strv_builder_end (ingress);
  fix->egress_rule_ids = g_strv_builder_end (egress);

  if (strv_empty (ingress_ids))
    {
      sg_fix_revoke_egress (g_steal_pointer (&task));
      return;
    }
  gantry_aws_ec2_revoke_security_group_ingress_async (fix->ec2, fix->group_id,
                                                      (const char * const *) ingress_ids,
                                                      cancellable,
                                                      sg_fix_ingress_cb, g_steal_pointer (&task));
}

static void
sg_default_apply_fix (GantryCheck       *check,
                      GantrySnapshot    *snapshot,
                      GantryEnvironment *environment,
                      GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GantryAwsEc2SecurityGroup *group = find_default_group (snapshot);
  const char *ids[2] = { NULL, NULL };
  SgFix *fix;

  if (group == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  fix = g_new0 (SgFix, 1);
  fix->ec2 = gantry_aws_ec2_new (gantry_snapshot_get_client (snapshot));
  fix->group_id = g_strdup (group->group_id);
  g_task_set_task_data (task, fix, (GDestroyNotify) sg_fix_free);
  ids[0] = fix->group_id;
  gantry_aws_ec2_describe_security_group_rules_async (fix->ec2, ids,
                                                      cancellable,
                                                      sg_fix_rules_cb, g_steal_pointer (&task));
}

/* --- sg.roles ---------------------------------------------------------------- */

static GantryCheckResult *
sg_roles (GantryCheck       *check,
          GantrySnapshot    *snapshot,
          GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_auto(Roles) roles = { NULL, NULL, NULL };
  g_autoptr(GString) problems = g_string_new (NULL);

  if (result != NULL)
    return result;

  find_roles (snapshot, &roles);

  if (roles.lb->len == 0)
    g_string_append (problems, _("no load balancer group was found"));
  if (roles.ecs->len == 0)
    g_string_append_printf (problems, "%s%s", problems->len ? "; " : "",
                            _("no ECS group (the services' group, or one admitting the load "
                              "balancer's group) was found"));
  if (roles.db->len == 0)
    g_string_append_printf (problems, "%s%s", problems->len ? "; " : "",
                            _("no database group was found"));
  for (guint i = 0; i < roles.lb->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = roles.lb->pdata[i];

      if (g_ptr_array_find (roles.ecs, group, NULL))
        g_string_append_printf (problems, "%s%s is shared by the load balancer and ECS",
                                problems->len ? "; " : "", group->group_id);
      if (g_ptr_array_find (roles.db, group, NULL))
        g_string_append_printf (problems, "%s%s serves both the load balancer and the database",
                                problems->len ? "; " : "", group->group_id);
    }

  if (problems->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Load balancer %s, ECS %s, database %s."),
                                             ((GantryAwsEc2SecurityGroup *) roles.lb->pdata[0])->group_id,
                                             ((GantryAwsEc2SecurityGroup *) roles.ecs->pdata[0])->group_id,
                                             ((GantryAwsEc2SecurityGroup *) roles.db->pdata[0])->group_id);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
  add_group_resources (result, roles.lb);
  add_group_resources (result, roles.ecs);
  add_group_resources (result, roles.db);
  return result;
}

/* --- ingress and egress ----------------------------------------------------- */

typedef gboolean (*PermissionOk) (GantryAwsEc2IpPermission *permission,
                                  Roles                    *roles,
                                  gpointer                  data);

static GantryCheckResult *
check_ingress (GantrySnapshot *snapshot,
               GPtrArray      *groups,
               Roles          *roles,
               const char     *role_name,
               const char     *rule,
               PermissionOk    ok,
               gpointer        data)
{
  g_autoptr(GString) offending = g_string_new (NULL);
  GantryCheckResult *result;

  if (groups->len == 0)
    return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                           _("No %s security group was found (see sg.roles)."),
                                           role_name);

  for (guint i = 0; i < groups->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = groups->pdata[i];

      for (guint j = 0; j < group->ingress->len; j++)
        if (!ok (group->ingress->pdata[j], roles, data))
          {
            g_autofree char *text = describe_permission (group->ingress->pdata[j], FALSE);

            g_string_append_printf (offending, "%s%s allows %s", offending->len ? "; " : "",
                                    group->group_id, text);
          }
    }

  if (offending->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("The %s group admits only %s."), role_name, rule);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("The %s group should admit only %s, but %s."),
                                             role_name, rule, offending->str);
  add_group_resources (result, groups);
  return result;
}

static gboolean
lb_permission_ok (GantryAwsEc2IpPermission *permission,
                  Roles                    *roles,
                  gpointer                  data)
{
  return g_strcmp0 (permission->ip_protocol, "tcp") == 0 &&
         permission->from_port == permission->to_port &&
         (permission->from_port == 443 || permission->from_port == 80);
}

static GantryCheckResult *
sg_lb_ingress (GantryCheck       *check,
               GantrySnapshot    *snapshot,
               GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_auto(Roles) roles = { NULL, NULL, NULL };

  if (result != NULL)
    return result;
  find_roles (snapshot, &roles);
  return check_ingress (snapshot, roles.lb, &roles, _("load balancer"),
                        _("TCP 443 and 80"), lb_permission_ok, NULL);
}

static gboolean
ecs_permission_ok (GantryAwsEc2IpPermission *permission,
                   Roles                    *roles,
                   gpointer                  data)
{
  if (!strv_empty (permission->ipv4_ranges) || !strv_empty (permission->ipv6_ranges) ||
      !strv_empty (permission->prefix_list_ids) || strv_empty (permission->group_ids))
    return FALSE;
  for (guint i = 0; permission->group_ids[i] != NULL; i++)
    {
      gboolean from_lb = FALSE;

      for (guint j = 0; j < roles->lb->len; j++)
        from_lb |= g_strcmp0 (((GantryAwsEc2SecurityGroup *) roles->lb->pdata[j])->group_id,
                              permission->group_ids[i]) == 0;
      if (!from_lb)
        return FALSE;
    }
  return TRUE;
}

static GantryCheckResult *
sg_ecs_ingress (GantryCheck       *check,
                GantrySnapshot    *snapshot,
                GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_auto(Roles) roles = { NULL, NULL, NULL };

  if (result != NULL)
    return result;
  find_roles (snapshot, &roles);
  return check_ingress (snapshot, roles.ecs, &roles, _("ECS"),
                        _("traffic from the load balancer's group"), ecs_permission_ok, NULL);
}

/**
 * _gantry_check_db_port:
 *
 * Returns: the port the runbook expects for @cluster's engine
 */
int
_gantry_check_db_port (GantryAwsRdsDbCluster *cluster)
{
  if (g_strcmp0 (cluster->engine, "docdb") == 0)
    return 27017;
  if (cluster->engine != NULL && strstr (cluster->engine, "postgres") != NULL)
    return 5432;
  if (cluster->engine != NULL &&
      (strstr (cluster->engine, "mysql") != NULL || strstr (cluster->engine, "mariadb") != NULL))
    return 3306;
  return cluster->port;
}

static gboolean
db_permission_ok (GantryAwsEc2IpPermission *permission,
                  Roles                    *roles,
                  gpointer                  data)
{
  int port = GPOINTER_TO_INT (data);

  if (g_strcmp0 (permission->ip_protocol, "tcp") != 0 || permission->from_port != port ||
      permission->to_port != port)
    return FALSE;
  if (!strv_empty (permission->ipv4_ranges) || !strv_empty (permission->ipv6_ranges) ||
      !strv_empty (permission->prefix_list_ids) || strv_empty (permission->group_ids))
    return FALSE;
  for (guint i = 0; permission->group_ids[i] != NULL; i++)
    {
      gboolean from_ecs = FALSE;

      for (guint j = 0; j < roles->ecs->len; j++)
        from_ecs |= g_strcmp0 (((GantryAwsEc2SecurityGroup *) roles->ecs->pdata[j])->group_id,
                               permission->group_ids[i]) == 0;
      if (!from_ecs)
        return FALSE;
    }
  return TRUE;
}

static GantryCheckResult *
sg_db_ingress (GantryCheck       *check,
               GantrySnapshot    *snapshot,
               GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  GantryAwsRdsDbCluster *cluster = gantry_snapshot_get_db_cluster (snapshot);
  g_auto(Roles) roles = { NULL, NULL, NULL };
  g_autofree char *rule = NULL;
  int port;

  if (result != NULL)
    return result;
  if (cluster == NULL)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                    _("No DB cluster is selected or discovered."));

  find_roles (snapshot, &roles);
  port = _gantry_check_db_port (cluster);
  rule = g_strdup_printf (_("TCP %d from the ECS group"), port);
  return check_ingress (snapshot, roles.db, &roles, _("database"), rule, db_permission_ok,
                        GINT_TO_POINTER (port));
}

static GantryCheckResult *
sg_egress_all (GantryCheck       *check,
               GantrySnapshot    *snapshot,
               GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_auto(Roles) roles = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GString) missing = g_string_new (NULL);

  if (result != NULL)
    return result;

  find_roles (snapshot, &roles);
  g_ptr_array_extend (all, roles.lb, NULL, NULL);
  g_ptr_array_extend (all, roles.ecs, NULL, NULL);
  g_ptr_array_extend (all, roles.db, NULL, NULL);
  if (all->len == 0)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                    _("No load balancer, ECS or database group was found "
                                      "(see sg.roles)."));

  for (guint i = 0; i < all->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = all->pdata[i];
      gboolean found = FALSE;

      for (guint j = 0; j < group->egress->len && !found; j++)
        {
          GantryAwsEc2IpPermission *permission = group->egress->pdata[j];

          found = g_strcmp0 (permission->ip_protocol, "-1") == 0 &&
                  permission->ipv4_ranges != NULL &&
                  g_strv_contains ((const char * const *) permission->ipv4_ranges, "0.0.0.0/0");
        }
      if (!found && strstr (missing->str, group->group_id) == NULL)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", group->group_id);
    }

  if (missing->len == 0)
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_PASS,
                                      _("Every role's group keeps the default outbound rule "
                                        "(all traffic to 0.0.0.0/0)."));
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("No outbound “all traffic to 0.0.0.0/0” rule in "
                                               "%s."), missing->str);
  add_group_resources (result, all);
  return result;
}

const GantryCheckInfo _gantry_checks_security_groups[] = {
  {
    "sg.default-closed", "security-groups", N_("The default security group is closed"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The default security group should allow no inbound and no outbound traffic, so "
       "nothing that lands in it by accident is reachable."),
    GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (SECURITY_GROUPS),
    sg_default_closed, sg_default_describe_fix, sg_default_apply_fix,
  },
  {
    "sg.roles", "security-groups", N_("One security group each for LB, ECS and DB"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("One group for the load balancer, one for the ECS tasks and one for the database; the "
       "load balancer and ECS must not share a group."),
    NEEDS_ROLES, sg_roles, NULL, NULL,
  },
  {
    "sg.lb-ingress", "security-groups", N_("The load balancer admits only HTTPS and HTTP"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The load balancer's group opens port 443 (and 80 for the redirect) to the internet and "
       "nothing else."),
    NEEDS_LB_ROLE, sg_lb_ingress, NULL, NULL,
  },
  {
    "sg.ecs-ingress", "security-groups", N_("ECS admits only the load balancer"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("The ECS tasks' ports are reachable only from the load balancer's group, never from an "
       "address range."),
    NEEDS_ROLES, sg_ecs_ingress, NULL, NULL,
  },
  {
    "sg.db-ingress", "security-groups", N_("The database admits only ECS on its port"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("The database group opens only the database port, and only to the ECS tasks' group."),
    NEEDS_ROLES, sg_db_ingress, NULL, NULL,
  },
  {
    "sg.egress-all", "security-groups", N_("Groups keep the default outbound rule"),
    GANTRY_CHECK_SEVERITY_LOW,
    N_("Outbound rules stay at “All traffic”, the default, for the load balancer, ECS and "
       "database groups."),
    NEEDS_ROLES, sg_egress_all, NULL, NULL,
  },
  { NULL }
};
