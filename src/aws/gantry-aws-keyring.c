/* gantry-aws-keyring.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-keyring"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "gantry-aws-credentials-provider.h"
#include "gantry-aws-error.h"
#include "gantry-aws-keyring.h"

/* Gantry keeps long-term keys in the desktop keyring rather than in
 * ~/.aws/credentials: one item per profile, whose secret is the secret
 * access key and whose attributes (never secret) are the profile and the
 * access key ID, so profiles can be listed without unlocking anything. */

static const SecretSchema *
keyring_get_schema (void)
{
  static const SecretSchema schema = {
    GANTRY_AWS_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "access-key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Errors from libsecret or D-Bus become GANTRY_AWS_ERROR_CONFIG (one domain
 * per layer); cancellation stays G_IO_ERROR_CANCELLED so callers can ignore
 * it. */
static GError *
wrap_error (GError *error)
{
  GError *wrapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == GANTRY_AWS_ERROR)
    return error;

  wrapped = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                         _("The keyring could not be used: %s"), error->message);
  g_error_free (error);
  return wrapped;
}

/* store ------------------------------------------------------------------- */

typedef struct
{
  char *profile;
  char *access_key_id;
  char *secret_access_key;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->profile);
  g_free (data->access_key_id);
  gantry_aws_secret_free (data->secret_access_key);
  g_free (data);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, wrap_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
store_clear_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *label = NULL;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to replace. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, wrap_error (error));
      return;
    }

  label = g_strdup_printf (_("Gantry AWS credentials for profile %s"), data->profile);
  secret_password_store (keyring_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         data->secret_access_key, cancellable,
                         store_password_cb, g_steal_pointer (&task),
                         "profile", data->profile,
                         "access-key-id", data->access_key_id,
                         NULL);
}

/**
 * gantry_aws_keyring_store_async:
 * @profile: the profile name
 * @access_key_id: the access key ID
 * @secret_access_key: the secret access key
 *
 * Stores a long-term key pair for @profile in the default keyring collection,
 * replacing whatever was stored for it before.
 */
void
gantry_aws_keyring_store_async (const char          *profile,
                                const char          *access_key_id,
                                const char          *secret_access_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (profile != NULL && *profile != '\0');
  g_return_if_fail (access_key_id != NULL && *access_key_id != '\0');
  g_return_if_fail (secret_access_key != NULL && *secret_access_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (StoreData, 1);
  data->profile = g_strdup (profile);
  data->access_key_id = g_strdup (access_key_id);
  data->secret_access_key = g_strdup (secret_access_key);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_keyring_store_async);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  /* Clear by profile first: storing with a new access key ID would otherwise
   * leave the old item beside the new one. */
  secret_password_clear (keyring_get_schema (), cancellable,
                         store_clear_cb, g_steal_pointer (&task),
                         "profile", profile,
                         NULL);
}

gboolean
gantry_aws_keyring_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* lookup ------------------------------------------------------------------ */

static void
lookup_search_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *profile = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  SecretItem *newest = NULL;
  const char *access_key_id;
  const char *secret;
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, wrap_error (error));
      return;
    }

  /* store_async() keeps one item per profile; if other tools left more,
   * the most recently changed one is the one the user meant. */
  for (GList *l = items; l != NULL; l = l->next)
    {
      if (newest == NULL || secret_item_get_modified (l->data) > secret_item_get_modified (newest))
        newest = l->data;
    }

  if (newest != NULL)
    {
      attributes = secret_item_get_attributes (newest);
      value = secret_item_get_secret (newest);
    }

  access_key_id = attributes ? g_hash_table_lookup (attributes, "access-key-id") : NULL;
  secret = value ? secret_value_get_text (value) : NULL;

  if (access_key_id == NULL || *access_key_id == '\0' || secret == NULL || *secret == '\0')
    {
      g_task_return_error (task, gantry_aws_credentials_provider_new_not_found_error (
                             _("The keyring holds no AWS credentials for profile “%s”."),
                             profile));
    }
  else
    {
      g_task_return_pointer (task,
                             gantry_aws_credentials_new (access_key_id, secret, NULL, NULL,
                                                         "keyring"),
                             (GDestroyNotify) gantry_aws_credentials_unref);
    }

  g_list_free_full (items, g_object_unref);
}

/**
 * gantry_aws_keyring_lookup_async:
 * @profile: the profile name
 *
 * Reads the key pair stored for @profile, unlocking the keyring if needed.
 */
void
gantry_aws_keyring_lookup_async (const char          *profile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_keyring_lookup_async);
  g_task_set_task_data (task, g_strdup (profile), g_free);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "profile", (gpointer) profile);

  secret_service_search (NULL, keyring_get_schema (), attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, lookup_search_cb, g_steal_pointer (&task));
}

