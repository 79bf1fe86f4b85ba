/* test-demo-window.c: the window on the demo account, as `gantry --demo`
 * and the first-run page's button open it.
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gantry-account-button.h"
#include "gantry-application.h"
#include "gantry-test-ui.h"
#include "gantry-window-private.h"

/* Starting and seeding moto takes 5-30 s on a loaded two-core CI machine;
 * this program does nothing else, so it may use most of its 60 s. */
#define WAIT_TIMEOUT_SECONDS 50

static GantryApplication *app;

static gboolean
session_settled (gpointer data)
{
  GantrySession *session = gantry_window_get_session (data);

  return session != NULL &&
         (gantry_session_get_state (session) == GANTRY_SESSION_STATE_READY ||
          gantry_session_get_state (session) == GANTRY_SESSION_STATE_FAILED);
}

static void
test_explore_demo (void)
{
  GantryWindow *window;
  GantrySession *session;
  GantryDemo *demo;

  if (!gantry_demo_is_available ())
    {
      g_test_skip ("moto_server or the demo seed is not installed");
      return;
    }

  window = gantry_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (window->explore_demo_button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-demo", NULL));
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "connecting");
  gantry_test_ui_wait_until (session_settled, window, WAIT_TIMEOUT_SECONDS);

  session = gantry_window_get_session (window);
  g_assert_no_error (gantry_session_get_error (session));
  g_assert_true (gantry_session_get_is_demo (session));
  g_assert_cmpstr (gantry_session_get_account_id (session), ==, GANTRY_DEMO_ACCOUNT_ID);
  demo = gantry_application_get_demo (app);
  g_assert_nonnull (demo);
  g_assert_cmpstr (gantry_session_get_endpoint_url (session), ==, gantry_demo_get_endpoint (demo));
  g_assert_cmpstr (gantry_window_get_main_page_name (window), ==, "content");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->demo_badge)));
  g_assert_cmpstr (gantry_account_button_get_title (window->account_button), ==,
                   GANTRY_DEMO_ACCOUNT_ID " (Demo)");

  gantry_test_ui_wait_for_stack (window->main_stack, WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_wait_for_frames (GTK_WIDGET (window), WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot (GTK_WIDGET (window), "demo-account");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  /* The application keeps the demo running for other windows */
  g_assert_true (gantry_application_get_demo (app) == demo);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
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

  g_test_add_func ("/ui/demo-window/explore-demo", test_explore_demo);

  ret = g_test_run ();

  /* Stops moto, as quitting Gantry does */
  g_clear_object (&app);
  return ret;
}
