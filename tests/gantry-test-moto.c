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
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "gantry-test-moto.h"

#define MOTO_PROGRAM           "moto_server"
#define START_ATTEMPTS         5
#define READY_TIMEOUT_SECONDS  30
#define POLL_INTERVAL_MS       100
#define REQUEST_TIMEOUT_SECONDS 10
#define STOP_TIMEOUT_SECONDS   10
#define SCRIPT_TIMEOUT_SECONDS 120
#define LOG_TAIL_BYTES         2000

/* Must match NO_AUTH_REQUESTS in tests/moto/seed-auth.py, which reports
 * its value so a mismatch is caught rather than debugged. */
#define NO_AUTH_REQUESTS       3

/* moto's conventional credentials while it is not verifying signatures. */
#define UNVERIFIED_KEY         "testing"

typedef struct
{
  gboolean exited;
} ExitState;

struct _GantryTestMoto
{
  GMainContext         *context;
  SoupSession          *session;

  GSubprocess          *process;
  /* Shared with the wait callback, which may outlive a failed start. */
  ExitState            *exit_state;
  char                 *pid_string;

  char                 *tmpdir;
  char                 *log_path;
  char                 *endpoint;
  guint16               port;

  gboolean              verify_signatures;
  GantryAwsCredentials *credentials;
  char                 *user_arn;
};

/* Instances that have a live moto_server, for the atexit() safety net. */
static GPtrArray *live_instances;

static void
exit_state_unref (ExitState *state)
{
  g_atomic_rc_box_release (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExitState, exit_state_unref)

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

static char *
read_log_tail (const char *log_path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (log_path == NULL || !g_file_get_contents (log_path, &contents, &length, NULL))
    return g_strdup ("(no log)");
  if (length > LOG_TAIL_BYTES)
    return g_strdup_printf ("…%s", contents + length - LOG_TAIL_BYTES);
  return g_steal_pointer (&contents);
}

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

/* With @while_alive, the request is cancelled as soon as our moto exits:
 * when another program holds the port and accepts without answering, the
 * request would otherwise hang until the session timeout. */
static gboolean
moto_api_request (GantryTestMoto *self,
                  const char     *method,
                  const char     *path,
                  const char     *body,
                  gboolean        while_alive,
                  guint          *out_status,
                  GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *uri = g_strconcat (self->endpoint, path, NULL);
  AsyncWait wait = { 0 };

  message = soup_message_new (method, uri);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      /* text/plain: with a form content type Flask eats the body and
       * /moto-api/reset-auth answers 500. */
      soup_message_set_request_body_from_bytes (message, "text/plain", bytes);
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    async_wait_cb, &wait);
  while (!wait.done)
    {
      g_main_context_iteration (self->context, TRUE);
      if (while_alive && self->exit_state->exited)
        g_cancellable_cancel (cancellable);
    }
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

  if (!moto_api_request (self, "POST", path, body, FALSE, &status, error))
    {
      g_prefix_error (error, "POST %s: ", path);
      return FALSE;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "POST %s%s answered HTTP %u", self->endpoint, path, status);
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
 * out so a developer's profile can never point a seed at a real account. */
static gboolean
run_python (GantryTestMoto     *self,
            const char         *script_name,
            const char *const  *args,
            gboolean            with_credentials,
            char              **out_stdout,
            GError            **error)
{
  static const char *const aws_variables[] = {
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_ENDPOINT_URL",
  };
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
  g_ptr_array_add (argv, self->endpoint);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, self->tmpdir);
  for (guint i = 0; i < G_N_ELEMENTS (aws_variables); i++)
    g_subprocess_launcher_unsetenv (launcher, aws_variables[i]);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_REGION", GANTRY_TEST_MOTO_REGION, TRUE);
  /* A proxy from the environment must not see loopback traffic. */
  g_subprocess_launcher_setenv (launcher, "NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "127.0.0.1,localhost", TRUE);
  if (with_credentials)
    {
      g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                    gantry_test_moto_get_access_key_id (self), TRUE);
      g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                    gantry_test_moto_get_secret_access_key (self), TRUE);
    }

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

