/* gantry-test-aws-fake.c: a loopback AWS that answers by action from fixtures
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit starts its calls in parallel, so a scripted reply queue cannot
 * say which reply belongs to which call. This server routes each request
 * by "service:Action" (the service from the SigV4 credential scope, the
 * action from the form, the X-Amz-Target header or the REST path) to a
 * recorded reply body, so the production parsers read the real wire shape.
 * Replies are held back briefly so that requests sent together are in
 * flight together: the test can see that they overlap.
 *
 * A call made once per resource (DescribeTaskDefinition, GetRepositoryPolicy)
 * can have one reply per resource: "ecs:DescribeTaskDefinition+prod-api-task"
 * (file ecs-DescribeTaskDefinition+prod-api-task.json) answers a JSON request
 * one of whose top-level strings names prod-api-task ("…/prod-api-task:3"
 * or "prod-api-task"); counts stay by "service:Action".
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-aws-fake.h"

/* Long enough for the other parallel requests to arrive even on a loaded
 * machine, short enough to keep the suite quick; this delays the server,
 * never the test. */
#define REPLY_DELAY_MS 40

typedef struct
{
  guint  status;
  char  *body;
} Reply;

struct _GantryTestAwsFake
{
  SoupServer      *server;
  GantryAwsClient *client;
  GHashTable      *replies;  /* key → Reply */
  GHashTable      *counts;   /* key → count */
  guint            total;
  guint            reply_delay_ms;
  guint            in_flight;
  guint            max_in_flight;
};

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_free (reply);
}

static char *
service_of (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *scope = auth ? strstr (auth, "Credential=") : NULL;
  g_auto(GStrv) parts = NULL;

  if (scope == NULL)
    return g_strdup ("?");
  parts = g_strsplit (scope + strlen ("Credential="), "/", 5);
  return g_strv_length (parts) >= 4 ? g_strdup (parts[3]) : g_strdup ("?");
}

/* AWS Backup's REST paths, by shape. */
static const char *
backup_action (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* "/backup/plans/" → "", "backup", "plans", "" */
  if (n == 4)
    return "ListBackupPlans";
  if (n == 5)
    return "GetBackupPlan";
  if (n == 6)
    return "ListBackupSelections";
  if (n == 7)
    return "GetBackupSelection";
  return "?";
}

/* The reply for one resource, if the fixtures have one: see the top. */
static Reply *
lookup_qualified (GantryTestAwsFake *self,
                  const char        *key,
                  SoupMessageBody   *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (body->length == 0 || body->data[0] != '{' ||
      !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      const char *value, *slash;
      g_autofree char *name = NULL;
      g_autofree char *qualified = NULL;
      Reply *reply;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (node);
      slash = strrchr (value, '/');
      name = g_strdup (slash != NULL ? slash + 1 : value);
      if (strchr (name, ':') != NULL)
        *strchr (name, ':') = '\0';
      qualified = g_strdup_printf ("%s+%s", key, name);
      reply = g_hash_table_lookup (self->replies, qualified);
      if (reply != NULL)
        return reply;
    }
  return NULL;
}

typedef struct
{
  GantryTestAwsFake *self;
  SoupServerMessage *msg;
} Pending;

static gboolean
answer_cb (gpointer user_data)
{
  Pending *pending = user_data;

  pending->self->in_flight--;
  soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GantryTestAwsFake *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *target = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "X-Amz-Target");
  g_autofree char *service = service_of (msg);
  g_autofree char *action = NULL;
  g_autofree char *key = NULL;
  Pending *pending;
  Reply *reply;

  if (target != NULL)
    action = g_strdup (strrchr (target, '.') ? strrchr (target, '.') + 1 : target);
  else if (g_str_equal (service, "backup"))
    action = g_strdup (backup_action (path));
  else
    {
      g_autofree char *form = g_strndup (body->data, body->length);
      g_autoptr(GHashTable) params = soup_form_decode (form);

      action = g_strdup (g_hash_table_lookup (params, "Action"));
    }

  key = g_strdup_printf ("%s:%s", service, action ? action : "?");
  g_hash_table_replace (self->counts, g_strdup (key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts,
                                                                                 key)) + 1));
  self->total++;

  reply = lookup_qualified (self, key, body);
  if (reply == NULL)
    reply = g_hash_table_lookup (self->replies, key);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-RequestId", "req-fake");
  if (reply == NULL)
    {
      /* What moto says for a call it does not implement. */
      soup_server_message_set_status (msg, 501, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                        "not implemented", strlen ("not implemented"));
    }
  else
    {
      soup_server_message_set_status (msg, reply->status, NULL);
      soup_server_message_set_response (msg, reply->body[0] == '{' ? "application/x-amz-json-1.1"
                                                                   : "text/xml",
                                        SOUP_MEMORY_COPY, reply->body, strlen (reply->body));
    }

  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_timeout_add (self->reply_delay_ms, answer_cb, pending);
}

