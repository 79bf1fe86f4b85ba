/* test-promotion-guard.c: the "refuse critical findings" guard rail
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto's DescribeImages never carries a scan status, so the guard can only
 * be exercised against recorded-shape replies (AWS API reference:
 * DescribeImages → ImageDetail.imageScanStatus and
 * ImageDetail.imageScanFindingsSummary, which is what the engine reads).
 *
 * The engine reads the candidate's and the latest tag's details with two
 * concurrent DescribeImages calls; the router answers an action's calls in
 * arrival order, so every case asserts that the first call asked for the
 * candidate: a swap would show up as that, not as a puzzling outcome.
 */

#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include "core/gantry-error.h"
#include "core/gantry-promotion.h"
#include "gantry-test-router.h"

#define CANDIDATE_DIGEST "sha256:0c3f1f2d8f7ab2b1a7d27c2d4a4e0f5a3c4d9b6e8f1a2b3c4d5e6f708192a3b4"

typedef struct
{
  const char *path;
  const char *candidate_fixture;  /* DescribeImages for prod-candidate */
  gboolean    refuse_critical;
  gboolean    refused;            /* else promoted */
  const char *message_part;       /* a piece the refusal must say */
} GuardCase;

static const GuardCase cases[] = {
  /* 1: CRITICAL findings with the guard on */
  { "/promotion/guard/critical/refused", "ecr-scan-images-critical.json", TRUE, TRUE,
    "found 3 CRITICAL vulnerabilities" },
  /* Enhanced scanning (Amazon Inspector) reports ACTIVE, counts are valid */
  { "/promotion/guard/critical/enhanced-refused", "ecr-scan-images-enhanced-critical.json",
    TRUE, TRUE, "found 1 CRITICAL vulnerability." },
  /* 2: the same findings with the guard off */
  { "/promotion/guard/critical/guard-off", "ecr-scan-images-critical.json", FALSE, FALSE,
    NULL },
  /* 3: only HIGH/MEDIUM, or nothing at all */
  { "/promotion/guard/high-medium/promoted", "ecr-scan-images-high-medium.json", TRUE, FALSE,
    NULL },
  { "/promotion/guard/clean/promoted", "ecr-scan-images-clean.json", TRUE, FALSE, NULL },
  /* 4: no verdict yet, or none to come: fail closed */
  { "/promotion/guard/unknown/in-progress", "ecr-scan-images-in-progress.json", TRUE, TRUE,
    "still running (IN_PROGRESS)" },
  { "/promotion/guard/unknown/pending", "ecr-scan-images-pending.json", TRUE, TRUE,
    "still running (PENDING)" },
  { "/promotion/guard/unknown/failed", "ecr-scan-images-failed.json", TRUE, TRUE,
    "gave no verdict (FAILED: Scan failed: unable to retrieve the image layers)" },
  { "/promotion/guard/unknown/unsupported", "ecr-scan-images-unsupported.json", TRUE, TRUE,
    "gave no verdict (UNSUPPORTED_IMAGE" },
  { "/promotion/guard/unknown/limit-exceeded", "ecr-scan-images-limit-exceeded.json", TRUE,
    TRUE, "gave no verdict (LIMIT_EXCEEDED" },
  { "/promotion/guard/unknown/guard-off", "ecr-scan-images-in-progress.json", FALSE, FALSE,
    NULL },
  /* An image its repository never scanned has no status at all: deliberately
   * a pass (nothing to wait for; the Setup audit flags scan-on-push off). */
  { "/promotion/guard/unknown/never-scanned", "ecr-scan-images-not-scanned.json", TRUE, FALSE,
    NULL },
  /* The details describe another image than the one about to be written */
  { "/promotion/guard/unknown/other-digest", "ecr-scan-images-other-digest.json", TRUE, TRUE,
    "ECR did not describe image " CANDIDATE_DIGEST },
  { "/promotion/guard/unknown/no-details", "ecr-scan-images-empty.json", TRUE, TRUE,
    "ECR did not describe image " CANDIDATE_DIGEST },
  /* 5: malformed replies */
  { "/promotion/guard/malformed/no-summary", "ecr-scan-images-no-summary.json", TRUE, TRUE,
    "is COMPLETE but sent no finding summary" },
  { "/promotion/guard/malformed/summary-string", "ecr-scan-images-summary-string.json", TRUE,
    TRUE, "is COMPLETE but sent no finding summary" },
  { "/promotion/guard/malformed/status-string", "ecr-scan-images-status-string.json", TRUE,
    TRUE, "no readable scan status" },
  { "/promotion/guard/malformed/count-string", "ecr-scan-images-count-string.json", TRUE, TRUE,
    "finding counts for the scan of " CANDIDATE_DIGEST },
  { "/promotion/guard/malformed/count-negative", "ecr-scan-images-count-negative.json", TRUE,
    TRUE, "that are not numbers" },
};

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GantryTestRouter *
router_new (const char *candidate_fixture)
{
  GantryTestRouter *router = gantry_test_router_new ();

  gantry_test_router_add (router, "DescribeRepositories", 200, "ecr-scan-repositories.json");
  gantry_test_router_add (router, "BatchGetImage", 200, "ecr-batch-get-image.json");
  /* In call order: the candidate's details, the latest tag's, the check
   * after the write. */
  gantry_test_router_add (router, "DescribeImages", 200, candidate_fixture);
  gantry_test_router_add (router, "DescribeImages", 200, "ecr-scan-images-latest.json");
  gantry_test_router_add (router, "DescribeImages", 200, "ecr-scan-images-verify.json");
  gantry_test_router_add (router, "PutImage", 200, "ecr-put-image.json");
  return router;
}

