/* gantry-demo.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The demo account: a moto_server seeded by data/demo/gantry-demo-seed.py
 * to look like a production account, so that someone without AWS can see
 * every page of Gantry work.
 *
 * The start is one async chain: check that python3 can import boto3, start
 * moto, run the seed, parse its summary. Whatever fails or is cancelled
 * after moto started, moto is stopped, and any python child killed and
 * reaped, before the error is reported.
 */

#define G_LOG_DOMAIN "gantry-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-demo.h"
#include "gantry-demo-private.h"
#include "gantry-error.h"
#include "gantry-moto-server-private.h"

#define SEED_NAME               "gantry-demo-seed.py"
#define SEED_TIMEOUT_SECONDS    120
/* Any key ID does for moto while it does not verify signatures; this one
 * says where it came from when it shows up in moto's log. */
#define DEMO_ACCESS_KEY_ID      "AKIAGANTRYDEMO000000"
#define DEMO_SECRET_LENGTH      40

struct _GantryDemo
{
  GObject               parent_instance;

  GantryMotoServer     *server;
  GantryAwsCredentials *credentials;
  JsonObject           *summary;
};

G_DEFINE_FINAL_TYPE (GantryDemo, gantry_demo, G_TYPE_OBJECT)

/* ---------------------------------------------------------------------- */
/* Finding the seed                                                        */

/* Split out so the lookup order can be tested without installing Gantry. */
char *
_gantry_demo_find_seed_in (const char  *env_value,
                           const char  *pkgdatadir,
                           GError     **error)
{
  g_autofree char *installed = NULL;

  /* An explicit choice that is wrong is an error, not a reason to quietly
   * run some other copy of the seed. */
  if (env_value != NULL && *env_value != '\0')
    {
      if (g_file_test (env_value, G_FILE_TEST_IS_REGULAR))
        return g_strdup (env_value);
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                   _("GANTRY_DEMO_SEED names %s, which does not exist: point it at "
                     "data/demo/gantry-demo-seed.py or unset it."),
                   env_value);
      return NULL;
    }

  installed = g_build_filename (pkgdatadir, "demo", SEED_NAME, NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);

  g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
               _("The demo account’s seed script %s is missing: reinstall Gantry, or set "
                 "GANTRY_DEMO_SEED to data/demo/gantry-demo-seed.py when running from the "
                 "source tree."),
               installed);
  return NULL;
}

/**
 * gantry_demo_find_seed:
 * @error: return location for a #GError
 *
 * Looks for the seed script in `$GANTRY_DEMO_SEED` (set by build-aux/run.sh
 * and the tests for the uninstalled tree), then in Gantry's data folder.
 *
 * Returns: (transfer full) (nullable): the script's path, or %NULL with
 *   %GANTRY_ERROR_NOT_AVAILABLE
 */
char *
gantry_demo_find_seed (GError **error)
{
  return _gantry_demo_find_seed_in (g_getenv ("GANTRY_DEMO_SEED"), PKGDATADIR, error);
}

/**
 * gantry_demo_is_available:
 *
 * Whether the demo account can be offered: `moto_server` and `python3` are
 * on `PATH` and the seed script is found. That boto3 imports is checked
 * by gantry_demo_start_async(), as it takes running python; moto itself
 * depends on boto3, so it is there wherever moto was installed with pip.
 *
 * Returns: %TRUE if gantry_demo_start_async() can be expected to work
 */
gboolean
gantry_demo_is_available (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *seed = NULL;

  if (python == NULL || !gantry_moto_server_is_available ())
    return FALSE;
  /* Only the answer matters here; the start reports the reason. */
  seed = gantry_demo_find_seed (NULL);
  return seed != NULL;
}

/* ---------------------------------------------------------------------- */
/* Starting                                                                */

typedef struct
{
  GantryDemo  *demo;
  char        *python;
  char        *seed;
  GSubprocess *child;
  GSource     *seed_timeout;
  GError      *error;
  gboolean     seed_timed_out;
} StartData;

