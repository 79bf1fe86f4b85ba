/* gantry-setup-page.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Setup page: the account audited against the production runbooks.
 * Every check has its row from the start, in report order and grouped, so
 * the list keeps its shape while results arrive in whatever order the AWS
 * calls come back. The audit lives in core; this page only shows it, asks
 * before a fix writes anything, records waivers in the environment and
 * exports the report.
 */

#define G_LOG_DOMAIN "gantry-setup-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-setup-page.h"
#include "gantry-window.h"

#include "core/gantry-error.h"

struct _GantrySetupPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkLabel             *account_label;
  GtkLabel             *environment_label;
  GtkLabel             *identity_label;
  GtkFlowBox           *counts_box;
  GtkLabel             *pass_label;
  GtkLabel             *fail_label;
  GtkLabel             *warn_label;
  GtkLabel             *error_label;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;
  GtkBox               *groups_box;

  /* owned */
  GantrySession        *session;
  GantryEnvironment    *environment;
  GantryAudit          *audit;
  GHashTable           *rows;            /* check ID → GantryCheckRow, owned by groups */
  GPtrArray            *groups;          /* the AdwPreferencesGroups in groups_box */
  GCancellable         *cancellable;     /* fixes, saves, exports: the page's life */
  GCancellable         *run_cancellable; /* the audit in progress */
  GtkFileChooserNative *chooser;
  char                 *fixing;          /* the check whose fix is out */
  GDateTime            *audited_at;
  /* from gantry_audit_run_async() to its callback, which may come after
   * the audit's own "running" has dropped */
  guint                 running : 1;
  guint                 cancelled : 1;
};

G_DEFINE_FINAL_TYPE (GantrySetupPage, gantry_setup_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Report order of the groups; a group no check uses is not shown. */
static const char *group_order[] = {
  "network", "security-groups", "database", "load-balancer", "ecs", "ecr", "operations",
};

static void gantry_setup_page_restart (GantrySetupPage *self);
static void gantry_setup_page_run     (GantrySetupPage *self);

static void
toast (GantrySetupPage *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GANTRY_IS_WINDOW (root))
    gantry_window_add_toast (GANTRY_WINDOW (root), adw_toast_new (message));
  else
    g_debug ("%s", message);
}

static gboolean
session_ready (GantrySetupPage *self)
{
  return self->session != NULL &&
         gantry_session_get_state (self->session) == GANTRY_SESSION_STATE_READY;
}

static void
show_state (GantrySetupPage *self,
            const char      *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
}

static void
update_actions (GantrySetupPage *self)
{
  gboolean running = self->running;
  gboolean audited = self->audit != NULL && !running &&
                     gantry_audit_get_snapshot (self->audit) != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "page.reload",
                                 session_ready (self) && !running && self->fixing == NULL);
  gtk_widget_action_set_enabled (widget, "page.cancel", running);
  gtk_widget_action_set_enabled (widget, "page.fix", audited && self->fixing == NULL);
  gtk_widget_action_set_enabled (widget, "page.waive", audited);
  gtk_widget_action_set_enabled (widget, "page.unwaive", audited);
  gtk_widget_action_set_enabled (widget, "page.export", audited);
}

static void
set_count_label (GtkLabel *label,
                 char     *text)
{
  gtk_label_set_label (label, text);
  g_free (text);
}

