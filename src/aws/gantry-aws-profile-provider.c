/* gantry-aws-profile-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-profile-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-error.h"
#include "gantry-aws-profile-provider.h"

/**
 * GantryAwsProfileProvider:
 *
 * Offers the credentials of a profile of `~/.aws/config` and
 * `~/.aws/credentials`: its static keys, or, if it has a `role_arn`, the
 * role's temporary credentials, assumed with the credentials of its
 * `source_profile` (which may itself assume a role, and whose long-term keys
 * may come from the keyring), asking for an MFA code if `mfa_serial` is set.
 *
 * As in the AWS CLI, a role wins over static keys in the profile asked for,
 * while static keys win over a role in a source profile; a profile naming
 * itself as source_profile uses its own static keys.
 */
struct _GantryAwsProfileProvider
{
  GObject                         parent_instance;

  GantryAwsConfig                *config;
  char                           *profile;
  GantryAwsRoleAssumer           *assumer;
  GantryAwsMfaPrompter           *prompter;

  GantryAwsSourceProviderFactory  factory;
  gpointer                        factory_data;
  GDestroyNotify                  factory_destroy;
};

static void provider_iface_init (GantryAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsProfileProvider, gantry_aws_profile_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
clear_factory (GantryAwsProfileProvider *self)
{
  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);
  self->factory = NULL;
  self->factory_data = NULL;
  self->factory_destroy = NULL;
}

static void
gantry_aws_profile_provider_dispose (GObject *object)
{
  GantryAwsProfileProvider *self = GANTRY_AWS_PROFILE_PROVIDER (object);

  g_clear_object (&self->config);
  g_clear_object (&self->assumer);
  g_clear_object (&self->prompter);
  clear_factory (self);

  G_OBJECT_CLASS (gantry_aws_profile_provider_parent_class)->dispose (object);
}

static void
gantry_aws_profile_provider_finalize (GObject *object)
{
  GantryAwsProfileProvider *self = GANTRY_AWS_PROFILE_PROVIDER (object);

  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (gantry_aws_profile_provider_parent_class)->finalize (object);
}

static void
gantry_aws_profile_provider_class_init (GantryAwsProfileProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_aws_profile_provider_dispose;
  object_class->finalize = gantry_aws_profile_provider_finalize;
}

static void
gantry_aws_profile_provider_init (GantryAwsProfileProvider *self)
{
}

/* One role to assume, read from a profile. */
typedef struct
{
  char  *profile;
  char  *role_arn;
  char  *session_name;
  char  *external_id;
  char  *mfa_serial;
  guint  duration_seconds;
} Hop;

static void
hop_free (Hop *hop)
{
  g_free (hop->profile);
  g_free (hop->role_arn);
  g_free (hop->session_name);
  g_free (hop->external_id);
  g_free (hop->mfa_serial);
  g_free (hop);
}

typedef struct
{
  /* hops[0] is the profile asked for; the last one is assumed first */
  GPtrArray            *hops;
  /* the profile whose long-term keys start the chain */
  char                 *base_profile;
  /* TRUE if it is the profile asked for: the chain asks the keyring itself */
  gboolean              base_is_requested;
  guint                 remaining_hops;
  GantryAwsCredentials *credentials;
  char                 *token_code;
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_clear_pointer (&resolve->hops, g_ptr_array_unref);
  g_clear_pointer (&resolve->base_profile, g_free);
  g_clear_pointer (&resolve->credentials, gantry_aws_credentials_unref);
  g_clear_pointer (&resolve->token_code, gantry_aws_secret_free);
  g_free (resolve);
}