static void
start_data_free (StartData *data)
{
  if (data->seed_timeout != NULL)
    {
      g_source_destroy (data->seed_timeout);
      g_source_unref (data->seed_timeout);
    }
  g_clear_object (&data->child);
  g_clear_object (&data->demo);
  g_clear_error (&data->error);
  g_free (data->python);
  g_free (data->seed);
  g_free (data);
}

static GantryAwsCredentials *
new_demo_credentials (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  g_autofree char *secret = g_malloc0 (DEMO_SECRET_LENGTH + 1);
  GantryAwsCredentials *credentials;

  /* moto does not check it; a fresh one per demo keeps a secret-looking
   * constant out of the sources and off disk. */
  for (guint i = 0; i < DEMO_SECRET_LENGTH; i++)
    secret[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  credentials = gantry_aws_credentials_new (DEMO_ACCESS_KEY_ID, secret, NULL, NULL,
                                            "demo account");
  gantry_aws_secret_free (g_steal_pointer (&secret));
  return credentials;
}

/* Reports @error once no child of ours is left running. */
static void
demo_start_fail (GTask  *task,
                 GError *error)
{
  StartData *data = g_task_get_task_data (task);

  _gantry_moto_server_fail_task (data->demo->server, task, error);
}

static void
demo_child_reaped_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Uncancellable, so only a failing waitpid() lands here; the child is
   * gone either way. */
  if (!g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, &error))
    g_debug ("Waiting for a python child failed: %s", error->message);
  demo_start_fail (task, g_steal_pointer (&data->error));
}

/* A cancelled wait or communicate leaves the child running: kill it and
 * wait for it before reporting @error. */
static void
demo_start_kill_child (GTask  *task,
                       GError *error)
{
  StartData *data = g_task_get_task_data (task);

  g_clear_error (&data->error);
  data->error = error;
  g_subprocess_force_exit (data->child);
  g_subprocess_wait_async (data->child, NULL, demo_child_reaped_cb, task);
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return g_strdup ("");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    if (*g_strstrip (lines[i - 1]) != '\0')
      return g_strdup (lines[i - 1]);
  return g_strdup ("");
}

static gboolean
demo_seed_timeout_cb (gpointer user_data)
{
  StartData *data = user_data;

  /* communicate then completes with the killed script's closed pipes. */
  data->seed_timed_out = TRUE;
  g_subprocess_force_exit (data->child);
  g_clear_pointer (&data->seed_timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
demo_seed_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *reason = NULL;
  JsonNode *root;

  if (data->seed_timeout != NULL)
    {
      g_source_destroy (data->seed_timeout);
      g_clear_pointer (&data->seed_timeout, g_source_unref);
    }

  if (!g_subprocess_communicate_utf8_finish (data->child, result, &out, &err, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          demo_start_kill_child (task, g_steal_pointer (&error));
          return;
        }
      demo_start_kill_child (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                                _("Could not read the demo seed’s output: %s."),
                                                error->message));
      return;
    }

  if (data->seed_timed_out)
    {
      demo_start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                          _("Seeding the demo account took longer than %d "
                                            "seconds and was stopped: see moto_server’s log "
                                            "%s."),
                                          SEED_TIMEOUT_SECONDS,
                                          gantry_moto_server_get_log_path (data->demo->server)));
      return;
    }

  if (!g_subprocess_get_successful (data->child))
    {
      /* The seed prints nothing secret; its traceback goes to the debug log
       * in full and its last line, the exception, into the message. */
      g_debug ("%s failed:\n%s", data->seed, err);
      reason = last_line (err);
      demo_start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                          _("Seeding the demo account failed (%s): see "
                                            "moto_server’s log %s."),
                                          *reason != '\0' ? reason : _("no error output"),
                                          gantry_moto_server_get_log_path (data->demo->server)));
      return;
    }

  if (!json_parser_load_from_data (parser, out != NULL ? out : "", -1, &error)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "VpcId"))
    {
      demo_start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_INVALID,
                                          _("The demo seed %s printed no summary of the "
                                            "account it made: check that it is Gantry’s "
                                            "gantry-demo-seed.py."),
                                          data->seed));
      return;
    }

  data->demo->summary = json_object_ref (json_node_get_object (root));
  g_task_return_pointer (task, g_object_ref (data->demo), g_object_unref);
  g_object_unref (task);
}

