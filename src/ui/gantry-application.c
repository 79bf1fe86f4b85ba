/* gantry-application.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-application.h"
#include "gantry-preferences-window.h"
#include "gantry-window.h"

struct _GantryApplication
{
  AdwApplication parent_instance;

  /* the running demo account, owned: stopped when the application ends */
  GantryDemo    *demo;
  guint          demo_mode : 1;
};

G_DEFINE_FINAL_TYPE (GantryApplication, gantry_application, ADW_TYPE_APPLICATION)

/* For tests/bench/bench-gantry.c (GANTRY_BENCH_FIRST_FRAME set): once the
 * first frame of the window has been painted and the display server has
 * taken it, print the monotonic clock and quit. The benchmark subtracts the
 * time it spawned Gantry, so neither shutting down nor a frame clock tick
 * that paints nothing (the window not mapped yet) counts as the first frame. */
static void
bench_after_paint_cb (GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  GtkWidget *window = user_data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* An unmapped surface skips the paint phase: no frame yet */
  if (surface == NULL || !gdk_surface_get_mapped (surface))
    return;

  g_signal_handlers_disconnect_by_func (frame_clock, bench_after_paint_cb, user_data);
  /* A round trip: the server has drawn what the paint phase sent it */
  gdk_display_sync (gtk_widget_get_display (window));
  g_print ("first-frame %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
bench_window_realize_cb (GtkWidget *window,
                         gpointer   user_data)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), window, 0);
}

static void
gantry_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (gantry_window_new (ADW_APPLICATION (app)));
      if (GANTRY_APPLICATION (app)->demo_mode)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.explore-demo", NULL);
      else
        gantry_window_start (GANTRY_WINDOW (window));
    }

  if (g_getenv ("GANTRY_BENCH_FIRST_FRAME") != NULL &&
      !gtk_widget_get_realized (GTK_WIDGET (window)))
    g_signal_connect (window, "realize", G_CALLBACK (bench_window_realize_cb), NULL);

  gtk_window_present (window);
}

static int
gantry_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  GantryApplication *self = GANTRY_APPLICATION (app);

  /* build-aux/run.sh passes --demo when no AWS profile is configured */
  if (g_variant_dict_contains (options, "demo"))
    self->demo_mode = TRUE;

  /* -1: carry on with the default processing (register, activate) */
  return -1;
}

static void
gantry_application_show_preferences (GantryApplication *self,
                                     const char        *page_name)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GantryPreferencesWindow *preferences = gantry_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  if (page_name != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page_name);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  gantry_application_show_preferences (GANTRY_APPLICATION (user_data), NULL);
}

static void
environments_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  gantry_application_show_preferences (GANTRY_APPLICATION (user_data), "environments");
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  static const char *developers[] = { "The Gantry developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Gantry"),
                         "application-icon", APP_ID,
                         "developer-name", "The Gantry developers",
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/gantryapp/gantry",
                         "issue-url", "https://github.com/gantryapp/gantry/issues",
                         "copyright", "© 2026 The Gantry developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line, to be credited */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Close each window rather than g_application_quit(): closing runs
   * close-request, where a window saves its state (and may one day refuse,
   * say during a promotion); the application ends by itself once the last
   * window is gone. The copy and refs survive windows leaving the list. */
  for (const GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

/* The default action of Gantry's desktop notifications (a promotion
 * finished while the user was elsewhere): back to the window, on the page
 * the news is about. */
static void
show_page_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (app);
    }
  if (window == NULL)
    return;

  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-page", parameter);
  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "environments", environments_activated },
  { "preferences", preferences_activated },
  { "quit", quit_activated },
  { "show-page", show_page_activated, "s" },
};

static void
gantry_application_startup (GApplication *app)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gantry_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
gantry_application_shutdown (GApplication *app)
{
  GantryApplication *self = GANTRY_APPLICATION (app);

  /* moto_server must not outlive Gantry */
  if (self->demo != NULL)
    gantry_demo_stop (self->demo);
  g_clear_object (&self->demo);

  G_APPLICATION_CLASS (gantry_application_parent_class)->shutdown (app);
}

static void
gantry_application_dispose (GObject *object)
{
  GantryApplication *self = GANTRY_APPLICATION (object);

  if (self->demo != NULL)
    gantry_demo_stop (self->demo);
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (gantry_application_parent_class)->dispose (object);
}

static void
gantry_application_class_init (GantryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gantry_application_dispose;
  app_class->shutdown = gantry_application_shutdown;

  app_class->activate = gantry_application_activate;
  app_class->handle_local_options = gantry_application_handle_local_options;
  app_class->startup = gantry_application_startup;
}

static void
gantry_application_init (GantryApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "demo", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Use the built-in demo account instead of your AWS profile"),
                                 NULL);
}

GantryApplication *
gantry_application_new (void)
{
  return g_object_new (GANTRY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * gantry_application_get_demo_mode:
 * @self: a #GantryApplication
 *
 * Returns: %TRUE if Gantry was started with `--demo`
 */
gboolean
gantry_application_get_demo_mode (GantryApplication *self)
{
  g_return_val_if_fail (GANTRY_IS_APPLICATION (self), FALSE);

  return self->demo_mode;
}

static void
demo_start_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryApplication *self = g_task_get_source_object (task);
  g_autoptr(GantryDemo) demo = NULL;
  GError *error = NULL;

  demo = gantry_demo_start_finish (result, &error);
  if (demo == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Two windows may have asked at once: keep one demo, stop the other */
  if (self->demo != NULL)
    gantry_demo_stop (demo);
  else
    self->demo = g_steal_pointer (&demo);

  g_task_return_pointer (task, g_object_ref (self->demo), g_object_unref);
}

/**
 * gantry_application_start_demo_async:
 *
 * Starts the demo account (a seeded moto_server on loopback) unless it
 * already runs. The application keeps it until it shuts down, so every
 * window shares one demo.
 */
void
gantry_application_start_demo_async (GantryApplication   *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_application_start_demo_async);

  if (self->demo != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->demo), g_object_unref);
      return;
    }

  gantry_demo_start_async (cancellable, demo_start_cb, g_steal_pointer (&task));
}

/**
 * gantry_application_start_demo_finish:
 *
 * Returns: (transfer full): the running demo account
 */
GantryDemo *
gantry_application_start_demo_finish (GantryApplication  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (GANTRY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_application_get_demo:
 *
 * Returns: (nullable) (transfer none): the demo account, if it runs
 */
GantryDemo *
gantry_application_get_demo (GantryApplication *self)
{
  g_return_val_if_fail (GANTRY_IS_APPLICATION (self), NULL);

  return self->demo;
}
