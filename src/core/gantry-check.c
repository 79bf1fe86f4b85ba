/* gantry-check.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A check judges one runbook rule against an account snapshot. Evaluating
 * is pure (the snapshot was gathered once, up front), so every check is
 * unit-testable from recorded replies; only a fix talks to AWS.
 */

#define G_LOG_DOMAIN "gantry-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-check-private.h"
#include "gantry-error.h"

/* --- enums --------------------------------------------------------------- */

/**
 * gantry_check_status_to_string:
 *
 * Returns: the status as the JSON report writes it, e.g. "not-applicable"
 */
const char *
gantry_check_status_to_string (GantryCheckStatus status)
{
  switch (status)
    {
    case GANTRY_CHECK_STATUS_PASS:
      return "pass";
    case GANTRY_CHECK_STATUS_FAIL:
      return "fail";
    case GANTRY_CHECK_STATUS_WARN:
      return "warn";
    case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
      return "not-applicable";
    case GANTRY_CHECK_STATUS_ERROR:
      return "error";
    default:
      g_return_val_if_reached ("error");
    }
}

const char *
gantry_check_severity_to_string (GantryCheckSeverity severity)
{
  switch (severity)
    {
    case GANTRY_CHECK_SEVERITY_CRITICAL:
      return "critical";
    case GANTRY_CHECK_SEVERITY_HIGH:
      return "high";
    case GANTRY_CHECK_SEVERITY_MEDIUM:
      return "medium";
    case GANTRY_CHECK_SEVERITY_LOW:
      return "low";
    default:
      g_return_val_if_reached ("low");
    }
}

/**
 * gantry_check_group_get_title:
 * @group: a group ID such as "security-groups"
 *
 * Returns: the group's translated title, or @group itself if unknown
 */
const char *
gantry_check_group_get_title (const char *group)
{
  static const struct
  {
    const char *id;
    const char *title;
  } groups[] = {
    { "network", N_("Network") },
    { "security-groups", N_("Security groups") },
    { "database", N_("Database") },
    { "load-balancer", N_("Load balancer") },
    { "ecs", N_("ECS") },
    { "ecr", N_("ECR") },
    { "operations", N_("Operations") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_strcmp0 (groups[i].id, group) == 0)
      return _(groups[i].title);
  return group;
}

/* --- GantryFixCall ------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (GantryFixCall, gantry_fix_call, gantry_fix_call_copy, gantry_fix_call_free)

GantryFixCall *
gantry_fix_call_new (const char *service,
                     const char *action,
                     const char *parameters)
{
  GantryFixCall *call = g_new0 (GantryFixCall, 1);

  call->service = g_strdup (service);
  call->action = g_strdup (action);
  call->parameters = g_strdup (parameters);
  return call;
}

GantryFixCall *
gantry_fix_call_copy (const GantryFixCall *call)
{
  return gantry_fix_call_new (call->service, call->action, call->parameters);
}

void
gantry_fix_call_free (GantryFixCall *call)
{
  if (call == NULL)
    return;
  g_free (call->service);
  g_free (call->action);
  g_free (call->parameters);
  g_free (call);
}

/**
 * gantry_fix_call_to_string:
 *
 * Returns: (transfer full): e.g. "ec2:CreateNetworkAclEntry NetworkAclId=acl-1 …"
 */
char *
gantry_fix_call_to_string (const GantryFixCall *call)
{
  if (call->parameters == NULL || *call->parameters == '\0')
    return g_strdup_printf ("%s:%s", call->service, call->action);
  return g_strdup_printf ("%s:%s %s", call->service, call->action, call->parameters);
}

GPtrArray *
_gantry_fix_calls_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_fix_call_free);
}

/* --- GantryCheckResult --------------------------------------------------- */

struct _GantryCheckResult
{
  GObject            parent_instance;

  GantryCheck       *check;
  GantryCheckStatus  status;
  char              *detail;
  GPtrArray         *resources;  /* NULL-terminated */
  GPtrArray         *fix_calls;  /* (element-type GantryFixCall) */
  char              *waiver_reason;
};

