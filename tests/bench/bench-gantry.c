/* bench-gantry.c: the numbers of issue 8's performance table
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints one Markdown table; never fails on time. Each row says what was
 * measured, the result, and the goal it is compared with. Run it through
 * build-aux/bench.sh, which provides moto, Xvfb and a throw-away HOME.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "core/gantry-history.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

#define LATENCY_MS 50

typedef struct
{
  double seconds;
  double max_rss_mb;
  int    status;
} Run;

/* Benchmark code: spawning and reaping a child synchronously is the point. */
static Run
run_child (const char * const *argv,
           const char * const *env)
{
  Run run = { 0 };
  struct rusage usage;
  GPid pid;
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, (char **) env,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("bench: cannot run %s: %s\n", argv[0], error->message);
      run.status = -1;
      return run;
    }

  wait4 (pid, &status, 0, &usage);
  run.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run.max_rss_mb = usage.ru_maxrss / 1024.0;
  run.status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  g_spawn_close_pid (pid);
  return run;
}

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer user_data)
{
  int *out = user_data;

  *out = WIFEXITED (status) ? WEXITSTATUS (status) : 255;
  g_spawn_close_pid (pid);
}

/* For children that talk to a server in this process (the latency proxy):
 * keep the main loop running while they work. */
static Run
run_child_async (const char * const *argv,
                 const char * const *env)
{
  Run run = { 0 };
  GPid pid;
  int status = -1;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, (char **) env,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error))
    {
      g_printerr ("bench: cannot run %s: %s\n", argv[0], error->message);
      run.status = -1;
      return run;
    }

  g_child_watch_add (pid, child_exited_cb, &status);
  while (status == -1)
    g_main_context_iteration (NULL, TRUE);

  run.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run.status = status;
  return run;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The median of @n runs, and the largest RSS seen. */
static Run
median_of (guint               n,
           const char * const *argv,
           const char * const *env)
{
  g_autofree double *times = g_new0 (double, n);
  Run result = { 0 };

  for (guint i = 0; i < n; i++)
    {
      Run run = run_child (argv, env);

      times[i] = run.seconds;
      result.max_rss_mb = MAX (result.max_rss_mb, run.max_rss_mb);
      result.status = run.status != 0 ? run.status : result.status;
    }
  qsort (times, n, sizeof (double), compare_doubles);
  result.seconds = times[n / 2];
  return result;
}

static GStrv
child_env (GantryTestMoto *moto)
{
  GStrv env = g_get_environ ();

  env = g_environ_setenv (env, "AWS_ACCESS_KEY_ID", gantry_test_moto_get_access_key_id (moto),
                          TRUE);
  env = g_environ_setenv (env, "AWS_SECRET_ACCESS_KEY",
                          gantry_test_moto_get_secret_access_key (moto), TRUE);
  env = g_environ_setenv (env, "AWS_DEFAULT_REGION", "us-east-1", TRUE);
  env = g_environ_unsetenv (env, "AWS_PROFILE");
  return env;
}

static void
row (const char *what,
     const char *result,
     const char *goal,
     const char *verdict)
{
  g_print ("| %s | %s | %s | %s |\n", what, result, goal, verdict);
}

static void
bench_whoami (GantryTestMoto *moto)
{
  g_auto(GStrv) env = child_env (moto);
  const char *endpoint = gantry_test_moto_get_endpoint (moto);
  const char *ctl[] = { g_getenv ("GANTRYCTL"), "--endpoint-url", endpoint, "whoami", NULL };
  const char *aws[] = { "aws", "--endpoint-url", endpoint, "sts", "get-caller-identity",
                        "--output", "json", NULL };
  g_autofree char *ctl_text = NULL;
  g_autofree char *aws_text = NULL;
  g_autofree char *ratio = NULL;
  Run ctl_run = median_of (5, ctl, (const char * const *) env);
  Run aws_run = median_of (3, aws, (const char * const *) env);
  double speedup = aws_run.status == 0 ? aws_run.seconds / ctl_run.seconds : 0;

  ctl_text = g_strdup_printf ("%.0f ms, %.1f MB peak RSS%s", ctl_run.seconds * 1000,
                              ctl_run.max_rss_mb, ctl_run.status ? " (FAILED)" : "");
  aws_text = g_strdup_printf ("%.0f ms%s", aws_run.seconds * 1000,
                              aws_run.status ? " (aws CLI failed)" : "");
  ratio = g_strdup_printf ("%.1fx faster", speedup);
  row ("`gantryctl whoami` (median of 5)", ctl_text, "", "");
  row ("`aws sts get-caller-identity` (median of 3)", aws_text, "", "");
  row ("whoami speed-up", ratio, ">= 10x", speedup >= 10 ? "met" : "missed");
}

