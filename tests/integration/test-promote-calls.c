/* test-promote-calls.c: the AWS calls and round trips of one promotion
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A promotion is what a release manager waits for, so its critical path is
 * pinned here: one round of parallel reads (the candidate's manifest, its
 * and the latest tag's details, the repository, and the identity only when
 * the caller did not give it), then PutImage, then the DescribeImages
 * check. The counting proxy in front of moto holds every request back, so
 * the reads of one round are all in flight at once; the engine's step
 * changes tell which calls went out before the write, with the write, and
 * after it. A regression that adds a sequential call fails here.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-promotion.h"
#include "gantry-test-async.h"
#include "gantry-test-ecr.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

/* Long enough that the parallel reads of a round overlap in the proxy
 * however the scheduler runs them; short enough to keep the test quick. */
#define LATENCY_MS 40

#define TEST_ARN "arn:aws:iam::" GANTRY_TEST_MOTO_ACCOUNT_ID ":user/release-manager"

static GantryTestMoto *moto;

static const char * const actions[] = {
  "GetCallerIdentity", "DescribeRepositories", "BatchGetImage", "DescribeImages", "PutImage",
};

/* The calls per action when the engine entered a step, in actions[] order. */
typedef struct
{
  GantryTestProxy *proxy;
  guint            at_writing[G_N_ELEMENTS (actions)];
  guint            at_verifying[G_N_ELEMENTS (actions)];
  guint            at_done[G_N_ELEMENTS (actions)];
  guint            in_flight_at_writing;
  gboolean         wrote;
  gboolean         verified;
} Sequence;

static GantryAwsClient *
new_client (const char *endpoint)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, endpoint);
  gantry_aws_client_set_timeout (client, 10);
  return client;
}

/* A repository of its own per test with a candidate ahead of latest.
 * Returns: the candidate's digest */
static char *
seed_repository (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *candidate = gantry_test_ecr_seed_repository (moto, name, NULL, &error);

  g_assert_no_error (error);
  return candidate;
}

static void
snapshot (GantryTestProxy *proxy,
          guint           *counts)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    counts[i] = gantry_test_proxy_count (proxy, actions[i]);
}

static guint
total (const guint *counts)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    n += counts[i];
  return n;
}

/* Runs synchronously inside set_step(), before the step's call leaves. */
static void
step_cb (GantryPromotion *promotion,
         GParamSpec      *pspec,
         Sequence        *sequence)
{
  switch (gantry_promotion_get_step (promotion))
    {
    case GANTRY_PROMOTION_STEP_WRITING:
      snapshot (sequence->proxy, sequence->at_writing);
      sequence->in_flight_at_writing = gantry_test_proxy_max_in_flight (sequence->proxy);
      sequence->wrote = TRUE;
      break;
    case GANTRY_PROMOTION_STEP_VERIFYING:
      snapshot (sequence->proxy, sequence->at_verifying);
      sequence->verified = TRUE;
      break;
    case GANTRY_PROMOTION_STEP_DONE:
      snapshot (sequence->proxy, sequence->at_done);
      break;
    case GANTRY_PROMOTION_STEP_IDLE:
    case GANTRY_PROMOTION_STEP_READING:
    case GANTRY_PROMOTION_STEP_CHECKING:
    case GANTRY_PROMOTION_STEP_ROLLING_OUT:
    default:
      break;
    }
}

static GantryPromotionResult *
promote_counted (GantryPromotion  *promotion,
                 GantryTestProxy  *proxy,
                 const char       *repository,
                 const char       *approved,
                 const char       *to_tag,
                 Sequence         *sequence,
                 GError          **error)
{
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new (repository);
  g_autoptr(GAsyncResult) result = NULL;
  gulong handler;

  request->approved_digest = g_strdup (approved);
  request->to_tag = g_strdup (to_tag);
  memset (sequence, 0, sizeof *sequence);
  sequence->proxy = proxy;
  gantry_test_proxy_reset_counts (proxy);
  handler = g_signal_connect (promotion, "notify::step", G_CALLBACK (step_cb), sequence);
  gantry_promotion_promote_async (promotion, request, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  g_signal_handler_disconnect (promotion, handler);
  return gantry_promotion_promote_finish (promotion, result, error);
}

static guint
count_of (const guint *counts,
          const char  *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i], action))
      return counts[i];
  g_assert_not_reached ();
}

