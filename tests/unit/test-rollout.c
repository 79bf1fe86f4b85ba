/* test-rollout.c: GantryRollout against scripted DescribeServices replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto never starts a deployment, so the verdicts are tested here with
 * replies in the shape of the ECS API reference: a deployment that
 * completes, one that fails, a circuit-breaker rollback that makes another
 * deployment PRIMARY, and one that disappears.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "aws/gantry-aws-ecs.h"
#include "core/gantry-error.h"
#include "core/gantry-rollout.h"
#include "gantry-test-replay.h"

#define OURS   "ecs-svc/1111111111111111111"
#define OLD    "ecs-svc/2222222222222222222"
#define TD_NEW "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:4"
#define TD_OLD "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-api:2"

/* One DescribeServices reply: @deployments is the JSON array's contents. */
static char *
services_reply (const char *deployments,
                const char *event)
{
  return g_strdup_printf (
    "{\"services\":[{\"serviceArn\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/prod-api\","
    "\"serviceName\":\"prod-api\",\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\","
    "\"status\":\"ACTIVE\",\"desiredCount\":2,\"runningCount\":2,\"pendingCount\":0,"
    "\"taskDefinition\":\"" TD_NEW "\",\"deployments\":[%s],"
    "\"events\":[{\"id\":\"e1\",\"createdAt\":1700000000.0,\"message\":\"%s\"}]}],"
    "\"failures\":[]}",
    deployments, event);
}

static char *
deployment (const char *id,
            const char *status,
            const char *rollout_state,
            const char *reason,
            int         running)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\",\"taskDefinition\":\"%s\","
                          "\"desiredCount\":2,\"pendingCount\":%d,\"runningCount\":%d,"
                          "\"failedTasks\":0,\"rolloutState\":\"%s\","
                          "\"rolloutStateReason\":\"%s\",\"launchType\":\"FARGATE\"}",
                          id, status, g_str_equal (id, OURS) ? TD_NEW : TD_OLD, 2 - running,
                          running, rollout_state, reason);
}

static void
add_reply (GantryTestReplay *replay,
           const char       *deployments,
           const char       *event)
{
  g_autofree char *body = services_reply (deployments, event);

  gantry_test_replay_add_text (replay, 200, body);
}

static GantryRollout *
new_rollout (GantryTestReplay *replay)
{
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (gantry_test_replay_get_client (replay));
  GantryRollout *rollout = gantry_rollout_new (ecs, "prod", "prod-api");

  /* A short first wait keeps the test quick; it still goes through the
   * GSource timers and their backoff. */
  gantry_rollout_set_poll_interval (rollout, 5);
  gantry_rollout_set_max_poll_interval (rollout, 20);
  return rollout;
}

static gboolean
watch (GantryRollout  *rollout,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_rollout_watch_async (rollout, OURS, cancellable, gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_rollout_watch_finish (rollout, result, error);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_completed (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryRollout) rollout = new_rollout (replay);
  g_autoptr(GError) error = NULL;
  g_autofree char *ours0 = deployment (OURS, "PRIMARY", "IN_PROGRESS",
                                       "ECS deployment in progress.", 0);
  g_autofree char *old0 = deployment (OLD, "ACTIVE", "COMPLETED", "", 2);
  g_autofree char *ours1 = deployment (OURS, "PRIMARY", "IN_PROGRESS", "", 1);
  g_autofree char *ours2 = deployment (OURS, "PRIMARY", "COMPLETED",
                                       "ECS deployment completed.", 2);
  g_autofree char *both0 = g_strconcat (ours0, ",", old0, NULL);
  g_autofree char *both1 = g_strconcat (ours1, ",", old0, NULL);
  guint running_notifies = 0;
  GPtrArray *events;

  add_reply (replay, both0, "(service prod-api) has started 2 tasks.");
  add_reply (replay, both1, "(service prod-api) registered 1 targets.");
  add_reply (replay, ours2, "(service prod-api) has reached a steady state.");
  g_signal_connect (rollout, "notify::running-count", G_CALLBACK (notify_count_cb),
                    &running_notifies);

  g_assert_true (watch (rollout, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_COMPLETED);
  g_assert_cmpint (gantry_rollout_get_rollout_state (rollout), ==,
                   GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED);
  g_assert_cmpint (gantry_rollout_get_running_count (rollout), ==, 2);
  g_assert_cmpint (gantry_rollout_get_desired_count (rollout), ==, 2);
  g_assert_cmpuint (running_notifies, ==, 2);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), ==, 3);
  events = gantry_rollout_get_events (rollout);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((GantryAwsEcsEvent *) g_ptr_array_index (events, 0))->message,
                   ==, "(service prod-api) has reached a steady state.");
}

