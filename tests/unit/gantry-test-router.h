/* gantry-test-router.h: a loopback SoupServer answering per AWS action
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"

G_BEGIN_DECLS

typedef struct _GantryTestRouter GantryTestRouter;

GantryTestRouter *gantry_test_router_new          (void);
void              gantry_test_router_free         (GantryTestRouter *self);
GantryAwsClient  *gantry_test_router_get_client   (GantryTestRouter *self);
void              gantry_test_router_add          (GantryTestRouter *self,
                                                   const char       *action,
                                                   guint             status,
                                                   const char       *fixture);
guint             gantry_test_router_get_n_calls  (GantryTestRouter *self,
                                                   const char       *action);
const char       *gantry_test_router_get_body     (GantryTestRouter *self,
                                                   const char       *action,
                                                   guint             call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestRouter, gantry_test_router_free)

G_END_DECLS
