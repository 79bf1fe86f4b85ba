/* test-fault-matrix.c: the audit, a promotion and a history load under
 * every fault the test proxy can inject
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation runs as users run it, through gantryctl, against the demo
 * account on moto with tests/gantry-test-proxy in between. A baseline run
 * through a clean proxy records what the operation does and which actions
 * it calls; then every fault is injected in three ways:
 *
 *   once:   the first request of every action the baseline called fails;
 *           a retryable fault must leave the result exactly as the
 *           baseline's, each action retried once
 *   always: every request fails; the operation must end with a clear error
 *           (or a result that says what it could not read), retry at most
 *           as the policy says, and never report a verdict it has no data for
 *   write:  (promotion only) every PutImage fails
 *
 * Throughout: no crash (the exit is a code, never a signal), no hang (a
 * 2 s stall timeout bounds every wait), no secret on stderr, the journal
 * readable with no entry left unfinished, and a promotion either done in
 * ECR and in the journal, or in neither.
 *
 * moto runs without signature checks: it cannot verify AWS Backup's
 * signed GETs (see test-check.c).
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/gantry-journal.h"
#include "gantry-test-async.h"
#include "gantry-test-ecr.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

#define MAX_ATTEMPTS 3   /* the standard retry mode's */
#define KILL_AFTER_S 120 /* a watchdog, far above any bounded wait */
#define JOURNAL_DIGEST "sha256:0000000000000000000000000000000000000000000000000000000000000bee"


static GantryTestMoto *moto;
static char *home_dir;

typedef enum
{
  OP_AUDIT,
  OP_HISTORY,
  OP_PROMOTE,
} Op;

typedef enum
{
  MODE_ONCE,
  MODE_ALWAYS,
  MODE_WRITE,
} Mode;

static const char *op_names[] = { "audit", "history", "promote" };
static const char *mode_names[] = { "once", "always", "write" };

typedef struct
{
  const char      *name;
  GantryTestFault  fault;
  gboolean         retryable;   /* by the retry policy, as the engine sees it */
} Fault;

static const Fault faults[] = {
  { "latency", GANTRY_TEST_FAULT_LATENCY, TRUE },
  { "500", GANTRY_TEST_FAULT_STATUS_500, TRUE },
  { "503", GANTRY_TEST_FAULT_STATUS_503, TRUE },
  { "throttle", GANTRY_TEST_FAULT_THROTTLE, TRUE },
  { "reset-before", GANTRY_TEST_FAULT_RESET_BEFORE, TRUE },
  { "reset-after", GANTRY_TEST_FAULT_RESET_AFTER, TRUE },
  { "truncate", GANTRY_TEST_FAULT_TRUNCATE, TRUE },
  { "corrupt", GANTRY_TEST_FAULT_CORRUPT, FALSE },
  { "wrong-content-type", GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE, FALSE },
  { "expired-token", GANTRY_TEST_FAULT_EXPIRED_TOKEN, FALSE },
  { "skew", GANTRY_TEST_FAULT_SKEW, TRUE },
  { "stall", GANTRY_TEST_FAULT_STALL, TRUE },
};

typedef struct
{
  Op           op;
  Mode         mode;
  const Fault *fault;
} Case;

/* What a clean run did. */
typedef struct
{
  gboolean    recorded;
  int         status;
  GHashTable *counts;    /* action → guint */
  GHashTable *failing;   /* actions moto itself answers with a 5xx */
  GStrv       actions;
  JsonNode   *output;
} Baseline;

static Baseline baselines[3];

