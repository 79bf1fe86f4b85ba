/* gantry-test-proxy.c: a fault-injecting HTTP proxy for tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-test-proxy"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gantry-test-proxy.h"

/* Sits between Gantry and a real peer (moto) on loopback and, by rule,
 * delays, refuses, breaks or garbles exchanges in the shapes AWS uses. The
 * Host header is forwarded unchanged so SigV4 signatures still verify. */

typedef struct
{
  char            *action;
  GantryTestFault  fault;
  guint            remaining;
} Rule;

struct _GantryTestProxy
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *endpoint;
  GPtrArray   *rules;
  GHashTable  *counts;
  GHashTable  *upstream_errors;
  GPtrArray   *stalled;
  guint        latency_ms;
  char        *down_after;
  gboolean     down;
  guint        n_faults;
  guint        in_flight;
  guint        max_in_flight;
};

typedef enum
{
  SHAPE_JSON,
  SHAPE_REST_JSON,
  SHAPE_QUERY,
  SHAPE_EC2,
} Shape;

typedef struct
{
  GantryTestProxy   *proxy;
  SoupServerMessage *msg;
  GIOStream         *stolen;
  GantryTestFault    fault;
  gboolean           has_fault;
  char              *content_type;
} Exchange;

static void
rule_free (Rule *rule)
{
  g_free (rule->action);
  g_free (rule);
}

static void
exchange_free (Exchange *exchange)
{
  exchange->proxy->in_flight--;
  g_clear_object (&exchange->msg);
  g_clear_object (&exchange->stolen);
  g_free (exchange->content_type);
  g_free (exchange);
}

static char *
action_of (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  g_autofree char *form = NULL;
  g_autoptr(GHashTable) fields = NULL;

  if (target != NULL)
    return g_strdup (strrchr (target, '.') ? strrchr (target, '.') + 1 : target);

  /* REST protocols (AWS Backup) name the operation by method and path. */
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 || body->length == 0)
    return g_strdup_printf ("%s %s", soup_server_message_get_method (msg),
                            g_uri_get_path (soup_server_message_get_uri (msg)));

  form = g_strndup (body->data, body->length);
  fields = soup_form_decode (form);
  return g_strdup (g_hash_table_lookup (fields, "Action"));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static Shape
shape_of (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_message_headers_get_one (headers, "X-Amz-Target") != NULL)
    return SHAPE_JSON;
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 || body->length == 0)
    return SHAPE_REST_JSON;
  if (g_strstr_len (body->data, body->length, "Version=2016-11-15") != NULL)
    return SHAPE_EC2;
  return SHAPE_QUERY;
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autofree char *body = NULL;
  const char *content_type;

  switch (shape_of (msg))
    {
    case SHAPE_JSON:
      content_type = "application/x-amz-json-1.1";
      body = g_strdup_printf ("{\"__type\":\"%s\",\"message\":\"%s\"}", code, message);
      break;
    case SHAPE_REST_JSON:
      content_type = "application/json";
      body = g_strdup_printf ("{\"Message\":\"%s\"}", message);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "x-amzn-ErrorType", code);
      break;
    case SHAPE_EC2:
      content_type = "text/xml";
      body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                              "<Code>%s</Code><Message>%s</Message></Error></Errors>"
                              "<RequestID>proxy-1</RequestID></Response>", code, message);
      break;
    case SHAPE_QUERY:
    default:
      content_type = "text/xml";
      body = g_strdup_printf ("<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code>"
                              "<Message>%s</Message></Error><RequestId>proxy-1</RequestId>"
                              "</ErrorResponse>", code, message);
      break;
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static const char *
throttle_code (SoupServerMessage *msg)
{
  switch (shape_of (msg))
    {
    case SHAPE_JSON:
      return "ThrottlingException";
    case SHAPE_REST_JSON:
      return "TooManyRequestsException";
    case SHAPE_EC2:
      return "RequestLimitExceeded";
    case SHAPE_QUERY:
    default:
      return "Throttling";
    }
}

static void
write_raw_and_close (GIOStream  *stream,
                     const char *data,
                     gsize       length)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  /* Test code: a blocking write of a few bytes on loopback. */
  g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
