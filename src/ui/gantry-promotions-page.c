/* gantry-promotions-page.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-promotions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-promotions-page.h"
#include "gantry-window.h"

#include "aws/gantry-aws-ecr.h"
#include "core/gantry-journal.h"
#include "core/gantry-promotion.h"

/* The page is a view of GantryPromotion: one object inspects the
 * repositories, and each promotion gets an object of its own, so that two
 * repositories can be promoted at once and a row can follow the step,
 * cancellability and rollouts of its own promotion. The rows outlive
 * reloads (they are keyed by repository name), so progress and outcome
 * messages stay where the user saw them start. */

struct _GantryPromotionsPage
{
  GtkWidget            parent_instance;

  /* template */
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkSpinner          *spinner;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkLabel            *summary_label;
  GtkListBox          *list_box;

  /* owned */
  GantrySession       *session;
  GantryEnvironment   *environment;
  /* used while the window gives no environment: the defaults, every
   * repository of the account */
  GantryEnvironment   *default_environment;
  GantryJournal       *journal;
  GantryPromotion     *inspector;
  /* the session's work: cancelled in dispose and when the session goes */
  GCancellable        *cancellable;
  GCancellable        *reload_cancellable;
  /* name → GantryRepositoryRow (borrowed: the list box owns them) */
  GHashTable          *rows;
  /* name → GCancellable of the promotion or the rollout watch running */
  GHashTable          *promote_cancellables;
  GHashTable          *watch_cancellables;
  /* name → GantryPromotionResult of the last promotion, for Undo */
  GHashTable          *undoable;
  /* borrowed, weak: the confirmation dialog on screen */
  GantryPromoteDialog *dialog;
  AdwMessageDialog    *undo_dialog;
  /* bumped whenever the page drops its work (other account, window gone):
   * a callback of older work has nothing left to report to */
  guint                generation;
  gboolean             reconciled;
};

G_DEFINE_FINAL_TYPE (GantryPromotionsPage, gantry_promotions_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void gantry_promotions_page_reload (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter);

/* One promotion or rollback started from the page */
typedef struct
{
  GantryPromotionsPage   *self;
  GantryPromotionRequest *request;
  GCancellable           *cancellable;
  guint                   generation;
} PromoteCall;

static void
promote_call_free (PromoteCall *call)
{
  g_object_unref (call->self);
  gantry_promotion_request_free (call->request);
  g_object_unref (call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PromoteCall, promote_call_free)

static GantryEnvironment *
effective_environment (GantryPromotionsPage *self)
{
  if (self->environment != NULL)
    return self->environment;
  if (self->default_environment == NULL)
    self->default_environment = gantry_environment_new ("default");
  return self->default_environment;
}

static GantryAwsClient *
current_client (GantryPromotionsPage *self)
{
  if (self->session == NULL ||
      gantry_session_get_state (self->session) != GANTRY_SESSION_STATE_READY)
    return NULL;
  return gantry_session_get_client (self->session);
}

static void
show_view (GantryPromotionsPage *self,
           const char           *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "loading"));
}

static void
add_toast (GantryPromotionsPage *self,
           AdwToast             *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GANTRY_IS_WINDOW (root))
    gantry_window_add_toast (GANTRY_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_undo_cb (AdwToast *toast,
               gpointer  user_data)
{
  GantryPromotionsPage *self = user_data;
  const char *repository = g_object_get_data (G_OBJECT (toast), "gantry-repository");

  /* The toast lives in the window's overlay, outside the page, where
   * page.undo cannot be named; the button forwards to the action. */
  gtk_widget_activate_action (GTK_WIDGET (self), "page.undo", "s", repository);
}

/* A desktop notification when the user looked elsewhere meanwhile:
 * promotions with rollouts take long enough for that. */
static void
notify_desktop (GantryPromotionsPage *self,
                const char           *repository,
                const char           *title,
                const char           *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (!GTK_IS_WINDOW (root) || gtk_window_is_active (GTK_WINDOW (root)))
    return;
  app = gtk_window_get_application (GTK_WINDOW (root));
  if (app == NULL)
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-page", "s",
                                                "promotions");
  id = g_strdup_printf ("promotion-%s", repository);
  g_application_send_notification (G_APPLICATION (app), id, notification);
}

