/* gantry-aws-client.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-client"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gantry-aws-client.h"
#include "gantry-aws-endpoint.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"
#include "gantry-aws-retry.h"
#include "gantry-aws-signer.h"

/* The request engine: one SoupSession shared by every service, SigV4 on each
 * attempt (so a retry carries a fresh date), the standard retry mode, a
 * connect timeout on top of libsoup's I/O timeout, and clock-skew correction.
 * Service modules only say which action to call with which input. */
struct _GantryAwsClient
{
  GObject                       parent_instance;

  SoupSession                  *session;
  GantryAwsSigner              *signer;
  GantryAwsCredentialsProvider *provider;
  char                         *region;
  char                         *endpoint_url;
  guint                         timeout;
  guint                         connect_timeout;
  guint                         max_attempts;
  GTimeSpan                     clock_skew;
};

G_DEFINE_FINAL_TYPE (GantryAwsClient, gantry_aws_client, G_TYPE_OBJECT)

typedef struct
{
  const GantryAwsService *service;
  char                   *action;
  /* REST calls (AWS Backup) name their method; the others always POST. */
  const char             *method;
  gboolean                rest;
  char                   *content_type;
  GBytes                 *body;
  GUri                   *uri;
  char                   *signing_region;
  GantryAwsCredentials   *credentials;
  SoupMessage            *msg;
  GCancellable           *attempt_cancellable;
  gulong                  cancelled_id;
  guint                   connect_timeout_id;
  gboolean                connect_timed_out;
  guint                   attempt;
  gint64                  started_at;
} CallData;

static void
call_data_clear_attempt (CallData *data)
{
  g_clear_handle_id (&data->connect_timeout_id, g_source_remove);
  g_clear_object (&data->msg);
  g_clear_object (&data->attempt_cancellable);
}

static void
call_data_free (CallData *data)
{
  call_data_clear_attempt (data);
  g_free (data->action);
  g_free (data->content_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_free (data->signing_region);
  g_clear_pointer (&data->credentials, gantry_aws_credentials_unref);
  g_free (data);
}

static void send_attempt (GTask *task);

static void
gantry_aws_client_dispose (GObject *object)
{
  GantryAwsClient *self = GANTRY_AWS_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->signer);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (gantry_aws_client_parent_class)->dispose (object);
}

static void
gantry_aws_client_finalize (GObject *object)
{
  GantryAwsClient *self = GANTRY_AWS_CLIENT (object);

  g_free (self->region);
  g_free (self->endpoint_url);

  G_OBJECT_CLASS (gantry_aws_client_parent_class)->finalize (object);
}

static void
gantry_aws_client_class_init (GantryAwsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_aws_client_dispose;
  object_class->finalize = gantry_aws_client_finalize;
}

static void
gantry_aws_client_init (GantryAwsClient *self)
{
  self->timeout = GANTRY_AWS_CLIENT_DEFAULT_TIMEOUT;
  self->connect_timeout = GANTRY_AWS_CLIENT_DEFAULT_CONNECT_TIMEOUT;
  self->max_attempts = GANTRY_AWS_RETRY_MAX_ATTEMPTS;
  self->signer = gantry_aws_signer_new ();
  /* libsoup allows two connections per host by default, which would queue
   * the audit's parallel Describe calls (all EC2 calls share one host, and
   * a custom endpoint serves every service). The audit's first wave is 17
   * independent reads, so 16 left one waiting for a whole round trip. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "max-conns", 64,
                                                 "max-conns-per-host", 32,
                                                 "user-agent", "gantry/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * gantry_aws_client_new:
 * @provider: where credentials come from
 * @region: (nullable): the region, or %NULL (only global services then work)
 *
 * Returns: (transfer full): a new client
 */
GantryAwsClient *
gantry_aws_client_new (GantryAwsCredentialsProvider *provider,
                       const char                   *region)
{
  GantryAwsClient *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CREDENTIALS_PROVIDER (provider), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_CLIENT, NULL);
  self->provider = g_object_ref (provider);
  self->region = g_strdup (region);

  return self;
}

const char *
gantry_aws_client_get_region (GantryAwsClient *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), NULL);
  return self->region;
}

