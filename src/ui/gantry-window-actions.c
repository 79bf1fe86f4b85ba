/* gantry-window-actions.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window-actions"

#include "config.h"

#include "gantry-add-profile-dialog.h"
#include "gantry-profiles-dialog.h"
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

/* A profile was added: the switcher lists it, and a window without a working
 * account opens it at once, which is what a first-run user wants. */
static void
profile_added_cb (GantryWindow *self,
                  const char   *name)
{
  gantry_account_button_reload_profiles (self->account_button);

  if (self->session == NULL ||
      gantry_session_get_state (self->session) != GANTRY_SESSION_STATE_READY)
    _gantry_window_switch_profile (self, name);
}

static void
profile_deleted_cb (GantryWindow *self,
                    const char   *name)
{
  gantry_account_button_reload_profiles (self->account_button);
}

static void
gantry_window_actions_manage_profiles (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  GantryProfilesDialog *dialog = gantry_profiles_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "profile-added", G_CALLBACK (profile_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "profile-deleted", G_CALLBACK (profile_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gantry_window_actions_add_profile (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  GantryAddProfileDialog *dialog = gantry_add_profile_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "saved", G_CALLBACK (profile_added_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gantry_window_actions_switch_profile (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  const char *profile = g_variant_get_string (parameter, NULL);

  /* win. actions are reachable over D-Bus: an empty name is input */
  if (profile[0] == '\0')
    return;

  _gantry_window_switch_profile (GANTRY_WINDOW (widget), profile);
}

static void
gantry_window_actions_switch_environment (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  /* win. actions are reachable over D-Bus: a bad name is input */
  if (!gantry_environment_name_is_valid (name))
    return;

  _gantry_window_switch_environment (GANTRY_WINDOW (widget), name);
}

static void
gantry_window_actions_reconnect (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  _gantry_window_reconnect (GANTRY_WINDOW (widget));
}

static void
gantry_window_actions_cancel_connect (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  _gantry_window_cancel_connect (GANTRY_WINDOW (widget));
}

static void
gantry_window_actions_explore_demo (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  _gantry_window_explore_demo (GANTRY_WINDOW (widget));
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
  gtk_widget_class_install_action (widget_class, "win.manage-profiles", NULL,
                                   gantry_window_actions_manage_profiles);
  gtk_widget_class_install_action (widget_class, "win.add-profile", NULL,
                                   gantry_window_actions_add_profile);
  gtk_widget_class_install_action (widget_class, "win.switch-profile", "s",
                                   gantry_window_actions_switch_profile);
  gtk_widget_class_install_action (widget_class, "win.switch-environment", "s",
                                   gantry_window_actions_switch_environment);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL,
                                   gantry_window_actions_reconnect);
  gtk_widget_class_install_action (widget_class, "win.cancel-connect", NULL,
                                   gantry_window_actions_cancel_connect);
  gtk_widget_class_install_action (widget_class, "win.explore-demo", NULL,
                                   gantry_window_actions_explore_demo);

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
