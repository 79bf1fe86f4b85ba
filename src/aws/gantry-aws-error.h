/* gantry-aws-error.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GANTRY_AWS_ERROR (gantry_aws_error_quark ())

/**
 * GantryAwsError:
 * @GANTRY_AWS_ERROR_AUTH: credentials were rejected (invalid, expired, bad signature)
 * @GANTRY_AWS_ERROR_ACCESS_DENIED: the identity may not perform the action
 * @GANTRY_AWS_ERROR_THROTTLED: AWS asked us to slow down and retries ran out
 * @GANTRY_AWS_ERROR_NETWORK: the endpoint could not be reached or stalled
 * @GANTRY_AWS_ERROR_SERVICE: AWS answered with an error; its code is kept
 * @GANTRY_AWS_ERROR_BAD_RESPONSE: the reply was malformed or truncated
 * @GANTRY_AWS_ERROR_CONFIG: a profile, region, endpoint or credential is missing or wrong
 * @GANTRY_AWS_ERROR_NOT_AVAILABLE: the endpoint does not implement the action
 */
typedef enum
{
  GANTRY_AWS_ERROR_AUTH,
  GANTRY_AWS_ERROR_ACCESS_DENIED,
  GANTRY_AWS_ERROR_THROTTLED,
  GANTRY_AWS_ERROR_NETWORK,
  GANTRY_AWS_ERROR_SERVICE,
  GANTRY_AWS_ERROR_BAD_RESPONSE,
  GANTRY_AWS_ERROR_CONFIG,
  GANTRY_AWS_ERROR_NOT_AVAILABLE,
} GantryAwsError;

GQuark      gantry_aws_error_quark            (void);

void        gantry_aws_error_set_details      (GError     *error,
                                               const char *aws_code,
                                               const char *action,
                                               guint       http_status,
                                               const char *request_id);
const char *gantry_aws_error_get_aws_code     (const GError *error);
const char *gantry_aws_error_get_action       (const GError *error);
guint       gantry_aws_error_get_http_status  (const GError *error);
const char *gantry_aws_error_get_request_id   (const GError *error);
gboolean    gantry_aws_error_has_aws_code     (const GError *error,
                                               const char   *aws_code);

G_END_DECLS