G_DEFINE_FINAL_TYPE (GantryCheckResult, gantry_check_result, G_TYPE_OBJECT)

static void
gantry_check_result_finalize (GObject *object)
{
  GantryCheckResult *self = GANTRY_CHECK_RESULT (object);

  g_clear_object (&self->check);
  g_free (self->detail);
  g_ptr_array_unref (self->resources);
  g_ptr_array_unref (self->fix_calls);
  g_free (self->waiver_reason);

  G_OBJECT_CLASS (gantry_check_result_parent_class)->finalize (object);
}

static void
gantry_check_result_class_init (GantryCheckResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_check_result_finalize;
}

static void
gantry_check_result_init (GantryCheckResult *self)
{
  self->resources = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->fix_calls = _gantry_fix_calls_new ();
}

/**
 * gantry_check_result_new:
 * @detail: one sentence with the evidence
 *
 * Returns: (transfer full): a result; gantry_check_evaluate() ties it to its check
 */
GantryCheckResult *
gantry_check_result_new (GantryCheckStatus  status,
                         const char        *detail)
{
  GantryCheckResult *self = g_object_new (GANTRY_TYPE_CHECK_RESULT, NULL);

  self->status = status;
  self->detail = g_strdup (detail);
  return self;
}

GantryCheckResult *
gantry_check_result_new_printf (GantryCheckStatus  status,
                                const char        *format,
                                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  return gantry_check_result_new (status, detail);
}

/**
 * gantry_check_result_add_resource:
 * @resource: a resource ID or ARN that is evidence for the verdict
 *
 * Adds @resource once; repeats are ignored.
 */
void
gantry_check_result_add_resource (GantryCheckResult *self,
                                  const char        *resource)
{
  g_return_if_fail (GANTRY_IS_CHECK_RESULT (self));

  if (resource == NULL)
    return;
  for (guint i = 0; i < self->resources->len; i++)
    if (g_str_equal (g_ptr_array_index (self->resources, i), resource))
      return;
  g_ptr_array_add (self->resources, g_strdup (resource));
}

void
_gantry_check_result_set_check (GantryCheckResult *self,
                                GantryCheck       *check)
{
  g_set_object (&self->check, check);
}

void
_gantry_check_result_set_fix_calls (GantryCheckResult *self,
                                    GPtrArray         *calls)
{
  g_ptr_array_set_size (self->fix_calls, 0);
  for (guint i = 0; calls != NULL && i < calls->len; i++)
    g_ptr_array_add (self->fix_calls, gantry_fix_call_copy (g_ptr_array_index (calls, i)));
}

void
_gantry_check_result_set_waiver (GantryCheckResult *self,
                                 const char        *reason)
{
  g_free (self->waiver_reason);
  self->waiver_reason = g_strdup (reason);
}

/**
 * gantry_check_result_get_check:
 *
 * Returns: (transfer none) (nullable): the check that produced the result
 */
GantryCheck *
gantry_check_result_get_check (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return self->check;
}

const char *
gantry_check_result_get_check_id (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return self->check != NULL ? gantry_check_get_id (self->check) : NULL;
}

GantryCheckStatus
gantry_check_result_get_status (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), GANTRY_CHECK_STATUS_ERROR);
  return self->status;
}

const char *
gantry_check_result_get_detail (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return self->detail;
}

/**
 * gantry_check_result_get_resources:
 *
 * Returns: (transfer none): the evidence, never %NULL
 */
const char * const *
gantry_check_result_get_resources (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return (const char * const *) self->resources->pdata;
}

/**
 * gantry_check_result_get_fix_available:
 *
 * Returns: whether a fix would change something for this result
 */
gboolean
gantry_check_result_get_fix_available (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), FALSE);
  return self->fix_calls->len > 0;
}

/**
 * gantry_check_result_get_fix_calls:
 *
 * Returns: (transfer none) (element-type GantryFixCall): the calls a fix would make
 */
