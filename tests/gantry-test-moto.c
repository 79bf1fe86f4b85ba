/* gantry-test-moto.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs a real moto_server for integration tests.
 *
 * This is deliberately not a mock: Gantry's AWS client is tested against an
 * independent implementation of the wire protocols, so a mistake shared by
 * the client and a hand-written fake cannot pass unnoticed.
 *
 * The process itself is a GantryMotoServer, the same launcher the demo
 * account uses; this file adds what only tests need: a private folder for
 * the log, signature verification, reset and the seed scripts.
 *
 * Everything here is blocking from the caller's point of view but never
 * sleeps: each wait spins the thread-default main context until an async
 * libsoup/GSubprocess operation or a GSource timeout has fired. That is fine
 * for test code and keeps the deadlines honest.
 *
 * Signature-verifying mode: moto checks SigV4 signatures only once its
 * counter of unauthenticated requests reaches INITIAL_NO_AUTH_ACTION_COUNT.
 * seed-auth.py spends exactly NO_AUTH_REQUESTS of them (CreateUser,
 * PutUserPolicy, CreateAccessKey; GET /moto-api/ and POST /moto-api/… are
 * not counted) and then proves that a wrong secret is refused. A smaller
 * count fails at CreateAccessKey, a larger one would let unsigned requests
 * from the test itself through.
 *
 * POST /moto-api/reset clears every backend, including IAM, but not that
 * counter, so after a plain reset every request would be refused for an
 * unknown key. gantry_test_moto_reset() therefore also re-arms the counter
 * with POST /moto-api/reset-auth and runs seed-auth.py again: the access key
 * changes on every reset.
 */

#define G_LOG_DOMAIN "gantry-test-moto"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>

#include "core/gantry-moto-server.h"
#include "gantry-test-moto.h"

#define MOTO_PROGRAM           "moto_server"
#define REQUEST_TIMEOUT_SECONDS 10
#define SCRIPT_TIMEOUT_SECONDS 120

/* Must match NO_AUTH_REQUESTS in tests/moto/seed-auth.py, which reports
 * its value so a mismatch is caught rather than debugged. */
#define NO_AUTH_REQUESTS       3

/* moto's conventional credentials while it is not verifying signatures. */
#define UNVERIFIED_KEY         "testing"

struct _GantryTestMoto
{
  GMainContext         *context;
  SoupSession          *session;
  GantryMotoServer     *server;
  char                 *tmpdir;

  gboolean              verify_signatures;
  GantryAwsCredentials *credentials;
  char                 *user_arn;
};

/* Instances that have a live moto_server, for the atexit() safety net. */
static GPtrArray *live_instances;

/* ---------------------------------------------------------------------- */
/* Spinning the main context                                               */

static gboolean
flag_true_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* GSource's own autoptr only unrefs; a timeout scoped to one wait must
 * also be destroyed, or it could fire into a stale flag later. */
typedef GSource TimeoutSource;

static TimeoutSource *
add_timeout (GMainContext *context,
             guint         interval_ms,
             gboolean     *fired)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, flag_true_cb, fired, NULL);
  g_source_attach (source, context);
  return source;
}

static void
destroy_source (TimeoutSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TimeoutSource, destroy_source)

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
async_wait_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* ---------------------------------------------------------------------- */
/* Logs                                                                    */

static void
remove_tmpdir (const char *tmpdir)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmpdir == NULL)
    return;
  dir = g_dir_open (tmpdir, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tmpdir, name, NULL);

          if (g_unlink (path) != 0)
            g_warning ("Could not remove %s: %s", path, g_strerror (errno));
        }
    }
  if (g_rmdir (tmpdir) != 0)
    g_warning ("Could not remove %s: %s", tmpdir, g_strerror (errno));
}

/* ---------------------------------------------------------------------- */
/* HTTP to moto's own API                                                  */

