/* gantry-aws-chain-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-chain-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-chain-provider.h"
#include "gantry-aws-env-provider.h"
#include "gantry-aws-error.h"
#include "gantry-aws-keyring-provider.h"
#include "gantry-aws-profile-provider.h"
#include "gantry-aws-static-provider.h"

/**
 * GantryAwsChainProvider:
 *
 * Asks its providers in order and offers the first credentials found. A
 * provider with nothing to offer passes to the next one; any other error
 * stops the chain, so a broken profile is reported rather than silently
 * replaced by another identity.
 *
 * Credentials are cached and reused until
 * %GANTRY_AWS_CREDENTIALS_REFRESH_MARGIN before they expire: resolving may
 * mean an STS call and an MFA prompt, which must not happen per request.
 * Requests made while a resolution is under way wait for it and share its
 * result, so the user is prompted once.
 */
struct _GantryAwsChainProvider
{
  GObject               parent_instance;

  char                 *profile;
  GPtrArray            *providers;
  GantryAwsCredentials *cached;
  /* the resolution under way, if any; owned by its pending provider call */
  struct _Resolution   *current;
};

static void provider_iface_init (GantryAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsChainProvider, gantry_aws_chain_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

typedef struct _Resolution
{
  GantryAwsChainProvider *self;
  GCancellable           *cancellable;
  GQueue                  waiters;
  guint                   index;
} Resolution;

typedef struct
{
  GTask      *task;
  GSource    *cancel_source;
  Resolution *resolution;
} Waiter;

static void
gantry_aws_chain_provider_dispose (GObject *object)
{
  GantryAwsChainProvider *self = GANTRY_AWS_CHAIN_PROVIDER (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->cached, gantry_aws_credentials_unref);

  G_OBJECT_CLASS (gantry_aws_chain_provider_parent_class)->dispose (object);
}

static void
gantry_aws_chain_provider_finalize (GObject *object)
{
  GantryAwsChainProvider *self = GANTRY_AWS_CHAIN_PROVIDER (object);

  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (gantry_aws_chain_provider_parent_class)->finalize (object);
}

static void
gantry_aws_chain_provider_class_init (GantryAwsChainProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_aws_chain_provider_dispose;
  object_class->finalize = gantry_aws_chain_provider_finalize;
}

static void
gantry_aws_chain_provider_init (GantryAwsChainProvider *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
resolution_free (Resolution *resolution)
{
  g_assert (g_queue_is_empty (&resolution->waiters));

  if (resolution->self->current == resolution)
    resolution->self->current = NULL;
  g_clear_object (&resolution->cancellable);
  g_clear_object (&resolution->self);
  g_free (resolution);
}

/* Hands the outcome to every waiting task. The chain's state is final before
 * the first callback runs, since a callback may ask the chain again. */
static void
resolution_complete (Resolution           *resolution,
                     GantryAwsCredentials *credentials,
                     GError               *error)
{
  GantryAwsChainProvider *self = resolution->self;
  Waiter *waiter;

  if (self->current == resolution)
    {
      self->current = NULL;
      if (credentials != NULL)
        {
          g_clear_pointer (&self->cached, gantry_aws_credentials_unref);
          self->cached = gantry_aws_credentials_ref (credentials);
        }
    }

  while ((waiter = g_queue_pop_head (&resolution->waiters)) != NULL)
    {
      if (credentials != NULL)
        g_task_return_pointer (waiter->task, gantry_aws_credentials_ref (credentials),
                               (GDestroyNotify) gantry_aws_credentials_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
      waiter_free (waiter);
    }

  resolution_free (resolution);
}

static void resolution_try_next (Resolution *resolution);

static void
provider_get_credentials_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  Resolution *resolution = user_data;
  GantryAwsCredentialsProvider *provider = GANTRY_AWS_CREDENTIALS_PROVIDER (object);
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = gantry_aws_credentials_provider_get_credentials_finish (provider, result, &error);
  if (credentials != NULL)
    {
      g_autofree char *description = gantry_aws_credentials_to_string (credentials);

      g_debug ("Profile %s: using %s", resolution->self->profile, description);
      resolution_complete (resolution, credentials, NULL);
      return;
    }

  if (gantry_aws_credentials_provider_error_is_not_found (error) &&
      !g_cancellable_is_cancelled (resolution->cancellable))
    {
      g_debug ("Profile %s: nothing from %s: %s", resolution->self->profile,
               gantry_aws_credentials_provider_get_name (provider), error->message);
      resolution->index++;
      resolution_try_next (resolution);
      return;
    }

  resolution_complete (resolution, NULL, error);
}

static void
resolution_try_next (Resolution *resolution)
{
  GantryAwsChainProvider *self = resolution->self;
  GantryAwsCredentialsProvider *provider;

  /* providers is NULL only if someone ran dispose on a chain in use. */
  if (self->providers == NULL || resolution->index >= self->providers->len)
    {
      g_autoptr(GError) error = NULL;

      error = gantry_aws_credentials_provider_new_not_found_error (
        _("No AWS credentials found for profile “%s”: set "
          "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run "
          "`gantryctl credentials set --profile %s`, or add the profile to "
          "~/.aws/credentials."),
        self->profile, self->profile);
      resolution_complete (resolution, NULL, error);
      return;
    }

  provider = g_ptr_array_index (self->providers, resolution->index);
  gantry_aws_credentials_provider_get_credentials_async (provider, resolution->cancellable,
                                                         provider_get_credentials_cb,
                                                         resolution);
}

/* One waiter gave up. Only when every waiter has, the resolution itself is
 * cancelled (and forgotten, so the next request starts afresh). */
static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  Resolution *resolution = waiter->resolution;

  g_queue_remove (&resolution->waiters, waiter);
  g_task_return_error_if_cancelled (waiter->task);
  waiter_free (waiter);

  if (g_queue_is_empty (&resolution->waiters))
    {
      if (resolution->self->current == resolution)
        resolution->self->current = NULL;
      g_cancellable_cancel (resolution->cancellable);
    }

  return G_SOURCE_REMOVE;
}

static void
chain_get_credentials_async (GantryAwsCredentialsProvider *provider,
                             GCancellable                 *cancellable,
                             GAsyncReadyCallback           callback,
                             gpointer                      user_data)
{
  GantryAwsChainProvider *self = GANTRY_AWS_CHAIN_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Resolution *resolution;
  gboolean start;
  Waiter *waiter;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chain_get_credentials_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->cached != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!gantry_aws_credentials_expires_within (self->cached, now,
                                                  GANTRY_AWS_CREDENTIALS_REFRESH_MARGIN))
        {
          g_task_return_pointer (task, gantry_aws_credentials_ref (self->cached),
                                 (GDestroyNotify) gantry_aws_credentials_unref);
          return;
        }

      g_debug ("Profile %s: credentials expire soon, refreshing them", self->profile);
      g_clear_pointer (&self->cached, gantry_aws_credentials_unref);
    }

  start = self->current == NULL;
  if (start)
    {
      /* Its own cancellable: the first caller giving up must not fail the
       * others waiting for the same resolution. */
      resolution = g_new0 (Resolution, 1);
      resolution->self = g_object_ref (self);
      resolution->cancellable = g_cancellable_new ();
      g_queue_init (&resolution->waiters);
      self->current = resolution;
    }
  resolution = self->current;

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  waiter->resolution = resolution;
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (waiter->task));
    }
  g_queue_push_tail (&resolution->waiters, waiter);

  if (start)
    resolution_try_next (resolution);
}

