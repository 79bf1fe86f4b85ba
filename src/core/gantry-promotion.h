/* gantry-promotion.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"
#include "gantry-environment.h"
#include "gantry-journal.h"
#include "gantry-repository-state.h"
#include "gantry-rollout.h"

G_BEGIN_DECLS

/**
 * GantryPromotionKind:
 * @GANTRY_PROMOTION_KIND_PROMOTION: move the latest tag to the candidate
 * @GANTRY_PROMOTION_KIND_ROLLBACK: move the latest tag back to an older digest
 */
typedef enum
{
  GANTRY_PROMOTION_KIND_PROMOTION,
  GANTRY_PROMOTION_KIND_ROLLBACK,
} GantryPromotionKind;

/**
 * GantryPromotionStep:
 * @GANTRY_PROMOTION_STEP_IDLE: not started
 * @GANTRY_PROMOTION_STEP_READING: reading the images (BatchGetImage, DescribeImages)
 * @GANTRY_PROMOTION_STEP_CHECKING: applying the guard rails, reading the services
 * @GANTRY_PROMOTION_STEP_WRITING: writing the tag (re-reading the candidate first when
 *   anything ran between the read and the write)
 * @GANTRY_PROMOTION_STEP_VERIFYING: checking that the tag landed on the digest
 * @GANTRY_PROMOTION_STEP_ROLLING_OUT: rolling the services and watching them
 * @GANTRY_PROMOTION_STEP_DONE: finished, whatever the outcome
 */
typedef enum
{
  GANTRY_PROMOTION_STEP_IDLE,
  GANTRY_PROMOTION_STEP_READING,
  GANTRY_PROMOTION_STEP_CHECKING,
  GANTRY_PROMOTION_STEP_WRITING,
  GANTRY_PROMOTION_STEP_VERIFYING,
  GANTRY_PROMOTION_STEP_ROLLING_OUT,
  GANTRY_PROMOTION_STEP_DONE,
} GantryPromotionStep;

/**
 * GantryPromotionOutcome:
 * @GANTRY_PROMOTION_OUTCOME_NONE: not finished
 * @GANTRY_PROMOTION_OUTCOME_PROMOTED: the tag moved (and the services rolled, if asked)
 * @GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED: the tag already named the digest: nothing written
 * @GANTRY_PROMOTION_OUTCOME_REFUSED: a rule stopped it before anything was written
 * @GANTRY_PROMOTION_OUTCOME_FAILED: AWS or the network failed it
 */
typedef enum
{
  GANTRY_PROMOTION_OUTCOME_NONE,
  GANTRY_PROMOTION_OUTCOME_PROMOTED,
  GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED,
  GANTRY_PROMOTION_OUTCOME_REFUSED,
  GANTRY_PROMOTION_OUTCOME_FAILED,
} GantryPromotionOutcome;

/**
 * GantryPromotionRule:
 * @GANTRY_PROMOTION_RULE_NONE: no rule refused it
 * @GANTRY_PROMOTION_RULE_DIGEST_CHANGED: the candidate is not the approved digest
 *   (stale approval, or a new candidate was pushed between the read and the write)
 * @GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS: the scan found CRITICAL vulnerabilities
 * @GANTRY_PROMOTION_RULE_TASK_FAMILY: a service would get another service's task or image
 * @GANTRY_PROMOTION_RULE_BUSY: another promotion of the repository is running
 * @GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE: ECR does not let the tag move
 *
 * Which guard rail refused a promotion, for scripts and the UI.
 */
typedef enum
{
  GANTRY_PROMOTION_RULE_NONE,
  GANTRY_PROMOTION_RULE_DIGEST_CHANGED,
  GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS,
  GANTRY_PROMOTION_RULE_TASK_FAMILY,
  GANTRY_PROMOTION_RULE_BUSY,
  GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE,
} GantryPromotionRule;

#define GANTRY_TYPE_PROMOTION_STEP    (gantry_promotion_step_get_type ())
#define GANTRY_TYPE_PROMOTION_OUTCOME (gantry_promotion_outcome_get_type ())
#define GANTRY_TYPE_PROMOTION_RULE    (gantry_promotion_rule_get_type ())
GType       gantry_promotion_step_get_type      (void) G_GNUC_CONST;
GType       gantry_promotion_outcome_get_type   (void) G_GNUC_CONST;
GType       gantry_promotion_rule_get_type      (void) G_GNUC_CONST;
const char *gantry_promotion_step_to_string     (GantryPromotionStep    step);
const char *gantry_promotion_outcome_to_string  (GantryPromotionOutcome outcome);
const char *gantry_promotion_rule_to_string     (GantryPromotionRule    rule);