static gboolean
moto_api_request (GantryTestMoto *self,
                  const char     *method,
                  const char     *path,
                  const char     *body,
                  guint          *out_status,
                  GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autofree char *uri = g_strconcat (gantry_test_moto_get_endpoint (self), path, NULL);
  AsyncWait wait = { 0 };

  message = soup_message_new (method, uri);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      /* text/plain: with a form content type Flask eats the body and
       * /moto-api/reset-auth answers 500. */
      soup_message_set_request_body_from_bytes (message, "text/plain", bytes);
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                                    async_wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (self->context, TRUE);
  response = soup_session_send_and_read_finish (self->session, wait.result, error);
  g_clear_object (&wait.result);
  if (response == NULL)
    return FALSE;

  *out_status = soup_message_get_status (message);
  return TRUE;
}

static gboolean
moto_api_post_ok (GantryTestMoto *self,
                  const char     *path,
                  const char     *body,
                  GError        **error)
{
  guint status = 0;

  if (!moto_api_request (self, "POST", path, body, &status, error))
    {
      g_prefix_error (error, "POST %s: ", path);
      return FALSE;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "POST %s%s answered HTTP %u", gantry_test_moto_get_endpoint (self), path,
                   status);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Python scripts                                                          */

static char *
find_script (const char  *script_name,
             GError     **error)
{
  g_autofree char *path = NULL;
  const char *dir;

  if (g_path_is_absolute (script_name))
    {
      path = g_strdup (script_name);
    }
  else if ((dir = g_getenv ("GANTRY_TEST_MOTO_SCRIPTS")) != NULL)
    {
      path = g_build_filename (dir, script_name, NULL);
    }
  else if ((dir = g_getenv ("G_TEST_SRCDIR")) != NULL)
    {
      path = g_build_filename (dir, "moto", script_name, NULL);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Cannot find %s: set GANTRY_TEST_MOTO_SCRIPTS or G_TEST_SRCDIR", script_name);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Seed script %s does not exist", path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* Runs `python3 SCRIPT --endpoint URL ARGS…`. The credentials go in the
 * environment, never argv, and the caller's own AWS configuration is shut
 * out (see gantry_moto_server_setup_client_environment()). */
static gboolean
run_python (GantryTestMoto     *self,
            const char         *script_name,
            const char *const  *args,
            gboolean            with_credentials,
            char              **out_stdout,
            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(TimeoutSource) timeout = NULL;
  g_autofree char *script = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  g_autofree char *basename = NULL;
  gboolean timed_out = FALSE;
  gboolean killed = FALSE;
  AsyncWait wait = { 0 };
  gboolean ok;

  script = find_script (script_name, error);
  if (script == NULL)
    return FALSE;
  basename = g_path_get_basename (script);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) "--endpoint");
  g_ptr_array_add (argv, (char *) gantry_test_moto_get_endpoint (self));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, self->tmpdir);
  gantry_moto_server_setup_client_environment (self->server, launcher, GANTRY_TEST_MOTO_REGION,
                                               with_credentials ? self->credentials : NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (process == NULL)
    {
      g_prefix_error (error, "Could not run %s: ", basename);
      return FALSE;
    }

  timeout = add_timeout (self->context, SCRIPT_TIMEOUT_SECONDS * 1000, &timed_out);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, async_wait_cb, &wait);
  while (!wait.done)
    {
      g_main_context_iteration (self->context, TRUE);
      if (timed_out && !killed)
        {
          /* communicate completes once the killed script's pipes close. */
          g_subprocess_force_exit (process);
          killed = TRUE;
        }
    }
  ok = g_subprocess_communicate_utf8_finish (process, wait.result, &stdout_buf, &stderr_buf,
                                             error);
  g_clear_object (&wait.result);
  if (!ok)
    {
      g_prefix_error (error, "%s: ", basename);
      gantry_aws_secret_free (g_steal_pointer (&stdout_buf));
      return FALSE;
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      /* stderr is safe to show: none of the scripts print a secret there. */
      g_set_error (error, G_IO_ERROR, killed ? G_IO_ERROR_TIMED_OUT : G_IO_ERROR_FAILED,
                   "%s %s: %s", basename,
                   killed ? "ran too long and was killed"
                   : g_subprocess_get_if_exited (process) ? "failed" : "was killed",
                   stderr_buf != NULL && *stderr_buf != '\0' ? stderr_buf : "(no output)");
      gantry_aws_secret_free (g_steal_pointer (&stdout_buf));
      return FALSE;
    }

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&stdout_buf);
  else
    gantry_aws_secret_free (g_steal_pointer (&stdout_buf));
  return TRUE;
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Creates the IAM user and its key while moto still lets requests through
 * unsigned; afterwards moto checks every signature. */
