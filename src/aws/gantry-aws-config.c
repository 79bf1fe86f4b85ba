/* gantry-aws-config.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>

#include "gantry-aws-config.h"
#include "gantry-aws-credentials.h"
#include "gantry-aws-error.h"

/**
 * GantryAwsConfig:
 *
 * The profiles of `~/.aws/config` and `~/.aws/credentials`, read the way the
 * AWS CLI reads them, so that a profile that works with `aws` works with
 * Gantry. Values of the credentials file win over those of the config file.
 *
 * The credentials file holds secrets: every value is wiped from memory when
 * it is dropped, and neither values nor whole lines are ever logged.
 */
struct _GantryAwsConfig
{
  GObject     parent_instance;

  /* profile name → (lower-case key → value); values wiped on free */
  GHashTable *profiles;
};

G_DEFINE_FINAL_TYPE (GantryAwsConfig, gantry_aws_config, G_TYPE_OBJECT)

typedef enum
{
  FILE_KIND_CONFIG,
  FILE_KIND_CREDENTIALS,
} FileKind;

static void
gantry_aws_config_finalize (GObject *object)
{
  GantryAwsConfig *self = GANTRY_AWS_CONFIG (object);

  g_clear_pointer (&self->profiles, g_hash_table_unref);

  G_OBJECT_CLASS (gantry_aws_config_parent_class)->finalize (object);
}

static void
gantry_aws_config_class_init (GantryAwsConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_aws_config_finalize;
}

static GHashTable *
profiles_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal,
                                g_free, (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
profile_values_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal,
                                g_free, (GDestroyNotify) gantry_aws_secret_free);
}

static void
gantry_aws_config_init (GantryAwsConfig *self)
{
  self->profiles = profiles_new ();
}

/**
 * gantry_aws_config_new:
 *
 * Returns: (transfer full): an empty configuration; load it with
 *   gantry_aws_config_load_async()
 */
GantryAwsConfig *
gantry_aws_config_new (void)
{
  return g_object_new (GANTRY_TYPE_AWS_CONFIG, NULL);
}

/* Whole file contents may hold secret keys: wipe them, not just free them. */
static void
contents_free (char  *contents,
               gsize  length)
{
  if (contents == NULL)
    return;
  OPENSSL_cleanse (contents, length);
  g_free (contents);
}

/* Maps a section header to a profile name, or %NULL for sections that are not
 * profiles. Like the AWS CLI, the config file names profiles
 * `[profile NAME]` (only `default` may be bare) while the credentials file
 * uses `[NAME]`; `[sso-session x]`, `[services x]` and the like are ignored. */
static char *
section_to_profile (const char *section,
                    FileKind    kind)
{
  const char *name;

  if (*section == '\0')
    return NULL;

  if (kind == FILE_KIND_CREDENTIALS)
    return g_strdup (section);

  if (g_str_equal (section, "default"))
    return g_strdup ("default");

  if (!g_str_has_prefix (section, "profile") ||
      (section[7] != ' ' && section[7] != '\t'))
    return NULL;

  name = section + 7;
  while (*name == ' ' || *name == '\t')
    name++;

  return *name != '\0' ? g_strdup (name) : NULL;
}

typedef struct
{
  GHashTable *profiles;
  FileKind    kind;
  GHashTable *current;        /* borrowed from profiles; NULL outside a profile */
  char       *last_key;
  gboolean    last_value_empty;
} ParseState;

static void
parse_state_forget_key (ParseState *state)
{
  g_clear_pointer (&state->last_key, g_free);
  state->last_value_empty = FALSE;
}

