/* test-check.c: gantryctl check against the demo account in moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo account has deliberate faults (listed in its seed's summary);
 * seed-check-faults.py adds more (see its header): most without an
 * automatic fix, and one whose fix moto cannot apply. The test asserts
 * every verdict of `gantryctl check --format json`, that --fix needs
 * consent, that the available fixes make their items pass on re-check,
 * and, through a counting proxy in front of moto, that an audit makes each
 * Describe call once and overlaps the independent ones.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gantry-test-moto.h"

/* The demo's dev account, given as gantryctl's --dev-account. */
#define DEV_ACCOUNT "111122223333"

static GantryTestMoto *moto;
static JsonObject *demo;
static JsonObject *faults;
static char *home_dir;

/* --- a counting proxy -------------------------------------------------------- */

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *endpoint;
  GHashTable  *counts;    /* "service:Action" → count */
  GHashTable  *failed;    /* "service:Action" → answers with HTTP 5xx */
  guint        total;
  guint        in_flight;
  guint        max_in_flight;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  char              *key;
} Forward;

static char *
request_key (SoupServerMessage *msg,
             const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  const char *scope = auth ? strstr (auth, "Credential=") : NULL;
  g_auto(GStrv) parts = scope ? g_strsplit (scope + strlen ("Credential="), "/", 5) : NULL;
  const char *service = parts && g_strv_length (parts) >= 4 ? parts[3] : "?";
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (target != NULL)
    return g_strdup_printf ("%s:%s", service, strrchr (target, '.') ? strrchr (target, '.') + 1
                                                                    : target);
  if (g_str_equal (service, "backup"))
    return g_strdup_printf ("%s:%s", service, path);
  {
    g_autofree char *form = g_strndup (body->data, body->length);
    g_autoptr(GHashTable) params = soup_form_decode (form);

    return g_strdup_printf ("%s:%s", service,
                            (char *) g_hash_table_lookup (params, "Action") ?: "?");
  }
}

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    soup_server_message_set_status (forward->msg, 502, NULL);
  else
    {
      SoupMessageHeaders *from = soup_message_get_response_headers (forward->upstream);
      SoupMessageHeaders *to = soup_server_message_get_response_headers (forward->msg);
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, from);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
            g_ascii_strcasecmp (name, "Transfer-Encoding") != 0 &&
            g_ascii_strcasecmp (name, "Connection") != 0)
          soup_message_headers_append (to, name, value);
      soup_server_message_set_status (forward->msg,
                                      soup_message_get_status (forward->upstream), NULL);
      soup_server_message_set_response (forward->msg,
                                        soup_message_headers_get_content_type (from, NULL),
                                        SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body));
    }
  if (soup_message_get_status (forward->upstream) >= 500)
    g_hash_table_replace (forward->proxy->failed, g_strdup (forward->key),
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (
                              g_hash_table_lookup (forward->proxy->failed, forward->key)) + 1));
  forward->proxy->in_flight--;
  soup_server_message_unpause (forward->msg);
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward->key);
  g_free (forward);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Proxy *proxy = user_data;
  g_autofree char *key = request_key (msg, path);
  g_autofree char *target = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  g_autoptr(GBytes) bytes = NULL;
  Forward *forward;

  g_hash_table_replace (proxy->counts, g_strdup (key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                                                 key)) + 1));
  proxy->total++;
  proxy->in_flight++;
  proxy->max_in_flight = MAX (proxy->max_in_flight, proxy->in_flight);

  target = g_strdup_printf ("%s%s%s%s", gantry_test_moto_get_endpoint (moto), path,
                            g_uri_get_query (uri) ? "?" : "",
                            g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  forward = g_new0 (Forward, 1);
  forward->proxy = proxy;
  forward->msg = g_object_ref (msg);
  forward->key = g_strdup (key);
  forward->upstream = soup_message_new (soup_server_message_get_method (msg), target);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0)
      soup_message_headers_replace (soup_message_get_request_headers (forward->upstream),
                                    name, value);
  bytes = g_bytes_new (body->data, body->length);
  if (body->length > 0)
    soup_message_set_request_body_from_bytes (
        forward->upstream,
        soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                               NULL),
        bytes);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, forward->upstream, G_PRIORITY_DEFAULT, NULL,
                                    forward_cb, forward);
}

