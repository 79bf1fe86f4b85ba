/* gantry-test-proxy.h: a loopback forwarding proxy that injects faults
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GantryTestProxy GantryTestProxy;

GantryTestProxy *gantry_test_proxy_new              (const char      *upstream);
void             gantry_test_proxy_free             (GantryTestProxy *self);
const char      *gantry_test_proxy_get_endpoint     (GantryTestProxy *self);
void             gantry_test_proxy_set_delay        (GantryTestProxy *self,
                                                     guint            msec);
void             gantry_test_proxy_throttle         (GantryTestProxy *self,
                                                     const char      *action,
                                                     guint            times);
void             gantry_test_proxy_drop_reply       (GantryTestProxy *self,
                                                     const char      *action,
                                                     guint            times,
                                                     gboolean         then_down);
guint            gantry_test_proxy_get_count        (GantryTestProxy *self,
                                                     const char      *action);
guint            gantry_test_proxy_get_total        (GantryTestProxy *self);
void             gantry_test_proxy_reset_counts     (GantryTestProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestProxy, gantry_test_proxy_free)

G_END_DECLS