static void
update_summary (GantrySetupPage *self)
{
  guint pass = 0, fail = 0, warn = 0, error = 0, na = 0, waived = 0, done = 0, total = 0;
  gboolean running = self->running;
  GHashTableIter iter;
  gpointer row;

  /* Counted from the rows, so the summary says what the list shows */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      GantryCheckResult *result = gantry_check_row_get_result (row);

      total++;
      if (result == NULL)
        continue;
      done++;
      if (gantry_check_result_get_waived (result))
        waived++;
      switch (gantry_check_result_get_status (result))
        {
        case GANTRY_CHECK_STATUS_PASS:
          pass++;
          break;
        case GANTRY_CHECK_STATUS_FAIL:
          fail++;
          break;
        case GANTRY_CHECK_STATUS_WARN:
          warn++;
          break;
        case GANTRY_CHECK_STATUS_ERROR:
          error++;
          break;
        case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
          na++;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Words next to the icons: the counts must not rely on colour */
  set_count_label (self->pass_label,
                   g_strdup_printf (ngettext ("%u passed", "%u passed", pass), pass));
  set_count_label (self->fail_label,
                   g_strdup_printf (ngettext ("%u failed", "%u failed", fail), fail));
  set_count_label (self->warn_label,
                   g_strdup_printf (ngettext ("%u warning", "%u warnings", warn), warn));
  set_count_label (self->error_label,
                   g_strdup_printf (ngettext ("%u not evaluated", "%u not evaluated", error),
                                    error));

  gtk_widget_set_visible (self->progress_box, running);
  if (running)
    {
      g_autofree char *text = g_strdup_printf (_("Checked %u of %u"), done, total);

      gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
      gtk_progress_bar_set_text (self->progress_bar, text);
      gtk_label_set_label (self->status_label, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }

  {
    g_autoptr(GString) status = g_string_new (NULL);

    if (self->cancelled)
      g_string_append_printf (status, _("Audit cancelled after %u of %u checks."), done, total);
    else if (self->audited_at != NULL)
      {
        g_autofree char *time = g_date_time_format (self->audited_at, "%X");

        g_string_append_printf (status, _("Audited at %s."), time);
      }
    if (waived > 0)
      {
        if (status->len > 0)
          g_string_append_c (status, ' ');
        g_string_append_printf (status,
                                ngettext ("%u finding is an accepted risk.",
                                          "%u findings are accepted risks.", waived),
                                waived);
      }
    if (na > 0)
      {
        if (status->len > 0)
          g_string_append_c (status, ' ');
        g_string_append_printf (status,
                                ngettext ("%u check does not apply to this account.",
                                          "%u checks do not apply to this account.", na),
                                na);
      }
    gtk_label_set_label (self->status_label, status->str);
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), status->len > 0);
  }
}

static void
update_header (GantrySetupPage *self)
{
  g_autofree char *who = NULL;
  g_autofree char *where = NULL;
  g_autofree char *line = NULL;
  const char *account = NULL;
  const char *profile;

  if (self->session == NULL)
    return;

  account = gantry_session_get_account_id (self->session);
  if (account == NULL && self->audit != NULL && gantry_audit_get_snapshot (self->audit) != NULL)
    account = gantry_snapshot_get_account_id (gantry_audit_get_snapshot (self->audit));
  if (account == NULL)
    account = _("Unknown account");
  gtk_label_set_label (self->account_label, account);

  profile = gantry_session_get_profile (self->session);
  if (gantry_session_get_is_demo (self->session))
    who = g_strdup (_("Demo account"));
  else if (profile != NULL)
    who = g_strdup_printf (_("Profile “%s”"), profile);
  else
    who = g_strdup (_("Keys from the environment"));

  /* Translators: e.g. "Profile “prod” · environment “prod” · eu-west-1" */
  where = g_strdup_printf (_("environment “%s”"),
                           self->environment != NULL
                           ? gantry_environment_get_name (self->environment) : "…");
  line = g_strdup_printf (_("%s · %s · %s"), who, where,
                          gantry_session_get_region (self->session));
  gtk_label_set_label (self->environment_label, line);
  gtk_label_set_label (self->identity_label, gantry_session_get_identity_arn (self->session));
  gtk_widget_set_visible (GTK_WIDGET (self->identity_label),
                          gantry_session_get_identity_arn (self->session) != NULL);
}

/* --- rows ------------------------------------------------------------------ */

static void
clear_rows (GantrySetupPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->rows);
}