static Proxy *
proxy_new (void)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  proxy->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 32,
                                                  NULL);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_cb, proxy, NULL);

  /* A deep backlog: gantryctl opens a burst of connections at once. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (socket, 128);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (proxy->server, socket, 0, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  proxy->endpoint = g_strdup_printf ("http://127.0.0.1:%u",
                                     g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_object_unref (proxy->server);
  g_object_unref (proxy->session);
  g_hash_table_unref (proxy->counts);
  g_hash_table_unref (proxy->failed);
  g_free (proxy->endpoint);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

/* --- gantryctl ----------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Run;

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Runs gantryctl asynchronously, so that an in-process proxy keeps serving. */
static int
run_gantryctl (const char         *endpoint,
               const char * const *args,
               char              **out_stdout,
               char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *gantryctl = g_getenv ("GANTRYCTL");
  Run run = { FALSE, NULL, NULL };

  g_assert_nonnull (gantryctl);
  g_ptr_array_add (argv, (gpointer) gantryctl);
  g_ptr_array_add (argv, "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) endpoint);
  g_ptr_array_add (argv, "--region");
  g_ptr_array_add (argv, "us-east-1");
  g_ptr_array_add (argv, "--dev-account");
  g_ptr_array_add (argv, DEV_ACCOUNT);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_setenv (launcher, "HOME", home_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_test_moto_get_access_key_id (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_test_moto_get_secret_access_key (moto), TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, "", NULL, communicated_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  g_test_message ("gantryctl exited %d; stderr: %s", g_subprocess_get_exit_status (process),
                  run.err ? run.err : "");
  *out_stdout = run.out;
  *out_stderr = run.err;
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
check_json (const char *endpoint,
            int        *out_status)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "check", "--format", "json", NULL };

  *out_status = run_gantryctl (endpoint, args, &out, &err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
find_check (JsonObject *report,
            const char *id)
{
  JsonArray *checks = json_object_get_array_member (report, "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), id))
        return check;
    }
  g_error ("no check %s in the report", id);
}

static gboolean
has_resource (JsonObject *check,
              const char *resource)
{
  JsonArray *resources = json_object_get_array_member (check, "resources");

  for (guint i = 0; i < json_array_get_length (resources); i++)
    if (g_strcmp0 (json_array_get_string_element (resources, i), resource) == 0)
      return TRUE;
  return FALSE;
}

static const struct
{
  const char *id;
  const char *status;
  gboolean    fix;
} expected[] = {
  { "vpc.selected", "pass", FALSE },
  { "subnets.private-pair", "pass", FALSE },
  { "subnets.public-pair", "pass", FALSE },
  { "routes.private-egress", "pass", FALSE },
  { "nacl.block-admin-ports", "fail", TRUE },        /* demo: private NACL forgets 3389 */
  { "sg.default-closed", "fail", TRUE },             /* demo: default rules kept */
  { "sg.roles", "pass", FALSE },                     /* from the services' groups */
  { "sg.lb-ingress", "pass", FALSE },
  { "sg.ecs-ingress", "fail", FALSE },               /* demo: 22 from 0.0.0.0/0 */
  { "sg.db-ingress", "pass", FALSE },
  { "sg.egress-all", "pass", FALSE },
  { "db.subnet-group", "pass", FALSE },
  { "db.multi-az", "pass", FALSE },
  { "db.encrypted", "pass", FALSE },
  { "db.private", "pass", FALSE },
  { "db.backup-retention", "fail", FALSE },          /* seed-check-faults: 3 days */
  /* moto answers ListBackupSelections with HTTP 500: coverage unknown */
  { "db.backup-copy-region", "warn", FALSE },
  { "db.tls", "pass", FALSE },
  { "lb.multi-az", "pass", FALSE },                  /* the services' zones */
  { "lb.https", "fail", FALSE },                     /* seed-check-faults: plain 8080 */
  /* seed-check-faults: turned off; moto cannot turn it on again */
  { "ecs.container-insights", "fail", TRUE },
  { "ecs.private-networking", "fail", FALSE },       /* seed-check-faults: public prod-api */
  /* seed-check-faults: prod-app updated with prod-api-task (runbook 004) */
  { "ecs.task-family-matches-service", "fail", FALSE },
  { "ecs.circuit-breaker", "warn", FALSE },          /* moto: no deploymentConfiguration */
  { "ecs.logging", "fail", FALSE },                  /* prod-api-task's group is missing */
  { "ecr.repositories", "fail", FALSE },             /* prod-api-task's repository is missing */
  { "ecr.cross-account-policy", "fail", TRUE },      /* demo: pull-only policy */
  { "ecr.tags-mutable", "fail", FALSE },             /* seed-check-faults: IMMUTABLE */
  { "ecr.scan-on-push", "warn", TRUE },              /* seed-check-faults: off */
  { "cw.alarms", "warn", FALSE },                    /* the demo has no alarms */
  { "s3.block-public-access", "error", FALSE },      /* S3 Control: not on loopback */
};

static void
test_check_verdicts (void)
{
  g_autoptr(JsonObject) report = NULL;
  JsonObject *summary, *faults_object;
  JsonObject *security_groups = json_object_get_object_member (demo, "SecurityGroups");
  JsonObject *nacls = json_object_get_object_member (demo, "NetworkAclIds");
  JsonArray *checks;
  int status;

  report = check_json (gantry_test_moto_get_endpoint (moto), &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (report, "account"), ==,
                   GANTRY_TEST_MOTO_ACCOUNT_ID);
  g_assert_cmpstr (json_object_get_string_member (report, "region"), ==, "us-east-1");

  checks = json_object_get_array_member (report, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *check = find_check (report, expected[i].id);
      JsonObject *fix = json_object_get_object_member (check, "fix");

      g_test_message ("%s: %s", expected[i].id, json_object_get_string_member (check, "detail"));
      g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, expected[i].status);
      g_assert_cmpint (json_object_get_boolean_member (fix, "available"), ==, expected[i].fix);
    }

  /* The evidence names the demo's faulty resources. */
  g_assert_true (has_resource (find_check (report, "nacl.block-admin-ports"),
                               json_object_get_string_member (nacls, "private")));
  g_assert_false (has_resource (find_check (report, "nacl.block-admin-ports"),
                                json_object_get_string_member (nacls, "public")));
  g_assert_true (has_resource (find_check (report, "sg.default-closed"),
                               json_object_get_string_member (security_groups, "default")));
  g_assert_true (has_resource (find_check (report, "sg.ecs-ingress"),
                               json_object_get_string_member (security_groups, "prod-ecs-sg")));
  g_assert_true (has_resource (find_check (report, "vpc.selected"),
                               json_object_get_string_member (demo, "VpcId")));
  faults_object = find_check (report, "s3.block-public-access");
  g_assert_nonnull (strstr (json_object_get_string_member (faults_object, "detail"),
                            "Could not evaluate"));

  /* ECS and ECR: the cluster and the repositories were discovered. */
  g_assert_true (has_resource (find_check (report, "ecs.container-insights"), "prod"));
  g_assert_nonnull (strstr (json_object_get_string_member (
                              find_check (report, "ecs.task-family-matches-service"), "detail"),
                            "service prod-app runs task family prod-api-task, which belongs to "
                            "service prod-api"));
  {
    JsonArray *public = json_object_get_array_member (faults, "PublicSubnetIds");
    JsonObject *networking = find_check (report, "ecs.private-networking");

    for (guint i = 0; i < json_array_get_length (public); i++)
      g_assert_true (has_resource (networking, json_array_get_string_element (public, i)));
    g_assert_nonnull (strstr (json_object_get_string_member (networking, "detail"),
                              "prod-api assigns public IP addresses"));
  }
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (report, "ecs.logging"),
                                                           "detail"),
                            "logs to /ecs/prod-api-task, which does not exist"));
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (report,
                                                                       "ecr.repositories"),
                                                           "detail"),
                            "uses repository convergence-prod-api, which does not exist"));
  /* prod-app no longer runs a frontend image, so only backend is audited. */
  g_assert_true (has_resource (find_check (report, "ecr.cross-account-policy"), "backend"));
  g_assert_false (has_resource (find_check (report, "ecr.cross-account-policy"), "frontend"));
  g_assert_true (has_resource (find_check (report, "ecr.tags-mutable"), "backend"));

  summary = json_object_get_object_member (report, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "pass"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (summary, "fail"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (summary, "warn"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (summary, "error"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "not_applicable"), ==, 0);
}

static void
test_check_fix_needs_consent (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) report = NULL;
  const char *args[] = { "check", "--fix", "sg.default-closed", NULL };
  int status;

  /* No terminal and no --yes: show the calls, change nothing, exit 2. */
  status = run_gantryctl (gantry_test_moto_get_endpoint (moto), args, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "ec2:RevokeSecurityGroupEgress GroupId="));
  g_assert_nonnull (strstr (err, "--yes"));

  report = check_json (gantry_test_moto_get_endpoint (moto), &status);
  g_assert_cmpstr (json_object_get_string_member (find_check (report, "sg.default-closed"),
                                                  "status"), ==, "fail");
}