GPtrArray *
gantry_check_result_get_fix_calls (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return self->fix_calls;
}

gboolean
gantry_check_result_get_waived (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), FALSE);
  return self->waiver_reason != NULL;
}

/**
 * gantry_check_result_get_waiver_reason:
 *
 * Returns: (nullable): why the risk was accepted
 */
const char *
gantry_check_result_get_waiver_reason (GantryCheckResult *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK_RESULT (self), NULL);
  return self->waiver_reason;
}

/* --- GantryCheck --------------------------------------------------------- */

typedef struct
{
  char                *id;
  char                *group;
  char                *title;
  char                *why;
  GantryCheckSeverity  severity;
  guint64              needs;
} GantryCheckPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GantryCheck, gantry_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_GROUP,
  PROP_TITLE,
  PROP_WHY,
  PROP_SEVERITY,
  PROP_NEEDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gantry_check_finalize (GObject *object)
{
  GantryCheckPrivate *priv = gantry_check_get_instance_private (GANTRY_CHECK (object));

  g_free (priv->id);
  g_free (priv->group);
  g_free (priv->title);
  g_free (priv->why);

  G_OBJECT_CLASS (gantry_check_parent_class)->finalize (object);
}

static void
gantry_check_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GantryCheckPrivate *priv = gantry_check_get_instance_private (GANTRY_CHECK (object));

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_GROUP:
      g_value_set_string (value, priv->group);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_WHY:
      g_value_set_string (value, priv->why);
      break;
    case PROP_SEVERITY:
      g_value_set_uint (value, priv->severity);
      break;
    case PROP_NEEDS:
      g_value_set_uint64 (value, priv->needs);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_check_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GantryCheckPrivate *priv = gantry_check_get_instance_private (GANTRY_CHECK (object));

  switch (prop_id)
    {
    case PROP_ID:
      priv->id = g_value_dup_string (value);
      break;
    case PROP_GROUP:
      priv->group = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      priv->title = g_value_dup_string (value);
      break;
    case PROP_WHY:
      priv->why = g_value_dup_string (value);
      break;
    case PROP_SEVERITY:
      priv->severity = g_value_get_uint (value);
      break;
    case PROP_NEEDS:
      priv->needs = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_check_class_init (GantryCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_check_finalize;
  object_class->get_property = gantry_check_get_property;
  object_class->set_property = gantry_check_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_WHY] = g_param_spec_string ("why", NULL, NULL, NULL, flags);
  properties[PROP_SEVERITY] = g_param_spec_uint ("severity", NULL, NULL,
                                                 GANTRY_CHECK_SEVERITY_CRITICAL,
                                                 GANTRY_CHECK_SEVERITY_LOW,
                                                 GANTRY_CHECK_SEVERITY_MEDIUM, flags);
  properties[PROP_NEEDS] = g_param_spec_uint64 ("needs", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_check_init (GantryCheck *self)
{
}

#define PRIV(self) ((GantryCheckPrivate *) gantry_check_get_instance_private (self))

const char *
gantry_check_get_id (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);
  return PRIV (self)->id;
}

const char *
gantry_check_get_group (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);
  return PRIV (self)->group;
}

/**
 * gantry_check_get_title:
 *
 * Returns: the translated title
 */
const char *
gantry_check_get_title (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);
  return _(PRIV (self)->title);
}

/**
 * gantry_check_get_why:
 *
 * Returns: the translated reason from the runbooks
 */
const char *
gantry_check_get_why (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);
  return _(PRIV (self)->why);
}

GantryCheckSeverity
gantry_check_get_severity (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), GANTRY_CHECK_SEVERITY_LOW);
  return PRIV (self)->severity;
}

/**
 * gantry_check_get_needs:
 *
 * Returns: the snapshot sources the check reads, as GANTRY_SNAPSHOT_NEEDS() bits
 */
guint64
gantry_check_get_needs (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), 0);
  return PRIV (self)->needs;
}

static gboolean table_check_has_fix (GantryCheck *self);

