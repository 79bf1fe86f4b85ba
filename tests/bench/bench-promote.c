/* bench-promote.c: AWS calls and wall time of one promotion
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto on loopback behind a proxy that holds every request back
 * --latency ms (default 50) stands in for a far-away region. Measured:
 * one promotion through the engine (GantryPromotion), the same through
 * `gantryctl promote` (process start, journal reconciliation included), and
 * the AWS CLI's `aws ecr batch-get-image` + `aws ecr put-image`, which move
 * the tag without any of the checks. Prints a Markdown table for the README.
 *
 * Sequential round trips are counted from the proxy's side: requests
 * arriving within half the added latency of the one before belong to the
 * same round (they were sent together); a request arriving later had to
 * wait for an answer, so it starts a new round. The engine runs twice: as
 * the app runs it (the session knows the identity, see
 * gantry_promotion_set_identity()) and cold, as gantryctl does.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-promotion.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"
#include "gantry-test-proxy.h"

#define REPOSITORY "bench"

static GantryTestMoto *moto;

/* Request arrivals at the proxy, grouped into sequential rounds. */
static struct
{
  GantryTestProxy *proxy;
  guint            latency;
  guint            seen;
  gint64           last_arrival;
  guint            rounds;
} timeline;

static void
timeline_reset (GantryTestProxy *proxy,
                guint            latency)
{
  gantry_test_proxy_reset_counts (proxy);
  timeline.proxy = proxy;
  timeline.latency = latency;
  timeline.seen = 0;
  timeline.last_arrival = 0;
  timeline.rounds = 0;
}

/* Each arrival is dispatched by its own main-loop iteration, so checking
 * the count after every iteration timestamps it to well under a millisecond. */
static void
timeline_sample (void)
{
  gint64 now;
  guint seen;

  if (timeline.proxy == NULL)
    return;
  seen = gantry_test_proxy_count (timeline.proxy, NULL);
  if (seen == timeline.seen)
    return;
  now = g_get_monotonic_time ();
  if (timeline.rounds == 0 || now - timeline.last_arrival > timeline.latency * 1000 / 2)
    timeline.rounds++;
  timeline.seen = seen;
  timeline.last_arrival = now;
}

static char *
rounds_text (void)
{
  if (timeline.latency == 0)
    return g_strdup ("-");
  return g_strdup_printf ("%u", timeline.rounds);
}

static void
await (GAsyncResult **result)
{
  while (*result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      timeline_sample ();
    }
}

static GantryAwsClient *
new_client (const char *endpoint)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, endpoint);
  return client;
}

static void
seed (void)
{
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_moto_get_endpoint (moto));
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (input, "repositoryName", REPOSITORY);
  gantry_aws_client_call_json_async (client, &gantry_aws_service_ecr, "CreateRepository", input,
                                     NULL, gantry_test_store_result, &result);
  await (&result);
  reply = gantry_aws_client_call_json_finish (client, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *manifest = g_strdup_printf (
        "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":"
        "\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":\"sha256:%064x\"},"
        "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
        "\"size\":734003200,\"digest\":\"sha256:%064x\"}]}",
        GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST, i + 1, i + 100);
      g_autoptr(GBytes) bytes = g_bytes_new (manifest, strlen (manifest));
      g_autoptr(GantryAwsImage) image = NULL;
      g_autoptr(GAsyncResult) put_result = NULL;
      g_autofree char *digest = NULL;

      image = gantry_aws_image_new (REPOSITORY, bytes, GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST,
                                    NULL);
      gantry_aws_ecr_put_image_async (ecr, image, i == 0 ? "prod-latest" : "prod-candidate",
                                      NULL, gantry_test_store_result, &put_result);
      await (&put_result);
      digest = gantry_aws_ecr_put_image_finish (ecr, put_result, &error);
      g_assert_no_error (error);
    }
}

static char *
calls_text (GantryTestProxy *proxy)
{
  static const char * const actions[] = {
    "GetCallerIdentity", "DescribeRepositories", "BatchGetImage", "DescribeImages", "PutImage",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      guint n = gantry_test_proxy_count (proxy, actions[i]);

      if (n > 0)
        g_string_append_printf (text, "%s%s x%u", text->len > 0 ? ", " : "", actions[i], n);
    }
  return g_string_free (text, FALSE);
}

