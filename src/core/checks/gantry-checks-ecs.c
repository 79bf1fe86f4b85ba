/* gantry-checks-ecs.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ECS and ECR (runbooks 000, 001, 003 and 004): the cluster with Container
 * Insights, services in the private subnets behind their own group, each
 * service running its own task family (004's "prod-app service updated
 * with prod-api-task"), deployments that roll back, containers that log to
 * CloudWatch, and repositories the dev account may pull from and push to,
 * whose promotion tags can move.
 */

#define G_LOG_DOMAIN "gantry-checks"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-json.h"
#include "core/gantry-check-private.h"

#define NEEDS_SERVICES (GANTRY_SNAPSHOT_NEEDS (ECS_CLUSTERS) | GANTRY_SNAPSHOT_NEEDS (ECS_SERVICES))
#define NEEDS_TASKS    (NEEDS_SERVICES | GANTRY_SNAPSHOT_NEEDS (TASK_DEFINITIONS))
/* The repository selection is discovered from the task definitions. */
#define NEEDS_SELECTED_REPOSITORIES (NEEDS_TASKS | GANTRY_SNAPSHOT_NEEDS (REPOSITORIES) | \
                                     GANTRY_SNAPSHOT_NEEDS (REPOSITORY_POLICIES))

/* Seed 000's push/pull statement: what a dev account root must be granted. */
static const char * const push_pull_actions[] = {
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
  "ecr:BatchCheckLayerAvailability",
  "ecr:PutImage",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
};

/* The Sid of the statement the fix adds, so a second run updates it in place. */
#define FIX_STATEMENT_SID "GantryDevPushPull"

static void
append (GString    *text,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
append (GString    *text,
        const char *format,
        ...)
{
  va_list args;

  if (text->len > 0)
    g_string_append (text, "; ");
  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
}

static GantryCheckResult *
no_ecs_cluster (GantrySnapshot    *snapshot,
                GantryEnvironment *environment)
{
  const char *wanted = gantry_environment_get_cluster (environment);
  GPtrArray *clusters = gantry_snapshot_get_ecs_clusters (snapshot);
  g_autoptr(GString) names = g_string_new (NULL);

  if (wanted != NULL)
    return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                           _("The ECS cluster %s is not active in %s."), wanted,
                                           gantry_snapshot_get_region (snapshot));
  if (clusters->len == 0)
    return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                           _("There is no ECS cluster in %s."),
                                           gantry_snapshot_get_region (snapshot));
  for (guint i = 0; i < clusters->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((GantryAwsEcsCluster *) clusters->pdata[i])->name);
  return gantry_check_result_new_printf (GANTRY_CHECK_STATUS_ERROR,
                                         _("Could not evaluate: %u ECS clusters (%s); choose one "
                                           "for the environment (--cluster)."),
                                         clusters->len, names->str);
}

/* Returns: (nullable): a result to return at once when there is nothing to judge */
static GantryCheckResult *
check_services (GantrySnapshot    *snapshot,
                GantryEnvironment *environment)
{
  GantryAwsEcsCluster *cluster = gantry_snapshot_get_ecs_cluster (snapshot);
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_ecs_cluster (snapshot, environment);
  if (gantry_snapshot_get_ecs_services (snapshot)->len > 0)
    return NULL;
  result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                           _("Cluster %s has no services."), cluster->name);
  gantry_check_result_add_resource (result, cluster->name);
  return result;
}

static void
add_service_resources (GantryCheckResult *result,
                       GantrySnapshot    *snapshot)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);

  for (guint i = 0; i < services->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEcsService *) services->pdata[i])->name);
}

static char *
service_names (GantrySnapshot *snapshot)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < services->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((GantryAwsEcsService *) services->pdata[i])->name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* --- ecs.container-insights ------------------------------------------------ */

static gboolean
insights_on (GantryAwsEcsCluster *cluster)
{
  return g_strcmp0 (cluster->container_insights, "enabled") == 0 ||
         g_strcmp0 (cluster->container_insights, "enhanced") == 0;
}

static GantryCheckResult *
ecs_container_insights (GantryCheck       *check,
                        GantrySnapshot    *snapshot,
                        GantryEnvironment *environment)
{
  GantryAwsEcsCluster *cluster = gantry_snapshot_get_ecs_cluster (snapshot);
  GantryCheckResult *result;

  if (cluster == NULL)
    return no_ecs_cluster (snapshot, environment);

  if (insights_on (cluster))
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Container Insights is %s on cluster %s."),
                                             cluster->container_insights, cluster->name);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL,
                                             _("Container Insights is %s on cluster %s."),
                                             cluster->container_insights != NULL
                                             ? cluster->container_insights : _("not set"),
                                             cluster->name);
  gantry_check_result_add_resource (result, cluster->name);
  return result;
}

static GPtrArray *
ecs_container_insights_describe_fix (GantryCheck       *check,
                                     GantrySnapshot    *snapshot,
                                     GantryEnvironment *environment)
{
  GantryAwsEcsCluster *cluster = gantry_snapshot_get_ecs_cluster (snapshot);
  GPtrArray *calls = _gantry_fix_calls_new ();
  g_autofree char *parameters = NULL;

  if (cluster == NULL || insights_on (cluster))
    return calls;
  parameters = g_strdup_printf ("cluster=%s settings=[{name=containerInsights,value=enabled}]",
                                cluster->name);
  g_ptr_array_add (calls, gantry_fix_call_new ("ecs", "UpdateClusterSettings", parameters));
  return calls;
}

static void
ecs_container_insights_fix_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsEcsCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = g_task_get_task_data (task);

  cluster = gantry_aws_ecs_update_cluster_settings_finish (GANTRY_AWS_ECS (object), result,
                                                           &error);
  if (cluster != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* An endpoint without the call (moto answers HTTP 500) changed nothing. */
  if (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE) ||
      (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE) &&
       gantry_aws_error_get_http_status (error) >= 500))
    g_prefix_error (&error, _("Container Insights was not turned on for cluster %s: this "
                              "endpoint does not implement ecs:UpdateClusterSettings, so "
                              "nothing was changed: "), name);
  else
    g_prefix_error (&error, _("Container Insights was not turned on for cluster %s: "), name);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
