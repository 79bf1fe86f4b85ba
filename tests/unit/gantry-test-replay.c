/* gantry-test-replay.c: a loopback SoupServer answering with fixture files
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each request gets the next scripted reply, in order; the request's form
 * parameters, X-Amz-Target and body are kept so a test can check what was
 * sent (the page token, MaxResults, the filter, the JSON action).
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-replay.h"

typedef struct
{
  guint       status;
  GBytes     *body;
  const char *content_type;
  gboolean    emulator_page;
} Reply;

struct _GantryTestReplay
{
  SoupServer      *server;
  GantryAwsClient *client;
  GPtrArray       *replies;   /* (element-type Reply) */
  GPtrArray       *requests;  /* (element-type GHashTable) form parameters */
  GPtrArray       *targets;   /* (element-type utf8) X-Amz-Target, or NULL */
  GPtrArray       *bodies;    /* (element-type utf8) request bodies */
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
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *form = g_strndup (body->data, body->length);
  guint index = self->requests->len;
  Reply *reply;

  g_ptr_array_add (self->requests, soup_form_decode (form));
  g_ptr_array_add (self->targets,
                   g_strdup (soup_message_headers_get_one (headers, "X-Amz-Target")));
  g_ptr_array_add (self->bodies, g_steal_pointer (&form));

  /* Running out of script is a test bug: answer with something loud. */
  if (index >= self->replies->len)
    {
      soup_server_message_set_status (msg, 599, NULL);
      return;
    }

  reply = g_ptr_array_index (self->replies, index);
  /* moto's error page for what it does not implement has no request ID */
  if (!reply->emulator_page)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "x-amzn-RequestId", "req-replay");
  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_COPY,
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
  self->targets = g_ptr_array_new_with_free_func (g_free);
  self->bodies = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_unref (self->targets);
  g_ptr_array_unref (self->bodies);
  g_free (self);
}

/* Frees @self like gantry_test_replay_free(), and fails the test if a
 * request went unscripted (it was answered with HTTP 599) or if anything
 * still holds the client: the module under test must not leak it. Fewer
 * requests than replies is fine (a cancelled call). */
void
gantry_test_replay_free_checked (GantryTestReplay *self)
{
  GantryAwsClient *client = self->client;

  g_assert_cmpuint (self->requests->len, <=, self->replies->len);
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  gantry_test_replay_free (self);
  g_assert_null (client);
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
  reply->content_type = "text/xml";
  g_ptr_array_add (self->replies, reply);
}

/* @fixture: a file name under tests/fixtures/aws; served with the content
 * type its name says: a JSON 1.1 reply, moto's HTML error page, or XML. */
void
gantry_test_replay_add (GantryTestReplay *self,
                        guint             status,
                        const char       *fixture)
{
  g_autoptr(GBytes) contents = gantry_test_load_fixture (fixture);
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = g_steal_pointer (&contents);
  if (g_str_has_suffix (fixture, ".json"))
    {
      reply->content_type = "application/x-amz-json-1.1";
    }
  else if (g_str_has_suffix (fixture, ".html"))
    {
      reply->content_type = "text/html";
      reply->emulator_page = TRUE;
    }
  else
    {
      reply->content_type = "text/xml";
    }
  g_ptr_array_add (self->replies, reply);
}

void
gantry_test_replay_add_script (GantryTestReplay           *self,
                               const GantryTestReplayStep *steps,
                               guint                       n_steps)
{
  for (guint i = 0; i < n_steps; i++)
    gantry_test_replay_add (self, steps[i].status, steps[i].fixture);
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

/* Returns: (nullable): the X-Amz-Target header of request number @request */
const char *
gantry_test_replay_get_target (GantryTestReplay *self,
                               guint             request)
{
  g_assert_cmpuint (request, <, self->targets->len);
  return g_ptr_array_index (self->targets, request);
}

/* Returns: (transfer full): the JSON body of request number @request */
JsonObject *
gantry_test_replay_dup_json_body (GantryTestReplay *self,
                                  guint             request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (request, <, self->bodies->len);
  json_parser_load_from_data (parser, g_ptr_array_index (self->bodies, request), -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Returns: (transfer full): the contents of tests/fixtures/aws/@name */
GBytes *
gantry_test_load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
gantry_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