static void
demo_moto_started_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GError *error = NULL;

  data->demo->server = gantry_moto_server_start_finish (result, &error);
  if (data->demo->server == NULL)
    {
      demo_start_fail (task, error);
      return;
    }
  /* The start may have finished just as the caller cancelled. */
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      demo_start_fail (task, error);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  gantry_moto_server_setup_client_environment (data->demo->server, launcher, GANTRY_DEMO_REGION,
                                               data->demo->credentials);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);

  g_clear_object (&data->child);
  data->child = g_subprocess_launcher_spawn (launcher, &error, data->python, data->seed, NULL);
  if (data->child == NULL)
    {
      demo_start_fail (task, error);
      return;
    }

  data->seed_timeout = g_timeout_source_new_seconds (SEED_TIMEOUT_SECONDS);
  g_source_set_callback (data->seed_timeout, demo_seed_timeout_cb, data, NULL);
  g_source_attach (data->seed_timeout, g_task_get_context (task));
  g_subprocess_communicate_utf8_async (data->child, NULL, g_task_get_cancellable (task),
                                       demo_seed_done_cb, task);
}

static void
demo_boto3_checked_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_subprocess_wait_finish (data->child, result, &error))
    {
      demo_start_kill_child (task, error);
      return;
    }
  if (!g_subprocess_get_successful (data->child))
    {
      demo_start_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                                          _("python3 cannot import boto3, which the demo "
                                            "account’s seed needs: run build-aux/setup.sh or "
                                            "`pip install boto3`.")));
      return;
    }

  gantry_moto_server_start_async (NULL, g_task_get_cancellable (task), demo_moto_started_cb,
                                  task);
}

/**
 * gantry_demo_start_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the demo account is ready, or has failed and no
 *   moto_server is left
 * @user_data: data for @callback
 *
 * Starts a fresh moto_server (see gantry_moto_server_start_async()) and
 * seeds it as the demo account, with new in-memory demo credentials. Takes
 * a few seconds. Call it from the main thread.
 */