ecs_container_insights_apply_fix (GantryCheck       *check,
                                  GantrySnapshot    *snapshot,
                                  GantryEnvironment *environment,
                                  GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(GantryAwsEcs) ecs = NULL;
  GantryAwsEcsCluster *cluster = gantry_snapshot_get_ecs_cluster (snapshot);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* Idempotent: nothing to do when it is on already. */
  if (cluster == NULL || insights_on (cluster))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, g_strdup (cluster->name), g_free);
  ecs = gantry_aws_ecs_new (gantry_snapshot_get_client (snapshot));
  gantry_aws_ecs_update_cluster_settings_async (ecs, cluster->arn, "enabled", cancellable,
                                                ecs_container_insights_fix_cb,
                                                g_steal_pointer (&task));
}

/* --- ecs.private-networking -------------------------------------------------- */

static gboolean
strv_has (char       **strv,
          const char  *value)
{
  return strv != NULL && value != NULL && g_strv_contains ((const char * const *) strv, value);
}

static GantryCheckResult *
ecs_private_networking (GantryCheck       *check,
                        GantrySnapshot    *snapshot,
                        GantryEnvironment *environment)
{
  GantryCheckResult *result = _gantry_check_fail_if_no_vpc (snapshot);
  GantryAwsEc2Vpc *vpc = gantry_snapshot_get_vpc (snapshot);
  GantryAwsElbv2LoadBalancer *balancer = gantry_snapshot_get_load_balancer (snapshot);
  GantryAwsRdsDbCluster *database = gantry_snapshot_get_db_cluster (snapshot);
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) offending = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;

  if (result != NULL)
    return result;
  if ((result = check_services (snapshot, environment)) != NULL)
    return result;

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];

      if (service->subnets[0] == NULL)
        append (problems, _("%s has no awsvpc network configuration"), service->name);
      for (guint j = 0; service->subnets[j] != NULL; j++)
        {
          GantryAwsEc2Subnet *subnet = gantry_snapshot_find_subnet (snapshot, service->subnets[j]);

          if (subnet == NULL || g_strcmp0 (subnet->vpc_id, vpc->vpc_id) != 0)
            append (problems, _("%s uses subnet %s outside %s"), service->name,
                    service->subnets[j], vpc->vpc_id);
          else if (gantry_snapshot_subnet_is_public (snapshot, subnet))
            append (problems, _("%s uses the public subnet %s"), service->name,
                    subnet->subnet_id);
          else
            continue;
          g_ptr_array_add (offending, g_strdup (service->subnets[j]));
        }
      if (g_strcmp0 (service->assign_public_ip, "ENABLED") == 0)
        append (problems, _("%s assigns public IP addresses"), service->name);
      if (service->subnets[0] != NULL && service->security_groups[0] == NULL)
        append (problems, _("%s has no security group"), service->name);
      for (guint j = 0; service->security_groups[j] != NULL; j++)
        {
          const char *id = service->security_groups[j];
          GantryAwsEc2SecurityGroup *group = gantry_snapshot_find_security_group (snapshot, id);

          if (group == NULL || g_strcmp0 (group->vpc_id, vpc->vpc_id) != 0)
            append (problems, _("%s uses group %s outside %s"), service->name, id, vpc->vpc_id);
          else if (g_strcmp0 (group->group_name, "default") == 0)
            append (problems, _("%s uses the VPC's default group %s"), service->name, id);
          else if (balancer != NULL && strv_has (balancer->security_groups, id))
            append (problems, _("%s uses the load balancer's group %s"), service->name, id);
          else if (database != NULL && strv_has (database->vpc_security_group_ids, id))
            append (problems, _("%s uses the database's group %s"), service->name, id);
          else
            continue;
          g_ptr_array_add (offending, g_strdup (id));
        }
    }

  names = service_names (snapshot);
  if (problems->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Services %s run in private subnets with their own "
                                               "group and no public IP."), names);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
  add_service_resources (result, snapshot);
  for (guint i = 0; i < offending->len; i++)
    gantry_check_result_add_resource (result, offending->pdata[i]);
  return result;
}

/* --- ecs.task-family-matches-service -------------------------------------------- */

/* "arn:…:task-definition/prod-api-task:7" → "prod-api-task" */
static char *
family_of (const char *task_definition)
{
  const char *start = task_definition ? strrchr (task_definition, '/') : NULL;
  const char *colon;

  start = start != NULL ? start + 1 : task_definition;
  if (start == NULL)
    return NULL;
  colon = strchr (start, ':');
  return colon != NULL ? g_strndup (start, colon - start) : g_strdup (start);
}

static GStrv
families_for (GantryEnvironment *environment,
              const char        *service)
{
  const char *pattern = gantry_environment_get_task_family_pattern (environment);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (pattern == NULL)
    pattern = GANTRY_ENVIRONMENT_DEFAULT_TASK_FAMILY_PATTERN;
  parts = g_strsplit (pattern, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GString) family = g_string_new (g_strstrip (parts[i]));

      if (family->len == 0)
        continue;
      g_string_replace (family, "{service}", service, 0);
      g_strv_builder_add (builder, family->str);
    }
  return g_strv_builder_end (builder);
}

static GantryCheckResult *
ecs_task_family (GantryCheck       *check,
                 GantrySnapshot    *snapshot,
                 GantryEnvironment *environment)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) pairs = g_string_new (NULL);
  GantryCheckResult *result;

  if ((result = check_services (snapshot, environment)) != NULL)
    return result;

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];
      g_autofree char *family = family_of (service->task_definition);
      g_auto(GStrv) wanted = families_for (environment, service->name);
      const char *owner = NULL;
      g_autofree char *expected = NULL;

      if (family != NULL && g_strv_contains ((const char * const *) wanted, family))
        {
          g_string_append_printf (pairs, "%s%s ↔ %s", pairs->len ? ", " : "", service->name,
                                  family);
          continue;
        }

      /* The runbook's mistake: another service's task, not just a new name. */
      for (guint j = 0; j < services->len && owner == NULL; j++)
        {
          GantryAwsEcsService *other = services->pdata[j];
          g_auto(GStrv) theirs = families_for (environment, other->name);

          if (other != service && family != NULL &&
              g_strv_contains ((const char * const *) theirs, family))
            owner = other->name;
        }
      expected = g_strjoinv (_(" or "), wanted);
      if (owner != NULL)
        append (problems, _("service %s runs task family %s, which belongs to service %s"),
                service->name, family, owner);
      else
        append (problems, _("service %s runs task family %s, not %s"), service->name,
                family != NULL ? family : "?", expected);
    }

  if (problems->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Each service runs its own task family: %s."),
                                             pairs->str);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
  add_service_resources (result, snapshot);
  return result;
}

