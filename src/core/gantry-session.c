/* gantry-session.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-session.h"

#include "aws/gantry-aws-chain-provider.h"
#include "aws/gantry-aws-config.h"
#include "aws/gantry-aws-endpoint.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-keyring.h"
#include "aws/gantry-aws-sts.h"

/**
 * GantrySession:
 *
 * One connection to one AWS account: a profile (or static keys such as the
 * demo account's), a region and, once connected, a #GantryAwsClient and the
 * identity STS reports. Pages read the window's session rather than building
 * clients themselves, so switching accounts is one place.
 */
struct _GantrySession
{
  GObject               parent_instance;

  char                 *profile;
  /* what the caller asked for; region is what the last connect resolved */
  char                 *requested_region;
  char                 *region;
  char                 *endpoint_url;
  GantryAwsCredentials *static_credentials;
  GantryAwsMfaPrompter *prompter;

  char                 *account_id;
  char                 *identity_arn;
  GantryAwsClient      *client;
  GError               *error;
  GantrySessionState    state;

  /* bumped by each connect, so a superseded attempt leaves no trace */
  guint                 generation;
  guint                 profile_explicit : 1;
  guint                 is_demo : 1;
};

G_DEFINE_FINAL_TYPE (GantrySession, gantry_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GantrySessionState, gantry_session_state,
                    G_DEFINE_ENUM_VALUE (GANTRY_SESSION_STATE_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (GANTRY_SESSION_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (GANTRY_SESSION_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (GANTRY_SESSION_STATE_FAILED, "failed"))

G_DEFINE_FLAGS_TYPE (GantryProfileSource, gantry_profile_source,
                     G_DEFINE_ENUM_VALUE (GANTRY_PROFILE_SOURCE_KEYRING, "keyring"),
                     G_DEFINE_ENUM_VALUE (GANTRY_PROFILE_SOURCE_AWS_FILES, "aws-files"))

G_DEFINE_BOXED_TYPE (GantryProfileInfo, gantry_profile_info,
                     gantry_profile_info_copy, gantry_profile_info_free)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_REGION,
  PROP_ACCOUNT_ID,
  PROP_IDENTITY_ARN,
  PROP_IS_DEMO,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GantryProfileInfo *
gantry_profile_info_copy (const GantryProfileInfo *info)
{
  GantryProfileInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (GantryProfileInfo, 1);
  copy->name = g_strdup (info->name);
  copy->sources = info->sources;
  copy->access_key_id = g_strdup (info->access_key_id);
  copy->role_arn = g_strdup (info->role_arn);
  copy->region = g_strdup (info->region);

  return copy;
}

void
gantry_profile_info_free (GantryProfileInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->access_key_id);
  g_free (info->role_arn);
  g_free (info->region);
  g_free (info);
}

static void
gantry_session_dispose (GObject *object)
{
  GantrySession *self = GANTRY_SESSION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->prompter);
  g_clear_pointer (&self->static_credentials, gantry_aws_credentials_unref);

  G_OBJECT_CLASS (gantry_session_parent_class)->dispose (object);
}

static void
gantry_session_finalize (GObject *object)
{
  GantrySession *self = GANTRY_SESSION (object);

  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->requested_region, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->identity_arn, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (gantry_session_parent_class)->finalize (object);
}

static void
gantry_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GantrySession *self = GANTRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_IDENTITY_ARN:
      g_value_set_string (value, self->identity_arn);
      break;

    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_session_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GantrySession *self = GANTRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_IS_DEMO:
      gantry_session_set_demo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_session_class_init (GantrySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_session_dispose;
  object_class->finalize = gantry_session_finalize;
  object_class->get_property = gantry_session_get_property;
  object_class->set_property = gantry_session_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY_ARN] =
    g_param_spec_string ("identity-arn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GANTRY_TYPE_SESSION_STATE,
                       GANTRY_SESSION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_session_init (GantrySession *self)
{
}

/**
 * gantry_session_new:
 * @profile: (nullable): the profile to use, or %NULL for the one
 *   `AWS_PROFILE` names, else "default"
 * @region: (nullable): the region, or %NULL to resolve it from the
 *   environment and the profile when connecting
 * @endpoint_url: (nullable): an endpoint for every service, such as the
 *   demo's loopback moto; %NULL for AWS (or `AWS_ENDPOINT_URL`)
 * @static_credentials: (nullable): keys to use before anything the profile
 *   offers, e.g. the demo account's or keys being tested before they are saved
 * @prompter: (nullable): asks for MFA codes when a role profile needs one
 *
 * Returns: (transfer full): a disconnected session
 */
GantrySession *
gantry_session_new (const char           *profile,
                    const char           *region,
                    const char           *endpoint_url,
                    GantryAwsCredentials *static_credentials,
                    GantryAwsMfaPrompter *prompter)
{
  GantrySession *self;

  g_return_val_if_fail (prompter == NULL || GANTRY_IS_AWS_MFA_PROMPTER (prompter), NULL);

  self = g_object_new (GANTRY_TYPE_SESSION, NULL);
  self->profile_explicit = profile != NULL;
  self->profile = g_strdup (profile != NULL ? profile : gantry_aws_profile_name_from_env ());
  self->requested_region = g_strdup (region);
  self->region = g_strdup (region);
  self->endpoint_url = g_strdup (endpoint_url);
  if (static_credentials != NULL)
    self->static_credentials = gantry_aws_credentials_ref (static_credentials);
  g_set_object (&self->prompter, prompter);

  return self;
}

static void
set_string (GantrySession  *self,
            char          **field,
            const char     *value,
            guint           prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_state (GantrySession      *self,
           GantrySessionState  state,
           const GError       *error)
{
  gboolean had_error = self->error != NULL;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  if (had_error || error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

typedef struct
{
  guint            generation;
  GantryAwsConfig *config;
  GantryAwsClient *client;
  GantryAwsSts    *sts;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_clear_object (&data->config);
  g_clear_object (&data->client);
  g_clear_object (&data->sts);
  g_free (data);
}

/* Ends a connection attempt: the session's state follows only the latest
 * attempt, whatever happens to those it replaced. */
static void
connect_complete (GTask  *task,
                  GError *error)
{
  GantrySession *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);

  if (data->generation == self->generation)
    {
      if (error == NULL)
        set_state (self, GANTRY_SESSION_STATE_READY, NULL);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, GANTRY_SESSION_STATE_DISCONNECTED, NULL);
      else
        set_state (self, GANTRY_SESSION_STATE_FAILED, error);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
connect_caller_identity_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantrySession *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  GError *error = NULL;

  identity = gantry_aws_sts_get_caller_identity_finish (GANTRY_AWS_STS (object), result, &error);
  if (identity == NULL)
    {
      connect_complete (task, error);
      return;
    }

  if (data->generation == self->generation)
    {
      g_set_object (&self->client, data->client);
      set_string (self, &self->account_id, identity->account, PROP_ACCOUNT_ID);
      set_string (self, &self->identity_arn, identity->arn, PROP_IDENTITY_ARN);
    }

  connect_complete (task, NULL);
}

static void
connect_config_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantrySession *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsStsRoleAssumer) assumer = NULL;
  g_autoptr(GantryAwsChainProvider) chain = NULL;
  g_autofree char *region = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!gantry_aws_config_load_finish (data->config, result, &error))
    {
      connect_complete (task, error);
      return;
    }

  if (self->requested_region != NULL)
    region = g_strdup (self->requested_region);
  else
    region = gantry_aws_config_resolve_region (data->config, self->profile);

  if (region != NULL && !gantry_aws_region_is_valid (region))
    {
      error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                           _("“%s” is not an AWS region name (for example eu-west-1). Check "
                             "AWS_REGION or the region of profile “%s”."),
                           region, self->profile);
      connect_complete (task, error);
      return;
    }

  if (data->generation == self->generation)
    set_string (self, &self->region, region, PROP_REGION);

  assumer = gantry_aws_sts_role_assumer_new (region, self->endpoint_url, 0);
  /* A profile nobody named lets the environment's keys in, as the AWS CLI does. */
  chain = gantry_aws_chain_provider_new_default (data->config,
                                                 self->profile_explicit ? self->profile : NULL,
                                                 self->static_credentials,
                                                 GANTRY_AWS_ROLE_ASSUMER (assumer),
                                                 self->prompter);
  data->client = gantry_aws_client_new (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), region);
  gantry_aws_client_set_endpoint_url (data->client, self->endpoint_url);
  data->sts = gantry_aws_sts_new (data->client);

  cancellable = g_task_get_cancellable (task);
  gantry_aws_sts_get_caller_identity_async (data->sts, cancellable,
                                            connect_caller_identity_cb, g_steal_pointer (&task));
}

