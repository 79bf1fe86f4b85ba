/* gantry-aws-ecs.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"
#include "gantry-aws-ecs-types.h"

G_BEGIN_DECLS

/* AWS error codes callers branch on (with gantry_aws_error_has_aws_code()). */
#define GANTRY_AWS_ECS_ERROR_CLUSTER_NOT_FOUND "ClusterNotFoundException"
#define GANTRY_AWS_ECS_ERROR_SERVICE_NOT_FOUND "ServiceNotFoundException"
#define GANTRY_AWS_ECS_ERROR_CLIENT            "ClientException"
#define GANTRY_AWS_ECS_ERROR_INVALID_PARAMETER "InvalidParameterException"
/* DescribeClusters/DescribeServices failure reason for a name that is not there. */
#define GANTRY_AWS_ECS_FAILURE_MISSING         "MISSING"

#define GANTRY_TYPE_AWS_ECS (gantry_aws_ecs_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsEcs, gantry_aws_ecs, GANTRY, AWS_ECS, GObject)

GantryAwsEcs               *gantry_aws_ecs_new                             (GantryAwsClient      *client);
GantryAwsClient            *gantry_aws_ecs_get_client                      (GantryAwsEcs         *self);

void                        gantry_aws_ecs_list_clusters_async             (GantryAwsEcs         *self,
                                                                            guint                 page_size,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GStrv                       gantry_aws_ecs_list_clusters_finish            (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_describe_clusters_async         (GantryAwsEcs         *self,
                                                                            const char * const   *clusters,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GPtrArray                  *gantry_aws_ecs_describe_clusters_finish        (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_list_services_async             (GantryAwsEcs         *self,
                                                                            const char           *cluster,
                                                                            guint                 page_size,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GStrv                       gantry_aws_ecs_list_services_finish            (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_describe_services_async         (GantryAwsEcs         *self,
                                                                            const char           *cluster,
                                                                            const char * const   *services,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GPtrArray                  *gantry_aws_ecs_describe_services_finish        (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_describe_task_definition_async  (GantryAwsEcs         *self,
                                                                            const char           *task_definition,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GantryAwsEcsTaskDefinition *gantry_aws_ecs_describe_task_definition_finish (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_list_task_definitions_async     (GantryAwsEcs         *self,
                                                                            const char           *family_prefix,
                                                                            guint                 page_size,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GStrv                       gantry_aws_ecs_list_task_definitions_finish    (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_register_task_definition_async  (GantryAwsEcs         *self,
                                                                            JsonObject           *input,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GantryAwsEcsTaskDefinition *gantry_aws_ecs_register_task_definition_finish (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_update_service_async            (GantryAwsEcs         *self,
                                                                            const char           *cluster,
                                                                            const char           *service,
                                                                            const char           *task_definition,
                                                                            gboolean              force_new_deployment,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GantryAwsEcsService        *gantry_aws_ecs_update_service_finish           (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

void                        gantry_aws_ecs_update_cluster_settings_async   (GantryAwsEcs         *self,
                                                                            const char           *cluster,
                                                                            const char           *container_insights,
                                                                            GCancellable         *cancellable,
                                                                            GAsyncReadyCallback   callback,
                                                                            gpointer              user_data);
GantryAwsEcsCluster        *gantry_aws_ecs_update_cluster_settings_finish  (GantryAwsEcs         *self,
                                                                            GAsyncResult         *result,
                                                                            GError              **error);

G_END_DECLS
