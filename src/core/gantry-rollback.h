/* gantry-rollback.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"
#include "gantry-journal.h"

G_BEGIN_DECLS

/**
 * GantryRollbackTarget:
 * @GANTRY_ROLLBACK_TARGET_REVISION: move a service back to an older
 *   task-definition revision of its family
 * @GANTRY_ROLLBACK_TARGET_DIGEST: move the latest tag of a repository back
 *   to an older image digest
 */
typedef enum
{
  GANTRY_ROLLBACK_TARGET_REVISION,
  GANTRY_ROLLBACK_TARGET_DIGEST,
} GantryRollbackTarget;

/**
 * GantryRollbackPlan:
 * @target: what kind of rollback
 * @cluster: (nullable): revision: the cluster
 * @service: (nullable): revision: the service
 * @from_task_definition: (nullable): revision: the ARN the service runs now
 * @to_task_definition: (nullable): revision: the ARN it will run
 * @repository: (nullable): digest: the repository; revision: the repository
 *   of the target's first ECR image, if any
 * @tag: (nullable): digest: the tag that moves, e.g. "prod-latest"
 * @from_digest: (nullable): digest: where @tag points now (%NULL if nowhere)
 * @to_digest: (nullable): digest: where it will point; revision: the
 *   target's first pinned image digest
 * @commit: (nullable): the target's commit, from its `prod-candidate-<commit>` tag
 * @already_current: nothing to do: the target is what runs or is tagged now
 *
 * What a rollback will change, for the confirmation dialog and the CLI; every
 * check that can refuse it has passed when a plan exists.
 */
typedef struct
{
  GantryRollbackTarget  target;
  char                 *cluster;
  char                 *service;
  char                 *from_task_definition;
  char                 *to_task_definition;
  char                 *repository;
  char                 *tag;
  char                 *from_digest;
  char                 *to_digest;
  char                 *commit;
  gboolean              already_current;
} GantryRollbackPlan;

#define GANTRY_TYPE_ROLLBACK_PLAN (gantry_rollback_plan_get_type ())

GType               gantry_rollback_plan_get_type (void) G_GNUC_CONST;
GantryRollbackPlan *gantry_rollback_plan_copy     (const GantryRollbackPlan *plan);
void                gantry_rollback_plan_free     (GantryRollbackPlan       *plan);
char               *gantry_rollback_plan_describe (const GantryRollbackPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryRollbackPlan, gantry_rollback_plan_free)

#define GANTRY_TYPE_ROLLBACK (gantry_rollback_get_type ())

G_DECLARE_FINAL_TYPE (GantryRollback, gantry_rollback, GANTRY, ROLLBACK, GObject)

GantryRollback     *gantry_rollback_new                    (GantryAwsClient     *client,
                                                            GantryJournal       *journal);
void                gantry_rollback_set_tag                (GantryRollback      *self,
                                                            const char          *tag);
void                gantry_rollback_set_watch              (GantryRollback      *self,
                                                            gboolean             watch,
                                                            guint                timeout_seconds);
void                gantry_rollback_set_poll_interval      (GantryRollback      *self,
                                                            guint                milliseconds);

void                gantry_rollback_plan_revision_async    (GantryRollback      *self,
                                                            const char          *cluster,
                                                            const char          *service,
                                                            const char          *revision,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                gantry_rollback_plan_digest_async      (GantryRollback      *self,
                                                            const char          *repository,
                                                            const char          *digest,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                gantry_rollback_plan_last_healthy_async (GantryRollback     *self,
                                                            const char          *cluster,
                                                            const char          *service,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GantryRollbackPlan *gantry_rollback_plan_finish            (GantryRollback      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void                gantry_rollback_execute_async          (GantryRollback      *self,
                                                            const GantryRollbackPlan *plan,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
char               *gantry_rollback_execute_finish         (GantryRollback      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
