/* gantry-test-proxy.h: a fault-injecting HTTP proxy for tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GantryTestFault:
 * @GANTRY_TEST_FAULT_LATENCY: forward after a delay
 * @GANTRY_TEST_FAULT_STATUS_500: answer 500 InternalFailure without forwarding
 * @GANTRY_TEST_FAULT_STATUS_503: answer 503 ServiceUnavailable without forwarding
 * @GANTRY_TEST_FAULT_THROTTLE: answer the protocol's throttling error
 * @GANTRY_TEST_FAULT_RESET_BEFORE: close the connection without forwarding
 * @GANTRY_TEST_FAULT_RESET_AFTER: forward, then close the connection without answering
 * @GANTRY_TEST_FAULT_TRUNCATE: forward, then send half the body and close
 * @GANTRY_TEST_FAULT_CORRUPT: forward, then garble the body
 * @GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE: answer 200 with an HTML page
 * @GANTRY_TEST_FAULT_EXPIRED_TOKEN: answer the protocol's expired-token error
 * @GANTRY_TEST_FAULT_SKEW: answer a request-time-too-skewed error with a Date one hour ahead
 * @GANTRY_TEST_FAULT_STALL: never answer
 */
typedef enum
{
  GANTRY_TEST_FAULT_LATENCY,
  GANTRY_TEST_FAULT_STATUS_500,
  GANTRY_TEST_FAULT_STATUS_503,
  GANTRY_TEST_FAULT_THROTTLE,
  GANTRY_TEST_FAULT_RESET_BEFORE,
  GANTRY_TEST_FAULT_RESET_AFTER,
  GANTRY_TEST_FAULT_TRUNCATE,
  GANTRY_TEST_FAULT_CORRUPT,
  GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE,
  GANTRY_TEST_FAULT_EXPIRED_TOKEN,
  GANTRY_TEST_FAULT_SKEW,
  GANTRY_TEST_FAULT_STALL,
} GantryTestFault;

typedef struct _GantryTestProxy GantryTestProxy;

GantryTestProxy *gantry_test_proxy_new            (const char      *upstream,
                                                   GError         **error);
const char      *gantry_test_proxy_get_endpoint   (GantryTestProxy *self);
void             gantry_test_proxy_add_fault      (GantryTestProxy *self,
                                                   const char      *action,
                                                   GantryTestFault  fault,
                                                   guint            times);
void             gantry_test_proxy_go_down_after  (GantryTestProxy *self,
                                                   const char      *action);
void             gantry_test_proxy_set_latency    (GantryTestProxy *self,
                                                   guint            milliseconds);
void             gantry_test_proxy_clear          (GantryTestProxy *self);
guint            gantry_test_proxy_count          (GantryTestProxy *self,
                                                   const char      *action);
GStrv            gantry_test_proxy_dup_actions    (GantryTestProxy *self);
guint            gantry_test_proxy_count_upstream_errors (GantryTestProxy *self,
                                                          const char      *action);
guint            gantry_test_proxy_count_faults   (GantryTestProxy *self);
guint            gantry_test_proxy_max_in_flight  (GantryTestProxy *self);
void             gantry_test_proxy_reset_counts   (GantryTestProxy *self);
void             gantry_test_proxy_free           (GantryTestProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestProxy, gantry_test_proxy_free)

G_END_DECLS