/**
 * GantryPromotionRequest:
 * @kind: promotion or rollback
 * @repository: the repository name
 * @approved_digest: (nullable): the digest the user approved; %NULL takes the
 *   candidate as read (scripts that did not look first); required for a rollback
 * @from_tag: (nullable): the candidate tag; %NULL for the environment's
 * @to_tag: (nullable): the tag to move; %NULL for the environment's
 * @cluster: (nullable): the cluster of @services; %NULL for the environment's
 * @services: (nullable): services to roll onto the image pinned by digest
 * @task_definition: (nullable): the task definition (family) to base the new
 *   revisions on; %NULL for each service's own
 * @watch: follow the rollouts until ECS gives a verdict (else return once
 *   UpdateService accepted them)
 * @watch_deadline: seconds to follow each rollout, 0 for no limit
 */
typedef struct
{
  GantryPromotionKind  kind;
  char                *repository;
  char                *approved_digest;
  char                *from_tag;
  char                *to_tag;
  char                *cluster;
  GStrv                services;
  char                *task_definition;
  gboolean             watch;
  guint                watch_deadline;
} GantryPromotionRequest;

#define GANTRY_TYPE_PROMOTION_REQUEST (gantry_promotion_request_get_type ())
GType                   gantry_promotion_request_get_type (void) G_GNUC_CONST;
GantryPromotionRequest *gantry_promotion_request_new      (const char                   *repository);
GantryPromotionRequest *gantry_promotion_request_copy     (const GantryPromotionRequest *request);
void                    gantry_promotion_request_free     (GantryPromotionRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryPromotionRequest, gantry_promotion_request_free)

/**
 * GantryPromotionResult:
 * @outcome: PROMOTED or ALREADY_PROMOTED (refusals and failures are errors)
 * @repository: the repository
 * @tag: the tag that moved
 * @from_digest: (nullable): what the tag named before; the rollback target
 * @to_digest: the digest it names now
 * @media_type: (nullable): the manifest media type
 * @commit: (nullable): the commit from the `<candidate>-<commit>` tag
 * @journal_id: (nullable): the journal entry, %NULL when nothing was written
 * @rollouts: (element-type GantryRollout): one per requested service, never %NULL
 * @rollout_error: (nullable): why a rollout failed or was not confirmed; the
 *   image promotion itself succeeded
 */
typedef struct
{
  GantryPromotionOutcome  outcome;
  char                   *repository;
  char                   *tag;
  char                   *from_digest;
  char                   *to_digest;
  char                   *media_type;
  char                   *commit;
  char                   *journal_id;
  GPtrArray              *rollouts;
  GError                 *rollout_error;
} GantryPromotionResult;

#define GANTRY_TYPE_PROMOTION_RESULT (gantry_promotion_result_get_type ())
GType                  gantry_promotion_result_get_type (void) G_GNUC_CONST;
GantryPromotionResult *gantry_promotion_result_ref      (GantryPromotionResult *result);
void                   gantry_promotion_result_unref    (GantryPromotionResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryPromotionResult, gantry_promotion_result_unref)

#define GANTRY_TYPE_PROMOTION (gantry_promotion_get_type ())

G_DECLARE_FINAL_TYPE (GantryPromotion, gantry_promotion, GANTRY, PROMOTION, GObject)

GantryPromotion        *gantry_promotion_new                  (GantryAwsClient         *client,
                                                               GantryEnvironment       *environment,
                                                               GantryJournal           *journal);
GantryAwsClient        *gantry_promotion_get_client           (GantryPromotion         *self);
GantryEnvironment      *gantry_promotion_get_environment      (GantryPromotion         *self);
GantryJournal          *gantry_promotion_get_journal          (GantryPromotion         *self);
GListModel             *gantry_promotion_get_repositories     (GantryPromotion         *self);
GantryPromotionStep     gantry_promotion_get_step             (GantryPromotion         *self);
gboolean                gantry_promotion_get_cancellable_now  (GantryPromotion         *self);
gboolean                gantry_promotion_get_busy             (GantryPromotion         *self);
GantryPromotionOutcome  gantry_promotion_get_outcome          (GantryPromotion         *self);
GantryPromotionRule     gantry_promotion_get_refused_rule     (GantryPromotion         *self);
GListModel             *gantry_promotion_get_rollouts         (GantryPromotion         *self);
guint                   gantry_promotion_get_poll_interval    (GantryPromotion         *self);
void                    gantry_promotion_set_poll_interval    (GantryPromotion         *self,
                                                               guint                    msec);
const char             *gantry_promotion_get_identity_arn     (GantryPromotion         *self);
void                    gantry_promotion_set_identity         (GantryPromotion         *self,
                                                               const char              *arn,
                                                               const char              *account);

void                    gantry_promotion_inspect_async        (GantryPromotion         *self,
                                                               const char * const      *repositories,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
GListModel             *gantry_promotion_inspect_finish       (GantryPromotion         *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);

void                    gantry_promotion_promote_async        (GantryPromotion         *self,
                                                               const GantryPromotionRequest *request,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
GantryPromotionResult  *gantry_promotion_promote_finish       (GantryPromotion         *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);

void                    gantry_promotion_reconcile_async      (GantryPromotion         *self,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
guint                   gantry_promotion_reconcile_finish     (GantryPromotion         *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);

G_END_DECLS