/**
 * gantry_session_connect_async:
 *
 * Loads the shared AWS configuration, resolves the region, builds the
 * credential chain and asks STS who the credentials belong to. The session's
 * #GantrySession:state follows along; a new call supersedes one under way.
 */
void
gantry_session_connect_async (GantrySession       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  g_return_if_fail (GANTRY_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_session_connect_async);

  data = g_new0 (ConnectData, 1);
  data->generation = ++self->generation;
  data->config = gantry_aws_config_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  g_clear_object (&self->client);
  set_string (self, &self->account_id, NULL, PROP_ACCOUNT_ID);
  set_string (self, &self->identity_arn, NULL, PROP_IDENTITY_ARN);
  set_state (self, GANTRY_SESSION_STATE_CONNECTING, NULL);

  gantry_aws_config_load_async (data->config, cancellable, connect_config_loaded_cb,
                                g_steal_pointer (&task));
}

gboolean
gantry_session_connect_finish (GantrySession  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gantry_session_get_profile:
 *
 * Returns: the profile the session uses
 */
const char *
gantry_session_get_profile (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->profile;
}

/**
 * gantry_session_get_region:
 *
 * Returns: (nullable): the region; resolved when connecting if none was given
 */
const char *
gantry_session_get_region (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->region;
}

/**
 * gantry_session_get_endpoint_url:
 *
 * Returns: (nullable): the endpoint given at construction
 */
const char *
gantry_session_get_endpoint_url (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->endpoint_url;
}

/**
 * gantry_session_get_account_id:
 *
 * Returns: (nullable): the account ID, once connected
 */
const char *
gantry_session_get_account_id (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->account_id;
}

/**
 * gantry_session_get_identity_arn:
 *
 * Returns: (nullable): the ARN of the user or role, once connected
 */
const char *
gantry_session_get_identity_arn (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->identity_arn;
}

gboolean
gantry_session_get_is_demo (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), FALSE);

  return self->is_demo;
}

