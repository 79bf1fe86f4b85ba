/* gantry-cli-credentials.c: `gantryctl credentials set|list|delete|import`
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "gantry-cli.h"

#include "aws/gantry-aws-config.h"
#include "aws/gantry-aws-credentials.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-keyring.h"

static gboolean
require_profile (GantryCli *cli)
{
  if (cli->profile != NULL && *cli->profile != '\0')
    return TRUE;

  gantry_cli_usage_error (_("Name the profile with --profile NAME."));
  return FALSE;
}

static char *
read_access_key_id (GantryCli  *cli,
                    GError    **error)
{
  char buffer[256];

  if (cli->access_key_id != NULL)
    return g_strdup (cli->access_key_id);

  if (isatty (STDIN_FILENO))
    g_printerr ("%s", _("Access key ID: "));
  if (fgets (buffer, sizeof buffer, stdin) == NULL || *g_strstrip (buffer) == '\0')
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("No access key ID was given: pass --access-key-id ID."));
      return NULL;
    }
  return g_strdup (buffer);
}

static int
store (GantryCli  *cli,
       const char *access_key_id,
       const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_keyring_store_async (cli->profile, access_key_id, secret, cli->cancellable,
                                  gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_aws_keyring_store_finish (result, &error))
    return gantry_cli_fail (cli, error);

  g_print (_("Stored access key %s for profile “%s” in the keyring.\n"),
           access_key_id, cli->profile);
  return GANTRY_CLI_EXIT_OK;
}

static int
credentials_set (GantryCli *cli)
{
  g_autofree char *access_key_id = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  int status;

  if (!require_profile (cli))
    return GANTRY_CLI_EXIT_USAGE;

  access_key_id = read_access_key_id (cli, &error);
  if (access_key_id == NULL)
    return gantry_cli_fail (cli, error);

  secret = gantry_cli_read_secret (_("Secret access key: "), &error);
  if (secret == NULL)
    return gantry_cli_fail (cli, error);

  status = store (cli, access_key_id, secret);
  gantry_aws_secret_free (secret);
  return status;
}

static int
credentials_import (GantryCli *cli)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *access_key_id;
  const char *secret;

  if (!require_profile (cli))
    return GANTRY_CLI_EXIT_USAGE;

  gantry_aws_config_load_async (config, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_aws_config_load_finish (config, result, &error))
    return gantry_cli_fail (cli, error);

  access_key_id = gantry_aws_config_get_value (config, cli->profile, "aws_access_key_id");
  secret = gantry_aws_config_get_value (config, cli->profile, "aws_secret_access_key");
  if (access_key_id == NULL || secret == NULL)
    {
      g_set_error (&error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The profile “%s” has no static keys (aws_access_key_id and "
                     "aws_secret_access_key) in ~/.aws/credentials to import."),
                   cli->profile);
      return gantry_cli_fail (cli, error);
    }

  return store (cli, access_key_id, secret);
}

static int
credentials_list (GantryCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) key_ids = NULL;
  g_auto(GStrv) profiles = NULL;

  gantry_aws_keyring_list_profiles_async (cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  profiles = gantry_aws_keyring_list_profiles_finish (result, &key_ids, &error);
  if (profiles == NULL)
    return gantry_cli_fail (cli, error);

  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; profiles[i] != NULL; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "profile");
          json_builder_add_string_value (builder, profiles[i]);
          json_builder_set_member_name (builder, "accessKeyId");
          json_builder_add_string_value (builder, key_ids ? key_ids[i] : NULL);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      gantry_cli_print_json (root);
    }
  else if (profiles[0] == NULL)
    {
      g_print ("%s", _("No profiles in the keyring. Add one with "
                       "“gantryctl credentials set --profile NAME”.\n"));
    }
  else
    {
      for (guint i = 0; profiles[i] != NULL; i++)
        g_print ("%-24s %s\n", profiles[i], key_ids ? key_ids[i] : "");
    }

  return GANTRY_CLI_EXIT_OK;
}

static int
credentials_delete (GantryCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_profile (cli))
    return GANTRY_CLI_EXIT_USAGE;

  gantry_aws_keyring_delete_async (cli->profile, cli->cancellable,
                                   gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_aws_keyring_delete_finish (result, &error))
    return gantry_cli_fail (cli, error);

  g_print (_("Deleted the keyring credentials of profile “%s”.\n"), cli->profile);
  return GANTRY_CLI_EXIT_OK;
}

int
gantry_cli_credentials (GantryCli  *cli,
                        int         argc,
                        char      **argv)
{
  if (argc != 2)
    return gantry_cli_usage_error (_("Usage: gantryctl credentials set|list|delete|import "
                                     "--profile NAME"));

  if (g_str_equal (argv[1], "set"))
    return credentials_set (cli);
  if (g_str_equal (argv[1], "list"))
    return credentials_list (cli);
  if (g_str_equal (argv[1], "delete"))
    return credentials_delete (cli);
  if (g_str_equal (argv[1], "import"))
    return credentials_import (cli);

  return gantry_cli_usage_error (_("Unknown credentials command “%s”: use set, list, delete or "
                                   "import."), argv[1]);
}
