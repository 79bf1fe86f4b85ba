/* gantry-window.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-account-button.h"
#include "gantry-application.h"
#include "gantry-history-page.h"
#include "gantry-promotions-page.h"
#include "gantry-setup-page.h"
#include "gantry-window-private.h"

#include "aws/gantry-aws-config.h"

G_DEFINE_FINAL_TYPE (GantryWindow, gantry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  GantryWindow *self = GANTRY_WINDOW (object);

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  /* The environment's callbacks hold no reference: cancelled, they leave
   * the window alone, so it can finalize at once. */
  g_cancellable_cancel (self->environment_cancellable);
  g_clear_object (&self->environment_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->environment_session = NULL;
  g_clear_object (&self->environment);
  if (self->mfa_dialog != NULL)
    {
      /* A session elsewhere may still hold the dialog; it must not point
       * at a finalized window. */
      gtk_window_set_transient_for (GTK_WINDOW (self->mfa_dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->mfa_dialog)));
    }

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
gantry_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

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
gantry_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_window_set_session (self, g_value_get_object (value));
      break;

    case PROP_ENVIRONMENT:
      gantry_window_set_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_window_class_init (GantryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gantry_window_dispose;
  object_class->finalize = gantry_window_finalize;
  object_class->get_property = gantry_window_get_property;
  object_class->set_property = gantry_window_set_property;

  /**
   * GantryWindow:session:
   *
   * The account the window works on; pages read it and follow its changes.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GantryWindow:environment:
   *
   * What "prod" is for the session: the saved environment whose profile
   * (and region) match the session's, else the last one used, else one
   * discovered from the account and not saved yet. %NULL while the window
   * picks it after connecting. Pages read it with the session.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, GANTRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = gantry_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gantry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, explore_demo_button);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, error_page);
  /* No field: only looked up once, in init */
  gtk_widget_class_bind_template_child_full (widget_class, "history_page", FALSE, 0);

  _gantry_window_class_actions_init (klass);

  /* The template names these types; make sure they are registered even
   * though nothing else references them before the template is built. */
  g_type_ensure (GANTRY_TYPE_ACCOUNT_BUTTON);
  g_type_ensure (GANTRY_TYPE_SETUP_PAGE);
  g_type_ensure (GANTRY_TYPE_PROMOTIONS_PAGE);
  g_type_ensure (GANTRY_TYPE_HISTORY_PAGE);
}

static void
gantry_window_init (GantryWindow *self)
{
  GObject *history_page;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The Setup page audits the window's account against its environment */
  g_object_bind_property (self, "session",
                          adw_view_stack_get_child_by_name (self->view_stack, "setup"),
                          "session", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "environment",
                          adw_view_stack_get_child_by_name (self->view_stack, "setup"),
                          "environment", G_BINDING_SYNC_CREATE);
  /* The History page follows the window's account and environment */
  history_page = gtk_widget_get_template_child (GTK_WIDGET (self), GANTRY_TYPE_WINDOW,
                                                "history_page");
  g_object_bind_property (self, "session", history_page, "session", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "environment", history_page, "environment",
                          G_BINDING_SYNC_CREATE);

  /* Offered only where moto_server and the seed are installed */
  gtk_widget_set_visible (self->explore_demo_button, gantry_demo_is_available ());

  self->settings = gantry_window_create_settings ();
  gantry_window_restore_state (self);

  /* The Promotions page works on the window's account and environment */
  g_object_bind_property (self, "session",
                          adw_view_stack_get_child_by_name (self->view_stack, "promotions"),
                          "session", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "environment",
                          adw_view_stack_get_child_by_name (self->view_stack, "promotions"),
                          "environment", G_BINDING_SYNC_CREATE);
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

/**
 * gantry_window_get_main_page_name:
 *
 * Returns: what the window shows: "content" (the pages), "first-run",
 *   "connecting" or "error"
 */
const char *
gantry_window_get_main_page_name (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

static void
gantry_window_show_main_page (GantryWindow *self,
                              const char   *name)
{
  gboolean content = g_str_equal (name, "content");

  gtk_stack_set_visible_child_name (self->main_stack, name);
  /* The page switcher leads nowhere while there is no account to show */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", content);
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (name, "connecting"));
}

static void
session_state_changed_cb (GantryWindow *self)
{
  GantrySession *session = self->session;
  const GError *error;

  switch (gantry_session_get_state (session))
    {
    case GANTRY_SESSION_STATE_READY:
      gantry_window_show_main_page (self, "content");
      /* Once per session: a reconnect keeps the environment */
      if (self->environment_session != session)
        _gantry_window_pick_environment (self);
      break;

    case GANTRY_SESSION_STATE_CONNECTING:
      adw_status_page_set_description (self->connecting_page,
                                       gantry_session_get_is_demo (session)
                                       ? _("Opening the demo account")
                                       : gantry_session_get_profile (session));
      gantry_window_show_main_page (self, "connecting");
      break;

    case GANTRY_SESSION_STATE_FAILED:
      error = gantry_session_get_error (session);
      adw_status_page_set_description (self->error_page, error != NULL ? error->message : NULL);
      gantry_window_show_main_page (self, "error");
      break;

    case GANTRY_SESSION_STATE_DISCONNECTED:
    default:
      break;
    }
}

static void
session_demo_changed_cb (GantryWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge),
                          self->session != NULL && gantry_session_get_is_demo (self->session));
}