/* The audit's longest chain of calls that must wait for one another, from
 * the calls the proxy counted. Nothing waits for the identity. The chains
 * (see gantry_snapshot_load_async()):
 *
 *   ECS: ListClusters pages (without a configured cluster) → ListServices
 *   pages (in parallel with DescribeClusters) → DescribeServices →
 *   DescribeTaskDefinition → GetRepositoryPolicy, which also waits for the
 *   DescribeRepositories pages;
 *   AWS Backup: ListBackupPlans → ListBackupSelections (with GetBackupPlan)
 *   → GetBackupSelection; moto does not implement ListBackupSelections, so
 *   against it the walk ends after two;
 *   the DB cluster's parameters after the clusters, subnet groups and VPCs,
 *   the listeners after the load balancers and VPCs;
 *   any other paged call's pages. */
static guint
critical_path (GantryTestProxy *proxy)
{
#define N(action) gantry_test_proxy_count (proxy, action)
#define ANY(action) (N (action) > 0 ? 1u : 0u)
  const char *paged[] = { "DescribeSecurityGroups", "DescribeSubnets", "DescribeDBSubnetGroups",
                          "DescribeRepositories", "DescribeImages", "ListTaskDefinitions",
                          "DescribeDBInstances", "DescribeLoadBalancers", "DescribeLogGroups" };
  guint longest = 0, ecs, backup, parameters, listeners;

  for (guint i = 0; i < G_N_ELEMENTS (paged); i++)
    longest = MAX (longest, N (paged[i]));

  ecs = N ("ListClusters") + N ("ListServices") + ANY ("DescribeServices") +
        ANY ("DescribeTaskDefinition");
  ecs = MAX (ecs, N ("DescribeRepositories")) + ANY ("GetRepositoryPolicy");
  /* REST calls carry no action the proxy can read: any at all means the
   * plans were listed, more than one that a plan was read after. */
  backup = ANY ("") + (N ("") > 1 ? 1 : 0);
  parameters = MAX (MAX (N ("DescribeDBClusters"), N ("DescribeDBSubnetGroups")),
                    N ("DescribeVpcs")) + N ("DescribeDBClusterParameters");
  listeners = MAX (N ("DescribeLoadBalancers"), N ("DescribeVpcs")) + N ("DescribeListeners");

  longest = MAX (longest, MAX (MAX (ecs, backup), MAX (parameters, listeners)));
  return longest;
#undef ANY
#undef N
}

static void
bench_audit (GantryTestMoto *moto,
             guint           size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTestProxy) proxy = NULL;
  g_autofree char *count = g_strdup_printf ("%u", size);
  g_autofree char *what = NULL;
  g_autofree char *result = NULL;
  g_autofree char *goal = NULL;
  g_auto(GStrv) env = child_env (moto);
  const char *seed_args[] = { "--count", count, NULL };
  const char *ctl[] = { g_getenv ("GANTRYCTL"), "--endpoint-url", NULL, "check",
                        "--format", "json", NULL };
  guint bound;
  Run run;

  if (!gantry_test_moto_reset (moto, &error) ||
      !gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error) ||
      !gantry_test_moto_run_seed (moto, "seed-paging.py", seed_args, NULL, &error))
    {
      g_printerr ("bench: seeding failed: %s\n", error->message);
      return;
    }

  proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), &error);
  g_assert_no_error (error);
  gantry_test_proxy_set_latency (proxy, LATENCY_MS);
  ctl[2] = gantry_test_proxy_get_endpoint (proxy);

  /* gantryctl check exits 1 when checks fail: that is its verdict, not ours. */
  run = run_child_async (ctl, (const char * const *) env);
  bound = critical_path (proxy);

  what = g_strdup_printf ("audit, %u of each resource kind, +%u ms per request", size,
                          LATENCY_MS);
  result = g_strdup_printf ("%.2f s, %u requests, %u in flight at most (exit %d)",
                            run.seconds, gantry_test_proxy_count (proxy, NULL),
                            gantry_test_proxy_max_in_flight (proxy), run.status);
  goal = g_strdup_printf ("<= 1.5 x %u x %u ms = %.2f s", bound, LATENCY_MS,
                          1.5 * bound * LATENCY_MS / 1000.0);
  row (what, result, goal, run.seconds <= 1.5 * bound * LATENCY_MS / 1000.0 ? "met" : "missed");
}

