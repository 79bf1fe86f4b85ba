/* test-environments.c: the Environments page, its editor, and the window's
 * choice of environment, against the demo account in moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gantry-account-button.h"
#include "gantry-application.h"
#include "gantry-environment-editor.h"
#include "gantry-environments-page.h"
#include "gantry-preferences-window.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window-private.h"

/* Starting and seeding moto dominates; each wait is far shorter. */
#define WAIT_TIMEOUT_SECONDS 60

/* The profile name the test sessions carry; moto ignores it. */
#define PROFILE "blue-profile"

static GantryApplication *app;
static GantryTestMoto *moto;
static char *demo_vpc_id;
static char *environments_dir;

static char *
environment_path (const char *name)
{
  g_autofree char *basename = g_strconcat (name, ".ini", NULL);

  return g_build_filename (environments_dir, basename, NULL);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
write_environment (const char *name,
                   const char *contents)
{
  g_autofree char *path = environment_path (name);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (environments_dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_environments (void)
{
  g_autoptr(GDir) dir = g_dir_open (environments_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (environments_dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static GantrySession *
new_session (const char *profile)
{
  return gantry_session_new (profile, GANTRY_TEST_MOTO_REGION,
                             gantry_test_moto_get_endpoint (moto),
                             gantry_test_moto_get_credentials (moto), NULL);
}

static const char *wanted_environment;

static gboolean
window_has_wanted_environment (gpointer data)
{
  GantryEnvironment *environment = gantry_window_get_environment (data);

  return environment != NULL &&
         g_strcmp0 (gantry_environment_get_name (environment), wanted_environment) == 0;
}

static gboolean
window_has_environment (gpointer data)
{
  return gantry_window_get_environment (data) != NULL;
}

static GantryWindow *
create_window (const char *profile)
{
  g_autoptr(GantrySession) session = new_session (profile);
  GantryWindow *window = gantry_window_new (ADW_APPLICATION (app));

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  gantry_window_set_session (window, session);
  gantry_test_ui_wait_until (window_has_environment, window, WAIT_TIMEOUT_SECONDS);
  g_assert_cmpint (gantry_session_get_state (session), ==, GANTRY_SESSION_STATE_READY);
  return window;
}

static void
destroy_toplevels (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
}

static void
destroy_window (GantryWindow *window)
{
  destroy_toplevels ();
  g_assert_finalize_object (window);
}

static gboolean
page_loaded (gpointer data)
{
  return !gantry_environments_page_get_loading (data);
}

static const char *listed_name;

static gboolean
page_lists (gpointer data)
{
  const char * const *names = gantry_environments_page_get_names (data);

  return !gantry_environments_page_get_loading (data) && names != NULL &&
         g_strv_contains (names, listed_name);
}

static gboolean
page_does_not_list (gpointer data)
{
  const char * const *names = gantry_environments_page_get_names (data);

  return !gantry_environments_page_get_loading (data) && names != NULL &&
         !g_strv_contains (names, listed_name);
}

static GantryEnvironmentsPage *
open_environments (GantryWindow *window)
{
  GantryPreferencesWindow *preferences = NULL;
  GantryEnvironmentsPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (app), "environments", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (GANTRY_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (
                     ADW_PREFERENCES_WINDOW (preferences)), ==, "environments");

  page = gantry_preferences_window_get_environments_page (preferences);
  g_assert_true (gantry_environments_page_get_session (page) == gantry_window_get_session (window));
  gantry_test_ui_wait_until (page_loaded, page, WAIT_TIMEOUT_SECONDS);
  return page;
}

static GtkWidget *
child (GantryEnvironmentEditor *editor,
       const char              *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                   GANTRY_TYPE_ENVIRONMENT_EDITOR, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_row (GantryEnvironmentEditor *editor,
         const char              *row,
         const char              *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, row)), text);
}

static const char *
row_text (GantryEnvironmentEditor *editor,
          const char              *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (editor, row)));
}

static GantryEnvironmentEditor *
add_environment (GantryEnvironmentsPage *page)
{
  GantryEnvironmentEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "environments.add", NULL));
  editor = gantry_environments_page_get_editor (page);
  g_assert_nonnull (editor);
  g_assert_true (gantry_environment_editor_get_is_new (editor));
  return editor;
}