GantryAwsCredentialsProvider *
gantry_aws_client_get_credentials_provider (GantryAwsClient *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), NULL);
  return self->provider;
}

const char *
gantry_aws_client_get_endpoint_url (GantryAwsClient *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), NULL);
  return self->endpoint_url;
}

/**
 * gantry_aws_client_set_endpoint_url:
 * @endpoint_url: (nullable): an endpoint for every service (`--endpoint-url`)
 */
void
gantry_aws_client_set_endpoint_url (GantryAwsClient *self,
                                    const char      *endpoint_url)
{
  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint_url);
}

guint
gantry_aws_client_get_timeout (GantryAwsClient *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), 0);
  return self->timeout;
}

/**
 * gantry_aws_client_set_timeout:
 * @seconds: how long a response may stall before it counts as a network error
 */
void
gantry_aws_client_set_timeout (GantryAwsClient *self,
                               guint            seconds)
{
  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  self->connect_timeout = MIN (self->connect_timeout, seconds);
}

void
gantry_aws_client_set_connect_timeout (GantryAwsClient *self,
                                       guint            seconds)
{
  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->connect_timeout = seconds;
}

/**
 * gantry_aws_client_set_max_attempts:
 * @max_attempts: attempts per call, at least 1 (1 disables retries)
 */
void
gantry_aws_client_set_max_attempts (GantryAwsClient *self,
                                    guint            max_attempts)
{
  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  self->max_attempts = MAX (max_attempts, 1);
}

/**
 * gantry_aws_client_get_clock_skew:
 *
 * Returns: the correction added to the local clock when signing, learnt from
 *   AWS's `Date` header after a request-time-too-skewed reply
 */
GTimeSpan
gantry_aws_client_get_clock_skew (GantryAwsClient *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), 0);
  return self->clock_skew;
}

/**
 * gantry_aws_client_resolve_endpoint:
 * @out_signing_region: (out) (optional): the region requests are signed for
 *
 * Returns: (transfer full): where requests for @service go
 */
GUri *
gantry_aws_client_resolve_endpoint (GantryAwsClient         *self,
                                    const GantryAwsService  *service,
                                    char                   **out_signing_region,
                                    GError                 **error)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (self), NULL);

  return gantry_aws_endpoint_resolve (service, self->region, self->endpoint_url,
                                      out_signing_region, error);
}

static char *
host_header_for (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);

  if (port == -1 ||
      (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0) ||
      (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0))
    return g_strdup (g_uri_get_host (uri));

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

static GError *
network_error (CallData     *data,
               const GError *cause,
               guint         timeout)
{
  const char *host = g_uri_get_host (data->uri);
  GError *error;

  if (data->connect_timed_out)
    error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK,
                         _("Could not connect to %s within %u seconds while calling %s. Check the "
                           "network connection, the region and the endpoint URL."),
                         host, timeout, data->action);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK,
                         _("%s did not answer %s within %u seconds. Check the network connection "
                           "or raise the timeout."),
                         host, data->action, timeout);
  else
    error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK,
                         _("Could not reach %s for %s: %s. Check the network connection, the "
                           "region and the endpoint URL."),
                         host, data->action, cause->message);

  gantry_aws_error_set_details (error, NULL, data->action, 0, NULL);
  return error;
}

/* moto_server runs on Werkzeug, which answers every unhandled exception with
 * its generic 500 page, and moto raises one (NotImplementedError) for each
 * action it lacks. The page itself says "overloaded or an error in the
 * application", so the body alone cannot tell; but an AWS endpoint always
 * sends a request ID, even with a 500, and never serves Werkzeug's page.
 * Without the ID this is the emulator failing the same way every time:
 * retrying with backoff only added seconds (the audit's
 * ListBackupSelections), so it is "not available here", like a 501. */
#define WERKZEUG_500_TITLE "<title>500 Internal Server Error</title>"
#define WERKZEUG_500_TEXT "The server encountered an internal error and was unable to complete " \
                          "your request."

