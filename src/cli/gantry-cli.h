/* gantry-cli.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-config.h"
#include "core/gantry-environment.h"

G_BEGIN_DECLS

/* Exit codes are a contract for scripts. */
typedef enum
{
  GANTRY_CLI_EXIT_OK = 0,
  GANTRY_CLI_EXIT_NOT_OK = 1,
  GANTRY_CLI_EXIT_USAGE = 2,
  GANTRY_CLI_EXIT_AWS = 3,
} GantryCliExit;

typedef enum
{
  GANTRY_CLI_FORMAT_TEXT,
  GANTRY_CLI_FORMAT_JSON,
  GANTRY_CLI_FORMAT_CSV,
  GANTRY_CLI_FORMAT_MARKDOWN,
} GantryCliFormat;

typedef struct
{
  char            *profile;
  char            *region;
  char            *endpoint_url;
  char            *access_key_id;
  GantryCliFormat  format;
  gboolean         verbose;
  guint            timeout;
  GantryAwsConfig *config;
  GCancellable    *cancellable;
  /* Set by --demo: the demo account's keys, used instead of the chain. */
  GantryAwsCredentials *demo_credentials;
  /* What "prod" is: --env NAME, or the resource flags (which override it). */
  char            *env_name;
  char            *vpc_id;
  char            *cluster;
  char            *db_cluster;
  char            *load_balancer;
  char           **repositories;
  char           **dev_accounts;
  char            *backup_region;
  /* check: --only, --fix, --yes */
  char            *only;
  char            *fix;
  gboolean         yes;
} GantryCli;

typedef int (*GantryCliCommandFunc) (GantryCli  *cli,
                                     int         argc,
                                     char      **argv);

typedef struct
{
  const char           *name;
  const char           *summary;
  GantryCliCommandFunc  run;
} GantryCliCommand;

GantryAwsClient *gantry_cli_create_client  (GantryCli     *cli,
                                            GError       **error);
void             gantry_cli_store_result   (GObject       *object,
                                            GAsyncResult  *result,
                                            gpointer       user_data);
void             gantry_cli_wait           (GAsyncResult **result);
int              gantry_cli_fail           (GantryCli     *cli,
                                            const GError  *error);
int              gantry_cli_usage_error    (const char    *format,
                                            ...) G_GNUC_PRINTF (1, 2);
void             gantry_cli_print_json     (JsonNode      *node);
char            *gantry_cli_read_secret    (const char    *prompt,
                                            GError       **error);
const char      *gantry_cli_profile        (GantryCli     *cli);

int              gantry_cli_whoami         (GantryCli     *cli,
                                            int            argc,
                                            char         **argv);
int              gantry_cli_credentials    (GantryCli     *cli,
                                            int            argc,
                                            char         **argv);
int              gantry_cli_check          (GantryCli     *cli,
                                            int            argc,
                                            char         **argv);

/* promotions */
GantryEnvironment *gantry_cli_load_environment     (GantryCli  *cli,
                                                    GError    **error);
GOptionGroup      *gantry_cli_promote_option_group (void);
int                gantry_cli_candidates           (GantryCli  *cli,
                                                    int         argc,
                                                    char      **argv);
int                gantry_cli_promote              (GantryCli  *cli,
                                                    int         argc,
                                                    char      **argv);

G_END_DECLS
