/* test-history-page.c: the History page against the demo account in moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto runs with signature verification on and the demo seed: services
 * prod-api and prod-app in cluster prod on revision 2 of three, four builds
 * per repository. The journal gets three operations at pinned times before
 * the window opens. The cases run in order and build on each other (the
 * rollback changes prod-api).
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gantry-application.h"
#include "gantry-history-page.h"
#include "gantry-history-row.h"
#include "gantry-rollback-dialog.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window.h"

#include "aws/gantry-aws-ecs.h"
#include "core/gantry-journal.h"

/* moto start-up and the seed dominate; each wait is far shorter. */
#define WAIT_SECONDS 60
#define PROFILE      "history-test"

static GantryApplication *app;
static GantryTestMoto *moto;
static JsonObject *summary;
static GantryWindow *window;
static GantryHistoryPage *page;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
await (GAsyncResult **result)
{
  gantry_test_ui_wait_until (has_result, result, WAIT_SECONDS);
}

/* The digest the demo seed pushed for @commit in @repository. */
static const char *
seed_digest (const char *repository,
             const char *commit)
{
  JsonObject *repositories = json_object_get_object_member (summary, "Repositories");
  JsonArray *images = json_array_ref (json_object_get_array_member (
    json_object_get_object_member (repositories, repository), "Images"));
  const char *digest = NULL;

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *image = json_array_get_object_element (images, i);

      if (g_str_equal (json_object_get_string_member (image, "Commit"), commit))
        digest = json_object_get_string_member (image, "Digest");
    }
  json_array_unref (images);
  g_assert_nonnull (digest);
  return digest;
}

static void
append_journal (GantryJournalEntry *entry)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_journal_append_async (journal, entry, NULL, store_result, &result);
  await (&result);
  gantry_journal_append_finish (journal, result, &error);
  g_assert_no_error (error);
}

static void
journal_operation (const char *kind,
                   const char *iso_time,
                   const char *repository,
                   const char *from,
                   const char *to,
                   const char *commit)
{
  g_autoptr(GantryJournalEntry) started = gantry_journal_entry_new (kind);
  g_autoptr(GantryJournalEntry) done = NULL;

  g_date_time_unref (started->time);
  started->time = g_date_time_new_from_iso8601 (iso_time, NULL);
  started->identity_arn = g_strdup ("arn:aws:iam::123456789012:user/release-manager");
  started->repository = g_strdup (repository);
  started->from_digest = g_strdup (from);
  started->to_digest = g_strdup (to);
  started->commit = g_strdup (commit);
  started->tag = g_strdup ("prod-latest");
  append_journal (started);
  done = gantry_journal_entry_new_outcome (started, GANTRY_JOURNAL_STATE_DONE, NULL);
  append_journal (done);
}

static GPtrArray *
load_journal (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *lines;

  gantry_journal_load_async (journal, NULL, store_result, &result);
  await (&result);
  lines = gantry_journal_load_finish (journal, result, NULL, &error);
  g_assert_no_error (error);
  return lines;
}

static GantryAwsEcsService *
describe_service (const char *name)
{
  GantrySession *session = gantry_window_get_session (window);
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (gantry_session_get_client (session));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { name, NULL };

  gantry_aws_ecs_describe_services_async (ecs, "prod", names, NULL, store_result, &result);
  await (&result);
  services = gantry_aws_ecs_describe_services_finish (ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  return g_ptr_array_steal_index (services, 0);
}

static GListModel *
model (void)
{
  return G_LIST_MODEL (gantry_history_page_get_history (page));
}

static gboolean
page_settled (gpointer data)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                              GANTRY_TYPE_HISTORY_PAGE,
                                                              "stack"));

  /* ...and the crossfade from the loading view is over, for the screenshot */
  return !gantry_history_page_get_busy (page) &&
         g_strcmp0 (gantry_history_page_get_state_name (page), "loading") != 0 &&
         gantry_history_get_n_total (gantry_history_page_get_history (page)) > 0 &&
         !gtk_stack_get_transition_running (stack);
}

