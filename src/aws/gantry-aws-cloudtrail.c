/* gantry-aws-cloudtrail.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CloudTrail LookupEvents, for the History page: ECR keeps no tag history,
 * so tag moves made before Gantry was installed (or by a pipeline) are only
 * known from the PutImage and UpdateService management events.
 */

#define G_LOG_DOMAIN "gantry-aws-cloudtrail"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-cloudtrail.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

#define ACTION_LOOKUP_EVENTS "LookupEvents"

/* LookupEvents returns at most 50 events per page. */
#define PAGE_SIZE 50

struct _GantryAwsCloudtrail
{
  GObject          parent_instance;
  GantryAwsClient *client;
};

G_DEFINE_FINAL_TYPE (GantryAwsCloudtrail, gantry_aws_cloudtrail, G_TYPE_OBJECT)

static void
gantry_aws_cloudtrail_dispose (GObject *object)
{
  GantryAwsCloudtrail *self = GANTRY_AWS_CLOUDTRAIL (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_cloudtrail_parent_class)->dispose (object);
}

static void
gantry_aws_cloudtrail_class_init (GantryAwsCloudtrailClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_cloudtrail_dispose;
}

static void
gantry_aws_cloudtrail_init (GantryAwsCloudtrail *self)
{
}

/**
 * gantry_aws_cloudtrail_new:
 *
 * Returns: (transfer full): the CloudTrail API on @client
 */
GantryAwsCloudtrail *
gantry_aws_cloudtrail_new (GantryAwsClient *client)
{
  GantryAwsCloudtrail *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_CLOUDTRAIL, NULL);
  self->client = g_object_ref (client);
  return self;
}

GantryAwsClient *
gantry_aws_cloudtrail_get_client (GantryAwsCloudtrail *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLOUDTRAIL (self), NULL);
  return self->client;
}

void
gantry_aws_cloudtrail_event_free (GantryAwsCloudtrailEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->id);
  g_free (event->name);
  g_clear_pointer (&event->time, g_date_time_unref);
  g_free (event->source);
  g_free (event->username);
  g_free (event->actor_arn);
  g_free (event->error_code);
  g_free (event->repository);
  g_free (event->image_tag);
  g_free (event->image_digest);
  g_free (event->cluster);
  g_free (event->service);
  g_free (event->task_definition);
  g_free (event);
}

/**
 * gantry_aws_cloudtrail_event_new_from_json:
 * @object: one member of `Events`
 *
 * The CloudTrailEvent member is a JSON document inside a string; a missing or
 * unreadable one leaves the detail fields %NULL rather than failing, since
 * the event itself (name, time, user) is still worth showing.
 *
 * Returns: (transfer full): the event, or %NULL with %GANTRY_AWS_ERROR_BAD_RESPONSE
 *   when it has no EventId or EventName
 */
GantryAwsCloudtrailEvent *
gantry_aws_cloudtrail_event_new_from_json (JsonObject  *object,
                                           GError     **error)
{
  g_autoptr(GantryAwsCloudtrailEvent) event = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *document;
  JsonNode *root;

  if (gantry_aws_json_get_string (object, "EventId") == NULL ||
      gantry_aws_json_get_string (object, "EventName") == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from CloudTrail has an event without an ID or name."));
      return NULL;
    }

  event = g_new0 (GantryAwsCloudtrailEvent, 1);
  event->id = g_strdup (gantry_aws_json_get_string (object, "EventId"));
  event->name = g_strdup (gantry_aws_json_get_string (object, "EventName"));
  event->time = gantry_aws_json_get_timestamp (object, "EventTime");
  event->source = g_strdup (gantry_aws_json_get_string (object, "EventSource"));
  event->username = g_strdup (gantry_aws_json_get_string (object, "Username"));

  document = gantry_aws_json_get_string (object, "CloudTrailEvent");
  parser = json_parser_new ();
  if (document != NULL && json_parser_load_from_data (parser, document, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *detail = json_node_get_object (root);
      JsonObject *identity = gantry_aws_json_get_object (detail, "userIdentity");
      JsonObject *request = gantry_aws_json_get_object (detail, "requestParameters");
      JsonObject *response = gantry_aws_json_get_object (detail, "responseElements");
      JsonObject *image = gantry_aws_json_get_object (response, "image");
      JsonObject *image_id = gantry_aws_json_get_object (image, "imageId");
      const char *digest;

      event->actor_arn = g_strdup (gantry_aws_json_get_string (identity, "arn"));
      event->error_code = g_strdup (gantry_aws_json_get_string (detail, "errorCode"));
      event->repository = g_strdup (gantry_aws_json_get_string (request, "repositoryName"));
      event->image_tag = g_strdup (gantry_aws_json_get_string (request, "imageTag"));
      digest = gantry_aws_json_get_string (image_id, "imageDigest");
      if (digest == NULL)
        digest = gantry_aws_json_get_string (request, "imageDigest");
      event->image_digest = g_strdup (digest);
      event->cluster = g_strdup (gantry_aws_json_get_string (request, "cluster"));
      event->service = g_strdup (gantry_aws_json_get_string (request, "service"));
      event->task_definition = g_strdup (gantry_aws_json_get_string (request, "taskDefinition"));
      if (event->time == NULL)
        event->time = gantry_aws_json_get_timestamp (detail, "eventTime");
    }

  return g_steal_pointer (&event);
}

typedef struct
{
  JsonObject *input;
  GPtrArray  *events;
  guint       max_events;
  guint       n_pages;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  json_object_unref (data->input);
  g_ptr_array_unref (data->events);
  g_free (data);
}

static void lookup_next_page (GTask *task);

static void
lookup_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsCloudtrail *self = g_task_get_source_object (task);
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *events;
  const char *token;

  reply = gantry_aws_client_call_json_finish (self->client, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  events = gantry_aws_json_get_array (reply, "Events");
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      GantryAwsCloudtrailEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      event = gantry_aws_cloudtrail_event_new_from_json (json_node_get_object (node), &error);
      if (event == NULL)
        {
          gantry_aws_error_set_details (error, NULL, ACTION_LOOKUP_EVENTS, 200, NULL);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (data->events, event);
      if (data->events->len >= data->max_events)
        break;
    }

  token = gantry_aws_json_get_string (reply, "NextToken");
  data->n_pages++;
  if (token == NULL || *token == '\0' || data->events->len >= data->max_events ||
      data->n_pages >= GANTRY_AWS_CLIENT_MAX_PAGES)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->events),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  json_object_set_string_member (data->input, "NextToken", token);
  lookup_next_page (g_steal_pointer (&task));
}