static double
bench_engine (GantryTestProxy *proxy,
              const char      *to_tag,
              gboolean         session_identity)
{
  g_autoptr(GantryAwsClient) client = new_client (gantry_test_proxy_get_endpoint (proxy));
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (client, NULL, NULL);
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new (REPOSITORY);
  g_autoptr(GantryPromotionResult) outcome = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  request->to_tag = g_strdup (to_tag);
  /* What a connected GantrySession hands the engine in the app. */
  if (session_identity)
    gantry_promotion_set_identity (promotion, gantry_test_moto_get_user_arn (moto),
                                   GANTRY_TEST_MOTO_ACCOUNT_ID);
  start = g_get_monotonic_time ();
  gantry_promotion_promote_async (promotion, request, NULL, gantry_test_store_result, &result);
  await (&result);
  outcome = gantry_promotion_promote_finish (promotion, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Runs a program while the main context keeps serving the proxy. */
static double
run (const char * const  *argv,
     char               **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_test_moto_get_access_key_id (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_test_moto_get_secret_access_key (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, gantry_test_store_result, &result);
  await (&result);
  g_subprocess_communicate_utf8_finish (process, result, out_stdout, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("%s exited %d: %s", argv[0], g_subprocess_get_exit_status (process), err);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
bench_gantryctl (GantryTestProxy *proxy,
                 const char      *to_tag)
{
  const char *argv[] = { g_getenv ("GANTRYCTL"), "--endpoint-url",
                         gantry_test_proxy_get_endpoint (proxy), "--region",
                         GANTRY_TEST_MOTO_REGION, "promote", "--repository", REPOSITORY,
                         "--to-tag", to_tag, "--yes", NULL };
  g_autofree char *out = NULL;

  g_assert_nonnull (argv[0]);
  return run (argv, &out);
}

static double
bench_aws_cli (GantryTestProxy *proxy,
               const char      *to_tag,
               double          *get_ms,
               double          *put_ms)
{
  const char *get_argv[] = { "aws", "--endpoint-url", gantry_test_proxy_get_endpoint (proxy),
                             "ecr", "batch-get-image", "--repository-name", REPOSITORY,
                             "--image-ids", "imageTag=prod-candidate",
                             "--accepted-media-types",
                             GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST,
                             GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_LIST,
                             GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST,
                             GANTRY_AWS_ECR_MEDIA_TYPE_OCI_INDEX,
                             "--query", "images[0].imageManifest", "--output", "text", NULL };
  g_autofree char *manifest = NULL;
  g_autofree char *out = NULL;

  *get_ms = run (get_argv, &manifest);
  g_strchomp (manifest);
  {
    const char *put_argv[] = { "aws", "--endpoint-url", gantry_test_proxy_get_endpoint (proxy),
                               "ecr", "put-image", "--repository-name", REPOSITORY,
                               "--image-tag", to_tag, "--image-manifest", manifest,
                               "--image-manifest-media-type",
                               GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST, NULL };

    *put_ms = run (put_argv, &out);
  }
  return *get_ms + *put_ms;
}

typedef struct
{
  const char *how;
  double      best;
  guint       calls;
  char       *calls_text;
  char       *rounds;
} Row;

static void
row_record (Row             *row,
            GantryTestProxy *proxy,
            double           ms)
{
  row->best = MIN (row->best, ms);
  row->calls = gantry_test_proxy_count (proxy, NULL);
  g_free (row->calls_text);
  row->calls_text = calls_text (proxy);
  g_free (row->rounds);
  row->rounds = rounds_text ();
}

static void
row_print (const Row  *row,
           const char *extra)
{
  g_print ("| %s | %u: %s | %s | %.0f ms%s |\n", row->how, row->calls, row->calls_text,
           row->rounds, row->best, extra != NULL ? extra : "");
}

static void
row_clear (Row *row)
{
  g_free (row->calls_text);
  g_free (row->rounds);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GantryTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli_extra = NULL;
  int latency = 50;
  int runs = 3;
  double get_ms = 0, put_ms = 0;
  Row session = { "GantryPromotion (engine; identity from the session, as in the app)",
                  G_MAXDOUBLE, 0, NULL, NULL };
  Row engine = { "GantryPromotion (engine; identity read)", G_MAXDOUBLE, 0, NULL, NULL };
  Row ctl = { "`gantryctl promote --yes` (process)", G_MAXDOUBLE, 0, NULL, NULL };
  Row cli = { "`aws ecr batch-get-image` + `aws ecr put-image`", G_MAXDOUBLE, 0, NULL, NULL };
  GOptionEntry entries[] = {
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Added latency per request (ms)", "MS" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each (the best is shown)", "N" },
    { NULL }
  };

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  latency = MAX (latency, 0);

  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);
  seed ();
  proxy = gantry_test_proxy_new (gantry_test_moto_get_endpoint (moto), NULL);
  gantry_test_proxy_set_latency (proxy, latency);

  /* Each run moves its own tag, so every run really writes. */
  for (int i = 0; i < runs; i++)
    {
      g_autofree char *session_tag = g_strdup_printf ("prod-latest-session-%d", i);
      g_autofree char *engine_tag = g_strdup_printf ("prod-latest-engine-%d", i);
      g_autofree char *ctl_tag = g_strdup_printf ("prod-latest-gantryctl-%d", i);
      g_autofree char *cli_tag = g_strdup_printf ("prod-latest-cli-%d", i);
      double get_i, put_i, t;

      timeline_reset (proxy, latency);
      t = bench_engine (proxy, session_tag, TRUE);
      row_record (&session, proxy, t);

      timeline_reset (proxy, latency);
      t = bench_engine (proxy, engine_tag, FALSE);
      row_record (&engine, proxy, t);

      timeline_reset (proxy, latency);
      t = bench_gantryctl (proxy, ctl_tag);
      row_record (&ctl, proxy, t);

      timeline_reset (proxy, latency);
      t = bench_aws_cli (proxy, cli_tag, &get_i, &put_i);
      if (t < cli.best)
        {
          get_ms = get_i;
          put_ms = put_i;
        }
      row_record (&cli, proxy, t);
    }

  g_print ("One promotion against moto on loopback with %d ms added per request "
           "(best of %d; goal: 4 round trips + 20 ms = %d ms):\n\n", latency, runs,
           4 * latency + 20);
  g_print ("| how | AWS calls | sequential round trips | wall time |\n|---|---|---|---|\n");
  row_print (&session, NULL);
  row_print (&engine, NULL);
  row_print (&ctl, NULL);
  cli_extra = g_strdup_printf (" (%.0f + %.0f)", get_ms, put_ms);
  row_print (&cli, cli_extra);

  row_clear (&session);
  row_clear (&engine);
  row_clear (&ctl);
  row_clear (&cli);
  gantry_test_moto_stop (moto);
  return 0;
}