/**
 * gantry_session_set_demo:
 * @is_demo: whether the session talks to the built-in demo account
 *
 * Marks the session as the demo account's, which the window shows with a
 * badge so nobody mistakes it for a real account.
 */
void
gantry_session_set_demo (GantrySession *self,
                         gboolean       is_demo)
{
  g_return_if_fail (GANTRY_IS_SESSION (self));

  is_demo = !!is_demo;
  if (self->is_demo == is_demo)
    return;

  self->is_demo = is_demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEMO]);
}

GantrySessionState
gantry_session_get_state (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), GANTRY_SESSION_STATE_DISCONNECTED);

  return self->state;
}

/**
 * gantry_session_get_error:
 *
 * Returns: (nullable) (transfer none): why the last connection failed
 */
const GError *
gantry_session_get_error (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->error;
}

/**
 * gantry_session_get_client:
 *
 * Returns: (nullable) (transfer none): the client, while the session is ready
 */
GantryAwsClient *
gantry_session_get_client (GantrySession *self)
{
  g_return_val_if_fail (GANTRY_IS_SESSION (self), NULL);

  return self->client;
}

/* profile listing ------------------------------------------------------ */

typedef struct
{
  GantryAwsConfig *config;
  GStrv            keyring_names;
  GStrv            keyring_key_ids;
  GError          *config_error;
  guint            pending;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->config);
  g_clear_pointer (&data->keyring_names, g_strfreev);
  g_clear_pointer (&data->keyring_key_ids, g_strfreev);
  g_clear_error (&data->config_error);
  g_free (data);
}

