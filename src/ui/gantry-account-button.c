/* gantry-account-button.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-account-button"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-account-button.h"

/**
 * GantryAccountButton:
 *
 * The header bar's account switcher: shows which account (and profile) and
 * region the window works on, the identity in its tooltip, and offers the
 * other profiles through `win.switch-profile` and `win.manage-profiles`, and
 * the saved environments through `win.switch-environment`.
 * Admins keep several accounts open over a day; the account in front must
 * never be in doubt.
 */
struct _GantryAccountButton
{
  GtkWidget       parent_instance;

  /* template */
  GtkMenuButton  *menu_button;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GMenu          *profiles_section;
  GMenu          *environments_section;

  /* owned */
  GantrySession     *session;
  GantryEnvironment *environment;
  GCancellable      *cancellable;
  GCancellable      *environments_cancellable;
};

G_DEFINE_FINAL_TYPE (GantryAccountButton, gantry_account_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_labels (GantryAccountButton *self,
            const char          *title,
            const char          *subtitle)
{
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle[0] != '\0');
}

static void
gantry_account_button_update (GantryAccountButton *self)
{
  g_autofree char *title = NULL;
  g_autofree char *environment_subtitle = NULL;
  const char *subtitle = "";
  const char *tooltip = NULL;
  const char *profile;
  const char *account_id;

  if (self->session == NULL)
    {
      set_labels (self, _("No Account"), "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), _("No AWS account connected"));
      return;
    }

  profile = gantry_session_get_profile (self->session);
  account_id = gantry_session_get_account_id (self->session);
  if (gantry_session_get_region (self->session) != NULL)
    subtitle = gantry_session_get_region (self->session);

  switch (gantry_session_get_state (self->session))
    {
    case GANTRY_SESSION_STATE_READY:
      if (self->environment != NULL && subtitle[0] == '\0')
        subtitle = gantry_environment_get_name (self->environment);
      else if (self->environment != NULL)
        {
          /* Translators: an environment name and a region, e.g. "prod · us-east-1" */
          environment_subtitle = g_strdup_printf (_("%s · %s"),
                                                  gantry_environment_get_name (self->environment),
                                                  subtitle);
          subtitle = environment_subtitle;
        }
      if (gantry_session_get_is_demo (self->session))
        /* Translators: an AWS account ID, then "(Demo)" */
        title = g_strdup_printf (_("%s (Demo)"), account_id);
      else
        /* Translators: an AWS account ID and the profile name, e.g. "123456789012 (prod)" */
        title = g_strdup_printf (_("%s (%s)"), account_id, profile);
      tooltip = gantry_session_get_identity_arn (self->session);
      break;

    case GANTRY_SESSION_STATE_CONNECTING:
      title = g_strdup (profile);
      subtitle = _("Connecting…");
      break;

    case GANTRY_SESSION_STATE_FAILED:
      title = g_strdup (profile);
      subtitle = _("Not connected");
      if (gantry_session_get_error (self->session) != NULL)
        tooltip = gantry_session_get_error (self->session)->message;
      break;

    case GANTRY_SESSION_STATE_DISCONNECTED:
    default:
      title = g_strdup (profile);
      break;
    }

  set_labels (self, title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);
}

static void
list_profiles_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryAccountButton) self = user_data;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  profiles = gantry_session_list_profiles_finish (result, &error);
  if (profiles == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the AWS profiles: %s", error->message);
      return;
    }

  g_menu_remove_all (self->profiles_section);
  for (guint i = 0; i < profiles->len; i++)
    {
      const GantryProfileInfo *info = g_ptr_array_index (profiles, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (info->name, NULL);

      g_menu_item_set_action_and_target_value (item, "win.switch-profile",
                                               g_variant_new_string (info->name));
      g_menu_append_item (self->profiles_section, item);
    }
}

/**
 * gantry_account_button_reload_profiles:
 *
 * Lists the profiles again, e.g. after one was added or deleted.
 */
void
gantry_account_button_reload_profiles (GantryAccountButton *self)
{
  g_return_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gantry_session_list_profiles_async (self->cancellable, list_profiles_cb, g_object_ref (self));
}

static void
list_environments_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GantryAccountButton) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = gantry_environment_list_finish (result, &error);
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the environments: %s", error->message);
      return;
    }

  g_menu_remove_all (self->environments_section);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "win.switch-environment",
                                               g_variant_new_string (names[i]));
      g_menu_append_item (self->environments_section, item);
    }
}

