/* gantry-environment.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-environment"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gantry-environment.h"
#include "gantry-error.h"

#include "aws/gantry-aws-endpoint.h"

/* What "prod" means for one account: stored as a hand-editable key file in
 * $XDG_CONFIG_HOME/gantry/environments/NAME.ini. It names resources, never
 * credentials: profiles point at the keyring or ~/.aws. */

#define GROUP_ENVIRONMENT "Environment"
#define GROUP_GUARDS      "Guards"
#define GROUP_WAIVERS     "Waivers"

struct _GantryEnvironment
{
  GObject   parent_instance;

  char     *name;
  char     *profile;
  char     *region;
  char     *vpc_id;
  char     *cluster;
  char     *db_cluster;
  char     *load_balancer;
  GStrv     repositories;
  GStrv     dev_accounts;
  char     *backup_region;
  char     *candidate_tag;
  char     *latest_tag;
  char     *task_family_pattern;
  gboolean  production;
  gboolean  refuse_critical;
  gboolean  check_task_family;
  gboolean  typed_confirmation;
  /* check ID → reason the risk was accepted */
  GHashTable *waivers;
};

G_DEFINE_FINAL_TYPE (GantryEnvironment, gantry_environment, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One table for the string keys keeps saving and loading in step. */
static const struct
{
  const char *key;
  gsize       offset;
} string_keys[] = {
  { "Profile", G_STRUCT_OFFSET (GantryEnvironment, profile) },
  { "Region", G_STRUCT_OFFSET (GantryEnvironment, region) },
  { "VpcId", G_STRUCT_OFFSET (GantryEnvironment, vpc_id) },
  { "Cluster", G_STRUCT_OFFSET (GantryEnvironment, cluster) },
  { "DbCluster", G_STRUCT_OFFSET (GantryEnvironment, db_cluster) },
  { "LoadBalancer", G_STRUCT_OFFSET (GantryEnvironment, load_balancer) },
  { "BackupRegion", G_STRUCT_OFFSET (GantryEnvironment, backup_region) },
  { "CandidateTag", G_STRUCT_OFFSET (GantryEnvironment, candidate_tag) },
  { "LatestTag", G_STRUCT_OFFSET (GantryEnvironment, latest_tag) },
  { "TaskFamilyPattern", G_STRUCT_OFFSET (GantryEnvironment, task_family_pattern) },
};

#define STRING_KEY(self, i) G_STRUCT_MEMBER (char *, self, string_keys[i].offset)

static void
gantry_environment_finalize (GObject *object)
{
  GantryEnvironment *self = GANTRY_ENVIRONMENT (object);

  g_free (self->name);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    g_free (STRING_KEY (self, i));
  g_strfreev (self->repositories);
  g_strfreev (self->dev_accounts);
  g_hash_table_unref (self->waivers);

  G_OBJECT_CLASS (gantry_environment_parent_class)->finalize (object);
}

static void
gantry_environment_class_init (GantryEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_environment_finalize;

  /**
   * GantryEnvironment::changed:
   *
   * Emitted when any field changes.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gantry_environment_init (GantryEnvironment *self)
{
  self->repositories = g_new0 (char *, 1);
  self->dev_accounts = g_new0 (char *, 1);
  self->backup_region = g_strdup (GANTRY_ENVIRONMENT_DEFAULT_BACKUP_REGION);
  self->candidate_tag = g_strdup (GANTRY_ENVIRONMENT_DEFAULT_CANDIDATE_TAG);
  self->latest_tag = g_strdup (GANTRY_ENVIRONMENT_DEFAULT_LATEST_TAG);
  self->production = TRUE;
  self->refuse_critical = TRUE;
  self->check_task_family = TRUE;
  self->typed_confirmation = TRUE;
  self->waivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gantry_environment_name_is_valid:
 *
 * Names become file names: letters, digits, '-', '_' and '.', not starting
 * with '.', at most 64 characters.
 */
gboolean
gantry_environment_name_is_valid (const char *name)
{
  return name != NULL &&
         g_regex_match_simple ("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$", name, 0, 0);
}

/**
 * gantry_environment_dup_directory:
 *
 * Returns: (transfer full): `$XDG_CONFIG_HOME/gantry/environments`
 */
char *
gantry_environment_dup_directory (void)
{
  return g_build_filename (g_get_user_config_dir (), "gantry", "environments", NULL);
}

/**
 * gantry_environment_new:
 * @name: a valid environment name
 *
 * Returns: (transfer full): an environment with the runbooks' defaults
 */
GantryEnvironment *
gantry_environment_new (const char *name)
{
  GantryEnvironment *self;

  g_return_val_if_fail (gantry_environment_name_is_valid (name), NULL);

  self = g_object_new (GANTRY_TYPE_ENVIRONMENT, NULL);
  self->name = g_strdup (name);
  return self;
}

const char *
gantry_environment_get_name (GantryEnvironment *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), NULL);
  return self->name;
}

