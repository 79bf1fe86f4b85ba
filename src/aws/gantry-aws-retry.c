/* gantry-aws-retry.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-retry"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "gantry-aws-error.h"
#include "gantry-aws-retry.h"

/* Pure decisions of the standard retry mode, kept apart from the engine so
 * they are tested without a server or a clock. */

/* Error codes the SDKs treat as transient whatever the HTTP status. */
static const char * const transient_codes[] = {
  "RequestTimeout",
  "RequestTimeoutException",
  "PriorRequestNotComplete",
  "InternalError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  NULL
};

/* Codes a wrong local clock produces (botocore's clock-skew list). */
static const char * const clock_skew_codes[] = {
  "RequestTimeTooSkewed",
  "RequestExpired",
  "RequestInTheFuture",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "AuthFailure",
  NULL
};

static gboolean
is_transient_io_error (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;

  if (error->domain != G_IO_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_CONNECTION_CLOSED: /* also G_IO_ERROR_BROKEN_PIPE */
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_PARTIAL_INPUT:
    case G_IO_ERROR_NOT_CONNECTED:
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * gantry_aws_retry_is_retryable:
 * @error: (nullable): the error of the last attempt
 *
 * Whether another attempt may succeed: throttling, network errors (also
 * transient #GIOError codes the engine did not wrap yet), 5xx replies other
 * than 501 and the SDKs' transient error codes.
 *
 * %GANTRY_AWS_ERROR_BAD_RESPONSE is not retried: a body that fails to parse
 * after a complete transfer is deterministic (a proxy page, an emulator
 * bug) and retrying only triples the wait. A body cut short in transit is a
 * transport error (libsoup reports %G_IO_ERROR_PARTIAL_INPUT or a closed
 * connection) which the engine maps to %GANTRY_AWS_ERROR_NETWORK, and that
 * is retried. Cancellation, credentials, permissions, configuration and
 * other 4xx replies never are.
 *
 * Returns: %TRUE if the request should be sent again
 */
gboolean
gantry_aws_retry_is_retryable (const GError *error)
{
  guint status;

  if (error == NULL)
    return FALSE;

  if (error->domain != GANTRY_AWS_ERROR)
    return is_transient_io_error (error);

  switch ((GantryAwsError) error->code)
    {
    case GANTRY_AWS_ERROR_THROTTLED:
    case GANTRY_AWS_ERROR_NETWORK:
      return TRUE;

    case GANTRY_AWS_ERROR_SERVICE:
      status = gantry_aws_error_get_http_status (error);
      if (status >= 500 && status != 501)
        return TRUE;
      {
        const char *code = gantry_aws_error_get_aws_code (error);

        return code != NULL && g_strv_contains (transient_codes, code);
      }

    case GANTRY_AWS_ERROR_AUTH:
    case GANTRY_AWS_ERROR_ACCESS_DENIED:
    case GANTRY_AWS_ERROR_BAD_RESPONSE:
    case GANTRY_AWS_ERROR_CONFIG:
    case GANTRY_AWS_ERROR_NOT_AVAILABLE:
    default:
      return FALSE;
    }
}

/**
 * gantry_aws_retry_backoff_ms:
 * @attempt: the attempt that just failed, 1-based
 * @random01: a uniform random number in [0, 1]
 *
 * The delay before attempt @attempt + 1 in the standard mode:
 * @random01 × min (20 s, 1 s × 2^(@attempt − 1)), full jitter.
 *
 * Returns: the delay in milliseconds
 */
guint
gantry_aws_retry_backoff_ms (guint  attempt,
                             double random01)
{
  guint ceiling = GANTRY_AWS_RETRY_BASE_MS;

  /* NaN fails both comparisons and so becomes 0 too. */
  if (!(random01 > 0.0))
    return 0;
  if (random01 > 1.0)
    random01 = 1.0;

  /* Doubling stops at the cap, so no attempt number can overflow. */
  for (guint i = 1; i < attempt && ceiling < GANTRY_AWS_RETRY_MAX_BACKOFF_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, GANTRY_AWS_RETRY_MAX_BACKOFF_MS);

  return (guint) (random01 * ceiling);
}

/**
 * gantry_aws_retry_is_clock_skew:
 * @error: (nullable): the error of the last attempt
 *
 * Whether the error is one a wrong local clock causes. The engine then
 * compares the reply's Date with the local clock
 * (gantry_aws_retry_clock_skew()) and re-signs once if they differ.
 *
 * Returns: %TRUE if skew may be the cause
 */
gboolean
gantry_aws_retry_is_clock_skew (const GError *error)
{
  const char *code;

  if (error == NULL || error->domain != GANTRY_AWS_ERROR)
    return FALSE;

  code = gantry_aws_error_get_aws_code (error);

  return code != NULL && g_strv_contains (clock_skew_codes, code);
}

/**
 * gantry_aws_retry_clock_skew:
 * @date_header: (nullable): the reply's Date header
 * @local_now: the local time when the reply arrived
 *
 * Returns: the offset to add to the local clock to match the server's, or
 *   0 if @date_header is missing or unreadable or the skew is below
 *   %GANTRY_AWS_RETRY_SKEW_THRESHOLD
 */
GTimeSpan
gantry_aws_retry_clock_skew (const char *date_header,
                             GDateTime  *local_now)
{
  g_autoptr(GDateTime) server = NULL;
  GTimeSpan skew;

  g_return_val_if_fail (local_now != NULL, 0);

  if (date_header == NULL)
    return 0;

  /* libsoup reads all three HTTP date formats (RFC 1123, RFC 850, asctime). */
  server = soup_date_time_new_from_http_string (date_header);
  if (server == NULL)
    return 0;

  skew = g_date_time_difference (server, local_now);
  if (skew > -GANTRY_AWS_RETRY_SKEW_THRESHOLD && skew < GANTRY_AWS_RETRY_SKEW_THRESHOLD)
    return 0;

  return skew;
}
