/* test-profiles.c: first run, the profiles dialogs and the account switcher,
 * against moto with signature checking on.
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gantry-account-button.h"
#include "gantry-add-profile-dialog.h"
#include "gantry-application.h"
#include "gantry-mfa-dialog.h"
#include "gantry-profiles-dialog.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window-private.h"

#include "aws/gantry-aws-keyring.h"

/* Generous: the first frame under Xvfb with software GL can take seconds,
 * and moto answers the first signed request slowly. */
#define WAIT_TIMEOUT_SECONDS 30

static GantryApplication *app;
static GantryTestMoto *moto;

/* Waits until @widget is mapped and has drawn a few frames since; for the
 * window, after its crossfade between first-run, connecting and error pages */
static void
wait_for_frames (GtkWidget *widget)
{
  if (GANTRY_IS_WINDOW (widget))
    gantry_test_ui_wait_for_stack (GANTRY_WINDOW (widget)->main_stack, WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_wait_for_frames (widget, WAIT_TIMEOUT_SECONDS);
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session bus: run through build-aux/test.sh, which starts a "
                   "private one with a throw-away keyring");
      return FALSE;
    }

  return TRUE;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GantryAwsCredentials *
keyring_lookup (const char  *profile,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_keyring_lookup_async (profile, NULL, store_result, &result);
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);
  return gantry_aws_keyring_lookup_finish (result, error);
}

static void
keyring_delete (const char *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_keyring_delete_async (profile, NULL, store_result, &result);
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);
  gantry_aws_keyring_delete_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
file_contains (GFile      *file,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, NULL))
    return FALSE;
  return g_strstr_len (contents, length, needle) != NULL;
}

static guint
count_files_containing (const char *dir,
                        const char *needle)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  guint hits = 0;
  GFileInfo *info;
  GFile *child;

  enumerator = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator == NULL)
    return 0;

  while (g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) && info != NULL)
    {
      g_autofree char *path = g_file_get_path (child);

      /* The keyring daemon's own (encrypted) store is not ours to judge */
      if (g_str_has_suffix (path, "/keyrings"))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        hits += count_files_containing (path, needle);
      else if (file_contains (child, needle))
        hits++;
    }

  return hits;
}

static GantryWindow *
create_window (void)
{
  GantryWindow *window = gantry_window_new (ADW_APPLICATION (app));

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frames (GTK_WIDGET (window));

  return window;
}

static void
destroy_window (GantryWindow *window)
{
  destroy_toplevels ();
  g_assert_finalize_object (window);
}

static gboolean
window_not_connecting (gpointer data)
{
  return g_strcmp0 (gantry_window_get_main_page_name (data), "connecting") != 0;
}

static gboolean
session_settled (gpointer data)
{
  GantrySession *session = gantry_window_get_session (data);

  return session != NULL &&
         (gantry_session_get_state (session) == GANTRY_SESSION_STATE_READY ||
          gantry_session_get_state (session) == GANTRY_SESSION_STATE_FAILED);
}

static void
set_row_text (GtkWidget  *dialog,
              const char *row_name,
              const char *text)
{
  GObject *row = gtk_widget_get_template_child (dialog, GANTRY_TYPE_ADD_PROFILE_DIALOG, row_name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
status_text (GtkWidget *dialog)
{
  GObject *row = gtk_widget_get_template_child (dialog, GANTRY_TYPE_ADD_PROFILE_DIALOG,
                                                "status_row");

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
add_dialog_idle (gpointer data)
{
  return !gantry_add_profile_dialog_get_busy (data);
}

static gboolean
profiles_loaded (gpointer data)
{
  return !gantry_profiles_dialog_get_loading (data);
}

static void
test_first_run (void)
{
  GantryWindow *window;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                       G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  window = create_window ();
  gantry_window_start (window);
  gantry_test_ui_wait_until (window_not_connecting, window, WAIT_TIMEOUT_SECONDS);

  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "first-run");
  g_assert_null (gantry_window_get_session (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->first_run_page)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->demo_badge)));
  g_assert_cmpstr (gantry_account_button_get_title (window->account_button), ==, "No Account");
  g_assert_true (gtk_widget_get_visible (window->explore_demo_button) ==
                 gantry_demo_is_available ());
  /* Nothing to refresh without an account */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL) &&
                  g_strcmp0 (gantry_window_get_main_page_name (window), "content") == 0);

  wait_for_frames (GTK_WIDGET (window));
  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "first-run");
  destroy_window (window);
}

