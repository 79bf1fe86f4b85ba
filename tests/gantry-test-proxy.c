/* gantry-test-proxy.c: a loopback forwarding proxy that injects faults
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sits between the client and moto: forwards every request unchanged and
 * counts them by action. On demand it answers an action with
 * ThrottlingException, or forwards it and then closes the connection
 * without a reply (the write landed, the client never hears of it), or,
 * after that, drops every connection (the network is gone). It can also
 * hold each request back to add latency. moto must not verify signatures
 * behind it: the proxy's Host is not the one the client signed.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gantry-test-proxy.h"

struct _GantryTestProxy
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *endpoint;
  guint        delay;
  GHashTable  *counts;
  guint        total;
  char        *throttle_action;
  guint        throttle_times;
  char        *drop_action;
  guint        drop_times;
  gboolean     then_down;
  gboolean     down;
};

typedef struct
{
  GantryTestProxy   *self;
  SoupServerMessage *msg;
  char              *action;
  gboolean           drop;
} Forward;

static void
forward_free (Forward *forward)
{
  g_object_unref (forward->msg);
  g_free (forward->action);
  g_free (forward);
}

static char *
action_of (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *form = NULL;
  g_autoptr(GHashTable) params = NULL;

  if (target != NULL && strchr (target, '.') != NULL)
    return g_strdup (strchr (target, '.') + 1);

  form = g_strndup (body->data, body->length);
  params = soup_form_decode (form);
  return g_strdup (g_hash_table_lookup (params, "Action"));
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  SoupMessage *upstream = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (forward->drop || body == NULL)
    {
      /* The write reached moto; its reply never reaches the client. */
      soup_server_message_unpause (forward->msg);
      drop_connection (forward->msg);
      forward_free (forward);
      return;
    }

  headers = soup_server_message_get_response_headers (forward->msg);
  soup_message_headers_iter_init (&iter, soup_message_get_response_headers (upstream));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Transfer-Encoding") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0)
      soup_message_headers_append (headers, name, value);
  soup_server_message_set_status (forward->msg, soup_message_get_status (upstream), NULL);
  soup_server_message_set_response (forward->msg,
                                    soup_message_headers_get_content_type (
                                      soup_message_get_response_headers (upstream), NULL),
                                    SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL),
                                    g_bytes_get_size (body));
  soup_server_message_unpause (forward->msg);
  forward_free (forward);
}

static gboolean
forward_now (gpointer user_data)
{
  Forward *forward = user_data;
  GantryTestProxy *self = forward->self;
  SoupMessageBody *body = soup_server_message_get_request_body (forward->msg);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (forward->msg);
  GUri *uri = soup_server_message_get_uri (forward->msg);
  g_autofree char *url = g_strconcat (self->upstream, g_uri_get_path (uri), NULL);
  g_autoptr(SoupMessage) upstream = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body->data, body->length);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, in);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Host") != 0 &&
        g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0)
      soup_message_headers_append (soup_message_get_request_headers (upstream), name, value);
  soup_message_set_request_body_from_bytes (upstream,
                                            soup_message_headers_get_content_type (in, NULL),
                                            bytes);
  soup_session_send_and_read_async (self->session, upstream, G_PRIORITY_DEFAULT, NULL,
                                    forwarded_cb, forward);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GantryTestProxy *self = user_data;
  g_autofree char *action = action_of (msg);
  Forward *forward;

  self->total++;
  if (action != NULL)
    g_hash_table_insert (self->counts, g_strdup (action),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts,
                                                                                  action)) + 1));

  if (self->down)
    {
      drop_connection (msg);
      return;
    }

  if (self->throttle_times > 0 && g_strcmp0 (action, self->throttle_action) == 0)
    {
      static const char throttled[] =
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

      self->throttle_times--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "x-amzn-RequestId", "req-proxy-throttle");
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                        throttled, strlen (throttled));
      return;
    }

  forward = g_new0 (Forward, 1);
  forward->self = self;
  forward->msg = g_object_ref (msg);
  forward->action = g_steal_pointer (&action);
  if (self->drop_times > 0 && g_strcmp0 (forward->action, self->drop_action) == 0)
    {
      forward->drop = TRUE;
      if (--self->drop_times == 0 && self->then_down)
        self->down = TRUE;
    }

  soup_server_message_pause (msg);
  if (self->delay > 0)
    g_timeout_add (self->delay, forward_now, forward);
  else
    forward_now (forward);
}

/* @upstream: moto's endpoint, e.g. "http://127.0.0.1:5000" */
GantryTestProxy *
gantry_test_proxy_new (const char *upstream)
{
  GantryTestProxy *self = g_new0 (GantryTestProxy, 1);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  self->upstream = g_strdup (upstream);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* No queue of its own: the client's connection use is what is measured. */
  self->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  soup_session_set_proxy_resolver (self->session, NULL);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return self;
}

void
gantry_test_proxy_free (GantryTestProxy *self)
{
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->session);
  g_hash_table_unref (self->counts);
  g_free (self->upstream);
  g_free (self->endpoint);
  g_free (self->throttle_action);
  g_free (self->drop_action);
  g_free (self);
}

const char *
gantry_test_proxy_get_endpoint (GantryTestProxy *self)
{
  return self->endpoint;
}

/* Holds each request back @msec before forwarding it: added latency. */
void
gantry_test_proxy_set_delay (GantryTestProxy *self,
                             guint            msec)
{
  self->delay = msec;
}

/* Answers the next @times requests for @action with ThrottlingException. */
void
gantry_test_proxy_throttle (GantryTestProxy *self,
                            const char      *action,
                            guint            times)
{
  g_free (self->throttle_action);
  self->throttle_action = g_strdup (action);
  self->throttle_times = times;
}

/* Forwards the next @times requests for @action but drops their replies;
 * with @then_down, every later connection is dropped unanswered. */
void
gantry_test_proxy_drop_reply (GantryTestProxy *self,
                              const char      *action,
                              guint            times,
                              gboolean         then_down)
{
  g_free (self->drop_action);
  self->drop_action = g_strdup (action);
  self->drop_times = times;
  self->then_down = then_down;
  self->down = FALSE;
}

guint
gantry_test_proxy_get_count (GantryTestProxy *self,
                             const char      *action)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, action));
}

guint
gantry_test_proxy_get_total (GantryTestProxy *self)
{
  return self->total;
}

void
gantry_test_proxy_reset_counts (GantryTestProxy *self)
{
  g_hash_table_remove_all (self->counts);
  self->total = 0;
}
