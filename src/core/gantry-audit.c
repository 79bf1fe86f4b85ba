/* gantry-audit.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs every check over one snapshot. Results go into a GListModel as soon
 * as the sources a check needs have settled, so the Setup page fills in
 * while slower calls are still out; the CLI reads the same model at the end.
 */

#define G_LOG_DOMAIN "gantry-audit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-audit.h"
#include "gantry-check-private.h"
#include "gantry-error.h"

struct _GantryAudit
{
  GObject            parent_instance;

  GantryAwsClient   *client;
  GantryEnvironment *environment;
  GPtrArray         *checks;     /* (element-type GantryCheck) in report order */
  GListStore        *results;    /* (element-type GantryCheckResult) in arrival order */
  GantrySnapshot    *snapshot;
  GHashTable        *evaluated;  /* check ID set for the current run */
  gulong             settled_id;
  GTask             *run_task;
};

G_DEFINE_FINAL_TYPE (GantryAudit, gantry_audit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gantry_audit_dispose (GObject *object)
{
  GantryAudit *self = GANTRY_AUDIT (object);

  if (self->snapshot != NULL)
    g_clear_signal_handler (&self->settled_id, self->snapshot);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (gantry_audit_parent_class)->dispose (object);
}

static void
gantry_audit_finalize (GObject *object)
{
  GantryAudit *self = GANTRY_AUDIT (object);

  g_ptr_array_unref (self->checks);
  g_hash_table_unref (self->evaluated);

  G_OBJECT_CLASS (gantry_audit_parent_class)->finalize (object);
}

static void
gantry_audit_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GantryAudit *self = GANTRY_AUDIT (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, gantry_audit_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_audit_class_init (GantryAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_audit_dispose;
  object_class->finalize = gantry_audit_finalize;
  object_class->get_property = gantry_audit_get_property;

  /**
   * GantryAudit:running:
   *
   * Whether an audit is gathering its snapshot.
   */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_audit_init (GantryAudit *self)
{
  self->checks = gantry_checks_new_all ();
  self->results = g_list_store_new (GANTRY_TYPE_CHECK_RESULT);
  self->evaluated = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * gantry_audit_new:
 *
 * Returns: (transfer full): an audit of @client's account against @environment
 */
GantryAudit *
gantry_audit_new (GantryAwsClient   *client,
                  GantryEnvironment *environment)
{
  GantryAudit *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (environment), NULL);

  self = g_object_new (GANTRY_TYPE_AUDIT, NULL);
  self->client = g_object_ref (client);
  self->environment = g_object_ref (environment);
  return self;
}

/**
 * gantry_audit_set_only:
 * @check_ids: (nullable): run only these checks; %NULL for all
 *
 * Unknown IDs are ignored here; the CLI validates them with
 * gantry_audit_find_check() first.
 */
void
gantry_audit_set_only (GantryAudit        *self,
                       const char * const *check_ids)
{
  g_return_if_fail (GANTRY_IS_AUDIT (self));
  g_return_if_fail (self->run_task == NULL);

  g_ptr_array_unref (self->checks);
  self->checks = gantry_checks_new_all ();
  if (check_ids == NULL)
    return;
  for (guint i = self->checks->len; i > 0; i--)
    if (!g_strv_contains (check_ids, gantry_check_get_id (self->checks->pdata[i - 1])))
      g_ptr_array_remove_index (self->checks, i - 1);
}

/**
 * gantry_audit_get_environment:
 *
 * Returns: (transfer none): the environment
 */
GantryEnvironment *
gantry_audit_get_environment (GantryAudit *self)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);
  return self->environment;
}

/**
 * gantry_audit_get_checks:
 *
 * Returns: (transfer none) (element-type GantryCheck): the checks, in report order
 */
GPtrArray *
gantry_audit_get_checks (GantryAudit *self)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);
  return self->checks;
}

/**
 * gantry_audit_find_check:
 *
 * Returns: (transfer none) (nullable): the check with ID @check_id
 */