static const char *
get_nonempty (GantryAwsConfig *config,
              const char      *profile,
              const char      *key)
{
  const char *value = gantry_aws_config_get_value (config, profile, key);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static gboolean
has_static_keys (GantryAwsConfig *config,
                 const char      *profile)
{
  return get_nonempty (config, profile, "aws_access_key_id") != NULL ||
         get_nonempty (config, profile, "aws_secret_access_key") != NULL;
}

static Hop *
hop_new (GantryAwsConfig  *config,
         const char       *profile,
         GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *duration = get_nonempty (config, profile, "duration_seconds");
  const char *session_name = get_nonempty (config, profile, "role_session_name");
  guint64 seconds = GANTRY_AWS_DEFAULT_ROLE_DURATION;
  Hop *hop;

  /* STS accepts 15 minutes to 12 hours; say so here rather than let it fail
   * with a less helpful message after an MFA prompt. */
  if (duration != NULL &&
      !g_ascii_string_to_unsigned (duration, 10, 900, 43200, &seconds, &local_error))
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The duration_seconds of AWS profile “%s” must be a number of seconds "
                     "from 900 to 43200."),
                   profile);
      return NULL;
    }

  hop = g_new0 (Hop, 1);
  hop->profile = g_strdup (profile);
  hop->role_arn = g_strdup (get_nonempty (config, profile, "role_arn"));
  hop->external_id = g_strdup (get_nonempty (config, profile, "external_id"));
  hop->mfa_serial = g_strdup (get_nonempty (config, profile, "mfa_serial"));
  hop->duration_seconds = seconds;
  if (session_name != NULL)
    hop->session_name = g_strdup (session_name);
  else
    hop->session_name = g_strdup_printf ("gantry-%" G_GINT64_FORMAT,
                                         g_get_real_time () / G_USEC_PER_SEC);

  return hop;
}

static char *
describe_loop (GPtrArray  *visited,
               const char *again)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < visited->len; i++)
    {
      g_string_append (path, g_ptr_array_index (visited, i));
      g_string_append (path, " → ");
    }
  g_string_append (path, again);

  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Follows role_arn/source_profile from the profile asked for down to the
 * profile with long-term keys. Everything it needs is in memory, so it runs
 * before anything asynchronous, and a broken configuration fails before the
 * user is asked for an MFA code. */
static Resolve *
plan_resolution (GantryAwsProfileProvider  *self,
                 GError                   **error)
{
  g_autoptr(GPtrArray) hops = g_ptr_array_new_with_free_func ((GDestroyNotify) hop_free);
  g_autoptr(GPtrArray) visited = g_ptr_array_new ();
  const char *current = self->profile;
  gboolean is_requested = TRUE;
  Resolve *resolve;

  if (!gantry_aws_config_has_profile (self->config, self->profile))
    {
      g_propagate_error (error, gantry_aws_credentials_provider_new_not_found_error (
                           _("The AWS profile “%s” was not found in ~/.aws/config or "
                             "~/.aws/credentials. Run `gantryctl credentials set --profile %s` "
                             "or `aws configure --profile %s`."),
                           self->profile, self->profile, self->profile));
      return NULL;
    }

  for (;;)
    {
      const char *role_arn = get_nonempty (self->config, current, "role_arn");
      const char *source;
      Hop *hop;

      if (role_arn == NULL ||
          (!is_requested && has_static_keys (self->config, current)))
        break;

      source = get_nonempty (self->config, current, "source_profile");
      if (source == NULL)
        {
          if (get_nonempty (self->config, current, "credential_source") != NULL)
            g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                         _("The AWS profile “%s” uses credential_source, which Gantry does "
                           "not support; use source_profile instead."),
                         current);
          else
            g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                         _("The AWS profile “%s” has a role_arn but no source_profile."),
                         current);
          return NULL;
        }

      hop = hop_new (self->config, current, error);
      if (hop == NULL)
        return NULL;
      g_ptr_array_add (hops, hop);
      g_ptr_array_add (visited, (gpointer) current);

      /* A profile may name itself to assume its role with its own keys. */
      if (g_str_equal (source, current))
        {
          is_requested = FALSE;
          break;
        }

      for (guint i = 0; i < visited->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (visited, i), source))
            {
              g_autofree char *loop = describe_loop (visited, source);

              g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                           _("The AWS profiles form a loop through source_profile: %s."),
                           loop);
              return NULL;
            }
        }

      current = source;
      is_requested = FALSE;
    }

  if (hops->len > 0 && self->assumer == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The AWS profile “%s” assumes a role, which is not possible here."),
                   self->profile);
      return NULL;
    }

  resolve = g_new0 (Resolve, 1);
  resolve->hops = g_steal_pointer (&hops);
  resolve->remaining_hops = resolve->hops->len;
  resolve->base_profile = g_strdup (current);
  resolve->base_is_requested = is_requested;

  return resolve;
}

