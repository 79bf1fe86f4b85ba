/* gantry-window-environment.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-window-environment"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-window-private.h"

#include "core/gantry-discovery.h"

/* The window's environment: picked once per connected session, switched from
 * the account button, replaced when the Environments page saves it.
 *
 * The callbacks here hold no reference on the window: the window cancels
 * environment_cancellable in dispose, and a cancelled callback does not touch
 * it. So closing a window never waits for a listing or a discovery. */

/**
 * gantry_window_get_environment:
 *
 * Returns: (nullable) (transfer none): what "prod" is for the session
 */
GantryEnvironment *
gantry_window_get_environment (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);

  return self->environment;
}

/**
 * gantry_window_set_environment:
 * @environment: (nullable): the environment pages work on
 */
void
gantry_window_set_environment (GantryWindow      *self,
                               GantryEnvironment *environment)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  gantry_account_button_set_environment (self->account_button, environment);
  g_object_notify (G_OBJECT (self), "environment");
}

/*
 * _gantry_window_remember_environment:
 * @name: a saved environment's name
 *
 * Makes @name the environment to fall back on when no environment names the
 * next session's profile.
 */
void
_gantry_window_remember_environment (GantryWindow *self,
                                     const char   *name)
{
  if (self->settings != NULL && name != NULL)
    g_settings_set_string (self->settings, "last-environment", name);
}

/**
 * gantry_window_environment_saved:
 * @environment: an environment just written to disk
 *
 * Called by the Environments page: a saved edit of the window's environment
 * (or the first save of the discovered one) becomes the window's.
 */
void
gantry_window_environment_saved (GantryWindow      *self,
                                 GantryEnvironment *environment)
{
  const char *name;

  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (GANTRY_IS_ENVIRONMENT (environment));

  name = gantry_environment_get_name (environment);
  if (self->environment == NULL ||
      g_str_equal (gantry_environment_get_name (self->environment), name))
    {
      gantry_window_set_environment (self, environment);
      _gantry_window_remember_environment (self, name);
    }
}

/**
 * gantry_window_environment_deleted:
 * @name: the name of an environment whose file was removed
 *
 * The window keeps working on the environment it has, now unsaved; the
 * next start picks another one.
 */
void
gantry_window_environment_deleted (GantryWindow *self,
                                   const char   *name)
{
  g_autofree char *last = NULL;

  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (self->settings == NULL)
    return;

  last = g_settings_get_string (self->settings, "last-environment");
  if (g_str_equal (last, name))
    g_settings_reset (self->settings, "last-environment");
}

/* --- picking ---------------------------------------------------------------- */

typedef struct
{
  GantryWindow  *window;       /* borrowed: see the top of the file */
  GantrySession *session;
  GCancellable  *cancellable;
  GStrv          names;
  GPtrArray     *environments; /* index-aligned with names; NULL if unreadable */
  guint          pending;
} Pick;

static void
pick_free (Pick *pick)
{
  g_clear_object (&pick->session);
  g_clear_object (&pick->cancellable);
  g_strfreev (pick->names);
  g_clear_pointer (&pick->environments, g_ptr_array_unref);
  g_free (pick);
}

static void
object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* A profile name as an environment name: the same where it can be */
static char *
name_for_profile (const char *profile)
{
  g_autoptr(GString) name = NULL;

  if (profile == NULL)
    return g_strdup ("default");

  name = g_string_new (NULL);
  for (const char *p = profile; *p != '\0' && name->len < 64; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'
                             ? *p : '-');
  if (!gantry_environment_name_is_valid (name->str))
    return g_strdup ("default");
  return g_string_free (g_steal_pointer (&name), FALSE);
}

typedef struct
{
  GantryWindow      *window;       /* borrowed: see the top of the file */
  GantryEnvironment *environment;
} Discover;

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Discover *discover = user_data;
  g_autoptr(GantryEnvironment) environment = discover->environment;
  GantryWindow *self = discover->window;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_free (discover);
  items = gantry_discovery_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled, so the window is alive. What stayed ambiguous shows in
   * the Environments page when the user opens it. */
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const GantryDiscoveryItem *item = g_ptr_array_index (items, i);

      g_debug ("Discovery for %s: %s", gantry_environment_get_name (environment), item->message);
    }
  gantry_window_set_environment (self, environment);
}

