/* gantry-aws-error.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-error"

#include "config.h"

#include "gantry-aws-error.h"

/* GANTRY_AWS_ERROR is an extended error domain: besides the code that callers
 * branch on, each error carries AWS's own error code (e.g.
 * "ImageAlreadyExistsException"), the action and the request ID, so callers
 * never have to parse a message. */
typedef struct
{
  char  *aws_code;
  char  *action;
  char  *request_id;
  guint  http_status;
} GantryAwsErrorPrivate;

static void
gantry_aws_error_private_init (GantryAwsErrorPrivate *priv)
{
}

static void
gantry_aws_error_private_copy (const GantryAwsErrorPrivate *src,
                               GantryAwsErrorPrivate       *dest)
{
  dest->aws_code = g_strdup (src->aws_code);
  dest->action = g_strdup (src->action);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
}

static void
gantry_aws_error_private_clear (GantryAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->aws_code, g_free);
  g_clear_pointer (&priv->action, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (GantryAwsError, gantry_aws_error)

static GantryAwsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != GANTRY_AWS_ERROR)
    return NULL;
  return gantry_aws_error_get_private (error);
}

/**
 * gantry_aws_error_set_details:
 * @error: an error in the %GANTRY_AWS_ERROR domain
 * @aws_code: (nullable): AWS's error code
 * @action: (nullable): the API action, e.g. "PutImage"
 * @http_status: the HTTP status, or 0
 * @request_id: (nullable): AWS's request ID
 */
void
gantry_aws_error_set_details (GError     *error,
                              const char *aws_code,
                              const char *action,
                              guint       http_status,
                              const char *request_id)
{
  GantryAwsErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_free (priv->aws_code);
  priv->aws_code = g_strdup (aws_code);
  g_free (priv->action);
  priv->action = g_strdup (action);
  g_free (priv->request_id);
  priv->request_id = g_strdup (request_id);
  priv->http_status = http_status;
}

const char *
gantry_aws_error_get_aws_code (const GError *error)
{
  GantryAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->aws_code : NULL;
}

const char *
gantry_aws_error_get_action (const GError *error)
{
  GantryAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->action : NULL;
}

guint
gantry_aws_error_get_http_status (const GError *error)
{
  GantryAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->http_status : 0;
}

const char *
gantry_aws_error_get_request_id (const GError *error)
{
  GantryAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->request_id : NULL;
}

/**
 * gantry_aws_error_has_aws_code:
 *
 * Returns: %TRUE if @error came from AWS with exactly @aws_code.
 */
gboolean
gantry_aws_error_has_aws_code (const GError *error,
                               const char   *aws_code)
{
  return g_strcmp0 (gantry_aws_error_get_aws_code (error), aws_code) == 0;
}