typedef struct
{
  int      status;
  gboolean signaled;
  char    *out;
  char    *err;
  double   seconds;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

typedef struct
{
  gboolean  done;
  char    **out;
  char    **err;
} Pending;

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, pending->out,
                                        pending->err, &error);
  g_assert_no_error (error);
  pending->done = TRUE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_subprocess_force_exit (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs gantryctl asynchronously, so that the in-process proxy keeps serving,
 * and kills it if it hangs. */
static void
run_gantryctl (const char         *endpoint,
               const char * const *args,
               Run                *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *gantryctl = g_getenv ("GANTRYCTL");
  Pending pending = { FALSE, &run->out, &run->err };
  gint64 start = g_get_monotonic_time ();
  guint watchdog;

  g_assert_nonnull (gantryctl);
  g_ptr_array_add (argv, (gpointer) gantryctl);
  g_ptr_array_add (argv, "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) endpoint);
  g_ptr_array_add (argv, "--region");
  g_ptr_array_add (argv, GANTRY_TEST_MOTO_REGION);
  g_ptr_array_add (argv, "--timeout");
  g_ptr_array_add (argv, "2");
  /* One line per request in the test log; the secret checks cover it too. */
  g_ptr_array_add (argv, "--verbose");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_setenv (launcher, "HOME", home_dir, TRUE);
  /* This test's isolated dirs: gantryctl's journal is the one checked. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_test_moto_get_access_key_id (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_test_moto_get_secret_access_key (moto), TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  watchdog = g_timeout_add_seconds (KILL_AFTER_S, watchdog_cb, process);
  g_subprocess_communicate_utf8_async (process, "", NULL, communicated_cb, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_source_remove (watchdog);

  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->signaled = g_subprocess_get_if_signaled (process);
  run->status = run->signaled ? -1 : g_subprocess_get_exit_status (process);
  g_test_message ("gantryctl %s: exit %d after %.2f s; stderr: %s", args[0], run->status,
                  run->seconds, run->err ? run->err : "");
}

static JsonNode *
parse_output (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || *text == '\0' || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static void
append_journal (GantryJournal      *journal,
                GantryJournalEntry *entry)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_journal_append_async (journal, entry, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  gantry_journal_append_finish (journal, result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
load_journal (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  guint n_skipped = 0;

  gantry_journal_load_async (journal, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  entries = gantry_journal_load_finish (journal, result, &n_skipped, &error);
  g_assert_no_error (error);
  /* Every line the journal holds is whole: nothing was torn by a fault. */
  g_assert_cmpuint (n_skipped, ==, 0);
  return entries;
}

/* -- the operations --------------------------------------------------- */

static char *
repository_name (const Case *test_case)
{
  if (test_case == NULL)
    return g_strdup ("matrix-baseline");
  return g_strdup_printf ("matrix-%s-%s", mode_names[test_case->mode], test_case->fault->name);
}

/* Seeds what the operation needs; for a promotion, its own repository. */
static void
prepare (const Case  *test_case,
         Op           op,
         char       **out_candidate,
         char       **out_latest)
{
  g_autoptr(GError) error = NULL;

  if (op == OP_PROMOTE)
    {
      g_autofree char *repository = repository_name (test_case);

      *out_candidate = gantry_test_ecr_seed_repository (moto, repository, out_latest, &error);
      g_assert_no_error (error);
    }
  else if (op == OP_HISTORY)
    {
      /* A promotion this machine made: when AWS sources fail one by one,
       * the journal's entries still show. */
      g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
      g_autoptr(GantryJournalEntry) started = gantry_journal_entry_new ("promotion");
      g_autoptr(GantryJournalEntry) done = NULL;

      started->repository = g_strdup ("backend");
      started->tag = g_strdup ("prod-latest");
      started->to_digest = g_strdup (JOURNAL_DIGEST);
      done = gantry_journal_entry_new_outcome (started, GANTRY_JOURNAL_STATE_DONE, NULL);
      append_journal (journal, started);
      append_journal (journal, done);
    }
}

static void
run_op (Op          op,
        const char *endpoint,
        const char *repository,
        const char *candidate,
        Run        *run)
{
  const char *audit[] = { "check", "--format", "json", NULL };
  const char *history[] = { "history", "--cluster", "prod", "--format", "json", NULL };
  const char *promote[] = { "promote", "--yes", "--repository", repository, "--expect-digest",
                            candidate, "--format", "json", NULL };

  switch (op)
    {
    case OP_AUDIT:
      run_gantryctl (endpoint, audit, run);
      break;
    case OP_HISTORY:
      run_gantryctl (endpoint, history, run);
      break;
    case OP_PROMOTE:
    default:
      run_gantryctl (endpoint, promote, run);
      break;
    }
}

static guint
baseline_count (Baseline   *baseline,
                const char *action)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (baseline->counts, action));
}

