/* gantry-mfa-dialog.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_MFA_DIALOG (gantry_mfa_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GantryMfaDialog, gantry_mfa_dialog, GANTRY, MFA_DIALOG, AdwMessageDialog)

GantryMfaDialog *gantry_mfa_dialog_new       (GtkWindow       *parent);
GtkEditable     *gantry_mfa_dialog_get_entry (GantryMfaDialog *self);

G_END_DECLS