static GantryRepositoryRow *
lookup_row (GantryPromotionsPage *self,
            const char           *repository)
{
  return g_hash_table_lookup (self->rows, repository);
}

/* Rows */

static void
sync_rows (GantryPromotionsPage *self,
           GListModel           *states)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint n = g_list_model_get_n_items (states);
  guint ready = 0;
  g_autofree char *summary = NULL;
  GantryEnvironment *environment = effective_environment (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryRepositoryState) state = g_list_model_get_item (states, i);
      const char *name = gantry_repository_state_get_name (state);
      GantryRepositoryRow *row = lookup_row (self, name);

      if (row != NULL)
        gantry_repository_row_set_state (row, state);
      else
        {
          row = GANTRY_REPOSITORY_ROW (gantry_repository_row_new (state));
          gtk_list_box_append (self->list_box, GTK_WIDGET (row));
          g_hash_table_insert (self->rows, g_strdup (name), row);
        }
      g_hash_table_add (seen, (gpointer) gantry_repository_row_get_name (row));
      if (gantry_repository_state_get_status (state) == GANTRY_REPOSITORY_STATUS_CANDIDATE_READY)
        ready++;
    }

  /* A repository gone from the account (or the environment) goes too,
   * unless a promotion of it is still running. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (seen, key) || gantry_repository_row_get_busy (value))
        continue;
      gtk_list_box_remove (self->list_box, value);
      g_hash_table_iter_remove (&iter);
    }

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u of %u repository has a candidate to promote: "
                                          "%s → %s.",
                                          "%u of %u repositories have a candidate to promote: "
                                          "%s → %s.", n),
                             ready, n, gantry_environment_get_candidate_tag (environment),
                             gantry_environment_get_latest_tag (environment));
  gtk_label_set_label (self->summary_label, summary);
  show_view (self, g_hash_table_size (self->rows) > 0 ? "content" : "empty");
}

static void
show_error (GantryPromotionsPage *self,
            const GError         *error)
{
  if (g_hash_table_size (self->rows) > 0)
    {
      /* Keep what the user was looking at; the news goes in a toast */
      add_toast (self, adw_toast_new (error->message));
      return;
    }
  adw_status_page_set_description (self->error_page, error->message);
  show_view (self, "error");
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GantryPromotionsPage) self = user_data;
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GError) error = NULL;

  states = gantry_promotion_inspect_finish (GANTRY_PROMOTION (object), result, &error);
  if (self->rows == NULL)
    return;
  if (states == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (GANTRY_PROMOTION (object) != self->inspector)
    return;

  sync_rows (self, states);
}

static void
inspect (GantryPromotionsPage *self,
         const char * const   *names)
{
  if (names == NULL || names[0] == NULL)
    {
      g_autoptr(GListStore) none = g_list_store_new (GANTRY_TYPE_REPOSITORY_STATE);

      sync_rows (self, G_LIST_MODEL (none));
      return;
    }

  gantry_promotion_inspect_async (self->inspector, names, self->reload_cancellable, inspect_cb,
                                  g_object_ref (self));
}

static void
list_repositories_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GantryPromotionsPage) self = user_data;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  repositories = gantry_aws_ecr_describe_repositories_finish (GANTRY_AWS_ECR (object), result,
                                                              &error);
  if (self->rows == NULL)
    return;
  if (repositories == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (self->inspector == NULL)
    return;

  for (guint i = 0; i < repositories->len; i++)
    g_strv_builder_add (builder,
                        ((GantryAwsEcrRepository *) g_ptr_array_index (repositories, i))->name);
  names = g_strv_builder_end (builder);
  inspect (self, (const char * const *) names);
}

static void
gantry_promotions_page_reload (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);
  const char * const *names;

  if (self->inspector == NULL)
    return;

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();

  if (g_hash_table_size (self->rows) == 0)
    show_view (self, "loading");

  /* Like `gantryctl candidates`: the environment's repositories, else
   * every repository of the account. */
  names = gantry_environment_get_repositories (effective_environment (self));
  if (names != NULL && names[0] != NULL)
    {
      inspect (self, names);
    }
  else
    {
      g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (gantry_promotion_get_client (self->inspector));

      gantry_aws_ecr_describe_repositories_async (ecr, NULL, 0, self->reload_cancellable,
                                                  list_repositories_cb, g_object_ref (self));
    }
}