static Baseline *
ensure_baseline (Op op)
{
  Baseline *baseline = &baselines[op];
  g_autoptr(GantryTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *latest = NULL;
  g_auto(Run) run = { 0 };

  if (baseline->recorded)
    return baseline;

  proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), &error);
  g_assert_no_error (error);
  prepare (NULL, op, &candidate, &latest);
  run_op (op, gantry_test_proxy_get_endpoint (proxy), "matrix-baseline", candidate, &run);

  g_assert_false (run.signaled);
  baseline->status = run.status;
  baseline->output = parse_output (run.out);
  g_assert_nonnull (baseline->output);
  baseline->actions = gantry_test_proxy_dup_actions (proxy);
  baseline->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  baseline->failing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; baseline->actions[i] != NULL; i++)
    {
      const char *action = baseline->actions[i];

      g_hash_table_insert (baseline->counts, g_strdup (action),
                           GUINT_TO_POINTER (gantry_test_proxy_count (proxy, action)));
      if (gantry_test_proxy_count_upstream_errors (proxy, action) > 0)
        g_hash_table_add (baseline->failing, g_strdup (action));
      g_test_message ("baseline %s: %s × %u", op_names[op], action,
                      gantry_test_proxy_count (proxy, action));
    }
  g_assert_cmpuint (g_strv_length (baseline->actions), >, 0);

  /* The baseline itself must be a success, or the matrix proves nothing. */
  if (op == OP_PROMOTE)
    {
      g_autofree char *now = gantry_test_ecr_dup_digest (moto, "matrix-baseline", "prod-latest",
                                                         &error);

      g_assert_no_error (error);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (now, ==, candidate);
    }
  else if (op == OP_AUDIT)
    {
      /* The demo account fails some checks by design: exit 1. */
      g_assert_cmpint (run.status, ==, 1);
    }
  else
    {
      g_assert_cmpint (run.status, ==, 0);
    }

  /* The baseline ran inside the first case's isolated dirs: leave that
   * case a journal of its own. */
  {
    g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);

    g_assert_true (g_remove (gantry_journal_get_path (journal)) == 0 || errno == ENOENT);
  }

  baseline->recorded = TRUE;
  return baseline;
}

static void
inject (GantryTestProxy *proxy,
        const Case      *test_case,
        Baseline        *baseline)
{
  const Fault *fault = test_case->fault;

  /* Latency is no failure: it slows every request, in each mode. */
  if (fault->fault == GANTRY_TEST_FAULT_LATENCY)
    {
      gantry_test_proxy_set_latency (proxy, 300);
      return;
    }

  switch (test_case->mode)
    {
    case MODE_ONCE:
      for (guint i = 0; baseline->actions[i] != NULL; i++)
        gantry_test_proxy_add_fault (proxy, baseline->actions[i], fault->fault, 1);
      break;
    case MODE_ALWAYS:
      gantry_test_proxy_add_fault (proxy, NULL, fault->fault, 0);
      break;
    case MODE_WRITE:
    default:
      gantry_test_proxy_add_fault (proxy, "PutImage", fault->fault, 0);
      break;
    }
}

/* Whether the fault must leave the result as the baseline's. */
static gboolean
expect_baseline_result (const Case *test_case)
{
  return test_case->fault->fault == GANTRY_TEST_FAULT_LATENCY ||
         (test_case->mode == MODE_ONCE && test_case->fault->retryable);
}

/* libsoup sends an idempotent request (a GET: AWS Backup's REST calls) once
 * more by itself when a kept-alive connection breaks under it (RFC 9110,
 * 9.2.2); the engine sees one attempt, the proxy two. */
