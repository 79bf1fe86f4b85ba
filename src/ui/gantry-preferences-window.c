/* gantry-preferences-window.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-preferences-window"

#include "config.h"

#include "gantry-preferences-window.h"
#include "gantry-window.h"

struct _GantryPreferencesWindow
{
  AdwPreferencesWindow    parent_instance;

  /* template */
  GantryEnvironmentsPage *environments_page;

  /* owned: ties to the main window the preferences were opened from */
  GBinding               *session_binding;
  GBinding               *environment_binding;
  /* borrowed, cleared by a weak pointer */
  GantryWindow           *window;
};

G_DEFINE_FINAL_TYPE (GantryPreferencesWindow, gantry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
environment_saved_cb (GantryPreferencesWindow *self,
                      GantryEnvironment       *environment)
{
  if (self->window != NULL)
    gantry_window_environment_saved (self->window, environment);
}

static void
environment_deleted_cb (GantryPreferencesWindow *self,
                        const char              *name)
{
  if (self->window != NULL)
    gantry_window_environment_deleted (self->window, name);
}

static void
forget_window (GantryPreferencesWindow *self)
{
  g_clear_pointer (&self->session_binding, g_binding_unbind);
  g_clear_pointer (&self->environment_binding, g_binding_unbind);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
}

/* The application opens the preferences over the active main window: the
 * Environments page then edits that window's account and environment. */
static void
transient_for_changed_cb (GantryPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  forget_window (self);
  if (!GANTRY_IS_WINDOW (parent))
    return;

  self->window = GANTRY_WINDOW (parent);
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &self->window);
  self->session_binding = g_object_bind_property (parent, "session",
                                                  self->environments_page, "session",
                                                  G_BINDING_SYNC_CREATE);
  self->environment_binding = g_object_bind_property (parent, "environment",
                                                      self->environments_page,
                                                      "current-environment",
                                                      G_BINDING_SYNC_CREATE);
}

static void
gantry_preferences_window_dispose (GObject *object)
{
  GantryPreferencesWindow *self = GANTRY_PREFERENCES_WINDOW (object);

  forget_window (self);
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
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow,
                                        environments_page);

  g_type_ensure (GANTRY_TYPE_ENVIRONMENTS_PAGE);
}

static void
gantry_preferences_window_init (GantryPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->environments_page, "environment-saved",
                           G_CALLBACK (environment_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->environments_page, "environment-deleted",
                           G_CALLBACK (environment_deleted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::transient-for", G_CALLBACK (transient_for_changed_cb), NULL);
}

GantryPreferencesWindow *
gantry_preferences_window_new (void)
{
  return g_object_new (GANTRY_TYPE_PREFERENCES_WINDOW, NULL);
}

/**
 * gantry_preferences_window_get_environments_page:
 *
 * Returns: (transfer none): the Environments page
 */
GantryEnvironmentsPage *
gantry_preferences_window_get_environments_page (GantryPreferencesWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_PREFERENCES_WINDOW (self), NULL);

  return self->environments_page;
}
