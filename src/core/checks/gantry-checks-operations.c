/* gantry-checks-operations.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The load balancer (runbook 001: two zones, HTTPS with a certificate) and
 * operations: CloudWatch alarms and account-level S3 Block Public Access.
 */

#define G_LOG_DOMAIN "gantry-checks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/gantry-check-private.h"

static GantryCheckResult *
no_load_balancer (void)
{
  return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                  _("No load balancer is selected or discovered."));
}

/* --- lb.multi-az ----------------------------------------------------------- */

static int
compare_zones (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full) (element-type utf8): the zones of the subnets
 * the selected cluster's services run in, each once, sorted */
static GPtrArray *
ecs_zones (GantrySnapshot *snapshot)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  GPtrArray *zones = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];

      for (guint j = 0; service->subnets[j] != NULL; j++)
        {
          GantryAwsEc2Subnet *subnet = gantry_snapshot_find_subnet (snapshot,
                                                                    service->subnets[j]);

          if (subnet != NULL && subnet->availability_zone != NULL &&
              !g_ptr_array_find_with_equal_func (zones, subnet->availability_zone, g_str_equal,
                                                 NULL))
            g_ptr_array_add (zones, g_strdup (subnet->availability_zone));
        }
    }
  g_ptr_array_sort (zones, compare_zones);
  return zones;
}

static GantryCheckResult *
lb_multi_az (GantryCheck       *check,
             GantrySnapshot    *snapshot,
             GantryEnvironment *environment)
{
  GantryAwsElbv2LoadBalancer *balancer = gantry_snapshot_get_load_balancer (snapshot);
  g_autoptr(GPtrArray) zones_wanted = NULL;
  gboolean from_services = TRUE;
  g_autoptr(GString) zones = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  GantryCheckResult *result;

  if (balancer == NULL)
    return no_load_balancer ();

  for (guint i = 0; i < balancer->availability_zones->len; i++)
    {
      GantryAwsElbv2AvailabilityZone *zone = balancer->availability_zones->pdata[i];

      g_string_append_printf (zones, "%s%s", zones->len ? ", " : "", zone->zone_name);
    }

  /* The load balancer must serve the zones the ECS services run in; for a
   * cluster without services, those of the private pair. */
  zones_wanted = ecs_zones (snapshot);
  if (zones_wanted->len == 0)
    {
      g_autoptr(GPtrArray) pair = gantry_snapshot_dup_private_pair (snapshot);

      from_services = FALSE;
      for (guint i = 0; i < pair->len; i++)
        g_ptr_array_add (zones_wanted,
                         g_strdup (((GantryAwsEc2Subnet *) pair->pdata[i])->availability_zone));
    }
  for (guint i = 0; i < zones_wanted->len; i++)
    {
      const char *zone = zones_wanted->pdata[i];
      gboolean found = FALSE;

      for (guint j = 0; j < balancer->availability_zones->len; j++)
        found |= g_strcmp0 (((GantryAwsElbv2AvailabilityZone *)
                             balancer->availability_zones->pdata[j])->zone_name, zone) == 0;
      if (!found)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", zone);
    }

  if (balancer->availability_zones->len < 2)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Load balancer %s spans only %s."),
                                             balancer->name, zones->str);
  else if (missing->len > 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             from_services
                                             ? _("Load balancer %s spans %s but not %s, where the "
                                                 "ECS services run.")
                                             : _("Load balancer %s spans %s but not %s, where the "
                                                 "private subnets are."), balancer->name,
                                             zones->str, missing->str);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Load balancer %s spans %s."), balancer->name,
                                             zones->str);
  gantry_check_result_add_resource (result, balancer->arn);
  return result;
}

/* --- lb.https --------------------------------------------------------------- */

static GantryCheckResult *
lb_https (GantryCheck       *check,
          GantrySnapshot    *snapshot,
          GantryEnvironment *environment)
{
  GantryAwsElbv2LoadBalancer *balancer = gantry_snapshot_get_load_balancer (snapshot);
  GPtrArray *listeners = gantry_snapshot_get_listeners (snapshot);
  GantryAwsElbv2Listener *https = NULL;
  g_autoptr(GString) plain = g_string_new (NULL);
  GantryCheckResult *result;

  if (balancer == NULL)
    return no_load_balancer ();

  for (guint i = 0; i < listeners->len; i++)
    {
      GantryAwsElbv2Listener *listener = listeners->pdata[i];
      gboolean redirects = FALSE;

      if (g_strcmp0 (listener->protocol, "HTTPS") == 0 && listener->port == 443 &&
          listener->certificate_arns != NULL && listener->certificate_arns[0] != NULL)
        https = listener;
      if (g_strcmp0 (listener->protocol, "HTTP") != 0)
        continue;
      for (guint j = 0; j < listener->default_actions->len; j++)
        {
          GantryAwsElbv2Action *action = listener->default_actions->pdata[j];

          redirects |= g_strcmp0 (action->type, "redirect") == 0 &&
                       g_strcmp0 (action->redirect_protocol, "HTTPS") == 0;
        }
      if (!redirects)
        g_string_append_printf (plain, "%s%d", plain->len ? ", " : "", listener->port);
    }

  if (https == NULL)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Load balancer %s has no HTTPS listener on 443 with "
                                               "a certificate."), balancer->name);
  else if (plain->len > 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("HTTP listener on port %s serves plain HTTP "
                                               "instead of redirecting to HTTPS."), plain->str);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("HTTPS on 443 with certificate %s; HTTP redirects "
                                               "to HTTPS."), https->certificate_arns[0]);
  gantry_check_result_add_resource (result, balancer->arn);
  if (https != NULL)
    gantry_check_result_add_resource (result, https->arn);
  return result;
}

