/* gantry-window-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

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

  /* owned; NULL when the schema is not installed, then nothing persists */
  GSettings             *settings;
};

void     _gantry_window_class_actions_init (GantryWindowClass *klass);
gboolean _gantry_window_show_page          (GantryWindow      *self,
                                            const char        *page_name);

G_END_DECLS