static GantryPromotionResult *
promote (GantryTestRouter  *router,
         gboolean           refuse_critical,
         GantryPromotion  **out_promotion,
         GError           **error)
{
  g_autoptr(GantryEnvironment) env = gantry_environment_new ("prod");
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("backend");
  g_autoptr(GantryPromotion) promotion = NULL;
  GantryPromotionResult *result;
  Wait wait = { NULL };

  gantry_environment_set_refuse_critical (env, refuse_critical);
  promotion = gantry_promotion_new (gantry_test_router_get_client (router), env, NULL);
  gantry_promotion_set_identity (promotion, "arn:aws:iam::123456789012:user/release",
                                 "123456789012");

  gantry_promotion_promote_async (promotion, request, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  result = gantry_promotion_promote_finish (promotion, wait.result, error);
  g_object_unref (wait.result);
  *out_promotion = g_steal_pointer (&promotion);
  return result;
}

static char *
read_journal (GantryPromotion *promotion)
{
  const char *path = gantry_journal_get_path (gantry_promotion_get_journal (promotion));
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static void
assert_candidate_read_first (GantryTestRouter *router)
{
  /* The router answered the first DescribeImages with the candidate's
   * fixture: that call must have asked for the candidate. */
  const char *first = gantry_test_router_get_body (router, "DescribeImages", 0);

  g_assert_nonnull (strstr (first, "\"prod-candidate\""));
}

static void
test_guard (gconstpointer user_data)
{
  const GuardCase *c = user_data;
  g_autoptr(GantryTestRouter) router = router_new (c->candidate_fixture);
  g_autoptr(GantryPromotion) promotion = NULL;
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;

  result = promote (router, c->refuse_critical, &promotion, &error);
  assert_candidate_read_first (router);
  journal = read_journal (promotion);

  if (c->refused)
    {
      g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
      g_assert_null (result);
      g_assert_cmpint (gantry_promotion_get_outcome (promotion), ==,
                       GANTRY_PROMOTION_OUTCOME_REFUSED);
      g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                       GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS);
      g_assert_cmpint (gantry_promotion_get_step (promotion), ==,
                       GANTRY_PROMOTION_STEP_DONE);
      g_assert_false (gantry_promotion_get_busy (promotion));
      /* Refused before the write: no PutImage, no journal line at all
       * (the contract journals `started` right before the write). */
      g_assert_cmpuint (gantry_test_router_get_n_calls (router, "PutImage"), ==, 0);
      g_assert_cmpstr (journal, ==, "");
      /* The message names the image, the repository and the reason. */
      g_assert_nonnull (strstr (error->message, c->message_part));
      g_assert_nonnull (strstr (error->message, CANDIDATE_DIGEST));
      g_assert_nonnull (strstr (error->message, "backend"));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
      g_assert_cmpstr (result->to_digest, ==, CANDIDATE_DIGEST);
      g_assert_cmpint (gantry_promotion_get_outcome (promotion), ==,
                       GANTRY_PROMOTION_OUTCOME_PROMOTED);
      g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                       GANTRY_PROMOTION_RULE_NONE);
      g_assert_cmpuint (gantry_test_router_get_n_calls (router, "PutImage"), ==, 1);
      g_assert_nonnull (strstr (gantry_test_router_get_body (router, "PutImage", 0),
                                "\"imageTag\":\"prod-latest\""));
      g_assert_nonnull (strstr (journal, "\"started\""));
      g_assert_nonnull (strstr (journal, "\"done\""));
    }
}

/* The guard only stands before a write: when the latest tag already names
 * the candidate, nothing is written and there is nothing to refuse. */
static void
test_already_promoted (void)
{
  g_autoptr(GantryTestRouter) router = gantry_test_router_new ();
  g_autoptr(GantryPromotion) promotion = NULL;
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_router_add (router, "DescribeRepositories", 200, "ecr-scan-repositories.json");
  gantry_test_router_add (router, "BatchGetImage", 200, "ecr-batch-get-image.json");
  gantry_test_router_add (router, "DescribeImages", 200, "ecr-scan-images-critical.json");
  gantry_test_router_add (router, "DescribeImages", 200, "ecr-scan-images-verify.json");
  gantry_test_router_add (router, "PutImage", 200, "ecr-put-image.json");

  result = promote (router, TRUE, &promotion, &error);
  assert_candidate_read_first (router);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED);
  g_assert_cmpuint (gantry_test_router_get_n_calls (router, "PutImage"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_guard);
  g_test_add_func ("/promotion/guard/critical/already-promoted", test_already_promoted);

  return g_test_run ();
}
