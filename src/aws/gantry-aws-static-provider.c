/* gantry-aws-static-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-static-provider"

#include "config.h"

#include "gantry-aws-static-provider.h"

/**
 * GantryAwsStaticProvider:
 *
 * Offers credentials given explicitly, e.g. by command-line flags.
 */
struct _GantryAwsStaticProvider
{
  GObject               parent_instance;

  GantryAwsCredentials *credentials;
};

static void provider_iface_init (GantryAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsStaticProvider, gantry_aws_static_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
gantry_aws_static_provider_finalize (GObject *object)
{
  GantryAwsStaticProvider *self = GANTRY_AWS_STATIC_PROVIDER (object);

  g_clear_pointer (&self->credentials, gantry_aws_credentials_unref);

  G_OBJECT_CLASS (gantry_aws_static_provider_parent_class)->finalize (object);
}

static void
gantry_aws_static_provider_class_init (GantryAwsStaticProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_aws_static_provider_finalize;
}

static void
gantry_aws_static_provider_init (GantryAwsStaticProvider *self)
{
}

static void
static_get_credentials_async (GantryAwsCredentialsProvider *provider,
                              GCancellable                 *cancellable,
                              GAsyncReadyCallback           callback,
                              gpointer                      user_data)
{
  GantryAwsStaticProvider *self = GANTRY_AWS_STATIC_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, static_get_credentials_async);
  g_task_return_pointer (task, gantry_aws_credentials_ref (self->credentials),
                         (GDestroyNotify) gantry_aws_credentials_unref);
}

static GantryAwsCredentials *
static_get_credentials_finish (GantryAwsCredentialsProvider  *provider,
                               GAsyncResult                  *result,
                               GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
static_get_name (GantryAwsCredentialsProvider *provider)
{
  return "static";
}

static void
provider_iface_init (GantryAwsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = static_get_credentials_async;
  iface->get_credentials_finish = static_get_credentials_finish;
  iface->get_name = static_get_name;
}

/**
 * gantry_aws_static_provider_new:
 * @credentials: the credentials to offer
 *
 * Returns: (transfer full): a provider that always offers @credentials
 */
GantryAwsCredentialsProvider *
gantry_aws_static_provider_new (GantryAwsCredentials *credentials)
{
  GantryAwsStaticProvider *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_AWS_STATIC_PROVIDER, NULL);
  self->credentials = gantry_aws_credentials_ref (credentials);

  return GANTRY_AWS_CREDENTIALS_PROVIDER (self);
}
