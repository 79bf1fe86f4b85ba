/* gantry-cli-mfa-prompter.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aws/gantry-aws-mfa-prompter.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_CLI_MFA_PROMPTER (gantry_cli_mfa_prompter_get_type ())

G_DECLARE_FINAL_TYPE (GantryCliMfaPrompter, gantry_cli_mfa_prompter,
                      GANTRY, CLI_MFA_PROMPTER, GObject)

GantryCliMfaPrompter *gantry_cli_mfa_prompter_new (void);

G_END_DECLS