/**
 * gantry_aws_keyring_lookup_finish:
 *
 * Returns: (transfer full): the stored credentials, or %NULL with @error set;
 *   gantry_aws_credentials_provider_error_is_not_found() is %TRUE for it if
 *   nothing is stored for the profile
 */
GantryAwsCredentials *
gantry_aws_keyring_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* delete ------------------------------------------------------------------ */

static void
delete_clear_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *profile = g_task_get_task_data (task);
  GError *error = NULL;

  if (secret_password_clear_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, wrap_error (error));
  else
    g_task_return_error (task, gantry_aws_credentials_provider_new_not_found_error (
                           _("The keyring holds no AWS credentials for profile “%s”."),
                           profile));
}

/**
 * gantry_aws_keyring_delete_async:
 * @profile: the profile name
 *
 * Removes what is stored for @profile.
 */
void
gantry_aws_keyring_delete_async (const char          *profile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_keyring_delete_async);
  g_task_set_task_data (task, g_strdup (profile), g_free);

  secret_password_clear (keyring_get_schema (), cancellable,
                         delete_clear_cb, g_steal_pointer (&task),
                         "profile", profile,
                         NULL);
}

/**
 * gantry_aws_keyring_delete_finish:
 *
 * Returns: %TRUE if something was removed; if nothing was stored, %FALSE with
 *   an error for which gantry_aws_credentials_provider_error_is_not_found()
 *   is %TRUE
 */
gboolean
gantry_aws_keyring_delete_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* list -------------------------------------------------------------------- */

typedef struct
{
  GStrv profiles;
  GStrv access_key_ids;
} ListResult;

static void
list_result_free (ListResult *list)
{
  g_strfreev (list->profiles);
  g_strfreev (list->access_key_ids);
  g_free (list);
}

static int
compare_by_profile (gconstpointer a,
                    gconstpointer b)
{
  const char * const *pa = *(const char * const * const *) a;
  const char * const *pb = *(const char * const * const *) b;

  return g_strcmp0 (pa[0], pb[0]);
}

static void
list_search_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GStrvBuilder) profiles = NULL;
  g_autoptr(GStrvBuilder) access_key_ids = NULL;
  ListResult *list;
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, wrap_error (error));
      return;
    }

  /* Attributes only: nothing is unlocked and no secret is loaded. */
  pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);
      const char *profile = g_hash_table_lookup (attributes, "profile");
      const char *access_key_id = g_hash_table_lookup (attributes, "access-key-id");
      char **pair;

      if (profile == NULL)
        continue;

      pair = g_new0 (char *, 3);
      pair[0] = g_strdup (profile);
      pair[1] = g_strdup (access_key_id ? access_key_id : "");
      g_ptr_array_add (pairs, pair);
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (pairs, compare_by_profile);

  profiles = g_strv_builder_new ();
  access_key_ids = g_strv_builder_new ();
  for (guint i = 0; i < pairs->len; i++)
    {
      char **pair = g_ptr_array_index (pairs, i);

      g_strv_builder_add (profiles, pair[0]);
      g_strv_builder_add (access_key_ids, pair[1]);
    }

  list = g_new0 (ListResult, 1);
  list->profiles = g_strv_builder_end (profiles);
  list->access_key_ids = g_strv_builder_end (access_key_ids);
  g_task_return_pointer (task, list, (GDestroyNotify) list_result_free);
}

/**
 * gantry_aws_keyring_list_profiles_async:
 *
 * Lists the profiles that have credentials in the keyring, without unlocking
 * it or reading any secret.
 */
void
gantry_aws_keyring_list_profiles_async (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_keyring_list_profiles_async);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  secret_service_search (NULL, keyring_get_schema (), attributes, SECRET_SEARCH_ALL,
                         cancellable, list_search_cb, g_steal_pointer (&task));
}

/**
 * gantry_aws_keyring_list_profiles_finish:
 * @out_access_key_ids: (out) (optional) (transfer full): the access key ID of
 *   each profile, at the same index
 *
 * Returns: (transfer full): the profile names, sorted, or %NULL with @error set
 */
GStrv
gantry_aws_keyring_list_profiles_finish (GAsyncResult  *result,
                                         GStrv         *out_access_key_ids,
                                         GError       **error)
{
  ListResult *list;
  GStrv profiles;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (out_access_key_ids != NULL)
    *out_access_key_ids = NULL;

  list = g_task_propagate_pointer (G_TASK (result), error);
  if (list == NULL)
    return NULL;

  profiles = g_steal_pointer (&list->profiles);
  if (out_access_key_ids != NULL)
    *out_access_key_ids = g_steal_pointer (&list->access_key_ids);
  list_result_free (list);

  return profiles;
}
