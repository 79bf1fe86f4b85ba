/* fuzz-config.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-config"

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-config.h"
#include "aws/gantry-aws-credentials.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-profile-provider.h"
#include "gantry-fuzz.h"

/* The `~/.aws/config` and `~/.aws/credentials` parser. The input is the
 * config text, a NUL byte, then the credentials text. Every profile found is
 * then read the way Gantry reads it: its values, its region, and its
 * credentials through the profile provider, which follows source_profile
 * chains (no role assumer, so roles end in a configuration error before any
 * network use). */

static const char * const keys[] = {
  "region", "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
  "role_arn", "source_profile", "credential_source", "mfa_serial", "external_id",
  "duration_seconds", "role_session_name", "sso_session", "output", "",
};

static void
got_credentials_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = gantry_aws_credentials_provider_get_credentials_finish (
    GANTRY_AWS_CREDENTIALS_PROVIDER (object), result, &error);
  if (credentials == NULL)
    g_assert_true (error != NULL && error->domain == GANTRY_AWS_ERROR);
  else
    g_assert_no_error (error);
  *done = TRUE;
}

static void
read_profile (GantryAwsConfig *config,
              const char      *profile)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autofree char *region = NULL;
  gboolean done = FALSE;

  g_assert_true (gantry_aws_config_has_profile (config, profile));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    (void) gantry_aws_config_get_value (config, profile, keys[i]);

  region = gantry_aws_config_resolve_region (config, profile);

  provider = gantry_aws_profile_provider_new (config, profile, NULL, NULL);
  gantry_aws_credentials_provider_get_credentials_async (provider, NULL,
                                                         got_credentials_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GError) error = NULL;
  const uint8_t *nul = memchr (data, '\0', size);
  g_autofree char *config_text = g_strndup ((const char *) data,
                                            nul != NULL ? (gsize) (nul - data) : size);
  g_autofree char *credentials_text = NULL;
  g_auto(GStrv) names = NULL;

  gantry_fuzz_init ();

  if (nul != NULL)
    credentials_text = g_strndup ((const char *) nul + 1, size - (nul - data) - 1);

  g_assert_true (gantry_aws_config_load_from_data (config, config_text, credentials_text,
                                                   &error));
  g_assert_no_error (error);

  names = gantry_aws_config_dup_profile_names (config);
  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    read_profile (config, names[i]);

  g_assert_false (gantry_aws_config_has_profile (config, "\x01not-a-profile"));
  g_free (gantry_aws_config_resolve_region (config, "default"));

  return 0;
}
