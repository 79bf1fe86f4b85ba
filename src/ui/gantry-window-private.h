/* gantry-window-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gantry-account-button.h"
#include "gantry-mfa-dialog.h"
#include "gantry-window.h"

G_BEGIN_DECLS

struct _GantryWindow
{
  AdwApplicationWindow   parent_instance;

  /* template */
  AdwToastOverlay       *toast_overlay;
  AdwHeaderBar          *header_bar;
  AdwViewSwitcherTitle  *switcher_title;
  AdwViewSwitcherBar    *switcher_bar;
  AdwViewStack          *view_stack;
  GtkMenuButton         *primary_menu_button;
  GantryAccountButton   *account_button;
  GtkLabel              *demo_badge;
  GtkStack              *main_stack;
  AdwStatusPage         *first_run_page;
  GtkWidget             *explore_demo_button;
  AdwStatusPage         *connecting_page;
  GtkSpinner            *connecting_spinner;
  AdwStatusPage         *error_page;

  /* owned; NULL when the schema is not installed, then nothing persists */
  GSettings             *settings;
  GantrySession         *session;
  /* the current session's connection attempt, or the start-up listing */
  GCancellable          *connect_cancellable;
  /* created with the first profile session; destroyed with the window */
  GantryMfaDialog       *mfa_dialog;
  /* what Retry repeats when there is no session: the demo's start */
  guint                  demo_failed : 1;

  /* owned: what "prod" is for the session; NULL while it is being picked */
  GantryEnvironment     *environment;
  /* picking, discovering or switching the environment */
  GCancellable          *environment_cancellable;
  /* borrowed, only compared: the session the environment was picked for */
  GantrySession         *environment_session;
};

/* What gantry_window_start() opens; see _gantry_window_choose_profile() */
typedef enum
{
  GANTRY_WINDOW_START_FIRST_RUN,
  GANTRY_WINDOW_START_ENVIRONMENT,
  GANTRY_WINDOW_START_PROFILE,
} GantryWindowStart;

GantryWindowStart _gantry_window_choose_profile (GPtrArray   *profiles,
                                                 const char  *last_profile,
                                                 const char  *env_profile,
                                                 const char  *env_access_key_id,
                                                 const char **profile);

void     _gantry_window_class_actions_init (GantryWindowClass *klass);
gboolean _gantry_window_show_page          (GantryWindow      *self,
                                            const char        *page_name);
void     _gantry_window_switch_profile     (GantryWindow      *self,
                                            const char        *profile);
void     _gantry_window_show_first_run     (GantryWindow      *self);
void     _gantry_window_reconnect          (GantryWindow      *self);
void     _gantry_window_cancel_connect     (GantryWindow      *self);
void     _gantry_window_explore_demo       (GantryWindow      *self);
void     _gantry_window_pick_environment   (GantryWindow      *self);
void     _gantry_window_switch_environment (GantryWindow      *self,
                                            const char        *name);
void     _gantry_window_remember_environment (GantryWindow    *self,
                                              const char      *name);

G_END_DECLS