static void assume_next (GTask *task);

static void
assume_role_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  GError *error = NULL;

  g_clear_pointer (&resolve->token_code, gantry_aws_secret_free);

  credentials = gantry_aws_role_assumer_assume_role_finish (GANTRY_AWS_ROLE_ASSUMER (object),
                                                            result, &error);
  if (credentials == NULL)
    {
      Hop *hop = g_ptr_array_index (resolve->hops, resolve->remaining_hops);

      g_prefix_error (&error, _("Could not assume the role of AWS profile “%s”: "), hop->profile);
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&resolve->credentials, gantry_aws_credentials_unref);
  resolve->credentials = g_steal_pointer (&credentials);

  assume_next (g_steal_pointer (&task));
}

static void
assume_current_hop (GTask *task)
{
  GantryAwsProfileProvider *self = g_task_get_source_object (task);
  Resolve *resolve = g_task_get_task_data (task);
  Hop *hop = g_ptr_array_index (resolve->hops, resolve->remaining_hops);

  gantry_aws_role_assumer_assume_role_async (self->assumer, resolve->credentials,
                                             hop->role_arn, hop->session_name,
                                             hop->external_id, hop->mfa_serial,
                                             resolve->token_code, hop->duration_seconds,
                                             g_task_get_cancellable (task),
                                             assume_role_cb, task);
}

static void
mfa_prompt_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  Hop *hop = g_ptr_array_index (resolve->hops, resolve->remaining_hops);
  GError *error = NULL;
  char *code;

  code = gantry_aws_mfa_prompter_prompt_finish (GANTRY_AWS_MFA_PROMPTER (object), result, &error);
  if (code == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_strstrip (code);
  if (*code == '\0')
    {
      gantry_aws_secret_free (code);
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("No MFA code was entered for AWS profile “%s”."),
                               hop->profile);
      return;
    }

  resolve->token_code = code;
  assume_current_hop (g_steal_pointer (&task));
}

/* Takes the task's reference. */
static void
assume_next (GTask *task)
{
  GantryAwsProfileProvider *self = g_task_get_source_object (task);
  Resolve *resolve = g_task_get_task_data (task);
  Hop *hop;

  if (resolve->remaining_hops == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&resolve->credentials),
                             (GDestroyNotify) gantry_aws_credentials_unref);
      g_object_unref (task);
      return;
    }

  resolve->remaining_hops--;
  hop = g_ptr_array_index (resolve->hops, resolve->remaining_hops);

  if (hop->mfa_serial == NULL)
    {
      assume_current_hop (task);
      return;
    }

  if (self->prompter == NULL)
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("The AWS profile “%s” needs an MFA code, which cannot be "
                                 "asked for here."),
                               hop->profile);
      g_object_unref (task);
      return;
    }

  gantry_aws_mfa_prompter_prompt_async (self->prompter, hop->mfa_serial, hop->profile,
                                        g_task_get_cancellable (task), mfa_prompt_cb, task);
}

/* The long-term keys of the base profile, from the shared files. */
static void
use_file_keys (GTask *task)
{
  GantryAwsProfileProvider *self = g_task_get_source_object (task);
  Resolve *resolve = g_task_get_task_data (task);
  const char *profile = resolve->base_profile;
  const char *access_key_id = get_nonempty (self->config, profile, "aws_access_key_id");
  const char *secret = get_nonempty (self->config, profile, "aws_secret_access_key");
  g_autofree char *source = NULL;

  if (access_key_id != NULL && secret != NULL)
    {
      source = g_strdup_printf ("profile %s", profile);
      resolve->credentials =
        gantry_aws_credentials_new (access_key_id, secret,
                                    get_nonempty (self->config, profile, "aws_session_token"),
                                    NULL, source);
      assume_next (task);
      return;
    }

  if (access_key_id != NULL || secret != NULL)
    g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                             _("The AWS profile “%s” has only one of aws_access_key_id and "
                               "aws_secret_access_key."),
                             profile);
  else if (resolve->base_is_requested)
    g_task_return_error (task, gantry_aws_credentials_provider_new_not_found_error (
                           _("The AWS profile “%s” has no credentials in ~/.aws/config or "
                             "~/.aws/credentials."),
                           profile));
  else
    /* Not a "not found": the profile asked for exists and is broken. */
    g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                             _("The AWS profile “%s”, a source_profile of “%s”, has no "
                               "credentials. Run `gantryctl credentials set --profile %s`."),
                             profile, self->profile, profile);
  g_object_unref (task);
}

