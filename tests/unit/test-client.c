/* test-client.c: the request engine against a scripted SoupServer on loopback
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"

/* One scripted reply. status 0 means: never answer (a stalled server). */
typedef struct
{
  guint       status;
  const char *content_type;
  const char *body;
  const char *date;
} Reply;

typedef struct
{
  SoupServer      *server;
  GantryAwsClient *client;
  GPtrArray       *script;
  guint            n_requests;
  GPtrArray       *amz_dates;
  GPtrArray       *bodies;
  GPtrArray       *paused;
  char            *endpoint;
} Fixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *req_body = soup_server_message_get_request_body (msg);
  const Reply *reply;
  guint index = fixture->n_requests++;

  g_ptr_array_add (fixture->amz_dates,
                   g_strdup (soup_message_headers_get_one (req_headers, "X-Amz-Date")));
  g_ptr_array_add (fixture->bodies, g_strndup (req_body->data, req_body->length));

  g_assert_nonnull (soup_message_headers_get_one (req_headers, "Authorization"));

  reply = g_ptr_array_index (fixture->script, MIN (index, fixture->script->len - 1));
  if (reply->status == 0)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      return;
    }

  if (reply->date != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date",
                                  reply->date);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-RequestId", "req-test");
  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_STATIC,
                                    reply->body, strlen (reply->body));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryAwsCredentials) creds = NULL;
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->script = g_ptr_array_new ();
  fixture->amz_dates = g_ptr_array_new_with_free_func (g_free);
  fixture->bodies = g_ptr_array_new_with_free_func (g_free);
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  fixture->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  creds = gantry_aws_credentials_new ("AKIDEXAMPLE", "secret", NULL, NULL, "test");
  provider = gantry_aws_static_provider_new (creds);
  fixture->client = gantry_aws_client_new (provider,
                                           "us-east-1");
  gantry_aws_client_set_endpoint_url (fixture->client, fixture->endpoint);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < fixture->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->paused, i));
  g_assert_finalize_object (fixture->client);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->script);
  g_ptr_array_unref (fixture->amz_dates);
  g_ptr_array_unref (fixture->bodies);
  g_ptr_array_unref (fixture->paused);
  g_free (fixture->endpoint);
}

static void
script (Fixture     *fixture,
        const Reply *reply)
{
  g_ptr_array_add (fixture->script, (gpointer) reply);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static JsonObject *
call_json (Fixture       *fixture,
           const char    *action,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_client_call_json_async (fixture->client, &gantry_aws_service_ecr, action, NULL,
                                     cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_aws_client_call_json_finish (fixture->client, result, error);
}

static const Reply ok_json = { 200, "application/x-amz-json-1.1", "{\"repositories\":[]}" };
static const Reply internal_error = {
  500, "application/x-amz-json-1.1",
  "{\"__type\":\"ServerException\",\"message\":\"Internal failure\"}"
};
static const Reply throttled = {
  400, "application/x-amz-json-1.1",
  "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
};
static const Reply validation = {
  400, "application/x-amz-json-1.1",
  "{\"__type\":\"RepositoryNotFoundException\",\"message\":\"The repository does not exist\"}"
};
static const Reply truncated = { 200, "application/x-amz-json-1.1", "{\"repositories\":[{\"rep" };
static const Reply stall = { 0 };

static void
test_client_success (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  script (fixture, &ok_json);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (json_object_has_member (reply, "repositories"));
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->bodies, 0), ==, "{}");
}

static void
test_client_retry_5xx (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  script (fixture, &internal_error);
  script (fixture, &internal_error);
  script (fixture, &ok_json);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpuint (fixture->n_requests, ==, 3);
}

static void
test_client_retry_gives_up (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  script (fixture, &throttled);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_THROTTLED);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "ThrottlingException");
  g_assert_cmpuint (fixture->n_requests, ==, 3);
}

static void
test_client_no_retry_4xx (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  script (fixture, &validation);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "RepositoryNotFoundException");
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeRepositories");
  g_assert_cmpstr (gantry_aws_error_get_request_id (error), ==, "req-test");
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_client_truncated_body (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  script (fixture, &truncated);
  gantry_aws_client_set_max_attempts (fixture->client, 1);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
}

static void
test_client_clock_skew (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) server_now = g_date_time_add_hours (now, 2);
  g_autofree char *date = g_date_time_format (server_now, "%a, %d %b %Y %H:%M:%S GMT");
  g_autofree char *expected_hour = g_date_time_format (server_now, "%Y%m%dT%H");
  Reply skewed = {
    403, "application/x-amz-json-1.1",
    "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: is now earlier "
    "than ...\"}",
    date
  };

  script (fixture, &skewed);
  script (fixture, &ok_json);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  /* The retry was signed with the server's time, not the local one. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->amz_dates, 1), expected_hour));
  g_assert_cmpint (gantry_aws_client_get_clock_skew (fixture->client) / G_TIME_SPAN_MINUTE,
                   >=, 119);
}

static void
test_client_stall_times_out (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 start = g_get_monotonic_time ();

  script (fixture, &stall);
  gantry_aws_client_set_timeout (fixture->client, 1);
  gantry_aws_client_set_max_attempts (fixture->client, 1);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_TIME_SPAN_SECOND);
}

static void
test_client_connection_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  /* Port 1 on loopback: nothing listens there. */
  gantry_aws_client_set_endpoint_url (fixture->client, "http://127.0.0.1:1");
  gantry_aws_client_set_max_attempts (fixture->client, 1);
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_client_cancel_during_backoff (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  script (fixture, &internal_error);
  /* Fires once the first reply has arrived, i.e. during the backoff. */
  g_timeout_add (50, cancel_later_cb, cancellable);
  reply = call_json (fixture, "DescribeRepositories", cancellable, &error);

  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->n_requests, <=, 2);
}