finish_exchange (Exchange *exchange,
                 guint     status,
                 GBytes   *body)
{
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : "";

  if (exchange->has_fault)
    {
      switch (exchange->fault)
        {
        case GANTRY_TEST_FAULT_RESET_AFTER:
          g_io_stream_close (exchange->stolen, NULL, NULL);
          return;

        case GANTRY_TEST_FAULT_TRUNCATE:
          {
            g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: %s\r\n"
                                                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                                     "Connection: close\r\n\r\n",
                                                     status, exchange->content_type, length);
            g_autoptr(GString) raw = g_string_new (head);

            g_string_append_len (raw, data, length / 2);
            write_raw_and_close (exchange->stolen, raw->str, raw->len);
            return;
          }

        case GANTRY_TEST_FAULT_CORRUPT:
          {
            g_autofree char *garbled = g_memdup2 (data, length);

            for (gsize i = 0; i < length; i += 7)
              garbled[i] = (char) (garbled[i] ^ 0x5a);
            soup_server_message_set_status (exchange->msg, status, NULL);
            soup_server_message_set_response (exchange->msg, exchange->content_type,
                                              SOUP_MEMORY_COPY, garbled, length);
            soup_server_message_unpause (exchange->msg);
            return;
          }

        case GANTRY_TEST_FAULT_LATENCY:
        case GANTRY_TEST_FAULT_STATUS_500:
        case GANTRY_TEST_FAULT_STATUS_503:
        case GANTRY_TEST_FAULT_THROTTLE:
        case GANTRY_TEST_FAULT_RESET_BEFORE:
        case GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE:
        case GANTRY_TEST_FAULT_EXPIRED_TOKEN:
        case GANTRY_TEST_FAULT_SKEW:
        case GANTRY_TEST_FAULT_STALL:
        default:
          break;
        }
    }

  soup_server_message_set_status (exchange->msg, status, NULL);
  soup_server_message_set_response (exchange->msg, exchange->content_type, SOUP_MEMORY_COPY,
                                    data, length);
  soup_server_message_unpause (exchange->msg);
}

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Exchange *exchange = user_data;
  SoupMessage *upstream = g_object_get_data (G_OBJECT (exchange->msg), "upstream");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (exchange->stolen != NULL)
        g_io_stream_close (exchange->stolen, NULL, NULL);
      else
        {
          soup_server_message_set_status (exchange->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
          soup_server_message_unpause (exchange->msg);
        }
      exchange_free (exchange);
      return;
    }

  if (soup_message_get_status (upstream) >= 500)
    {
      g_autofree char *action = action_of (exchange->msg);
      gpointer n = g_hash_table_lookup (exchange->proxy->upstream_errors, action ? action : "");

      g_hash_table_insert (exchange->proxy->upstream_errors, g_strdup (action ? action : ""),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
    }
  content_type = soup_message_headers_get_one (soup_message_get_response_headers (upstream),
                                               "Content-Type");
  exchange->content_type = g_strdup (content_type ? content_type : "text/xml");
  finish_exchange (exchange, soup_message_get_status (upstream), body);
  exchange_free (exchange);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Connection") == 0 ||
      g_ascii_strcasecmp (name, "Accept-Encoding") == 0)
    return;
  soup_message_headers_append (user_data, name, value);
}

static void
forward (Exchange *exchange)
{
  GantryTestProxy *self = exchange->proxy;
  SoupServerMessage *msg = exchange->msg;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  g_autofree char *uri = NULL;
  GUri *request_uri = soup_server_message_get_uri (msg);
  SoupMessage *upstream;

  uri = g_strconcat (self->upstream, g_uri_get_path (request_uri),
                     g_uri_get_query (request_uri) ? "?" : "",
                     g_uri_get_query (request_uri) ? g_uri_get_query (request_uri) : "", NULL);
  upstream = soup_message_new (soup_server_message_get_method (msg), uri);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (upstream));
  soup_message_set_request_body_from_bytes (upstream, NULL, body);
  g_object_set_data_full (G_OBJECT (msg), "upstream", upstream, g_object_unref);

  soup_session_send_and_read_async (self->session, upstream, G_PRIORITY_DEFAULT, NULL,
                                    forward_cb, exchange);
}

static gboolean
delayed_forward_cb (gpointer user_data)
{
  forward (user_data);
  return G_SOURCE_REMOVE;
}

static Rule *
take_rule (GantryTestProxy *self,
           const char      *action)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      if (rule->action != NULL && g_strcmp0 (rule->action, action) != 0)
        continue;
      if (rule->remaining == 0)
        continue;
      if (rule->remaining != G_MAXUINT)
        rule->remaining--;
      return rule;
    }
  return NULL;
}