static void
test_add_profile (void)
{
  const char *secret = gantry_test_moto_get_secret_access_key (moto);
  g_autoptr(GantryAwsCredentials) stored = NULL;
  g_autoptr(GError) error = NULL;
  GantryProfilesDialog *profiles;
  GantryAddProfileDialog *add;
  GantryWindow *window;
  GantrySession *session;
  const char *title;

  if (!have_keyring ())
    return;

  window = create_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.manage-profiles", NULL));
  profiles = find_toplevel (GANTRY_TYPE_PROFILES_DIALOG);
  g_assert_nonnull (profiles);
  gantry_test_ui_wait_until (profiles_loaded, profiles, WAIT_TIMEOUT_SECONDS);
  g_assert_null (gantry_profiles_dialog_find_row (profiles, "ci-dialog"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (profiles), "profiles.add", NULL));
  add = find_toplevel (GANTRY_TYPE_ADD_PROFILE_DIALOG);
  g_assert_nonnull (add);

  set_row_text (GTK_WIDGET (add), "name_row", "ci-dialog");
  set_row_text (GTK_WIDGET (add), "key_id_row", gantry_test_moto_get_access_key_id (moto));
  set_row_text (GTK_WIDGET (add), "secret_row", secret);
  set_row_text (GTK_WIDGET (add), "region_row", "us-east-1");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.test", NULL));
  g_assert_true (gantry_add_profile_dialog_get_busy (add));
  gantry_test_ui_wait_until (add_dialog_idle, add, WAIT_TIMEOUT_SECONDS);
  g_assert_cmpstr (gantry_add_profile_dialog_get_tested_arn (add), ==,
                   gantry_test_moto_get_user_arn (moto));
  g_assert_nonnull (strstr (status_text (GTK_WIDGET (add)), gantry_test_moto_get_user_arn (moto)));
  wait_for_frames (GTK_WIDGET (add));
  gantry_test_ui_save_screenshot (GTK_WIDGET (add), "add-profile");

  /* Saving closes the dialog, lists the profile and, as the window has no
   * account yet, connects to it. */
  g_object_ref (add);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.save", NULL));
  gantry_test_ui_wait_until (add_dialog_idle, add, WAIT_TIMEOUT_SECONDS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (add)));
  g_assert_finalize_object (add);

  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);
  session = gantry_window_get_session (window);
  g_assert_no_error (gantry_session_get_error (session));
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_READY);
  g_assert_cmpstr (gantry_session_get_profile (session), ==, "ci-dialog");
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "content");
  title = gantry_account_button_get_title (window->account_button);
  g_assert_nonnull (strstr (title, GANTRY_TEST_MOTO_ACCOUNT_ID));
  g_assert_nonnull (strstr (title, "ci-dialog"));
  g_assert_cmpstr (gantry_account_button_get_subtitle (window->account_button), ==, "us-east-1");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (
                     gtk_widget_get_template_child (GTK_WIDGET (window->account_button),
                                                    GANTRY_TYPE_ACCOUNT_BUTTON,
                                                    "menu_button"))),
                   ==, gantry_test_moto_get_user_arn (moto));

  gantry_test_ui_wait_until (profiles_loaded, profiles, WAIT_TIMEOUT_SECONDS);
  g_assert_nonnull (gantry_profiles_dialog_find_row (profiles, "ci-dialog"));
  wait_for_frames (GTK_WIDGET (profiles));
  gantry_test_ui_save_screenshot (GTK_WIDGET (profiles), "profiles-dialog");

  stored = keyring_lookup ("ci-dialog", &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (stored), ==,
                   gantry_test_moto_get_access_key_id (moto));
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (stored), ==, secret);

  /* The secret is in the keyring only */
  g_assert_cmpuint (count_files_containing (g_get_user_config_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_data_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_user_cache_dir (), secret), ==, 0);
  g_assert_cmpuint (count_files_containing (g_get_home_dir (), secret), ==, 0);

  destroy_window (window);
  keyring_delete ("ci-dialog");
}

