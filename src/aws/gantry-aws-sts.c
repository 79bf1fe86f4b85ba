/* gantry-aws-sts.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-sts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>

#include "gantry-aws-error.h"
#include "gantry-aws-static-provider.h"
#include "gantry-aws-sts.h"

#define ACTION_GET_CALLER_IDENTITY "GetCallerIdentity"
#define ACTION_ASSUME_ROLE         "AssumeRole"

struct _GantryAwsSts
{
  GObject          parent_instance;
  GantryAwsClient *client;
};

G_DEFINE_FINAL_TYPE (GantryAwsSts, gantry_aws_sts, G_TYPE_OBJECT)

void
gantry_aws_caller_identity_free (GantryAwsCallerIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->account);
  g_free (identity->arn);
  g_free (identity->user_id);
  g_free (identity);
}

static GError *
missing_field_error (const char *action,
                     const char *field)
{
  GError *error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                               _("The reply to %s has no %s."), action, field);
  gantry_aws_error_set_details (error, NULL, action, 200, NULL);
  return error;
}

static void
gantry_aws_sts_dispose (GObject *object)
{
  GantryAwsSts *self = GANTRY_AWS_STS (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_sts_parent_class)->dispose (object);
}

static void
gantry_aws_sts_class_init (GantryAwsStsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_sts_dispose;
}

static void
gantry_aws_sts_init (GantryAwsSts *self)
{
}

/**
 * gantry_aws_sts_new:
 *
 * Returns: (transfer full): the STS API on @client
 */
GantryAwsSts *
gantry_aws_sts_new (GantryAwsClient *client)
{
  GantryAwsSts *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_STS, NULL);
  self->client = g_object_ref (client);
  return self;
}

static void
get_caller_identity_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsXmlNode *node;

  root = gantry_aws_client_call_query_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  node = gantry_aws_xml_node_lookup (root, "GetCallerIdentityResult");
  if (node == NULL || gantry_aws_xml_node_lookup_text (node, "Arn") == NULL ||
      gantry_aws_xml_node_lookup_text (node, "Account") == NULL)
    {
      g_task_return_error (task, missing_field_error (ACTION_GET_CALLER_IDENTITY,
                                                      "Arn or Account"));
      return;
    }

  identity = g_new0 (GantryAwsCallerIdentity, 1);
  identity->arn = g_strdup (gantry_aws_xml_node_lookup_text (node, "Arn"));
  identity->account = g_strdup (gantry_aws_xml_node_lookup_text (node, "Account"));
  identity->user_id = g_strdup (gantry_aws_xml_node_lookup_text (node, "UserId"));

  g_task_return_pointer (task, g_steal_pointer (&identity),
                         (GDestroyNotify) gantry_aws_caller_identity_free);
}

void
gantry_aws_sts_get_caller_identity_async (GantryAwsSts        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_AWS_STS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_sts_get_caller_identity_async);

  gantry_aws_client_call_query_async (self->client, &gantry_aws_service_sts,
                                      ACTION_GET_CALLER_IDENTITY, NULL, cancellable,
                                      get_caller_identity_cb, g_steal_pointer (&task));
}

/**
 * gantry_aws_sts_get_caller_identity_finish:
 *
 * Returns: (transfer full): who the credentials belong to
 */
GantryAwsCallerIdentity *
gantry_aws_sts_get_caller_identity_finish (GantryAwsSts  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GantryAwsStsRoleAssumer: the STS side of `role_arn` profiles. Each call
 * uses a short-lived client signed with the source profile's credentials. */
struct _GantryAwsStsRoleAssumer
{
  GObject  parent_instance;
  char    *region;
  char    *endpoint_url;
  guint    timeout;
};

static void role_assumer_iface_init (GantryAwsRoleAssumerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryAwsStsRoleAssumer, gantry_aws_sts_role_assumer,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_ROLE_ASSUMER,
                                                      role_assumer_iface_init))

/* The reply's XML tree holds the secret: wipe it in place once copied. */
static void
wipe_text (GantryAwsXmlNode *node,
           const char       *path)
{
  const char *text = gantry_aws_xml_node_lookup_text (node, path);

  if (text != NULL)
    OPENSSL_cleanse ((char *) text, strlen (text));
}

