/* gantry-aws-ecs-types.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * GantryAwsEcsDeploymentStatus:
 * @GANTRY_AWS_ECS_DEPLOYMENT_STATUS_UNKNOWN: missing or not known to this build
 * @GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY: the deployment the service is moving to
 * @GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE: an older deployment still running tasks
 * @GANTRY_AWS_ECS_DEPLOYMENT_STATUS_INACTIVE: a deployment whose tasks are drained
 */
typedef enum
{
  GANTRY_AWS_ECS_DEPLOYMENT_STATUS_UNKNOWN,
  GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY,
  GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE,
  GANTRY_AWS_ECS_DEPLOYMENT_STATUS_INACTIVE,
} GantryAwsEcsDeploymentStatus;

/**
 * GantryAwsEcsRolloutState:
 * @GANTRY_AWS_ECS_ROLLOUT_STATE_UNKNOWN: no rolloutState (older deployment controllers) or an unknown one
 * @GANTRY_AWS_ECS_ROLLOUT_STATE_IN_PROGRESS: still rolling out
 * @GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED: reached steady state
 * @GANTRY_AWS_ECS_ROLLOUT_STATE_FAILED: failed (e.g. the circuit breaker tripped)
 */
typedef enum
{
  GANTRY_AWS_ECS_ROLLOUT_STATE_UNKNOWN,
  GANTRY_AWS_ECS_ROLLOUT_STATE_IN_PROGRESS,
  GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED,
  GANTRY_AWS_ECS_ROLLOUT_STATE_FAILED,
} GantryAwsEcsRolloutState;

const char *gantry_aws_ecs_deployment_status_to_string (GantryAwsEcsDeploymentStatus status);
const char *gantry_aws_ecs_rollout_state_to_string     (GantryAwsEcsRolloutState     state);

/**
 * GantryAwsEcsCluster:
 * @arn: clusterArn
 * @name: clusterName
 * @status: (nullable): e.g. "ACTIVE"
 * @container_insights: (nullable): the containerInsights setting ("enabled",
 *   "disabled", "enhanced"), %NULL when the reply has no settings
 * @running_tasks: runningTasksCount
 * @pending_tasks: pendingTasksCount
 * @active_services: activeServicesCount
 */
typedef struct
{
  char   *arn;
  char   *name;
  char   *status;
  char   *container_insights;
  gint64  running_tasks;
  gint64  pending_tasks;
  gint64  active_services;
} GantryAwsEcsCluster;

GantryAwsEcsCluster *gantry_aws_ecs_cluster_new_from_json (JsonObject           *object,
                                                           GError              **error);
void                 gantry_aws_ecs_cluster_free          (GantryAwsEcsCluster  *cluster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsCluster, gantry_aws_ecs_cluster_free)

/**
 * GantryAwsEcsDeployment:
 * @id: the deployment ID, "ecs-svc/…"
 * @status: PRIMARY / ACTIVE / INACTIVE
 * @task_definition: (nullable): the task-definition ARN it deploys
 * @rollout_state: rolloutState
 * @rollout_state_reason: (nullable): rolloutStateReason
 * @created_at: (nullable): createdAt
 * @updated_at: (nullable): updatedAt
 * @desired_count: desiredCount
 * @running_count: runningCount
 * @pending_count: pendingCount
 * @failed_tasks: failedTasks
 * @launch_type: (nullable): launchType
 */
typedef struct
{
  char                         *id;
  GantryAwsEcsDeploymentStatus  status;
  char                         *task_definition;
  GantryAwsEcsRolloutState      rollout_state;
  char                         *rollout_state_reason;
  GDateTime                    *created_at;
  GDateTime                    *updated_at;
  gint64                        desired_count;
  gint64                        running_count;
  gint64                        pending_count;
  gint64                        failed_tasks;
  char                         *launch_type;
} GantryAwsEcsDeployment;

void gantry_aws_ecs_deployment_free (GantryAwsEcsDeployment *deployment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsDeployment, gantry_aws_ecs_deployment_free)

/**
 * GantryAwsEcsEvent:
 * @id: the event ID
 * @created_at: (nullable): createdAt
 * @message: the message, e.g. "(service prod-api) has reached a steady state."
 */
typedef struct
{
  char      *id;
  GDateTime *created_at;
  char      *message;
} GantryAwsEcsEvent;

void gantry_aws_ecs_event_free (GantryAwsEcsEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsEvent, gantry_aws_ecs_event_free)

/**
 * GantryAwsEcsLoadBalancer:
 * @target_group_arn: (nullable): targetGroupArn (ALB/NLB)
 * @load_balancer_name: (nullable): loadBalancerName (Classic)
 * @container_name: (nullable): containerName
 * @container_port: containerPort, 0 if missing
 */
typedef struct
{
  char   *target_group_arn;
  char   *load_balancer_name;
  char   *container_name;
  gint64  container_port;
} GantryAwsEcsLoadBalancer;

