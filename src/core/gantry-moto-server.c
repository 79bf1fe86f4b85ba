/* gantry-moto-server.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Owns one moto_server process: the demo account and the integration tests
 * both run Gantry against it, so the launcher lives here once.
 *
 * Nothing here blocks: the start is a chain of GSubprocess spawns, libsoup
 * requests to GET /moto-api/ and GSource pauses between them, all bounded by
 * one deadline; the stop sends SIGTERM and arms a timer that sends SIGKILL.
 *
 * The process state lives in a ProcessWatch rather than in the GObject:
 * g_subprocess_wait_async() and the kill timer hold references on it, so
 * an instance can be disposed (and moto signalled) while the process is
 * still on its way out, and the late callbacks touch only the watch.
 */

#define G_LOG_DOMAIN "gantry-moto-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "gantry-error.h"
#include "gantry-moto-server.h"
#include "gantry-moto-server-private.h"

#define MOTO_PROGRAM            "moto_server"
#define START_ATTEMPTS          5
#define READY_TIMEOUT_SECONDS   30
#define POLL_INTERVAL_MS        100
#define REQUEST_TIMEOUT_SECONDS 5
#define STOP_TIMEOUT_SECONDS    5
#define LOG_TAIL_BYTES          2000

typedef struct
{
  GSubprocess      *process;
  /* Not a reference: cleared in dispose, so a late exit notifies nobody. */
  GantryMotoServer *owner;
  GMainContext     *context;
  GSource          *kill_source;
  /* Cancelled when the process exits, to abandon a readiness request that
   * another program holding the port would leave hanging. */
  GCancellable     *exit_cancellable;
  /* GTasks of gantry_moto_server_stop_async() waiting for the exit. */
  GPtrArray        *waiters;
  gboolean          exited;
  gboolean          terminating;
} ProcessWatch;

struct _GantryMotoServer
{
  GObject       parent_instance;

  ProcessWatch *watch;
  char         *endpoint;
  char         *log_path;
  char         *identifier;
  guint16       port;
};

G_DEFINE_FINAL_TYPE (GantryMotoServer, gantry_moto_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* The process watch                                                       */

static void
process_watch_clear (ProcessWatch *watch)
{
  /* The kill timer holds a reference, so it is gone by now. */
  g_assert (watch->kill_source == NULL);
  g_clear_object (&watch->process);
  g_clear_object (&watch->exit_cancellable);
  g_clear_pointer (&watch->waiters, g_ptr_array_unref);
  g_clear_pointer (&watch->context, g_main_context_unref);
}

static ProcessWatch *
process_watch_ref (ProcessWatch *watch)
{
  return g_rc_box_acquire (watch);
}

static void
process_watch_unref (ProcessWatch *watch)
{
  g_rc_box_release_full (watch, (GDestroyNotify) process_watch_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcessWatch, process_watch_unref)

static void
process_exited_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ProcessWatch) watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  /* Nothing cancels this wait, so it only fails if waitpid() does, and
   * the process is gone either way. */
  if (!g_subprocess_wait_finish (watch->process, result, &error))
    g_debug ("Waiting for moto_server failed: %s", error->message);
  else if (!watch->terminating)
    g_debug ("moto_server (pid %s) exited by itself with status %d",
             g_subprocess_get_identifier (watch->process) ?: "?",
             g_subprocess_get_status (watch->process));

  watch->exited = TRUE;
  if (watch->kill_source != NULL)
    {
      g_source_destroy (watch->kill_source);
      g_clear_pointer (&watch->kill_source, g_source_unref);
    }

  waiters = g_steal_pointer (&watch->waiters);
  watch->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_boolean (g_ptr_array_index (waiters, i), TRUE);

  if (watch->owner != NULL)
    g_object_notify_by_pspec (G_OBJECT (watch->owner), properties[PROP_RUNNING]);

  /* Last: a start in progress may react to this at once, by retrying. */
  g_cancellable_cancel (watch->exit_cancellable);
}