static void
reconcile_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GantryPromotionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint reconciled;

  reconciled = gantry_promotion_reconcile_finish (GANTRY_PROMOTION (object), result, &error);
  if (self->rows == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      /* The journal stays as it is; the next start tries again */
      g_warning ("Could not reconcile the promotion journal: %s", error->message);
    }
  else if (reconciled > 0)
    {
      g_autofree char *title = NULL;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u unfinished promotion was checked against ECR",
                                            "%u unfinished promotions were checked against ECR",
                                            reconciled), reconciled);
      add_toast (self, adw_toast_new (title));
    }

  if (GANTRY_PROMOTION (object) == self->inspector)
    gantry_promotions_page_reload (GTK_WIDGET (self), NULL, NULL);
}

/* (Re)starts the page on the current session and environment. */
static void
restart (GantryPromotionsPage *self)
{
  GantryAwsClient *client = current_client (self);

  g_clear_object (&self->inspector);
  if (client == NULL)
    {
      if (self->session == NULL || g_hash_table_size (self->rows) == 0)
        show_view (self, "no-session");
      return;
    }

  self->inspector = gantry_promotion_new (client, effective_environment (self), self->journal);

  /* Once per page: an interrupted promotion of an earlier run is settled
   * by reading ECR before the page offers anything. */
  if (!self->reconciled)
    {
      self->reconciled = TRUE;
      show_view (self, "loading");
      gantry_promotion_reconcile_async (self->inspector, self->cancellable, reconcile_cb,
                                        g_object_ref (self));
      return;
    }
  gantry_promotions_page_reload (GTK_WIDGET (self), NULL, NULL);
}

static void
clear_rows (GantryPromotionsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->undoable);
}

static void
cancel_all (GHashTable *cancellables)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, cancellables);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (value);
}

/* A page disposed while a reply was on its way has no rows left to fill */
static gboolean
page_gone (GantryPromotionsPage *self,
           guint                 generation)
{
  return self->rows == NULL || generation != self->generation;
}

static void
stop_everything (GantryPromotionsPage *self)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->reload_cancellable);
  cancel_all (self->promote_cancellables);
  cancel_all (self->watch_cancellables);
  if (self->dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->dialog));
  if (self->undo_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->undo_dialog));
}

/* Rollout watching */

typedef struct
{
  GantryPromotionsPage *self;
  char                 *repository;
  GCancellable         *cancellable;
  guint                 generation;
  guint                 pending;
} WatchCall;

static void
watch_call_unref (WatchCall *call)
{
  if (--call->pending > 0)
    return;
  g_object_unref (call->self);
  g_free (call->repository);
  g_object_unref (call->cancellable);
  g_free (call);
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  WatchCall *call = user_data;
  GantryPromotionsPage *self = call->self;
  GantryRollout *rollout = GANTRY_ROLLOUT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (page_gone (self, call->generation))
    {
      g_clear_pointer (&call, watch_call_unref);
      return;
    }

  if (gantry_rollout_watch_finish (rollout, result, &error))
    title = g_strdup_printf (_("Service %s rolled out"), gantry_rollout_get_service (rollout));
  else if (gantry_rollout_get_state (rollout) == GANTRY_ROLLOUT_STATE_FAILED)
    title = g_strdup_printf (_("Rollout of service %s failed"),
                             gantry_rollout_get_service (rollout));

  /* Stopped watching (cancelled, deadline): the view says "no longer
   * watched"; only verdicts are news. */
  if (title != NULL)
    {
      add_toast (self, adw_toast_new (title));
      notify_desktop (self, call->repository, title,
                      error != NULL ? error->message : gantry_rollout_get_service (rollout));
    }

  if (call->pending == 1)
    {
      GantryRepositoryRow *row = lookup_row (self, call->repository);

      if (g_hash_table_lookup (self->watch_cancellables, call->repository) == call->cancellable)
        g_hash_table_remove (self->watch_cancellables, call->repository);
      if (row != NULL && gantry_repository_row_get_promotion (row) != NULL)
        gantry_repository_row_set_watching (row, g_hash_table_contains (self->watch_cancellables,
                                                                        call->repository));
    }
  watch_call_unref (call);
}