static void
build_rows (GantrySetupPage *self)
{
  GPtrArray *checks = gantry_audit_get_checks (self->audit);

  clear_rows (self);
  for (guint g = 0; g < G_N_ELEMENTS (group_order); g++)
    {
      AdwPreferencesGroup *group = NULL;

      for (guint i = 0; i < checks->len; i++)
        {
          GantryCheck *check = checks->pdata[i];
          GtkWidget *row;

          if (g_strcmp0 (gantry_check_get_group (check), group_order[g]) != 0)
            continue;
          if (group == NULL)
            {
              group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (group,
                                               gantry_check_group_get_title (group_order[g]));
              gtk_box_append (self->groups_box, GTK_WIDGET (group));
              g_ptr_array_add (self->groups, group);
            }
          row = gantry_check_row_new (check);
          adw_preferences_group_add (group, row);
          g_hash_table_insert (self->rows, (gpointer) gantry_check_get_id (check), row);
        }
    }
}

static void
set_rows_running (GantrySetupPage *self,
                  gboolean         running)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      if (running)
        gantry_check_row_set_result (row, NULL);
      gantry_check_row_set_running (row, running);
    }
}

/* A check the user's Cancel stopped says "not checked", not "not
 * evaluated": nothing is wrong with the account or the permissions. */
static gboolean
was_cancelled (GantrySetupPage   *self,
               GantryCheckResult *result)
{
  GantrySnapshot *snapshot = gantry_audit_get_snapshot (self->audit);
  guint64 needs = gantry_check_get_needs (gantry_check_result_get_check (result));

  if (!self->cancelled || snapshot == NULL ||
      gantry_check_result_get_status (result) != GANTRY_CHECK_STATUS_ERROR)
    return FALSE;
  for (guint i = 0; i < GANTRY_SNAPSHOT_N_SOURCES; i++)
    if ((needs & (G_GUINT64_CONSTANT (1) << i)) != 0 &&
        g_error_matches (gantry_snapshot_get_error (snapshot, i), G_IO_ERROR,
                         G_IO_ERROR_CANCELLED))
      return TRUE;
  return FALSE;
}

static void
results_changed_cb (GListModel      *model,
                    guint            position,
                    guint            removed,
                    guint            added,
                    GantrySetupPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GantryCheckResult) result = g_list_model_get_item (model, i);
      GantryCheckRow *row = g_hash_table_lookup (self->rows,
                                                 gantry_check_result_get_check_id (result));

      if (row != NULL && !was_cancelled (self, result))
        gantry_check_row_set_result (row, result);
    }

  /* The first result ends the loading page: the rest arrive in place */
  if (added > 0 && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
    show_state (self, "content");
  update_summary (self);
}

/* --- the audit ------------------------------------------------------------- */

static void
drop_audit (GantrySetupPage *self)
{
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->audit != NULL)
    g_signal_handlers_disconnect_by_data (gantry_audit_get_results (self->audit), self);
  g_clear_object (&self->audit);
  g_clear_pointer (&self->audited_at, g_date_time_unref);
  g_clear_pointer (&self->fixing, g_free);
  self->running = FALSE;
  clear_rows (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GantrySetupPage) self = user_data;
  GantryAudit *audit = GANTRY_AUDIT (object);
  g_autoptr(GError) error = NULL;
  GantrySnapshot *snapshot;
  const GError *identity_error = NULL;

  gantry_audit_run_finish (audit, result, &error);

  /* A run of an audit the page has since replaced (or the page is gone) */
  if (audit != self->audit)
    return;

  self->running = FALSE;
  set_rows_running (self, FALSE);
  update_actions (self);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_state (self, "content");
      update_summary (self);
      return;
    }
  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_state (self, "error");
      return;
    }

  /* Without an identity nothing was reachable: every check could only say
   * "not evaluated", and the reason belongs on the error page instead. */
  snapshot = gantry_audit_get_snapshot (audit);
  if (snapshot != NULL)
    identity_error = gantry_snapshot_get_error (snapshot, GANTRY_SNAPSHOT_SOURCE_IDENTITY);
  if (identity_error != NULL &&
      gantry_audit_count (audit, GANTRY_CHECK_STATUS_ERROR) ==
      g_list_model_get_n_items (gantry_audit_get_results (audit)))
    {
      adw_status_page_set_description (self->error_page, identity_error->message);
      show_state (self, "error");
      return;
    }

  self->audited_at = g_date_time_new_now_local ();
  show_state (self, "content");
  update_header (self);
  update_summary (self);
}