/* Every row the list view built, by the entry it shows. */
static void
collect_rows (GtkWidget  *widget,
              GHashTable *rows)
{
  if (GANTRY_IS_HISTORY_ROW (widget) &&
      gantry_history_row_get_entry (GANTRY_HISTORY_ROW (widget)) != NULL)
    g_hash_table_insert (rows, gantry_history_row_get_entry (GANTRY_HISTORY_ROW (widget)),
                         widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GantryHistoryRow *
row_at (guint position)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model (), position);
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                               GANTRY_TYPE_HISTORY_PAGE,
                                                               "list_view"));

  collect_rows (list, rows);
  /* The model hands out the object a row holds while it holds it */
  return g_hash_table_lookup (rows, entry);
}

static guint
find_entry (GantryHistoryKind  kind,
            const char        *service,
            const char        *repository,
            const char        *to)
{
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model (), i);

      if (gantry_history_entry_get_kind (entry) == kind &&
          (service == NULL || g_strcmp0 (gantry_history_entry_get_service (entry), service) == 0) &&
          (repository == NULL ||
           g_strcmp0 (gantry_history_entry_get_repository (entry), repository) == 0) &&
          g_strcmp0 (gantry_history_entry_get_to (entry), to) == 0)
        return i;
    }
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model (), i);
      g_autoptr(JsonNode) node = gantry_history_entry_to_json (entry);
      g_autofree char *text = json_to_string (node, FALSE);

      g_test_message ("%u: %s", i, text);
    }
  g_assert_not_reached ();
}

static gboolean
n_items_changed (gpointer data)
{
  return g_list_model_get_n_items (model ()) != GPOINTER_TO_UINT (data);
}

static gboolean
environment_set (gpointer data)
{
  return gantry_window_get_environment (window) != NULL;
}

static void
test_open (void)
{
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("history-test");
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *old = seed_digest ("backend", "3f9c2a1");
  const char *promoted = seed_digest ("backend", "8be41d7");
  const char *newest = seed_digest ("backend", "e4a91b6");
  g_autoptr(GantryHistoryEntry) first = NULL;
  g_autoptr(GantryHistoryEntry) second = NULL;
  g_autofree char *short_newest = gantry_history_row_short_target (newest);
  g_autofree char *short_promoted = gantry_history_row_short_target (promoted);
  g_autofree char *expected_change = g_strdup_printf ("%s → %s", short_newest, short_promoted);
  GantryHistoryRow *row;

  journal_operation ("promotion", "2001-02-03T04:05:06Z", "backend", NULL, old, "3f9c2a1");
  journal_operation ("promotion", "2099-01-01T00:00:00Z", "backend", old, newest, "e4a91b6");
  journal_operation ("rollback", "2099-01-02T00:00:00Z", "backend", newest, promoted, "8be41d7");

  /* A saved environment for the session's profile: the window picks it */
  gantry_environment_set_profile (environment, PROFILE);
  gantry_environment_set_region (environment, GANTRY_TEST_MOTO_REGION);
  gantry_environment_set_cluster (environment, "prod");
  gantry_environment_save_async (environment, NULL, store_result, &result);
  await (&result);
  g_assert_true (gantry_environment_save_finish (environment, result, &error));
  g_assert_no_error (error);

  window = gantry_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "history"));
  page = GANTRY_HISTORY_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                             GANTRY_TYPE_WINDOW,
                                                             "history_page"));
  g_assert_true (GANTRY_IS_HISTORY_PAGE (page));
  /* moto starts no deployment it could finish (MOTO-NOTES): do not watch */
  gantry_history_page_set_watch_rollouts (page, FALSE);

  session = gantry_session_new (PROFILE, GANTRY_TEST_MOTO_REGION,
                                gantry_test_moto_get_endpoint (moto),
                                gantry_test_moto_get_credentials (moto), NULL);
  gantry_window_set_session (window, session);
  g_assert_true (gantry_history_page_get_session (page) == session);

  gantry_test_ui_wait_until (environment_set, NULL, WAIT_SECONDS);
  g_assert_cmpstr (gantry_environment_get_cluster (gantry_window_get_environment (window)), ==,
                   "prod");
  gantry_test_ui_wait_until (page_settled, NULL, WAIT_SECONDS);
  g_assert_cmpstr (gantry_history_page_get_state_name (page), ==, "content");
  gantry_test_ui_wait_for_frames (GTK_WIDGET (window), 60);

  /* Newest first: the 2099 rollback, then the 2099 promotion */
  first = g_list_model_get_item (model (), 0);
  second = g_list_model_get_item (model (), 1);
  g_assert_cmpint (gantry_history_entry_get_kind (first), ==, GANTRY_HISTORY_KIND_ROLLBACK);
  g_assert_cmpstr (gantry_history_entry_get_repository (first), ==, "backend");
  g_assert_cmpstr (gantry_history_entry_get_to (first), ==, promoted);
  g_assert_cmpstr (gantry_history_entry_get_commit (first), ==, "8be41d7");
  g_assert_cmpint (gantry_history_entry_get_kind (second), ==, GANTRY_HISTORY_KIND_PROMOTION);
  g_assert_cmpstr (gantry_history_entry_get_to (second), ==, newest);

  /* What the rows show */
  row = row_at (0);
  g_assert_nonnull (row);
  g_assert_cmpstr (gantry_history_row_get_change (row), ==, expected_change);
  g_assert_nonnull (strstr (gantry_history_row_get_when (row), "2099"));
  row = row_at (1);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_suffix (gantry_history_row_get_change (row), short_newest));

  /* The materialized entries are about the rows on screen, not the list */
  g_assert_cmpuint (gantry_history_get_n_materialized (gantry_history_page_get_history (page)),
                    <=, g_list_model_get_n_items (model ()));

  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "history-page");
}

