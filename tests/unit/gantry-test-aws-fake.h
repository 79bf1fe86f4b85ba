/* gantry-test-aws-fake.h: a loopback AWS that answers by action from fixtures
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"

G_BEGIN_DECLS

typedef struct _GantryTestAwsFake GantryTestAwsFake;

GantryTestAwsFake *gantry_test_aws_fake_new              (const char        *fixture_dir);
void               gantry_test_aws_fake_free             (GantryTestAwsFake *self);
GantryAwsClient   *gantry_test_aws_fake_get_client       (GantryTestAwsFake *self);
void               gantry_test_aws_fake_set              (GantryTestAwsFake *self,
                                                          const char        *key,
                                                          guint              status,
                                                          const char        *body);
void               gantry_test_aws_fake_patch            (GantryTestAwsFake *self,
                                                          const char        *key,
                                                          const char        *regex,
                                                          const char        *replacement);
void               gantry_test_aws_fake_set_reply_delay  (GantryTestAwsFake *self,
                                                          guint              milliseconds);
guint              gantry_test_aws_fake_get_count        (GantryTestAwsFake *self,
                                                          const char        *key);
guint              gantry_test_aws_fake_get_total        (GantryTestAwsFake *self);
guint              gantry_test_aws_fake_get_max_in_flight (GantryTestAwsFake *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestAwsFake, gantry_test_aws_fake_free)

G_END_DECLS