static gboolean
seed_auth (GantryTestMoto  *self,
           GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *output = NULL;
  JsonObject *object;
  const char *key_id;
  const char *secret;
  const char *arn;
  gboolean parsed;

  if (!run_python (self, "seed-auth.py", NULL, FALSE, &output, error))
    return FALSE;

  parsed = json_parser_load_from_data (parser, output, -1, error);
  gantry_aws_secret_free (output);
  if (!parsed)
    {
      g_prefix_error (error, "seed-auth.py printed no JSON: ");
      return FALSE;
    }

  object = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  key_id = object != NULL ? object_get_string (object, "AccessKeyId") : NULL;
  secret = object != NULL ? object_get_string (object, "SecretAccessKey") : NULL;
  arn = object != NULL ? object_get_string (object, "Arn") : NULL;
  if (key_id == NULL || secret == NULL || arn == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "seed-auth.py did not print AccessKeyId, SecretAccessKey and Arn");
      return FALSE;
    }
  if (json_object_get_int_member_with_default (object, "NoAuthRequests", 0) != NO_AUTH_REQUESTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "seed-auth.py spends %" G_GINT64_FORMAT " unauthenticated requests, "
                   "the harness starts moto with %d",
                   json_object_get_int_member_with_default (object, "NoAuthRequests", 0),
                   NO_AUTH_REQUESTS);
      return FALSE;
    }

  g_clear_pointer (&self->credentials, gantry_aws_credentials_unref);
  self->credentials = gantry_aws_credentials_new (key_id, secret, NULL, NULL, "moto");
  g_free (self->user_arn);
  self->user_arn = g_strdup (arn);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The moto_server process                                                 */

/* Stops moto and waits until it is gone, so a test that checks the port
 * next finds it closed. GantryMotoServer bounds the wait: SIGKILL follows
 * SIGTERM after a few seconds. */
static void
stop_and_wait (GantryTestMoto *self)
{
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  if (self->server == NULL || !gantry_moto_server_get_running (self->server))
    return;

  gantry_moto_server_stop_async (self->server, async_wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (self->context, TRUE);
  if (!gantry_moto_server_stop_finish (self->server, wait.result, &error))
    g_warning ("Stopping moto_server failed: %s", error->message);
  g_clear_object (&wait.result);
}

static void
stop_live_instances_at_exit (void)
{
  /* A test binary that returns from main() without gantry_test_moto_stop():
   * signal only, since reaping needs a main loop and this process is ending
   * anyway. A crash or abort is covered by PR_SET_PDEATHSIG instead. */
  if (live_instances == NULL)
    return;
  for (guint i = 0; i < live_instances->len; i++)
    {
      GantryTestMoto *self = g_ptr_array_index (live_instances, i);

      if (self->server != NULL)
        gantry_moto_server_stop (self->server);
    }
}

static void
track_instance (GantryTestMoto *self)
{
  if (live_instances == NULL)
    {
      live_instances = g_ptr_array_new ();
      atexit (stop_live_instances_at_exit);
    }
  g_ptr_array_add (live_instances, self);
}

/* ---------------------------------------------------------------------- */
/* Public API                                                              */

/**
 * gantry_test_moto_is_available:
 *
 * Returns: whether `moto_server` is on `PATH`. Tests skip only when it is not.
 */
gboolean
gantry_test_moto_is_available (void)
{
  g_autofree char *program = g_find_program_in_path (MOTO_PROGRAM);

  return program != NULL;
}

static void
gantry_test_moto_free (GantryTestMoto *self)
{
  g_clear_object (&self->server);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->credentials, gantry_aws_credentials_unref);
  g_free (self->user_arn);
  g_free (self->tmpdir);
  g_free (self);
}