static void
gantry_setup_page_run (GantrySetupPage *self)
{
  if (self->audit == NULL || self->running)
    return;

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  self->cancelled = FALSE;
  g_clear_pointer (&self->audited_at, g_date_time_unref);

  /* Before the run: a source that settles at once (one that cannot be
   * reached from here) gives its results inside gantry_audit_run_async() */
  self->running = TRUE;
  set_rows_running (self, TRUE);
  show_state (self, "loading");
  gantry_audit_run_async (self->audit, self->run_cancellable, run_cb, g_object_ref (self));
  update_actions (self);
  update_summary (self);
}

/* Starts over with the current session and environment. */
static void
gantry_setup_page_restart (GantrySetupPage *self)
{
  drop_audit (self);

  if (self->session == NULL)
    {
      show_state (self, "empty");
      update_actions (self);
      return;
    }

  switch (gantry_session_get_state (self->session))
    {
    case GANTRY_SESSION_STATE_READY:
      break;
    case GANTRY_SESSION_STATE_CONNECTING:
      show_state (self, "loading");
      update_actions (self);
      return;
    case GANTRY_SESSION_STATE_DISCONNECTED:
    case GANTRY_SESSION_STATE_FAILED:
    default:
      show_state (self, "empty");
      update_actions (self);
      return;
    }

  /* The window picks (or discovers) the environment once connected */
  if (self->environment == NULL)
    {
      show_state (self, "loading");
      update_actions (self);
      return;
    }

  self->audit = gantry_audit_new (gantry_session_get_client (self->session), self->environment);
  g_signal_connect (gantry_audit_get_results (self->audit), "items-changed",
                    G_CALLBACK (results_changed_cb), self);
  build_rows (self);
  update_header (self);
  gantry_setup_page_run (self);
}

static void
session_state_cb (GantrySetupPage *self)
{
  gboolean ready = session_ready (self);

  /* A reconnect of the same account keeps its results */
  if (ready && self->audit != NULL)
    {
      update_actions (self);
      return;
    }
  gantry_setup_page_restart (self);
}

/* --- actions --------------------------------------------------------------- */

static void
gantry_setup_page_reload (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);

  /* After an error the audit may be fine to reuse, but a fresh one also
   * picks up a changed session client. */
  if (self->audit == NULL)
    gantry_setup_page_restart (self);
  else
    gantry_setup_page_run (self);
}

static void
gantry_setup_page_cancel (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);

  if (!self->running)
    return;
  self->cancelled = TRUE;
  g_cancellable_cancel (self->run_cancellable);
}

typedef struct
{
  GantrySetupPage *self;
  GantryAudit     *audit;
  char            *check_id;
  GtkEntry        *entry;   /* the waiver dialog's; borrowed */
} ActionData;

static ActionData *
action_data_new (GantrySetupPage *self,
                 const char      *check_id)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->self = g_object_ref (self);
  data->audit = g_object_ref (self->audit);
  data->check_id = g_strdup (check_id);
  return data;
}

static void
action_data_free (ActionData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->audit);
  g_free (data->check_id);
  g_free (data);
}

static void
action_data_closure_free (gpointer  data,
                          GClosure *closure)
{
  action_data_free (data);
}

static void
fix_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  ActionData *data = user_data;
  GantrySetupPage *self = data->self;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GantryCheckRow *row;
  GantryCheck *check;

  fresh = gantry_audit_fix_finish (GANTRY_AUDIT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->audit != self->audit)
    {
      action_data_free (data);
      return;
    }

  g_clear_pointer (&self->fixing, g_free);
  row = g_hash_table_lookup (self->rows, data->check_id);
  if (row != NULL)
    gantry_check_row_set_busy (row, FALSE);
  update_actions (self);
  update_summary (self);

  check = gantry_audit_find_check (self->audit, data->check_id);
  if (fresh == NULL)
    message = g_strdup_printf (_("Could not fix “%s”: %s"), gantry_check_get_title (check),
                               error->message);
  else if (gantry_check_result_get_status (fresh) == GANTRY_CHECK_STATUS_PASS)
    message = g_strdup_printf (_("Fixed “%s”: the check passes now"),
                               gantry_check_get_title (check));
  else
    message = g_strdup_printf (_("The fix was applied, but “%s” still does not pass: %s"),
                               gantry_check_get_title (check),
                               gantry_check_result_get_detail (fresh));
  toast (self, message);
  action_data_free (data);
}

