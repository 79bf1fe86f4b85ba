/* test-retry.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-retry.h"

static GError *
aws_error (GantryAwsError  code,
           const char     *aws_code,
           guint           status)
{
  GError *error = g_error_new_literal (GANTRY_AWS_ERROR, code, "test");

  gantry_aws_error_set_details (error, aws_code, "DescribeServices", status, NULL);
  return error;
}

typedef struct
{
  GantryAwsError  code;
  const char     *aws_code;
  guint           status;
  gboolean        retryable;
} RetryCase;

static void
test_retry_is_retryable (void)
{
  static const RetryCase cases[] = {
    { GANTRY_AWS_ERROR_THROTTLED, "ThrottlingException", 400, TRUE },
    { GANTRY_AWS_ERROR_THROTTLED, NULL, 429, TRUE },
    { GANTRY_AWS_ERROR_NETWORK, NULL, 0, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 500, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 502, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 503, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 504, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 501, FALSE },
    { GANTRY_AWS_ERROR_SERVICE, "RequestTimeout", 400, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "RequestTimeoutException", 408, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "InternalError", 400, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "InternalFailure", 400, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "ServiceUnavailable", 400, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "ServiceUnavailableException", 400, TRUE },
    { GANTRY_AWS_ERROR_SERVICE, "RepositoryNotFoundException", 400, FALSE },
    { GANTRY_AWS_ERROR_SERVICE, "InvalidParameterException", 400, FALSE },
    { GANTRY_AWS_ERROR_SERVICE, NULL, 404, FALSE },
    { GANTRY_AWS_ERROR_AUTH, "ExpiredToken", 403, FALSE },
    { GANTRY_AWS_ERROR_AUTH, "InternalFailure", 500, FALSE },
    { GANTRY_AWS_ERROR_ACCESS_DENIED, "AccessDeniedException", 400, FALSE },
    { GANTRY_AWS_ERROR_CONFIG, NULL, 0, FALSE },
    { GANTRY_AWS_ERROR_BAD_RESPONSE, NULL, 200, FALSE },
    { GANTRY_AWS_ERROR_NOT_AVAILABLE, NULL, 501, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = aws_error (cases[i].code, cases[i].aws_code, cases[i].status);

      if (gantry_aws_retry_is_retryable (error) != cases[i].retryable)
        g_error ("case %u (%d, %s, %u): expected %d", i, cases[i].code,
                 cases[i].aws_code, cases[i].status, cases[i].retryable);
    }
}

static void
test_retry_io_errors (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");
  g_autoptr(GError) partial = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "x");
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "x");
  g_autoptr(GError) not_found = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) dns_temp = g_error_new_literal (G_RESOLVER_ERROR,
                                                    G_RESOLVER_ERROR_TEMPORARY_FAILURE, "x");
  g_autoptr(GError) dns_gone = g_error_new_literal (G_RESOLVER_ERROR,
                                                    G_RESOLVER_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "x");

  g_assert_false (gantry_aws_retry_is_retryable (NULL));
  g_assert_false (gantry_aws_retry_is_retryable (cancelled));
  g_assert_true (gantry_aws_retry_is_retryable (timed_out));
  g_assert_true (gantry_aws_retry_is_retryable (partial));
  g_assert_true (gantry_aws_retry_is_retryable (refused));
  g_assert_false (gantry_aws_retry_is_retryable (not_found));
  g_assert_true (gantry_aws_retry_is_retryable (dns_temp));
  g_assert_false (gantry_aws_retry_is_retryable (dns_gone));
  g_assert_false (gantry_aws_retry_is_retryable (tls));
}

static void
test_retry_backoff (void)
{
  /* Ceiling = min (20 s, 1 s × 2^(attempt − 1)), scaled by the jitter. */
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (1, 1.0), ==, 1000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (2, 1.0), ==, 2000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (3, 1.0), ==, 4000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (5, 1.0), ==, 16000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (6, 1.0), ==, 20000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (G_MAXUINT, 1.0), ==, 20000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (2, 0.5), ==, 1000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (3, 0.25), ==, 1000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (1, 0.0), ==, 0);

  /* Out-of-range jitter is clamped, not trusted. */
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (1, 7.0), ==, 1000);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (1, -1.0), ==, 0);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (1, NAN), ==, 0);
  g_assert_cmpuint (gantry_aws_retry_backoff_ms (0, 1.0), ==, 1000);

  g_assert_cmpint (GANTRY_AWS_RETRY_MAX_ATTEMPTS, ==, 3);
}

static void
test_retry_is_clock_skew (void)
{
  static const char * const skew_codes[] = {
    "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException",
    "SignatureDoesNotMatch", "AuthFailure",
  };
  g_autoptr(GError) expired = aws_error (GANTRY_AWS_ERROR_AUTH, "ExpiredToken", 403);
  g_autoptr(GError) denied = aws_error (GANTRY_AWS_ERROR_ACCESS_DENIED, "AccessDenied", 403);
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "AuthFailure");

  for (guint i = 0; i < G_N_ELEMENTS (skew_codes); i++)
    {
      g_autoptr(GError) error = aws_error (GANTRY_AWS_ERROR_AUTH, skew_codes[i], 403);

      g_assert_true (gantry_aws_retry_is_clock_skew (error));
    }

  g_assert_false (gantry_aws_retry_is_clock_skew (expired));
  g_assert_false (gantry_aws_retry_is_clock_skew (denied));
  g_assert_false (gantry_aws_retry_is_clock_skew (io));
  g_assert_false (gantry_aws_retry_is_clock_skew (NULL));
}

static void
test_retry_clock_skew (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 18, 0, 0);

  /* The server is ahead: add to the local clock. */
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 18:10:00 GMT", now), ==,
                   10 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 17:30:00 GMT", now), ==,
                   -30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Tue, 24 Nov 2026 18:00:00 GMT", now), ==,
                   G_TIME_SPAN_DAY);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 18:04:00 GMT", now), ==,
                   4 * G_TIME_SPAN_MINUTE);

  /* Within tolerance or unreadable: no correction. */
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 18:03:59 GMT", now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 17:56:30 GMT", now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 23 Nov 2026 18:00:00 GMT", now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew (NULL, now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("", now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("yesterday", now), ==, 0);
  g_assert_cmpint (gantry_aws_retry_clock_skew ("Mon, 99 Foo 2026 25:61:00 GMT", now), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/retry/is-retryable", test_retry_is_retryable);
  g_test_add_func ("/aws/retry/io-errors", test_retry_io_errors);
  g_test_add_func ("/aws/retry/backoff", test_retry_backoff);
  g_test_add_func ("/aws/retry/is-clock-skew", test_retry_is_clock_skew);
  g_test_add_func ("/aws/retry/clock-skew", test_retry_clock_skew);

  return g_test_run ();
}