static void
watch_rollouts (GantryPromotionsPage  *self,
                const char            *repository,
                GantryPromotionResult *result)
{
  GantryRepositoryRow *row = lookup_row (self, repository);
  WatchCall *call;

  call = g_new0 (WatchCall, 1);
  call->self = g_object_ref (self);
  call->repository = g_strdup (repository);
  call->cancellable = g_cancellable_new ();
  call->generation = self->generation;
  call->pending = 1;

  for (guint i = 0; i < result->rollouts->len; i++)
    {
      GantryRollout *rollout = g_ptr_array_index (result->rollouts, i);

      if (gantry_rollout_get_state (rollout) != GANTRY_ROLLOUT_STATE_IN_PROGRESS)
        continue;
      call->pending++;
      gantry_rollout_watch_async (rollout, NULL, call->cancellable, watch_cb, call);
    }

  if (call->pending > 1)
    {
      g_hash_table_replace (self->watch_cancellables, g_strdup (repository),
                            g_object_ref (call->cancellable));
      if (row != NULL)
        gantry_repository_row_set_watching (row, TRUE);
    }
  watch_call_unref (call);
}

/* Promotions */

static const char *
rule_describe (GantryPromotionRule rule)
{
  switch (rule)
    {
    case GANTRY_PROMOTION_RULE_DIGEST_CHANGED:
      return _("Refused: the candidate is not the approved image");
    case GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS:
      /* The body says which: findings, or a scan with no verdict yet. */
      return _("Refused by the critical-findings guard rail");
    case GANTRY_PROMOTION_RULE_TASK_FAMILY:
      return _("Refused: a service would run another service’s task family");
    case GANTRY_PROMOTION_RULE_BUSY:
      return _("Refused: another promotion of this repository is running");
    case GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE:
      return _("Refused: the repository’s tags are immutable");
    case GANTRY_PROMOTION_RULE_NONE:
    default:
      return _("Refused");
    }
}

static void
report_success (GantryPromotionsPage  *self,
                PromoteCall           *call,
                GantryPromotionResult *result)
{
  GantryPromotionRequest *request = call->request;
  GantryRepositoryRow *row = lookup_row (self, request->repository);
  gboolean rollback = request->kind == GANTRY_PROMOTION_KIND_ROLLBACK;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *toast_title = NULL;
  AdwToast *toast;

  if (result->outcome == GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED)
    {
      title = g_strdup_printf (_("Already promoted: %s names the candidate"), result->tag);
      toast_title = g_strdup_printf (_("%s was already promoted"), request->repository);
    }
  else
    {
      title = g_strdup_printf (rollback ? _("Rolled back: %s names the previous image again")
                                        : _("Promoted: %s now names the candidate"),
                               result->tag);
      toast_title = g_strdup_printf (rollback ? _("%s rolled back to %.19s…")
                                              : _("%s promoted to %.19s…"),
                                     request->repository, result->to_digest);
    }

  /* The digests in full: what a rollback or an audit would go by */
  body = g_strdup_printf (_("Now: %s"), result->to_digest);
  if (result->from_digest != NULL && g_strcmp0 (result->from_digest, result->to_digest) != 0)
    {
      g_autofree char *before = g_strdup_printf (_("Before: %s"), result->from_digest);
      g_autofree char *both = g_strconcat (body, "\n", before, NULL);

      g_free (body);
      body = g_steal_pointer (&both);
    }
  if (result->rollout_error != NULL)
    {
      g_autofree char *with_rollout = g_strconcat (body, "\n", result->rollout_error->message,
                                                   NULL);

      g_free (body);
      body = g_steal_pointer (&with_rollout);
    }
  if (row != NULL)
    gantry_repository_row_set_message (row, title, body,
                                       result->rollout_error != NULL ? "warning" : "success");

  toast = adw_toast_new (toast_title);
  adw_toast_set_timeout (toast, 10);
  g_hash_table_remove (self->undoable, request->repository);
  if (!rollback && result->outcome == GANTRY_PROMOTION_OUTCOME_PROMOTED &&
      result->from_digest != NULL)
    {
      g_hash_table_insert (self->undoable, g_strdup (request->repository),
                           gantry_promotion_result_ref (result));
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "gantry-repository",
                              g_strdup (request->repository), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
    }
  add_toast (self, toast);
  notify_desktop (self, request->repository, toast_title, title);

  watch_rollouts (self, request->repository, result);
}