static int
compare_profile_info (gconstpointer a,
                      gconstpointer b)
{
  const GantryProfileInfo *info_a = *(const GantryProfileInfo **) a;
  const GantryProfileInfo *info_b = *(const GantryProfileInfo **) b;

  return g_strcmp0 (info_a->name, info_b->name);
}

static void
list_complete (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_auto(GStrv) file_names = NULL;

  if (--data->pending > 0)
    return;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->config_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->config_error));
      return;
    }

  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_profile_info_free);
  by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; data->keyring_names != NULL && data->keyring_names[i] != NULL; i++)
    {
      GantryProfileInfo *info;

      if (g_hash_table_contains (by_name, data->keyring_names[i]))
        continue;

      info = g_new0 (GantryProfileInfo, 1);
      info->name = g_strdup (data->keyring_names[i]);
      info->sources = GANTRY_PROFILE_SOURCE_KEYRING;
      if (data->keyring_key_ids != NULL)
        info->access_key_id = g_strdup (data->keyring_key_ids[i]);
      g_hash_table_insert (by_name, info->name, info);
      g_ptr_array_add (profiles, info);
    }

  file_names = gantry_aws_config_dup_profile_names (data->config);
  for (guint i = 0; file_names[i] != NULL; i++)
    {
      GantryProfileInfo *info = g_hash_table_lookup (by_name, file_names[i]);

      if (info == NULL)
        {
          info = g_new0 (GantryProfileInfo, 1);
          info->name = g_strdup (file_names[i]);
          g_hash_table_insert (by_name, info->name, info);
          g_ptr_array_add (profiles, info);
        }

      info->sources |= GANTRY_PROFILE_SOURCE_AWS_FILES;
      info->role_arn = g_strdup (gantry_aws_config_get_value (data->config, file_names[i],
                                                              "role_arn"));
      info->region = g_strdup (gantry_aws_config_get_value (data->config, file_names[i],
                                                            "region"));
    }

  g_ptr_array_sort (profiles, compare_profile_info);
  g_task_return_pointer (task, g_steal_pointer (&profiles), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_keyring_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->keyring_names = gantry_aws_keyring_list_profiles_finish (result, &data->keyring_key_ids,
                                                                 &error);
  /* No Secret Service (a bare session, a sandbox without the portal) still
   * leaves the profiles of the AWS files usable, so it is not fatal. */
  if (data->keyring_names == NULL && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_info ("Not listing keyring profiles: %s", error->message);

  list_complete (task);
}

static void
list_config_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);

  gantry_aws_config_load_finish (data->config, result, &data->config_error);
  list_complete (task);
}

/**
 * gantry_session_list_profiles_async:
 *
 * Lists the profiles a session can use: those with keys in the keyring and
 * those in `~/.aws/config` and `~/.aws/credentials` (or the files
 * `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` name), once each,
 * sorted by name. Reads no secret.
 */
void
gantry_session_list_profiles_async (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_session_list_profiles_async);

  data = g_new0 (ListData, 1);
  data->config = gantry_aws_config_new ();
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  gantry_aws_config_load_async (data->config, cancellable, list_config_loaded_cb,
                                g_object_ref (task));
  gantry_aws_keyring_list_profiles_async (cancellable, list_keyring_cb, g_steal_pointer (&task));
}

/**
 * gantry_session_list_profiles_finish:
 *
 * Returns: (transfer full) (element-type GantryProfileInfo): the profiles
 */
GPtrArray *
gantry_session_list_profiles_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        gantry_session_list_profiles_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
