/* gantry-aws-keyring-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-keyring-provider"

#include "config.h"

#include "gantry-aws-keyring-provider.h"
#include "gantry-aws-keyring.h"

/**
 * GantryAwsKeyringProvider:
 *
 * Offers the key pair that `gantryctl credentials set` (or the GUI) stored in
 * the desktop keyring for one profile.
 */
struct _GantryAwsKeyringProvider
{
  GObject  parent_instance;

  char    *profile;
};

static void provider_iface_init (GantryAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsKeyringProvider, gantry_aws_keyring_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
gantry_aws_keyring_provider_finalize (GObject *object)
{
  GantryAwsKeyringProvider *self = GANTRY_AWS_KEYRING_PROVIDER (object);

  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (gantry_aws_keyring_provider_parent_class)->finalize (object);
}

static void
gantry_aws_keyring_provider_class_init (GantryAwsKeyringProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_aws_keyring_provider_finalize;
}

static void
gantry_aws_keyring_provider_init (GantryAwsKeyringProvider *self)
{
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = gantry_aws_keyring_lookup_finish (result, &error);
  if (credentials != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&credentials),
                             (GDestroyNotify) gantry_aws_credentials_unref);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gantry_aws_credentials_provider_error_is_not_found (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No Secret Service (a server, a container, CI) must not stop the chain
   * from reaching the environment-independent providers after it; it only
   * means there is nothing here. */
  g_debug ("Keyring unavailable, skipping it: %s", error->message);
  g_task_return_error (task,
                       gantry_aws_credentials_provider_new_not_found_error ("%s",
                                                                            error->message));
}

static void
keyring_get_credentials_async (GantryAwsCredentialsProvider *provider,
                               GCancellable                 *cancellable,
                               GAsyncReadyCallback           callback,
                               gpointer                      user_data)
{
  GantryAwsKeyringProvider *self = GANTRY_AWS_KEYRING_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyring_get_credentials_async);

  gantry_aws_keyring_lookup_async (self->profile, cancellable,
                                   keyring_lookup_cb, g_steal_pointer (&task));
}

static GantryAwsCredentials *
keyring_get_credentials_finish (GantryAwsCredentialsProvider  *provider,
                                GAsyncResult                  *result,
                                GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
keyring_get_name (GantryAwsCredentialsProvider *provider)
{
  return "keyring";
}

static void
provider_iface_init (GantryAwsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = keyring_get_credentials_async;
  iface->get_credentials_finish = keyring_get_credentials_finish;
  iface->get_name = keyring_get_name;
}

/**
 * gantry_aws_keyring_provider_new:
 * @profile: the profile whose stored key pair to offer
 *
 * Returns: (transfer full): a new provider
 */
GantryAwsCredentialsProvider *
gantry_aws_keyring_provider_new (const char *profile)
{
  GantryAwsKeyringProvider *self;

  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_AWS_KEYRING_PROVIDER, NULL);
  self->profile = g_strdup (profile);

  return GANTRY_AWS_CREDENTIALS_PROVIDER (self);
}