/* --- ecs.circuit-breaker ----------------------------------------------------- */

static GantryCheckResult *
ecs_circuit_breaker (GantryCheck       *check,
                     GantrySnapshot    *snapshot,
                     GantryEnvironment *environment)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  GantryCheckResult *result;

  if ((result = check_services (snapshot, environment)) != NULL)
    return result;

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];

      if (!service->has_circuit_breaker || !service->circuit_breaker_enable)
        append (problems, _("%s has no deployment circuit breaker"), service->name);
      else if (!service->circuit_breaker_rollback)
        append (problems, _("%s has a circuit breaker without rollback"), service->name);
    }

  if (problems->len == 0)
    {
      g_autofree char *names = service_names (snapshot);

      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               _("Failed deployments of %s stop and roll back."),
                                               names);
    }
  else
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_WARN, "%s.", problems->str);
    }
  add_service_resources (result, snapshot);
  return result;
}

/* --- ecs.logging --------------------------------------------------------------- */

static void
check_container_logging (GantrySnapshot             *snapshot,
                         GantryAwsEcsTaskDefinition *td,
                         JsonObject                 *container,
                         GString                    *problems,
                         GPtrArray                  *groups)
{
  const char *name = gantry_aws_json_get_string (container, "name");
  JsonObject *config = gantry_aws_json_get_object (container, "logConfiguration");
  const char *driver = config != NULL ? gantry_aws_json_get_string (config, "logDriver") : NULL;
  JsonObject *options = config != NULL ? gantry_aws_json_get_object (config, "options") : NULL;
  const char *group = options != NULL ? gantry_aws_json_get_string (options, "awslogs-group")
                                      : NULL;
  const char *region = options != NULL ? gantry_aws_json_get_string (options, "awslogs-region")
                                       : NULL;
  g_autofree char *where = g_strdup_printf (_("container %s of %s:%" PRId64),
                                            name != NULL ? name : "?", td->family, td->revision);

  if (config == NULL)
    append (problems, _("%s has no log configuration"), where);
  else if (g_strcmp0 (driver, "awslogs") != 0)
    append (problems, _("%s logs through %s, not awslogs"), where, driver ? driver : "?");
  else if (group == NULL)
    append (problems, _("%s names no awslogs-group"), where);
  else if (region != NULL && g_strcmp0 (region, gantry_snapshot_get_region (snapshot)) != 0)
    append (problems, _("%s logs to %s in %s, another region"), where, group, region);
  else if (gantry_snapshot_find_log_group (snapshot, group) == NULL)
    append (problems, _("%s logs to %s, which does not exist"), where, group);
  else if (!g_ptr_array_find_with_equal_func (groups, group, g_str_equal, NULL))
    g_ptr_array_add (groups, g_strdup (group));
}

static GantryCheckResult *
ecs_logging (GantryCheck       *check,
             GantrySnapshot    *snapshot,
             GantryEnvironment *environment)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GantryCheckResult *result;

  if ((result = check_services (snapshot, environment)) != NULL)
    return result;

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];
      GantryAwsEcsTaskDefinition *td =
        gantry_snapshot_find_task_definition (snapshot, service->task_definition);
      JsonArray *containers;

      if (td == NULL)
        {
          append (problems, _("the task definition of %s was not read"), service->name);
          continue;
        }
      if (g_ptr_array_find (seen, td, NULL))
        continue;
      g_ptr_array_add (seen, td);
      containers = gantry_aws_json_get_array (td->raw, "containerDefinitions");
      for (guint j = 0; containers != NULL && j < json_array_get_length (containers); j++)
        {
          JsonNode *node = json_array_get_element (containers, j);

          if (JSON_NODE_HOLDS_OBJECT (node))
            check_container_logging (snapshot, td, json_node_get_object (node), problems, groups);
        }
    }

  if (problems->len == 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (groups, NULL);
      list = g_strjoinv (", ", (char **) groups->pdata);
      g_ptr_array_remove_index (groups, groups->len - 1);
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               _("Every container logs through awslogs to an "
                                                 "existing log group: %s."), list);
    }
  else
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
    }
  add_service_resources (result, snapshot);
  for (guint i = 0; i < groups->len; i++)
    gantry_check_result_add_resource (result, groups->pdata[i]);
  return result;
}

/* --- ecr.repositories ------------------------------------------------------------ */