static void
moto_child_setup (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  /* If the test binary crashes, the kernel sends moto SIGTERM. The
   * getppid() check covers a parent that died before prctl() ran. Both
   * are async-signal-safe, as a post-fork child requires. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
}

static void
moto_exited_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExitState) state = user_data;
  g_autoptr(GError) error = NULL;

  /* The process is gone either way; nothing cancels this wait. */
  if (!g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, &error))
    g_debug ("Waiting for moto_server failed: %s", error->message);
  state->exited = TRUE;
}

static gboolean
pick_free_port (guint16  *out_port,
                GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return FALSE;
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!g_socket_bind (socket, address, FALSE, error))
    return FALSE;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Another process may take the port between this close and moto's bind;
   * the caller retries with a new port when moto exits early. */
  return g_socket_close (socket, error);
}

static void
forget_process (GantryTestMoto *self)
{
  g_clear_object (&self->process);
  g_clear_pointer (&self->exit_state, exit_state_unref);
  g_clear_pointer (&self->pid_string, g_free);
}

static gboolean
spawn_moto (GantryTestMoto  *self,
            const char      *program,
            GError         **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *port_string = NULL;
  g_autofree char *log_name = NULL;
  g_autofree char *no_auth = NULL;

  if (!pick_free_port (&self->port, error))
    {
      g_prefix_error (error, "Could not find a free loopback port: ");
      return FALSE;
    }
  port_string = g_strdup_printf ("%u", self->port);
  g_free (self->endpoint);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  log_name = g_strdup_printf ("moto-%u.log", self->port);
  g_free (self->log_path);
  self->log_path = g_build_filename (self->tmpdir, log_name, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_cwd (launcher, self->tmpdir);
  g_subprocess_launcher_set_child_setup (launcher, moto_child_setup,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
  /* An inherited MOTO_PORT would override the port moto reports in URLs. */
  g_subprocess_launcher_unsetenv (launcher, "MOTO_PORT");
  g_subprocess_launcher_setenv (launcher, "PYTHONUNBUFFERED", "1", TRUE);
  if (self->verify_signatures)
    {
      no_auth = g_strdup_printf ("%d", NO_AUTH_REQUESTS);
      g_subprocess_launcher_setenv (launcher, "INITIAL_NO_AUTH_ACTION_COUNT", no_auth, TRUE);
    }
  else
    {
      g_subprocess_launcher_unsetenv (launcher, "INITIAL_NO_AUTH_ACTION_COUNT");
    }

  self->process = g_subprocess_launcher_spawn (launcher, error,
                                               program, "-H", "127.0.0.1", "-p", port_string,
                                               NULL);
  if (self->process == NULL)
    {
      g_prefix_error (error, "Could not start %s: ", program);
      return FALSE;
    }
  self->pid_string = g_strdup (g_subprocess_get_identifier (self->process));
  self->exit_state = g_atomic_rc_box_new0 (ExitState);
  g_subprocess_wait_async (self->process, NULL, moto_exited_cb,
                           g_atomic_rc_box_acquire (self->exit_state));
  return TRUE;
}

/* Waits for our moto to answer GET /moto-api/. Sets *out_exited when the
 * process died first, which for a fresh port almost always means that
 * another process took the port. */
static gboolean
wait_until_ready (GantryTestMoto  *self,
                  gboolean        *out_exited,
                  GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  *out_exited = FALSE;
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(TimeoutSource) pause = NULL;
      gboolean paused = FALSE;
      guint status = 0;

      if (self->exit_state->exited)
        break;
      /* Connection refused until moto listens: expected, so not reported. */
      if (moto_api_request (self, "GET", "/moto-api/", NULL, TRUE, &status, &local_error)
          && status == SOUP_STATUS_OK
          && !self->exit_state->exited)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "moto_server did not answer on %s within %d s (last: %s)",
                       self->endpoint, READY_TIMEOUT_SECONDS,
                       local_error != NULL ? local_error->message : "HTTP error");
          return FALSE;
        }
      pause = add_timeout (self->context, POLL_INTERVAL_MS, &paused);
      while (!paused && !self->exit_state->exited)
        g_main_context_iteration (self->context, TRUE);
    }

  *out_exited = TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "moto_server exited before answering on %s", self->endpoint);
  return FALSE;
}

