/* gantry-checks-network.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runbook 000, "Subnet Planning" and "Security Groups": a non-default VPC,
 * two private and two public subnets in the same two zones, private egress
 * through NAT, and NACLs that block SSH and RDP from the internet.
 */

#define G_LOG_DOMAIN "gantry-checks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/gantry-check-private.h"

#define NEEDS_NETWORK (GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (SUBNETS) | \
                       GANTRY_SNAPSHOT_NEEDS (ROUTE_TABLES))

GantryCheckResult *
_gantry_check_fail_if_no_vpc (GantrySnapshot *snapshot)
{
  if (gantry_snapshot_get_vpc (snapshot) != NULL)
    return NULL;
  return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                  _("No VPC is selected (see vpc.selected)."));
}

static char *
join_zones (GPtrArray *subnets)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < subnets->len; i++)
    {
      GantryAwsEc2Subnet *subnet = g_ptr_array_index (subnets, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", subnet->availability_zone);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- vpc.selected --------------------------------------------------------- */

static GantryCheckResult *
vpc_selected (GantryCheck       *check,
              GantrySnapshot    *snapshot,
              GantryEnvironment *environment)
{
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  const char *wanted = gantry_environment_get_vpc_id (environment);
  GPtrArray *vpcs = gantry_snapshot_get_vpcs (snapshot);
  g_autoptr(GantryCheckResult) result = NULL;
  guint n_custom = 0;

  if (vpc != NULL && !vpc->is_default)
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               wanted != NULL
                                               ? _("VPC %s (%s) is selected.")
                                               : _("VPC %s (%s) is the only non-default VPC."),
                                               vpc->vpc_id, vpc->cidr_block);
      gantry_check_result_add_resource (result, vpc->vpc_id);
      return g_steal_pointer (&result);
    }
  if (vpc != NULL)
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                               _("VPC %s is the account's default VPC; "
                                                 "production belongs in its own VPC."),
                                               vpc->vpc_id);
      gantry_check_result_add_resource (result, vpc->vpc_id);
      return g_steal_pointer (&result);
    }
  if (wanted != NULL)
    return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                           _("VPC %s named by the environment does not exist "
                                             "in %s."), wanted,
                                           gantry_snapshot_get_region (snapshot));

  for (guint i = 0; i < vpcs->len; i++)
    if (!((GantryAwsEc2Vpc *) g_ptr_array_index (vpcs, i))->is_default)
      n_custom++;
  if (n_custom == 0)
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                      _("Only the default VPC exists; create a VPC for "
                                        "production."));
  else
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                               _("%u non-default VPCs exist; choose one with "
                                                 "--vpc-id or in the environment."), n_custom);
      for (guint i = 0; i < vpcs->len; i++)
        if (!((GantryAwsEc2Vpc *) g_ptr_array_index (vpcs, i))->is_default)
          gantry_check_result_add_resource (result,
                                            ((GantryAwsEc2Vpc *) g_ptr_array_index (vpcs, i))->vpc_id);
    }
  return g_steal_pointer (&result);
}

/* --- subnets ------------------------------------------------------------------ */

static GantryCheckResult *
subnets_private_pair (GantryCheck       *check,
                      GantrySnapshot    *snapshot,
                      GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_autoptr(GPtrArray) pair = NULL;
  g_autofree char *zones = NULL;

  if (result != NULL)
    return result;

  pair = gantry_snapshot_dup_private_pair (snapshot);
  zones = join_zones (pair);
  if (pair->len == 2)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Private subnets in %s."), zones);
  else if (pair->len == 1)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Private subnets exist only in %s; the runbook "
                                               "needs two zones."), zones);
  else
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                      _("The VPC has no private subnet (every subnet routes to "
                                        "an internet gateway, or there are none)."));
  for (guint i = 0; i < pair->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEc2Subnet *) g_ptr_array_index (pair, i))->subnet_id);
  return result;
}

static GantryCheckResult *
subnets_public_pair (GantryCheck       *check,
                     GantrySnapshot    *snapshot,
                     GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_autoptr(GPtrArray) pair = NULL;
  g_autoptr(GPtrArray) public = NULL;
  g_autoptr(GPtrArray) matched = g_ptr_array_new ();
  g_autoptr(GString) missing = g_string_new (NULL);

  if (result != NULL)
    return result;

  pair = gantry_snapshot_dup_private_pair (snapshot);
  public = gantry_snapshot_dup_vpc_subnets (snapshot, TRUE);
  if (pair->len < 2)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                    _("There is no private pair whose zones the public subnets "
                                      "could match (see subnets.private-pair)."));

  for (guint i = 0; i < pair->len; i++)
    {
      GantryAwsEc2Subnet *private = g_ptr_array_index (pair, i);
      GantryAwsEc2Subnet *found = NULL;

      for (guint j = 0; j < public->len && found == NULL; j++)
        if (g_strcmp0 (((GantryAwsEc2Subnet *) public->pdata[j])->availability_zone,
                       private->availability_zone) == 0)
          found = public->pdata[j];
      if (found != NULL)
        g_ptr_array_add (matched, found);
      else
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "",
                                private->availability_zone);
    }

  if (missing->len == 0)
    {
      g_autofree char *zones = join_zones (matched);

      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               _("Public subnets routed to an internet gateway "
                                                 "in %s."), zones);
    }
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("No public subnet (0.0.0.0/0 → internet gateway) "
                                               "in %s, where the private subnets are."),
                                             missing->str);
  for (guint i = 0; i < matched->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEc2Subnet *) matched->pdata[i])->subnet_id);
  return result;
}

