/* gantry-test-ui.c: waiting and screenshots for the UI tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests never sleep: they spin the main context until a condition holds,
 * bounded so that a broken display or a lost reply fails the test instead
 * of hanging it.
 */

#include "config.h"

#include "gantry-test-ui.h"

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * gantry_test_ui_wait_until:
 * @timeout_seconds: fail the test after this long
 *
 * Spins the default main context until @condition returns %TRUE.
 */
void
gantry_test_ui_wait_until (GantryTestCondition condition,
                           gpointer            data,
                           guint               timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

typedef struct
{
  GtkWidget *widget;
  guint      ticks;
  guint      n_frames;
} Frames;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  ((Frames *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (((Frames *) data)->widget);
}

static gboolean
frames_done (gpointer data)
{
  Frames *frames = data;

  return frames->ticks >= frames->n_frames;
}

/**
 * gantry_test_ui_wait_for_frames:
 *
 * Waits until @widget is mapped and its frame clock went through
 * @n_frames more frames, so that the layout and paint after any change
 * are done.
 */
void
gantry_test_ui_wait_for_frames (GtkWidget *widget,
                                guint      n_frames)
{
  Frames frames = { widget, 0, n_frames };
  guint tick_id;

  gantry_test_ui_wait_until (mapped, &frames, 20);
  tick_id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  gtk_widget_queue_draw (widget);
  gantry_test_ui_wait_until (frames_done, &frames, 20);
  gtk_widget_remove_tick_callback (widget, tick_id);
}

/**
 * gantry_test_ui_save_screenshot:
 * @name: saved as `screenshot-@name.png` in the build directory
 *
 * Renders @widget (usually a window) as it is now.
 */
void
gantry_test_ui_save_screenshot (GtkWidget  *widget,
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

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

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