static gboolean
process_kill_cb (gpointer user_data)
{
  ProcessWatch *watch = user_data;

  /* Expected on a loaded machine (moto's werkzeug can be slow to stop); the
   * kill is the designed fallback, so this is news, not a warning. */
  g_message ("moto_server (pid %s) did not stop within %d s of SIGTERM; killing it",
             g_subprocess_get_identifier (watch->process) ?: "?", STOP_TIMEOUT_SECONDS);
  g_subprocess_force_exit (watch->process);
  g_clear_pointer (&watch->kill_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* SIGTERM now, SIGKILL if moto is still there after STOP_TIMEOUT_SECONDS.
 * Returns at once; the exit is reported through the watch. */
static void
process_watch_terminate (ProcessWatch *watch)
{
  if (watch->exited || watch->terminating)
    return;

  watch->terminating = TRUE;
  g_subprocess_send_signal (watch->process, SIGTERM);
  watch->kill_source = g_timeout_source_new_seconds (STOP_TIMEOUT_SECONDS);
  g_source_set_callback (watch->kill_source, process_kill_cb, process_watch_ref (watch),
                         (GDestroyNotify) process_watch_unref);
  g_source_attach (watch->kill_source, watch->context);
}

static void
child_setup (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  /* Runs between fork and exec, so only async-signal-safe calls. Its own
   * process group keeps a terminal's Ctrl+C away from moto: Gantry stops
   * it in order instead. PR_SET_PDEATHSIG makes the kernel send SIGTERM if
   * Gantry dies without stopping it (a crash, SIGKILL); the getppid()
   * check covers a parent that died before prctl() ran. */
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

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
   * the start then sees moto exit early and retries with a new port. */
  return g_socket_close (socket, error);
}

static char *
read_log_tail (const char *log_path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (log_path == NULL || !g_file_get_contents (log_path, &contents, &length, NULL))
    return g_strdup ("(no log)");
  g_strchomp (contents);
  length = strlen (contents);
  if (length > LOG_TAIL_BYTES)
    return g_strdup_printf ("…%s", contents + length - LOG_TAIL_BYTES);
  return g_steal_pointer (&contents);
}

/* ---------------------------------------------------------------------- */
/* Starting                                                                */

typedef struct
{
  GantryMotoServer *server;
  GMainContext     *context;
  GCancellable     *cancellable;
  GHashTable       *extra_env;
  char             *program;
  int               log_fd;
  SoupSession      *session;
  /* Per attempt; cancelled by the caller's cancellable and by moto's exit. */
  GCancellable     *request_cancellable;
  gulong            cancelled_id;
  GSource          *pause;
  gint64            deadline;
  guint             attempt;
} StartData;

static void
start_data_free (StartData *data)
{
  /* Safe here: start_cancelled_cb() never completes the task itself, so
   * this never runs inside that handler, where disconnecting deadlocks. */
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  if (data->pause != NULL)
    {
      g_source_destroy (data->pause);
      g_source_unref (data->pause);
    }
  g_clear_object (&data->request_cancellable);
  g_clear_object (&data->session);
  g_clear_object (&data->server);
  g_clear_pointer (&data->extra_env, g_hash_table_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data->program);
  if (data->log_fd >= 0)
    g_close (data->log_fd, NULL);
  g_free (data);
}

static gboolean
cancel_request_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
start_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(GSource) idle = NULL;

  /* Abandons a pending readiness request; start_poll() then sees why.
   * From an idle: cancelling here could complete the whole start inside
   * this handler, and g_cancellable_disconnect() from within its own
   * handler deadlocks. */
  if (data->request_cancellable == NULL)
    return;
  idle = g_idle_source_new ();
  g_source_set_callback (idle, cancel_request_cb, g_object_ref (data->request_cancellable),
                         g_object_unref);
  g_source_attach (idle, data->context);
}

typedef struct
{
  GTask  *task;
  GError *error;
} FailData;

static void
fail_task_stopped_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FailData *fail = user_data;

  /* Never fails; fail->error is what the caller needs to hear. */
  gantry_moto_server_stop_finish (GANTRY_MOTO_SERVER (source_object), result, NULL);
  g_task_return_error (fail->task, fail->error);
  g_object_unref (fail->task);
  g_free (fail);
}

/**
 * _gantry_moto_server_fail_task:
 * @server: (nullable): a server that may still be running
 * @task: (transfer full): the task to fail
 * @error: (transfer full): its error
 *
 * Returns @error on @task once @server is gone: callers of a start that
 * failed can rely on no moto being left behind.
 */
