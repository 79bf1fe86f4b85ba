/* gantry-window-actions.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window-actions"

#include "config.h"

#include "gantry-window-private.h"

static void
gantry_window_actions_refresh (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  /* Each page owns its data and its reload; the window only knows which
   * page is in front, so new pages need no change here. */
  if (page != NULL && !gtk_widget_activate_action (page, "page.reload", NULL))
    g_debug ("Page %s cannot reload", G_OBJECT_TYPE_NAME (page));
}

static void
gantry_window_actions_show_page (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  const char *page_name = g_variant_get_string (parameter, NULL);

  /* win. actions are exported on D-Bus, so a bad name is input, not a bug */
  if (!_gantry_window_show_page (self, page_name))
    g_debug ("No page named “%s”", page_name);
}

static void
gantry_window_actions_close (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
_gantry_window_class_actions_init (GantryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL,
                                   gantry_window_actions_refresh);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s",
                                   gantry_window_actions_show_page);
  gtk_widget_class_install_action (widget_class, "win.close", NULL,
                                   gantry_window_actions_close);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-page", "s", "setup");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-page", "s", "promotions");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "win.show-page", "s", "history");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "win.close", NULL);
}
