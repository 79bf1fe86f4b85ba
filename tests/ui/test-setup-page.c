/* test-setup-page.c: the Setup page auditing the demo account in moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test opens a window on its own session, waits (bounded) for the
 * audit and drives the page through its actions, as the buttons would.
 * Moto runs without signature checks: the audit's AWS Backup REST calls
 * are signed in a way moto cannot verify (see test-check.c). The fix test
 * changes the account, so it runs last.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gantry-application.h"
#include "gantry-setup-page.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window.h"

#include "core/gantry-error.h"

/* moto on two loaded cores: an audit is ~25 calls, a fix re-reads them all */
#define WAIT_TIMEOUT_SECONDS 60

static GantryApplication *app;
static GantryTestMoto *moto;

typedef struct
{
  GantryWindow    *window;
  GantrySetupPage *page;
} Fixture;

static GantrySetupPage *
find_setup_page (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GantrySetupPage *page;

      if (GANTRY_IS_SETUP_PAGE (child))
        return GANTRY_SETUP_PAGE (child);
      if ((page = find_setup_page (child)) != NULL)
        return page;
    }
  return NULL;
}

static gboolean
audit_done (gpointer data)
{
  GantrySetupPage *page = data;

  return gantry_setup_page_get_audit (page) != NULL && !gantry_setup_page_get_running (page) &&
         g_str_equal (gantry_setup_page_get_state (page), "content");
}

static gboolean
audit_running (gpointer data)
{
  return gantry_setup_page_get_running (data);
}

static void
fixture_open (Fixture *fixture)
{
  g_autoptr(GantrySession) session = NULL;
  /* borrowed from the harness */
  GantryAwsCredentials *credentials = gantry_test_moto_get_credentials (moto);

  fixture->window = gantry_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->page = find_setup_page (GTK_WIDGET (fixture->window));
  g_assert_nonnull (fixture->page);

  /* Without a session the page asks for an account */
  g_assert_cmpstr (gantry_setup_page_get_state (fixture->page), ==, "empty");

  session = gantry_session_new ("moto", GANTRY_TEST_MOTO_REGION,
                                gantry_test_moto_get_endpoint (moto), credentials, NULL);
  gantry_window_set_session (fixture->window, session);
  g_assert_true (gantry_setup_page_get_session (fixture->page) == session);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
}

static GantryCheckRow *
row (Fixture    *fixture,
     const char *check_id)
{
  GantryCheckRow *check_row = gantry_setup_page_find_row (fixture->page, check_id);

  g_assert_nonnull (check_row);
  return check_row;
}

/* Scrolls the page so that @widget is at the top of what it shows */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_bounds (
      widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)), &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            bounds.origin.y - 60);
}

static char *
expected_summary (GantryAudit *audit)
{
  guint pass = gantry_audit_count (audit, GANTRY_CHECK_STATUS_PASS);
  guint fail = gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL);
  guint warn = gantry_audit_count (audit, GANTRY_CHECK_STATUS_WARN);
  guint error = gantry_audit_count (audit, GANTRY_CHECK_STATUS_ERROR);

  return g_strdup_printf ("%u passed, %u failed, %u %s, %u not evaluated",
                          pass, fail, warn, warn == 1 ? "warning" : "warnings", error);
}

static AdwMessageDialog *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_audit (void)
{
  Fixture fixture = { 0 };
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  GantryAudit *audit;
  GantryCheckRow *failing;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  fixture_open (&fixture);
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);

  audit = gantry_setup_page_get_audit (fixture.page);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_audit_get_results (audit)), ==,
                    gantry_audit_get_checks (audit)->len);
  g_assert_cmpuint (gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL), >, 0);
  g_assert_cmpuint (gantry_audit_count (audit, GANTRY_CHECK_STATUS_PASS), >, 0);

  summary = gantry_setup_page_dup_summary (fixture.page);
  expected = expected_summary (audit);
  g_assert_cmpstr (summary, ==, expected);

  /* The demo keeps the default security group's rules: a fix is offered */
  failing = row (&fixture, "sg.default-closed");
  g_assert_cmpstr (gantry_check_row_get_status_text (failing), ==, "Failed");
  g_assert_true (gantry_check_row_get_result (failing) ==
                 gantry_audit_lookup_result (audit, "sg.default-closed"));
  g_assert_true (gantry_check_result_get_fix_available (gantry_check_row_get_result (failing)));
  g_assert_cmpstr (gantry_check_row_get_status_text (row (&fixture, "vpc.selected")), ==,
                   "Passed");
  g_assert_cmpstr (gantry_check_row_get_status_text (row (&fixture, "cw.alarms")), ==,
                   "Warning");

  gantry_test_ui_wait_for_frames (GTK_WIDGET (fixture.window), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "setup-page");

  /* Expanded: why, evidence and the Fix… button */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row (&fixture, "nacl.block-admin-ports")),
                                 TRUE);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (fixture.window), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "setup-page-expanded");

  fixture_close (&fixture);
}

