/* gantry-history.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-client.h"
#include "gantry-environment.h"
#include "gantry-history-entry.h"
#include "gantry-journal.h"

G_BEGIN_DECLS

/**
 * GantryHistoryRecord:
 * @kind: what happened
 * @time: (nullable): when (any zone; kept as UTC)
 * @service: (nullable): the ECS service it concerns
 * @repository: (nullable): the ECR repository it concerns
 * @from: (nullable): the digest or "family:revision" it moved away from
 * @to: (nullable): the digest or "family:revision" it moved to
 * @actor: (nullable): who (an IAM ARN)
 * @outcome: (nullable): e.g. "completed", "failed", "done", "pushed"
 * @commit: (nullable): the commit, from a `prod-candidate-<commit>` tag
 * @detail: (nullable): one human-readable line
 * @healthy: for deployments: reached COMPLETED and stayed PRIMARY without a
 *   circuit-breaker rollback
 *
 * The fields of an entry, as added to a GantryHistory. The history copies
 * them into compact storage; nothing here is kept.
 */
typedef struct
{
  GantryHistoryKind  kind;
  GDateTime         *time;
  const char        *service;
  const char        *repository;
  const char        *from;
  const char        *to;
  const char        *actor;
  const char        *outcome;
  const char        *commit;
  const char        *detail;
  gboolean           healthy;
} GantryHistoryRecord;

/**
 * GantryHistorySourceState:
 * @GANTRY_HISTORY_SOURCE_READ: read; its entries are in the history
 * @GANTRY_HISTORY_SOURCE_SKIPPED: not available to this account, endpoint or
 *   identity (not implemented, access denied): skipped, the rest is complete
 * @GANTRY_HISTORY_SOURCE_FAILED: reading it failed; its entries are missing
 */
typedef enum
{
  GANTRY_HISTORY_SOURCE_READ,
  GANTRY_HISTORY_SOURCE_SKIPPED,
  GANTRY_HISTORY_SOURCE_FAILED,
} GantryHistorySourceState;

/**
 * GantryHistorySource:
 * @id: stable ID, e.g. "cloudtrail" (see the GANTRY_HISTORY_SOURCE_* names)
 * @state: read, skipped or failed
 * @reason: (nullable): why it was skipped or failed, one sentence
 * @n_entries: how many entries it contributed
 *
 * What one source of the history did in the last load.
 */
typedef struct
{
  char                     *id;
  GantryHistorySourceState  state;
  char                     *reason;
  guint                     n_entries;
} GantryHistorySource;

#define GANTRY_HISTORY_SOURCE_JOURNAL             "journal"
#define GANTRY_HISTORY_SOURCE_ECS_SERVICES        "ecs-services"
#define GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS "ecs-task-definitions"
#define GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS     "ecs-service-deployments"
#define GANTRY_HISTORY_SOURCE_ECR_IMAGES          "ecr-images"
#define GANTRY_HISTORY_SOURCE_CLOUDTRAIL          "cloudtrail"

const char *gantry_history_source_state_to_string (GantryHistorySourceState state);

/**
 * GantryHistoryFilter:
 * @service: (nullable): only entries of this service
 * @repository: (nullable): only entries of this repository
 * @outcome: (nullable): only entries with this outcome
 * @search: (nullable): only entries whose digests or commit contain this
 *   (case-insensitive)
 *
 * Which entries the model shows; every %NULL member matches all.
 */
typedef struct
{
  const char *service;
  const char *repository;
  const char *outcome;
  const char *search;
} GantryHistoryFilter;

#define GANTRY_TYPE_HISTORY (gantry_history_get_type ())

G_DECLARE_FINAL_TYPE (GantryHistory, gantry_history, GANTRY, HISTORY, GObject)

GantryHistory      *gantry_history_new                 (GantryAwsClient            *client,
                                                        GantryJournal              *journal);
void                gantry_history_set_environment     (GantryHistory              *self,
                                                        GantryEnvironment          *environment);
const char         *gantry_history_get_cluster         (GantryHistory              *self);
void                gantry_history_set_cluster         (GantryHistory              *self,
                                                        const char                 *cluster);
void                gantry_history_set_services        (GantryHistory              *self,
                                                        const char * const         *services);
void                gantry_history_set_repositories    (GantryHistory              *self,
                                                        const char * const         *repositories);
void                gantry_history_set_use_cloudtrail  (GantryHistory              *self,
                                                        gboolean                    use_cloudtrail);

void                gantry_history_load_async          (GantryHistory              *self,
                                                        GCancellable               *cancellable,
                                                        GAsyncReadyCallback         callback,
                                                        gpointer                    user_data);
gboolean            gantry_history_load_finish         (GantryHistory              *self,
                                                        GAsyncResult               *result,
                                                        GError                    **error);
gboolean            gantry_history_get_loading         (GantryHistory              *self);
GPtrArray          *gantry_history_get_sources         (GantryHistory              *self);

void                gantry_history_add_records         (GantryHistory              *self,
                                                        const GantryHistoryRecord  *records,
                                                        guint                       n_records);
void                gantry_history_clear               (GantryHistory              *self);
guint               gantry_history_get_n_total         (GantryHistory              *self);

void                gantry_history_set_filter          (GantryHistory              *self,
                                                        const GantryHistoryFilter  *filter);

GantryHistoryEntry *gantry_history_dup_last_healthy    (GantryHistory              *self,
                                                        const char                 *service);
guint               gantry_history_get_n_materialized  (GantryHistory              *self);

JsonNode           *gantry_history_to_json             (GantryHistory              *self,
                                                        guint                       limit);
char               *gantry_history_to_csv              (GantryHistory              *self,
                                                        guint                       limit);

G_END_DECLS
