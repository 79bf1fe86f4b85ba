/* gantry-error.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GANTRY_ERROR (gantry_error_quark ())

/**
 * GantryError:
 * @GANTRY_ERROR_FAILED: something went wrong that no other code describes
 * @GANTRY_ERROR_NOT_AVAILABLE: a program, file or feature Gantry needs is not installed
 * @GANTRY_ERROR_INVALID: input (a file, a script's output, a value) is malformed
 * @GANTRY_ERROR_CONFLICT: the state changed under us or disagrees with the request
 * @GANTRY_ERROR_REFUSED: Gantry declines to do something unsafe
 *
 * The error domain of the core layer (src/core). Errors from AWS keep their
 * own domain, %GANTRY_AWS_ERROR. Append new codes at the end: the values are
 * compared, never the messages.
 */
typedef enum
{
  GANTRY_ERROR_FAILED,
  GANTRY_ERROR_NOT_AVAILABLE,
  GANTRY_ERROR_INVALID,
  GANTRY_ERROR_CONFLICT,
  GANTRY_ERROR_REFUSED,
  GANTRY_ERROR_NOT_FOUND,
} GantryError;

GQuark gantry_error_quark (void);

G_END_DECLS