static void
parse_line (ParseState *state,
            const char *start,
            const char *end,
            guint       lineno)
{
  const char *line = start;
  const char *delim;
  gboolean indented;
  char *key;
  char *value;

  while (start < end && (*start == ' ' || *start == '\t'))
    start++;
  indented = start != line;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (start == end || *start == '#' || *start == ';')
    return;

  /* An indented line after a key continues it: this is how nested settings
   * such as `s3 =` followed by `  max_concurrent_requests = 10` are written.
   * They configure other tools, so they are skipped, together with the empty
   * key that opened them. */
  if (indented && state->last_key != NULL)
    {
      if (state->last_value_empty && state->current != NULL)
        g_hash_table_remove (state->current, state->last_key);
      return;
    }

  if (*start == '[')
    {
      const char *close = memchr (start, ']', end - start);
      g_autofree char *section = NULL;
      g_autofree char *profile = NULL;

      parse_state_forget_key (state);
      state->current = NULL;

      if (close == NULL)
        {
          g_debug ("Skipping malformed section header on line %u", lineno);
          return;
        }

      section = g_strstrip (g_strndup (start + 1, close - start - 1));
      profile = section_to_profile (section, state->kind);
      if (profile == NULL)
        return;

      state->current = g_hash_table_lookup (state->profiles, profile);
      if (state->current == NULL)
        {
          state->current = profile_values_new ();
          g_hash_table_insert (state->profiles, g_steal_pointer (&profile), state->current);
        }
      return;
    }

  /* Inline comments need whitespace before them, so a `#` or `;` inside a
   * value is kept, as the AWS CLI does. */
  for (const char *p = start + 1; p < end; p++)
    {
      if ((*p == '#' || *p == ';') && (p[-1] == ' ' || p[-1] == '\t'))
        {
          end = p;
          break;
        }
    }
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  for (delim = start; delim < end; delim++)
    {
      if (*delim == '=' || *delim == ':')
        break;
    }

  parse_state_forget_key (state);

  if (delim == end || delim == start)
    {
      /* Only the line number: the line itself may be a secret. */
      g_debug ("Skipping malformed line %u", lineno);
      return;
    }

  if (state->current == NULL)
    return;

  key = g_strstrip (g_ascii_strdown (start, delim - start));
  if (*key == '\0')
    {
      g_free (key);
      g_debug ("Skipping malformed line %u", lineno);
      return;
    }

  value = g_strstrip (g_strndup (delim + 1, end - delim - 1));

  state->last_key = g_strdup (key);
  state->last_value_empty = *value == '\0';
  g_hash_table_replace (state->current, key, value);
}

static void
parse_text (GHashTable *profiles,
            const char *text,
            FileKind    kind)
{
  ParseState state = { profiles, kind, NULL, NULL, FALSE };
  const char *p = text;
  guint lineno = 0;

  if (text == NULL)
    return;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;

  while (*p != '\0')
    {
      const char *eol = strchr (p, '\n');
      const char *next;

      if (eol == NULL)
        {
          eol = p + strlen (p);
          next = eol;
        }
      else
        {
          next = eol + 1;
        }

      parse_line (&state, p, eol, ++lineno);
      p = next;
    }

  parse_state_forget_key (&state);
}

static void
gantry_aws_config_set_data (GantryAwsConfig *self,
                            const char      *config_text,
                            const char      *credentials_text)
{
  g_autoptr(GHashTable) profiles = profiles_new ();

  /* Credentials last: its values win for the same profile. */
  parse_text (profiles, config_text, FILE_KIND_CONFIG);
  parse_text (profiles, credentials_text, FILE_KIND_CREDENTIALS);

  g_clear_pointer (&self->profiles, g_hash_table_unref);
  self->profiles = g_steal_pointer (&profiles);
}

/**
 * gantry_aws_config_load_from_data:
 * @config_text: (nullable): contents of a config file
 * @credentials_text: (nullable): contents of a credentials file
 *
 * Replaces the profiles with those of the given texts, as if they were the
 * files' contents. Malformed lines are skipped.
 *
 * Returns: %TRUE (malformed input is skipped, not an error)
 */
gboolean
gantry_aws_config_load_from_data (GantryAwsConfig  *self,
                                  const char       *config_text,
                                  const char       *credentials_text,
                                  GError          **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gantry_aws_config_set_data (self, config_text, credentials_text);
  return TRUE;
}

static char *
path_from_env (const char *variable,
               const char *default_name)
{
  const char *value = g_getenv (variable);

  if (value == NULL || *value == '\0')
    return g_build_filename (g_get_home_dir (), ".aws", default_name, NULL);

  /* The AWS CLI expands a leading ~ itself; shells do not inside quotes. */
  if (value[0] == '~' && (value[1] == '/' || value[1] == '\0'))
    return g_build_filename (g_get_home_dir (), value + 1, NULL);

  return g_strdup (value);
}

/**
 * gantry_aws_config_dup_config_path:
 *
 * Returns: (transfer full): `$AWS_CONFIG_FILE`, or `~/.aws/config`
 */
char *
gantry_aws_config_dup_config_path (void)
{
  return path_from_env ("AWS_CONFIG_FILE", "config");
}

/**
 * gantry_aws_config_dup_credentials_path:
 *
 * Returns: (transfer full): `$AWS_SHARED_CREDENTIALS_FILE`, or
 *   `~/.aws/credentials`
 */