static void
test_add_profile_wrong_secret (void)
{
  GantryAddProfileDialog *add;
  GantryWindow *window;

  window = create_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-profile", NULL));
  add = find_toplevel (GANTRY_TYPE_ADD_PROFILE_DIALOG);
  g_assert_nonnull (add);

  /* Test checks the fields first */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.test", NULL));
  g_assert_false (gantry_add_profile_dialog_get_busy (add));
  g_assert_nonnull (strstr (status_text (GTK_WIDGET (add)), "access key ID"));

  set_row_text (GTK_WIDGET (add), "key_id_row", gantry_test_moto_get_access_key_id (moto));
  set_row_text (GTK_WIDGET (add), "secret_row", "definitely-not-the-secret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.test", NULL));
  gantry_test_ui_wait_until (add_dialog_idle, add, WAIT_TIMEOUT_SECONDS);

  g_assert_null (gantry_add_profile_dialog_get_tested_arn (add));
  g_assert_true (gtk_widget_has_css_class (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (add), GANTRY_TYPE_ADD_PROFILE_DIALOG,
                                               "status_row")), "error"));
  g_assert_null (strstr (status_text (GTK_WIDGET (add)), "definitely-not-the-secret"));

  /* Saving without a name is refused before anything is stored */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.save", NULL));
  g_assert_false (gantry_add_profile_dialog_get_busy (add));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (add)));

  destroy_window (window);
}

static void
test_cancel_test (void)
{
  GantryAddProfileDialog *add;
  GantryWindow *window;

  window = create_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-profile", NULL);
  add = find_toplevel (GANTRY_TYPE_ADD_PROFILE_DIALOG);
  g_assert_nonnull (add);

  set_row_text (GTK_WIDGET (add), "key_id_row", "AKIDEXAMPLE");
  set_row_text (GTK_WIDGET (add), "secret_row", "secret");
  gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.test", NULL);
  g_assert_true (gantry_add_profile_dialog_get_busy (add));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (add), "add-profile.cancel-test", NULL));
  gantry_test_ui_wait_until (add_dialog_idle, add, WAIT_TIMEOUT_SECONDS);

  g_assert_null (gantry_add_profile_dialog_get_tested_arn (add));
  g_assert_cmpstr (status_text (GTK_WIDGET (add)), ==, "Test cancelled.");

  destroy_window (window);
}

static gboolean
row_gone (gpointer data)
{
  GantryProfilesDialog *profiles = data;

  return !gantry_profiles_dialog_get_loading (profiles) &&
         gantry_profiles_dialog_find_row (profiles, "ci-delete") == NULL;
}

static void
test_delete_profile (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsCredentials) stored = NULL;
  g_autoptr(GError) error = NULL;
  GantryProfilesDialog *profiles;
  AdwMessageDialog *confirm;
  GantryWindow *window;

  if (!have_keyring ())
    return;

  gantry_aws_keyring_store_async ("ci-delete", "AKIDDELETE", "secret-to-delete", NULL,
                                  store_result, &result);
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);
  g_assert_true (gantry_aws_keyring_store_finish (result, &error));
  g_assert_no_error (error);

  window = create_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.manage-profiles", NULL);
  profiles = find_toplevel (GANTRY_TYPE_PROFILES_DIALOG);
  gantry_test_ui_wait_until (profiles_loaded, profiles, WAIT_TIMEOUT_SECONDS);
  g_assert_nonnull (gantry_profiles_dialog_find_row (profiles, "ci-delete"));

  /* Cancel keeps it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (profiles), "profiles.delete", "s",
                                             "ci-delete"));
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  /* A click on a response button answers and closes; so does the test */
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  g_assert_nonnull (gantry_profiles_dialog_find_row (profiles, "ci-delete"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (profiles), "profiles.delete", "s",
                                             "ci-delete"));
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  gtk_window_destroy (GTK_WINDOW (confirm));
  gantry_test_ui_wait_until (row_gone, profiles, WAIT_TIMEOUT_SECONDS);

  stored = keyring_lookup ("ci-delete", &error);
  g_assert_null (stored);
  g_assert_nonnull (error);

  destroy_window (window);
}

static void
test_connection_error (void)
{
  GantryWindow *window;
  GantrySession *session;

  window = create_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-profile", "s",
                                             "no-such-profile"));
  session = gantry_window_get_session (window);
  g_assert_nonnull (session);
  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);

  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_FAILED);
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (window->error_page), ==,
                   gantry_session_get_error (session)->message);
  g_assert_cmpstr (gantry_account_button_get_title (window->account_button), ==,
                   "no-such-profile");
  g_assert_cmpstr (gantry_account_button_get_subtitle (window->account_button), ==,
                   "Not connected");

  /* Retry runs the same session again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "connecting");
  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);
  g_assert_true (gantry_window_get_session (window) == session);
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "error");

  wait_for_frames (GTK_WIDGET (window));
  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "connection-error");
  destroy_window (window);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
window_on_first_run (gpointer data)
{
  return g_strcmp0 (gantry_window_get_main_page_name (data), "first-run") == 0;
}

/* The full start of the demo account is in test-demo-window.c, a program
 * of its own: seeding moto takes long enough to need its own time budget. */