static gboolean
editor_idle (gpointer data)
{
  return !gantry_environment_editor_get_busy (data);
}

static void
test_create (void)
{
  GantryWindow *window = create_window (PROFILE);
  GantryEnvironmentsPage *page = open_environments (window);
  GantryEnvironmentEditor *editor = add_environment (page);
  g_autofree char *path = environment_path ("staging");
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accounts = NULL;
  g_auto(GStrv) repositories = NULL;
  g_autofree char *value = NULL;

  set_row (editor, "name_row", "staging");
  set_row (editor, "profile_row", "staging");
  set_row (editor, "region_row", "eu-central-1");
  set_row (editor, "vpc_row", "vpc-0abc");
  set_row (editor, "repositories_row", "backend, frontend");
  set_row (editor, "dev_accounts_row", "111122223333,\n444455556666");
  gtk_switch_set_active (GTK_SWITCH (child (editor, "typed_confirmation_switch")), FALSE);
  gantry_test_ui_save_screenshot_drawn (gtk_widget_get_ancestor (GTK_WIDGET (editor),
                                                                 GTK_TYPE_WINDOW),
                                        "environment-editor", WAIT_TIMEOUT_SECONDS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  gantry_test_ui_wait_until (file_exists, path, WAIT_TIMEOUT_SECONDS);
  listed_name = "staging";
  gantry_test_ui_wait_until (page_lists, page, WAIT_TIMEOUT_SECONDS);
  g_assert_null (gantry_environments_page_get_editor (page));

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  value = g_key_file_get_string (keyfile, "Environment", "Profile", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "staging");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (keyfile, "Environment", "Region", &error);
  g_assert_cmpstr (value, ==, "eu-central-1");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (keyfile, "Environment", "VpcId", &error);
  g_assert_cmpstr (value, ==, "vpc-0abc");
  accounts = g_key_file_get_string_list (keyfile, "Environment", "DevAccounts", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (accounts, ((const char *[]) { "111122223333", "444455556666", NULL }));
  repositories = g_key_file_get_string_list (keyfile, "Environment", "Repositories", NULL,
                                             &error);
  g_assert_cmpstrv (repositories, ((const char *[]) { "backend", "frontend", NULL }));
  g_assert_false (g_key_file_get_boolean (keyfile, "Guards", "TypedConfirmation", &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (keyfile, "Guards", "RefuseCriticalFindings", &error));

  gantry_test_ui_save_screenshot_drawn (gtk_widget_get_ancestor (GTK_WIDGET (page),
                                                                 GTK_TYPE_WINDOW),
                                        "environments", WAIT_TIMEOUT_SECONDS);

  destroy_window (window);
  remove_environments ();
}

static void
test_invalid (void)
{
  GantryWindow *window = create_window (PROFILE);
  GantryEnvironmentsPage *page = open_environments (window);
  GantryEnvironmentEditor *editor = add_environment (page);
  g_autofree char *bad_path = environment_path ("ok-name");
  GtkWidget *environment_error;
  GtkWidget *accounts_error;

  environment_error = child (editor, "environment_error_label");
  accounts_error = child (editor, "accounts_error_label");

  /* Nothing typed yet: no complaint, but nothing to save either */
  g_assert_false (gtk_widget_get_visible (environment_error));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_false (gantry_environment_editor_get_busy (editor));

  set_row (editor, "name_row", "bad name!");
  g_assert_true (gtk_widget_get_visible (environment_error));
  g_assert_true (gtk_widget_has_css_class (child (editor, "name_row"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (environment_error)), "letters"));
  set_row (editor, "region_row", "mars-north-1");
  gantry_test_ui_save_screenshot_drawn (gtk_widget_get_ancestor (GTK_WIDGET (editor),
                                                                 GTK_TYPE_WINDOW),
                                        "environment-errors", WAIT_TIMEOUT_SECONDS);
  g_assert_true (gtk_widget_has_css_class (child (editor, "region_row"), "error"));
  set_row (editor, "region_row", "");

  set_row (editor, "name_row", "ok-name");
  g_assert_false (gtk_widget_get_visible (environment_error));
  g_assert_false (gtk_widget_has_css_class (child (editor, "name_row"), "error"));

  set_row (editor, "dev_accounts_row", "111122223333, 12345");
  g_assert_true (gtk_widget_get_visible (accounts_error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (accounts_error)), ==,
                   "“12345” is not an AWS account ID (12 digits).");
  g_assert_true (gtk_widget_has_css_class (child (editor, "dev_accounts_row"), "error"));

  /* Save does nothing while a field is wrong */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_false (gantry_environment_editor_get_busy (editor));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_assert_true (gantry_environments_page_get_editor (page) == editor);

  /* A name that exists already is refused too */
  write_environment ("taken", "[Environment]\n");
  gantry_environments_page_reload (page);
  gantry_test_ui_wait_until (page_loaded, page, WAIT_TIMEOUT_SECONDS);
  g_clear_pointer (&bad_path, g_free);
  editor = add_environment (page);
  set_row (editor, "name_row", "taken");
  g_assert_true (gtk_widget_get_visible (child (editor, "environment_error_label")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (editor, "environment_error_label"))),
                   ==, "An environment named “taken” exists already.");

  destroy_window (window);
  remove_environments ();
}

static void
test_discover (void)
{
  GantryWindow *window = create_window (PROFILE);
  GantryEnvironmentsPage *page = open_environments (window);
  GantryEnvironmentEditor *editor = add_environment (page);
  GtkWidget *report;

  set_row (editor, "name_row", "demo-prod");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.discover", NULL));
  g_assert_true (gantry_environment_editor_get_busy (editor));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (editor, "discover_stack"))),
                   ==, "running");
  gantry_test_ui_wait_until (editor_idle, editor, WAIT_TIMEOUT_SECONDS);

  g_assert_cmpstr (row_text (editor, "vpc_row"), ==, demo_vpc_id);
  g_assert_cmpstr (row_text (editor, "cluster_row"), ==, "prod");
  g_assert_cmpstr (row_text (editor, "db_cluster_row"), ==, "prod-db");
  g_assert_cmpstr (row_text (editor, "load_balancer_row"), ==, "prod-alb");
  g_assert_cmpstr (row_text (editor, "repositories_row"), ==, "backend, frontend");
  report = child (editor, "discovery_label");
  g_assert_true (gtk_widget_get_visible (report));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (report)), "only non-default VPC"));
  gantry_test_ui_save_screenshot_drawn (gtk_widget_get_ancestor (GTK_WIDGET (editor),
                                                                 GTK_TYPE_WINDOW),
                                        "environment-discovered", WAIT_TIMEOUT_SECONDS);

  /* Cancel puts the button back at once and leaves the rows as they are */
  set_row (editor, "vpc_row", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.discover", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel-discover",
                                             NULL));
  g_assert_false (gantry_environment_editor_get_busy (editor));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (editor, "discover_stack"))),
                   ==, "idle");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (row_text (editor, "vpc_row"), ==, "");

  destroy_window (window);
  remove_environments ();
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
test_delete (void)
{
  GantryWindow *window;
  GantryEnvironmentsPage *page;
  GantryEnvironmentEditor *editor;
  AdwMessageDialog *dialog;
  g_autofree char *path = environment_path ("old");

  write_environment ("old", "[Environment]\nProfile=old\nRegion=us-east-1\n");
  window = create_window (PROFILE);
  page = open_environments (window);
  gantry_environments_page_edit (page, "old");
  editor = gantry_environments_page_get_editor (page);
  g_assert_nonnull (editor);
  g_assert_false (gantry_environment_editor_get_is_new (editor));
  g_assert_cmpstr (row_text (editor, "profile_row"), ==, "old");

  /* Cancel keeps the file */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (dialog), "environment-delete",
                                        WAIT_TIMEOUT_SECONDS);
  adw_message_dialog_response (dialog, "delete");
  gantry_test_ui_wait_until (file_gone, path, WAIT_TIMEOUT_SECONDS);
  listed_name = "old";
  gantry_test_ui_wait_until (page_does_not_list, page, WAIT_TIMEOUT_SECONDS);

  destroy_window (window);
  remove_environments ();
}

