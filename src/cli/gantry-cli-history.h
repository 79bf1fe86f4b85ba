/* gantry-cli-history.h: `gantryctl history` and `gantryctl rollback`
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-cli.h"

#include "core/gantry-environment.h"

G_BEGIN_DECLS

/* The options only these two commands read; --env, --cluster, --repository
 * and --yes are global (GantryCli). */
typedef struct
{
  char    **services;
  int       limit;
  char     *to_digest;
  char     *to_revision;
  gboolean  last_healthy;
  gboolean  no_watch;
} GantryCliHistoryOptions;

GOptionGroup            *gantry_cli_history_option_group  (void);
GantryCliHistoryOptions *gantry_cli_history_get_options   (void);
char                    *gantry_cli_history_resolve_cluster (GantryCli        *cli,
                                                           GantryAwsClient  *client,
                                                           GError          **error);
GantryEnvironment       *gantry_cli_history_load_environment (GantryCli       *cli,
                                                            GError         **error);

int                      gantry_cli_history               (GantryCli        *cli,
                                                           int               argc,
                                                           char            **argv);
int                      gantry_cli_rollback              (GantryCli        *cli,
                                                           int               argc,
                                                           char            **argv);

G_END_DECLS