void
_gantry_moto_server_fail_task (GantryMotoServer *server,
                               GTask            *task,
                               GError           *error)
{
  FailData *fail;

  if (server == NULL || !gantry_moto_server_get_running (server))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  fail = g_new0 (FailData, 1);
  fail->task = task;
  fail->error = error;
  gantry_moto_server_stop_async (server, fail_task_stopped_cb, fail);
}

static void
start_fail (GTask  *task,
            GError *error)
{
  StartData *data = g_task_get_task_data (task);

  _gantry_moto_server_fail_task (data->server, task, error);
}

static void start_poll (GTask *task);

static void
start_spawn (GTask *task)
{
  StartData *data = g_task_get_task_data (task);
  GantryMotoServer *self = data->server;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_string = NULL;
  g_autofree char *header = NULL;
  g_autofree char *log_dir = NULL;
  GHashTableIter iter;
  gpointer key, value;
  ProcessWatch *watch;
  int stdout_fd;

  if (!pick_free_port (&self->port, &error))
    {
      start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                     _("Could not find a free loopback port for moto_server: "
                                       "%s."),
                                     error->message));
      return;
    }
  port_string = g_strdup_printf ("%u", self->port);
  g_free (self->endpoint);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  /* One log for all attempts, so a failure shows each of them. */
  header = g_strdup_printf ("--- attempt %u: %s -H 127.0.0.1 -p %u\n",
                            data->attempt, MOTO_PROGRAM, self->port);
  if (write (data->log_fd, header, strlen (header)) < 0)
    g_debug ("Could not write to %s: %s", self->log_path, g_strerror (errno));

  stdout_fd = dup (data->log_fd);
  if (stdout_fd < 0)
    {
      int saved_errno = errno;

      start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                     _("Could not start moto_server: %s."),
                                     g_strerror (saved_errno)));
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_take_stdout_fd (launcher, stdout_fd);
  log_dir = g_path_get_dirname (self->log_path);
  g_subprocess_launcher_set_cwd (launcher, log_dir);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
  /* An inherited MOTO_PORT would override the port moto puts in URLs. */
  g_subprocess_launcher_unsetenv (launcher, "MOTO_PORT");
  g_subprocess_launcher_setenv (launcher, "PYTHONUNBUFFERED", "1", TRUE);
  if (data->extra_env != NULL)
    {
      g_hash_table_iter_init (&iter, data->extra_env);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (value != NULL)
            g_subprocess_launcher_setenv (launcher, key, value, TRUE);
          else
            g_subprocess_launcher_unsetenv (launcher, key);
        }
    }

  process = g_subprocess_launcher_spawn (launcher, &error, data->program,
                                         "-H", "127.0.0.1", "-p", port_string, NULL);
  if (process == NULL)
    {
      start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                     _("Could not start moto_server: %s. Check that "
                                       "`moto_server --help` works in a terminal."),
                                     error->message));
      return;
    }

  watch = g_rc_box_new0 (ProcessWatch);
  watch->process = g_steal_pointer (&process);
  watch->owner = self;
  watch->context = g_main_context_ref_thread_default ();
  watch->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_object (&data->request_cancellable);
  data->request_cancellable = g_cancellable_new ();
  watch->exit_cancellable = g_object_ref (data->request_cancellable);
  g_subprocess_wait_async (watch->process, NULL, process_exited_cb, process_watch_ref (watch));

  g_free (self->identifier);
  self->identifier = g_strdup (g_subprocess_get_identifier (watch->process));
  g_clear_pointer (&self->watch, process_watch_unref);
  self->watch = watch;

  g_debug ("Started moto_server pid %s on %s, log %s",
           self->identifier, self->endpoint, self->log_path);
  start_poll (task);
}

static void
start_retry_or_fail (GTask *task)
{
  StartData *data = g_task_get_task_data (task);
  g_autofree char *tail = read_log_tail (data->server->log_path);

  if (data->attempt < START_ATTEMPTS)
    {
      /* For a fresh port this nearly always means another process took it
       * between pick_free_port() and moto's bind. */
      g_debug ("moto_server exited on port %u, retrying with another port",
               data->server->port);
      data->attempt++;
      start_spawn (task);
      return;
    }

  start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                 _("moto_server exited right after starting, %d times: see "
                                   "its log %s (ends with: %s)."),
                                 START_ATTEMPTS, data->server->log_path, tail));
}