static void
set_string (GantryEnvironment  *self,
            char              **field,
            const char         *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_strv (GantryEnvironment   *self,
          GStrv               *field,
          const char * const  *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; value != NULL && value[i] != NULL; i++)
    if (*value[i] != '\0')
      g_strv_builder_add (builder, value[i]);

  {
    g_auto(GStrv) cleaned = g_strv_builder_end (builder);

    if (g_strv_equal ((const char * const *) *field, (const char * const *) cleaned))
      return;
    g_strfreev (*field);
    *field = g_steal_pointer (&cleaned);
  }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_bool (GantryEnvironment *self,
          gboolean          *field,
          gboolean           value)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_signal_emit (self, signals[CHANGED], 0);
}

#define STRING_ACCESSORS(field) \
  const char * \
  gantry_environment_get_##field (GantryEnvironment *self) \
  { \
    g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), NULL); \
    return self->field; \
  } \
  void \
  gantry_environment_set_##field (GantryEnvironment *self, \
                                  const char        *value) \
  { \
    g_return_if_fail (GANTRY_IS_ENVIRONMENT (self)); \
    set_string (self, &self->field, value); \
  }

#define STRV_ACCESSORS(field) \
  const char * const * \
  gantry_environment_get_##field (GantryEnvironment *self) \
  { \
    g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), NULL); \
    return (const char * const *) self->field; \
  } \
  void \
  gantry_environment_set_##field (GantryEnvironment  *self, \
                                  const char * const *value) \
  { \
    g_return_if_fail (GANTRY_IS_ENVIRONMENT (self)); \
    set_strv (self, &self->field, value); \
  }

#define BOOL_ACCESSORS(field) \
  gboolean \
  gantry_environment_get_##field (GantryEnvironment *self) \
  { \
    g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), FALSE); \
    return self->field; \
  } \
  void \
  gantry_environment_set_##field (GantryEnvironment *self, \
                                  gboolean           value) \
  { \
    g_return_if_fail (GANTRY_IS_ENVIRONMENT (self)); \
    set_bool (self, &self->field, value); \
  }

STRING_ACCESSORS (profile)
STRING_ACCESSORS (region)
STRING_ACCESSORS (vpc_id)
STRING_ACCESSORS (cluster)
STRING_ACCESSORS (db_cluster)
STRING_ACCESSORS (load_balancer)
STRING_ACCESSORS (backup_region)
STRING_ACCESSORS (candidate_tag)
STRING_ACCESSORS (latest_tag)
STRING_ACCESSORS (task_family_pattern)
STRV_ACCESSORS (repositories)
STRV_ACCESSORS (dev_accounts)
BOOL_ACCESSORS (production)
BOOL_ACCESSORS (refuse_critical)
BOOL_ACCESSORS (check_task_family)
BOOL_ACCESSORS (typed_confirmation)

static int
compare_strings (const char **a,
                 const char **b,
                 gpointer     user_data)
{
  return g_strcmp0 (*a, *b);
}

/**
 * gantry_environment_to_data:
 *
 * Returns: (transfer full): the key file text
 */
char *
gantry_environment_to_data (GantryEnvironment *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), NULL);

  g_key_file_set_comment (keyfile, NULL, NULL,
                          " Gantry environment. Resources only: credentials live in the "
                          "keyring or ~/.aws.", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    if (STRING_KEY (self, i) != NULL)
      g_key_file_set_string (keyfile, GROUP_ENVIRONMENT, string_keys[i].key,
                             STRING_KEY (self, i));
  g_key_file_set_string_list (keyfile, GROUP_ENVIRONMENT, "Repositories",
                              (const char * const *) self->repositories,
                              g_strv_length (self->repositories));
  g_key_file_set_string_list (keyfile, GROUP_ENVIRONMENT, "DevAccounts",
                              (const char * const *) self->dev_accounts,
                              g_strv_length (self->dev_accounts));
  g_key_file_set_boolean (keyfile, GROUP_ENVIRONMENT, "Production", self->production);
  g_key_file_set_boolean (keyfile, GROUP_GUARDS, "RefuseCriticalFindings", self->refuse_critical);
  g_key_file_set_boolean (keyfile, GROUP_GUARDS, "CheckTaskFamily", self->check_task_family);
  g_key_file_set_boolean (keyfile, GROUP_GUARDS, "TypedConfirmation", self->typed_confirmation);

  /* Sorted so that a saved file diffs cleanly when it is shared. */
  {
    g_autofree const char **ids =
      (const char **) g_hash_table_get_keys_as_array (self->waivers, NULL);

    g_qsort_with_data (ids, g_hash_table_size (self->waivers), sizeof (char *),
                       (GCompareDataFunc) compare_strings, NULL);
    for (guint i = 0; ids[i] != NULL; i++)
      g_key_file_set_string (keyfile, GROUP_WAIVERS, ids[i],
                             g_hash_table_lookup (self->waivers, ids[i]));
  }

  return g_key_file_to_data (keyfile, NULL, NULL);
}

