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
#include "gantry-window-private.h"

/* Starting and seeding moto takes 5-30 s on a loaded two-core CI machine;
 * this program does nothing else, so it may use most of its 60 s. */
#define WAIT_TIMEOUT_SECONDS 50

static GantryApplication *app;

typedef gboolean (*Condition) (gpointer data);

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ready_to_draw (gpointer data)
{
  GantryWindow *window = data;

  return gtk_widget_get_mapped (data) && !gtk_stack_get_transition_running (window->main_stack);
}

static gboolean
ticks_done (gpointer data)
{
  return *(guint *) data >= 3;
}

static void
wait_for_frames (GantryWindow *window)
{
  guint ticks = 0;
  guint tick_id;

  wait_until (ready_to_draw, window);
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &ticks, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_until (ticks_done, &ticks);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick_id);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  filename = g_strdup_printf ("screenshot-%s.png", name);
  path = g_test_build_filename (G_TEST_BUILT, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
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
  wait_until (session_settled, window);

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

  wait_for_frames (window);
  save_screenshot (GTK_WIDGET (window), "demo-account");

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