/* @task: (transfer full) */
static void
lookup_next_page (GTask *task)
{
  GantryAwsCloudtrail *self = g_task_get_source_object (task);
  LookupData *data = g_task_get_task_data (task);

  gantry_aws_client_call_json_async (self->client, &gantry_aws_service_cloudtrail,
                                     ACTION_LOOKUP_EVENTS, data->input,
                                     g_task_get_cancellable (task), lookup_page_cb, task);
}

/**
 * gantry_aws_cloudtrail_lookup_events_async:
 * @event_name: the EventName to look up, e.g. %GANTRY_AWS_CLOUDTRAIL_EVENT_PUT_IMAGE
 * @start_time: (nullable): the oldest event wanted
 * @end_time: (nullable): the newest event wanted
 * @max_events: stop after this many events, 0 for
 *   %GANTRY_AWS_CLOUDTRAIL_DEFAULT_MAX_EVENTS
 *
 * Looks up management events by name, newest first, following `NextToken`
 * until @max_events. The pages are fetched one after the other, never in
 * parallel: the API allows two requests per second.
 */
void
gantry_aws_cloudtrail_lookup_events_async (GantryAwsCloudtrail *self,
                                           const char          *event_name,
                                           GDateTime           *start_time,
                                           GDateTime           *end_time,
                                           guint                max_events,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JsonArray *attributes;
  JsonObject *attribute;
  LookupData *data;

  g_return_if_fail (GANTRY_IS_AWS_CLOUDTRAIL (self));
  g_return_if_fail (event_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_cloudtrail_lookup_events_async);

  data = g_new0 (LookupData, 1);
  data->events = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_cloudtrail_event_free);
  data->max_events = max_events > 0 ? max_events : GANTRY_AWS_CLOUDTRAIL_DEFAULT_MAX_EVENTS;
  data->input = json_object_new ();

  attribute = json_object_new ();
  json_object_set_string_member (attribute, "AttributeKey", "EventName");
  json_object_set_string_member (attribute, "AttributeValue", event_name);
  attributes = json_array_new ();
  json_array_add_object_element (attributes, attribute);
  json_object_set_array_member (data->input, "LookupAttributes", attributes);
  if (start_time != NULL)
    json_object_set_int_member (data->input, "StartTime", g_date_time_to_unix (start_time));
  if (end_time != NULL)
    json_object_set_int_member (data->input, "EndTime", g_date_time_to_unix (end_time));
  json_object_set_int_member (data->input, "MaxResults", PAGE_SIZE);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);

  lookup_next_page (g_steal_pointer (&task));
}

/**
 * gantry_aws_cloudtrail_lookup_events_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsCloudtrailEvent): the
 *   events, newest first
 */
GPtrArray *
gantry_aws_cloudtrail_lookup_events_finish (GantryAwsCloudtrail  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
