/* gantry-aws-cloudtrail.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/* The management events the History page backfills from. */
#define GANTRY_AWS_CLOUDTRAIL_EVENT_PUT_IMAGE      "PutImage"
#define GANTRY_AWS_CLOUDTRAIL_EVENT_UPDATE_SERVICE "UpdateService"

/* LookupEvents is limited to 2 requests per second per account; a history
 * never needs more than this many events of one name. */
#define GANTRY_AWS_CLOUDTRAIL_DEFAULT_MAX_EVENTS 500

/**
 * GantryAwsCloudtrailEvent:
 * @id: EventId
 * @name: EventName, e.g. "PutImage"
 * @time: (nullable): EventTime
 * @source: (nullable): EventSource, e.g. "ecr.amazonaws.com"
 * @username: (nullable): Username
 * @actor_arn: (nullable): CloudTrailEvent.userIdentity.arn
 * @error_code: (nullable): CloudTrailEvent.errorCode: the call failed
 * @repository: (nullable): PutImage: requestParameters.repositoryName
 * @image_tag: (nullable): PutImage: requestParameters.imageTag
 * @image_digest: (nullable): PutImage: responseElements.image.imageId.imageDigest
 *   (or requestParameters.imageDigest when the call failed)
 * @cluster: (nullable): UpdateService: requestParameters.cluster
 * @service: (nullable): UpdateService: requestParameters.service
 * @task_definition: (nullable): UpdateService: requestParameters.taskDefinition
 *
 * One event of LookupEvents with the members of the embedded CloudTrailEvent
 * document that the history needs. The access key ID CloudTrail reports is
 * deliberately not kept.
 */
typedef struct
{
  char      *id;
  char      *name;
  GDateTime *time;
  char      *source;
  char      *username;
  char      *actor_arn;
  char      *error_code;
  char      *repository;
  char      *image_tag;
  char      *image_digest;
  char      *cluster;
  char      *service;
  char      *task_definition;
} GantryAwsCloudtrailEvent;

GantryAwsCloudtrailEvent *gantry_aws_cloudtrail_event_new_from_json (JsonObject                *object,
                                                                     GError                   **error);
void                      gantry_aws_cloudtrail_event_free          (GantryAwsCloudtrailEvent  *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsCloudtrailEvent, gantry_aws_cloudtrail_event_free)

#define GANTRY_TYPE_AWS_CLOUDTRAIL (gantry_aws_cloudtrail_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsCloudtrail, gantry_aws_cloudtrail, GANTRY, AWS_CLOUDTRAIL, GObject)

GantryAwsCloudtrail *gantry_aws_cloudtrail_new                  (GantryAwsClient      *client);
GantryAwsClient     *gantry_aws_cloudtrail_get_client           (GantryAwsCloudtrail  *self);

void                 gantry_aws_cloudtrail_lookup_events_async  (GantryAwsCloudtrail  *self,
                                                                 const char           *event_name,
                                                                 GDateTime            *start_time,
                                                                 GDateTime            *end_time,
                                                                 guint                 max_events,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GPtrArray           *gantry_aws_cloudtrail_lookup_events_finish (GantryAwsCloudtrail  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