static void
test_check_unknown_fix (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "check", "--fix", "sg.roles", "--yes", NULL };

  g_assert_cmpint (run_gantryctl (gantry_test_moto_get_endpoint (moto), args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no automatic fix"));
}

/* moto answers UpdateClusterSettings with HTTP 500: the fix says so and
 * leaves the cluster as it was. */
static void
test_check_container_insights_fix_fails (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) report = NULL;
  const char *args[] = { "check", "--fix", "ecs.container-insights", "--yes", "--format", "json",
                         NULL };
  JsonObject *check;
  int status;

  status = run_gantryctl (gantry_test_moto_get_endpoint (moto), args, &out, &err);
  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, "ecs:UpdateClusterSettings cluster=prod "
                                 "settings=[{name=containerInsights,value=enabled}]"));
  g_assert_nonnull (strstr (err, "the fix of ecs.container-insights failed: Container Insights "
                                 "was not turned on for cluster prod: this endpoint does not "
                                 "implement ecs:UpdateClusterSettings, so nothing was changed"));
  g_assert_null (strstr (err, "CRITICAL"));

  report = check_json (gantry_test_moto_get_endpoint (moto), &status);
  check = find_check (report, "ecs.container-insights");
  g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "fail");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "detail"), "disabled"));
}

static void
test_check_apply_fixes (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GPtrArray) fixable = g_ptr_array_new ();
  g_autofree char *list = NULL;
  const char *args[] = { "check", "--fix", NULL, "--yes", "--format", "json", NULL };
  int status;

  before = check_json (gantry_test_moto_get_endpoint (moto), &status);
  /* All but Container Insights, whose fix moto cannot apply (see above). */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (json_object_get_boolean_member (json_object_get_object_member (find_check (before, expected[i].id), "fix"), "available") &&
        !g_str_equal (expected[i].id, "ecs.container-insights"))
      g_ptr_array_add (fixable, (gpointer) expected[i].id);
  g_ptr_array_add (fixable, NULL);
  g_assert_cmpuint (fixable->len, ==, 5);
  list = g_strjoinv (",", (char **) fixable->pdata);
  args[2] = list;

  status = run_gantryctl (gantry_test_moto_get_endpoint (moto), args, &out, &err);
  g_assert_nonnull (strstr (err, "ec2:CreateNetworkAclEntry NetworkAclId="));
  g_assert_nonnull (strstr (err, "nacl.block-admin-ports: fixed; re-check says pass."));
  g_assert_nonnull (strstr (err, "sg.default-closed: fixed; re-check says pass."));
  g_assert_nonnull (strstr (err, "ecr:SetRepositoryPolicy repositoryName=backend policyText="));
  g_assert_nonnull (strstr (err, "ecr.cross-account-policy: fixed; re-check says pass."));
  g_assert_nonnull (strstr (err, "ecr:PutImageScanningConfiguration repositoryName=backend"));
  g_assert_nonnull (strstr (err, "ecr.scan-on-push: fixed; re-check says pass."));
  g_assert_null (strstr (err, "CRITICAL"));
  /* sg.ecs-ingress, db.backup-retention, lb.https and the ECS faults still fail. */
  g_assert_cmpint (status, ==, 1);

  after = check_json (gantry_test_moto_get_endpoint (moto), &status);
  for (guint i = 0; i + 1 < fixable->len; i++)
    {
      JsonObject *check = find_check (after, fixable->pdata[i]);

      g_test_message ("%s after the fix: %s", (char *) fixable->pdata[i],
                      json_object_get_string_member (check, "detail"));
      g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "pass");
    }

  /* Fixes are idempotent: nothing is left to do. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_gantryctl (gantry_test_moto_get_endpoint (moto), args, &out, &err);
  g_assert_nonnull (strstr (err, "nacl.block-admin-ports: nothing to fix."));
  g_assert_nonnull (strstr (err, "ecr.cross-account-policy: nothing to fix."));
  g_assert_nonnull (strstr (err, "ecr.scan-on-push: nothing to fix."));
  g_assert_cmpint (status, ==, 1);

  /* The merge kept the demo's own statement next to the one it added. */
  {
    const char *seed_args[] = { "--show-policy", "backend", NULL };
    g_autofree char *policy = NULL;
    g_autoptr(GError) error = NULL;

    gantry_test_moto_run_seed (moto, "seed-check-faults.py", seed_args, &policy, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (policy, "\"AllowDevPull\""));
    g_assert_nonnull (strstr (policy, "\"GantryDevPushPull\""));
    g_assert_nonnull (strstr (policy, "ecr:CompleteLayerUpload"));
  }
}