static void
assume_role_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsXmlNode *creds;
  const char *key_id, *secret, *token, *expiry;

  root = gantry_aws_client_call_query_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  creds = gantry_aws_xml_node_lookup (root, "AssumeRoleResult/Credentials");
  key_id = creds ? gantry_aws_xml_node_lookup_text (creds, "AccessKeyId") : NULL;
  secret = creds ? gantry_aws_xml_node_lookup_text (creds, "SecretAccessKey") : NULL;
  token = creds ? gantry_aws_xml_node_lookup_text (creds, "SessionToken") : NULL;
  expiry = creds ? gantry_aws_xml_node_lookup_text (creds, "Expiration") : NULL;
  if (key_id == NULL || secret == NULL || token == NULL)
    {
      if (creds != NULL)
        wipe_text (creds, "SecretAccessKey");
      g_task_return_error (task, missing_field_error (ACTION_ASSUME_ROLE, "Credentials"));
      return;
    }

  if (expiry != NULL)
    expiration = g_date_time_new_from_iso8601 (expiry, NULL);

  g_task_return_pointer (task,
                         gantry_aws_credentials_new (key_id, secret, token, expiration,
                                                     "assumed role"),
                         (GDestroyNotify) gantry_aws_credentials_unref);
  wipe_text (creds, "SecretAccessKey");
  wipe_text (creds, "SessionToken");
}

static void
gantry_aws_sts_role_assumer_assume_role_async (GantryAwsRoleAssumer *assumer,
                                               GantryAwsCredentials *source,
                                               const char           *role_arn,
                                               const char           *session_name,
                                               const char           *external_id,
                                               const char           *mfa_serial,
                                               const char           *token_code,
                                               guint                 duration_seconds,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  GantryAwsStsRoleAssumer *self = GANTRY_AWS_STS_ROLE_ASSUMER (assumer);
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_sts_role_assumer_assume_role_async);

  provider = gantry_aws_static_provider_new (source);
  client = gantry_aws_client_new (provider, self->region);
  gantry_aws_client_set_endpoint_url (client, self->endpoint_url);
  if (self->timeout > 0)
    gantry_aws_client_set_timeout (client, self->timeout);

  gantry_aws_params_add (params, "RoleArn", role_arn);
  gantry_aws_params_add (params, "RoleSessionName", session_name);
  gantry_aws_params_add_printf (params, "DurationSeconds", "%u",
                                duration_seconds ? duration_seconds : 3600);
  if (external_id != NULL)
    gantry_aws_params_add (params, "ExternalId", external_id);
  if (mfa_serial != NULL)
    gantry_aws_params_add (params, "SerialNumber", mfa_serial);
  if (token_code != NULL)
    gantry_aws_params_add (params, "TokenCode", token_code);

  /* The task keeps the client alive until the call completes. */
  g_task_set_task_data (task, g_object_ref (client), g_object_unref);
  gantry_aws_client_call_query_async (client, &gantry_aws_service_sts, ACTION_ASSUME_ROLE,
                                      params, cancellable, assume_role_cb,
                                      g_steal_pointer (&task));
}

static GantryAwsCredentials *
gantry_aws_sts_role_assumer_assume_role_finish (GantryAwsRoleAssumer  *assumer,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
role_assumer_iface_init (GantryAwsRoleAssumerInterface *iface)
{
  iface->assume_role_async = gantry_aws_sts_role_assumer_assume_role_async;
  iface->assume_role_finish = gantry_aws_sts_role_assumer_assume_role_finish;
}

static void
gantry_aws_sts_role_assumer_finalize (GObject *object)
{
  GantryAwsStsRoleAssumer *self = GANTRY_AWS_STS_ROLE_ASSUMER (object);

  g_free (self->region);
  g_free (self->endpoint_url);

  G_OBJECT_CLASS (gantry_aws_sts_role_assumer_parent_class)->finalize (object);
}

static void
gantry_aws_sts_role_assumer_class_init (GantryAwsStsRoleAssumerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_aws_sts_role_assumer_finalize;
}

static void
gantry_aws_sts_role_assumer_init (GantryAwsStsRoleAssumer *self)
{
}

/**
 * gantry_aws_sts_role_assumer_new:
 * @region: (nullable): the STS region
 * @endpoint_url: (nullable): an endpoint override
 * @timeout: the I/O timeout in seconds, 0 for the default
 *
 * Returns: (transfer full): an assumer for profiles with `role_arn`
 */
GantryAwsStsRoleAssumer *
gantry_aws_sts_role_assumer_new (const char *region,
                                 const char *endpoint_url,
                                 guint       timeout)
{
  GantryAwsStsRoleAssumer *self = g_object_new (GANTRY_TYPE_AWS_STS_ROLE_ASSUMER, NULL);

  self->region = g_strdup (region);
  self->endpoint_url = g_strdup (endpoint_url);
  self->timeout = timeout;
  return self;
}