void
gantry_demo_start_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GError *error = NULL;
  StartData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_demo_start_async);
  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  if (!gantry_moto_server_is_available ())
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                               _("moto_server is not installed: run build-aux/setup.sh or "
                                 "`pip install 'moto[server]'`."));
      return;
    }
  data->python = g_find_program_in_path ("python3");
  if (data->python == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE,
                               _("python3 is not installed, and the demo account’s seed needs "
                                 "it: run build-aux/setup.sh."));
      return;
    }
  data->seed = gantry_demo_find_seed (&error);
  if (data->seed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->demo = g_object_new (GANTRY_TYPE_DEMO, NULL);
  data->demo->credentials = new_demo_credentials ();

  /* Before moto, so that a missing boto3 costs no server start. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  data->child = g_subprocess_launcher_spawn (launcher, &error, data->python,
                                             "-c", "import boto3", NULL);
  if (data->child == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_subprocess_wait_async (data->child, cancellable, demo_boto3_checked_cb,
                           g_steal_pointer (&task));
}

/**
 * gantry_demo_start_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * %GANTRY_ERROR_NOT_AVAILABLE means moto, python3, boto3 or the seed is
 * missing (the message says how to install it); %G_IO_ERROR_CANCELLED that
 * the start was cancelled. On any error no moto_server is left running.
 *
 * Returns: (transfer full) (nullable): the running demo account
 */
GantryDemo *
gantry_demo_start_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_demo_start_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Accessors and stopping                                                  */

/**
 * gantry_demo_get_endpoint:
 *
 * Returns: moto's `http://127.0.0.1:PORT`, for every service
 */
const char *
gantry_demo_get_endpoint (GantryDemo *self)
{
  g_return_val_if_fail (GANTRY_IS_DEMO (self), NULL);
  return gantry_moto_server_get_endpoint (self->server);
}

/**
 * gantry_demo_get_region:
 *
 * Returns: the region the seed laid the account out in, `us-east-1`
 */
const char *
gantry_demo_get_region (GantryDemo *self)
{
  g_return_val_if_fail (GANTRY_IS_DEMO (self), NULL);
  return GANTRY_DEMO_REGION;
}

/**
 * gantry_demo_get_credentials:
 *
 * Returns: (transfer none): the demo keys; they exist only in this process
 *   and the seed's environment
 */
GantryAwsCredentials *
gantry_demo_get_credentials (GantryDemo *self)
{
  g_return_val_if_fail (GANTRY_IS_DEMO (self), NULL);
  return self->credentials;
}

/**
 * gantry_demo_get_summary:
 *
 * Returns: (transfer none): the seed's JSON summary of what it created
 *   (`VpcId`, `ClusterArn`, `Repositories`, `Services`, `Faults`, …)
 */
JsonObject *
gantry_demo_get_summary (GantryDemo *self)
{
  g_return_val_if_fail (GANTRY_IS_DEMO (self), NULL);
  return self->summary;
}

/**
 * gantry_demo_get_moto_server:
 *
 * Returns: (transfer none): the server, for its port, log and `running`
 */
GantryMotoServer *
gantry_demo_get_moto_server (GantryDemo *self)
{
  g_return_val_if_fail (GANTRY_IS_DEMO (self), NULL);
  return self->server;
}

/**
 * gantry_demo_stop:
 *
 * Stops moto (see gantry_moto_server_stop()); the demo account is gone with
 * it. Safe to call more than once. Dispose does the same.
 */
void
gantry_demo_stop (GantryDemo *self)
{
  g_return_if_fail (GANTRY_IS_DEMO (self));

  if (self->server != NULL)
    gantry_moto_server_stop (self->server);
}

static void
demo_stop_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gantry_moto_server_stop_finish (GANTRY_MOTO_SERVER (source_object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gantry_demo_stop_async:
 * @callback: called once moto has exited
 * @user_data: data for @callback
 *
 * gantry_demo_stop(), then waits (a bounded few seconds) until moto is gone:
 * for gantryctl, which must not exit before it.
 */
void
gantry_demo_stop_async (GantryDemo          *self,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_DEMO (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, gantry_demo_stop_async);
  gantry_moto_server_stop_async (self->server, demo_stop_cb, g_steal_pointer (&task));
}

gboolean
gantry_demo_stop_finish (GantryDemo    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_demo_stop_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gantry_demo_dispose (GObject *object)
{
  GantryDemo *self = GANTRY_DEMO (object);

  /* Disposing the server stops moto; said here so it does not depend on
   * who else holds a reference to the server. */
  if (self->server != NULL)
    gantry_moto_server_stop (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (gantry_demo_parent_class)->dispose (object);
}

static void
gantry_demo_finalize (GObject *object)
{
  GantryDemo *self = GANTRY_DEMO (object);

  g_clear_pointer (&self->credentials, gantry_aws_credentials_unref);
  g_clear_pointer (&self->summary, json_object_unref);

  G_OBJECT_CLASS (gantry_demo_parent_class)->finalize (object);
}

static void
gantry_demo_class_init (GantryDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_demo_dispose;
  object_class->finalize = gantry_demo_finalize;
}

static void
gantry_demo_init (GantryDemo *self)
{
}