static GantryCheckResult *
routes_private_egress (GantryCheck       *check,
                       GantrySnapshot    *snapshot,
                       GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_autoptr(GPtrArray) pair = NULL;
  g_autoptr(GPtrArray) without = g_ptr_array_new ();
  g_autoptr(GString) names = g_string_new (NULL);

  if (result != NULL)
    return result;

  pair = gantry_snapshot_dup_private_pair (snapshot);
  if (pair->len == 0)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                    _("The VPC has no private subnet."));

  for (guint i = 0; i < pair->len; i++)
    {
      GantryAwsEc2Subnet *subnet = g_ptr_array_index (pair, i);
      GantryAwsEc2RouteTable *table = gantry_snapshot_route_table_for_subnet (snapshot, subnet);
      gboolean nat = FALSE;

      for (guint j = 0; table != NULL && j < table->routes->len; j++)
        {
          GantryAwsEc2Route *route = g_ptr_array_index (table->routes, j);

          if (g_strcmp0 (route->destination_cidr_block, "0.0.0.0/0") == 0 &&
              route->nat_gateway_id != NULL && g_strcmp0 (route->state, "blackhole") != 0)
            nat = TRUE;
        }
      if (!nat)
        {
          g_ptr_array_add (without, subnet);
          g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", subnet->subnet_id);
        }
    }

  if (without->len == 0)
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_PASS,
                                      _("Each private subnet sends 0.0.0.0/0 to a NAT gateway."));
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_WARN,
                                             _("No 0.0.0.0/0 route to a NAT gateway from %s: "
                                               "tasks there cannot pull images or reach AWS "
                                               "APIs without VPC endpoints."), names->str);
  for (guint i = 0; i < without->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEc2Subnet *) without->pdata[i])->subnet_id);
  return result;
}

/* --- nacl.block-admin-ports --------------------------------------------------- */

static const int admin_ports[] = { 22, 3389 };
static const char * const anywhere[] = { "0.0.0.0/0", "::/0" };

static gboolean
entry_covers_port (GantryAwsEc2NetworkAclEntry *entry,
                   int                          port)
{
  if (g_strcmp0 (entry->protocol, "-1") == 0)
    return TRUE;
  if (g_strcmp0 (entry->protocol, "6") != 0 && g_strcmp0 (entry->protocol, "tcp") != 0)
    return FALSE;
  return entry->port_from == -1 || (entry->port_from <= port && port <= entry->port_to);
}

/* A finding: @port from @family's "anywhere" is not denied before an allow. */
typedef struct
{
  GantryAwsEc2NetworkAcl *acl;
  int                     port;
  guint                   family;  /* index into anywhere[] */
  int                     first_allow;
} NaclGap;

static GArray *
find_nacl_gaps (GantrySnapshot *snapshot,
                GPtrArray      *acls_out)
{
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  GPtrArray *acls = gantry_snapshot_get_network_acls (snapshot);
  GArray *gaps = g_array_new (FALSE, TRUE, sizeof (NaclGap));

  for (guint a = 0; a < acls->len; a++)
    {
      GantryAwsEc2NetworkAcl *acl = g_ptr_array_index (acls, a);

      if (g_strcmp0 (acl->vpc_id, vpc->vpc_id) != 0 || acl->associations->len == 0)
        continue;
      if (acls_out != NULL)
        g_ptr_array_add (acls_out, acl);

      for (guint p = 0; p < G_N_ELEMENTS (admin_ports); p++)
        for (guint f = 0; f < G_N_ELEMENTS (anywhere); f++)
          {
            int first_allow = G_MAXINT;
            int first_deny = G_MAXINT;

            for (guint e = 0; e < acl->entries->len; e++)
              {
                GantryAwsEc2NetworkAclEntry *entry = g_ptr_array_index (acl->entries, e);
                const char *cidr = f == 0 ? entry->cidr_block : entry->ipv6_cidr_block;

                if (entry->egress || cidr == NULL || !entry_covers_port (entry, admin_ports[p]))
                  continue;
                if (g_strcmp0 (entry->rule_action, "allow") == 0)
                  first_allow = MIN (first_allow, entry->rule_number);
                else if (g_str_equal (cidr, anywhere[f]))
                  first_deny = MIN (first_deny, entry->rule_number);
              }

            /* No allow at all: the implicit "*" rule already denies it. */
            if (first_allow != G_MAXINT && first_deny > first_allow)
              {
                NaclGap gap = { acl, admin_ports[p], f, first_allow };

                g_array_append_val (gaps, gap);
              }
          }
    }
  return gaps;
}