static gboolean
start_pause_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->pause, g_source_unref);
  start_poll (task);
  return G_SOURCE_REMOVE;
}

static void
start_ready_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (data->session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* Connection refused until moto listens: expected, so not reported. */
  body = soup_session_send_and_read_finish (data->session, result, &error);
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK
      && gantry_moto_server_get_running (data->server))
    {
      g_task_return_pointer (task, g_object_ref (data->server), g_object_unref);
      g_object_unref (task);
      return;
    }

  if (error != NULL)
    g_debug ("moto_server on %s not ready yet: %s", data->server->endpoint, error->message);

  /* Cancelled means the caller gave up or moto exited: start_poll() says
   * which, without waiting for the pause. */
  if (g_cancellable_is_cancelled (data->request_cancellable))
    {
      start_poll (task);
      return;
    }

  data->pause = g_timeout_source_new (POLL_INTERVAL_MS);
  g_source_set_callback (data->pause, start_pause_cb, task, NULL);
  g_source_attach (data->pause, data->context);
}

/* Holds no reference of its own: the task's one reference travels through
 * the request and pause callbacks and is dropped where the task returns. */
static void
start_poll (GTask *task)
{
  StartData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *uri = NULL;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      start_fail (task, error);
      return;
    }

  if (!gantry_moto_server_get_running (data->server))
    {
      start_retry_or_fail (task);
      return;
    }

  if (g_get_monotonic_time () > data->deadline)
    {
      g_autofree char *tail = read_log_tail (data->server->log_path);

      start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                     _("moto_server did not answer on %s within %d seconds: see "
                                       "its log %s (ends with: %s)."),
                                     data->server->endpoint, READY_TIMEOUT_SECONDS,
                                     data->server->log_path, tail));
      return;
    }

  uri = g_strconcat (data->server->endpoint, "/moto-api/", NULL);
  message = soup_message_new (SOUP_METHOD_GET, uri);
  soup_session_send_and_read_async (data->session, message, G_PRIORITY_DEFAULT,
                                    data->request_cancellable, start_ready_cb, task);
}

/**
 * gantry_moto_server_is_available:
 *
 * Returns: whether `moto_server` is on `PATH`
 */
gboolean
gantry_moto_server_is_available (void)
{
  g_autofree char *program = g_find_program_in_path (MOTO_PROGRAM);

  return program != NULL;
}

/**
 * gantry_moto_server_start_async:
 * @extra_env: (nullable) (element-type utf8 utf8): variables to set for
 *   moto (a %NULL value unsets one), e.g. `INITIAL_NO_AUTH_ACTION_COUNT`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when moto answers, or has failed and is gone again
 * @user_data: data for @callback
 *
 * Starts `moto_server` on a free loopback port, with its output in a log
 * under `$XDG_CACHE_HOME/gantry/`. Call it from the main thread: moto is
 * told to exit when the thread that spawned it does.
 */
void
gantry_moto_server_start_async (GHashTable          *extra_env,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  gantry_moto_server_start_full_async (NULL, extra_env, cancellable, callback, user_data);
}

/**
 * gantry_moto_server_start_full_async:
 * @log_dir: (nullable): where to write the log and run moto; %NULL for
 *   `$XDG_CACHE_HOME/gantry/`
 * @extra_env: (nullable) (element-type utf8 utf8): as for gantry_moto_server_start_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when moto answers, or has failed and is gone again
 * @user_data: data for @callback
 *
 * Like gantry_moto_server_start_async(), for callers that keep the log
 * elsewhere (the test harness keeps it only when a test fails).
 *
 * moto gets up to 30 seconds to answer `GET /moto-api/`; if it exits first,
 * which on a fresh port means another process took that port, it is
 * started again on a new port, up to 5 times.
 */
