/* gantry-test-ui.c: waiting and screenshots for the UI tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every wait spins the main context and is bounded, so a broken display or
 * a hung call fails the test instead of hanging it; nothing sleeps.
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
 *
 * Spins the default main context until @condition holds; fails the test
 * after @timeout_seconds.
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

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
ticks_done (gpointer data)
{
  return *(guint *) data >= 3;
}

/**
 * gantry_test_ui_wait_for_frames:
 *
 * Spins until @widget is mapped and its frame clock has gone through three
 * more frames, so the layout and paint after the last change are done.
 */
void
gantry_test_ui_wait_for_frames (GtkWidget *widget,
                                guint      timeout_seconds)
{
  guint ticks = 0;
  guint tick_id;

  gantry_test_ui_wait_until (mapped, widget, timeout_seconds);
  tick_id = gtk_widget_add_tick_callback (widget, tick_cb, &ticks, NULL);
  gtk_widget_queue_draw (widget);
  gantry_test_ui_wait_until (ticks_done, &ticks, timeout_seconds);
  gtk_widget_remove_tick_callback (widget, tick_id);
}

static gboolean
stack_settled (gpointer data)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (data));

  return root != NULL && gtk_widget_get_mapped (root) &&
         !gtk_stack_get_transition_running (data);
}

/**
 * gantry_test_ui_wait_for_stack:
 *
 * Spins until the window holding @stack is mapped and @stack is not in a
 * transition, such as the main window's crossfade between its first-run,
 * connecting, error and content pages; a screenshot taken mid-fade shows
 * both pages at once.
 */
void
gantry_test_ui_wait_for_stack (GtkStack *stack,
                               guint     timeout_seconds)
{
  gantry_test_ui_wait_until (stack_settled, stack, timeout_seconds);
}

typedef struct
{
  gint64 start;
  gint64 now;
  gint64 duration_us;
} FrameTime;

static gboolean
frame_time_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  FrameTime *frame_time = user_data;

  frame_time->now = gdk_frame_clock_get_frame_time (frame_clock);
  if (frame_time->start == 0)
    frame_time->start = frame_time->now;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_time_passed (gpointer data)
{
  FrameTime *frame_time = data;

  return frame_time->start != 0 &&
         frame_time->now - frame_time->start >= frame_time->duration_us;
}

/**
 * gantry_test_ui_wait_for_frame_time:
 *
 * Spins until @widget's frame clock has advanced by @duration_ms, so that
 * transitions started by the last change (a title's crossfade, a bar
 * sliding in) have ended. This follows the frame clock rather than
 * sleeping: nothing waits once the frames have been drawn.
 */
void
gantry_test_ui_wait_for_frame_time (GtkWidget *widget,
                                    guint      duration_ms,
                                    guint      timeout_seconds)
{
  FrameTime frame_time = { 0, 0, (gint64) duration_ms * 1000 };
  guint tick_id;

  tick_id = gtk_widget_add_tick_callback (widget, frame_time_cb, &frame_time, NULL);
  gantry_test_ui_wait_until (frame_time_passed, &frame_time, timeout_seconds);
  gtk_widget_remove_tick_callback (widget, tick_id);
}

/**
 * gantry_test_ui_save_screenshot:
 *
 * Renders @widget (a toplevel) to `screenshot-NAME.png` in the build dir.
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
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  filename = g_strdup_printf ("screenshot-%s.png", name);
  path = g_test_build_filename (G_TEST_BUILT, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/**
 * gantry_test_ui_save_screenshot_drawn:
 *
 * Waits for @widget's frames (see gantry_test_ui_wait_for_frames()), then
 * saves it as gantry_test_ui_save_screenshot() does: for a dialog or window
 * just presented, whose first paint has not happened yet.
 */
void
gantry_test_ui_save_screenshot_drawn (GtkWidget  *widget,
                                      const char *name,
                                      guint       timeout_seconds)
{
  gantry_test_ui_wait_for_frames (widget, timeout_seconds);
  gantry_test_ui_save_screenshot (widget, name);
}