static void
report_error (GantryPromotionsPage *self,
              PromoteCall          *call,
              GantryPromotion      *promotion,
              const GError         *error)
{
  GantryPromotionRequest *request = call->request;
  GantryRepositoryRow *row = lookup_row (self, request->repository);
  GantryPromotionRule rule = gantry_promotion_get_refused_rule (promotion);
  gboolean refused = gantry_promotion_get_outcome (promotion) == GANTRY_PROMOTION_OUTCOME_REFUSED;
  g_autofree char *body = NULL;
  g_autofree char *toast_title = NULL;
  const char *title;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      title = _("Cancelled: nothing was written");
      toast_title = g_strdup_printf (_("Promotion of %s cancelled"), request->repository);
    }
  else if (refused)
    {
      const char *latest = row != NULL
                           ? gantry_repository_state_get_latest_digest (
                               gantry_repository_row_get_state (row))
                           : NULL;

      title = rule_describe (rule);
      /* Both digests, whatever the rule: what was approved and what
       * production runs, so the user can tell what to look at. */
      body = g_strdup_printf (_("%s\nApproved: %s\nIn production: %s"), error->message,
                              request->approved_digest != NULL ? request->approved_digest : "—",
                              latest != NULL ? latest : "—");
      toast_title = g_strdup_printf (_("Promotion of %s refused"), request->repository);
    }
  else
    {
      title = request->kind == GANTRY_PROMOTION_KIND_ROLLBACK ? _("Rollback failed")
                                                              : _("Promotion failed");
      body = g_strdup (error->message);
      toast_title = g_strdup_printf (request->kind == GANTRY_PROMOTION_KIND_ROLLBACK
                                     ? _("Rollback of %s failed") : _("Promotion of %s failed"),
                                     request->repository);
    }

  if (row != NULL)
    gantry_repository_row_set_message (row, title, body, refused ? "warning" : "error");
  add_toast (self, adw_toast_new (toast_title));
  notify_desktop (self, request->repository, toast_title, body != NULL ? body : title);
}

static void
promote_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PromoteCall) call = user_data;
  GantryPromotionsPage *self = call->self;
  GantryPromotion *promotion = GANTRY_PROMOTION (object);
  g_autoptr(GantryPromotionResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  const char *repository = call->request->repository;

  outcome = gantry_promotion_promote_finish (promotion, result, &error);

  /* The page went away or changed account: nothing left to tell */
  if (page_gone (self, call->generation))
    return;

  if (g_hash_table_lookup (self->promote_cancellables, repository) == call->cancellable)
    g_hash_table_remove (self->promote_cancellables, repository);

  if (self->inspector == NULL)
    return;

  if (outcome != NULL)
    report_success (self, call, outcome);
  else
    report_error (self, call, promotion, error);

  /* The row says Up to date (or shows the candidate that moved) */
  gantry_promotions_page_reload (GTK_WIDGET (self), NULL, NULL);
}

