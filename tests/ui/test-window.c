/* test-window.c: the main window shell, driven through its actions.
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gantry-application.h"
#include "gantry-preferences-window.h"
#include "gantry-test-ui.h"
#include "gantry-window-private.h"

/* Generous: the first frame under Xvfb with software GL can take seconds. */
#define WAIT_TIMEOUT_SECONDS 20

static const char *page_names[] = { "setup", "promotions", "history" };

static GantryApplication *app;

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_settings_reset (settings, "last-page");
}

static GantryWindow *
create_window (void)
{
  GantryWindow *window = gantry_window_new (ADW_APPLICATION (app));

  /* Keep our own reference so the window can be checked for leaks after it
   * is closed. */
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  gantry_test_ui_wait_for_frames (GTK_WIDGET (window), WAIT_TIMEOUT_SECONDS);

  return window;
}

static void
destroy_window (GantryWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static void
test_app_actions (void)
{
  g_auto(GStrv) preferences_accels = NULL;
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  static const char *app_action_names[] = { "about", "environments", "preferences", "quit" };

  for (guint i = 0; i < G_N_ELEMENTS (app_action_names); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), app_action_names[i]));

  preferences_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                              "app.preferences");
  g_assert_cmpstrv (preferences_accels, ((const char *[]) { "<Control>comma", NULL }));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstrv (quit_accels, ((const char *[]) { "<Control>q", NULL }));

  /* GtkApplication sets this one only when it found gtk/help-overlay.ui
   * under the resource base path, so it proves the resource is in place. */
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                       "win.show-help-overlay");
  g_assert_cmpuint (g_strv_length (help_accels), ==, 1);
}

static void
test_show_page (void)
{
  GantryWindow *window;

  reset_settings ();
  window = create_window ();

  g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, "setup");
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  /* Wide enough for the switcher in the header bar, so no bottom bar */
  g_assert_false (adw_view_switcher_title_get_title_visible (window->switcher_title));
  g_assert_false (adw_view_switcher_bar_get_reveal (window->switcher_bar));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 page_names[i]));
      g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, page_names[i]);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==,
                       page_names[i]);

      /* Forwarded to the page in front; must be handled without a crash. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));

      gantry_test_ui_wait_for_frames (GTK_WIDGET (window), WAIT_TIMEOUT_SECONDS);
      gantry_test_ui_save_screenshot (GTK_WIDGET (window), page_names[i]);
    }

  /* An unknown page (win. actions are reachable over D-Bus) changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nope"));
  g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, "history");

  destroy_window (window);
}

static void
test_restore_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved_page = NULL;
  GantryWindow *window;
  int width;
  int height;

  reset_settings ();
  g_settings_set_string (settings, "last-page", "history");
  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 600);

  window = create_window ();
  g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, "history");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);

  /* Closing saves the page in front for the next start. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "promotions");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_finalize_object (window);

  saved_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (saved_page, ==, "promotions");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_quit_saves_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved_page = NULL;
  GantryWindow *window;

  reset_settings ();
  window = create_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");

  /* Ctrl+Q must not lose the state that closing the window would save */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_finalize_object (window);

  saved_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (saved_page, ==, "history");
}

static void
test_narrow (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GantryWindow *window;

  reset_settings ();
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);

  window = create_window ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <, 500);

  /* Too narrow for the switcher in the header bar: it moves to the bottom */
  g_assert_true (adw_view_switcher_title_get_title_visible (window->switcher_title));
  g_assert_true (adw_view_switcher_bar_get_reveal (window->switcher_bar));

  gantry_test_ui_wait_for_frame_time (GTK_WIDGET (window), 1000, WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "narrow");
  destroy_window (window);
}

static void
test_toast (void)
{
  GantryWindow *window;
  guint before;

  reset_settings ();
  window = create_window ();

  before = count_children (GTK_WIDGET (window->toast_overlay));
  gantry_window_add_toast (window, adw_toast_new ("Promotion finished"));
  g_assert_cmpuint (count_children (GTK_WIDGET (window->toast_overlay)), ==, before + 1);

  destroy_window (window);
}

static GtkWindow *
find_preferences_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (GANTRY_IS_PREFERENCES_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
test_preferences (void)
{
  GantryWindow *window;
  GtkWindow *preferences;

  reset_settings ();
  window = create_window ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "environments", NULL);
  preferences = find_preferences_window ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)),
                   ==, "environments");
  gantry_test_ui_wait_for_frames (GTK_WIDGET (preferences), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (preferences);
  g_assert_null (find_preferences_window ());

  destroy_window (window);
}