static void
kill_and_reap (GantryTestMoto *self)
{
  g_autoptr(TimeoutSource) timeout = NULL;
  gboolean timed_out = FALSE;

  if (self->process == NULL || self->exit_state->exited)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  timeout = add_timeout (self->context, STOP_TIMEOUT_SECONDS * 1000, &timed_out);
  while (!self->exit_state->exited && !timed_out)
    g_main_context_iteration (self->context, TRUE);
  if (self->exit_state->exited)
    return;

  g_warning ("moto_server (pid %s) ignored SIGTERM for %d s; killing it",
             self->pid_string, STOP_TIMEOUT_SECONDS);
  g_subprocess_force_exit (self->process);
  g_source_destroy (timeout);
  g_clear_pointer (&timeout, g_source_unref);
  timed_out = FALSE;
  timeout = add_timeout (self->context, STOP_TIMEOUT_SECONDS * 1000, &timed_out);
  while (!self->exit_state->exited && !timed_out)
    g_main_context_iteration (self->context, TRUE);
  /* If even SIGKILL has not been reaped, the wait callback still holds its
   * own reference on exit_state, so freeing self stays safe. */
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

      if (self->process != NULL && !self->exit_state->exited)
        g_subprocess_send_signal (self->process, SIGTERM);
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
  forget_process (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->credentials, gantry_aws_credentials_unref);
  g_free (self->user_arn);
  g_free (self->endpoint);
  g_free (self->log_path);
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

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *tail = NULL;
      gboolean exited = FALSE;

      if (!spawn_moto (self, program, error))
        {
          remove_tmpdir (self->tmpdir);
          gantry_test_moto_free (self);
          return NULL;
        }
      track_instance (self);
      if (wait_until_ready (self, &exited, &local_error))
        break;

      kill_and_reap (self);
      g_ptr_array_remove (live_instances, self);
      tail = read_log_tail (self->log_path);
      forget_process (self);
      if (!exited || attempt == START_ATTEMPTS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s (attempt %u of %d; log kept in %s):\n%s",
                       local_error->message, attempt, START_ATTEMPTS, self->log_path, tail);
          /* The log stays on disk for diagnosis. */
          gantry_test_moto_free (self);
          return NULL;
        }
      g_debug ("moto_server could not use port %u, retrying: %s", self->port, tail);
    }

  if (verify_signatures)
    {
      if (!seed_auth (self, error))
        {
          g_prefix_error (error, "Could not create moto's IAM user (log: %s): ", self->log_path);
          kill_and_reap (self);
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
                  self->pid_string, self->endpoint, verify_signatures ? "with" : "without",
                  self->log_path);
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
  return self->endpoint;
}

guint16
gantry_test_moto_get_port (GantryTestMoto *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
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
  return self->log_path;
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
  return self->pid_string;
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

  g_setenv ("AWS_ENDPOINT_URL", self->endpoint, TRUE);
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
 * Sends SIGTERM, waits up to 10 s (then SIGKILL), and frees @self. Safe if
 * moto already died. The log is kept, and its path reported with
 * g_test_message(), when the test run has failed.
 */
void
gantry_test_moto_stop (GantryTestMoto *self)
{
  if (self == NULL)
    return;

  kill_and_reap (self);
  if (live_instances != NULL)
    g_ptr_array_remove (live_instances, self);

  if (g_test_failed () || g_getenv ("GANTRY_TEST_MOTO_KEEP_LOG") != NULL)
    g_test_message ("moto_server log kept in %s", self->log_path);
  else
    remove_tmpdir (self->tmpdir);

  gantry_test_moto_free (self);
}