static void
start_promotion (GantryPromotionsPage   *self,
                 GantryPromotionRequest *request)
{
  GantryRepositoryRow *row = lookup_row (self, request->repository);
  g_autoptr(GantryPromotion) promotion = NULL;
  GCancellable *watch;
  PromoteCall *call;

  g_return_if_fail (self->inspector != NULL);

  /* A new promotion replaces the rollouts the row was following */
  watch = g_hash_table_lookup (self->watch_cancellables, request->repository);
  if (watch != NULL)
    g_cancellable_cancel (watch);

  promotion = gantry_promotion_new (gantry_promotion_get_client (self->inspector),
                                    effective_environment (self), self->journal);
  /* The session already knows who we are: no GetCallerIdentity on the way. */
  if (self->session != NULL)
    gantry_promotion_set_identity (promotion, gantry_session_get_identity_arn (self->session),
                                   gantry_session_get_account_id (self->session));
  if (row != NULL)
    {
      gantry_repository_row_set_message (row, NULL, NULL, NULL);
      gantry_repository_row_set_promotion (row, promotion);
    }

  call = g_new0 (PromoteCall, 1);
  call->self = g_object_ref (self);
  call->request = gantry_promotion_request_copy (request);
  call->cancellable = g_cancellable_new ();
  call->generation = self->generation;
  g_hash_table_replace (self->promote_cancellables, g_strdup (request->repository),
                        g_object_ref (call->cancellable));

  gantry_promotion_promote_async (promotion, request, call->cancellable, promote_cb, call);
}

static void
dialog_response_cb (GantryPromoteDialog  *dialog,
                    const char           *response,
                    GantryPromotionsPage *self)
{
  GantryRepositoryState *state = gantry_promote_dialog_get_state (dialog);
  g_autoptr(GantryPromotionRequest) request = NULL;
  g_auto(GStrv) services = NULL;

  if (!g_str_equal (response, "promote") || self->inspector == NULL)
    return;

  request = gantry_promotion_request_new (gantry_repository_state_get_name (state));
  /* The approval is of the digest the dialog showed, not of the tag */
  request->approved_digest = g_strdup (gantry_repository_state_get_candidate_digest (state));
  services = gantry_promote_dialog_dup_services (dialog);
  if (services[0] != NULL)
    {
      request->services = g_steal_pointer (&services);
      request->cluster = g_strdup (gantry_promote_dialog_get_cluster (dialog));
    }
  /* The page follows the rollouts itself, so the outcome of the image
   * promotion (and its Undo) does not wait for ECS. */
  request->watch = FALSE;
  start_promotion (self, request);
}

static void
promote_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);
  const char *repository = g_variant_get_string (parameter, NULL);
  GantryRepositoryRow *row = lookup_row (self, repository);
  GantryRepositoryState *state;
  GtkRoot *root;

  if (row == NULL || self->inspector == NULL || gantry_repository_row_get_busy (row) ||
      self->dialog != NULL)
    return;

  state = gantry_repository_row_get_state (row);
  if (gantry_repository_state_get_status (state) == GANTRY_REPOSITORY_STATUS_UP_TO_DATE)
    {
      g_autofree char *title = g_strdup_printf (_("%s is already promoted"), repository);

      add_toast (self, adw_toast_new (title));
      return;
    }
  if (gantry_repository_state_get_status (state) != GANTRY_REPOSITORY_STATUS_CANDIDATE_READY)
    return;

  root = gtk_widget_get_root (widget);
  self->dialog = gantry_promote_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            state, effective_environment (self),
                                            gantry_promotion_get_client (self->inspector));
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

/* Undo, once confirmed: the same contract backwards. */
static void
start_undo (GantryPromotionsPage *self,
            const char           *repository)
{
  GantryPromotionResult *result = g_hash_table_lookup (self->undoable, repository);
  GantryRepositoryRow *row = lookup_row (self, repository);
  g_autoptr(GantryPromotionRequest) request = NULL;
  g_autoptr(GStrvBuilder) services = g_strv_builder_new ();
  const char *cluster = NULL;

  if (result == NULL || self->inspector == NULL || (row != NULL && gantry_repository_row_get_busy (row)))
    return;

  /* The same contract backwards: the old digest, approved in the dialog,
   * and the services that were rolled go back with it. */
  request = gantry_promotion_request_new (repository);
  request->kind = GANTRY_PROMOTION_KIND_ROLLBACK;
  request->approved_digest = g_strdup (result->from_digest);
  request->to_tag = g_strdup (result->tag);
  for (guint i = 0; i < result->rollouts->len; i++)
    {
      GantryRollout *rollout = g_ptr_array_index (result->rollouts, i);

      g_strv_builder_add (services, gantry_rollout_get_service (rollout));
      cluster = gantry_rollout_get_cluster (rollout);
    }
  if (cluster != NULL)
    {
      request->services = g_strv_builder_end (services);
      request->cluster = g_strdup (cluster);
    }
  request->watch = FALSE;
  g_hash_table_remove (self->undoable, repository);
  start_promotion (self, request);
}