gboolean
gantry_check_get_has_fix (GantryCheck *self)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), FALSE);
  return GANTRY_CHECK_GET_CLASS (self)->apply_fix_async != NULL && table_check_has_fix (self);
}

/**
 * gantry_check_evaluate:
 *
 * Judges @snapshot. When a source the check needs could not be read, the
 * result is %GANTRY_CHECK_STATUS_ERROR naming what is missing, never a
 * guess. A failing result carries the fix's calls when there is a fix, and
 * the environment's waiver if one was recorded.
 *
 * Returns: (transfer full): the result
 */
GantryCheckResult *
gantry_check_evaluate (GantryCheck       *self,
                       GantrySnapshot    *snapshot,
                       GantryEnvironment *environment)
{
  GantryCheckClass *klass;
  g_autoptr(GantryCheckResult) result = NULL;
  g_autofree char *errors = NULL;

  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);
  g_return_val_if_fail (GANTRY_IS_SNAPSHOT (snapshot), NULL);
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);

  klass = GANTRY_CHECK_GET_CLASS (self);
  errors = gantry_snapshot_describe_errors (snapshot, PRIV (self)->needs);

  if (errors != NULL)
    result = gantry_check_result_new_printf (GANTRY_CHECK_STATUS_ERROR,
                                             _("Could not evaluate: %s"), errors);
  else
    result = klass->evaluate (self, snapshot, environment);

  _gantry_check_result_set_check (result, self);

  if ((result->status == GANTRY_CHECK_STATUS_FAIL || result->status == GANTRY_CHECK_STATUS_WARN) &&
      klass->describe_fix != NULL && klass->apply_fix_async != NULL)
    {
      g_autoptr(GPtrArray) calls = klass->describe_fix (self, snapshot, environment);

      _gantry_check_result_set_fix_calls (result, calls);
    }

  if (result->status != GANTRY_CHECK_STATUS_PASS)
    _gantry_check_result_set_waiver (result,
                                     gantry_environment_get_waiver (environment, PRIV (self)->id));

  return g_steal_pointer (&result);
}

/**
 * gantry_check_describe_fix:
 *
 * Returns: (transfer full) (element-type GantryFixCall): the calls a fix
 *   would make now; empty when there is no fix or nothing to do
 */
GPtrArray *
gantry_check_describe_fix (GantryCheck       *self,
                           GantrySnapshot    *snapshot,
                           GantryEnvironment *environment)
{
  GantryCheckClass *klass;
  g_autofree char *errors = NULL;

  g_return_val_if_fail (GANTRY_IS_CHECK (self), NULL);

  klass = GANTRY_CHECK_GET_CLASS (self);
  errors = gantry_snapshot_describe_errors (snapshot, PRIV (self)->needs);
  if (klass->describe_fix == NULL || errors != NULL)
    return _gantry_fix_calls_new ();
  return klass->describe_fix (self, snapshot, environment);
}

/**
 * gantry_check_apply_fix_async:
 *
 * Makes the calls gantry_check_describe_fix() listed for @snapshot. A fix
 * is idempotent, and one that fails part-way undoes what it did.
 */
void
gantry_check_apply_fix_async (GantryCheck         *self,
                              GantrySnapshot      *snapshot,
                              GantryEnvironment   *environment,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GantryCheckClass *klass;

  g_return_if_fail (GANTRY_IS_CHECK (self));
  g_return_if_fail (GANTRY_IS_SNAPSHOT (snapshot));

  klass = GANTRY_CHECK_GET_CLASS (self);
  if (klass->apply_fix_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, gantry_check_apply_fix_async,
                               GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                               _("The check “%s” has no automatic fix."), PRIV (self)->id);
      return;
    }
  klass->apply_fix_async (self, snapshot, environment, cancellable, callback, user_data);
}

