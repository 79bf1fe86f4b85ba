/* test-promote-faults.c: promotions through a faulty network
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A forwarding proxy in front of moto loses PutImage's reply after the
 * write landed, takes the network down, or throttles. The promotion must
 * settle what happened by reading ECR, never by guessing: the journal ends
 * `done`, not `failed`, for a write that landed. moto runs without
 * signature checks here: the proxy changes the Host the client signed.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-error.h"
#include "core/gantry-promotion.h"
#include "gantry-test-async.h"
#include "gantry-test-ecr.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

static GantryTestMoto *moto;

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

static GantryAwsClient *
direct_client (void)
{
  return new_client (gantry_test_moto_get_endpoint (moto));
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

static char *
latest_digest (const char *repository)
{
  g_autoptr(GError) error = NULL;
  char *digest = gantry_test_ecr_dup_digest (moto, repository, "prod-latest", &error);

  g_assert_no_error (error);
  return digest;
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

static GantryPromotionResult *
promote (GantryAwsClient  *client,
         const char       *repository,
         const char       *digest,
         GError          **error)
{
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (client, NULL, NULL);
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new (repository);
  g_autoptr(GAsyncResult) result = NULL;

  request->approved_digest = g_strdup (digest);
  gantry_promotion_promote_async (promotion, request, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_promotion_promote_finish (promotion, result, error);
}

static void
test_reply_lost (void)
{
  g_autofree char *candidate = seed_repository ("faults-reply-lost");
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;

  /* One attempt: the engine's own retry would hide the lost reply. */
  gantry_aws_client_set_max_attempts (client, 1);
  gantry_test_proxy_add_fault (proxy, "PutImage", GANTRY_TEST_FAULT_RESET_AFTER, 1);

  result = promote (client, "faults-reply-lost", candidate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (gantry_test_proxy_count (proxy, "PutImage"), ==, 1);

  latest = latest_digest ("faults-reply-lost");
  g_assert_cmpstr (latest, ==, candidate);
  entries = load_journal ();
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((GantryJournalEntry *) g_ptr_array_index (entries, 1))->state, ==,
                   GANTRY_JOURNAL_STATE_DONE);
}

static void
test_network_gone_then_reconcile (void)
{
  g_autofree char *candidate = seed_repository ("faults-gone");
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryAwsClient) direct = direct_client ();
  g_autoptr(GantryPromotion) later = NULL;
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GAsyncResult) reconciled = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  GantryJournalEntry *last;

  gantry_aws_client_set_max_attempts (client, 1);
  gantry_test_proxy_add_fault (proxy, "PutImage", GANTRY_TEST_FAULT_RESET_AFTER, 1);
  gantry_test_proxy_go_down_after (proxy, "PutImage");

  /* The write lands, then nothing answers: the outcome is unknown. */
  result = promote (client, "faults-gone", candidate, &error);
  g_assert_null (result);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK);
  g_clear_error (&error);
  entries = load_journal ();
  unfinished = gantry_journal_find_unfinished (entries);
  g_assert_cmpuint (unfinished->len, ==, 1);
  g_clear_pointer (&unfinished, g_ptr_array_unref);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The next start reads ECR and closes the entry as it really ended. */
  later = gantry_promotion_new (direct, NULL, NULL);
  gantry_promotion_reconcile_async (later, NULL, gantry_test_store_result, &reconciled);
  gantry_test_await (&reconciled);
  g_assert_cmpuint (gantry_promotion_reconcile_finish (later, reconciled, &error), ==, 1);
  g_assert_no_error (error);

  entries = load_journal ();
  g_assert_cmpuint (entries->len, ==, 2);
  last = g_ptr_array_index (entries, 1);
  g_assert_cmpint (last->state, ==, GANTRY_JOURNAL_STATE_DONE);
  g_assert_cmpstr (last->id, ==, ((GantryJournalEntry *) g_ptr_array_index (entries, 0))->id);
  g_assert_cmpstr (last->to_digest, ==, candidate);
  unfinished = gantry_journal_find_unfinished (entries);
  g_assert_cmpuint (unfinished->len, ==, 0);
}

static void
test_throttled_put_is_retried (void)
{
  g_autofree char *candidate = seed_repository ("faults-throttled");
  g_autoptr(GantryTestProxy) proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), NULL);
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;

  gantry_test_proxy_add_fault (proxy, "PutImage", GANTRY_TEST_FAULT_THROTTLE, 1);

  result = promote (client, "faults-throttled", candidate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (gantry_test_proxy_count (proxy, "PutImage"), ==, 2);
  latest = latest_digest ("faults-throttled");
  g_assert_cmpstr (latest, ==, candidate);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/promote-faults/reply-lost", test_reply_lost);
  g_test_add_func ("/integration/promote-faults/network-gone-then-reconcile",
                   test_network_gone_then_reconcile);
  g_test_add_func ("/integration/promote-faults/throttled", test_throttled_put_is_retried);

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
