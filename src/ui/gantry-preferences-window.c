/* gantry-preferences-window.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-preferences-window"

#include "config.h"

#include "gantry-preferences-window.h"

struct _GantryPreferencesWindow
{
  AdwPreferencesWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (GantryPreferencesWindow, gantry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
gantry_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gantry_preferences_window_parent_class)->dispose (object);
}

static void
gantry_preferences_window_class_init (GantryPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-preferences-window.ui");
}

static void
gantry_preferences_window_init (GantryPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GantryPreferencesWindow *
gantry_preferences_window_new (void)
{
  return g_object_new (GANTRY_TYPE_PREFERENCES_WINDOW, NULL);
}