static void
test_filter (void)
{
  GtkDropDown *services = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                        GANTRY_TYPE_HISTORY_PAGE,
                                                                        "service_dropdown"));
  GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                     GANTRY_TYPE_HISTORY_PAGE,
                                                                     "search_entry"));
  GListModel *choices = gtk_drop_down_get_model (services);
  const char *digest = seed_digest ("frontend", "e4a91b6");
  g_autofree char *prefix = g_strndup (digest, strlen ("sha256:") + 10);
  guint n_all = g_list_model_get_n_items (model ());
  guint n_api = 0;
  guint prod_api = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), "prod-api") == 0)
      prod_api = i;
  g_assert_cmpuint (prod_api, !=, GTK_INVALID_LIST_POSITION);

  /* By service: only prod-api's entries */
  gtk_drop_down_set_selected (services, prod_api);
  n_api = g_list_model_get_n_items (model ());
  g_assert_cmpuint (n_api, >, 0);
  g_assert_cmpuint (n_api, <, n_all);
  for (guint i = 0; i < n_api; i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model (), i);

      g_assert_cmpstr (gantry_history_entry_get_service (entry), ==, "prod-api");
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.clear-filters", NULL));
  g_assert_cmpuint (gtk_drop_down_get_selected (services), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, n_all);

  /* By a digest prefix: the image and whatever moved to or from it */
  gtk_editable_set_text (search, prefix);
  gantry_test_ui_wait_until (n_items_changed, GUINT_TO_POINTER (n_all), WAIT_SECONDS);
  g_assert_cmpuint (g_list_model_get_n_items (model ()), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model (), i);

      g_assert_true (g_str_has_prefix (gantry_history_entry_get_to (entry) ?: "", prefix) ||
                     g_str_has_prefix (gantry_history_entry_get_from (entry) ?: "", prefix));
    }
  find_entry (GANTRY_HISTORY_KIND_IMAGE, NULL, "frontend", digest);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (window), 60);
  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "history-page-search");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.clear-filters", NULL));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, n_all);
}

static gboolean
dialog_planned (gpointer data)
{
  GantryRollbackDialog *dialog = gantry_history_page_get_rollback_dialog (page);

  return dialog != NULL &&
         (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                   GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK) ||
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                     "Cannot Roll Back") == 0);
}

/* Opens "Roll back to this…" on @position and waits for its verdict. */
static GantryRollbackDialog *
open_rollback (guint position)
{
  GantryRollbackDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.rollback", "u", position));
  dialog = gantry_history_page_get_rollback_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (gantry_history_entry_get_to (gantry_rollback_dialog_get_entry (dialog)) != NULL);
  /* Nothing can be confirmed before the plan is there */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   GANTRY_ROLLBACK_DIALOG_RESPONSE_CANCEL);
  gantry_test_ui_wait_until (dialog_planned, NULL, WAIT_SECONDS);
  return dialog;
}

static gboolean
rollback_journaled (gpointer data)
{
  g_autoptr(GPtrArray) lines = NULL;

  if (gantry_history_page_get_busy (page))
    return FALSE;
  lines = load_journal ();
  return lines->len > GPOINTER_TO_UINT (data);
}