void
gantry_moto_server_start_full_async (const char          *log_dir,
                                     GHashTable          *extra_env,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *log_path = NULL;
  StartData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_moto_server_start_full_async);

  data = g_new0 (StartData, 1);
  data->log_fd = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  data->program = g_find_program_in_path (MOTO_PROGRAM);
  if (data->program == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                               _("moto_server is not installed: run build-aux/setup.sh or "
                                 "`pip install 'moto[server]'`."));
      return;
    }

  if (log_dir == NULL)
    log_dir = default_dir = g_build_filename (g_get_user_cache_dir (), "gantry", NULL);
  if (g_mkdir_with_parents (log_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                               _("Could not create the folder %s for moto_server’s log (%s): "
                                 "set XDG_CACHE_HOME to a writable folder."),
                               log_dir, g_strerror (saved_errno));
      return;
    }
  log_path = g_build_filename (log_dir, "moto-server-XXXXXX.log", NULL);
  data->log_fd = g_mkstemp_full (log_path, O_WRONLY | O_APPEND | O_CLOEXEC, 0600);
  if (data->log_fd < 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                               _("Could not create a log file in %s for moto_server: %s."),
                               log_dir, g_strerror (saved_errno));
      return;
    }

  data->server = g_object_new (GANTRY_TYPE_MOTO_SERVER, NULL);
  data->server->log_path = g_steal_pointer (&log_path);
  data->extra_env = extra_env != NULL ? g_hash_table_ref (extra_env) : NULL;
  /* No proxy for loopback. NULL, not a direct resolver: with any resolver
   * set, GIO 2.74 still loads the default one, whose GNOME module reads
   * GSettings (and aborts where no schemas are installed). */
  data->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                 "timeout", REQUEST_TIMEOUT_SECONDS,
                                                 NULL);
  data->context = g_main_context_ref_thread_default ();
  data->deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  data->attempt = 1;
  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (start_cancelled_cb),
                                                data, NULL);
    }

  start_spawn (g_steal_pointer (&task));
}

/**
 * gantry_moto_server_start_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * On failure, no moto_server is left running. %GANTRY_ERROR_NOT_AVAILABLE
 * means moto is not installed; %G_IO_ERROR_CANCELLED that the start was
 * cancelled; anything else names moto's log.
 *
 * Returns: (transfer full) (nullable): the running server
 */
GantryMotoServer *
gantry_moto_server_start_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == gantry_moto_server_start_full_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Stopping                                                                */

/**
 * gantry_moto_server_stop:
 *
 * Sends moto SIGTERM, and SIGKILL if it is still running 5 seconds later
 * (that needs the main loop to keep running). Returns at once; safe to call
 * more than once and after moto has died. Dispose does the same.
 */
void
gantry_moto_server_stop (GantryMotoServer *self)
{
  g_return_if_fail (GANTRY_IS_MOTO_SERVER (self));

  if (self->watch != NULL)
    process_watch_terminate (self->watch);
}

/**
 * gantry_moto_server_stop_async:
 * @callback: called once moto has exited
 * @user_data: data for @callback
 *
 * gantry_moto_server_stop(), then waits until moto is gone, which takes at
 * most a little over 5 seconds. There is no cancellable: the wait is bounded
 * and the stop itself cannot be undone.
 */
