/* gantry-aws-credentials.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-credentials"

#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "gantry-aws-credentials.h"

struct _GantryAwsCredentials
{
  gatomicrefcount  ref_count;
  char            *access_key_id;
  char            *secret_access_key;
  char            *session_token;
  GDateTime       *expiration;
  char            *source;
};

G_DEFINE_BOXED_TYPE (GantryAwsCredentials, gantry_aws_credentials,
                     gantry_aws_credentials_ref, gantry_aws_credentials_unref)

/**
 * gantry_aws_secret_free:
 * @secret: (nullable): a NUL-terminated secret
 *
 * Overwrites @secret with zeros, in a way the compiler may not optimise away,
 * then frees it.
 */
void
gantry_aws_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  OPENSSL_cleanse (secret, strlen (secret));
  g_free (secret);
}

/**
 * gantry_aws_credentials_new:
 * @access_key_id: the access key ID
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 * @source: (nullable): where they came from, e.g. "environment" (for messages)
 *
 * Returns: (transfer full): new credentials
 */
GantryAwsCredentials *
gantry_aws_credentials_new (const char *access_key_id,
                            const char *secret_access_key,
                            const char *session_token,
                            GDateTime  *expiration,
                            const char *source)
{
  GantryAwsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (GantryAwsCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = (session_token && *session_token) ? g_strdup (session_token) : NULL;
  self->expiration = expiration ? g_date_time_ref (expiration) : NULL;
  self->source = g_strdup (source ? source : "unknown");

  return self;
}

GantryAwsCredentials *
gantry_aws_credentials_ref (GantryAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gantry_aws_credentials_unref (GantryAwsCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->access_key_id);
  gantry_aws_secret_free (self->secret_access_key);
  gantry_aws_secret_free (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self->source);
  g_free (self);
}

const char *
gantry_aws_credentials_get_access_key_id (GantryAwsCredentials *self)
{
  return self->access_key_id;
}

const char *
gantry_aws_credentials_get_secret_access_key (GantryAwsCredentials *self)
{
  return self->secret_access_key;
}

/**
 * gantry_aws_credentials_get_session_token:
 *
 * Returns: (nullable): the session token, or %NULL for long-term keys
 */
const char *
gantry_aws_credentials_get_session_token (GantryAwsCredentials *self)
{
  return self->session_token;
}

/**
 * gantry_aws_credentials_get_expiration:
 *
 * Returns: (nullable) (transfer none): the expiry, or %NULL if they never expire
 */
GDateTime *
gantry_aws_credentials_get_expiration (GantryAwsCredentials *self)
{
  return self->expiration;
}

const char *
gantry_aws_credentials_get_source (GantryAwsCredentials *self)
{
  return self->source;
}

/**
 * gantry_aws_credentials_expires_within:
 * @now: the current time
 * @margin: how long before the expiry they count as expired
 *
 * Returns: %TRUE if the credentials expire before @now + @margin
 */
gboolean
gantry_aws_credentials_expires_within (GantryAwsCredentials *self,
                                       GDateTime            *now,
                                       GTimeSpan             margin)
{
  if (self->expiration == NULL)
    return FALSE;
  return g_date_time_difference (self->expiration, now) < margin;
}

/**
 * gantry_aws_credentials_to_string:
 *
 * Returns: (transfer full): a printable, redacted description: the access key
 *   ID, its source, and whether a session token is present. Never a secret.
 */
char *
gantry_aws_credentials_to_string (GantryAwsCredentials *self)
{
  return g_strdup_printf ("%s (secret redacted%s, from %s)",
                          self->access_key_id,
                          self->session_token ? ", session token redacted" : "",
                          self->source);
}
