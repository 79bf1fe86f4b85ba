/* gantry-window.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window"

#include "config.h"

#include "gantry-window.h"

struct _GantryWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (GantryWindow, gantry_window, ADW_TYPE_APPLICATION_WINDOW)

static void
gantry_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_WINDOW);

  G_OBJECT_CLASS (gantry_window_parent_class)->dispose (object);
}

static void
gantry_window_class_init (GantryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gantry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, status_page);
}

static void
gantry_window_init (GantryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GantryWindow *
gantry_window_new (AdwApplication *application)
{
  return g_object_new (GANTRY_TYPE_WINDOW, "application", application, NULL);
}