static void
source_provider_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  GError *error = NULL;

  resolve->credentials = gantry_aws_credentials_provider_get_credentials_finish (
    GANTRY_AWS_CREDENTIALS_PROVIDER (object), result, &error);

  if (resolve->credentials != NULL)
    {
      assume_next (g_steal_pointer (&task));
      return;
    }

  if (!gantry_aws_credentials_provider_error_is_not_found (error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_error (&error);
  use_file_keys (g_steal_pointer (&task));
}

static void
profile_get_credentials_async (GantryAwsCredentialsProvider *provider,
                               GCancellable                 *cancellable,
                               GAsyncReadyCallback           callback,
                               gpointer                      user_data)
{
  GantryAwsProfileProvider *self = GANTRY_AWS_PROFILE_PROVIDER (provider);
  g_autoptr(GantryAwsCredentialsProvider) source = NULL;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Resolve *resolve;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, profile_get_credentials_async);

  resolve = plan_resolution (self, &error);
  if (resolve == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, resolve, (GDestroyNotify) resolve_free);

  /* The profile asked for is looked up in the keyring by the chain itself,
   * before this provider; a source profile's keys are only found here. */
  if (!resolve->base_is_requested && self->factory != NULL)
    source = self->factory (resolve->base_profile, self->factory_data);

  if (source != NULL)
    gantry_aws_credentials_provider_get_credentials_async (source, cancellable,
                                                           source_provider_cb,
                                                           g_steal_pointer (&task));
  else
    use_file_keys (g_steal_pointer (&task));
}

static GantryAwsCredentials *
profile_get_credentials_finish (GantryAwsCredentialsProvider  *provider,
                                GAsyncResult                  *result,
                                GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
profile_get_name (GantryAwsCredentialsProvider *provider)
{
  return "profile";
}

static void
provider_iface_init (GantryAwsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = profile_get_credentials_async;
  iface->get_credentials_finish = profile_get_credentials_finish;
  iface->get_name = profile_get_name;
}

/**
 * gantry_aws_profile_provider_new:
 * @config: the loaded shared configuration, read at each request
 * @profile: the profile to offer credentials of
 * @assumer: (nullable): assumes roles; without it, role profiles fail
 * @prompter: (nullable): asks for MFA codes; without it, MFA profiles fail
 *
 * Returns: (transfer full): a new provider
 */
GantryAwsCredentialsProvider *
gantry_aws_profile_provider_new (GantryAwsConfig      *config,
                                 const char           *profile,
                                 GantryAwsRoleAssumer *assumer,
                                 GantryAwsMfaPrompter *prompter)
{
  GantryAwsProfileProvider *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (config), NULL);
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (assumer == NULL || GANTRY_IS_AWS_ROLE_ASSUMER (assumer), NULL);
  g_return_val_if_fail (prompter == NULL || GANTRY_IS_AWS_MFA_PROMPTER (prompter), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_PROFILE_PROVIDER, NULL);
  self->config = g_object_ref (config);
  self->profile = g_strdup (profile);
  g_set_object (&self->assumer, assumer);
  g_set_object (&self->prompter, prompter);

  return GANTRY_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * gantry_aws_profile_provider_set_source_factory:
 * @factory: (nullable): makes the provider asked first for a source profile's
 *   long-term keys
 *
 * Lets a role's source profile keep its keys outside the shared files, e.g.
 * in the keyring. The factory's provider is asked first; if it has nothing,
 * the profile's keys in the shared files are used.
 */
void
gantry_aws_profile_provider_set_source_factory (GantryAwsProfileProvider       *self,
                                                GantryAwsSourceProviderFactory  factory,
                                                gpointer                        user_data,
                                                GDestroyNotify                  destroy)
{
  g_return_if_fail (GANTRY_IS_AWS_PROFILE_PROVIDER (self));

  clear_factory (self);
  self->factory = factory;
  self->factory_data = user_data;
  self->factory_destroy = destroy;
}
