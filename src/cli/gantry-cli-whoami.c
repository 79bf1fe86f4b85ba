/* gantry-cli-whoami.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-cli.h"

#include "aws/gantry-aws-sts.h"

int
gantry_cli_whoami (GantryCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAwsSts) sts = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1)
    return gantry_cli_usage_error (_("whoami takes no arguments."));

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  sts = gantry_aws_sts_new (client);
  gantry_aws_sts_get_caller_identity_async (sts, cli->cancellable,
                                            gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  identity = gantry_aws_sts_get_caller_identity_finish (sts, result, &error);
  if (identity == NULL)
    return gantry_cli_fail (cli, error);

  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Account");
      json_builder_add_string_value (builder, identity->account);
      json_builder_set_member_name (builder, "Arn");
      json_builder_add_string_value (builder, identity->arn);
      json_builder_set_member_name (builder, "UserId");
      json_builder_add_string_value (builder, identity->user_id);
      json_builder_set_member_name (builder, "Region");
      json_builder_add_string_value (builder, gantry_aws_client_get_region (client));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      gantry_cli_print_json (root);
    }
  else
    {
      g_print (_("Account: %s\n"), identity->account);
      g_print (_("ARN:     %s\n"), identity->arn);
      g_print (_("User ID: %s\n"), identity->user_id ? identity->user_id : "");
      if (gantry_aws_client_get_region (client) != NULL)
        g_print (_("Region:  %s\n"), gantry_aws_client_get_region (client));
    }

  return GANTRY_CLI_EXIT_OK;
}