static void
apply_immediate_fault (GantryTestProxy   *self,
                       SoupServerMessage *msg,
                       GantryTestFault    fault)
{
  switch (fault)
    {
    case GANTRY_TEST_FAULT_STATUS_500:
      respond_error (msg, 500, "InternalFailure", "Injected internal failure");
      break;
    case GANTRY_TEST_FAULT_STATUS_503:
      respond_error (msg, 503, "ServiceUnavailable", "Injected unavailability");
      break;
    case GANTRY_TEST_FAULT_THROTTLE:
      respond_error (msg, 400, throttle_code (msg), "Rate exceeded");
      break;
    case GANTRY_TEST_FAULT_EXPIRED_TOKEN:
      respond_error (msg, 403, shape_of (msg) <= SHAPE_REST_JSON ? "ExpiredTokenException"
                                                            : "ExpiredToken",
                     "The security token included in the request is expired");
      break;
    case GANTRY_TEST_FAULT_WRONG_CONTENT_TYPE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>Captive portal</body></html>", 40);
      break;
    case GANTRY_TEST_FAULT_SKEW:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autoptr(GDateTime) ahead = g_date_time_add_hours (now, 1);
        g_autofree char *date = g_date_time_format (ahead, "%a, %d %b %Y %H:%M:%S GMT");

        respond_error (msg, 403, shape_of (msg) <= SHAPE_REST_JSON ? "InvalidSignatureException"
                                                              : "RequestExpired",
                       "Signature expired: the request time is too skewed");
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Date", date);
        break;
      }
    case GANTRY_TEST_FAULT_STALL:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->stalled, g_object_ref (msg));
      break;
    case GANTRY_TEST_FAULT_RESET_BEFORE:
      g_io_stream_close (soup_server_message_steal_connection (msg), NULL, NULL);
      break;
    case GANTRY_TEST_FAULT_LATENCY:
    case GANTRY_TEST_FAULT_RESET_AFTER:
    case GANTRY_TEST_FAULT_TRUNCATE:
    case GANTRY_TEST_FAULT_CORRUPT:
    default:
      g_assert_not_reached ();
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  GantryTestProxy *self = user_data;
  g_autofree char *action = action_of (msg);
  Rule *rule = take_rule (self, action);
  guint *count;
  Exchange *exchange;

  count = g_hash_table_lookup (self->counts, action ? action : "");
  if (count == NULL)
    {
      count = g_new0 (guint, 1);
      g_hash_table_insert (self->counts, g_strdup (action ? action : ""), count);
    }
  (*count)++;

  if (self->down)
    {
      self->n_faults++;
      apply_immediate_fault (self, msg, GANTRY_TEST_FAULT_RESET_BEFORE);
      return;
    }
  if (self->down_after != NULL && g_strcmp0 (self->down_after, action) == 0)
    self->down = TRUE;

  if (rule != NULL)
    self->n_faults++;

  if (rule != NULL && rule->fault != GANTRY_TEST_FAULT_LATENCY &&
      rule->fault != GANTRY_TEST_FAULT_RESET_AFTER &&
      rule->fault != GANTRY_TEST_FAULT_TRUNCATE && rule->fault != GANTRY_TEST_FAULT_CORRUPT)
    {
      apply_immediate_fault (self, msg, rule->fault);
      return;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->proxy = self;
  exchange->msg = g_object_ref (msg);
  exchange->has_fault = rule != NULL;
  exchange->fault = rule ? rule->fault : GANTRY_TEST_FAULT_LATENCY;
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);

  if (exchange->has_fault && (exchange->fault == GANTRY_TEST_FAULT_RESET_AFTER ||
                              exchange->fault == GANTRY_TEST_FAULT_TRUNCATE))
    exchange->stolen = g_object_ref (soup_server_message_steal_connection (msg));
  else
    soup_server_message_pause (msg);

  if (self->latency_ms > 0 || (exchange->has_fault &&
                               exchange->fault == GANTRY_TEST_FAULT_LATENCY))
    g_timeout_add (MAX (self->latency_ms, 1), delayed_forward_cb, exchange);
  else
    forward (exchange);
}

/**
 * gantry_test_proxy_new:
 * @upstream: where to forward, e.g. moto's "http://127.0.0.1:PORT"
 *
 * Returns: (transfer full): a proxy listening on a free loopback port
 */
GantryTestProxy *
gantry_test_proxy_new (const char  *upstream,
                       GError     **error)
{
  g_autoptr(GantryTestProxy) self = g_new0 (GantryTestProxy, 1);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  self->upstream = g_strdup (upstream);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->upstream_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  /* libsoup's defaults (two connections per host) would forward a client's
   * parallel requests to moto two at a time: the latency then measured
   * would be the proxy's queue, not the client's. */
  self->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 60,
                                                 "max-conns", 128, "max-conns-per-host", 128,
                                                 NULL);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);

  /* GSocket listens with a backlog of 10: a client opening more
   * connections at once than the main loop accepts gets its SYNs dropped
   * and retries them a second later. Real endpoints do not do that. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return NULL;
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_set_listen_backlog (socket, 128);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return g_steal_pointer (&self);
}

const char *
gantry_test_proxy_get_endpoint (GantryTestProxy *self)
{
  return self->endpoint;
}

/**
 * gantry_test_proxy_add_fault:
 * @action: (nullable): only requests for this action, or every request
 * @times: how many matching requests get the fault; 0 for all of them
 */