/**
 * gantry_test_moto_start:
 * @verify_signatures: whether moto should check every request's SigV4
 *   signature against an IAM user made for the test
 * @error: return location for a #GError
 *
 * Starts `moto_server` on a free loopback port and waits until it answers.
 * Spins the thread-default main context while it waits; call it from the
 * main thread (PR_SET_PDEATHSIG fires when the spawning *thread* exits).
 *
 * With @verify_signatures, the credentials are those of the IAM user
 * `gantry-ci` (allowed everything by an inline policy); otherwise they are
 * moto's conventional `testing`/`testing`.
 *
 * If moto does not come up, the error message carries the end of its log
 * and the log is kept on disk.
 *
 * Returns: (transfer full) (nullable): a running moto, or %NULL with
 *   @error set (%G_IO_ERROR_NOT_FOUND if `moto_server` is not installed)
 */
GantryTestMoto *
gantry_test_moto_start (gboolean   verify_signatures,
                        GError   **error)
{
  g_autofree char *program = g_find_program_in_path (MOTO_PROGRAM);
  g_autoptr(GHashTable) extra_env = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *no_auth = NULL;
  AsyncWait wait = { 0 };
  GantryTestMoto *self;

  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not on PATH", MOTO_PROGRAM);
      return NULL;
    }

  self = g_new0 (GantryTestMoto, 1);
  self->verify_signatures = verify_signatures;
  self->context = g_main_context_ref_thread_default ();
  /* No proxy for loopback. NULL, not a direct resolver: with any resolver
   * set, GIO 2.74 still instantiates the default one, whose GNOME module
   * reads GSettings and aborts under G_TEST_OPTION_ISOLATE_DIRS (no
   * schemas in the isolated XDG_DATA_DIRS). */
  self->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                 "timeout", REQUEST_TIMEOUT_SECONDS,
                                                 NULL);
  self->tmpdir = g_dir_make_tmp ("gantry-moto-XXXXXX", error);
  if (self->tmpdir == NULL)
    {
      gantry_test_moto_free (self);
      return NULL;
    }

  extra_env = g_hash_table_new (g_str_hash, g_str_equal);
  no_auth = g_strdup_printf ("%d", NO_AUTH_REQUESTS);
  /* A NULL value unsets an inherited count in the unverified mode. */
  g_hash_table_insert (extra_env, (char *) "INITIAL_NO_AUTH_ACTION_COUNT",
                       verify_signatures ? no_auth : NULL);
  gantry_moto_server_start_full_async (self->tmpdir, extra_env, NULL, async_wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (self->context, TRUE);
  self->server = gantry_moto_server_start_finish (wait.result, &local_error);
  g_clear_object (&wait.result);
  if (self->server == NULL)
    {
      /* The log stays on disk for diagnosis; the message names it. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      gantry_test_moto_free (self);
      return NULL;
    }
  track_instance (self);

  if (verify_signatures)
    {
      if (!seed_auth (self, error))
        {
          g_prefix_error (error, "Could not create moto's IAM user (log: %s): ",
                          gantry_test_moto_get_log_path (self));
          stop_and_wait (self);
          g_ptr_array_remove (live_instances, self);
          /* The log stays on disk for diagnosis. */
          gantry_test_moto_free (self);
          return NULL;
        }
    }
  else
    {
      self->credentials = gantry_aws_credentials_new (UNVERIFIED_KEY, UNVERIFIED_KEY, NULL, NULL,
                                                      "moto");
      /* What moto's GetCallerIdentity reports for an unverified caller. */
      self->user_arn = g_strdup ("arn:aws:sts::" GANTRY_TEST_MOTO_ACCOUNT_ID ":user/moto");
    }

  g_test_message ("moto_server pid %s on %s (%s signature verification), log %s",
                  gantry_test_moto_get_identifier (self), gantry_test_moto_get_endpoint (self),
                  verify_signatures ? "with" : "without", gantry_test_moto_get_log_path (self));
  return self;
}