static guint
transport_resends (const Case *test_case,
                   const char *action)
{
  gboolean breaks = test_case->fault->fault == GANTRY_TEST_FAULT_RESET_BEFORE ||
                    test_case->fault->fault == GANTRY_TEST_FAULT_RESET_AFTER;

  return breaks && g_str_has_prefix (action, "GET ") ? 1 : 0;
}

/* A garbled 5xx is still a 5xx, retried as one: where moto answers an
 * action it lacks with its error page, corrupting that page costs a retry
 * before the next attempt gets the page whole. */
static guint
garbled_error_retries (const Case *test_case,
                       Baseline   *baseline,
                       const char *action)
{
  if (test_case->fault->fault != GANTRY_TEST_FAULT_CORRUPT ||
      !g_hash_table_contains (baseline->failing, action))
    return 0;
  return test_case->mode == MODE_ONCE ? 1 : baseline_count (baseline, action) * (MAX_ATTEMPTS - 1);
}

/* Retries where the retry policy says, and nowhere else. */
static void
assert_attempts (GantryTestProxy *proxy,
                 const Case      *test_case,
                 Baseline        *baseline)
{
  gboolean latency = test_case->fault->fault == GANTRY_TEST_FAULT_LATENCY;

  for (guint i = 0; baseline->actions[i] != NULL; i++)
    {
      const char *action = baseline->actions[i];
      guint before = baseline_count (baseline, action);
      guint count = gantry_test_proxy_count (proxy, action);
      gboolean faulted = test_case->mode != MODE_WRITE || g_str_equal (action, "PutImage");

      g_test_message ("%s: %u requests (baseline %u)", action, count, before);
      if (latency || !faulted)
        continue;
      if (!test_case->fault->retryable)
        g_assert_cmpuint (count, <=, before + garbled_error_retries (test_case, baseline, action));
      else if (test_case->mode == MODE_ONCE)
        {
          g_assert_cmpuint (count, >=, MIN (before + 1, MAX_ATTEMPTS));
          g_assert_cmpuint (count, <=, before + 1 + transport_resends (test_case, action));
        }
      else
        g_assert_cmpuint (count, <=, (before + transport_resends (test_case, action)) *
                                     MAX_ATTEMPTS);
    }
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static GHashTable *
check_statuses (JsonNode *report)
{
  GHashTable *statuses = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *checks;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (report));
  checks = json_object_get_array_member (json_node_get_object (report), "checks");
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      g_hash_table_insert (statuses, (gpointer) string_member (check, "id"),
                           (gpointer) string_member (check, "status"));
      /* An unevaluated check says why, in words a user can act on. */
      if (g_strcmp0 (string_member (check, "status"), "error") == 0)
        {
          g_test_message ("%s: %s", string_member (check, "id"), string_member (check, "detail"));
          g_assert_cmpuint (strlen (string_member (check, "detail")), >, 20);
        }
    }
  return statuses;
}

/* gantryctl check's exit code for these verdicts: 1 when a check failed,
 * else 3 when one could not be evaluated, else 0. */
static int
expected_exit (GHashTable *statuses)
{
  GHashTableIter iter;
  gpointer status;
  gboolean error = FALSE;

  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, NULL, &status))
    {
      if (g_strcmp0 (status, "fail") == 0)
        return 1;
      error |= g_strcmp0 (status, "error") == 0;
    }
  return error ? 3 : 0;
}