static void
test_failed (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryRollout) rollout = new_rollout (replay);
  g_autoptr(GError) error = NULL;
  g_autofree char *ours0 = deployment (OURS, "PRIMARY", "IN_PROGRESS", "", 0);
  g_autofree char *ours1 = deployment (OURS, "PRIMARY", "FAILED",
                                       "ECS deployment circuit breaker: tasks failed to start.", 0);

  add_reply (replay, ours0, "(service prod-api) has started 2 tasks.");
  add_reply (replay, ours1, "(service prod-api) deployment failed: tasks failed to start.");

  g_assert_false (watch (rollout, NULL, &error));
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_FAILED);
  /* The reason and the service's own words, never "success". */
  g_assert_nonnull (strstr (error->message, "tasks failed to start"));
  g_assert_nonnull (strstr (error->message, "deployment failed"));
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_FAILED);
  g_assert_nonnull (strstr (gantry_rollout_get_failure_reason (rollout), "circuit breaker"));
}

static void
test_rolled_back (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryRollout) rollout = new_rollout (replay);
  g_autoptr(GError) error = NULL;
  g_autofree char *ours0 = deployment (OURS, "PRIMARY", "IN_PROGRESS", "", 0);
  g_autofree char *old0 = deployment (OLD, "ACTIVE", "COMPLETED", "", 2);
  /* The circuit breaker rolls back: the old revision's deployment is
   * PRIMARY again and completes, ours is ACTIVE and draining. Following
   * "whatever is PRIMARY" would call this a success. */
  g_autofree char *rollback = deployment ("ecs-svc/3333333333333333333", "PRIMARY", "COMPLETED",
                                          "ECS deployment completed.", 2);
  g_autofree char *ours1 = deployment (OURS, "ACTIVE", "IN_PROGRESS", "", 0);
  g_autofree char *both0 = g_strconcat (ours0, ",", old0, NULL);
  g_autofree char *both1 = g_strconcat (rollback, ",", ours1, NULL);

  add_reply (replay, both0, "(service prod-api) has started 2 tasks.");
  add_reply (replay, both1, "(service prod-api) rolling back to deployment ecs-svc/2222.");

  g_assert_false (watch (rollout, NULL, &error));
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no longer"));
  g_assert_nonnull (strstr (error->message, "rolling back"));
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_FAILED);
}

static void
test_gone (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryRollout) rollout = new_rollout (replay);
  g_autoptr(GError) error = NULL;
  g_autofree char *ours0 = deployment (OURS, "PRIMARY", "IN_PROGRESS", "", 0);
  g_autofree char *other = deployment ("ecs-svc/4444444444444444444", "PRIMARY", "COMPLETED", "",
                                       2);

  add_reply (replay, ours0, "(service prod-api) has started 2 tasks.");
  add_reply (replay, other, "(service prod-api) has reached a steady state.");

  g_assert_false (watch (rollout, NULL, &error));
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, OURS));
  g_assert_nonnull (strstr (gantry_rollout_get_failure_reason (rollout), "gone"));
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_FAILED);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
schedule_cancel_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  g_idle_add (cancel_cb, user_data);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryRollout) rollout = new_rollout (replay);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ours0 = deployment (OURS, "PRIMARY", "IN_PROGRESS", "", 0);

  /* A long wait after the first poll: only the cancel can end it. */
  gantry_rollout_set_poll_interval (rollout, 600000);
  add_reply (replay, ours0, "(service prod-api) has started 2 tasks.");
  /* Cancel once the first reply was judged, i.e. during the wait. */
  g_signal_connect (rollout, "notify::events", G_CALLBACK (schedule_cancel_cb), cancellable);

  g_assert_false (watch (rollout, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_NOT_WATCHED);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), ==, 1);
}

static void
test_image_repository (void)
{
  g_autofree char *a = gantry_rollout_image_repository ("1.dkr.ecr.example/b:prod-latest");
  g_autofree char *b = gantry_rollout_image_repository ("1.dkr.ecr.example/b@sha256:ab");
  g_autofree char *c = gantry_rollout_image_repository ("registry:5000/team/b");
  g_autofree char *d = gantry_rollout_image_repository ("registry:5000/team/b:1.0");

  g_assert_cmpstr (a, ==, "1.dkr.ecr.example/b");
  g_assert_cmpstr (b, ==, "1.dkr.ecr.example/b");
  g_assert_cmpstr (c, ==, "registry:5000/team/b");
  g_assert_cmpstr (d, ==, "registry:5000/team/b");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/rollout/completed", test_completed);
  g_test_add_func ("/core/rollout/failed", test_failed);
  g_test_add_func ("/core/rollout/rolled-back", test_rolled_back);
  g_test_add_func ("/core/rollout/gone", test_gone);
  g_test_add_func ("/core/rollout/cancelled", test_cancelled);
  g_test_add_func ("/core/rollout/image-repository", test_image_repository);

  return g_test_run ();
}