static void
test_waive (void)
{
  Fixture fixture = { 0 };
  GantryCheckRow *check_row;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GantryCheckResult *result;
  GantryAudit *audit;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *report_text = NULL;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  fixture_open (&fixture);
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);

  /* sg.ecs-ingress fails in the demo and has no automatic fix */
  check_row = row (&fixture, "sg.ecs-ingress");
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Failed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "page.waive", "s",
                                             "sg.ecs-ingress"));
  dialog = find_dialog (GTK_WINDOW (fixture.window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  /* No reason, no waiver */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "OPS-42: bastion SSH until the VPN is in");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
  adw_message_dialog_response (dialog, "accept");

  /* Shown as waived, not hidden: still a failure, with the reason */
  result = gantry_check_row_get_result (check_row);
  g_assert_true (gantry_check_result_get_waived (result));
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_FAIL);
  g_assert_cmpstr (gantry_check_result_get_waiver_reason (result), ==,
                   "OPS-42: bastion SSH until the VPN is in");
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Failed, accepted risk");
  /* The audit's results, and so the summary and an export made now, say
   * the same as the row without another audit run. */
  audit = gantry_setup_page_get_audit (fixture.page);
  g_assert_true (gantry_check_result_get_waived (gantry_audit_lookup_result (audit,
                                                                             "sg.ecs-ingress")));
  report = gantry_audit_to_json (audit, NULL);
  report_text = json_to_string (report, FALSE);
  g_assert_nonnull (strstr (report_text, "\"waiver\":\"OPS-42: bastion SSH until the VPN is in\""));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (check_row), TRUE);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (fixture.window), WAIT_TIMEOUT_SECONDS);
  scroll_to (GTK_WIDGET (check_row));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (fixture.window), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "setup-page-waived");

  /* Withdrawn again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "page.unwaive", "s",
                                             "sg.ecs-ingress"));
  g_assert_false (gantry_check_result_get_waived (gantry_check_row_get_result (check_row)));
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Failed");
  g_assert_false (gantry_check_result_get_waived (gantry_audit_lookup_result (audit,
                                                                              "sg.ecs-ingress")));

  fixture_close (&fixture);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Export;

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Export *export = user_data;

  gantry_setup_page_export_finish (GANTRY_SETUP_PAGE (object), result, &export->error);
  export->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((Export *) data)->done;
}

/* Returns the error of exporting the page's report to @file, if any */
static GError *
export_to (Fixture    *fixture,
           const char *format,
           GFile      *file)
{
  Export export = { 0 };

  gantry_setup_page_export_async (fixture->page, format, file, NULL, export_cb, &export);
  gantry_test_ui_wait_until (export_done, &export, WAIT_TIMEOUT_SECONDS);
  return export.error;
}

static void
test_export (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GFile) md_file = NULL;
  g_autoptr(GFile) json_file = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report, *summary;
  GantryAudit *audit;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  fixture_open (&fixture);
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);
  audit = gantry_setup_page_get_audit (fixture.page);

  dir = g_dir_make_tmp ("gantry-export-XXXXXX", &error);
  g_assert_no_error (error);
  md_file = g_file_new_build_filename (dir, "audit.md", NULL);
  json_file = g_file_new_build_filename (dir, "audit.json", NULL);

  error = export_to (&fixture, "markdown", md_file);
  g_assert_no_error (error);
  g_file_load_contents (md_file, NULL, &markdown, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (markdown, "# Gantry setup audit\n"));
  g_assert_nonnull (strstr (markdown, GANTRY_TEST_MOTO_ACCOUNT_ID));
  g_assert_nonnull (strstr (markdown, "## Security groups"));
  g_assert_nonnull (strstr (markdown, "| Fail | `sg.default-closed`"));
  g_assert_nonnull (strstr (markdown, "| Pass | `vpc.selected`"));

  error = export_to (&fixture, "json", json_file);
  g_assert_no_error (error);
  g_file_load_contents (json_file, NULL, &json, NULL, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "account"), ==,
                   GANTRY_TEST_MOTO_ACCOUNT_ID);
  summary = json_object_get_object_member (report, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "fail"), ==,
                   gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL));
  g_assert_cmpint (json_object_get_int_member (summary, "pass"), ==,
                   gantry_audit_count (audit, GANTRY_CHECK_STATUS_PASS));

  /* An unknown format is refused, and nothing is written */
  {
    g_autoptr(GFile) other = g_file_new_build_filename (dir, "audit.txt", NULL);
    g_autoptr(GError) format_error = export_to (&fixture, "html", other);

    g_assert_error (format_error, GANTRY_ERROR, GANTRY_ERROR_INVALID);
    g_assert_false (g_file_query_exists (other, NULL));
  }

  g_file_delete (md_file, NULL, NULL);
  g_file_delete (json_file, NULL, NULL);
  g_rmdir (dir);
  fixture_close (&fixture);
}