/* One start of gantry to its first frame: the time from spawning it to the
 * moment it reports (GANTRY_BENCH_FIRST_FRAME) that the server drew its
 * first painted frame, not the time it took to exit. */
static Run
run_first_frame (const char * const  *argv,
                 const char * const  *env,
                 char               **renderer)
{
  Run run = { 0 };
  struct rusage usage;
  GPid pid;
  int out_fd = -1;
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 frame = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_auto(GStrv) fields = NULL;
  char buffer[256];
  gssize n;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, (char **) env,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("bench: cannot run %s: %s\n", argv[0], error->message);
      run.status = -1;
      return run;
    }

  while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (output, buffer, n);
  close (out_fd);
  wait4 (pid, &status, 0, &usage);
  g_spawn_close_pid (pid);

  fields = g_strsplit (g_strstrip (output->str), " ", 3);
  if (g_strv_length (fields) >= 2 && g_str_equal (fields[0], "first-frame"))
    frame = g_ascii_strtoll (fields[1], NULL, 10);
  if (renderer != NULL && g_strv_length (fields) >= 3)
    {
      g_free (*renderer);
      *renderer = g_strdup (fields[2]);
    }

  run.seconds = (frame - start) / (double) G_USEC_PER_SEC;
  run.max_rss_mb = usage.ru_maxrss / 1024.0;
  run.status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  if (frame == 0 && run.status == 0)
    run.status = -1;
  return run;
}

static void
bench_first_frame_of (const char *gantry,
                      const char *build,
                      const char *renderer,
                      gboolean    no_gl)
{
  const guint n = 5;
  g_autofree char *home = g_dir_make_tmp ("gantry-bench-XXXXXX", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { gantry, NULL };
  g_autofree double *times = g_new0 (double, n);
  g_autofree char *used = NULL;
  g_autofree char *what = NULL;
  g_autofree char *result = NULL;
  Run run = { 0 };

  /* A fresh user: no profile, so the first-run page, and no network. */
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "GANTRY_BENCH_FIRST_FRAME", "1", TRUE);
  env = g_environ_unsetenv (env, "AWS_ACCESS_KEY_ID");
  env = g_environ_unsetenv (env, "AWS_PROFILE");
  if (renderer != NULL)
    env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  else
    env = g_environ_unsetenv (env, "GSK_RENDERER");
  /* GTK 4.8 loads the GL driver (llvmpipe: libLLVM) when it opens an X11
   * display, even for cairo; this shows what is left without it. */
  if (no_gl)
    env = g_environ_setenv (env, "GDK_DEBUG", "gl-disable", TRUE);

  /* One start to warm the page cache, as a desktop session would be */
  run_first_frame (argv, (const char * const *) env, NULL);
  for (guint i = 0; i < n; i++)
    {
      Run one = run_first_frame (argv, (const char * const *) env, &used);

      times[i] = one.seconds;
      run.max_rss_mb = MAX (run.max_rss_mb, one.max_rss_mb);
      run.status = one.status != 0 ? one.status : run.status;
    }
  qsort (times, n, sizeof (double), compare_doubles);
  run.seconds = times[n / 2];
  g_rmdir (home);

  what = g_strdup_printf ("`gantry` start to first frame, %s build, %s%s (median of %u)",
                          build, used != NULL ? used : renderer != NULL ? renderer : "default",
                          no_gl ? ", GDK_DEBUG=gl-disable" : "", n);
  result = g_strdup_printf ("%.0f ms (%.0f-%.0f), %.1f MB peak RSS%s", run.seconds * 1000,
                            times[0] * 1000, times[n - 1] * 1000, run.max_rss_mb,
                            run.status ? " (FAILED)" : "");
  row (what, result, "<= 300 ms, <= 80 MB",
       run.status == 0 && run.seconds <= 0.3 && run.max_rss_mb <= 80 ? "met" : "missed");
}