static void
assert_audit (const Case *test_case,
              Baseline   *baseline,
              Run        *run)
{
  g_autoptr(JsonNode) report = parse_output (run->out);
  g_autoptr(GHashTable) expected = check_statuses (baseline->output);
  g_autoptr(GHashTable) statuses = NULL;
  GHashTableIter iter;
  gpointer id, status;
  guint n_new_errors = 0;

  if (expect_baseline_result (test_case))
    {
      g_assert_cmpint (run->status, ==, baseline->status);
      g_assert_nonnull (report);
    }

  if (report == NULL)
    {
      /* No report at all: a usable error, not a usage error or a crash. */
      g_assert_cmpint (run->status, ==, 3);
      g_assert_cmpuint (strlen (run->err), >, 0);
      return;
    }

  /* Never a verdict without the data for it: each check says what the
   * baseline said, or that it could not be evaluated. */
  statuses = check_statuses (report);
  g_assert_cmpuint (g_hash_table_size (statuses), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &id, &status))
    {
      const char *now = g_hash_table_lookup (statuses, id);

      if (expect_baseline_result (test_case))
        g_assert_cmpstr (now, ==, status);
      else if (g_strcmp0 (now, status) != 0)
        {
          g_assert_cmpstr (now, ==, "error");
          n_new_errors++;
        }
    }

  /* A failure the user cannot see would be the worst outcome: the exit
   * code says it too, so a pipeline gating on exit 0 stops. */
  if (!expect_baseline_result (test_case))
    g_assert_cmpuint (n_new_errors, >, 0);
  g_assert_cmpint (run->status, ==, expected_exit (statuses));
  if (run->status == 3)
    g_assert_nonnull (strstr (run->err, "could not be evaluated"));
}

static gboolean
has_journal_promotion (JsonNode *history)
{
  JsonArray *entries = json_node_get_array (history);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (string_member (entry, "to"), JOURNAL_DIGEST) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_network_fault (const Fault *fault)
{
  return fault->fault == GANTRY_TEST_FAULT_RESET_BEFORE ||
         fault->fault == GANTRY_TEST_FAULT_RESET_AFTER ||
         fault->fault == GANTRY_TEST_FAULT_TRUNCATE ||
         fault->fault == GANTRY_TEST_FAULT_STALL;
}

static void
assert_history (const Case *test_case,
                Baseline   *baseline,
                Run        *run)
{
  g_autoptr(JsonNode) history = parse_output (run->out);

  /* Expired credentials, or no network at all, fail every source alike:
   * one clear error that names the cause, rather than a history of the
   * journal alone that looks complete. */
  if (test_case->fault->fault == GANTRY_TEST_FAULT_EXPIRED_TOKEN)
    {
      g_assert_cmpint (run->status, ==, 3);
      g_assert_nonnull (strstr (run->err, "The session token expired"));
      return;
    }
  if (test_case->mode == MODE_ALWAYS && test_case->fault->fault == GANTRY_TEST_FAULT_SKEW)
    {
      g_assert_cmpint (run->status, ==, 3);
      g_assert_nonnull (strstr (run->err, "system clock"));
      return;
    }
  if (test_case->mode == MODE_ALWAYS && is_network_fault (test_case->fault))
    {
      g_assert_cmpint (run->status, ==, 3);
      g_assert_nonnull (strstr (run->err, "127.0.0.1"));
      g_assert_nonnull (strstr (run->err, "Check the network connection"));
      return;
    }

  /* The cluster is named, so the journal alone can answer: the load never
   * fails as a whole, it says which sources it could not read. */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (history);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (history));
  g_assert_true (has_journal_promotion (history));

  if (expect_baseline_result (test_case))
    g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==,
                      json_array_get_length (json_node_get_array (baseline->output)));
  else
    g_assert_nonnull (strstr (run->err, " failed: "));
}

static void
assert_promotion (const Case *test_case,
                  Run        *run,
                  const char *candidate,
                  const char *latest)
{
  g_autofree char *repository = repository_name (test_case);
  g_autoptr(GPtrArray) entries = load_journal ();
  g_autoptr(GPtrArray) unfinished = gantry_journal_find_unfinished (entries);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  gboolean journal_done = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      GantryJournalEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->repository, repository) == 0 &&
          entry->state == GANTRY_JOURNAL_STATE_DONE)
        journal_done = TRUE;
    }

  now = gantry_test_ecr_dup_digest (moto, repository, "prod-latest", &error);
  g_assert_no_error (error);

  /* Nothing left half-done: ECR and the journal agree, and every entry
   * the promotion started is closed. */
  g_assert_cmpuint (unfinished->len, ==, 0);
  if (g_strcmp0 (now, candidate) == 0)
    {
      g_assert_true (journal_done);
      g_assert_cmpint (run->status, ==, 0);
    }
  else
    {
      g_assert_cmpstr (now, ==, latest);
      g_assert_false (journal_done);
      g_assert_cmpint (run->status, ==, 3);
      g_assert_cmpuint (strlen (run->err), >, 0);
    }

  if (expect_baseline_result (test_case))
    g_assert_cmpstr (now, ==, candidate);
  else if (test_case->mode == MODE_ALWAYS)
    g_assert_cmpstr (now, ==, latest);
}