void gantry_aws_ecs_load_balancer_free (GantryAwsEcsLoadBalancer *load_balancer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsLoadBalancer, gantry_aws_ecs_load_balancer_free)

/**
 * GantryAwsEcsService:
 * @arn: serviceArn
 * @name: serviceName
 * @cluster_arn: (nullable): clusterArn
 * @status: (nullable): "ACTIVE", "DRAINING", "INACTIVE"
 * @task_definition: (nullable): the task-definition ARN of the PRIMARY deployment
 * @desired_count: desiredCount
 * @running_count: runningCount
 * @pending_count: pendingCount
 * @launch_type: (nullable): launchType
 * @created_at: (nullable): createdAt
 * @has_circuit_breaker: whether deploymentConfiguration.deploymentCircuitBreaker is present
 * @circuit_breaker_enable: deploymentCircuitBreaker.enable
 * @circuit_breaker_rollback: deploymentCircuitBreaker.rollback
 * @maximum_percent: deploymentConfiguration.maximumPercent, -1 if missing
 * @minimum_healthy_percent: deploymentConfiguration.minimumHealthyPercent, -1 if missing
 * @subnets: awsvpcConfiguration.subnets, never %NULL
 * @security_groups: awsvpcConfiguration.securityGroups, never %NULL
 * @assign_public_ip: (nullable): awsvpcConfiguration.assignPublicIp
 * @deployments: (element-type GantryAwsEcsDeployment): never %NULL, in the reply's order
 *   (newest first)
 * @events: (element-type GantryAwsEcsEvent): never %NULL, newest first as ECS sends them
 * @load_balancers: (element-type GantryAwsEcsLoadBalancer): never %NULL
 */
typedef struct
{
  char      *arn;
  char      *name;
  char      *cluster_arn;
  char      *status;
  char      *task_definition;
  gint64     desired_count;
  gint64     running_count;
  gint64     pending_count;
  char      *launch_type;
  GDateTime *created_at;
  gboolean   has_circuit_breaker;
  gboolean   circuit_breaker_enable;
  gboolean   circuit_breaker_rollback;
  gint64     maximum_percent;
  gint64     minimum_healthy_percent;
  GStrv      subnets;
  GStrv      security_groups;
  char      *assign_public_ip;
  GPtrArray *deployments;
  GPtrArray *events;
  GPtrArray *load_balancers;
} GantryAwsEcsService;

GantryAwsEcsService    *gantry_aws_ecs_service_new_from_json    (JsonObject           *object,
                                                                 GError              **error);
GantryAwsEcsDeployment *gantry_aws_ecs_service_get_primary      (GantryAwsEcsService  *service);
GantryAwsEcsDeployment *gantry_aws_ecs_service_get_deployment   (GantryAwsEcsService  *service,
                                                                 const char           *id);
void                    gantry_aws_ecs_service_free             (GantryAwsEcsService  *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsService, gantry_aws_ecs_service_free)

/**
 * GantryAwsEcsContainer:
 * @name: the container name
 * @image: the image reference, e.g. "…/backend@sha256:…" or "…/backend:prod-latest"
 */
typedef struct
{
  char *name;
  char *image;
} GantryAwsEcsContainer;

void gantry_aws_ecs_container_free (GantryAwsEcsContainer *container);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsContainer, gantry_aws_ecs_container_free)

/**
 * GantryAwsEcsTaskDefinition:
 * @arn: taskDefinitionArn
 * @family: family
 * @revision: revision
 * @status: (nullable): "ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"
 * @registered_at: (nullable): registeredAt
 * @registered_by: (nullable): registeredBy, the ARN of who registered it
 * @containers: (element-type GantryAwsEcsContainer): never %NULL
 * @raw: the whole `taskDefinition` object as ECS sent it, for
 *   gantry_aws_ecs_task_definition_dup_register_input()
 */
typedef struct
{
  char       *arn;
  char       *family;
  gint64      revision;
  char       *status;
  GDateTime  *registered_at;
  char       *registered_by;
  GPtrArray  *containers;
  JsonObject *raw;
} GantryAwsEcsTaskDefinition;

GantryAwsEcsTaskDefinition *gantry_aws_ecs_task_definition_new_from_json       (JsonObject                  *object,
                                                                                GError                     **error);
GantryAwsEcsContainer      *gantry_aws_ecs_task_definition_get_container       (GantryAwsEcsTaskDefinition  *td,
                                                                                const char                  *name);
JsonObject                 *gantry_aws_ecs_task_definition_dup_register_input  (GantryAwsEcsTaskDefinition  *td,
                                                                                const char                  *container_name,
                                                                                const char                  *new_image,
                                                                                GError                     **error);
void                        gantry_aws_ecs_task_definition_free                (GantryAwsEcsTaskDefinition  *td);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcsTaskDefinition, gantry_aws_ecs_task_definition_free)

G_END_DECLS