void
gantry_test_proxy_add_fault (GantryTestProxy *self,
                             const char      *action,
                             GantryTestFault  fault,
                             guint            times)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->action = g_strdup (action);
  rule->fault = fault;
  rule->remaining = times == 0 ? G_MAXUINT : times;
  g_ptr_array_add (self->rules, rule);
}

/**
 * gantry_test_proxy_go_down_after:
 * @action: an action
 *
 * Once the next request for @action has been handled (with its faults),
 * every later request has its connection closed unanswered: the network is
 * gone right after that call.
 */
void
gantry_test_proxy_go_down_after (GantryTestProxy *self,
                                 const char      *action)
{
  g_free (self->down_after);
  self->down_after = g_strdup (action);
}

/**
 * gantry_test_proxy_set_latency:
 *
 * Delays every forwarded request by @milliseconds (the benchmarks' WAN).
 */
void
gantry_test_proxy_set_latency (GantryTestProxy *self,
                               guint            milliseconds)
{
  self->latency_ms = milliseconds;
}

/**
 * gantry_test_proxy_clear:
 *
 * Drops every rule and the counters; releases stalled requests.
 */
void
gantry_test_proxy_clear (GantryTestProxy *self)
{
  g_ptr_array_set_size (self->rules, 0);
  g_hash_table_remove_all (self->counts);
  g_hash_table_remove_all (self->upstream_errors);
  g_clear_pointer (&self->down_after, g_free);
  self->down = FALSE;
  self->n_faults = 0;
  self->max_in_flight = self->in_flight;
  for (guint i = 0; i < self->stalled->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->stalled, i);

      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (self->stalled, 0);
}

/**
 * gantry_test_proxy_count:
 * @action: (nullable): an action, or %NULL for all requests
 *
 * Returns: how many requests the proxy received
 */
guint
gantry_test_proxy_count (GantryTestProxy *self,
                         const char      *action)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  if (action != NULL)
    {
      guint *count = g_hash_table_lookup (self->counts, action);
      return count ? *count : 0;
    }

  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += *(guint *) value;
  return total;
}

/**
 * gantry_test_proxy_count_upstream_errors:
 * @action: an action
 *
 * Returns: how many of @action's forwarded requests the upstream itself
 *   answered with a 5xx status (moto does for actions it lacks)
 */
guint
gantry_test_proxy_count_upstream_errors (GantryTestProxy *self,
                                         const char      *action)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->upstream_errors, action));
}

/**
 * gantry_test_proxy_dup_actions:
 *
 * Returns: (transfer full): the actions the proxy received requests for,
 *   sorted; REST operations appear as "METHOD /path"
 */
GStrv
gantry_test_proxy_dup_actions (GantryTestProxy *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree const char **keys = NULL;
  GStrv actions;

  keys = (const char **) g_hash_table_get_keys_as_array (self->counts, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    if (*keys[i] != '\0')
      g_strv_builder_add (builder, keys[i]);
  actions = g_strv_builder_end (builder);
  qsort (actions, g_strv_length (actions), sizeof (char *), compare_strings);
  return actions;
}

guint
gantry_test_proxy_count_faults (GantryTestProxy *self)
{
  return self->n_faults;
}

/**
 * gantry_test_proxy_max_in_flight:
 *
 * Returns: the most requests forwarded at the same time (concurrency proof)
 */
guint
gantry_test_proxy_max_in_flight (GantryTestProxy *self)
{
  return self->max_in_flight;
}

/**
 * gantry_test_proxy_reset_counts:
 *
 * Zeroes the request counters; rules stay.
 */
void
gantry_test_proxy_reset_counts (GantryTestProxy *self)
{
  g_hash_table_remove_all (self->counts);
  g_hash_table_remove_all (self->upstream_errors);
  self->max_in_flight = self->in_flight;
}

void
gantry_test_proxy_free (GantryTestProxy *self)
{
  if (self == NULL)
    return;

  gantry_test_proxy_clear (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->stalled);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->upstream_errors);
  g_free (self->upstream);
  g_free (self->endpoint);
  g_free (self);
}