static void
test_rollback_revision (void)
{
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GantryAwsEcsService) api = NULL;
  g_autoptr(GantryAwsEcsService) app_service = NULL;
  GantryRollbackDialog *dialog;
  const GantryRollbackPlan *plan;
  GantryJournalEntry *started, *done;
  const char *body;

  api = describe_service ("prod-api");
  g_assert_true (g_str_has_suffix (api->task_definition, "task-definition/prod-api:2"));
  g_clear_pointer (&api, gantry_aws_ecs_service_free);

  dialog = open_rollback (find_entry (GANTRY_HISTORY_KIND_REVISION, "prod-api", NULL,
                                      "prod-api:1"));
  plan = gantry_rollback_dialog_get_plan (dialog);
  g_assert_nonnull (plan);
  g_assert_cmpint (plan->target, ==, GANTRY_ROLLBACK_TARGET_REVISION);
  g_assert_true (g_str_has_suffix (plan->to_task_definition, "prod-api:1"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "UpdateService"));
  g_assert_nonnull (strstr (body, "prod-api:2"));
  g_assert_nonnull (strstr (body, "prod-api:1"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               "rollback"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (dialog), 60);
  gantry_test_ui_save_screenshot (GTK_WIDGET (dialog), "history-rollback-dialog");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK);
  g_assert_true (gantry_history_page_get_busy (page));
  gantry_test_ui_wait_until (rollback_journaled, GUINT_TO_POINTER (before->len + 1),
                             WAIT_SECONDS);
  gantry_test_ui_wait_until (page_settled, NULL, WAIT_SECONDS);

  /* Exactly that changed: prod-api's revision, not prod-app's */
  api = describe_service ("prod-api");
  app_service = describe_service ("prod-app");
  g_assert_true (g_str_has_suffix (api->task_definition, "task-definition/prod-api:1"));
  g_assert_true (g_str_has_suffix (app_service->task_definition, "task-definition/prod-app:2"));

  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len + 2);
  started = g_ptr_array_index (after, before->len);
  done = g_ptr_array_index (after, before->len + 1);
  g_assert_cmpstr (started->kind, ==, "rollback");
  g_assert_cmpstr (started->service, ==, "prod-api");
  g_assert_cmpstr (started->identity_arn, ==, gantry_test_moto_get_user_arn (moto));
  g_assert_cmpint (done->state, ==, GANTRY_JOURNAL_STATE_DONE);

  /* The reload shows it, newest of today's entries */
  g_assert_cmpuint (find_entry (GANTRY_HISTORY_KIND_ROLLBACK, "prod-api", NULL, "prod-api:1"),
                    ==, 2);
}

static void
close_dialog (GantryRollbackDialog *dialog)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), GANTRY_ROLLBACK_DIALOG_RESPONSE_CANCEL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (gantry_history_page_get_rollback_dialog (page));
}

