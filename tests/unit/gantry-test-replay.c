/* gantry-test-replay.c: a loopback SoupServer answering with fixture files
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each request gets the next scripted reply, in order; the request's form
 * parameters are kept so a test can check what was sent (the page token,
 * MaxResults, the filter).
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-replay.h"

typedef struct
{
  guint  status;
  GBytes *body;
} Reply;

struct _GantryTestReplay
{
  SoupServer      *server;
  GantryAwsClient *client;
  GPtrArray       *replies;   /* (element-type Reply) */
  GPtrArray       *requests;  /* (element-type GHashTable) form parameters */
};

static void
reply_free (Reply *reply)
{
  g_bytes_unref (reply->body);
  g_free (reply);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GantryTestReplay *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *form = g_strndup (body->data, body->length);
  guint index = self->requests->len;
  Reply *reply;

  g_ptr_array_add (self->requests, soup_form_decode (form));

  /* Running out of script is a test bug: answer with something loud. */
  if (index >= self->replies->len)
    {
      soup_server_message_set_status (msg, 599, NULL);
      return;
    }

  reply = g_ptr_array_index (self->replies, index);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-RequestId", "req-replay");
  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (reply->body, NULL),
                                    g_bytes_get_size (reply->body));
}

GantryTestReplay *
gantry_test_replay_new (void)
{
  GantryTestReplay *self = g_new0 (GantryTestReplay, 1);
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  self->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
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
  /* A scripted 5xx must not be retried into the next scripted reply. */
  gantry_aws_client_set_max_attempts (self->client, 1);
  return self;
}

void
gantry_test_replay_free (GantryTestReplay *self)
{
  g_clear_object (&self->client);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_ptr_array_unref (self->replies);
  g_ptr_array_unref (self->requests);
  g_free (self);
}

GantryAwsClient *
gantry_test_replay_get_client (GantryTestReplay *self)
{
  return self->client;
}

void
gantry_test_replay_add_text (GantryTestReplay *self,
                             guint             status,
                             const char       *body)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = g_bytes_new (body, strlen (body));
  g_ptr_array_add (self->replies, reply);
}

/* @fixture: a file name under tests/fixtures/aws */
void
gantry_test_replay_add (GantryTestReplay *self,
                        guint             status,
                        const char       *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws", fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  gantry_test_replay_add_text (self, status, contents);
}

guint
gantry_test_replay_get_n_requests (GantryTestReplay *self)
{
  return self->requests->len;
}

/* Returns: (nullable): form parameter @key of request number @request */
const char *
gantry_test_replay_get_param (GantryTestReplay *self,
                              guint             request,
                              const char       *key)
{
  g_assert_cmpuint (request, <, self->requests->len);
  return g_hash_table_lookup (g_ptr_array_index (self->requests, request), key);
}

void
gantry_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