static void
undo_response_cb (AdwMessageDialog     *dialog,
                  const char           *response,
                  GantryPromotionsPage *self)
{
  if (g_strcmp0 (response, "undo") == 0)
    start_undo (self, g_object_get_data (G_OBJECT (dialog), "repository"));
}

/* Undo writes to production like the promotion it reverts, so it is asked
 * for as deliberately: the digests and the call first, Cancel by default. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);
  const char *repository = g_variant_get_string (parameter, NULL);
  GantryPromotionResult *result = g_hash_table_lookup (self->undoable, repository);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);

  if (result == NULL || self->undo_dialog != NULL || self->dialog != NULL)
    return;

  heading = g_strdup_printf (_("Undo the Promotion of %s?"), repository);
  g_string_append_printf (body, _("%s goes back from %s to %s in %s, with ecr:PutImage."),
                          result->tag, result->to_digest, result->from_digest, repository);
  for (guint i = 0; i < result->rollouts->len; i++)
    {
      GantryRollout *rollout = g_ptr_array_index (result->rollouts, i);

      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Service %s goes back to the image it ran before."),
                              gantry_rollout_get_service (rollout));
    }

  self->undo_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root)
                                                                  ? GTK_WINDOW (root) : NULL,
                                                                  heading, body->str));
  adw_message_dialog_add_responses (self->undo_dialog,
                                    "cancel", _("_Cancel"),
                                    "undo", _("_Undo Promotion"),
                                    NULL);
  adw_message_dialog_set_response_appearance (self->undo_dialog, "undo",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (self->undo_dialog, "cancel");
  adw_message_dialog_set_close_response (self->undo_dialog, "cancel");
  g_object_set_data_full (G_OBJECT (self->undo_dialog), "repository", g_strdup (repository),
                          g_free);
  g_object_add_weak_pointer (G_OBJECT (self->undo_dialog), (gpointer *) &self->undo_dialog);
  g_signal_connect_object (self->undo_dialog, "response", G_CALLBACK (undo_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->undo_dialog));
}

static void
cancel_promotion_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);
  GCancellable *cancellable;

  /* Past the re-read the engine ignores it: a write is never cut in half */
  cancellable = g_hash_table_lookup (self->promote_cancellables,
                                     g_variant_get_string (parameter, NULL));
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

static void
stop_watching_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);
  GCancellable *cancellable;

  cancellable = g_hash_table_lookup (self->watch_cancellables,
                                     g_variant_get_string (parameter, NULL));
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

/* GObject */

static void
session_state_cb (GantryPromotionsPage *self)
{
  GantryAwsClient *client = current_client (self);

  /* Reconnecting makes a new client: follow it */
  if (client != NULL && self->inspector != NULL &&
      gantry_promotion_get_client (self->inspector) == client)
    return;
  if (client == NULL && self->inspector == NULL)
    return;
  restart (self);
}

static void
gantry_promotions_page_unroot (GtkWidget *widget)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (widget);

  /* The window is going: nobody is left to see a rollout or a result */
  stop_everything (self);

  GTK_WIDGET_CLASS (gantry_promotions_page_parent_class)->unroot (widget);
}

static void
gantry_promotions_page_dispose (GObject *object)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (object);

  if (self->cancellable != NULL)
    stop_everything (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reload_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->environment);
  g_clear_object (&self->default_environment);
  g_clear_object (&self->inspector);
  g_clear_object (&self->journal);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  if (self->undo_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_dialog), (gpointer *) &self->undo_dialog);
  self->undo_dialog = NULL;
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->promote_cancellables, g_hash_table_unref);
  g_clear_pointer (&self->watch_cancellables, g_hash_table_unref);
  g_clear_pointer (&self->undoable, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PROMOTIONS_PAGE);

  G_OBJECT_CLASS (gantry_promotions_page_parent_class)->dispose (object);
}