/**
 * gantry_account_button_reload_environments:
 *
 * Lists the saved environments again.
 */
void
gantry_account_button_reload_environments (GantryAccountButton *self)
{
  g_return_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self));

  g_cancellable_cancel (self->environments_cancellable);
  g_clear_object (&self->environments_cancellable);
  self->environments_cancellable = g_cancellable_new ();

  gantry_environment_list_async (self->environments_cancellable, list_environments_cb,
                                 g_object_ref (self));
}

static void
popover_show_cb (GantryAccountButton *self)
{
  /* ~/.aws and the environment files may have changed since; reading them
   * is cheap. */
  gantry_account_button_reload_profiles (self);
  gantry_account_button_reload_environments (self);
}

static void
gantry_account_button_dispose (GObject *object)
{
  GantryAccountButton *self = GANTRY_ACCOUNT_BUTTON (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->environments_cancellable);
  g_clear_object (&self->environments_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->environment);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ACCOUNT_BUTTON);

  G_OBJECT_CLASS (gantry_account_button_parent_class)->dispose (object);
}

static void
gantry_account_button_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GantryAccountButton *self = GANTRY_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_account_button_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GantryAccountButton *self = GANTRY_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_account_button_set_session (self, g_value_get_object (value));
      break;

    case PROP_ENVIRONMENT:
      gantry_account_button_set_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_account_button_class_init (GantryAccountButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_account_button_dispose;
  object_class->get_property = gantry_account_button_get_property;
  object_class->set_property = gantry_account_button_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, GANTRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-account-button.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantryAccountButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, GantryAccountButton, title_label);
  gtk_widget_class_bind_template_child (widget_class, GantryAccountButton, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GantryAccountButton, profiles_section);
  gtk_widget_class_bind_template_child (widget_class, GantryAccountButton, environments_section);
}

static void
gantry_account_button_init (GantryAccountButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The popover the menu model made; GTK 4.8 has no GtkMenuButton:active */
  g_signal_connect_object (gtk_menu_button_get_popover (self->menu_button), "show",
                           G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  gantry_account_button_update (self);
}

GtkWidget *
gantry_account_button_new (void)
{
  return g_object_new (GANTRY_TYPE_ACCOUNT_BUTTON, NULL);
}

/**
 * gantry_account_button_get_session:
 *
 * Returns: (nullable) (transfer none): the session shown
 */
GantrySession *
gantry_account_button_get_session (GantryAccountButton *self)
{
  g_return_val_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self), NULL);

  return self->session;
}

void
gantry_account_button_set_session (GantryAccountButton *self,
                                   GantrySession       *session)
{
  g_return_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      /* Any of these changes the label or the tooltip */
      g_signal_connect_swapped (session, "notify::state",
                                G_CALLBACK (gantry_account_button_update), self);
      g_signal_connect_swapped (session, "notify::account-id",
                                G_CALLBACK (gantry_account_button_update), self);
      g_signal_connect_swapped (session, "notify::region",
                                G_CALLBACK (gantry_account_button_update), self);
      g_signal_connect_swapped (session, "notify::is-demo",
                                G_CALLBACK (gantry_account_button_update), self);
    }

  gantry_account_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gantry_account_button_get_environment:
 *
 * Returns: (nullable) (transfer none): the environment named in the subtitle
 */
GantryEnvironment *
gantry_account_button_get_environment (GantryAccountButton *self)
{
  g_return_val_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self), NULL);

  return self->environment;
}

void
gantry_account_button_set_environment (GantryAccountButton *self,
                                       GantryEnvironment   *environment)
{
  g_return_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  gantry_account_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

const char *
gantry_account_button_get_title (GantryAccountButton *self)
{
  g_return_val_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self), NULL);

  return gtk_label_get_text (self->title_label);
}

const char *
gantry_account_button_get_subtitle (GantryAccountButton *self)
{
  g_return_val_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self), NULL);

  return gtk_label_get_text (self->subtitle_label);
}

/**
 * gantry_account_button_get_menu_model:
 *
 * Returns: (transfer none): the popover's menu
 */
GMenuModel *
gantry_account_button_get_menu_model (GantryAccountButton *self)
{
  g_return_val_if_fail (GANTRY_IS_ACCOUNT_BUTTON (self), NULL);

  return gtk_menu_button_get_menu_model (self->menu_button);
}
