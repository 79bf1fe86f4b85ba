/* gantry-window.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window"

#include "config.h"

#include "gantry-history-page.h"
#include "gantry-promotions-page.h"
#include "gantry-setup-page.h"
#include "gantry-window-private.h"

G_DEFINE_FINAL_TYPE (GantryWindow, gantry_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
gantry_window_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema; an uninstalled build run
   * without the devenv must still open, it just forgets its state. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("GSettings schema %s is not installed; window state will not be saved",
                 APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
gantry_window_restore_state (GantryWindow *self)
{
  g_autofree char *last_page = NULL;
  int width;
  int height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  if (!_gantry_window_show_page (self, last_page))
    g_debug ("Ignoring unknown last page “%s”", last_page);
}

static void
gantry_window_save_state (GantryWindow *self)
{
  const char *page_name;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* The default size of a maximized window is the size it returns to when
   * unmaximized, which is the one worth keeping. */
  if (!maximized)
    {
      int width;
      int height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  page_name = gantry_window_get_visible_page_name (self);
  if (page_name != NULL)
    g_settings_set_string (self->settings, "last-page", page_name);
}

static gboolean
gantry_window_close_request (GtkWindow *window)
{
  gantry_window_save_state (GANTRY_WINDOW (window));

  return GTK_WINDOW_CLASS (gantry_window_parent_class)->close_request (window);
}

static void
gantry_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_WINDOW);

  G_OBJECT_CLASS (gantry_window_parent_class)->dispose (object);
}

static void
gantry_window_finalize (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gantry_window_parent_class)->finalize (object);
}

static void
gantry_window_class_init (GantryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gantry_window_dispose;
  object_class->finalize = gantry_window_finalize;

  window_class->close_request = gantry_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gantry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, primary_menu_button);

  _gantry_window_class_actions_init (klass);

  /* The template names these types; make sure they are registered even
   * though nothing else references them before the template is built. */
  g_type_ensure (GANTRY_TYPE_SETUP_PAGE);
  g_type_ensure (GANTRY_TYPE_PROMOTIONS_PAGE);
  g_type_ensure (GANTRY_TYPE_HISTORY_PAGE);
}

static void
gantry_window_init (GantryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = gantry_window_create_settings ();
  gantry_window_restore_state (self);
}

GantryWindow *
gantry_window_new (AdwApplication *application)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  return g_object_new (GANTRY_TYPE_WINDOW, "application", application, NULL);
}

/*
 * _gantry_window_show_page:
 * @page_name: the name of a page of the view stack, such as "setup"
 *
 * Returns: %TRUE if a page of that name exists and is now visible.
 */
gboolean
_gantry_window_show_page (GantryWindow *self,
                          const char   *page_name)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);

  if (page_name == NULL || adw_view_stack_get_child_by_name (self->view_stack, page_name) == NULL)
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, page_name);
  return TRUE;
}

/**
 * gantry_window_add_toast:
 * @self: a #GantryWindow
 * @toast: (transfer full): the toast to show
 *
 * Shows @toast over the window's content. Pages use this for news that
 * needs no answer, such as "Promotion finished".
 */
void
gantry_window_add_toast (GantryWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * gantry_window_get_visible_page_name:
 * @self: a #GantryWindow
 *
 * Returns: (nullable): the name of the page in front, such as "promotions"
 */
const char *
gantry_window_get_visible_page_name (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}