static void
gantry_promotions_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (object);

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
gantry_promotions_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GantryPromotionsPage *self = GANTRY_PROMOTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_promotions_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_ENVIRONMENT:
      gantry_promotions_page_set_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_promotions_page_class_init (GantryPromotionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_promotions_page_dispose;
  object_class->get_property = gantry_promotions_page_get_property;
  object_class->set_property = gantry_promotions_page_set_property;
  widget_class->unroot = gantry_promotions_page_unroot;

  /**
   * GantryPromotionsPage:session:
   *
   * The account whose repositories the page shows.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GantryPromotionsPage:environment:
   *
   * The environment: its repositories, tags, cluster and guard rails. Without
   * one, the page uses the defaults and every repository of the account.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, GANTRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-promotions-page.ui");
  /* A plain widget with a bin layout rather than an AdwBin: AdwBin's own
   * dispose would unparent the child gtk_widget_dispose_template() already
   * unparented. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, list_box);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL,
                                   gantry_promotions_page_reload);
  gtk_widget_class_install_action (widget_class, "page.promote", "s", promote_action);
  gtk_widget_class_install_action (widget_class, "page.undo", "s", undo_action);
  gtk_widget_class_install_action (widget_class, "page.cancel-promotion", "s",
                                   cancel_promotion_action);
  gtk_widget_class_install_action (widget_class, "page.stop-watching", "s",
                                   stop_watching_action);

  g_type_ensure (GANTRY_TYPE_REPOSITORY_ROW);
}

static void
gantry_promotions_page_init (GantryPromotionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->journal = gantry_journal_new (NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->promote_cancellables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);
  self->watch_cancellables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    g_object_unref);
  self->undoable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) gantry_promotion_result_unref);
}

/**
 * gantry_promotions_page_get_session:
 *
 * Returns: (nullable) (transfer none): the account shown
 */
GantrySession *
gantry_promotions_page_get_session (GantryPromotionsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return self->session;
}

/**
 * gantry_promotions_page_set_session:
 * @session: (nullable): the account to show; the page waits for it to be
 *   connected
 */
void
gantry_promotions_page_set_session (GantryPromotionsPage *self,
                                    GantrySession        *session)
{
  g_return_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::state", G_CALLBACK (session_state_cb), self);

  /* Another account: nothing of the last one may stay on screen */
  stop_everything (self);
  clear_rows (self);
  restart (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gantry_promotions_page_get_environment:
 *
 * Returns: (nullable) (transfer none): the environment set on the page
 */
GantryEnvironment *
gantry_promotions_page_get_environment (GantryPromotionsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return self->environment;
}

/**
 * gantry_promotions_page_set_environment:
 * @environment: (nullable): the environment to promote in; %NULL for the
 *   defaults (prod-candidate → prod-latest, guard rails on, every
 *   repository of the account)
 */
void
gantry_promotions_page_set_environment (GantryPromotionsPage *self,
                                        GantryEnvironment    *environment)
{
  g_return_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  /* Other repositories and tags: read everything again */
  g_cancellable_cancel (self->reload_cancellable);
  clear_rows (self);
  restart (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

/**
 * gantry_promotions_page_get_view_name:
 *
 * Returns: what the page shows: "no-session", "loading", "empty", "error"
 *   or "content"
 */
const char *
gantry_promotions_page_get_view_name (GantryPromotionsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * gantry_promotions_page_get_row:
 *
 * Returns: (nullable) (transfer none): the row of @repository
 */
GantryRepositoryRow *
gantry_promotions_page_get_row (GantryPromotionsPage *self,
                                const char           *repository)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return lookup_row (self, repository);
}

/**
 * gantry_promotions_page_get_dialog:
 *
 * Returns: (nullable) (transfer none): the confirmation dialog on screen
 */
GantryPromoteDialog *
gantry_promotions_page_get_dialog (GantryPromotionsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return self->dialog;
}

/**
 * gantry_promotions_page_get_undo_dialog:
 *
 * Returns: (transfer none) (nullable): the open confirmation of an Undo
 */
AdwMessageDialog *
gantry_promotions_page_get_undo_dialog (GantryPromotionsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTIONS_PAGE (self), NULL);

  return self->undo_dialog;
}