static void
pick_choose (Pick *pick)
{
  GantryWindow *self = pick->window;
  const char *profile = gantry_session_get_profile (pick->session);
  const char *region = gantry_session_get_region (pick->session);
  g_autofree char *last = NULL;
  GantryEnvironment *chosen = NULL;
  g_autoptr(GantryEnvironment) discovered = NULL;
  g_autofree char *name = NULL;

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-environment");

  /* The environment made for this profile (and region); of several, the
   * one used last, else the first by name */
  for (guint i = 0; pick->names[i] != NULL; i++)
    {
      GantryEnvironment *environment = g_ptr_array_index (pick->environments, i);
      const char *env_region;

      if (environment == NULL ||
          g_strcmp0 (gantry_environment_get_profile (environment), profile) != 0)
        continue;
      env_region = gantry_environment_get_region (environment);
      if (env_region != NULL && region != NULL && !g_str_equal (env_region, region))
        continue;
      if (chosen == NULL || g_strcmp0 (pick->names[i], last) == 0)
        chosen = environment;
    }

  for (guint i = 0; chosen == NULL && pick->names[i] != NULL; i++)
    if (g_strcmp0 (pick->names[i], last) == 0)
      chosen = g_ptr_array_index (pick->environments, i);

  if (chosen != NULL)
    {
      gantry_window_set_environment (self, chosen);
      _gantry_window_remember_environment (self, gantry_environment_get_name (chosen));
      return;
    }

  /* Nothing saved fits: make one up from the account, in memory only, so
   * the pages have what they need and the user can save it */
  name = name_for_profile (profile);
  discovered = gantry_environment_new (name);
  gantry_environment_set_profile (discovered, profile);
  gantry_environment_set_region (discovered, region);
  {
    Discover *discover = g_new0 (Discover, 1);

    discover->window = self;
    discover->environment = g_object_ref (discovered);
    gantry_discovery_run_async (gantry_session_get_client (pick->session), discovered,
                                pick->cancellable, discover_cb, discover);
  }
}

typedef struct
{
  Pick  *pick;
  guint  index;
} PickLoad;

static void
pick_load_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PickLoad *load = user_data;
  Pick *pick = load->pick;
  g_autoptr(GError) error = NULL;

  /* An unreadable file is skipped; the Environments page shows why */
  g_ptr_array_index (pick->environments, load->index) =
    gantry_environment_load_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Skipping an environment: %s", error->message);
  g_free (load);

  if (--pick->pending > 0)
    return;

  if (!g_cancellable_is_cancelled (pick->cancellable))
    pick_choose (pick);
  pick_free (pick);
}

static void
pick_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pick *pick = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  pick->names = gantry_environment_list_finish (result, &error);
  if (pick->names == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          pick_free (pick);
          return;
        }
      /* An unreadable directory is as good as none: discover */
      g_warning ("%s", error->message);
      pick->names = g_new0 (char *, 1);
    }

  n = g_strv_length (pick->names);
  pick->environments = g_ptr_array_new_with_free_func (object_unref_nullable);
  g_ptr_array_set_size (pick->environments, n);
  if (n == 0)
    {
      pick_choose (pick);
      pick_free (pick);
      return;
    }

  pick->pending = n;
  for (guint i = 0; i < n; i++)
    {
      PickLoad *load = g_new0 (PickLoad, 1);

      load->pick = pick;
      load->index = i;
      gantry_environment_load_async (pick->names[i], pick->cancellable, pick_load_cb, load);
    }
}

/*
 * _gantry_window_pick_environment:
 *
 * Picks the environment for the window's (connected) session: see
 * #GantryWindow:environment.
 */
void
_gantry_window_pick_environment (GantryWindow *self)
{
  Pick *pick;

  g_return_if_fail (self->session != NULL);

  g_cancellable_cancel (self->environment_cancellable);
  g_clear_object (&self->environment_cancellable);
  self->environment_cancellable = g_cancellable_new ();
  self->environment_session = self->session;

  pick = g_new0 (Pick, 1);
  pick->window = self;
  pick->session = g_object_ref (self->session);
  pick->cancellable = g_object_ref (self->environment_cancellable);
  gantry_environment_list_async (pick->cancellable, pick_list_cb, pick);
}

/* --- switching ------------------------------------------------------------- */

static void
switch_load_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GantryWindow *self = user_data;
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;
  const char *profile;

  environment = gantry_environment_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (environment == NULL)
    {
      gantry_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  _gantry_window_remember_environment (self, gantry_environment_get_name (environment));

  /* An environment of another profile is another account: connect to it,
   * and the pick after connecting prefers this environment, just
   * remembered. The demo account has no profile to switch to. */
  profile = gantry_environment_get_profile (environment);
  if (profile != NULL && self->session != NULL && !gantry_session_get_is_demo (self->session) &&
      g_strcmp0 (profile, gantry_session_get_profile (self->session)) != 0)
    {
      _gantry_window_switch_profile (self, profile);
      return;
    }

  gantry_window_set_environment (self, environment);
}

/*
 * _gantry_window_switch_environment:
 * @name: a saved environment's name
 *
 * Loads @name and makes it the window's environment.
 */
void
_gantry_window_switch_environment (GantryWindow *self,
                                   const char   *name)
{
  g_cancellable_cancel (self->environment_cancellable);
  g_clear_object (&self->environment_cancellable);
  self->environment_cancellable = g_cancellable_new ();

  gantry_environment_load_async (name, self->environment_cancellable, switch_load_cb, self);
}