void
gantry_moto_server_stop_async (GantryMotoServer    *self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_MOTO_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, gantry_moto_server_stop_async);

  if (!gantry_moto_server_get_running (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  process_watch_terminate (self->watch);
  g_ptr_array_add (self->watch->waiters, g_steal_pointer (&task));
}

gboolean
gantry_moto_server_stop_finish (GantryMotoServer  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == gantry_moto_server_stop_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Accessors                                                               */

/**
 * gantry_moto_server_get_endpoint:
 *
 * Returns: `http://127.0.0.1:PORT`
 */
const char *
gantry_moto_server_get_endpoint (GantryMotoServer *self)
{
  g_return_val_if_fail (GANTRY_IS_MOTO_SERVER (self), NULL);
  return self->endpoint;
}

guint16
gantry_moto_server_get_port (GantryMotoServer *self)
{
  g_return_val_if_fail (GANTRY_IS_MOTO_SERVER (self), 0);
  return self->port;
}

/**
 * gantry_moto_server_get_log_path:
 *
 * Returns: the file moto's stdout and stderr go to; kept after the stop
 */
const char *
gantry_moto_server_get_log_path (GantryMotoServer *self)
{
  g_return_val_if_fail (GANTRY_IS_MOTO_SERVER (self), NULL);
  return self->log_path;
}

/**
 * gantry_moto_server_get_identifier:
 *
 * Returns: (nullable): moto's process ID as g_subprocess_get_identifier()
 *   gives it, for logs and for tests that kill it
 */
const char *
gantry_moto_server_get_identifier (GantryMotoServer *self)
{
  g_return_val_if_fail (GANTRY_IS_MOTO_SERVER (self), NULL);
  return self->identifier;
}

/**
 * gantry_moto_server_get_running:
 *
 * Returns: %FALSE once the process has exited, for whatever reason
 *   (`notify::running` says when)
 */
gboolean
gantry_moto_server_get_running (GantryMotoServer *self)
{
  g_return_val_if_fail (GANTRY_IS_MOTO_SERVER (self), FALSE);
  return self->watch != NULL && !self->watch->exited;
}

/**
 * gantry_moto_server_setup_client_environment:
 * @launcher: a launcher for a program that talks to this moto (a seed script)
 * @region: the region the program should use
 * @credentials: (nullable): keys to put in its environment
 *
 * Gives @launcher this process's environment without any `AWS_*` variable,
 * then points the standard AWS variables at moto: `AWS_ENDPOINT_URL`,
 * `AWS_REGION`, the keys, and `/dev/null` for the config files, so that a
 * developer's profile can never send a seed to a real account. Call it
 * before setting variables of your own on @launcher. The keys go in the
 * environment because argv is visible to every user.
 */
void
gantry_moto_server_setup_client_environment (GantryMotoServer     *self,
                                             GSubprocessLauncher  *launcher,
                                             const char           *region,
                                             GantryAwsCredentials *credentials)
{
  g_auto(GStrv) parent_env = g_get_environ ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) filtered = NULL;
  const char *token;

  g_return_if_fail (GANTRY_IS_MOTO_SERVER (self));
  g_return_if_fail (G_IS_SUBPROCESS_LAUNCHER (launcher));
  g_return_if_fail (region != NULL);

  for (guint i = 0; parent_env[i] != NULL; i++)
    if (!g_str_has_prefix (parent_env[i], "AWS_"))
      g_strv_builder_add (builder, parent_env[i]);
  filtered = g_strv_builder_end (builder);
  g_subprocess_launcher_set_environ (launcher, filtered);

  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ENDPOINT_URL", self->endpoint, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_REGION", region, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", region, TRUE);
  /* A proxy from the environment must not see loopback traffic. */
  g_subprocess_launcher_setenv (launcher, "NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "127.0.0.1,localhost", TRUE);

  if (credentials == NULL)
    return;
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_aws_credentials_get_access_key_id (credentials), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_aws_credentials_get_secret_access_key (credentials), TRUE);
  token = gantry_aws_credentials_get_session_token (credentials);
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "AWS_SESSION_TOKEN", token, TRUE);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
gantry_moto_server_dispose (GObject *object)
{
  GantryMotoServer *self = GANTRY_MOTO_SERVER (object);

  if (self->watch != NULL)
    {
      self->watch->owner = NULL;
      process_watch_terminate (self->watch);
      g_clear_pointer (&self->watch, process_watch_unref);
    }

  G_OBJECT_CLASS (gantry_moto_server_parent_class)->dispose (object);
}

static void
gantry_moto_server_finalize (GObject *object)
{
  GantryMotoServer *self = GANTRY_MOTO_SERVER (object);

  g_free (self->endpoint);
  g_free (self->log_path);
  g_free (self->identifier);

  G_OBJECT_CLASS (gantry_moto_server_parent_class)->finalize (object);
}

static void
gantry_moto_server_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryMotoServer *self = GANTRY_MOTO_SERVER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, gantry_moto_server_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_moto_server_class_init (GantryMotoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_moto_server_dispose;
  object_class->finalize = gantry_moto_server_finalize;
  object_class->get_property = gantry_moto_server_get_property;

  /**
   * GantryMotoServer:running:
   *
   * Whether the moto_server process is alive. It turns %FALSE when moto
   * exits, also when it dies unexpectedly.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_moto_server_init (GantryMotoServer *self)
{
}