static GantryAwsCredentials *
chain_get_credentials_finish (GantryAwsCredentialsProvider  *provider,
                              GAsyncResult                  *result,
                              GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
chain_get_name (GantryAwsCredentialsProvider *provider)
{
  return "chain";
}

static void
provider_iface_init (GantryAwsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = chain_get_credentials_async;
  iface->get_credentials_finish = chain_get_credentials_finish;
  iface->get_name = chain_get_name;
}

/**
 * gantry_aws_chain_provider_new:
 * @profile: the profile the chain resolves, for messages
 *
 * Returns: (transfer full): an empty chain; add providers with
 *   gantry_aws_chain_provider_append()
 */
GantryAwsChainProvider *
gantry_aws_chain_provider_new (const char *profile)
{
  GantryAwsChainProvider *self;

  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_AWS_CHAIN_PROVIDER, NULL);
  self->profile = g_strdup (profile);

  return self;
}

static GantryAwsCredentialsProvider *
keyring_source_factory (const char *profile,
                        gpointer    user_data)
{
  return gantry_aws_keyring_provider_new (profile);
}

/**
 * gantry_aws_chain_provider_new_default:
 * @config: the loaded shared configuration
 * @profile: (nullable): the profile the user named (`--profile`, a
 *   profile picked in the UI), or %NULL for the one from `AWS_PROFILE` or
 *   "default"
 * @explicit_creds: (nullable): credentials given as command-line flags
 * @assumer: (nullable): assumes roles of role profiles
 * @prompter: (nullable): asks for MFA codes
 *
 * Builds the standard chain: explicit credentials, then the environment,
 * then the keyring's entry for the profile, then the profile in the shared
 * files. As in botocore, a profile named explicitly skips the environment's
 * keys: `--profile prod` in a shell with someone's dev keys exported must run
 * as prod, not as the dev identity.
 *
 * Returns: (transfer full): a new chain
 */