/* Under Xvfb there is no GPU: the default renderer (GL) runs on Mesa's
 * llvmpipe, which a desktop with a GPU does not pay for, and cairo is the
 * other end. Both are shown, named, for the debug build and, when
 * build-aux/bench.sh made one, a release build; the release build also
 * without GL at all, which is what is left of GTK and Gantry. */
static void
bench_first_frame (void)
{
  const char *builds[][2] = { { g_getenv ("GANTRY"), g_getenv ("GANTRY_BUILD_TYPE") },
                              { g_getenv ("GANTRY_RELEASE"), "release" } };

  for (guint i = 0; i < G_N_ELEMENTS (builds); i++)
    {
      const char *build = builds[i][1] != NULL ? builds[i][1] : "debug";

      if (builds[i][0] == NULL)
        continue;
      bench_first_frame_of (builds[i][0], build, NULL, FALSE);
      bench_first_frame_of (builds[i][0], build, "cairo", FALSE);
      if (i == 1)
        bench_first_frame_of (builds[i][0], build, "cairo", TRUE);
    }
}

static long
rss_kb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
bench_history (void)
{
  const guint n = 10000, page = 50;
  g_autoptr(GantryHistory) history = gantry_history_new (NULL, NULL);
  g_autoptr(GArray) records = g_array_sized_new (FALSE, TRUE, sizeof (GantryHistoryRecord), n);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) visible = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autofree char *result = NULL;
  long before = rss_kb ();
  gint64 start;
  double first_page_ms;

  for (guint i = 0; i < n; i++)
    {
      GantryHistoryRecord record = { 0 };
      char *digest = g_strdup_printf ("sha256:%064x", i);

      g_ptr_array_add (strings, digest);
      record.kind = i % 3 ? GANTRY_HISTORY_KIND_IMAGE : GANTRY_HISTORY_KIND_DEPLOYMENT;
      record.time = g_date_time_add_minutes (base, i);
      record.service = "prod-api";
      record.repository = "backend";
      record.to = digest;
      record.outcome = "completed";
      g_array_append_val (records, record);
    }

  start = g_get_monotonic_time ();
  gantry_history_add_records (history, (GantryHistoryRecord *) (gpointer) records->data, n);
  for (guint i = 0; i < page; i++)
    g_ptr_array_add (visible, g_list_model_get_item (G_LIST_MODEL (history), i));
  first_page_ms = (g_get_monotonic_time () - start) / 1000.0;

  for (guint i = 0; i < n; i++)
    g_date_time_unref (g_array_index (records, GantryHistoryRecord, i).time);

  result = g_strdup_printf ("%.1f ms to the first 50 rows, %.1f MB for the model",
                            first_page_ms, (rss_kb () - before) / 1024.0);
  row ("history model, 10,000 entries", result, "<= 50 ms", first_page_ms <= 50 ? "met" : "missed");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  GantryTestMoto *moto;
  guint sizes[] = { 2, 20, 200 };

  g_print ("| measured | result | goal | |\n|---|---|---|---|\n");

  bench_history ();
  if (g_getenv ("GANTRY") != NULL && g_getenv ("DISPLAY") != NULL)
    bench_first_frame ();

  /* Signature checking off: the audit's AWS Backup REST calls are GETs that
   * moto cannot verify (see tests/integration/test-check.c). */
  moto = gantry_test_moto_start (FALSE, &error);
  if (moto == NULL)
    {
      g_printerr ("bench: moto_server: %s\n", error->message);
      return 1;
    }
  bench_whoami (moto);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    bench_audit (moto, sizes[i]);
  gantry_test_moto_stop (moto);

  return 0;
}
