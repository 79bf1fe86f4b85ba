/* gantry-test-replay.h: a loopback SoupServer answering with fixture files
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"

G_BEGIN_DECLS

typedef struct _GantryTestReplay GantryTestReplay;

GantryTestReplay *gantry_test_replay_new          (void);
void              gantry_test_replay_free         (GantryTestReplay *self);
GantryAwsClient  *gantry_test_replay_get_client   (GantryTestReplay *self);
void              gantry_test_replay_add          (GantryTestReplay *self,
                                                   guint             status,
                                                   const char       *fixture);
void              gantry_test_replay_add_text     (GantryTestReplay *self,
                                                   guint             status,
                                                   const char       *body);
guint             gantry_test_replay_get_n_requests (GantryTestReplay *self);
const char       *gantry_test_replay_get_param    (GantryTestReplay *self,
                                                   guint             request,
                                                   const char       *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestReplay, gantry_test_replay_free)

#define GANTRY_TEST_AWAIT(result)                 \
  G_STMT_START                                    \
  {                                               \
    while ((result) == NULL)                      \
      g_main_context_iteration (NULL, TRUE);      \
  }                                               \
  G_STMT_END

void              gantry_test_store_result        (GObject          *object,
                                                   GAsyncResult     *result,
                                                   gpointer          user_data);

G_END_DECLS