static GantryCheckResult *
ecr_repositories (GantryCheck       *check,
                  GantrySnapshot    *snapshot,
                  GantryEnvironment *environment)
{
  GPtrArray *services = gantry_snapshot_get_ecs_services (snapshot);
  const char * const *wanted = gantry_environment_get_repositories (environment);
  const char *account = gantry_snapshot_get_account_id (snapshot);
  const char *region = gantry_snapshot_get_region (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GantryCheckResult *result;
  gboolean has_wanted = wanted != NULL && wanted[0] != NULL;

  if (!has_wanted && (result = check_services (snapshot, environment)) != NULL)
    return result;

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = services->pdata[i];
      GantryAwsEcsTaskDefinition *td =
        gantry_snapshot_find_task_definition (snapshot, service->task_definition);

      if (td == NULL)
        {
          append (problems, _("the task definition of %s was not read"), service->name);
          continue;
        }
      if (g_ptr_array_find (seen, td, NULL))
        continue;
      g_ptr_array_add (seen, td);
      for (guint j = 0; j < td->containers->len; j++)
        {
          GantryAwsEcsContainer *container = td->containers->pdata[j];
          g_autofree char *registry = NULL;
          g_autofree char *image_region = NULL;
          g_autofree char *name = gantry_snapshot_parse_image_uri (container->image, &registry,
                                                                   &image_region);

          if (name == NULL)
            append (problems, _("%s:%" PRId64 " runs %s, which is not from ECR"),
                    td->family, td->revision, container->image ? container->image : "?");
          else if (g_strcmp0 (registry, account) != 0 || g_strcmp0 (image_region, region) != 0)
            append (problems, _("%s:%" PRId64 " pulls %s from the registry of account "
                                "%s in %s, not this account's"), td->family, td->revision, name,
                    registry, image_region);
          else if (gantry_snapshot_find_repository (snapshot, name) == NULL)
            append (problems, _("%s:%" PRId64 " uses repository %s, which does not "
                                "exist in this account"), td->family, td->revision, name);
          else if (!g_ptr_array_find_with_equal_func (used, name, g_str_equal, NULL))
            g_ptr_array_add (used, g_steal_pointer (&name));
        }
    }
  for (guint i = 0; has_wanted && wanted[i] != NULL; i++)
    if (gantry_snapshot_find_repository (snapshot, wanted[i]) == NULL)
      append (problems, _("the environment's repository %s does not exist"), wanted[i]);
    else if (!g_ptr_array_find_with_equal_func (used, wanted[i], g_str_equal, NULL))
      g_ptr_array_add (used, g_strdup (wanted[i]));

  if (problems->len == 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (used, NULL);
      list = g_strjoinv (", ", (char **) used->pdata);
      g_ptr_array_remove_index (used, used->len - 1);
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                               _("Every repository the services use exists in "
                                                 "this account: %s."), list);
    }
  else
    {
      result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
    }
  for (guint i = 0; i < used->len; i++)
    gantry_check_result_add_resource (result, used->pdata[i]);
  add_service_resources (result, snapshot);
  return result;
}

/* --- repository selection ------------------------------------------------------- */

static GantryCheckResult *
no_repositories (GantrySnapshot *snapshot)
{
  return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                  _("No ECR repository of this account is selected or used by "
                                    "the cluster's services."));
}

/* Returns: (transfer container) (element-type GantryAwsEcrRepository): the
 * selected repositories that exist */
static GPtrArray *
dup_selected (GantrySnapshot *snapshot)
{
  const char * const *names = gantry_snapshot_get_repository_names (snapshot);
  GPtrArray *repositories = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      GantryAwsEcrRepository *repository = gantry_snapshot_find_repository (snapshot, names[i]);

      if (repository != NULL)
        g_ptr_array_add (repositories, repository);
    }
  return repositories;
}

/* --- ecr.cross-account-policy ------------------------------------------------------ */

