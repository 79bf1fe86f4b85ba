/* gantry-aws-retry.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SDKs' standard retry mode: 3 attempts in all, full-jitter exponential
 * backoff with a 1 s base and a 20 s cap. */
#define GANTRY_AWS_RETRY_MAX_ATTEMPTS   3
#define GANTRY_AWS_RETRY_BASE_MS        1000
#define GANTRY_AWS_RETRY_MAX_BACKOFF_MS 20000

/* Skews smaller than this are within SigV4's tolerance and left alone. */
#define GANTRY_AWS_RETRY_SKEW_THRESHOLD (4 * G_TIME_SPAN_MINUTE)

gboolean  gantry_aws_retry_is_retryable  (const GError *error);
guint     gantry_aws_retry_backoff_ms    (guint         attempt,
                                          double        random01);
gboolean  gantry_aws_retry_is_clock_skew (const GError *error);
GTimeSpan gantry_aws_retry_clock_skew    (const char   *date_header,
                                          GDateTime    *local_now);

G_END_DECLS