static void
fix_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 ActionData       *data)
{
  GantrySetupPage *self = data->self;
  GantryCheckRow *row;

  if (!g_str_equal (response, "apply") || data->audit != self->audit || self->fixing != NULL)
    return;

  self->fixing = g_strdup (data->check_id);
  row = g_hash_table_lookup (self->rows, data->check_id);
  if (row != NULL)
    gantry_check_row_set_busy (row, TRUE);
  update_actions (self);
  gantry_audit_fix_async (self->audit, data->check_id, self->cancellable, fix_cb,
                          action_data_new (self, data->check_id));
}

static void
gantry_setup_page_fix (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);
  const char *check_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GString) calls_text = g_string_new (NULL);
  GantryCheckResult *result;
  GantryCheck *check;
  GPtrArray *calls;
  GtkWidget *dialog;
  GtkWidget *calls_label;

  if (self->audit == NULL)
    return;
  check = gantry_audit_find_check (self->audit, check_id);
  result = gantry_audit_lookup_result (self->audit, check_id);
  if (check == NULL || result == NULL || !gantry_check_result_get_fix_available (result))
    {
      g_debug ("No fix to offer for %s", check_id);
      return;
    }

  calls = gantry_check_result_get_fix_calls (result);
  for (guint i = 0; i < calls->len; i++)
    {
      g_autofree char *call = gantry_fix_call_to_string (calls->pdata[i]);

      g_string_append_printf (calls_text, "%s%s", i > 0 ? "\n" : "", call);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Fix “%s”?"),
                                     gantry_check_get_title (check));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("Gantry will make this call in account %s (%s), "
                                            "then check again:",
                                            "Gantry will make these calls in account %s (%s), "
                                            "then check again:",
                                            calls->len),
                                  gtk_label_get_label (self->account_label),
                                  gantry_session_get_region (self->session));

  /* The exact calls, as the AWS CLI would name them: the admin agrees to
   * these and nothing else. */
  calls_label = gtk_label_new (calls_text->str);
  gtk_label_set_selectable (GTK_LABEL (calls_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (calls_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (calls_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (calls_label), 0);
  gtk_widget_add_css_class (calls_label, "resource-id");
  gtk_widget_add_css_class (calls_label, "fix-calls");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), calls_label);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply Fix"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_data (dialog, "response", G_CALLBACK (fix_response_cb),
                         action_data_new (self, check_id), action_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_environment_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GantrySetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (gantry_environment_save_finish (GANTRY_ENVIRONMENT (object), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  message = g_strdup_printf (_("Could not save the environment “%s”: %s"),
                             gantry_environment_get_name (GANTRY_ENVIRONMENT (object)),
                             error->message);
  toast (self, message);
}

/* Records (or, with a %NULL @reason, withdraws) a waiver, shows it at
 * once and saves the environment: a waiver is a decision to keep. */
static void
set_waiver (GantrySetupPage *self,
            const char      *check_id,
            const char      *reason)
{
  GantryEnvironment *environment = self->environment;
  GantryCheck *check = gantry_audit_find_check (self->audit, check_id);
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autofree char *message = NULL;

  if (check == NULL)
    return;

  gantry_environment_set_waiver (environment, check_id, reason);

  /* Evaluating is pure: the check is judged again with the waiver, without
   * another round of AWS calls; the audit's results change, and with them
   * the row (results_changed_cb), the summary and the exports. */
  fresh = gantry_audit_reevaluate (self->audit, check_id);

  gantry_environment_save_async (environment, self->cancellable, save_environment_cb,
                                 g_object_ref (self));

  if (reason != NULL)
    message = g_strdup_printf (_("“%s” is now an accepted risk"), gantry_check_get_title (check));
  else
    message = g_strdup_printf (_("“%s” is no longer an accepted risk"),
                               gantry_check_get_title (check));
  toast (self, message);
}

static void
waive_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ActionData       *data)
{
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "accept") || data->audit != data->self->audit)
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->entry))));
  if (*reason == '\0')
    return;
  set_waiver (data->self, data->check_id, reason);
}

