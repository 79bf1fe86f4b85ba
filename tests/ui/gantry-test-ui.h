/* gantry-test-ui.h: waiting and screenshots for the UI tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*GantryTestCondition) (gpointer data);

void gantry_test_ui_wait_until             (GantryTestCondition  condition,
                                            gpointer             data,
                                            guint                timeout_seconds);
void gantry_test_ui_wait_for_frames        (GtkWidget           *widget,
                                            guint                timeout_seconds);
void gantry_test_ui_wait_for_stack         (GtkStack            *stack,
                                            guint                timeout_seconds);
void gantry_test_ui_wait_for_frame_time    (GtkWidget           *widget,
                                            guint                duration_ms,
                                            guint                timeout_seconds);
void gantry_test_ui_save_screenshot        (GtkWidget           *widget,
                                            const char          *name);
void gantry_test_ui_save_screenshot_drawn  (GtkWidget           *widget,
                                            const char          *name,
                                            guint                timeout_seconds);

G_END_DECLS