/**
 * gantry_test_moto_get_endpoint:
 *
 * Returns: `http://127.0.0.1:PORT`
 */
const char *
gantry_test_moto_get_endpoint (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return gantry_moto_server_get_endpoint (self->server);
}

guint16
gantry_test_moto_get_port (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return gantry_moto_server_get_port (self->server);
}

/**
 * gantry_test_moto_get_access_key_id:
 *
 * The key changes with every gantry_test_moto_reset() in verifying mode;
 * don't keep the pointer across a reset.
 *
 * Returns: the IAM user's access key ID, or `testing` when not verifying
 */
const char *
gantry_test_moto_get_access_key_id (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return gantry_aws_credentials_get_access_key_id (self->credentials);
}

/**
 * gantry_test_moto_get_secret_access_key:
 *
 * Valid until the next gantry_test_moto_reset() or gantry_test_moto_stop().
 * It lives in memory only and is wiped when replaced.
 *
 * Returns: the IAM user's secret, or `testing` when not verifying
 */
const char *
gantry_test_moto_get_secret_access_key (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return gantry_aws_credentials_get_secret_access_key (self->credentials);
}

/**
 * gantry_test_moto_get_user_arn:
 *
 * Returns: `arn:aws:iam::123456789012:user/gantry-ci` when verifying; else
 *   `arn:aws:sts::123456789012:user/moto`, what moto reports for any caller
 */
const char *
gantry_test_moto_get_user_arn (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->user_arn;
}

/**
 * gantry_test_moto_get_credentials:
 *
 * Returns: (transfer none): the current credentials as Gantry's own type;
 *   replaced by gantry_test_moto_reset() in verifying mode (take a ref)
 */
GantryAwsCredentials *
gantry_test_moto_get_credentials (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->credentials;
}

gboolean
gantry_test_moto_get_verify_signatures (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->verify_signatures;
}

/**
 * gantry_test_moto_get_log_path:
 *
 * Returns: moto's combined stdout/stderr; removed by gantry_test_moto_stop()
 *   unless a test has failed or `GANTRY_TEST_MOTO_KEEP_LOG` is set
 */
const char *
gantry_test_moto_get_log_path (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return gantry_moto_server_get_log_path (self->server);
}

/**
 * gantry_test_moto_get_identifier:
 *
 * Returns: (nullable): moto_server's process ID as a string, as
 *   g_subprocess_get_identifier() gives it, for tests that kill it
 */
const char *
gantry_test_moto_get_identifier (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return gantry_moto_server_get_identifier (self->server);
}

/**
 * gantry_test_moto_setenv:
 *
 * Points the standard AWS environment of this process at moto:
 * `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the key pair, and
 * no profile, session token or config files. For tests that exercise
 * Gantry's environment credential provider and endpoint resolution. Not
 * thread-safe (g_setenv); call it before starting threads.
 */