GantryAwsChainProvider *
gantry_aws_chain_provider_new_default (GantryAwsConfig      *config,
                                       const char           *profile,
                                       GantryAwsCredentials *explicit_creds,
                                       GantryAwsRoleAssumer *assumer,
                                       GantryAwsMfaPrompter *prompter)
{
  g_autoptr(GantryAwsChainProvider) self = NULL;
  g_autoptr(GantryAwsCredentialsProvider) profile_provider = NULL;

  gboolean explicit_profile = profile != NULL;

  g_return_val_if_fail (GANTRY_IS_AWS_CONFIG (config), NULL);

  if (profile == NULL)
    profile = gantry_aws_profile_name_from_env ();
  self = gantry_aws_chain_provider_new (profile);

  if (explicit_creds != NULL)
    {
      g_autoptr(GantryAwsCredentialsProvider) explicit = gantry_aws_static_provider_new (explicit_creds);

      gantry_aws_chain_provider_append (self, explicit);
    }

  if (!explicit_profile)
    {
      g_autoptr(GantryAwsCredentialsProvider) env = gantry_aws_env_provider_new ();

      gantry_aws_chain_provider_append (self, env);
    }

  {
    g_autoptr(GantryAwsCredentialsProvider) keyring = gantry_aws_keyring_provider_new (profile);

    gantry_aws_chain_provider_append (self, keyring);
  }

  profile_provider = gantry_aws_profile_provider_new (config, profile, assumer, prompter);
  gantry_aws_profile_provider_set_source_factory (GANTRY_AWS_PROFILE_PROVIDER (profile_provider),
                                                  keyring_source_factory, NULL, NULL);
  gantry_aws_chain_provider_append (self, profile_provider);

  return g_steal_pointer (&self);
}

/**
 * gantry_aws_chain_provider_append:
 * @provider: a provider to ask after those already in the chain
 */
void
gantry_aws_chain_provider_append (GantryAwsChainProvider       *self,
                                  GantryAwsCredentialsProvider *provider)
{
  g_return_if_fail (GANTRY_IS_AWS_CHAIN_PROVIDER (self));
  g_return_if_fail (GANTRY_IS_AWS_CREDENTIALS_PROVIDER (provider));

  g_ptr_array_add (self->providers, g_object_ref (provider));
}

const char *
gantry_aws_chain_provider_get_profile (GantryAwsChainProvider *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CHAIN_PROVIDER (self), NULL);

  return self->profile;
}

/**
 * gantry_aws_chain_provider_invalidate:
 *
 * Forgets the cached credentials, e.g. after AWS rejected them, so the next
 * request resolves them again.
 */
void
gantry_aws_chain_provider_invalidate (GantryAwsChainProvider *self)
{
  g_return_if_fail (GANTRY_IS_AWS_CHAIN_PROVIDER (self));

  g_clear_pointer (&self->cached, gantry_aws_credentials_unref);
}