/* Returns: (transfer none) (nullable): @node's strings, one or an array */
static GStrv
strings_of (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    g_strv_builder_add (builder, json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

/* The principals of a statement; "*" for the anonymous/everyone forms. */
static GStrv
statement_principals (JsonObject *statement)
{
  JsonNode *principal = json_object_get_member (statement, "Principal");

  if (principal != NULL && JSON_NODE_HOLDS_OBJECT (principal))
    return strings_of (json_object_get_member (json_node_get_object (principal), "AWS"));
  return strings_of (principal);
}

static gboolean
principal_is_root_of (const char *principal,
                      const char *account)
{
  g_autofree char *suffix = g_strdup_printf (":iam::%s:root", account);

  return g_str_equal (principal, account) ||
         (g_str_has_prefix (principal, "arn:") && g_str_has_suffix (principal, suffix));
}

static gboolean
action_covers (const char *granted,
               const char *wanted)
{
  g_autoptr(GPatternSpec) spec = NULL;
  g_autofree char *granted_lower = g_ascii_strdown (granted, -1);
  g_autofree char *wanted_lower = g_ascii_strdown (wanted, -1);

  /* IAM action names are case-insensitive and may use * wildcards. */
  spec = g_pattern_spec_new (granted_lower);
  return g_pattern_spec_match_string (spec, wanted_lower);
}

static GPtrArray *
policy_statements (JsonNode *root)
{
  GPtrArray *statements = g_ptr_array_new ();
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return statements;
  node = json_object_get_member (json_node_get_object (root), "Statement");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    g_ptr_array_add (statements, json_node_get_object (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_OBJECT (element))
          g_ptr_array_add (statements, json_node_get_object (element));
      }
  return statements;
}

typedef struct
{
  gboolean  unreadable;
  gboolean  everyone;
  GStrv     missing_accounts;  /* dev accounts not granted all seven actions */
} PolicyVerdict;

static void
policy_verdict_clear (PolicyVerdict *verdict)
{
  g_clear_pointer (&verdict->missing_accounts, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PolicyVerdict, policy_verdict_clear)

static void
judge_policy (const char         *text,
              const char * const *dev_accounts,
              PolicyVerdict      *verdict)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();

  if (text != NULL && !json_parser_load_from_data (parser, text, -1, NULL))
    verdict->unreadable = TRUE;
  statements = policy_statements (text != NULL && !verdict->unreadable
                                  ? json_parser_get_root (parser) : NULL);

  for (guint s = 0; s < statements->len; s++)
    {
      JsonObject *statement = statements->pdata[s];
      g_auto(GStrv) principals = statement_principals (statement);

      if (g_strcmp0 (gantry_aws_json_get_string (statement, "Effect"), "Allow") == 0 &&
          g_strv_contains ((const char * const *) principals, "*"))
        verdict->everyone = TRUE;
    }

  for (guint d = 0; dev_accounts[d] != NULL; d++)
    {
      gboolean all = TRUE;

      for (guint a = 0; a < G_N_ELEMENTS (push_pull_actions) && all; a++)
        {
          gboolean granted = FALSE;

          for (guint s = 0; s < statements->len && !granted; s++)
            {
              JsonObject *statement = statements->pdata[s];
              g_auto(GStrv) principals = NULL;
              g_auto(GStrv) actions = NULL;
              gboolean to_root = FALSE;

              if (g_strcmp0 (gantry_aws_json_get_string (statement, "Effect"), "Allow") != 0 ||
                  json_object_has_member (statement, "Condition"))
                continue;
              principals = statement_principals (statement);
              for (guint p = 0; principals[p] != NULL; p++)
                to_root |= principal_is_root_of (principals[p], dev_accounts[d]);
              if (!to_root)
                continue;
              actions = strings_of (json_object_get_member (statement, "Action"));
              for (guint i = 0; actions[i] != NULL && !granted; i++)
                granted = action_covers (actions[i], push_pull_actions[a]);
            }
          all = granted;
        }
      if (!all)
        g_strv_builder_add (missing, dev_accounts[d]);
    }
  verdict->missing_accounts = g_strv_builder_end (missing);
}

static const char *
policy_text_of (GantrySnapshot *snapshot,
                const char     *repository,
                gboolean       *found)
{
  GPtrArray *policies = gantry_snapshot_get_repository_policies (snapshot);

  for (guint i = 0; i < policies->len; i++)
    {
      GantrySnapshotRepositoryPolicy *policy = policies->pdata[i];

      if (g_strcmp0 (policy->repository, repository) == 0)
        {
          *found = TRUE;
          return policy->policy_text;
        }
    }
  *found = FALSE;
  return NULL;
}

/**
 * merge_policy:
 * @text: (nullable): the repository's policy now
 * @accounts: the dev accounts to grant
 *
 * Adds (or widens) one statement granting the seven actions to each dev
 * account root. Every other statement is kept as it is.
 *
 * Returns: (transfer full) (nullable): the new policy text, %NULL when @text is not JSON
 */
static char *
merge_policy (const char         *text,
              const char * const *accounts)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GPtrArray) principals = g_ptr_array_new_with_free_func (g_free);
  JsonObject *policy;
  JsonArray *statements;
  JsonObject *ours = NULL;
  JsonArray *principal_array, *action_array;
  JsonObject *principal;
  JsonNode *node;

  if (text != NULL)
    {
      if (!json_parser_load_from_data (parser, text, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return NULL;
      root = json_node_copy (json_parser_get_root (parser));
    }
  else
    {
      root = json_node_init_object (json_node_alloc (), json_object_new ());
      json_object_set_string_member (json_node_get_object (root), "Version", "2012-10-17");
    }
  policy = json_node_get_object (root);

  /* A single statement object becomes an array, so one can be added. */
  node = json_object_get_member (policy, "Statement");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      statements = json_node_get_array (node);
    }
  else
    {
      statements = json_array_new ();
      if (node != NULL)
        json_array_add_element (statements, json_node_copy (node));
      json_object_set_array_member (policy, "Statement", statements);
    }

  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *statement = json_array_get_object_element (statements, i);

      if (statement != NULL &&
          g_strcmp0 (gantry_aws_json_get_string (statement, "Sid"), FIX_STATEMENT_SID) == 0)
        ours = statement;
    }
  if (ours != NULL)
    {
      g_auto(GStrv) old = statement_principals (ours);

      for (guint i = 0; old[i] != NULL; i++)
        g_ptr_array_add (principals, g_strdup (old[i]));
    }
  else
    {
      ours = json_object_new ();
      json_array_add_object_element (statements, ours);
    }
  for (guint i = 0; accounts[i] != NULL; i++)
    {
      g_autofree char *root_arn = g_strdup_printf ("arn:aws:iam::%s:root", accounts[i]);

      if (!g_ptr_array_find_with_equal_func (principals, root_arn, g_str_equal, NULL))
        g_ptr_array_add (principals, g_steal_pointer (&root_arn));
    }

  json_object_set_string_member (ours, "Sid", FIX_STATEMENT_SID);
  json_object_set_string_member (ours, "Effect", "Allow");
  principal = json_object_new ();
  principal_array = json_array_new ();
  for (guint i = 0; i < principals->len; i++)
    json_array_add_string_element (principal_array, principals->pdata[i]);
  json_object_set_array_member (principal, "AWS", principal_array);
  json_object_set_object_member (ours, "Principal", principal);
  action_array = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (push_pull_actions); i++)
    json_array_add_string_element (action_array, push_pull_actions[i]);
  json_object_set_array_member (ours, "Action", action_array);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static GantryCheckResult *
ecr_cross_account_policy (GantryCheck       *check,
                          GantrySnapshot    *snapshot,
                          GantryEnvironment *environment)
{
  const char * const *dev_accounts = gantry_environment_get_dev_accounts (environment);
  g_autoptr(GPtrArray) repositories = dup_selected (snapshot);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *accounts = NULL;
  GantryCheckResult *result;

  if (dev_accounts == NULL || dev_accounts[0] == NULL)
    return gantry_check_result_new (GANTRY_CHECK_STATUS_NOT_APPLICABLE,
                                    _("No dev account is configured (DevAccounts in the "
                                      "environment, or --dev-account)."));
  if (repositories->len == 0)
    return no_repositories (snapshot);

  for (guint i = 0; i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = repositories->pdata[i];
      g_auto(PolicyVerdict) verdict = { FALSE, FALSE, NULL };
      gboolean found;
      const char *text = policy_text_of (snapshot, repository->name, &found);

      if (!found)
        {
          append (problems, _("the policy of %s was not read"), repository->name);
          continue;
        }
      judge_policy (text, dev_accounts, &verdict);
      if (text == NULL)
        append (problems, _("%s has no repository policy"), repository->name);
      else if (verdict.unreadable)
        append (problems, _("the policy of %s is not JSON"), repository->name);
      else if (verdict.missing_accounts[0] != NULL)
        {
          g_autofree char *missing = g_strjoinv (", ", verdict.missing_accounts);

          append (problems, _("%s does not grant the root of %s all seven push/pull actions"),
                  repository->name, missing);
        }
      if (verdict.everyone)
        append (problems, _("%s allows the principal “*”"), repository->name);
    }

  accounts = g_strjoinv (", ", (char **) dev_accounts);
  if (problems->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("Every repository grants %s push and pull, and "
                                               "nobody else."), accounts);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
  for (guint i = 0; i < repositories->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEcrRepository *) repositories->pdata[i])->name);
  return result;
}

/* Returns: (transfer full) (nullable): the policy text to set, %NULL when
 * nothing is missing or the policy cannot be read */
static char *
fixed_policy (const char         *text,
              const char * const *dev_accounts)
{
  g_auto(PolicyVerdict) verdict = { FALSE, FALSE, NULL };

  judge_policy (text, dev_accounts, &verdict);
  if (verdict.unreadable || verdict.missing_accounts[0] == NULL)
    return NULL;
  return merge_policy (text, (const char * const *) verdict.missing_accounts);
}