gboolean
gantry_check_apply_fix_finish (GantryCheck   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (GANTRY_IS_CHECK (self), FALSE);

  if (g_async_result_is_tagged (result, gantry_check_apply_fix_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return GANTRY_CHECK_GET_CLASS (self)->apply_fix_finish (self, result, error);
}

/* --- GantryTableCheck ---------------------------------------------------- */

struct _GantryTableCheck
{
  GantryCheck            parent_instance;
  const GantryCheckInfo *info;
};

G_DEFINE_FINAL_TYPE (GantryTableCheck, gantry_table_check, GANTRY_TYPE_CHECK)

/* Any other subclass has a fix exactly when it implements apply_fix_async. */
static gboolean
table_check_has_fix (GantryCheck *self)
{
  return !GANTRY_IS_TABLE_CHECK (self) || GANTRY_TABLE_CHECK (self)->info->apply_fix != NULL;
}

static GantryCheckResult *
gantry_table_check_evaluate (GantryCheck       *check,
                             GantrySnapshot    *snapshot,
                             GantryEnvironment *environment)
{
  return GANTRY_TABLE_CHECK (check)->info->evaluate (check, snapshot, environment);
}

static GPtrArray *
gantry_table_check_describe_fix (GantryCheck       *check,
                                 GantrySnapshot    *snapshot,
                                 GantryEnvironment *environment)
{
  const GantryCheckInfo *info = GANTRY_TABLE_CHECK (check)->info;

  if (info->describe_fix == NULL)
    return _gantry_fix_calls_new ();
  return info->describe_fix (check, snapshot, environment);
}

static void
gantry_table_check_apply_fix_async (GantryCheck         *check,
                                    GantrySnapshot      *snapshot,
                                    GantryEnvironment   *environment,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  const GantryCheckInfo *info = GANTRY_TABLE_CHECK (check)->info;
  g_autoptr(GTask) task = g_task_new (check, cancellable, callback, user_data);

  g_task_set_source_tag (task, gantry_table_check_apply_fix_async);

  if (info->apply_fix == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                               _("The check “%s” has no automatic fix."), info->id);
      return;
    }
  info->apply_fix (check, snapshot, environment, g_steal_pointer (&task));
}

static gboolean
gantry_table_check_apply_fix_finish (GantryCheck   *check,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, check), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gantry_table_check_class_init (GantryTableCheckClass *klass)
{
  GantryCheckClass *check_class = GANTRY_CHECK_CLASS (klass);

  check_class->evaluate = gantry_table_check_evaluate;
  check_class->describe_fix = gantry_table_check_describe_fix;
  check_class->apply_fix_async = gantry_table_check_apply_fix_async;
  check_class->apply_fix_finish = gantry_table_check_apply_fix_finish;
}

static void
gantry_table_check_init (GantryTableCheck *self)
{
}

/**
 * gantry_table_check_new:
 * @info: (transfer none): a row that outlives the check (a static table)
 *
 * Returns: (transfer full): the check
 */
GantryCheck *
gantry_table_check_new (const GantryCheckInfo *info)
{
  GantryTableCheck *self;

  g_return_val_if_fail (info != NULL && info->id != NULL && info->evaluate != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_TABLE_CHECK,
                       "id", info->id,
                       "group", info->group,
                       "title", info->title,
                       "why", info->why,
                       "severity", (guint) info->severity,
                       "needs", info->needs,
                       NULL);
  self->info = info;
  return GANTRY_CHECK (self);
}

/**
 * gantry_checks_new_all:
 *
 * Returns: (transfer full) (element-type GantryCheck): every check, in
 *   report order (grouped as the Setup page shows them)
 */
GPtrArray *
gantry_checks_new_all (void)
{
  const GantryCheckInfo *tables[] = {
    _gantry_checks_network,
    _gantry_checks_security_groups,
    _gantry_checks_database,
    _gantry_checks_load_balancer,
    _gantry_checks_ecs,
    _gantry_checks_ecr,
    _gantry_checks_operations,
  };
  GPtrArray *checks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const GantryCheckInfo *info = tables[t]; info->id != NULL; info++)
      g_ptr_array_add (checks, gantry_table_check_new (info));
  return checks;
}