static GantryCheckResult *
nacl_block_admin_ports (GantryCheck       *check,
                        GantrySnapshot    *snapshot,
                        GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  g_autoptr(GPtrArray) acls = g_ptr_array_new ();
  g_autoptr(GArray) gaps = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (result != NULL)
    return result;

  gaps = find_nacl_gaps (snapshot, acls);
  if (acls->len == 0)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                    _("No network ACL is associated with the VPC's subnets."));
  if (gaps->len == 0)
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               g_dngettext (GETTEXT_PACKAGE,
                                                            "The network ACL denies TCP 22 and "
                                                            "3389 from anywhere before any allow.",
                                                            "All %u network ACLs deny TCP 22 and "
                                                            "3389 from anywhere before any allow.",
                                                            acls->len), acls->len);
      for (guint i = 0; i < acls->len; i++)
        gantry_check_result_add_resource (result,
                                          ((GantryAwsEc2NetworkAcl *) acls->pdata[i])->network_acl_id);
      return result;
    }

  for (guint i = 0; i < gaps->len; i++)
    {
      NaclGap *gap = &g_array_index (gaps, NaclGap, i);

      g_string_append_printf (text, "%s%s allows TCP %d from %s (rule %d)",
                              text->len > 0 ? "; " : "", gap->acl->network_acl_id, gap->port,
                              anywhere[gap->family], gap->first_allow);
    }
  result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                           _("Admin ports are not denied first: %s."), text->str);
  for (guint i = 0; i < gaps->len; i++)
    gantry_check_result_add_resource (result,
                                      g_array_index (gaps, NaclGap, i).acl->network_acl_id);
  return result;
}

/* The lowest inbound rule number not in use, below @limit; 0 if none. */
static int
free_rule_number (GantryAwsEc2NetworkAcl *acl,
                  GArray                 *taken,
                  int                     limit)
{
  for (int n = 1; n < limit; n++)
    {
      gboolean used = FALSE;

      for (guint e = 0; e < acl->entries->len && !used; e++)
        {
          GantryAwsEc2NetworkAclEntry *entry = g_ptr_array_index (acl->entries, e);

          used = !entry->egress && entry->rule_number == n;
        }
      for (guint t = 0; t < taken->len && !used; t++)
        used = g_array_index (taken, int, t) == n;
      if (!used)
        return n;
    }
  return 0;
}

/* The entries the fix creates, in the order it creates them. */
static GPtrArray *
nacl_fix_entries (GantrySnapshot *snapshot,
                  GPtrArray     **out_acl_ids)
{
  g_autoptr(GArray) gaps = find_nacl_gaps (snapshot, NULL);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                       gantry_aws_ec2_network_acl_entry_free);
  GHashTable *taken = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify) g_array_unref);

  *out_acl_ids = g_ptr_array_new ();
  for (guint i = 0; i < gaps->len; i++)
    {
      NaclGap *gap = &g_array_index (gaps, NaclGap, i);
      GArray *used = g_hash_table_lookup (taken, gap->acl);
      GantryAwsEc2NetworkAclEntry *entry;
      int number;

      if (used == NULL)
        {
          used = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (taken, gap->acl, used);
        }
      number = free_rule_number (gap->acl, used, gap->first_allow);
      if (number == 0)
        continue;
      g_array_append_val (used, number);

      entry = g_new0 (GantryAwsEc2NetworkAclEntry, 1);
      entry->rule_number = number;
      entry->protocol = g_strdup ("6");
      entry->rule_action = g_strdup ("deny");
      entry->egress = FALSE;
      if (gap->family == 0)
        entry->cidr_block = g_strdup (anywhere[0]);
      else
        entry->ipv6_cidr_block = g_strdup (anywhere[1]);
      entry->port_from = gap->port;
      entry->port_to = gap->port;
      g_ptr_array_add (entries, entry);
      g_ptr_array_add (*out_acl_ids, gap->acl->network_acl_id);
    }
  g_hash_table_unref (taken);
  return entries;
}