/* --- cw.alarms -------------------------------------------------------------------- */

static const struct
{
  const char *label;
  const char *namespaces[3];
  const char *metrics[3];
} wanted_alarms[] = {
  { N_("ECS CPU"), { "AWS/ECS", NULL }, { "CPUUtilization", NULL } },
  { N_("load balancer 5xx"), { "AWS/ApplicationELB", NULL },
    { "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", NULL } },
  { N_("database CPU"), { "AWS/RDS", "AWS/DocDB", NULL }, { "CPUUtilization", NULL } },
};

static GantryCheckResult *
cw_alarms (GantryCheck       *check,
           GantrySnapshot    *snapshot,
           GantryEnvironment *environment)
{
  GPtrArray *alarms = gantry_snapshot_get_alarms (snapshot);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GantryCheckResult *result;

  for (guint w = 0; w < G_N_ELEMENTS (wanted_alarms); w++)
    {
      GantryAwsCloudwatchAlarm *match = NULL;

      for (guint i = 0; i < alarms->len && match == NULL; i++)
        {
          GantryAwsCloudwatchAlarm *alarm = alarms->pdata[i];
          gboolean notifies = FALSE;

          if (!g_strv_contains (wanted_alarms[w].namespaces, alarm->namespace ? alarm->namespace : "") ||
              !g_strv_contains (wanted_alarms[w].metrics, alarm->metric_name ? alarm->metric_name : ""))
            continue;
          for (guint a = 0; alarm->alarm_actions[a] != NULL; a++)
            notifies |= g_str_has_prefix (alarm->alarm_actions[a], "arn:aws:sns:");
          if (notifies && alarm->actions_enabled)
            match = alarm;
        }
      if (match != NULL)
        g_ptr_array_add (found, match);
      else
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "",
                                _(wanted_alarms[w].label));
    }

  if (missing->len == 0)
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_PASS,
                                      _("Alarms with an SNS action watch ECS CPU, load balancer "
                                        "5xx and database CPU."));
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_WARN,
                                             _("No alarm with an SNS action for: %s."),
                                             missing->str);
  for (guint i = 0; i < found->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsCloudwatchAlarm *) found->pdata[i])->name);
  return result;
}

/* --- s3.block-public-access ----------------------------------------------------- */

static GantryCheckResult *
s3_block_public_access (GantryCheck       *check,
                        GantrySnapshot    *snapshot,
                        GantryEnvironment *environment)
{
  GantrySnapshotPublicAccessBlock *block = gantry_snapshot_get_public_access_block (snapshot);
  g_autoptr(GString) off = g_string_new (NULL);

  if (block == NULL)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_FAIL,
                                    _("The account has no S3 Block Public Access configuration."));

  if (!block->block_public_acls)
    g_string_append (off, "BlockPublicAcls");
  if (!block->ignore_public_acls)
    g_string_append_printf (off, "%sIgnorePublicAcls", off->len ? ", " : "");
  if (!block->block_public_policy)
    g_string_append_printf (off, "%sBlockPublicPolicy", off->len ? ", " : "");
  if (!block->restrict_public_buckets)
    g_string_append_printf (off, "%sRestrictPublicBuckets", off->len ? ", " : "");

  if (off->len == 0)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_PASS,
                                    _("All four account-level Block Public Access settings are "
                                      "on."));
  return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                         _("Account-level Block Public Access is off for: %s."),
                                         off->str);
}

const GantryCheckInfo _gantry_checks_load_balancer[] = {
  {
    "lb.multi-az", "load-balancer", N_("The load balancer spans the two zones"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The load balancer uses two Availability Zones, the same as the ECS services, so each "
       "zone keeps serving when the other fails."),
    GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (SUBNETS) |
    GANTRY_SNAPSHOT_NEEDS (ROUTE_TABLES) | GANTRY_SNAPSHOT_NEEDS (LOAD_BALANCERS) |
    GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS) |
    GANTRY_SNAPSHOT_NEEDS (ECS_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (ECS_SERVICES),
    lb_multi_az, NULL, NULL,
  },
  {
    "lb.https", "load-balancer", N_("HTTPS with a certificate; HTTP redirects"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Port 443 with a TLS certificate encrypts all traffic between browsers and the load "
       "balancer; plain HTTP only redirects there."),
    GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (LOAD_BALANCERS) |
    GANTRY_SNAPSHOT_NEEDS (LISTENERS),
    lb_https, NULL, NULL,
  },
  { NULL }
};

const GantryCheckInfo _gantry_checks_operations[] = {
  {
    "cw.alarms", "operations", N_("Alarms watch CPU and errors"), GANTRY_CHECK_SEVERITY_LOW,
    N_("Custom CloudWatch alarms give proactive warning on the health and performance of the "
       "application."),
    GANTRY_SNAPSHOT_NEEDS (ALARMS), cw_alarms, NULL, NULL,
  },
  {
    "s3.block-public-access", "operations", N_("S3 Block Public Access is on"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Private documents must only be reachable through signed URLs; account-level Block "
       "Public Access stops a bucket from being opened by mistake."),
    GANTRY_SNAPSHOT_NEEDS (PUBLIC_ACCESS_BLOCK), s3_block_public_access, NULL, NULL,
  },
  { NULL }
};