static void
test_explore_demo_cancel (void)
{
  GantryWindow *window;

  if (!gantry_demo_is_available ())
    {
      g_test_skip ("moto_server or the demo seed is not installed");
      return;
    }

  window = create_window ();

  /* Cancel while moto starts: back to the first-run page, nothing open */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-demo", NULL));
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "connecting");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-connect", NULL));
  gantry_test_ui_wait_until (window_on_first_run, window, WAIT_TIMEOUT_SECONDS);
  g_assert_null (gantry_window_get_session (window));
  g_assert_null (gantry_application_get_demo (app));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->demo_badge)));

  /* The cancelled start still holds the window until its callback has run */
  destroy_toplevels ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_unref (window);
  gantry_test_ui_wait_until (pointer_cleared, &window, WAIT_TIMEOUT_SECONDS);
}

static void
test_mfa_dialog (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GantryMfaDialog *dialog;
  GantryWindow *window;

  window = create_window ();
  dialog = gantry_mfa_dialog_new (GTK_WINDOW (window));

  gantry_aws_mfa_prompter_prompt_async (GANTRY_AWS_MFA_PROMPTER (dialog),
                                        "arn:aws:iam::123456789012:mfa/admin", "prod",
                                        NULL, store_result, &result);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "arn:aws:iam::123456789012:mfa/admin"));
  gtk_editable_set_text (gantry_mfa_dialog_get_entry (dialog), "12345");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "verify"));
  gtk_editable_set_text (gantry_mfa_dialog_get_entry (dialog), "123456");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "verify"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "verify");
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);

  code = gantry_aws_mfa_prompter_prompt_finish (GANTRY_AWS_MFA_PROMPTER (dialog), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "123456");
  g_assert_cmpstr (gtk_editable_get_text (gantry_mfa_dialog_get_entry (dialog)), ==, "");

  /* The same dialog asks again; Cancel is G_IO_ERROR_CANCELLED */
  g_clear_object (&result);
  gantry_aws_mfa_prompter_prompt_async (GANTRY_AWS_MFA_PROMPTER (dialog),
                                        "arn:aws:iam::123456789012:mfa/admin", "prod",
                                        NULL, store_result, &result);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);
  g_assert_null (gantry_aws_mfa_prompter_prompt_finish (GANTRY_AWS_MFA_PROMPTER (dialog),
                                                        result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The result holds the dialog, which must go before its parent */
  g_clear_object (&result);
  destroy_window (window);
}

static void
test_mfa_dialog_cancellable (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GantryMfaDialog *dialog;
  GantryWindow *window;

  window = create_window ();
  dialog = gantry_mfa_dialog_new (GTK_WINDOW (window));

  gantry_aws_mfa_prompter_prompt_async (GANTRY_AWS_MFA_PROMPTER (dialog), "mfa-serial", "prod",
                                        cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  gantry_test_ui_wait_until (result_ready, &result, WAIT_TIMEOUT_SECONDS);

  g_assert_null (gantry_aws_mfa_prompter_prompt_finish (GANTRY_AWS_MFA_PROMPTER (dialog),
                                                        result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  g_clear_object (&result);
  destroy_window (window);
}

/* Profiles in the AWS files with moto's keys; NULL-terminated names */
static void
write_credentials (const char * const *names)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (contents, "[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
                            names[i], gantry_test_moto_get_access_key_id (moto),
                            gantry_test_moto_get_secret_access_key (moto));
  g_file_set_contents_full (g_getenv ("AWS_SHARED_CREDENTIALS_FILE"), contents->str,
                            contents->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static void
remove_credentials (void)
{
  g_assert_cmpint (g_remove (g_getenv ("AWS_SHARED_CREDENTIALS_FILE")), ==, 0);
}

/* Starts a window as the application does and waits for its account */
static GantryWindow *
start_window (void)
{
  GantryWindow *window = create_window ();
  GantrySession *session;

  gantry_window_start (window);
  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);
  session = gantry_window_get_session (window);
  g_assert_no_error (gantry_session_get_error (session));
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_READY);

  return window;
}

static void
test_remember_profile (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *names[] = { "default", "ci-prod", NULL };
  g_autofree char *last = NULL;
  GantryWindow *window;
  GantrySession *session;

  write_credentials (names);
  g_settings_reset (settings, "last-profile");

  window = start_window ();
  g_assert_cmpstr (gantry_session_get_profile (gantry_window_get_session (window)), ==,
                   "default");
  /* Opening what the rules picked is no choice of the user's */
  last = g_settings_get_string (settings, "last-profile");
  g_assert_cmpstr (last, ==, "");
  g_clear_pointer (&last, g_free);

  /* The account switcher's action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-profile", "s",
                                             "ci-prod"));
  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);
  session = gantry_window_get_session (window);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_READY);
  g_assert_cmpstr (gantry_session_get_profile (session), ==, "ci-prod");
  last = g_settings_get_string (settings, "last-profile");
  g_assert_cmpstr (last, ==, "ci-prod");
  destroy_window (window);

  /* The next start opens it again */
  window = start_window ();
  g_assert_cmpstr (gantry_session_get_profile (gantry_window_get_session (window)), ==,
                   "ci-prod");
  g_assert_nonnull (strstr (gantry_account_button_get_title (window->account_button),
                            "ci-prod"));
  destroy_window (window);

  g_settings_reset (settings, "last-profile");
  remove_credentials ();
}

static void
test_remember_profile_deleted (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *names[] = { "ci-first", "default", NULL };
  g_autofree char *last = NULL;
  GantryWindow *window;

  /* "ci-prod" was used last, and deleted since */
  write_credentials (names);
  g_settings_set_string (settings, "last-profile", "ci-prod");

  window = start_window ();
  g_assert_cmpstr (gantry_session_get_profile (gantry_window_get_session (window)), ==,
                   "default");
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "content");
  /* Kept: a profile missing for a moment (a locked keyring) comes back */
  last = g_settings_get_string (settings, "last-profile");
  g_assert_cmpstr (last, ==, "ci-prod");
  destroy_window (window);

  g_settings_reset (settings, "last-profile");
  remove_credentials ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aws_dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *credentials_path = NULL;
  int ret;

  /* Before GIO looks: the desktop proxy resolver would read GSettings
   * schemas this test does not have, and moto is on loopback anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The first-run case needs an empty keyring, but the suite's other tests
   * share the keyring daemon and add profiles in parallel; so it runs in a
   * subprocess that cannot reach any keyring. */
  if (g_test_subprocess ())
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gantry-test-bus", TRUE);
  adw_init ();

  /* No profile anywhere, unless a test adds one; sessions talk to moto. */
  aws_dir = g_dir_make_tmp ("gantry-test-aws-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (aws_dir, "config", NULL);
  credentials_path = g_build_filename (aws_dir, "credentials", NULL);
  g_setenv ("AWS_CONFIG_FILE", config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);
  g_setenv ("AWS_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_SESSION_TOKEN");
  if (g_getenv ("GANTRY_DEMO_SEED") == NULL)
    {
      g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                     "gantry-demo-seed.py", NULL);

      g_setenv ("GANTRY_DEMO_SEED", seed, TRUE);
    }

  if (!g_test_subprocess ())
    {
      moto = gantry_test_moto_start (TRUE, &error);
      g_assert_no_error (error);
      g_setenv ("AWS_ENDPOINT_URL", gantry_test_moto_get_endpoint (moto), TRUE);
    }

  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/profiles/first-run", test_first_run);
  if (!g_test_subprocess ())
    {
      g_test_add_func ("/ui/profiles/add-profile", test_add_profile);
      g_test_add_func ("/ui/profiles/add-profile-wrong-secret", test_add_profile_wrong_secret);
      g_test_add_func ("/ui/profiles/cancel-test", test_cancel_test);
      g_test_add_func ("/ui/profiles/delete-profile", test_delete_profile);
      g_test_add_func ("/ui/profiles/connection-error", test_connection_error);
      g_test_add_func ("/ui/profiles/explore-demo-cancel", test_explore_demo_cancel);
      g_test_add_func ("/ui/profiles/mfa-dialog", test_mfa_dialog);
      g_test_add_func ("/ui/profiles/mfa-dialog-cancellable", test_mfa_dialog_cancellable);
      g_test_add_func ("/ui/profiles/remember-profile", test_remember_profile);
      g_test_add_func ("/ui/profiles/remember-profile-deleted", test_remember_profile_deleted);
    }

  ret = g_test_run ();

  g_clear_object (&app);
  if (moto != NULL)
    gantry_test_moto_stop (moto);
  return ret;
}