static void
session_connect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The session's state carries the outcome and the window follows it in
   * session_state_changed_cb; here only the log learns of it. */
  if (!gantry_session_connect_finish (GANTRY_SESSION (object), result, &error))
    g_debug ("Connecting profile %s failed: %s",
             gantry_session_get_profile (GANTRY_SESSION (object)), error->message);
}

/*
 * _gantry_window_reconnect:
 *
 * Connects the current session (again).
 */
void
_gantry_window_reconnect (GantryWindow *self)
{
  if (self->session == NULL)
    {
      if (self->demo_failed)
        _gantry_window_explore_demo (self);
      return;
    }

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  gantry_session_connect_async (self->session, self->connect_cancellable, session_connect_cb,
                                g_object_ref (self));
}

void
_gantry_window_cancel_connect (GantryWindow *self)
{
  g_cancellable_cancel (self->connect_cancellable);
  if (self->session == NULL ||
      gantry_session_get_state (self->session) != GANTRY_SESSION_STATE_READY)
    _gantry_window_show_first_run (self);
}

/**
 * gantry_window_get_session:
 *
 * Returns: (nullable) (transfer none): the account the window works on
 */
GantrySession *
gantry_window_get_session (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * gantry_window_set_session:
 * @session: (nullable): the account to work on
 *
 * Makes @session the window's account and connects it unless it already is
 * (or is connecting).
 */
void
gantry_window_set_session (GantryWindow  *self,
                           GantrySession *session)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* Another account: the old environment names its resources, not these */
  g_cancellable_cancel (self->environment_cancellable);
  g_clear_object (&self->environment_cancellable);
  self->environment_session = NULL;
  gantry_window_set_environment (self, NULL);

  gantry_account_button_set_session (self->account_button, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::state",
                                G_CALLBACK (session_state_changed_cb), self);
      g_signal_connect_swapped (session, "notify::is-demo",
                                G_CALLBACK (session_demo_changed_cb), self);
      session_state_changed_cb (self);
    }
  session_demo_changed_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  if (session != NULL && gantry_session_get_state (session) == GANTRY_SESSION_STATE_DISCONNECTED)
    _gantry_window_reconnect (self);
}

static void
gantry_window_open_profile (GantryWindow *self,
                            const char   *profile)
{
  g_autoptr(GantrySession) session = NULL;

  if (self->mfa_dialog == NULL)
    self->mfa_dialog = gantry_mfa_dialog_new (GTK_WINDOW (self));

  session = gantry_session_new (profile, NULL, NULL, NULL,
                                GANTRY_AWS_MFA_PROMPTER (self->mfa_dialog));
  gantry_window_set_session (self, session);
}

/*
 * _gantry_window_switch_profile:
 * @profile: (nullable): a profile of the keyring or the AWS files; %NULL
 *   for the environment's keys or profile
 *
 * Opens a new session on @profile, with the window's MFA dialog to ask for
 * codes when the profile assumes a role, and remembers @profile for the
 * next start.
 */
void
_gantry_window_switch_profile (GantryWindow *self,
                               const char   *profile)
{
  /* The user chose it, so the next start opens it again. Only the name is
   * kept: it is not a secret, and the keys stay where the profile has them.
   * The demo account never comes through here, and %NULL means "whatever
   * the environment says", which the next start reads afresh. GSettings
   * writes asynchronously, so this does not wait for the disk. */
  if (self->settings != NULL && profile != NULL && profile[0] != '\0' &&
      g_utf8_validate (profile, -1, NULL))
    g_settings_set_string (self->settings, "last-profile", profile);

  gantry_window_open_profile (self, profile);
}

void
_gantry_window_show_first_run (GantryWindow *self)
{
  gantry_window_show_main_page (self, "first-run");
}

/*
 * _gantry_window_choose_profile:
 * @profiles: (element-type GantryProfileInfo): the profiles there are
 * @last_profile: (nullable): the profile the user chose last, or "" for none
 * @env_profile: (nullable): `AWS_PROFILE`
 * @env_access_key_id: (nullable): `AWS_ACCESS_KEY_ID` (an ID, not a secret)
 * @profile: (out) (transfer none): with %GANTRY_WINDOW_START_PROFILE, the
 *   name of the profile to open, borrowed from @profiles; else %NULL
 *
 * Decides what the window opens at start, without looking at anything but
 * its arguments so that each rule can be tested on its own.
 *
 * Returns: whether to open the environment's account, a profile, or the
 *   first-run page
 */