GantryCheck *
gantry_audit_find_check (GantryAudit *self,
                         const char  *check_id)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    if (g_strcmp0 (gantry_check_get_id (self->checks->pdata[i]), check_id) == 0)
      return self->checks->pdata[i];
  return NULL;
}

/**
 * gantry_audit_get_results:
 *
 * The results of the current run, in the order they arrived. Items are
 * appended while the audit runs, and one is replaced in place after a fix.
 *
 * Returns: (transfer none): a #GListModel of #GantryCheckResult
 */
GListModel *
gantry_audit_get_results (GantryAudit *self)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);
  return G_LIST_MODEL (self->results);
}

static gboolean
find_result (GantryAudit *self,
             const char  *check_id,
             guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryCheckResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (g_strcmp0 (gantry_check_result_get_check_id (result), check_id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * gantry_audit_lookup_result:
 *
 * Returns: (transfer none) (nullable): the result of @check_id in this run
 */
GantryCheckResult *
gantry_audit_lookup_result (GantryAudit *self,
                            const char  *check_id)
{
  guint position;
  g_autoptr(GantryCheckResult) result = NULL;

  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);

  if (!find_result (self, check_id, &position))
    return NULL;
  /* The store keeps its reference; the borrowed pointer stays valid. */
  result = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  return result;
}

/* Puts @result in place of the check's earlier one (or at the end). */
static void
store_result (GantryAudit       *self,
              GantryCheckResult *result)
{
  guint position;

  if (find_result (self, gantry_check_result_get_check_id (result), &position))
    g_list_store_splice (self->results, position, 1, (gpointer *) &result, 1);
  else
    g_list_store_append (self->results, result);
}

/**
 * gantry_audit_reevaluate:
 * @check_id: a check of this audit
 *
 * Judges @check_id again on the snapshot already read, without calling AWS:
 * for a change of the environment, such as a waiver. The fresh result
 * replaces the earlier one in gantry_audit_get_results(), so the model, the
 * counts and the exports all agree with what the user was shown.
 *
 * Returns: (transfer full) (nullable): the fresh result, or %NULL if the
 *   audit has not read a snapshot yet or has no such check
 */
GantryCheckResult *
gantry_audit_reevaluate (GantryAudit *self,
                         const char  *check_id)
{
  GantryCheck *check;
  g_autoptr(GantryCheckResult) fresh = NULL;

  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);
  g_return_val_if_fail (check_id != NULL, NULL);

  check = gantry_audit_find_check (self, check_id);
  if (check == NULL || self->snapshot == NULL)
    return NULL;

  fresh = gantry_check_evaluate (check, self->snapshot, self->environment);
  store_result (self, fresh);
  return g_steal_pointer (&fresh);
}

/**
 * gantry_audit_get_snapshot:
 *
 * Returns: (transfer none) (nullable): the snapshot of the last run
 */
GantrySnapshot *
gantry_audit_get_snapshot (GantryAudit *self)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);
  return self->snapshot;
}

gboolean
gantry_audit_get_running (GantryAudit *self)
{
  g_return_val_if_fail (GANTRY_IS_AUDIT (self), FALSE);
  return self->run_task != NULL;
}

/**
 * gantry_audit_count:
 *
 * Returns: how many results of this run have @status (waived ones included)
 */
