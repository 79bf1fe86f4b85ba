/* gantry-cli-client.c: from command-line options to a ready GantryAwsClient
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <openssl/crypto.h>
#include <string.h>

#include "gantry-cli.h"
#include "gantry-cli-mfa-prompter.h"

#include "aws/gantry-aws-chain-provider.h"
#include "aws/gantry-aws-endpoint.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "aws/gantry-aws-sts.h"

static GantryAwsConfig *
load_config (GantryCli  *cli,
             GError    **error)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_config_load_async (config, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_aws_config_load_finish (config, result, error))
    return NULL;

  return g_steal_pointer (&config);
}

static GantryAwsClient *
new_client (GantryCli                    *cli,
            GantryAwsCredentialsProvider *provider,
            const char                   *region)
{
  GantryAwsClient *client = gantry_aws_client_new (provider, region);

  gantry_aws_client_set_endpoint_url (client, cli->endpoint_url);
  if (cli->timeout > 0)
    gantry_aws_client_set_timeout (client, cli->timeout);
  return client;
}

/**
 * gantry_cli_create_client:
 *
 * Builds the standard credential chain (flags → environment → keyring →
 * ~/.aws files) and a client for the chosen region and endpoint.
 *
 * With --demo, only the demo account's keys, region and endpoint count:
 * the user's files, environment and keyring play no part, so neither a
 * broken ~/.aws/config nor exported keys can get in the way.
 *
 * Returns: (transfer full): the client
 */
GantryAwsClient *
gantry_cli_create_client (GantryCli  *cli,
                          GError    **error)
{
  g_autoptr(GantryAwsCredentials) explicit_creds = NULL;
  g_autoptr(GantryAwsStsRoleAssumer) assumer = NULL;
  g_autoptr(GantryCliMfaPrompter) prompter = NULL;
  g_autoptr(GantryAwsChainProvider) chain = NULL;
  g_autofree char *region = NULL;
  const char *profile = gantry_cli_profile (cli);

  if (cli->demo_credentials != NULL)
    {
      g_autoptr(GantryAwsCredentialsProvider) demo = NULL;

      demo = gantry_aws_static_provider_new (cli->demo_credentials);
      return new_client (cli, demo, cli->region);
    }

  if (cli->config == NULL)
    {
      cli->config = load_config (cli, error);
      if (cli->config == NULL)
        return NULL;
    }

  if (cli->region != NULL)
    region = g_strdup (cli->region);
  else
    region = gantry_aws_config_resolve_region (cli->config, profile);

  if (region != NULL && !gantry_aws_region_is_valid (region))
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("“%s” is not an AWS region name (for example eu-west-1). Check --region, "
                     "AWS_REGION or the profile’s region."),
                   region);
      return NULL;
    }

  if (cli->access_key_id != NULL)
    {
      g_autofree char *secret = gantry_cli_read_secret (_("Secret access key: "), error);

      if (secret == NULL)
        return NULL;
      explicit_creds = gantry_aws_credentials_new (cli->access_key_id, secret, NULL, NULL,
                                                   "command line");
      OPENSSL_cleanse (secret, strlen (secret));
    }

  assumer = gantry_aws_sts_role_assumer_new (region, cli->endpoint_url, cli->timeout);
  prompter = gantry_cli_mfa_prompter_new ();
  chain = gantry_aws_chain_provider_new_default (cli->config, cli->profile, explicit_creds,
                                                 GANTRY_AWS_ROLE_ASSUMER (assumer),
                                                 GANTRY_AWS_MFA_PROMPTER (prompter));

  return new_client (cli, GANTRY_AWS_CREDENTIALS_PROVIDER (chain), region);
}