static void
test_cancel (void)
{
  Fixture fixture = { 0 };
  GantryCheckRow *check_row;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  fixture_open (&fixture);
  gantry_test_ui_wait_until (audit_running, fixture.page, WAIT_TIMEOUT_SECONDS);
  check_row = row (&fixture, "sg.default-closed");
  g_assert_true (gantry_check_row_get_running (check_row));
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Checking");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "page.cancel", NULL));
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);

  /* Stopped before any reply: the rows say so, none claims an error (only
   * S3 Control, which a loopback endpoint cannot reach, failed at once) */
  g_assert_null (gantry_check_row_get_result (check_row));
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Not checked");
  g_assert_false (gantry_check_row_get_running (check_row));
  {
    g_autofree char *summary = gantry_setup_page_dup_summary (fixture.page);

    g_assert_true (g_str_has_prefix (summary, "0 passed, 0 failed, 0 warnings, "));
  }

  /* Refresh (the window's Ctrl+R) audits again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.refresh", NULL));
  g_assert_true (gantry_setup_page_get_running (fixture.page));
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Failed");

  fixture_close (&fixture);
}

static gboolean
row_settled (gpointer data)
{
  return !gantry_check_row_get_busy (data);
}

static void
test_fix (void)
{
  Fixture fixture = { 0 };
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  GantryCheckRow *check_row;
  AdwMessageDialog *dialog;
  GtkWidget *calls;
  guint failed_before;
  GantryAudit *audit;

  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();

  fixture_open (&fixture);
  gantry_test_ui_wait_until (audit_done, fixture.page, WAIT_TIMEOUT_SECONDS);
  audit = gantry_setup_page_get_audit (fixture.page);
  failed_before = gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL);
  check_row = row (&fixture, "sg.default-closed");
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Failed");

  /* Cancelling the dialog changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "page.fix", "s",
                                             "sg.default-closed"));
  dialog = find_dialog (GTK_WINDOW (fixture.window));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_false (gantry_check_row_get_busy (check_row));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "page.fix", "s",
                                             "sg.default-closed"));
  dialog = find_dialog (GTK_WINDOW (fixture.window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "apply"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* The exact AWS calls are shown before anything changes */
  calls = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (calls));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (calls)), "ec2:RevokeSecurityGroup"));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (dialog), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (dialog), "setup-fix-dialog");

  adw_message_dialog_response (dialog, "apply");
  g_assert_true (gantry_check_row_get_busy (check_row));
  gantry_test_ui_wait_until (row_settled, check_row, WAIT_TIMEOUT_SECONDS);

  /* Re-checked against what AWS now says */
  g_assert_cmpstr (gantry_check_row_get_status_text (check_row), ==, "Passed");
  g_assert_true (gantry_check_row_get_result (check_row) ==
                 gantry_audit_lookup_result (audit, "sg.default-closed"));
  g_assert_cmpuint (gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL), ==, failed_before - 1);
  summary = gantry_setup_page_dup_summary (fixture.page);
  expected = expected_summary (audit);
  g_assert_cmpstr (summary, ==, expected);

  fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_dir = NULL;
  int ret;

  /* gtk_test_init() does not isolate directories: waivers are saved into
   * environment files, which must not land in the user's configuration. */
  config_dir = g_dir_make_tmp ("gantry-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("GANTRY_DEMO_SEED") == NULL)
    {
      g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                     "gantry-demo-seed.py", NULL);

      g_setenv ("GANTRY_DEMO_SEED", seed, TRUE);
    }

  if (gantry_test_moto_is_available ())
    {
      moto = gantry_test_moto_start (FALSE, &error);
      g_assert_no_error (error);
      gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error);
      g_assert_no_error (error);
    }

  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/setup-page/audit", test_audit);
  g_test_add_func ("/ui/setup-page/waive", test_waive);
  g_test_add_func ("/ui/setup-page/export", test_export);
  g_test_add_func ("/ui/setup-page/cancel", test_cancel);
  /* Last: it changes the account */
  g_test_add_func ("/ui/setup-page/fix", test_fix);

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&moto, gantry_test_moto_stop);
  return ret;
}