static void
test_refusals (void)
{
  g_autoptr(GPtrArray) before = load_journal ();
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *gone = seed_digest ("frontend", "3f9c2a1");
  const char *delete_args[] = { "--repository", "frontend", "--digest", gone, NULL };
  /* What a confused colleague might have written: prod-app on prod-api's task */
  GantryHistoryRecord foreign = {
    .kind = GANTRY_HISTORY_KIND_REVISION,
    .service = "prod-app",
    .to = "prod-api:1",
    .detail = "foreign family",
  };
  GantryRollbackDialog *dialog;
  const char *body;

  gantry_history_add_records (gantry_history_page_get_history (page), &foreign, 1);
  dialog = open_rollback (find_entry (GANTRY_HISTORY_KIND_REVISION, "prod-app", NULL,
                                      "prod-api:1"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "rollback"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "does not belong to service prod-app"));
  close_dialog (dialog);

  /* A lifecycle policy expires the image while the page shows it */
  gantry_test_moto_run_seed (moto, "delete-image.py", delete_args, &out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "\"Deleted\": 1"));
  dialog = open_rollback (find_entry (GANTRY_HISTORY_KIND_IMAGE, NULL, "frontend", gone));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "rollback"));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "lifecycle policy"));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (dialog), 60);
  gantry_test_ui_save_screenshot (GTK_WIDGET (dialog), "history-rollback-refused");
  close_dialog (dialog);

  /* Nothing was written */
  after = load_journal ();
  g_assert_cmpuint (after->len, ==, before->len);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_export (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n;

  gantry_history_page_export_async (page, "json", file, NULL, export_cb, &result);
  await (&result);
  n = gantry_history_page_export_finish (page, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (model ()));

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, n);
  g_clear_object (&result);

  gantry_history_page_export_async (page, "yaml", file, NULL, export_cb, &result);
  await (&result);
  g_assert_cmpuint (gantry_history_page_export_finish (page, result, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  window = NULL;
  page = NULL;
}

/* 10,000 entries in the list view: only what is on screen is built */
static void
test_ten_thousand (void)
{
  g_autoptr(GArray) records = g_array_sized_new (FALSE, TRUE, sizeof (GantryHistoryRecord),
                                                 10000);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  GantryWindow *big;
  GantryHistoryPage *big_page;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  GtkWidget *list;
  GantryHistory *history;
  gint64 start;
  guint n_built;

  big = gantry_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (big);
  gtk_window_set_default_size (GTK_WINDOW (big), 1000, 700);
  gtk_window_present (GTK_WINDOW (big));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (big), "win.show-page", "s", "history"));
  big_page = GANTRY_HISTORY_PAGE (gtk_widget_get_template_child (GTK_WIDGET (big),
                                                                 GANTRY_TYPE_WINDOW,
                                                                 "history_page"));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (big), 60);
  history = gantry_history_page_get_history (big_page);
  g_assert_cmpstr (gantry_history_page_get_state_name (big_page), ==, "empty");

  for (guint i = 0; i < 10000; i++)
    {
      GantryHistoryRecord record = { 0 };
      /* Distinct in the first digits too, as real digests are */
      char *to = g_strdup_printf ("sha256:%08x%056x", i * 2654435761u, i);

      record.kind = i % GANTRY_HISTORY_N_KINDS;
      record.time = g_date_time_add_minutes (now, -(int) i);
      record.service = i % 2 ? "prod-api" : "prod-app";
      record.repository = i % 2 ? "backend" : "frontend";
      record.to = to;
      record.outcome = i % 5 ? "completed" : "failed";
      record.actor = "arn:aws:iam::123456789012:user/Alice";
      g_ptr_array_add (times, record.time);
      g_ptr_array_add (strings, to);
      g_array_append_val (records, record);
    }

  start = g_get_monotonic_time ();
  gantry_history_add_records (history, (GantryHistoryRecord *) (gpointer) records->data,
                              records->len);
  g_test_message ("10,000 entries: added and sorted in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (big), 60);
  g_test_message ("10,000 entries: first frame after %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpstr (gantry_history_page_get_state_name (big_page), ==, "content");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 10000);
  n_built = gantry_history_get_n_materialized (history);
  g_test_message ("materialized after the first frame: %u", n_built);
  g_assert_cmpuint (n_built, >, 0);
  g_assert_cmpuint (n_built, <, 500);

  /* To the end and back: the rows are recycled, the entries let go */
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (big_page),
                                                   GANTRY_TYPE_HISTORY_PAGE, "list_view"));
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (big), 60);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (big), 60);
  g_assert_cmpuint (gantry_history_get_n_materialized (history), <, 500);
  gantry_test_ui_save_screenshot (GTK_WIDGET (big), "history-page-10000");

  gtk_window_destroy (GTK_WINDOW (big));
  g_assert_finalize_object (big);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *output = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* Before GLib caches them: the journal and the environments are ours */
  config_dir = g_dir_make_tmp ("gantry-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_dir_make_tmp ("gantry-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_SESSION_TOKEN");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("GANTRY_DEMO_SEED") == NULL)
    {
      g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                     "gantry-demo-seed.py", NULL);

      g_setenv ("GANTRY_DEMO_SEED", seed, TRUE);
    }

  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/history-page/ten-thousand", test_ten_thousand);

  if (gantry_test_moto_is_available ())
    {
      moto = gantry_test_moto_start (TRUE, &error);
      g_assert_no_error (error);
      gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &output, &error);
      g_assert_no_error (error);
      root = json_from_string (output, &error);
      g_assert_no_error (error);
      summary = json_node_get_object (root);

      g_test_add_func ("/ui/history-page/open", test_open);
      g_test_add_func ("/ui/history-page/filter", test_filter);
      g_test_add_func ("/ui/history-page/rollback-revision", test_rollback_revision);
      g_test_add_func ("/ui/history-page/refusals", test_refusals);
      g_test_add_func ("/ui/history-page/export", test_export);
    }

  ret = g_test_run ();

  g_clear_object (&app);
  if (moto != NULL)
    gantry_test_moto_stop (moto);
  return ret;
}