static void
waive_entry_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "accept", *reason != '\0');
}

static void
gantry_setup_page_waive (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);
  const char *check_id = g_variant_get_string (parameter, NULL);
  GantryCheck *check;
  GtkWidget *dialog;
  GtkWidget *entry;
  ActionData *data;

  if (self->audit == NULL || (check = gantry_audit_find_check (self->audit, check_id)) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Accept the Risk of “%s”?"),
                                     gantry_check_get_title (check));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The finding stays in the checklist and in reports, marked "
                                    "as an accepted risk with your reason. The reason is saved "
                                    "in the environment “%s”."),
                                  gantry_environment_get_name (self->environment));

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  _("Reason, e.g. a ticket number and who decided"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Accept Risk"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (waive_entry_changed_cb), dialog);

  data = action_data_new (self, check_id);
  data->entry = GTK_ENTRY (entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (waive_response_cb), data,
                         action_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
gantry_setup_page_unwaive (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);
  const char *check_id = g_variant_get_string (parameter, NULL);

  if (self->audit == NULL ||
      gantry_environment_get_waiver (self->environment, check_id) == NULL)
    return;
  set_waiver (self, check_id, NULL);
}

/* --- export ---------------------------------------------------------------- */

static void
export_replaced_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gantry_setup_page_export_async:
 * @format: "markdown" or "json"
 * @file: where to write the report
 *
 * Writes the report of the last audit to @file, replacing it.
 */
void
gantry_setup_page_export_async (GantrySetupPage     *self,
                                const char          *format,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (GANTRY_IS_SETUP_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_setup_page_export_async);

  if (self->audit == NULL || gantry_audit_get_snapshot (self->audit) == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                               _("There is no audit to export yet."));
      return;
    }

  if (g_strcmp0 (format, "markdown") == 0)
    text = gantry_audit_to_markdown (self->audit, NULL);
  else if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) root = gantry_audit_to_json (self->audit, NULL);
      g_autofree char *json = json_to_string (root, TRUE);

      text = g_strconcat (json, "\n", NULL);
    }
  else
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                               _("Unknown report format “%s”."), format);
      return;
    }

  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, export_replaced_cb, g_steal_pointer (&task));
}

gboolean
gantry_setup_page_export_finish (GantrySetupPage  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (!gantry_setup_page_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not save the report as “%s”: %s"), name,
                                 error->message);
    }
  else
    message = g_strdup_printf (_("Report saved as “%s”"), name);
  toast (self, message);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GantrySetupPage *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "gantry-format");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    gantry_setup_page_export_async (self, format, file, self->cancellable, export_done_cb,
                                    g_object_ref (file));
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
}

static void
gantry_setup_page_export (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gboolean markdown = g_str_equal (format, "markdown");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (!markdown && !g_str_equal (format, "json"))
    return;

  name = g_strdup_printf ("gantry-audit-%s-%s.%s", gtk_label_get_label (self->account_label),
                          date, markdown ? "md" : "json");

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (markdown ? _("Export as Markdown")
                                                        : _("Export as JSON"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, markdown ? _("Markdown") : _("JSON"));
  gtk_file_filter_add_mime_type (filter, markdown ? "text/markdown" : "application/json");
  gtk_file_filter_add_suffix (filter, markdown ? "md" : "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_set_data_full (G_OBJECT (self->chooser), "gantry-format", g_strdup (format), g_free);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- GObject --------------------------------------------------------------- */

static void
gantry_setup_page_dispose (GObject *object)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  drop_audit (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->environment);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (gantry_setup_page_parent_class)->dispose (object);
}

static void
gantry_setup_page_finalize (GObject *object)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->rows);
  g_ptr_array_unref (self->groups);

  G_OBJECT_CLASS (gantry_setup_page_parent_class)->finalize (object);
}