guint
gantry_audit_count (GantryAudit       *self,
                    GantryCheckStatus  status)
{
  guint n, count = 0;

  g_return_val_if_fail (GANTRY_IS_AUDIT (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryCheckResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (gantry_check_result_get_status (result) == status)
        count++;
    }
  return count;
}

/* Evaluates every check whose sources have all settled and that has no
 * result yet in this run. */
static void
evaluate_ready (GantryAudit *self)
{
  for (guint i = 0; i < self->checks->len; i++)
    {
      GantryCheck *check = self->checks->pdata[i];
      g_autoptr(GantryCheckResult) result = NULL;

      if (g_hash_table_contains (self->evaluated, gantry_check_get_id (check)) ||
          !gantry_snapshot_is_settled (self->snapshot, gantry_check_get_needs (check)))
        continue;

      g_hash_table_add (self->evaluated, (gpointer) gantry_check_get_id (check));
      result = gantry_check_evaluate (check, self->snapshot, self->environment);
      g_list_store_append (self->results, result);
    }
}

static void
source_settled_cb (GantrySnapshot *snapshot,
                   guint           source,
                   GantryAudit    *self)
{
  evaluate_ready (self);
}

static void
run_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAudit *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->run_task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (!gantry_snapshot_load_finish (GANTRY_SNAPSHOT (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  evaluate_ready (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * gantry_audit_run_async:
 *
 * Gathers a fresh snapshot and evaluates every check, replacing the
 * results of an earlier run. gantry_audit_get_results() fills in as the
 * sources arrive.
 */
void
gantry_audit_run_async (GantryAudit         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_AUDIT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_audit_run_async);

  if (self->run_task != NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                               _("An audit is already running."));
      return;
    }

  if (self->snapshot != NULL)
    g_clear_signal_handler (&self->settled_id, self->snapshot);
  g_clear_object (&self->snapshot);
  g_hash_table_remove_all (self->evaluated);
  g_list_store_remove_all (self->results);

  self->snapshot = gantry_snapshot_new (self->client, self->environment);
  self->settled_id = g_signal_connect (self->snapshot, "source-settled",
                                       G_CALLBACK (source_settled_cb), self);
  self->run_task = g_object_ref (task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  gantry_snapshot_load_async (self->snapshot, cancellable, run_loaded_cb,
                              g_steal_pointer (&task));
}

gboolean
gantry_audit_run_finish (GantryAudit   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- fixes ------------------------------------------------------------------ */

static void
fix_rechecked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAudit *self = g_task_get_source_object (task);
  GantryCheck *check = g_task_get_task_data (task);
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (!gantry_snapshot_load_finish (GANTRY_SNAPSHOT (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The fresh snapshot replaces the run's; it is complete, so no handler. */
  if (self->snapshot != NULL)
    g_clear_signal_handler (&self->settled_id, self->snapshot);
  g_set_object (&self->snapshot, GANTRY_SNAPSHOT (object));
  fresh = gantry_check_evaluate (check, self->snapshot, self->environment);
  store_result (self, fresh);
  g_task_return_pointer (task, g_steal_pointer (&fresh), g_object_unref);
}

static void
fix_applied_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GantryAudit *self = g_task_get_source_object (task);
  g_autoptr(GantrySnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  if (!gantry_check_apply_fix_finish (GANTRY_CHECK (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Re-read the account: the re-check judges what AWS now says, not what
   * the fix meant to do. */
  snapshot = gantry_snapshot_new (self->client, self->environment);
  gantry_snapshot_load_async (snapshot, cancellable, fix_rechecked_cb,
                              g_steal_pointer (&task));
}

/**
 * gantry_audit_fix_async:
 * @check_id: the check whose fix to apply
 *
 * Applies the fix of @check_id against the last run's snapshot, then
 * re-reads the account and replaces that check's result in the model.
 * Show gantry_check_result_get_fix_calls() and get consent first.
 */
void
gantry_audit_fix_async (GantryAudit         *self,
                        const char          *check_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GantryCheck *check;

  g_return_if_fail (GANTRY_IS_AUDIT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_audit_fix_async);

  check = gantry_audit_find_check (self, check_id);
  if (check == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND,
                               _("There is no check “%s”."), check_id);
      return;
    }
  if (self->snapshot == NULL || self->run_task != NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                               _("Run the audit to the end before fixing “%s”."), check_id);
      return;
    }

  g_task_set_task_data (task, g_object_ref (check), g_object_unref);
  gantry_check_apply_fix_async (check, self->snapshot, self->environment, cancellable,
                                fix_applied_cb, g_steal_pointer (&task));
}

/**
 * gantry_audit_fix_finish:
 *
 * Returns: (transfer full): the check's result after the fix
 */
GantryCheckResult *
gantry_audit_fix_finish (GantryAudit   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- reports -------------------------------------------------------------------- */

/* The results in report order (the order of the checks), not arrival order. */
static GPtrArray *
ordered_results (GantryAudit *self)
{
  GPtrArray *ordered = g_ptr_array_new ();

  for (guint i = 0; i < self->checks->len; i++)
    {
      GantryCheckResult *result = gantry_audit_lookup_result (
          self, gantry_check_get_id (self->checks->pdata[i]));

      if (result != NULL)
        g_ptr_array_add (ordered, result);
    }
  return ordered;
}

static char *
fix_description (GantryCheckResult *result)
{
  GPtrArray *calls = gantry_check_result_get_fix_calls (result);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < calls->len; i++)
    {
      g_autofree char *call = gantry_fix_call_to_string (calls->pdata[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", call);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * gantry_audit_to_json:
 * @generated_at: (nullable): the report's time; %NULL for now
 *
 * Returns: (transfer full): the report in the documented JSON shape
 */
JsonNode *
gantry_audit_to_json (GantryAudit *self,
                      GDateTime   *generated_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) ordered = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  const char *account;

  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);

  if (generated_at == NULL)
    generated_at = now = g_date_time_new_now_utc ();
  when = g_date_time_format_iso8601 (generated_at);
  account = self->snapshot != NULL ? gantry_snapshot_get_account_id (self->snapshot) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  if (account != NULL)
    json_builder_add_string_value (builder, account);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, gantry_aws_client_get_region (self->client));
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, when);

  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pass");
  json_builder_add_int_value (builder, gantry_audit_count (self, GANTRY_CHECK_STATUS_PASS));
  json_builder_set_member_name (builder, "fail");
  json_builder_add_int_value (builder, gantry_audit_count (self, GANTRY_CHECK_STATUS_FAIL));
  json_builder_set_member_name (builder, "warn");
  json_builder_add_int_value (builder, gantry_audit_count (self, GANTRY_CHECK_STATUS_WARN));
  json_builder_set_member_name (builder, "error");
  json_builder_add_int_value (builder, gantry_audit_count (self, GANTRY_CHECK_STATUS_ERROR));
  json_builder_set_member_name (builder, "not_applicable");
  json_builder_add_int_value (builder,
                              gantry_audit_count (self, GANTRY_CHECK_STATUS_NOT_APPLICABLE));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  ordered = ordered_results (self);
  for (guint i = 0; i < ordered->len; i++)
    {
      GantryCheckResult *result = ordered->pdata[i];
      GantryCheck *check = gantry_check_result_get_check (result);
      const char * const *resources = gantry_check_result_get_resources (result);
      g_autofree char *fix = fix_description (result);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, gantry_check_get_id (check));
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, gantry_check_get_group (check));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, gantry_check_get_title (check));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder,
                                     gantry_check_severity_to_string (gantry_check_get_severity (check)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder,
                                     gantry_check_status_to_string (gantry_check_result_get_status (result)));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, gantry_check_result_get_detail (result));
      json_builder_set_member_name (builder, "resources");
      json_builder_begin_array (builder);
      for (guint r = 0; resources[r] != NULL; r++)
        json_builder_add_string_value (builder, resources[r]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "fix");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "available");
      json_builder_add_boolean_value (builder, gantry_check_result_get_fix_available (result));
      json_builder_set_member_name (builder, "description");
      if (gantry_check_result_get_fix_available (result))
        json_builder_add_string_value (builder, fix);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      if (gantry_check_result_get_waived (result))
        {
          json_builder_set_member_name (builder, "waiver");
          json_builder_add_string_value (builder, gantry_check_result_get_waiver_reason (result));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
status_label (GantryCheckStatus status)
{
  switch (status)
    {
    case GANTRY_CHECK_STATUS_PASS:
      return _("Pass");
    case GANTRY_CHECK_STATUS_FAIL:
      return _("Fail");
    case GANTRY_CHECK_STATUS_WARN:
      return _("Warning");
    case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
      return _("Not applicable");
    case GANTRY_CHECK_STATUS_ERROR:
      return _("Not evaluated");
    default:
      g_return_val_if_reached ("?");
    }
}

/* Keeps a table cell in one piece. */
static char *
md_cell (const char *text)
{
  g_autoptr(GString) cell = g_string_new (text);

  g_string_replace (cell, "|", "\\|", 0);
  g_string_replace (cell, "\n", " ", 0);
  return g_string_free (g_steal_pointer (&cell), FALSE);
}

/**
 * gantry_audit_to_markdown:
 * @generated_at: (nullable): the report's time; %NULL for now
 *
 * Returns: (transfer full): the report as Markdown, one table per group
 */
char *
gantry_audit_to_markdown (GantryAudit *self,
                          GDateTime   *generated_at)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) ordered = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  const char *group = NULL;
  const char *account;

  g_return_val_if_fail (GANTRY_IS_AUDIT (self), NULL);

  if (generated_at == NULL)
    generated_at = now = g_date_time_new_now_utc ();
  when = g_date_time_format_iso8601 (generated_at);
  account = self->snapshot != NULL ? gantry_snapshot_get_account_id (self->snapshot) : NULL;

  g_string_append_printf (text, "# %s\n\n", _("Gantry setup audit"));
  g_string_append_printf (text, _("Account %s, region %s, %s.\n\n"),
                          account ? account : _("unknown"),
                          gantry_aws_client_get_region (self->client), when);
  g_string_append_printf (text, _("**%u pass, %u fail, %u warn, %u not evaluated, %u not "
                                  "applicable**\n"),
                          gantry_audit_count (self, GANTRY_CHECK_STATUS_PASS),
                          gantry_audit_count (self, GANTRY_CHECK_STATUS_FAIL),
                          gantry_audit_count (self, GANTRY_CHECK_STATUS_WARN),
                          gantry_audit_count (self, GANTRY_CHECK_STATUS_ERROR),
                          gantry_audit_count (self, GANTRY_CHECK_STATUS_NOT_APPLICABLE));

  ordered = ordered_results (self);
  for (guint i = 0; i < ordered->len; i++)
    {
      GantryCheckResult *result = ordered->pdata[i];
      GantryCheck *check = gantry_check_result_get_check (result);
      const char * const *resources = gantry_check_result_get_resources (result);
      g_autofree char *detail = md_cell (gantry_check_result_get_detail (result));
      g_autofree char *evidence = g_strjoinv (", ", (char **) resources);
      g_autofree char *status = NULL;

      if (g_strcmp0 (group, gantry_check_get_group (check)) != 0)
        {
          group = gantry_check_get_group (check);
          g_string_append_printf (text, "\n## %s\n\n| %s | %s | %s | %s | %s |\n"
                                  "|---|---|---|---|---|\n",
                                  gantry_check_group_get_title (group), _("Status"), _("Check"),
                                  _("Severity"), _("Detail"), _("Evidence"));
        }
      if (gantry_check_result_get_waived (result))
        status = g_strdup_printf (_("%s (accepted risk: %s)"),
                                  status_label (gantry_check_result_get_status (result)),
                                  gantry_check_result_get_waiver_reason (result));
      else
        status = g_strdup (status_label (gantry_check_result_get_status (result)));
      g_string_append_printf (text, "| %s | `%s` %s | %s | %s | %s |\n", status,
                              gantry_check_get_id (check), gantry_check_get_title (check),
                              gantry_check_severity_to_string (gantry_check_get_severity (check)),
                              detail, evidence);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
