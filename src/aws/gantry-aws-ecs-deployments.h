/* gantry-aws-ecs-deployments.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-ecs.h"

G_BEGIN_DECLS

/* DescribeServiceDeployments and DescribeServiceRevisions take at most this
 * many ARNs per call. */
#define GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS 20

/* ServiceDeployment.status values the history branches on. */
#define GANTRY_AWS_ECS_SERVICE_DEPLOYMENT_SUCCESSFUL          "SUCCESSFUL"
#define GANTRY_AWS_ECS_SERVICE_DEPLOYMENT_ROLLBACK_SUCCESSFUL "ROLLBACK_SUCCESSFUL"
#define GANTRY_AWS_ECS_SERVICE_DEPLOYMENT_ROLLBACK_FAILED     "ROLLBACK_FAILED"

/**
 * GantryAwsEcsServiceDeployment:
 * @arn: serviceDeploymentArn
 * @service_arn: (nullable): serviceArn
 * @cluster_arn: (nullable): clusterArn
 * @status: (nullable): PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED,
 *   STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS,
 *   ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED
 * @status_reason: (nullable): statusReason
 * @created_at: (nullable): createdAt
 * @started_at: (nullable): startedAt
 * @finished_at: (nullable): finishedAt
 * @target_revision_arn: (nullable): targetServiceRevision.arn (or the brief
 *   form's targetServiceRevisionArn)
 * @source_revision_arns: sourceServiceRevisions[].arn, never %NULL
 * @requested_count: targetServiceRevision.requestedTaskCount, -1 if unknown
 * @running_count: targetServiceRevision.runningTaskCount, -1 if unknown
 * @rollback_reason: (nullable): rollback.reason: the deployment was rolled back
 * @rollback_revision_arn: (nullable): rollback.serviceRevisionArn
 * @circuit_breaker_status: (nullable): deploymentCircuitBreaker.status
 *   (TRIGGERED, MONITORING, MONITORING_COMPLETE, DISABLED)
 * @task_definition: (nullable): the target revision's task definition, filled
 *   by the caller from DescribeServiceRevisions
 *
 * A service deployment as ListServiceDeployments (brief) or
 * DescribeServiceDeployments (full) returns it. Unlike the `deployments` of
 * DescribeServices, these stay listed after a deployment is replaced.
 */
typedef struct
{
  char       *arn;
  char       *service_arn;
  char       *cluster_arn;
  char       *status;
  char       *status_reason;
  GDateTime  *created_at;
  GDateTime  *started_at;
  GDateTime  *finished_at;
  char       *target_revision_arn;
  GStrv       source_revision_arns;
  gint64      requested_count;
  gint64      running_count;
  char       *rollback_reason;
  char       *rollback_revision_arn;
  char       *circuit_breaker_status;
  char       *task_definition;
} GantryAwsEcsServiceDeployment;

GantryAwsEcsServiceDeployment *gantry_aws_ecs_service_deployment_new_from_json (JsonObject                     *object,
                                                                                GError                        **error);
gboolean                       gantry_aws_ecs_service_deployment_is_rolled_back (GantryAwsEcsServiceDeployment *deployment);
void                           gantry_aws_ecs_service_deployment_free          (GantryAwsEcsServiceDeployment  *deployment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsServiceDeployment, gantry_aws_ecs_service_deployment_free)

/**
 * GantryAwsEcsServiceRevision:
 * @arn: serviceRevisionArn
 * @service_arn: (nullable): serviceArn
 * @task_definition: (nullable): taskDefinition, the task-definition ARN
 * @created_at: (nullable): createdAt
 */
typedef struct
{
  char      *arn;
  char      *service_arn;
  char      *task_definition;
  GDateTime *created_at;
} GantryAwsEcsServiceRevision;

void gantry_aws_ecs_service_revision_free (GantryAwsEcsServiceRevision *revision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsServiceRevision, gantry_aws_ecs_service_revision_free)

void       gantry_aws_ecs_list_service_deployments_async      (GantryAwsEcs         *ecs,
                                                               const char           *cluster,
                                                               const char           *service,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GPtrArray *gantry_aws_ecs_list_service_deployments_finish     (GantryAwsEcs         *ecs,
                                                               GAsyncResult         *result,
                                                               GError              **error);

void       gantry_aws_ecs_describe_service_deployments_async  (GantryAwsEcs         *ecs,
                                                               const char * const   *arns,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GPtrArray *gantry_aws_ecs_describe_service_deployments_finish (GantryAwsEcs         *ecs,
                                                               GAsyncResult         *result,
                                                               GError              **error);

void       gantry_aws_ecs_describe_service_revisions_async    (GantryAwsEcs         *ecs,
                                                               const char * const   *arns,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GPtrArray *gantry_aws_ecs_describe_service_revisions_finish   (GantryAwsEcs         *ecs,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
