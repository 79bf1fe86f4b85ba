/* gantry-aws-env-provider.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-env-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-env-provider.h"
#include "gantry-aws-error.h"

/**
 * GantryAwsEnvProvider:
 *
 * Offers `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
 * `AWS_SESSION_TOKEN`, read at each request. Empty variables count as unset.
 */
struct _GantryAwsEnvProvider
{
  GObject parent_instance;
};

static void provider_iface_init (GantryAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsEnvProvider, gantry_aws_env_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
gantry_aws_env_provider_class_init (GantryAwsEnvProviderClass *klass)
{
}

static void
gantry_aws_env_provider_init (GantryAwsEnvProvider *self)
{
}

static const char *
nonempty_env (const char *variable)
{
  const char *value = g_getenv (variable);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static void
env_get_credentials_async (GantryAwsCredentialsProvider *provider,
                           GCancellable                 *cancellable,
                           GAsyncReadyCallback           callback,
                           gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *access_key_id = nonempty_env ("AWS_ACCESS_KEY_ID");
  const char *secret_access_key = nonempty_env ("AWS_SECRET_ACCESS_KEY");

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, env_get_credentials_async);

  if (access_key_id == NULL && secret_access_key == NULL)
    {
      g_task_return_error (task, gantry_aws_credentials_provider_new_not_found_error (
                             _("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.")));
      return;
    }

  /* Half a key pair is a mistake to report, not a reason to silently use
   * some other identity further down the chain (the SDKs agree). */
  if (access_key_id == NULL || secret_access_key == NULL)
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("%s is set but %s is not: set both, or neither."),
                               access_key_id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                               access_key_id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
      return;
    }

  g_task_return_pointer (task,
                         gantry_aws_credentials_new (access_key_id, secret_access_key,
                                                     nonempty_env ("AWS_SESSION_TOKEN"),
                                                     NULL, "environment"),
                         (GDestroyNotify) gantry_aws_credentials_unref);
}

static GantryAwsCredentials *
env_get_credentials_finish (GantryAwsCredentialsProvider  *provider,
                            GAsyncResult                  *result,
                            GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
env_get_name (GantryAwsCredentialsProvider *provider)
{
  return "environment";
}

static void
provider_iface_init (GantryAwsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = env_get_credentials_async;
  iface->get_credentials_finish = env_get_credentials_finish;
  iface->get_name = env_get_name;
}

/**
 * gantry_aws_env_provider_new:
 *
 * Returns: (transfer full): a provider reading the environment
 */
GantryAwsCredentialsProvider *
gantry_aws_env_provider_new (void)
{
  return g_object_new (GANTRY_TYPE_AWS_ENV_PROVIDER, NULL);
}