static void
test_window_picks (void)
{
  GantryWindow *window;
  GantryEnvironment *environment;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  write_environment ("blue", "[Environment]\nProfile=" PROFILE "\nRegion=us-east-1\n");
  write_environment ("blue-west", "[Environment]\nProfile=" PROFILE "\nRegion=us-west-2\n");
  write_environment ("green", "[Environment]\nProfile=green-profile\n");
  g_settings_set_string (settings, "last-environment", "green");

  /* The profile (and region) decide over the last one used */
  window = create_window (PROFILE);
  environment = gantry_window_get_environment (window);
  g_assert_cmpstr (gantry_environment_get_name (environment), ==, "blue");
  g_assert_cmpstr (gantry_account_button_get_subtitle (window->account_button), ==,
                   "blue · us-east-1");
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (window), "window-environment",
                                        WAIT_TIMEOUT_SECONDS);

  /* Switching from the account button's menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-environment", "s",
                                             "blue-west"));
  wanted_environment = "blue-west";
  gantry_test_ui_wait_until (window_has_wanted_environment, window, WAIT_TIMEOUT_SECONDS);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-environment");

    g_assert_cmpstr (last, ==, "blue-west");
  }
  destroy_window (window);

  /* No environment for the profile: the last one used */
  g_settings_set_string (settings, "last-environment", "green");
  window = create_window ("nobody");
  g_assert_cmpstr (gantry_environment_get_name (gantry_window_get_environment (window)), ==,
                   "green");
  destroy_window (window);

  /* Neither: one discovered from the account, named after the profile */
  g_settings_reset (settings, "last-environment");
  window = create_window ("nobody");
  environment = gantry_window_get_environment (window);
  g_assert_cmpstr (gantry_environment_get_name (environment), ==, "nobody");
  g_assert_cmpstr (gantry_environment_get_profile (environment), ==, "nobody");
  g_assert_cmpstr (gantry_environment_get_vpc_id (environment), ==, demo_vpc_id);
  g_assert_cmpstr (gantry_environment_get_cluster (environment), ==, "prod");
  g_assert_cmpstr (gantry_account_button_get_subtitle (window->account_button), ==,
                   "nobody · us-east-1");
  {
    g_autofree char *path = environment_path ("nobody");

    /* Discovered, not saved */
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  destroy_window (window);

  remove_environments ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *aws_dir = NULL;
  g_autofree char *aws_config = NULL;
  g_autofree char *output = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* Before GLib caches it: the environments live in a directory of our own */
  config_dir = g_dir_make_tmp ("gantry-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  environments_dir = g_build_filename (config_dir, "gantry", "environments", NULL);

  aws_dir = g_dir_make_tmp ("gantry-test-aws-XXXXXX", &error);
  g_assert_no_error (error);
  aws_config = g_build_filename (aws_dir, "config", NULL);
  g_setenv ("AWS_CONFIG_FILE", aws_config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", aws_config, TRUE);
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

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &output, &error);
  g_assert_no_error (error);
  summary = json_from_string (output, &error);
  g_assert_no_error (error);
  demo_vpc_id = g_strdup (json_object_get_string_member (json_node_get_object (summary),
                                                         "VpcId"));

  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/environments/create", test_create);
  g_test_add_func ("/ui/environments/invalid", test_invalid);
  g_test_add_func ("/ui/environments/discover", test_discover);
  g_test_add_func ("/ui/environments/delete", test_delete);
  g_test_add_func ("/ui/environments/window-picks", test_window_picks);

  ret = g_test_run ();

  g_clear_object (&app);
  gantry_test_moto_stop (moto);
  g_free (demo_vpc_id);
  g_free (environments_dir);
  return ret;
}