static GPtrArray *
ecr_cross_account_describe_fix (GantryCheck       *check,
                                GantrySnapshot    *snapshot,
                                GantryEnvironment *environment)
{
  const char * const *dev_accounts = gantry_environment_get_dev_accounts (environment);
  g_autoptr(GPtrArray) repositories = dup_selected (snapshot);
  GPtrArray *calls = _gantry_fix_calls_new ();

  for (guint i = 0; dev_accounts != NULL && dev_accounts[0] != NULL && i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = repositories->pdata[i];
      gboolean found;
      const char *text = policy_text_of (snapshot, repository->name, &found);
      g_autofree char *merged = found ? fixed_policy (text, dev_accounts) : NULL;
      g_autofree char *parameters = NULL;

      if (merged == NULL)
        continue;
      parameters = g_strdup_printf ("repositoryName=%s policyText=%s", repository->name, merged);
      g_ptr_array_add (calls, gantry_fix_call_new ("ecr", "SetRepositoryPolicy", parameters));
    }
  return calls;
}

/* One repository at a time, so that a refusal part-way can be undone. */
typedef struct
{
  GantryAwsEcr *ecr;
  GStrv         repositories;
  GStrv         dev_accounts;
  guint         next;
  GPtrArray    *done;         /* (element-type RepositoryUndo) */
  GError       *error;
  gboolean      scan_on_push; /* for ecr.scan-on-push */
} EcrFix;

typedef struct
{
  char *repository;
  char *old_text;  /* (nullable): the policy before, NULL if there was none */
} RepositoryUndo;

static void
repository_undo_free (RepositoryUndo *undo)
{
  g_free (undo->repository);
  g_free (undo->old_text);
  g_free (undo);
}

static void
ecr_fix_free (EcrFix *fix)
{
  g_clear_object (&fix->ecr);
  g_strfreev (fix->repositories);
  g_strfreev (fix->dev_accounts);
  g_ptr_array_unref (fix->done);
  g_clear_error (&fix->error);
  g_free (fix);
}

static EcrFix *
ecr_fix_new (GantrySnapshot    *snapshot,
             GantryEnvironment *environment,
             GPtrArray         *repositories)
{
  EcrFix *fix = g_new0 (EcrFix, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < repositories->len; i++)
    g_strv_builder_add (builder, ((GantryAwsEcrRepository *) repositories->pdata[i])->name);
  fix->ecr = gantry_aws_ecr_new (gantry_snapshot_get_client (snapshot));
  fix->repositories = g_strv_builder_end (builder);
  fix->dev_accounts = g_strdupv ((char **) gantry_environment_get_dev_accounts (environment));
  fix->done = g_ptr_array_new_with_free_func ((GDestroyNotify) repository_undo_free);
  return fix;
}

static void policy_fix_next (GTask *task);
static void policy_fix_undo (GTask *task);

static void
policy_fix_undo_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EcrFix *fix = g_task_get_task_data (task);
  RepositoryUndo *undo = g_ptr_array_steal_index (fix->done, fix->done->len - 1);
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ecr_set_repository_policy_finish (GANTRY_AWS_ECR (object), result, &error))
    g_prefix_error (&fix->error, _("Restoring the policy of %s failed too (%s): "),
                    undo->repository, error->message);
  repository_undo_free (undo);
  policy_fix_undo (g_steal_pointer (&task));
}

/* Puts back the policies already replaced, newest first, then fails. */
static void
policy_fix_undo (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  EcrFix *fix = g_task_get_task_data (task);
  RepositoryUndo *undo;

  while (fix->done->len > 0)
    {
      undo = fix->done->pdata[fix->done->len - 1];
      if (undo->old_text != NULL)
        {
          /* Not cancellable: the account must not stay half-changed. */
          gantry_aws_ecr_set_repository_policy_async (fix->ecr, undo->repository,
                                                      undo->old_text, NULL, policy_fix_undo_cb,
                                                      g_steal_pointer (&task));
          return;
        }
      g_prefix_error (&fix->error, _("%s had no policy before and keeps the new one: "),
                      undo->repository);
      g_ptr_array_remove_index (fix->done, fix->done->len - 1);
    }
  g_task_return_error (task, g_steal_pointer (&fix->error));
}

static void
policy_fix_set_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EcrFix *fix = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ecr_set_repository_policy_finish (GANTRY_AWS_ECR (object), result, &error))
    {
      RepositoryUndo *undo = g_ptr_array_steal_index (fix->done, fix->done->len - 1);

      g_prefix_error (&error, _("The policy of %s was not changed: "), undo->repository);
      repository_undo_free (undo);
      fix->error = g_steal_pointer (&error);
      policy_fix_undo (g_steal_pointer (&task));
      return;
    }
  policy_fix_next (g_steal_pointer (&task));
}

static void
policy_fix_get_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  EcrFix *fix = g_task_get_task_data (task);
  const char *repository = fix->repositories[fix->next - 1];
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *merged = NULL;
  RepositoryUndo *undo;

  /* The policy as it is now, not as the snapshot saw it: nothing anyone
   * added since is dropped, and a second run finds nothing to do. */
  text = gantry_aws_ecr_get_repository_policy_finish (GANTRY_AWS_ECR (object), result, &error);
  if (text == NULL &&
      !gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND))
    {
      fix->error = g_steal_pointer (&error);
      policy_fix_undo (g_steal_pointer (&task));
      return;
    }
  merged = fixed_policy (text, (const char * const *) fix->dev_accounts);
  if (merged == NULL)
    {
      policy_fix_next (g_steal_pointer (&task));
      return;
    }
  undo = g_new0 (RepositoryUndo, 1);
  undo->repository = g_strdup (repository);
  undo->old_text = g_steal_pointer (&text);
  g_ptr_array_add (fix->done, undo);
  gantry_aws_ecr_set_repository_policy_async (fix->ecr, repository, merged,
                                              cancellable, policy_fix_set_cb,
                                              g_steal_pointer (&task));
}

