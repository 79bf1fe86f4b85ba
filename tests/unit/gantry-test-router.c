/* gantry-test-router.c: a loopback SoupServer answering per AWS action
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GantryTestReplay answers requests in the order they come; the history
 * loads its sources concurrently, in no fixed order, so this server picks
 * the reply by the request's action (X-Amz-Target for JSON services, the
 * Action form parameter for query services). Each action has a queue of
 * replies; its last reply repeats. An action without a script gets HTTP 500
 * with moto's "not implemented" page, as moto does.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-router.h"

typedef struct
{
  guint   status;
  GBytes *body;
} Reply;

struct _GantryTestRouter
{
  SoupServer      *server;
  GantryAwsClient *client;
  GHashTable      *routes;   /* action → GPtrArray of Reply */
  GHashTable      *calls;    /* action → GPtrArray of request bodies */
};

static void
reply_free (Reply *reply)
{
  g_bytes_unref (reply->body);
  g_free (reply);
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GantryTestRouter *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *text = g_strndup (body->data, body->length);
  g_autofree char *action = NULL;
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  GPtrArray *replies, *calls;
  g_autoptr(GBytes) fallback = NULL;
  Reply *reply;

  if (target != NULL)
    {
      action = g_strdup (strrchr (target, '.') ? strrchr (target, '.') + 1 : target);
    }
  else
    {
      g_autoptr(GHashTable) form = soup_form_decode (text);

      action = g_strdup (g_hash_table_lookup (form, "Action"));
    }
  g_assert_nonnull (action);

  calls = g_hash_table_lookup (self->calls, action);
  if (calls == NULL)
    {
      calls = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->calls, g_strdup (action), calls);
    }
  g_ptr_array_add (calls, g_strdup (text));

  replies = g_hash_table_lookup (self->routes, action);
  if (replies == NULL || replies->len == 0)
    {
      /* As moto: its not-implemented page comes without a request ID. */
      fallback = load_fixture ("moto-not-implemented-500.html");
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fallback, NULL),
                                        g_bytes_get_size (fallback));
      return;
    }

  reply = g_ptr_array_index (replies, 0);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-RequestId", "req-router");
  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, target ? "application/x-amz-json-1.1" : "text/xml",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (reply->body, NULL),
                                    g_bytes_get_size (reply->body));
  if (replies->len > 1)
    g_ptr_array_remove_index (replies, 0);
}

GantryTestRouter *
gantry_test_router_new (void)
{
  GantryTestRouter *self = g_new0 (GantryTestRouter, 1);
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  creds = gantry_aws_credentials_new ("AKIDEXAMPLE", "secret", NULL, NULL, "test");
  provider = gantry_aws_static_provider_new (creds);
  self->client = gantry_aws_client_new (provider, "us-east-1");
  gantry_aws_client_set_endpoint_url (self->client, endpoint);
  /* A scripted 500 stands for "not implemented": no retry delays. */
  gantry_aws_client_set_max_attempts (self->client, 1);
  return self;
}

void
gantry_test_router_free (GantryTestRouter *self)
{
  g_clear_object (&self->client);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_hash_table_unref (self->routes);
  g_hash_table_unref (self->calls);
  g_free (self);
}

GantryAwsClient *
gantry_test_router_get_client (GantryTestRouter *self)
{
  return self->client;
}

/* @fixture: a file name under tests/fixtures/aws */
void
gantry_test_router_add (GantryTestRouter *self,
                        const char       *action,
                        guint             status,
                        const char       *fixture)
{
  GPtrArray *replies = g_hash_table_lookup (self->routes, action);
  Reply *reply = g_new0 (Reply, 1);

  if (replies == NULL)
    {
      replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
      g_hash_table_insert (self->routes, g_strdup (action), replies);
    }
  reply->status = status;
  reply->body = load_fixture (fixture);
  g_ptr_array_add (replies, reply);
}

guint
gantry_test_router_get_n_calls (GantryTestRouter *self,
                                const char       *action)
{
  GPtrArray *calls = g_hash_table_lookup (self->calls, action);

  return calls != NULL ? calls->len : 0;
}

const char *
gantry_test_router_get_body (GantryTestRouter *self,
                             const char       *action,
                             guint             call)
{
  GPtrArray *calls = g_hash_table_lookup (self->calls, action);

  g_assert_nonnull (calls);
  g_assert_cmpuint (call, <, calls->len);
  return g_ptr_array_index (calls, call);
}