GantryWindowStart
_gantry_window_choose_profile (GPtrArray   *profiles,
                               const char  *last_profile,
                               const char  *env_profile,
                               const char  *env_access_key_id,
                               const char **profile)
{
  const char *fallback = NULL;

  g_return_val_if_fail (profiles != NULL, GANTRY_WINDOW_START_FIRST_RUN);
  g_return_val_if_fail (profile != NULL, GANTRY_WINDOW_START_FIRST_RUN);

  *profile = NULL;

  /* Like the AWS CLI, an account named in the environment wins: the user
   * asked for it for this run, over any choice remembered from before. */
  if (env_profile != NULL || env_access_key_id != NULL)
    return GANTRY_WINDOW_START_ENVIRONMENT;

  for (guint i = 0; i < profiles->len; i++)
    {
      const GantryProfileInfo *info = g_ptr_array_index (profiles, i);

      /* A remembered profile that is gone (deleted, or its keyring locked
       * this time) is passed over silently; the key stays, so it is opened
       * again once it is back. */
      if (last_profile != NULL && last_profile[0] != '\0' &&
          g_str_equal (info->name, last_profile))
        {
          *profile = info->name;
          return GANTRY_WINDOW_START_PROFILE;
        }

      /* Else "default", else the first profile rather than a first-run page
       * that would ignore the profiles the user has */
      if (fallback == NULL || g_str_equal (info->name, "default"))
        fallback = info->name;
    }

  if (fallback == NULL)
    return GANTRY_WINDOW_START_FIRST_RUN;

  *profile = fallback;
  return GANTRY_WINDOW_START_PROFILE;
}

static void
start_list_profiles_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_profile = NULL;
  const char *chosen = NULL;

  profiles = gantry_session_list_profiles_finish (result, &error);
  if (profiles == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* A broken ~/.aws/config: say so, with the way to fix it at hand */
      adw_status_page_set_description (self->error_page, error->message);
      gantry_window_show_main_page (self, "error");
      return;
    }

  if (self->settings != NULL)
    last_profile = g_settings_get_string (self->settings, "last-profile");

  /* Only these two: a copy of the whole environment would copy the secret
   * key that may be in it. */
  switch (_gantry_window_choose_profile (profiles, last_profile, g_getenv ("AWS_PROFILE"),
                                         g_getenv ("AWS_ACCESS_KEY_ID"), &chosen))
    {
    case GANTRY_WINDOW_START_ENVIRONMENT:
      /* No profile name: the session's chain then reads the environment */
      gantry_window_open_profile (self, NULL);
      break;

    case GANTRY_WINDOW_START_PROFILE:
      /* Not remembered again: the user did not choose it this time */
      gantry_window_open_profile (self, chosen);
      break;

    case GANTRY_WINDOW_START_FIRST_RUN:
    default:
      _gantry_window_show_first_run (self);
      break;
    }
}

/**
 * gantry_window_start:
 *
 * Picks the account to open at start-up: the one AWS_PROFILE or keys in
 * the environment name, else the profile the user chose last if it still
 * exists, else the default profile or the first one there is; with no
 * profile at all, shows the first-run page.
 */
void
gantry_window_start (GantryWindow *self)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  gantry_window_show_main_page (self, "connecting");
  adw_status_page_set_description (self->connecting_page, NULL);
  gantry_session_list_profiles_async (self->connect_cancellable, start_list_profiles_cb,
                                      g_object_ref (self));
}

static void
start_demo_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GantrySession) session = NULL;
  g_autoptr(GantryDemo) demo = NULL;
  g_autoptr(GError) error = NULL;

  demo = gantry_application_start_demo_finish (GANTRY_APPLICATION (object), result, &error);
  if (demo == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->demo_failed = TRUE;
      adw_status_page_set_description (self->error_page, error->message);
      gantry_window_show_main_page (self, "error");
      return;
    }

  session = gantry_session_new ("demo", gantry_demo_get_region (demo),
                                gantry_demo_get_endpoint (demo),
                                gantry_demo_get_credentials (demo), NULL);
  gantry_session_set_demo (session, TRUE);
  gantry_window_set_session (self, session);
}

/*
 * _gantry_window_explore_demo:
 *
 * Starts the demo account, if need be, and opens a session on it. Starting
 * moto and seeding it takes seconds, so the window shows the connecting
 * page, whose Cancel button gives up.
 */
void
_gantry_window_explore_demo (GantryWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_return_if_fail (GANTRY_IS_APPLICATION (app));

  gantry_window_set_session (self, NULL);
  self->demo_failed = FALSE;
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();

  gantry_window_show_main_page (self, "connecting");
  adw_status_page_set_description (self->connecting_page, _("Starting the demo account…"));
  gantry_application_start_demo_async (GANTRY_APPLICATION (app), self->connect_cancellable,
                                       start_demo_cb, g_object_ref (self));
}