static GPtrArray *
load_journal (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  gantry_journal_load_async (journal, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  entries = gantry_journal_load_finish (journal, result, NULL, &error);
  g_assert_no_error (error);
  return entries;
}

/* The app's session knows who is connected: then a promotion is three
 * round trips and six calls, and the journal names that identity. */
static void
test_three_round_trips (void)
{
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (client, NULL, NULL);
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = seed_repository ("calls-session");
  GantryJournalEntry *last;
  Sequence sequence;

  gantry_test_proxy_set_latency (proxy, LATENCY_MS);
  gantry_promotion_set_identity (promotion, TEST_ARN, GANTRY_TEST_MOTO_ACCOUNT_ID);
  g_assert_cmpstr (gantry_promotion_get_identity_arn (promotion), ==, TEST_ARN);

  result = promote_counted (promotion, proxy, "calls-session", candidate, "prod-latest",
                            &sequence, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpstr (result->to_digest, ==, candidate);
  g_assert_true (sequence.wrote);
  g_assert_true (sequence.verified);

  /* Round 1: every read at once, the manifest among them; no identity call. */
  g_assert_cmpuint (count_of (sequence.at_writing, "GetCallerIdentity"), ==, 0);
  g_assert_cmpuint (count_of (sequence.at_writing, "BatchGetImage"), ==, 1);
  g_assert_cmpuint (count_of (sequence.at_writing, "DescribeImages"), ==, 2);
  g_assert_cmpuint (count_of (sequence.at_writing, "DescribeRepositories"), ==, 1);
  g_assert_cmpuint (count_of (sequence.at_writing, "PutImage"), ==, 0);
  g_assert_cmpuint (sequence.in_flight_at_writing, ==, 4);

  /* Round 2: the write alone, straight after the read (no re-read). */
  g_assert_cmpuint (total (sequence.at_verifying), ==, total (sequence.at_writing) + 1);
  g_assert_cmpuint (count_of (sequence.at_verifying, "PutImage"), ==, 1);
  g_assert_cmpuint (count_of (sequence.at_verifying, "BatchGetImage"), ==, 1);

  /* Round 3: the check alone. */
  g_assert_cmpuint (total (sequence.at_done), ==, total (sequence.at_verifying) + 1);
  g_assert_cmpuint (count_of (sequence.at_done, "DescribeImages"), ==, 3);
  g_assert_cmpuint (total (sequence.at_done), ==, 6);
  g_assert_cmpuint (gantry_test_proxy_count (proxy, NULL), ==, 6);

  /* The write was journaled, `started` then `done`, under the given identity. */
  entries = load_journal ();
  g_assert_cmpuint (entries->len, >=, 2);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (last->identity_arn, ==, TEST_ARN);
  g_assert_cmpstr (last->to_digest, ==, candidate);
  g_assert_cmpint (last->state, ==, GANTRY_JOURNAL_STATE_DONE);
  last = g_ptr_array_index (entries, entries->len - 2);
  g_assert_cmpint (last->state, ==, GANTRY_JOURNAL_STATE_STARTED);
}

/* Without a session (gantryctl) the identity is read in the same round as
 * the rest, and only once per engine. */
static void
test_identity_in_first_round (void)
{
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (client, NULL, NULL);
  g_autoptr(GantryPromotionResult) first = NULL;
  g_autoptr(GantryPromotionResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = seed_repository ("calls-cli");
  Sequence sequence;

  gantry_test_proxy_set_latency (proxy, LATENCY_MS);
  g_assert_null (gantry_promotion_get_identity_arn (promotion));

  first = promote_counted (promotion, proxy, "calls-cli", candidate, "prod-latest", &sequence,
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (count_of (sequence.at_writing, "GetCallerIdentity"), ==, 1);
  g_assert_cmpuint (count_of (sequence.at_writing, "BatchGetImage"), ==, 1);
  g_assert_cmpuint (total (sequence.at_writing), ==, 5);
  g_assert_cmpuint (sequence.in_flight_at_writing, ==, 5);
  g_assert_cmpuint (total (sequence.at_verifying), ==, 6);
  g_assert_cmpuint (total (sequence.at_done), ==, 7);
  g_assert_cmpstr (gantry_promotion_get_identity_arn (promotion), ==,
                   gantry_test_moto_get_user_arn (moto));

  /* The same engine again: the identity is known now. */
  second = promote_counted (promotion, proxy, "calls-cli", candidate, "prod-test-again",
                            &sequence, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (count_of (sequence.at_done, "GetCallerIdentity"), ==, 0);
  g_assert_cmpuint (total (sequence.at_done), ==, 6);
}

static void
before_write_cb (GantryPromotion *promotion,
                 const char      *repository,
                 const char      *digest,
                 gpointer         user_data)
{
  (*(guint *) user_data)++;
}

/* Anything that may wait between the read and the write (here a
 * before-write handler; with services, their ECS reads) brings the re-read
 * back: the digest written is always one read right before the write. */
static void
test_reread_after_handler (void)
{
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto),
                                                            NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (client, NULL, NULL);
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = seed_repository ("calls-handler");
  Sequence sequence;
  guint emitted = 0;

  gantry_promotion_set_identity (promotion, TEST_ARN, GANTRY_TEST_MOTO_ACCOUNT_ID);
  g_signal_connect (promotion, "before-write", G_CALLBACK (before_write_cb), &emitted);

  result = promote_counted (promotion, proxy, "calls-handler", candidate, "prod-latest",
                            &sequence, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (emitted, ==, 1);
  g_assert_cmpuint (count_of (sequence.at_writing, "BatchGetImage"), ==, 1);
  g_assert_cmpuint (count_of (sequence.at_verifying, "BatchGetImage"), ==, 2);
  g_assert_cmpuint (count_of (sequence.at_verifying, "PutImage"), ==, 1);
  g_assert_cmpuint (total (sequence.at_done), ==, 7);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add_func ("/integration/promote-calls/three-round-trips", test_three_round_trips);
  g_test_add_func ("/integration/promote-calls/identity-in-first-round",
                   test_identity_in_first_round);
  g_test_add_func ("/integration/promote-calls/reread-after-handler", test_reread_after_handler);

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
