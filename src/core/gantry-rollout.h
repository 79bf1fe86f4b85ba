/* gantry-rollout.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-ecs.h"

G_BEGIN_DECLS

/**
 * GantryRolloutState:
 * @GANTRY_ROLLOUT_STATE_IDLE: nothing done yet
 * @GANTRY_ROLLOUT_STATE_PREPARED: the service and its task definition were read and checked
 * @GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED: the service already runs the pinned image
 * @GANTRY_ROLLOUT_STATE_REGISTERING: registering the new task-definition revision
 * @GANTRY_ROLLOUT_STATE_UPDATING: UpdateService is on its way
 * @GANTRY_ROLLOUT_STATE_IN_PROGRESS: the new deployment is rolling out
 * @GANTRY_ROLLOUT_STATE_COMPLETED: the deployment completed and is still PRIMARY
 * @GANTRY_ROLLOUT_STATE_FAILED: it failed, was rolled back, replaced or disappeared
 * @GANTRY_ROLLOUT_STATE_NOT_WATCHED: UpdateService was accepted; the rollout
 *   was not (or no longer) watched: cancelled, or past the deadline
 */
typedef enum
{
  GANTRY_ROLLOUT_STATE_IDLE,
  GANTRY_ROLLOUT_STATE_PREPARED,
  GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED,
  GANTRY_ROLLOUT_STATE_REGISTERING,
  GANTRY_ROLLOUT_STATE_UPDATING,
  GANTRY_ROLLOUT_STATE_IN_PROGRESS,
  GANTRY_ROLLOUT_STATE_COMPLETED,
  GANTRY_ROLLOUT_STATE_FAILED,
  GANTRY_ROLLOUT_STATE_NOT_WATCHED,
} GantryRolloutState;

#define GANTRY_TYPE_ROLLOUT_STATE (gantry_rollout_state_get_type ())
GType       gantry_rollout_state_get_type  (void) G_GNUC_CONST;
const char *gantry_rollout_state_to_string (GantryRolloutState state);

#define GANTRY_TYPE_ROLLOUT (gantry_rollout_get_type ())

G_DECLARE_FINAL_TYPE (GantryRollout, gantry_rollout, GANTRY, ROLLOUT, GObject)

GantryRollout              *gantry_rollout_new                      (GantryAwsEcs        *ecs,
                                                                     const char          *cluster,
                                                                     const char          *service);
const char                 *gantry_rollout_get_cluster              (GantryRollout       *self);
const char                 *gantry_rollout_get_service              (GantryRollout       *self);
GantryRolloutState          gantry_rollout_get_state                (GantryRollout       *self);
GantryAwsEcsRolloutState    gantry_rollout_get_rollout_state        (GantryRollout       *self);
const char                 *gantry_rollout_get_deployment_id        (GantryRollout       *self);
const char                 *gantry_rollout_get_previous_task_definition (GantryRollout   *self);
const char                 *gantry_rollout_get_task_definition      (GantryRollout       *self);
const char                 *gantry_rollout_get_container            (GantryRollout       *self);
const char                 *gantry_rollout_get_image                (GantryRollout       *self);
const char                 *gantry_rollout_get_failure_reason       (GantryRollout       *self);
gint64                      gantry_rollout_get_running_count        (GantryRollout       *self);
gint64                      gantry_rollout_get_desired_count        (GantryRollout       *self);
gint64                      gantry_rollout_get_pending_count        (GantryRollout       *self);
GPtrArray                  *gantry_rollout_get_events               (GantryRollout       *self);

guint                       gantry_rollout_get_poll_interval        (GantryRollout       *self);
void                        gantry_rollout_set_poll_interval        (GantryRollout       *self,
                                                                     guint                msec);
guint                       gantry_rollout_get_max_poll_interval    (GantryRollout       *self);
void                        gantry_rollout_set_max_poll_interval    (GantryRollout       *self,
                                                                     guint                msec);
guint                       gantry_rollout_get_deadline             (GantryRollout       *self);
void                        gantry_rollout_set_deadline             (GantryRollout       *self,
                                                                     guint                seconds);

void                        gantry_rollout_prepare_async            (GantryRollout       *self,
                                                                     const char          *repository_uri,
                                                                     const char          *image,
                                                                     const char          *task_definition,
                                                                     gboolean             check_family,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
gboolean                    gantry_rollout_prepare_finish           (GantryRollout       *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);
void                        gantry_rollout_deploy_async             (GantryRollout       *self,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
gboolean                    gantry_rollout_deploy_finish            (GantryRollout       *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);
void                        gantry_rollout_update_async             (GantryRollout       *self,
                                                                     const char          *task_definition,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
gboolean                    gantry_rollout_update_finish            (GantryRollout       *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);
void                        gantry_rollout_watch_async              (GantryRollout       *self,
                                                                     const char          *deployment_id,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
gboolean                    gantry_rollout_watch_finish             (GantryRollout       *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);

char                       *gantry_rollout_image_repository         (const char          *image);

G_END_DECLS