static void
policy_fix_next (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  EcrFix *fix = g_task_get_task_data (task);
  const char *repository = fix->repositories[fix->next];

  if (repository == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  fix->next++;
  gantry_aws_ecr_get_repository_policy_async (fix->ecr, repository, cancellable,
                                              policy_fix_get_cb, g_steal_pointer (&task));
}

static void
ecr_cross_account_apply_fix (GantryCheck       *check,
                             GantrySnapshot    *snapshot,
                             GantryEnvironment *environment,
                             GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  const char * const *dev_accounts = gantry_environment_get_dev_accounts (environment);
  g_autoptr(GPtrArray) repositories = dup_selected (snapshot);

  if (dev_accounts == NULL || dev_accounts[0] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, ecr_fix_new (snapshot, environment, repositories),
                        (GDestroyNotify) ecr_fix_free);
  policy_fix_next (g_steal_pointer (&task));
}

/* --- ecr.tags-mutable ------------------------------------------------------------- */

static gboolean
tag_matches_any (GPtrArray  *filters,
                 const char *tag,
                 const char **filter_out)
{
  for (guint i = 0; i < filters->len; i++)
    {
      GantryAwsEcrTagFilter *filter = filters->pdata[i];

      /* ECR's WILDCARD filters know only "*". */
      if (filter->filter != NULL && g_pattern_match_simple (filter->filter, tag))
        {
          *filter_out = filter->filter;
          return TRUE;
        }
    }
  return FALSE;
}

static GantryCheckResult *
ecr_tags_mutable (GantryCheck       *check,
                  GantrySnapshot    *snapshot,
                  GantryEnvironment *environment)
{
  g_autoptr(GPtrArray) repositories = dup_selected (snapshot);
  const char *tags[] = {
    gantry_environment_get_candidate_tag (environment),
    gantry_environment_get_latest_tag (environment),
  };
  g_autoptr(GString) problems = g_string_new (NULL);
  GantryCheckResult *result;

  if (repositories->len == 0)
    return no_repositories (snapshot);

  for (guint i = 0; i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = repositories->pdata[i];

      for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
        {
          const char *filter = NULL;

          switch (repository->tag_mutability)
            {
            case GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE:
              break;
            case GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE:
              if (t == 0)
                append (problems, _("every tag of %s is immutable, so %s and %s cannot move"),
                        repository->name, tags[0], tags[1]);
              break;
            case GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION:
              if (!tag_matches_any (repository->exclusion_filters, tags[t], &filter))
                append (problems, _("%s of %s is immutable: no exclusion filter covers it"),
                        tags[t], repository->name);
              break;
            case GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE_WITH_EXCLUSION:
              if (tag_matches_any (repository->exclusion_filters, tags[t], &filter))
                append (problems, _("%s of %s is immutable: the exclusion %s covers it"),
                        tags[t], repository->name, filter);
              break;
            case GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN:
            default:
              if (t == 0)
                append (problems,
                        _("%s has the tag mutability “%s”, which Gantry does not know"),
                        repository->name,
                        repository->tag_mutability_text ? repository->tag_mutability_text : "?");
              break;
            }
        }
    }

  if (problems->len == 0)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_PASS,
                                             _("%s and %s can move in every repository."),
                                             tags[0], tags[1]);
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_FAIL, "%s.", problems->str);
  for (guint i = 0; i < repositories->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEcrRepository *) repositories->pdata[i])->name);
  return result;
}

/* --- ecr.scan-on-push ----------------------------------------------------------- */

static GPtrArray *
dup_unscanned (GantrySnapshot *snapshot)
{
  GPtrArray *repositories = dup_selected (snapshot);

  for (guint i = repositories->len; i > 0; i--)
    if (((GantryAwsEcrRepository *) repositories->pdata[i - 1])->scan_on_push)
      g_ptr_array_remove_index (repositories, i - 1);
  return repositories;
}

static GantryCheckResult *
ecr_scan_on_push (GantryCheck       *check,
                  GantrySnapshot    *snapshot,
                  GantryEnvironment *environment)
{
  g_autoptr(GPtrArray) repositories = dup_selected (snapshot);
  g_autoptr(GPtrArray) unscanned = dup_unscanned (snapshot);
  g_autoptr(GString) names = g_string_new (NULL);
  GantryCheckResult *result;

  if (repositories->len == 0)
    return no_repositories (snapshot);

  for (guint i = 0; i < unscanned->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((GantryAwsEcrRepository *) unscanned->pdata[i])->name);
  if (unscanned->len == 0)
    result = gantry_check_result_new (GANTRY_CHECK_STATUS_PASS,
                                      _("Every repository scans images on push."));
  else
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_WARN,
                                             _("Images pushed to %s are not scanned."),
                                             names->str);
  for (guint i = 0; i < repositories->len; i++)
    gantry_check_result_add_resource (result,
                                      ((GantryAwsEcrRepository *) repositories->pdata[i])->name);
  return result;
}

static GPtrArray *
ecr_scan_on_push_describe_fix (GantryCheck       *check,
                               GantrySnapshot    *snapshot,
                               GantryEnvironment *environment)
{
  g_autoptr(GPtrArray) unscanned = dup_unscanned (snapshot);
  GPtrArray *calls = _gantry_fix_calls_new ();

  for (guint i = 0; i < unscanned->len; i++)
    {
      g_autofree char *parameters =
        g_strdup_printf ("repositoryName=%s imageScanningConfiguration={scanOnPush=true}",
                         ((GantryAwsEcrRepository *) unscanned->pdata[i])->name);

      g_ptr_array_add (calls, gantry_fix_call_new ("ecr", "PutImageScanningConfiguration",
                                                   parameters));
    }
  return calls;
}

static void scan_fix_next (GTask *task);

static void
scan_fix_undo_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EcrFix *fix = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ecr_put_image_scanning_configuration_finish (GANTRY_AWS_ECR (object), result,
                                                               &error))
    g_prefix_error (&fix->error, _("Turning scan on push off again failed too (%s): "),
                    error->message);
  scan_fix_next (g_steal_pointer (&task));
}