static void
test_client_cancel_in_flight (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  script (fixture, &stall);
  g_timeout_add (100, cancel_later_cb, cancellable);
  reply = call_json (fixture, "DescribeRepositories", cancellable, &error);

  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const Reply page1 = { 200, "application/x-amz-json-1.1",
                             "{\"repositories\":[{\"repositoryName\":\"a\"}],\"nextToken\":\"t1\"}" };
static const Reply page2 = { 200, "application/x-amz-json-1.1",
                             "{\"repositories\":[{\"repositoryName\":\"b\"}],\"nextToken\":\"t2\"}" };
static const Reply page3 = { 200, "application/x-amz-json-1.1",
                             "{\"repositories\":[{\"repositoryName\":\"c\"}]}" };

static GPtrArray *
paginate_json (Fixture  *fixture,
               GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) input = json_object_new ();

  json_object_set_int_member (input, "maxResults", 1);
  gantry_aws_client_paginate_json_async (fixture->client, &gantry_aws_service_ecr,
                                         "DescribeRepositories", input, "nextToken", NULL,
                                         store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The caller's input is not changed by paging. */
  g_assert_false (json_object_has_member (input, "nextToken"));
  return gantry_aws_client_paginate_json_finish (fixture->client, result, error);
}

static void
test_client_paginate_json (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  script (fixture, &page1);
  script (fixture, &page2);
  script (fixture, &page3);
  pages = paginate_json (fixture, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpuint (fixture->n_requests, ==, 3);
  g_assert_null (strstr (g_ptr_array_index (fixture->bodies, 0), "nextToken"));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->bodies, 1), "\"nextToken\":\"t1\""));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->bodies, 2), "\"nextToken\":\"t2\""));
}

static void
test_client_paginate_loop (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  /* A broken server that hands out the same token forever. */
  script (fixture, &page1);
  pages = paginate_json (fixture, &error);

  g_assert_null (pages);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

static const Reply xml_page1 = {
  200, "text/xml",
  "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
  "<DescribeDBClustersResult><Marker>m1</Marker><DBClusters><DBCluster>"
  "<DBClusterIdentifier>one</DBClusterIdentifier></DBCluster></DBClusters>"
  "</DescribeDBClustersResult></DescribeDBClustersResponse>"
};
static const Reply xml_page2 = {
  200, "text/xml",
  "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
  "<DescribeDBClustersResult><DBClusters><DBCluster>"
  "<DBClusterIdentifier>two</DBClusterIdentifier></DBCluster></DBClusters>"
  "</DescribeDBClustersResult></DescribeDBClustersResponse>"
};

static void
test_client_paginate_query (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  script (fixture, &xml_page1);
  script (fixture, &xml_page2);
  gantry_aws_client_paginate_query_async (fixture->client, &gantry_aws_service_rds,
                                          "DescribeDBClusters", NULL, "Marker",
                                          "DescribeDBClustersResult/Marker", NULL,
                                          store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pages = gantry_aws_client_paginate_query_finish (fixture->client, result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->bodies, 0), ==,
                   "Action=DescribeDBClusters&Version=2014-10-31");
  g_assert_cmpstr (g_ptr_array_index (fixture->bodies, 1), ==,
                   "Action=DescribeDBClusters&Version=2014-10-31&Marker=m1");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (g_ptr_array_index (pages, 1),
                                                    "DescribeDBClustersResult/DBClusters/"
                                                    "DBCluster/DBClusterIdentifier"),
                   ==, "two");
}

static void
test_client_bad_endpoint (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  gantry_aws_client_set_endpoint_url (fixture->client, "http://example.com");
  reply = call_json (fixture, "DescribeRepositories", NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/aws/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("success", test_client_success);
  ADD ("retry-5xx", test_client_retry_5xx);
  ADD ("retry-gives-up", test_client_retry_gives_up);
  ADD ("no-retry-4xx", test_client_no_retry_4xx);
  ADD ("truncated-body", test_client_truncated_body);
  ADD ("clock-skew", test_client_clock_skew);
  ADD ("stall-times-out", test_client_stall_times_out);
  ADD ("connection-refused", test_client_connection_refused);
  ADD ("cancel-during-backoff", test_client_cancel_during_backoff);
  ADD ("cancel-in-flight", test_client_cancel_in_flight);
  ADD ("paginate-json", test_client_paginate_json);
  ADD ("paginate-loop", test_client_paginate_loop);
  ADD ("paginate-query", test_client_paginate_query);
  ADD ("bad-endpoint", test_client_bad_endpoint);

#undef ADD

  return g_test_run ();
}