/**
 * gantry_test_aws_fake_new:
 * @fixture_dir: a directory under tests/fixtures holding SERVICE-Action.{xml,json}
 */
GantryTestAwsFake *
gantry_test_aws_fake_new (const char *fixture_dir)
{
  GantryTestAwsFake *self = g_new0 (GantryTestAwsFake, 1);
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture_dir, NULL);
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *endpoint = NULL;
  const char *name;

  self->reply_delay_ms = REPLY_DELAY_MS;
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) reply_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *key = g_strdup (name);
      char *dash = strchr (key, '-');

      *strrchr (key, '.') = '\0';
      g_assert_nonnull (dash);
      *dash = ':';
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      gantry_test_aws_fake_set (self, key, 200, contents);
    }

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);

  /* GSocketListener's backlog of 10 would drop the audit's burst of
   * connections beyond it, and TCP retries a dropped SYN after a second. */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

    g_assert_no_error (error);
    g_socket_bind (socket, address, TRUE, &error);
    g_assert_no_error (error);
    g_socket_set_listen_backlog (socket, 128);
    g_socket_listen (socket, &error);
    g_assert_no_error (error);
    soup_server_listen_socket (self->server, socket, 0, &error);
    g_assert_no_error (error);
  }
  uris = soup_server_get_uris (self->server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  creds = gantry_aws_credentials_new ("AKIDEXAMPLE", "secret", NULL, NULL, "test");
  provider = gantry_aws_static_provider_new (creds);
  self->client = gantry_aws_client_new (provider, "us-east-1");
  gantry_aws_client_set_endpoint_url (self->client, endpoint);
  gantry_aws_client_set_max_attempts (self->client, 1);
  return self;
}

void
gantry_test_aws_fake_free (GantryTestAwsFake *self)
{
  g_clear_object (&self->client);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_hash_table_unref (self->replies);
  g_hash_table_unref (self->counts);
  g_free (self);
}

GantryAwsClient *
gantry_test_aws_fake_get_client (GantryTestAwsFake *self)
{
  return self->client;
}

/* @key: "ec2:DescribeVpcs"; replaces that action's reply */
void
gantry_test_aws_fake_set (GantryTestAwsFake *self,
                          const char        *key,
                          guint              status,
                          const char        *body)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = g_strdup (body);
  g_hash_table_replace (self->replies, g_strdup (key), reply);
}

/* Rewrites the reply of @key where @regex matches; it must match exactly
 * once, so a fixture change cannot silently turn a test into a no-op. */
void
gantry_test_aws_fake_patch (GantryTestAwsFake *self,
                            const char        *key,
                            const char        *regex,
                            const char        *replacement)
{
  Reply *reply = g_hash_table_lookup (self->replies, key);
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  char *patched;
  guint n = 0;

  g_assert_nonnull (reply);
  re = g_regex_new (regex, 0, 0, &error);
  g_assert_no_error (error);
  for (g_regex_match (re, reply->body, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    n++;
  if (n != 1)
    g_error ("%s: /%s/ matches %u times, not once", key, regex, n);
  patched = g_regex_replace (re, reply->body, -1, 0, replacement, 0, &error);
  g_assert_no_error (error);
  g_free (reply->body);
  reply->body = patched;
}

/* Tests that do not look at overlap can answer sooner: a whole audit is
 * six rounds of calls deep, and the checks suite runs a hundred audits. */
void
gantry_test_aws_fake_set_reply_delay (GantryTestAwsFake *self,
                                      guint              milliseconds)
{
  self->reply_delay_ms = milliseconds;
}

guint
gantry_test_aws_fake_get_count (GantryTestAwsFake *self,
                                const char        *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));
}

guint
gantry_test_aws_fake_get_total (GantryTestAwsFake *self)
{
  return self->total;
}

guint
gantry_test_aws_fake_get_max_in_flight (GantryTestAwsFake *self)
{
  return self->max_in_flight;
}