static gboolean
read_bool (GKeyFile   *keyfile,
           const char *group,
           const char *key,
           gboolean    fallback,
           gboolean   *out,
           GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value = g_key_file_get_boolean (keyfile, group, key, &local_error);

  if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
      g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
    value = fallback;
  else if (local_error != NULL)
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("%s in [%s] must be true or false."), key, group);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
validate (GantryEnvironment  *self,
          GError            **error)
{
  if (self->region != NULL && !gantry_aws_region_is_valid (self->region))
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("Region “%s” is not an AWS region name."), self->region);
      return FALSE;
    }
  if (!gantry_aws_region_is_valid (self->backup_region))
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("Backup region “%s” is not an AWS region name."), self->backup_region);
      return FALSE;
    }
  for (guint i = 0; self->dev_accounts[i] != NULL; i++)
    if (!g_regex_match_simple ("^[0-9]{12}$", self->dev_accounts[i], 0, 0))
      {
        g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                     _("“%s” is not an AWS account ID (12 digits)."), self->dev_accounts[i]);
        return FALSE;
      }
  if (g_strcmp0 (self->candidate_tag, self->latest_tag) == 0)
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("The candidate and latest tags must differ."));
      return FALSE;
    }
  return TRUE;
}

/**
 * gantry_environment_new_from_data:
 * @name: the environment's name
 * @data: key file text
 *
 * Returns: (transfer full): the environment, or %NULL if @data is not a valid
 *   environment (the error says which key is wrong)
 */
GantryEnvironment *
gantry_environment_new_from_data (const char  *name,
                                  const char  *data,
                                  GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GantryEnvironment) self = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!gantry_environment_name_is_valid (name))
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("“%s” is not a valid environment name: use letters, digits, “-”, “_” "
                     "and “.”."), name);
      return NULL;
    }

  if (!g_key_file_load_from_data (keyfile, data, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                   _("The environment “%s” is not a valid key file: %s"),
                   name, local_error->message);
      return NULL;
    }

  self = gantry_environment_new (name);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    {
      g_autofree char *value = g_key_file_get_string (keyfile, GROUP_ENVIRONMENT,
                                                      string_keys[i].key, NULL);

      if (value != NULL && *g_strstrip (value) != '\0')
        {
          g_free (STRING_KEY (self, i));
          STRING_KEY (self, i) = g_steal_pointer (&value);
        }
    }

  {
    g_auto(GStrv) repositories = g_key_file_get_string_list (keyfile, GROUP_ENVIRONMENT,
                                                             "Repositories", NULL, NULL);
    g_auto(GStrv) dev_accounts = g_key_file_get_string_list (keyfile, GROUP_ENVIRONMENT,
                                                             "DevAccounts", NULL, NULL);

    set_strv (self, &self->repositories, (const char * const *) repositories);
    set_strv (self, &self->dev_accounts, (const char * const *) dev_accounts);
  }

  {
    g_auto(GStrv) ids = g_key_file_get_keys (keyfile, GROUP_WAIVERS, NULL, NULL);

    for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
      {
        g_autofree char *reason = g_key_file_get_string (keyfile, GROUP_WAIVERS, ids[i], NULL);

        if (reason != NULL && *g_strstrip (reason) != '\0')
          g_hash_table_replace (self->waivers, g_strdup (ids[i]), g_steal_pointer (&reason));
      }
  }

  if (!read_bool (keyfile, GROUP_ENVIRONMENT, "Production", TRUE, &self->production, error) ||
      !read_bool (keyfile, GROUP_GUARDS, "RefuseCriticalFindings", TRUE,
                  &self->refuse_critical, error) ||
      !read_bool (keyfile, GROUP_GUARDS, "CheckTaskFamily", TRUE,
                  &self->check_task_family, error) ||
      !read_bool (keyfile, GROUP_GUARDS, "TypedConfirmation", TRUE,
                  &self->typed_confirmation, error) ||
      !validate (self, error))
    {
      g_prefix_error (error, _("Environment “%s”: "), name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static GFile *
file_for (const char *name)
{
  g_autofree char *dir = gantry_environment_dup_directory ();
  g_autofree char *basename = g_strconcat (name, ".ini", NULL);
  g_autofree char *path = g_build_filename (dir, basename, NULL);

  return g_file_new_for_path (path);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *data = task_data;
  g_autofree char *dir = gantry_environment_dup_directory ();
  g_autoptr(GFile) file = file_for (gantry_environment_get_name (source_object));
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create “%s”: %s"), dir, g_strerror (saved));
      return;
    }

  /* Atomic replace: a crash leaves the old file or the new one, never half. */
  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gantry_environment_save_async:
 *
 * Writes the key file atomically, in a worker thread.
 */
void
gantry_environment_save_async (GantryEnvironment   *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GANTRY_IS_ENVIRONMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_environment_save_async);

  if (!validate (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, gantry_environment_to_data (self), g_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
gantry_environment_save_finish (GantryEnvironment  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *name = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GantryEnvironment *environment;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, NULL, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND,
                                 _("There is no environment “%s”. Create it in Gantry’s "
                                   "Environments dialog, or pass the resources as options."),
                                 name);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  environment = gantry_environment_new_from_data (name, contents, &error);
  if (environment == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, environment, g_object_unref);
}

/**
 * gantry_environment_load_async:
 * @name: the environment's name
 */
void
gantry_environment_load_async (const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_environment_load_async);
  g_task_set_task_data (task, g_strdup (name), g_free);

  if (!gantry_environment_name_is_valid (name))
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                               _("“%s” is not a valid environment name: use letters, digits, "
                                 "“-”, “_” and “.”."), name);
      return;
    }

  file = file_for (name);
  g_file_load_contents_async (file, cancellable, load_contents_cb, g_steal_pointer (&task));
}