static void
scan_fix_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EcrFix *fix = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_aws_ecr_put_image_scanning_configuration_finish (GANTRY_AWS_ECR (object), result,
                                                               &error))
    {
      g_prefix_error (&error, _("Scan on push was not turned on for %s: "),
                      fix->repositories[fix->next - 1]);
      fix->error = g_steal_pointer (&error);
    }
  else
    {
      RepositoryUndo *undo = g_new0 (RepositoryUndo, 1);

      undo->repository = g_strdup (fix->repositories[fix->next - 1]);
      g_ptr_array_add (fix->done, undo);
    }
  scan_fix_next (g_steal_pointer (&task));
}

/* Turns scan on push on for each repository; after a refusal, turns it
 * off again where it was turned on, so the account is as it was. */
static void
scan_fix_next (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  EcrFix *fix = g_task_get_task_data (task);

  if (fix->error != NULL)
    {
      if (fix->done->len == 0)
        {
          g_task_return_error (task, g_steal_pointer (&fix->error));
          return;
        }
      {
        RepositoryUndo *undo = g_ptr_array_steal_index (fix->done, fix->done->len - 1);

        gantry_aws_ecr_put_image_scanning_configuration_async (fix->ecr, undo->repository, FALSE,
                                                               NULL, scan_fix_undo_cb,
                                                               g_steal_pointer (&task));
        repository_undo_free (undo);
      }
      return;
    }
  if (fix->repositories[fix->next] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  gantry_aws_ecr_put_image_scanning_configuration_async (fix->ecr,
                                                         fix->repositories[fix->next++], TRUE,
                                                         cancellable,
                                                         scan_fix_cb, g_steal_pointer (&task));
}

static void
ecr_scan_on_push_apply_fix (GantryCheck       *check,
                            GantrySnapshot    *snapshot,
                            GantryEnvironment *environment,
                            GTask             *task_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(GPtrArray) unscanned = dup_unscanned (snapshot);

  g_task_set_task_data (task, ecr_fix_new (snapshot, environment, unscanned),
                        (GDestroyNotify) ecr_fix_free);
  scan_fix_next (g_steal_pointer (&task));
}

const GantryCheckInfo _gantry_checks_ecs[] = {
  {
    "ecs.container-insights", "ecs", N_("Container Insights is on"),
    GANTRY_CHECK_SEVERITY_MEDIUM,
    N_("Container Insights collects the cluster's CPU, memory and task metrics, so problems "
       "show in CloudWatch before users report them."),
    GANTRY_SNAPSHOT_NEEDS (ECS_CLUSTERS),
    ecs_container_insights, ecs_container_insights_describe_fix, ecs_container_insights_apply_fix,
  },
  {
    "ecs.private-networking", "ecs", N_("Services run privately behind their own group"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The Fargate tasks run in the private subnets with the ECS security group and no public "
       "IP, reachable only through the load balancer."),
    NEEDS_SERVICES | GANTRY_SNAPSHOT_NEEDS (VPCS) | GANTRY_SNAPSHOT_NEEDS (SUBNETS) |
    GANTRY_SNAPSHOT_NEEDS (ROUTE_TABLES) | GANTRY_SNAPSHOT_NEEDS (SECURITY_GROUPS) |
    GANTRY_SNAPSHOT_NEEDS (LOAD_BALANCERS) | GANTRY_SNAPSHOT_NEEDS (DB_CLUSTERS) |
    GANTRY_SNAPSHOT_NEEDS (DB_SUBNET_GROUPS),
    ecs_private_networking, NULL, NULL,
  },
  {
    "ecs.task-family-matches-service", "ecs", N_("Each service runs its own task"),
    GANTRY_CHECK_SEVERITY_CRITICAL,
    N_("Make sure you are updating the right service with the right task: the runbook's common "
       "mistake is updating the prod-app service with the prod-api-task."),
    NEEDS_SERVICES, ecs_task_family, NULL, NULL,
  },
  {
    "ecs.circuit-breaker", "ecs", N_("Failed deployments roll back"),
    GANTRY_CHECK_SEVERITY_MEDIUM,
    N_("With the deployment circuit breaker and rollback, a release whose tasks keep failing "
       "returns to the last working one by itself."),
    NEEDS_SERVICES, ecs_circuit_breaker, NULL, NULL,
  },
  {
    "ecs.logging", "ecs", N_("Containers log to CloudWatch"),
    GANTRY_CHECK_SEVERITY_MEDIUM,
    N_("Every container sends its output through the awslogs driver to a log group that "
       "exists, so a failing task leaves its reason behind."),
    NEEDS_TASKS | GANTRY_SNAPSHOT_NEEDS (LOG_GROUPS), ecs_logging, NULL, NULL,
  },
  { NULL }
};

const GantryCheckInfo _gantry_checks_ecr[] = {
  {
    "ecr.repositories", "ecr", N_("The services' repositories exist here"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Production runs images from this account's ECR, where candidates are promoted; a "
       "task pointing elsewhere cannot be promoted or rolled back."),
    NEEDS_TASKS | GANTRY_SNAPSHOT_NEEDS (IDENTITY) | GANTRY_SNAPSHOT_NEEDS (REPOSITORIES),
    ecr_repositories, NULL, NULL,
  },
  {
    "ecr.cross-account-policy", "ecr", N_("The dev account may push and pull"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("The repository policy grants the dev account root the seven push and pull actions "
       "and nobody else, so the pipeline can move images between accounts."),
    NEEDS_SELECTED_REPOSITORIES,
    ecr_cross_account_policy, ecr_cross_account_describe_fix, ecr_cross_account_apply_fix,
  },
  {
    "ecr.tags-mutable", "ecr", N_("The promotion tags can move"),
    GANTRY_CHECK_SEVERITY_HIGH,
    N_("Promotion re-tags prod-candidate as prod-latest, so those two tags must stay "
       "mutable, or be excluded from immutability."),
    NEEDS_SELECTED_REPOSITORIES, ecr_tags_mutable, NULL, NULL,
  },
  {
    "ecr.scan-on-push", "ecr", N_("Images are scanned on push"),
    GANTRY_CHECK_SEVERITY_LOW,
    N_("Scanning each image as it is pushed shows known vulnerabilities before the image is "
       "promoted to production."),
    NEEDS_SELECTED_REPOSITORIES,
    ecr_scan_on_push, ecr_scan_on_push_describe_fix, ecr_scan_on_push_apply_fix,
  },
  { NULL }
};