static void
gantry_setup_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_setup_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GantrySetupPage *self = GANTRY_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_setup_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_ENVIRONMENT:
      gantry_setup_page_set_environment (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_setup_page_class_init (GantrySetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_setup_page_dispose;
  object_class->finalize = gantry_setup_page_finalize;
  object_class->get_property = gantry_setup_page_get_property;
  object_class->set_property = gantry_setup_page_set_property;

  /**
   * GantrySetupPage:session:
   *
   * The account to audit; the page audits it once it is connected.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GantrySetupPage:environment:
   *
   * What "prod" is in that account; the page audits once it has both.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, GANTRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-setup-page.ui");
  /* A plain widget with a bin layout rather than an AdwBin: AdwBin's own
   * dispose would unparent the child gtk_widget_dispose_template() already
   * unparented. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, account_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, environment_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, identity_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, pass_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, fail_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, warn_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GantrySetupPage, groups_box);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL, gantry_setup_page_reload);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, gantry_setup_page_cancel);
  gtk_widget_class_install_action (widget_class, "page.fix", "s", gantry_setup_page_fix);
  gtk_widget_class_install_action (widget_class, "page.waive", "s", gantry_setup_page_waive);
  gtk_widget_class_install_action (widget_class, "page.unwaive", "s", gantry_setup_page_unwaive);
  gtk_widget_class_install_action (widget_class, "page.export", "s", gantry_setup_page_export);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "page.cancel", NULL);

  g_type_ensure (GANTRY_TYPE_CHECK_ROW);
}

static void
gantry_setup_page_init (GantrySetupPage *self)
{
  GtkWidget *child;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->groups = g_ptr_array_new ();

  /* The counts are read, not chosen: keep them out of the Tab order */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  show_state (self, "empty");
  update_actions (self);
  update_summary (self);
}

/**
 * gantry_setup_page_get_session:
 *
 * Returns: (transfer none) (nullable): the account audited
 */
GantrySession *
gantry_setup_page_get_session (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return self->session;
}

void
gantry_setup_page_set_session (GantrySetupPage *self,
                               GantrySession   *session)
{
  g_return_if_fail (GANTRY_IS_SETUP_PAGE (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::state", G_CALLBACK (session_state_cb), self);

  gantry_setup_page_restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gantry_setup_page_get_environment:
 *
 * Returns: (transfer none) (nullable): the environment the window set
 */
GantryEnvironment *
gantry_setup_page_get_environment (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return self->environment;
}

void
gantry_setup_page_set_environment (GantrySetupPage   *self,
                                   GantryEnvironment *environment)
{
  g_return_if_fail (GANTRY_IS_SETUP_PAGE (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;
  gantry_setup_page_restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

/**
 * gantry_setup_page_get_audit:
 *
 * Returns: (transfer none) (nullable): the audit shown
 */
GantryAudit *
gantry_setup_page_get_audit (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return self->audit;
}

gboolean
gantry_setup_page_get_running (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), FALSE);
  return self->running;
}

/**
 * gantry_setup_page_get_state:
 *
 * Returns: what the page shows: "empty", "loading", "error" or "content"
 */
const char *
gantry_setup_page_get_state (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * gantry_setup_page_find_row:
 *
 * Returns: (transfer none) (nullable): the row of @check_id
 */
GantryCheckRow *
gantry_setup_page_find_row (GantrySetupPage *self,
                            const char      *check_id)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return g_hash_table_lookup (self->rows, check_id);
}

/**
 * gantry_setup_page_dup_summary:
 *
 * Returns: (transfer full): the summary bar's counts as shown, e.g.
 *   "17 passed, 3 failed, 2 warnings, 1 not evaluated"
 */
char *
gantry_setup_page_dup_summary (GantrySetupPage *self)
{
  g_return_val_if_fail (GANTRY_IS_SETUP_PAGE (self), NULL);
  return g_strdup_printf ("%s, %s, %s, %s",
                          gtk_label_get_label (self->pass_label),
                          gtk_label_get_label (self->fail_label),
                          gtk_label_get_label (self->warn_label),
                          gtk_label_get_label (self->error_label));
}