/* Each Describe once (moto does not page these small lists), the
 * independent ones in flight together. */
static void
test_check_calls_counted (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autoptr(JsonObject) report = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_calls = 0;
  gint64 start;
  int status;

  start = g_get_monotonic_time ();
  report = check_json (proxy->endpoint, &status);
  g_test_message ("one audit: %u requests, at most %u in flight, %.0f ms (gantryctl start "
                  "included)", proxy->total, proxy->max_in_flight,
                  (g_get_monotonic_time () - start) / 1000.0);

  g_hash_table_iter_init (&iter, proxy->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint failed = GPOINTER_TO_UINT (g_hash_table_lookup (proxy->failed, key));

      g_test_message ("  %s × %u (%u answered 5xx)", (char *) key, GPOINTER_TO_UINT (value),
                      failed);
      /* A call moto answers with HTTP 500 is retried, as the standard
       * retry mode says (3 attempts); every other call is made once, or
       * once per resource: each of the two services' task definitions. */
      if (failed > 0)
        g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, 3);
      else if (g_str_equal (key, "ecs:DescribeTaskDefinition"))
        g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 2);
      else
        g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
      n_calls += failed > 0 || g_str_equal (key, "ecs:DescribeTaskDefinition")
                 ? 1 : GPOINTER_TO_UINT (value);
    }
  /* The ECS chain, the repositories (only backend's policy: discovery
   * picked backend alone) and the log groups were read. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                           "ecr:GetRepositoryPolicy")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                           "logs:DescribeLogGroups")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                           "ecs:DescribeServices")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                           "ec2:DescribeSecurityGroups")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts,
                                                           "elasticloadbalancing:DescribeListeners")),
                    ==, 1);
  g_assert_cmpuint (n_calls, ==, g_hash_table_size (proxy->counts));
  g_assert_cmpuint (g_hash_table_size (proxy->counts), >=, 26);
  g_assert_cmpuint (proxy->max_in_flight, >=, 4);
  g_assert_cmpstr (json_object_get_string_member (find_check (report, "vpc.selected"), "status"),
                   ==, "pass");
}

static void
test_moto_unavailable (void)
{
  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();
  g_assert_not_reached ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *summary = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gantry_test_moto_is_available ())
    {
      g_test_add_func ("/integration/check/moto-unavailable", test_moto_unavailable);
      return g_test_run ();
    }

  g_test_add_func ("/integration/check/verdicts", test_check_verdicts);
  g_test_add_func ("/integration/check/calls-counted", test_check_calls_counted);
  g_test_add_func ("/integration/check/fix-needs-consent", test_check_fix_needs_consent);
  g_test_add_func ("/integration/check/unknown-fix", test_check_unknown_fix);
  g_test_add_func ("/integration/check/container-insights-fix-fails",
                   test_check_container_insights_fix_fails);
  g_test_add_func ("/integration/check/apply-fixes", test_check_apply_fixes);

  home_dir = g_strdup (g_get_home_dir ());
  /* Signatures unchecked: moto's verifier rejects every REST GET (boto3's
   * ListBackupPlans too), which would hide the AWS Backup source. */
  moto = gantry_test_moto_start (FALSE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &summary, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, summary, -1, &error);
  g_assert_no_error (error);
  demo = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_clear_pointer (&summary, g_free);
  gantry_test_moto_run_seed (moto, "seed-check-faults.py", NULL, &summary, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, summary, -1, &error);
  g_assert_no_error (error);
  faults = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  status = g_test_run ();
  g_clear_pointer (&demo, json_object_unref);
  g_clear_pointer (&faults, json_object_unref);
  gantry_test_moto_stop (moto);
  g_free (home_dir);
  return status;
}