void
gantry_test_moto_setenv (GantryTestMoto *self)
{
  g_return_if_fail (self != NULL);

  g_setenv ("AWS_ENDPOINT_URL", gantry_test_moto_get_endpoint (self), TRUE);
  g_setenv ("AWS_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  g_setenv ("AWS_DEFAULT_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", gantry_test_moto_get_access_key_id (self), TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", gantry_test_moto_get_secret_access_key (self), TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_unsetenv ("AWS_SESSION_TOKEN");
  g_unsetenv ("AWS_PROFILE");
}

/**
 * gantry_test_moto_reset:
 * @error: return location for a #GError
 *
 * Clears every resource in moto (POST /moto-api/reset), so each test starts
 * from an empty account without restarting the server.
 *
 * In verifying mode the reset also deletes the IAM user, while moto's count
 * of unauthenticated requests stays spent. This function therefore re-arms
 * the count (POST /moto-api/reset-auth) and creates the user again: the
 * access key ID and secret change, so read them again after a reset.
 *
 * Returns: %TRUE on success
 */
gboolean
gantry_test_moto_reset (GantryTestMoto  *self,
                        GError         **error)
{
  g_autofree char *no_auth = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!moto_api_post_ok (self, "/moto-api/reset", NULL, error))
    return FALSE;
  if (!self->verify_signatures)
    return TRUE;

  no_auth = g_strdup_printf ("%d", NO_AUTH_REQUESTS);
  if (!moto_api_post_ok (self, "/moto-api/reset-auth", no_auth, error))
    return FALSE;
  if (!seed_auth (self, error))
    {
      g_prefix_error (error, "Could not recreate moto's IAM user after a reset: ");
      return FALSE;
    }
  return TRUE;
}

/**
 * gantry_test_moto_run_seed:
 * @script_name: a script in tests/moto/ (found through
 *   `GANTRY_TEST_MOTO_SCRIPTS`, else `G_TEST_SRCDIR`/moto), or an absolute
 *   path such as `GANTRY_DEMO_SEED`
 * @args: (nullable): extra arguments after `--endpoint URL`
 * @out_stdout: (out) (optional): what the script printed
 * @error: return location for a #GError
 *
 * Runs `python3 SCRIPT --endpoint URL ARGS…` with the harness's credentials
 * in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` and region us-east-1.
 * A non-zero exit is an error carrying the script's stderr.
 *
 * Returns: %TRUE if the script exited with status 0
 */
gboolean
gantry_test_moto_run_seed (GantryTestMoto     *self,
                           const char         *script_name,
                           const char *const  *args,
                           char              **out_stdout,
                           GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (script_name != NULL, FALSE);

  return run_python (self, script_name, args, TRUE, out_stdout, error);
}

/**
 * gantry_test_moto_stop:
 * @self: (nullable) (transfer full): a moto started by gantry_test_moto_start()
 *
 * Sends SIGTERM, waits up to 5 s (then SIGKILL), and frees @self. Safe if
 * moto already died. The log is kept, and its path reported with
 * g_test_message(), when the test run has failed.
 */
void
gantry_test_moto_stop (GantryTestMoto *self)
{
  if (self == NULL)
    return;

  stop_and_wait (self);
  if (live_instances != NULL)
    g_ptr_array_remove (live_instances, self);

  if (g_test_failed () || g_getenv ("GANTRY_TEST_MOTO_KEEP_LOG") != NULL)
    g_test_message ("moto_server log kept in %s", gantry_test_moto_get_log_path (self));
  else
    remove_tmpdir (self->tmpdir);

  gantry_test_moto_free (self);
}

/**
 * gantry_test_moto_try_connect:
 * @port: a loopback port
 *
 * Connects to 127.0.0.1:@port and closes again, spinning the thread-default
 * main context meanwhile: how tests check that a stopped moto is gone.
 *
 * Returns: (transfer full) (nullable): the error, %NULL if it connected;
 *   %G_IO_ERROR_CONNECTION_REFUSED when nothing listens
 */
GError *
gantry_test_moto_try_connect (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;
  AsyncWait wait = { 0 };

  /* The default proxy resolver reads GSettings, which the isolated test
   * environment has no schemas for; loopback never needs a proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, "127.0.0.1", port, NULL, async_wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  connection = g_socket_client_connect_to_host_finish (client, wait.result, &error);
  g_clear_object (&wait.result);
  return error;
}