static gboolean
is_emulator_error_page (guint       status,
                        const char *content_type,
                        const char *request_id,
                        GBytes     *body)
{
  const char *text;
  gsize len = 0;

  if (status != SOUP_STATUS_INTERNAL_SERVER_ERROR || request_id != NULL || body == NULL ||
      g_strcmp0 (content_type, "text/html") != 0)
    return FALSE;

  text = g_bytes_get_data (body, &len);
  return text != NULL &&
         g_strstr_len (text, len, WERKZEUG_500_TITLE) != NULL &&
         g_strstr_len (text, len, WERKZEUG_500_TEXT) != NULL;
}

static GError *
emulator_error (CallData *data)
{
  GError *error;

  error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE,
                       _("%s answered %s with an emulator’s internal-error page and no AWS "
                         "request ID, as moto does for actions it does not implement; treating "
                         "%s as not available there (HTTP 500)"),
                       g_uri_get_host (data->uri), data->action, data->action);
  gantry_aws_error_set_details (error, NULL, data->action, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                NULL);
  return error;
}

static GError *
decode_reply (CallData  *data,
              GBytes    *body,
              gpointer  *out_result)
{
  guint status = soup_message_get_status (data->msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  const char *request_id;
  GError *error = NULL;

  request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "x-amz-request-id");

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) &&
      is_emulator_error_page (status, soup_message_headers_get_content_type (headers, NULL),
                              request_id, body))
    return emulator_error (data);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return gantry_aws_protocol_decode_error (data->service->protocol,
                                             data->service->iam_prefix,
                                             data->action,
                                             status,
                                             soup_message_headers_get_content_type (headers, NULL),
                                             soup_message_headers_get_one (headers, "x-amzn-ErrorType"),
                                             request_id,
                                             body);

  if (data->service->protocol == GANTRY_AWS_PROTOCOL_JSON)
    {
      g_autoptr(JsonNode) node = gantry_aws_json_parse (body, &error);

      if (node != NULL)
        *out_result = json_object_ref (json_node_get_object (node));
    }
  else
    {
      g_autoptr(GantryAwsXmlNode) root = gantry_aws_xml_parse (body, &error);
      g_autofree char *expected = g_strconcat (data->action, "Response", NULL);
      const char *content_type = soup_message_headers_get_content_type (headers, NULL);

      /* Every query/EC2 reply's root is <ActionResponse>: anything else
       * (a proxy's or captive portal's page) is not an answer at all. */
      if (root != NULL && g_strcmp0 (gantry_aws_xml_node_get_name (root), expected) != 0)
        g_set_error (&error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                     _("%s answered with something other than an AWS reply (%s, <%s>); is a "
                       "proxy or captive portal in the way?"),
                     g_uri_get_host (data->uri), content_type ? content_type : "no type",
                     gantry_aws_xml_node_get_name (root));
      else if (root != NULL)
        *out_result = g_steal_pointer (&root);
    }

  if (error != NULL)
    {
      g_prefix_error (&error, _("Unreadable reply to %s from %s: "),
                      data->action, g_uri_get_host (data->uri));
      gantry_aws_error_set_details (error, NULL, data->action, status, request_id);
    }

  return error;
}

/* libsoup hands over what arrived when the peer closes early; a body shorter
 * than its Content-Length is a transport failure (retryable), not a reply
 * to decode. With a Content-Encoding the length counts compressed bytes. */
static GError *
check_complete (CallData *data,
                GBytes   *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  goffset expected;
  GError *error;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return NULL;

  expected = soup_message_headers_get_content_length (headers);
  if ((goffset) g_bytes_get_size (body) >= expected)
    return NULL;

  error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK,
                       _("The reply from %s to %s was cut short (%zu of %"
                         PRId64 " bytes). Check the network connection."),
                       g_uri_get_host (data->uri), data->action, g_bytes_get_size (body),
                       expected);
  gantry_aws_error_set_details (error, NULL, data->action,
                                soup_message_get_status (data->msg), NULL);
  return error;
}

static gboolean
retry_delay_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  send_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* The cancellable as a child source wakes the delay early, so a cancel
   * during backoff returns at once instead of after up to 20 s. */
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
    }

  g_source_set_callback (source, retry_delay_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[gantry] aws retry backoff");
  g_source_attach (source, g_task_get_context (task));
}