static void
test_case_run (gconstpointer data)
{
  const Case *test_case = data;
  Baseline *baseline = ensure_baseline (test_case->op);
  g_autoptr(GantryTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *repository = repository_name (test_case);
  g_autofree char *candidate = NULL;
  g_autofree char *latest = NULL;
  g_auto(Run) run = { 0 };
  const char *secret = gantry_test_moto_get_secret_access_key (moto);

  proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), &error);
  g_assert_no_error (error);
  prepare (test_case, test_case->op, &candidate, &latest);
  inject (proxy, test_case, baseline);
  run_op (test_case->op, gantry_test_proxy_get_endpoint (proxy), repository, candidate, &run);

  /* No crash, no hang, no usage error, no secret. */
  g_assert_false (run.signaled);
  g_assert_cmpint (run.status, !=, 2);
  g_assert_cmpfloat (run.seconds, <, 90);
  g_assert_null (strstr (run.out, secret));
  g_assert_null (strstr (run.err, secret));
  entries = load_journal ();

  assert_attempts (proxy, test_case, baseline);
  switch (test_case->op)
    {
    case OP_AUDIT:
      assert_audit (test_case, baseline, &run);
      break;
    case OP_HISTORY:
      assert_history (test_case, baseline, &run);
      break;
    case OP_PROMOTE:
    default:
      assert_promotion (test_case, &run, candidate, latest);
      break;
    }
}

static void
add_cases (Op         op,
           GPtrArray *cases)
{
  for (Mode mode = MODE_ONCE; mode <= MODE_WRITE; mode++)
    for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
      {
        Case *test_case;
        g_autofree char *path = NULL;

        if (mode == MODE_WRITE && op != OP_PROMOTE)
          continue;
        /* Latency is one case per operation: it has no "once". */
        if (faults[i].fault == GANTRY_TEST_FAULT_LATENCY && mode != MODE_ALWAYS)
          continue;

        test_case = g_new0 (Case, 1);
        test_case->op = op;
        test_case->mode = mode;
        test_case->fault = &faults[i];
        g_ptr_array_add (cases, test_case);
        path = g_strdup_printf ("/integration/fault-matrix/%s/%s/%s", op_names[op],
                                mode_names[mode], faults[i].name);
        g_test_add_data_func (path, test_case, test_case_run);
      }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  const char *only;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* meson runs each operation as a test of its own, with a moto of its own
   * and a timeout of its own; run by hand, the program runs all three. */
  only = g_getenv ("GANTRY_FAULT_MATRIX_OP");
  for (Op op = OP_AUDIT; op <= OP_PROMOTE; op++)
    if (only == NULL || g_str_equal (only, op_names[op]))
      add_cases (op, cases);

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);
  home_dir = g_dir_make_tmp ("gantry-fault-matrix-XXXXXX", &error);
  g_assert_no_error (error);
  if (!gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error))
    g_error ("seeding the demo account: %s", error->message);

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (baselines); i++)
    {
      g_clear_pointer (&baselines[i].counts, g_hash_table_unref);
      g_clear_pointer (&baselines[i].failing, g_hash_table_unref);
      g_clear_pointer (&baselines[i].actions, g_strfreev);
      g_clear_pointer (&baselines[i].output, json_node_unref);
    }
  g_clear_pointer (&home_dir, g_free);
  gantry_test_moto_stop (moto);
  return status;
}
