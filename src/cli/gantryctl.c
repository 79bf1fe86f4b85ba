/* gantryctl.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_print ("gantryctl %s\n", PACKAGE_VERSION);
  return 0;
}