static void
test_missing_schema (void)
{
  GantryWindow *window;

  if (g_test_subprocess ())
    {
      /* main() hid the schema before anything looked it up */
      g_test_expect_message ("gantry-window", G_LOG_LEVEL_WARNING, "*not installed*");
      window = gantry_window_new (ADW_APPLICATION (app));
      g_test_assert_expected_messages ();

      g_object_ref_sink (window);
      g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, "setup");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");
      g_assert_cmpstr (gantry_window_get_visible_page_name (window), ==, "history");
      destroy_window (window);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The start's precedence, rule by rule: see _gantry_window_choose_profile() */
static void
add_profile_info (GPtrArray  *profiles,
                  const char *name)
{
  GantryProfileInfo *info = g_new0 (GantryProfileInfo, 1);

  info->name = g_strdup (name);
  info->sources = GANTRY_PROFILE_SOURCE_AWS_FILES;
  g_ptr_array_add (profiles, info);
}

static void
test_choose_profile (void)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gantry_profile_info_free);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  const char *profile = "unset";

  /* Nothing at all: the first-run page, whatever was remembered */
  g_assert_cmpint (_gantry_window_choose_profile (none, "prod", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_FIRST_RUN);
  g_assert_null (profile);

  add_profile_info (profiles, "staging");
  add_profile_info (profiles, "default");
  add_profile_info (profiles, "prod");

  /* Nothing remembered: "default" before the first one listed */
  g_assert_cmpint (_gantry_window_choose_profile (profiles, NULL, NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "default");
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "default");

  /* The profile used last, if it is still there */
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "prod", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "prod");
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "staging", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "staging");

  /* Deleted since: silently the usual rules */
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "gone", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "default");

  /* AWS_PROFILE or keys in the environment win over the remembered one */
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "prod", "staging", NULL, &profile),
                   ==, GANTRY_WINDOW_START_ENVIRONMENT);
  g_assert_null (profile);
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "prod", NULL, "AKIDEXAMPLE",
                                                  &profile),
                   ==, GANTRY_WINDOW_START_ENVIRONMENT);
  g_assert_null (profile);
  g_assert_cmpint (_gantry_window_choose_profile (none, NULL, "prod", NULL, &profile), ==,
                   GANTRY_WINDOW_START_ENVIRONMENT);

  /* Without "default", the first one listed */
  g_ptr_array_remove_index (profiles, 1);
  g_assert_cmpint (_gantry_window_choose_profile (profiles, "gone", NULL, NULL, &profile), ==,
                   GANTRY_WINDOW_START_PROFILE);
  g_assert_cmpstr (profile, ==, "staging");
}

/* Points GSettings at a schema directory without Gantry's schema, as on a
 * system where it was never installed. Must run before libadwaita first
 * reads GSettings, which caches the schema source for the whole process. */
static void
hide_installed_schemas (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("gantry-no-schemas-XXXXXX", &error);
  const char *decoy = g_getenv ("GANTRY_TEST_DECOY_SCHEMA_DIR");

  g_assert_no_error (error);
  g_assert_nonnull (decoy);
  g_setenv ("GSETTINGS_SCHEMA_DIR", decoy, TRUE);
  g_setenv ("XDG_DATA_DIRS", empty, TRUE);
  g_setenv ("XDG_DATA_HOME", empty, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* gtk_test_init() calls g_test_init() without G_TEST_OPTION_ISOLATE_DIRS;
   * GSETTINGS_BACKEND=memory (set by meson) keeps the user's settings safe. */
  gtk_test_init (&argc, &argv, NULL);
  if (g_test_subprocess ())
    hide_installed_schemas ();
  adw_init ();

  /* Non-unique: a running Gantry must not turn the test into a remote. */
  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/window/app-actions", test_app_actions);
  g_test_add_func ("/ui/window/missing-schema", test_missing_schema);
  g_test_add_func ("/ui/window/choose-profile", test_choose_profile);
  if (!g_test_subprocess ())
    {
      g_test_add_func ("/ui/window/show-page", test_show_page);
      g_test_add_func ("/ui/window/restore-state", test_restore_state);
      g_test_add_func ("/ui/window/quit-saves-state", test_quit_saves_state);
      g_test_add_func ("/ui/window/narrow", test_narrow);
      g_test_add_func ("/ui/window/toast", test_toast);
      g_test_add_func ("/ui/window/preferences", test_preferences);
    }

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