static GPtrArray *
nacl_describe_fix (GantryCheck       *check,
                   GantrySnapshot    *snapshot,
                   GantryEnvironment *environment)
{
  g_autoptr(GPtrArray) acl_ids = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GPtrArray *calls = _gantry_fix_calls_new ();

  if (gantry_snapshot_get_vpc (snapshot) == NULL)
    return calls;

  entries = nacl_fix_entries (snapshot, &acl_ids);
  for (guint i = 0; i < entries->len; i++)
    {
      GantryAwsEc2NetworkAclEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *parameters =
        g_strdup_printf ("NetworkAclId=%s RuleNumber=%d Protocol=6 RuleAction=deny Egress=false "
                         "%s=%s PortRange.From=%d PortRange.To=%d",
                         (char *) acl_ids->pdata[i], entry->rule_number,
                         entry->cidr_block ? "CidrBlock" : "Ipv6CidrBlock",
                         entry->cidr_block ? entry->cidr_block : entry->ipv6_cidr_block,
                         entry->port_from, entry->port_to);

      g_ptr_array_add (calls, gantry_fix_call_new ("ec2", "CreateNetworkAclEntry", parameters));
    }
  return calls;
}

typedef struct
{
  GantryAwsEc2 *ec2;
  GPtrArray    *acl_ids;
  GPtrArray    *entries;
  guint         next;
} NaclFix;

static void
nacl_fix_free (NaclFix *fix)
{
  g_clear_object (&fix->ec2);
  g_ptr_array_unref (fix->acl_ids);
  g_ptr_array_unref (fix->entries);
  g_free (fix);
}

static void nacl_fix_next (GTask *task);

static void
nacl_fix_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ec2_create_network_acl_entry_finish (GANTRY_AWS_EC2 (object), result, &error))
    {
      /* A rule number taken since the snapshot is another writer's change:
       * stop and let the re-check show the current state. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  nacl_fix_next (g_steal_pointer (&task));
}

static void
nacl_fix_next (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  NaclFix *fix = g_task_get_task_data (task);

  if (fix->next == fix->entries->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  gantry_aws_ec2_create_network_acl_entry_async (fix->ec2, fix->acl_ids->pdata[fix->next],
                                                 fix->entries->pdata[fix->next],
                                                 g_task_get_cancellable (task),
                                                 nacl_fix_created_cb, g_object_ref (task));
  fix->next++;
}

static void
nacl_apply_fix (GantryCheck       *check,
                GantrySnapshot    *snapshot,
                GantryEnvironment *environment,
                GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  NaclFix *fix = g_new0 (NaclFix, 1);
  GPtrArray *acl_ids = NULL;

  fix->ec2 = gantry_aws_ec2_new (gantry_snapshot_get_client (snapshot));
  fix->entries = gantry_snapshot_get_vpc (snapshot) != NULL
                 ? nacl_fix_entries (snapshot, &acl_ids)
                 : g_ptr_array_new ();
  fix->acl_ids = acl_ids != NULL ? acl_ids : g_ptr_array_new ();
  g_task_set_task_data (task, fix, (GDestroyNotify) nacl_fix_free);
  nacl_fix_next (g_steal_pointer (&task));
}

const GantryCheckInfo _gantry_checks_network[] = {
  {
    "vpc.selected", "network", N_("A production VPC is selected"), GANTRY_CHECK_SEVERITY_HIGH,
    N_("Production runs in its own VPC, not the default one, so that its subnets, routes and "
       "ACLs are planned rather than inherited."),
    GANTRY_SNAPSHOT_NEEDS (VPCS), vpc_selected, NULL, NULL,
  },
  {
    "subnets.private-pair", "network", N_("Two private subnets in two zones"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("ECS and the database share two private subnets in two Availability Zones, to keep "
       "traffic charges low and to fail over when one zone fails."),
    NEEDS_NETWORK | GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS),
    subnets_private_pair, NULL, NULL,
  },
  {
    "subnets.public-pair", "network", N_("Public subnets in the same two zones"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The load balancer is deployed in public subnets in the same zones as the private "
       "ones, so each zone can serve on its own."),
    NEEDS_NETWORK | GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS),
    subnets_public_pair, NULL, NULL,
  },
  {
    "routes.private-egress", "network", N_("Private subnets reach out through NAT"),
    GANTRY_CHECK_SEVERITY_MEDIUM,
    N_("Private subnets send 0.0.0.0/0 to a NAT gateway, so tasks can pull images and call "
       "AWS without public IP addresses."),
    NEEDS_NETWORK | GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS),
    routes_private_egress, NULL, NULL,
  },
  {
    "nacl.block-admin-ports", "network", N_("Network ACLs block SSH and RDP"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("Ports 22 and 3389 are blocked at the network ACL level, so no security group mistake "
       "can open them to the internet."),
    GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (NETWORK_ACLS),
    nacl_block_admin_ports, nacl_describe_fix, nacl_apply_fix,
  },
  { NULL }
};
