/* gantry-test-replay.h: a loopback SoupServer answering with fixture files
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-client.h"

G_BEGIN_DECLS

typedef struct _GantryTestReplay GantryTestReplay;

/* One scripted reply: an HTTP status and a file under tests/fixtures/aws */
typedef struct
{
  guint       status;
  const char *fixture;
} GantryTestReplayStep;

GantryTestReplay *gantry_test_replay_new            (void);
void              gantry_test_replay_free           (GantryTestReplay           *self);
void              gantry_test_replay_free_checked   (GantryTestReplay           *self);
GantryAwsClient  *gantry_test_replay_get_client     (GantryTestReplay           *self);
void              gantry_test_replay_add            (GantryTestReplay           *self,
                                                     guint                       status,
                                                     const char                 *fixture);
void              gantry_test_replay_add_text       (GantryTestReplay           *self,
                                                     guint                       status,
                                                     const char                 *body);
void              gantry_test_replay_add_script     (GantryTestReplay           *self,
                                                     const GantryTestReplayStep *steps,
                                                     guint                       n_steps);
guint             gantry_test_replay_get_n_requests (GantryTestReplay           *self);
const char       *gantry_test_replay_get_param      (GantryTestReplay           *self,
                                                     guint                       request,
                                                     const char                 *key);
const char       *gantry_test_replay_get_target     (GantryTestReplay           *self,
                                                     guint                       request);
JsonObject       *gantry_test_replay_dup_json_body  (GantryTestReplay           *self,
                                                     guint                       request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestReplay, gantry_test_replay_free)

/* Scripts the replies in order from a static list of steps:
 * GANTRY_TEST_REPLAY_SCRIPT (replay, { 200, "a.json" }, { 400, "b.json" }); */
#define GANTRY_TEST_REPLAY_SCRIPT(replay, ...)                                \
  G_STMT_START                                                                \
  {                                                                           \
    static const GantryTestReplayStep steps_[] = { __VA_ARGS__ };             \
    gantry_test_replay_add_script ((replay), steps_, G_N_ELEMENTS (steps_));  \
  }                                                                           \
  G_STMT_END

#define GANTRY_TEST_AWAIT(result)                 \
  G_STMT_START                                    \
  {                                               \
    while ((result) == NULL)                      \
      g_main_context_iteration (NULL, TRUE);      \
  }                                               \
  G_STMT_END

GBytes *gantry_test_load_fixture (const char   *name);
void    gantry_test_store_result (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

G_END_DECLS