char *
gantry_aws_config_dup_credentials_path (void)
{
  return path_from_env ("AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

typedef struct
{
  GFile *config_file;
  GFile *credentials_file;
  char  *config_text;
  gsize  config_length;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->config_file);
  g_clear_object (&data->credentials_file);
  contents_free (data->config_text, data->config_length);
  g_free (data);
}

/* Reads one file's contents; a missing file reads as empty. */
static gboolean
finish_contents (GFile         *file,
                 GAsyncResult  *result,
                 char         **contents,
                 gsize         *length,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *contents = NULL;
  *length = 0;

  if (g_file_load_contents_finish (file, result, contents, length, NULL, &local_error))
    return TRUE;

  /* No file, or no ~/.aws directory (HOME may even be a file, as in
   * sandboxes that set it to /dev/null): the same as an empty file. */
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else
    {
      g_autofree char *path = g_file_get_path (file);

      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("Could not read the AWS configuration file “%s”: %s"),
                   path, local_error->message);
    }

  return FALSE;
}

static void
load_credentials_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsConfig *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!finish_contents (G_FILE (object), result, &contents, &length, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  gantry_aws_config_set_data (self, data->config_text, contents);
  contents_free (contents, length);

  g_task_return_boolean (task, TRUE);
}

static void
load_config_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (!finish_contents (G_FILE (object), result,
                        &data->config_text, &data->config_length, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_file_load_contents_async (data->credentials_file, cancellable,
                              load_credentials_cb,
                              g_steal_pointer (&task));
}

/**
 * gantry_aws_config_load_async:
 *
 * Reads the config file and the credentials file (see
 * gantry_aws_config_dup_config_path()) and replaces the profiles with theirs.
 * Missing files count as empty.
 */
void
gantry_aws_config_load_async (GantryAwsConfig     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *credentials_path = NULL;
  LoadData *data;

  g_return_if_fail (GANTRY_IS_AWS_CONFIG (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  config_path = gantry_aws_config_dup_config_path ();
  credentials_path = gantry_aws_config_dup_credentials_path ();

  data = g_new0 (LoadData, 1);
  data->config_file = g_file_new_for_path (config_path);
  data->credentials_file = g_file_new_for_path (credentials_path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_config_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  g_file_load_contents_async (data->config_file, cancellable,
                              load_config_cb, g_steal_pointer (&task));
}

gboolean
gantry_aws_config_load_finish (GantryAwsConfig  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * gantry_aws_config_dup_profile_names:
 *
 * Returns: (transfer full): the profile names, sorted
 */
char **
gantry_aws_config_dup_profile_names (GantryAwsConfig *self)
{
  g_autoptr(GPtrArray) names = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (self), NULL);

  names = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->profiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));

  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
gantry_aws_config_has_profile (GantryAwsConfig *self,
                               const char      *profile)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  return g_hash_table_contains (self->profiles, profile);
}

/**
 * gantry_aws_config_get_value:
 * @profile: a profile name
 * @key: a setting, e.g. "region" (case-insensitive)
 *
 * Returns: (nullable) (transfer none): the value, or %NULL if unset
 */
const char *
gantry_aws_config_get_value (GantryAwsConfig *self,
                             const char      *profile,
                             const char      *key)
{
  g_autofree char *lower_key = NULL;
  GHashTable *values;

  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (self), NULL);
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  values = g_hash_table_lookup (self->profiles, profile);
  if (values == NULL)
    return NULL;

  lower_key = g_ascii_strdown (key, -1);
  return g_hash_table_lookup (values, lower_key);
}

static const char *
nonempty_env (const char *variable)
{
  const char *value = g_getenv (variable);

  return (value != NULL && *value != '\0') ? value : NULL;
}

/**
 * gantry_aws_config_resolve_region:
 * @config: (nullable): the loaded configuration
 * @profile: (nullable): the profile, or %NULL for gantry_aws_profile_name_from_env()
 *
 * Resolves the region as the SDKs do: `AWS_REGION`, then
 * `AWS_DEFAULT_REGION`, then the profile's `region`.
 *
 * Returns: (transfer full) (nullable): the region, or %NULL if none is set
 */
char *
gantry_aws_config_resolve_region (GantryAwsConfig *config,
                                  const char      *profile)
{
  const char *value;

  g_return_val_if_fail (config == NULL || GANTRY_IS_AWS_CONFIG (config), NULL);

  if ((value = nonempty_env ("AWS_REGION")) != NULL)
    return g_strdup (value);
  if ((value = nonempty_env ("AWS_DEFAULT_REGION")) != NULL)
    return g_strdup (value);

  if (config == NULL)
    return NULL;

  if (profile == NULL)
    profile = gantry_aws_profile_name_from_env ();

  value = gantry_aws_config_get_value (config, profile, "region");
  return (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

/**
 * gantry_aws_profile_name_from_env:
 *
 * Returns: (transfer none): `$AWS_PROFILE`, or "default"
 */
const char *
gantry_aws_profile_name_from_env (void)
{
  const char *value = nonempty_env ("AWS_PROFILE");

  return value != NULL ? value : "default";
}