static gboolean
maybe_correct_clock (GantryAwsClient *self,
                     CallData        *data,
                     const GError    *error)
{
  SoupMessageHeaders *headers;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan skew;

  if (data->msg == NULL || !gantry_aws_retry_is_clock_skew (error))
    return FALSE;

  headers = soup_message_get_response_headers (data->msg);
  now = g_date_time_new_now_utc ();
  skew = gantry_aws_retry_clock_skew (soup_message_headers_get_one (headers, "Date"), now);
  if (skew == 0 || skew == self->clock_skew)
    return FALSE;

  g_info ("Correcting the clock by %" G_GINT64_FORMAT " s from the server’s Date header",
          skew / G_TIME_SPAN_SECOND);
  self->clock_skew = skew;
  return TRUE;
}

static void
finish_attempt (GTask        *task,
                GError       *error,
                gpointer      result,
                GDestroyNotify result_free)
{
  GantryAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  double elapsed_ms = (g_get_monotonic_time () - data->started_at) / 1000.0;
  guint status = data->msg ? soup_message_get_status (data->msg) : 0;

  g_debug ("%s %s %s → %u%s%s (%.0f ms, attempt %u of %u)",
           data->method, g_uri_get_host (data->uri), data->action, status,
           error ? " " : "", error ? (gantry_aws_error_get_aws_code (error) ?
                                      gantry_aws_error_get_aws_code (error) : "error") : "",
           elapsed_ms, data->attempt, self->max_attempts);

  if (error == NULL)
    {
      call_data_clear_attempt (data);
      g_task_return_pointer (task, result, result_free);
      return;
    }

  if (data->attempt < self->max_attempts && maybe_correct_clock (self, data, error))
    {
      g_error_free (error);
      call_data_clear_attempt (data);
      send_attempt (g_object_ref (task));
      return;
    }

  if (data->attempt < self->max_attempts && gantry_aws_retry_is_retryable (error))
    {
      guint delay = gantry_aws_retry_backoff_ms (data->attempt, g_random_double ());

      g_debug ("Retrying %s in %u ms: %s", data->action, delay, error->message);
      g_error_free (error);
      call_data_clear_attempt (data);
      schedule_retry (task, delay);
      return;
    }

  call_data_clear_attempt (data);
  g_task_return_error (task, error);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gpointer reply = NULL;
  GError *reply_error;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_clear_handle_id (&data->connect_timeout_id, g_source_remove);
  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
    }

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !data->connect_timed_out)
        {
          call_data_clear_attempt (data);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      finish_attempt (task,
                      network_error (data, error,
                                     data->connect_timed_out ? self->connect_timeout : self->timeout),
                      NULL, NULL);
      return;
    }

  reply_error = check_complete (data, body);
  if (reply_error != NULL)
    {
      finish_attempt (task, reply_error, NULL, NULL);
      return;
    }

  reply_error = decode_reply (data, body, &reply);
  if (reply_error != NULL)
    finish_attempt (task, reply_error, NULL, NULL);
  else if (data->service->protocol == GANTRY_AWS_PROTOCOL_JSON)
    finish_attempt (task, NULL, reply, (GDestroyNotify) json_object_unref);
  else
    finish_attempt (task, NULL, reply, (GDestroyNotify) gantry_aws_xml_node_unref);
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  CallData *data = user_data;

  data->connect_timeout_id = 0;
  data->connect_timed_out = TRUE;
  g_cancellable_cancel (data->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  CallData *data = user_data;
  GantryAwsClient *self = g_object_get_data (G_OBJECT (msg), "gantry-client");

  /* libsoup's timeout covers stalled I/O; a new connection gets the shorter
   * connect timeout (a reused one emits no events). */
  if (event == G_SOCKET_CLIENT_RESOLVING && data->connect_timeout_id == 0 && self != NULL)
    data->connect_timeout_id = g_timeout_add_seconds (self->connect_timeout,
                                                      connect_timeout_cb, data);
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    g_clear_handle_id (&data->connect_timeout_id, g_source_remove);
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

static void
send_attempt (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  GantryAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *host = NULL;

  data->attempt++;
  data->connect_timed_out = FALSE;
  data->started_at = g_get_monotonic_time ();
  data->msg = soup_message_new_from_uri (data->method, data->uri);
  g_object_set_data (G_OBJECT (data->msg), "gantry-client", self);

  headers = soup_message_get_request_headers (data->msg);
  host = host_header_for (data->uri);
  soup_message_headers_replace (headers, "Host", host);
  if (data->content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", data->content_type);
  if (data->service->protocol == GANTRY_AWS_PROTOCOL_JSON && !data->rest)
    {
      g_autofree char *target = g_strconcat (data->service->target_prefix, ".",
                                             data->action, NULL);
      soup_message_headers_replace (headers, "X-Amz-Target", target);
    }
  if (data->content_type != NULL)
    soup_message_set_request_body_from_bytes (data->msg, data->content_type, data->body);

  now = g_date_time_new_now_utc ();
  when = g_date_time_add (now, self->clock_skew);
  gantry_aws_signer_sign (self->signer, data->method, data->uri, headers, data->body,
                          data->credentials, data->signing_region,
                          data->service->signing_name, when);

  data->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                data->attempt_cancellable, NULL);
  g_signal_connect (data->msg, "network-event", G_CALLBACK (network_event_cb), data);

  soup_session_send_and_read_async (self->session, data->msg, G_PRIORITY_DEFAULT,
                                    data->attempt_cancellable, send_cb,
                                    g_steal_pointer (&task));
}

static void
credentials_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->credentials = gantry_aws_credentials_provider_get_credentials_finish (
      GANTRY_AWS_CREDENTIALS_PROVIDER (object), result, &error);
  if (data->credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_attempt (g_steal_pointer (&task));
}

static void
start_call (GantryAwsClient        *self,
            const GantryAwsService *service,
            const char             *action,
            const char             *method,
            const char             *path_and_query,
            const char             *content_type,
            GBytes                 *body,
            gpointer                source_tag,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CallData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  data = g_new0 (CallData, 1);
  data->service = service;
  data->action = g_strdup (action);
  data->method = method;
  data->rest = path_and_query != NULL;
  data->content_type = g_strdup (content_type);
  data->body = g_bytes_ref (body);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  data->uri = gantry_aws_client_resolve_endpoint (self, service, &data->signing_region, &error);
  if (data->uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (path_and_query != NULL)
    {
      GUri *base = data->uri;

      data->uri = g_uri_parse_relative (base, path_and_query, G_URI_FLAGS_ENCODED, &error);
      g_uri_unref (base);
      if (data->uri == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  gantry_aws_credentials_provider_get_credentials_async (self->provider, cancellable,
                                                         credentials_cb,
                                                         g_steal_pointer (&task));
}

/**
 * gantry_aws_client_call_json_async:
 * @service: a JSON 1.1 service
 * @action: the action, e.g. "DescribeRepositories"
 * @input: (nullable): the request members
 *
 * Calls @action, with signing, retries and error decoding.
 */
void
gantry_aws_client_call_json_async (GantryAwsClient        *self,
                                   const GantryAwsService *service,
                                   const char             *action,
                                   JsonObject             *input,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) empty = NULL;
  char *text;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (service->protocol == GANTRY_AWS_PROTOCOL_JSON);

  if (input == NULL)
    input = empty = json_object_new ();
  node = json_node_init_object (json_node_alloc (), input);
  text = json_to_string (node, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  start_call (self, service, action, SOUP_METHOD_POST, NULL, "application/x-amz-json-1.1", body,
              gantry_aws_client_call_json_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_client_call_json_finish:
 *
 * Returns: (transfer full): the reply's members
 */
JsonObject *
gantry_aws_client_call_json_finish (GantryAwsClient  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_client_call_rest_json_async:
 * @service: a REST-JSON service (AWS Backup)
 * @action: the API action the request stands for, e.g. "ListBackupPlans";
 *   errors name it and the IAM permission it needs
 * @method: "GET", "POST", "PUT" or "DELETE"
 * @path: the request path, each segment already percent-encoded, e.g.
 *   "/backup/plans/"
 * @query_params: (nullable) (element-type utf8 utf8): the query string
 * @body: (nullable): the JSON body; %NULL sends none
 *
 * Calls a REST-JSON operation through the same signing, retry and error
 * decoding as every other call.
 */
void
gantry_aws_client_call_rest_json_async (GantryAwsClient        *self,
                                        const GantryAwsService *service,
                                        const char             *action,
                                        const char             *method,
                                        const char             *path,
                                        GHashTable             *query_params,
                                        JsonObject             *body,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) target = NULL;
  const char *content_type = NULL;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (service->protocol == GANTRY_AWS_PROTOCOL_JSON);
  g_return_if_fail (path != NULL && path[0] == '/');

  target = g_string_new (path);
  if (query_params != NULL && g_hash_table_size (query_params) > 0)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (query_params),
                                           (GCompareFunc) g_strcmp0);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          g_string_append_c (target, l == keys ? '?' : '&');
          g_string_append_uri_escaped (target, l->data, NULL, FALSE);
          g_string_append_c (target, '=');
          g_string_append_uri_escaped (target, g_hash_table_lookup (query_params, l->data),
                                       NULL, FALSE);
        }
    }

  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      char *text = json_to_string (node, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
      content_type = "application/json";
    }
  else
    {
      bytes = g_bytes_new_static ("", 0);
    }

  start_call (self, service, action, g_intern_string (method), target->str, content_type, bytes,
              gantry_aws_client_call_rest_json_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_client_call_rest_json_finish:
 *
 * Returns: (transfer full): the reply's members
 */
JsonObject *
gantry_aws_client_call_rest_json_finish (GantryAwsClient  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_client_call_query_async:
 * @service: a query or EC2 protocol service
 * @params: (nullable): the request parameters (without Action and Version)
 */
void
gantry_aws_client_call_query_async (GantryAwsClient        *self,
                                    const GantryAwsService *service,
                                    const char             *action,
                                    GantryAwsParams        *params,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_autoptr(GantryAwsParams) empty = NULL;
  g_autoptr(GBytes) body = NULL;
  char *text;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (service->protocol != GANTRY_AWS_PROTOCOL_JSON);

  if (params == NULL)
    params = empty = gantry_aws_params_new ();
  text = gantry_aws_params_to_form (params, action, service->api_version);
  body = g_bytes_new_take (text, strlen (text));

  start_call (self, service, action, SOUP_METHOD_POST, NULL,
              "application/x-www-form-urlencoded; charset=utf-8", body,
              gantry_aws_client_call_query_async, cancellable, callback, user_data);
}

/**
 * gantry_aws_client_call_query_finish:
 *
 * Returns: (transfer full): the root element of the reply
 */
GantryAwsXmlNode *
gantry_aws_client_call_query_finish (GantryAwsClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Pagination: one loop for both protocols, following the service's token
 * until it is absent, repeats (a broken server must not loop forever), or
 * the page cap is reached. */
typedef struct
{
  const GantryAwsService *service;
  char                   *action;
  JsonObject             *json_input;
  GantryAwsParams        *params;
  char                   *token_member;
  char                   *token_path;
  char                   *last_token;
  GPtrArray              *pages;
} PageData;

static void
page_data_free (PageData *data)
{
  g_free (data->action);
  g_clear_pointer (&data->json_input, json_object_unref);
  g_clear_pointer (&data->params, gantry_aws_params_unref);
  g_free (data->token_member);
  g_free (data->token_path);
  g_free (data->last_token);
  g_clear_pointer (&data->pages, g_ptr_array_unref);
  g_free (data);
}

static void request_page (GTask *task);

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsClient *self = GANTRY_AWS_CLIENT (object);
  PageData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *token = NULL;

  if (data->service->protocol == GANTRY_AWS_PROTOCOL_JSON)
    {
      JsonObject *page = gantry_aws_client_call_json_finish (self, result, &error);

      if (page == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (data->pages, page);
      token = gantry_aws_json_get_string (page, data->token_member);
    }
  else
    {
      GantryAwsXmlNode *page = gantry_aws_client_call_query_finish (self, result, &error);

      if (page == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (data->pages, page);
      token = gantry_aws_xml_node_lookup_text (page, data->token_path);
    }

  if (token == NULL || *token == '\0')
    {
      g_task_return_pointer (task, g_steal_pointer (&data->pages),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (g_strcmp0 (token, data->last_token) == 0 ||
      data->pages->len >= GANTRY_AWS_CLIENT_MAX_PAGES)
    {
      g_autoptr(GError) loop_error = g_error_new (GANTRY_AWS_ERROR,
                                                  GANTRY_AWS_ERROR_BAD_RESPONSE,
                                                  _("%s kept returning more pages (%u so far); "
                                                    "stopped to avoid an endless loop."),
                                                  data->action, data->pages->len);
      gantry_aws_error_set_details (loop_error, NULL, data->action, 0, NULL);
      g_task_return_error (task, g_steal_pointer (&loop_error));
      return;
    }

  g_free (data->last_token);
  data->last_token = g_strdup (token);
  if (data->json_input != NULL)
    json_object_set_string_member (data->json_input, data->token_member, token);
  else
    gantry_aws_params_set (data->params, data->token_member, token);

  request_page (g_steal_pointer (&task));
}

static void
request_page (GTask *task)
{
  GantryAwsClient *self = g_task_get_source_object (task);
  PageData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (data->service->protocol == GANTRY_AWS_PROTOCOL_JSON)
    gantry_aws_client_call_json_async (self, data->service, data->action, data->json_input,
                                       g_task_get_cancellable (task), page_cb, task);
  else
    gantry_aws_client_call_query_async (self, data->service, data->action, data->params,
                                        g_task_get_cancellable (task), page_cb, task);
}

/* A shallow copy is enough: paging only replaces the top-level token member,
 * and the caller's object must stay as it was. */
static JsonObject *
json_object_copy_members (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_copy (member));

  return copy;
}

/**
 * gantry_aws_client_paginate_json_async:
 * @input: (nullable): the first page's request members (not modified)
 * @token_member: the token member in both request and reply ("nextToken")
 *
 * Calls @action until the reply has no token.
 */
void
gantry_aws_client_paginate_json_async (GantryAwsClient        *self,
                                       const GantryAwsService *service,
                                       const char             *action,
                                       JsonObject             *input,
                                       const char             *token_member,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  GTask *task;
  PageData *data;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (token_member != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_client_paginate_json_async);

  data = g_new0 (PageData, 1);
  data->service = service;
  data->action = g_strdup (action);
  data->json_input = input ? json_object_copy_members (input) : json_object_new ();
  data->token_member = g_strdup (token_member);
  data->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) page_data_free);

  request_page (task);
}

/**
 * gantry_aws_client_paginate_json_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): every page, in order
 */
GPtrArray *
gantry_aws_client_paginate_json_finish (GantryAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_client_paginate_query_async:
 * @params: (nullable): the first page's parameters (not modified)
 * @token_param: the request parameter carrying the token ("NextToken", "Marker")
 * @token_path: where the reply carries the next token, e.g. "nextToken" (EC2)
 *   or "DescribeDBClustersResult/Marker"
 */
void
gantry_aws_client_paginate_query_async (GantryAwsClient        *self,
                                        const GantryAwsService *service,
                                        const char             *action,
                                        GantryAwsParams        *params,
                                        const char             *token_param,
                                        const char             *token_path,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  GTask *task;
  PageData *data;

  g_return_if_fail (GANTRY_IS_AWS_CLIENT (self));
  g_return_if_fail (token_param != NULL && token_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_client_paginate_query_async);

  data = g_new0 (PageData, 1);
  data->service = service;
  data->action = g_strdup (action);
  data->params = params ? gantry_aws_params_copy (params) : gantry_aws_params_new ();
  data->token_member = g_strdup (token_param);
  data->token_path = g_strdup (token_path);
  data->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_xml_node_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) page_data_free);

  request_page (task);
}

/**
 * gantry_aws_client_paginate_query_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsXmlNode): every page's root
 */
GPtrArray *
gantry_aws_client_paginate_query_finish (GantryAwsClient  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