/**
 * gantry_environment_load_finish:
 *
 * Returns: (transfer full): the environment
 */
GantryEnvironment *
gantry_environment_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_next_files_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
list_enumerate_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFileEnumerator *enumerator;
  GCancellable *cancellable;

  enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (enumerator == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_ptr_array_new_with_free_func (g_free),
                        (GDestroyNotify) g_ptr_array_unref);
  cancellable = g_task_get_cancellable (task);
  g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_DEFAULT, cancellable,
                                      list_next_files_cb, g_steal_pointer (&task));
  g_object_unref (enumerator);
}

static void
list_next_files_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (object);
  GPtrArray *names = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  GList *infos;

  infos = g_file_enumerator_next_files_finish (enumerator, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (infos == NULL)
    {
      GStrv strv;

      g_ptr_array_sort (names, compare_names);
      g_ptr_array_add (names, NULL);
      strv = (GStrv) g_ptr_array_steal (names, NULL);
      g_task_return_pointer (task, strv, (GDestroyNotify) g_strfreev);
      return;
    }

  for (GList *l = infos; l != NULL; l = l->next)
    {
      const char *basename = g_file_info_get_name (l->data);

      if (g_str_has_suffix (basename, ".ini"))
        {
          g_autofree char *name = g_strndup (basename, strlen (basename) - 4);

          if (gantry_environment_name_is_valid (name))
            g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }
  g_list_free_full (infos, g_object_unref);

  cancellable = g_task_get_cancellable (task);
  g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_DEFAULT, cancellable,
                                      list_next_files_cb, g_steal_pointer (&task));
}

/**
 * gantry_environment_list_async:
 *
 * Lists the saved environments' names.
 */
void
gantry_environment_list_async (GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *path = gantry_environment_dup_directory ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_environment_list_async);

  dir = g_file_new_for_path (path);
  g_file_enumerate_children_async (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                                   list_enumerate_cb, g_steal_pointer (&task));
}

/**
 * gantry_environment_list_finish:
 *
 * Returns: (transfer full): the names, sorted; empty when there are none
 */
GStrv
gantry_environment_list_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_environment_get_waiver:
 * @check_id: a check ID, e.g. "sg.default-closed"
 *
 * A waiver marks a check's finding as an accepted risk; it is stored in
 * the environment's [Waivers] group so the decision travels with the file.
 *
 * Returns: (nullable): the reason the risk was accepted, or %NULL
 */
const char *
gantry_environment_get_waiver (GantryEnvironment *self,
                               const char        *check_id)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENT (self), NULL);
  g_return_val_if_fail (check_id != NULL, NULL);

  return g_hash_table_lookup (self->waivers, check_id);
}

/**
 * gantry_environment_set_waiver:
 * @check_id: a check ID
 * @reason: (nullable): why the risk is accepted; %NULL or empty removes the waiver
 */
void
gantry_environment_set_waiver (GantryEnvironment *self,
                               const char        *check_id,
                               const char        *reason)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENT (self));
  g_return_if_fail (check_id != NULL);

  if (reason == NULL || *reason == '\0')
    {
      if (!g_hash_table_remove (self->waivers, check_id))
        return;
    }
  else
    {
      if (g_strcmp0 (g_hash_table_lookup (self->waivers, check_id), reason) == 0)
        return;
      g_hash_table_replace (self->waivers, g_strdup (check_id), g_strdup (reason));
    }

  g_signal_emit (self, signals[CHANGED], 0);
}
