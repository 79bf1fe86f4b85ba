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

  guint          demo_mode : 1;
};

G_DEFINE_FINAL_TYPE (GantryApplication, gantry_application, ADW_TYPE_APPLICATION)

static void
gantry_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (gantry_window_new (ADW_APPLICATION (app)));
      gantry_window_start (GANTRY_WINDOW (window));
    }

  gtk_window_present (window);
}

static int
gantry_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  GantryApplication *self = GANTRY_APPLICATION (app);

  /* build-aux/run.sh passes --demo when no AWS profile is configured; the
   * demo account itself is wired up by the environments code. */
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

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "environments", environments_activated },
  { "preferences", preferences_activated },
  { "quit", quit_activated },
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
gantry_application_class_init (GantryApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

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
