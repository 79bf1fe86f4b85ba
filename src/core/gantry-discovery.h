/* gantry-discovery.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"
#include "core/gantry-environment.h"
#include "core/gantry-snapshot.h"

G_BEGIN_DECLS

/* The fields discovery fills, named like gantryctl's options. */
#define GANTRY_DISCOVERY_FIELD_VPC_ID        "vpc-id"
#define GANTRY_DISCOVERY_FIELD_CLUSTER       "cluster"
#define GANTRY_DISCOVERY_FIELD_DB_CLUSTER    "db-cluster"
#define GANTRY_DISCOVERY_FIELD_LOAD_BALANCER "load-balancer"
#define GANTRY_DISCOVERY_FIELD_REPOSITORIES  "repositories"

/**
 * GantryDiscoveryOutcome:
 * @GANTRY_DISCOVERY_OUTCOME_FILLED: exactly one candidate; the field was filled
 * @GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS: several candidates; the field stays empty
 * @GANTRY_DISCOVERY_OUTCOME_NOT_FOUND: no candidate; the field stays empty
 * @GANTRY_DISCOVERY_OUTCOME_FAILED: the AWS call failed (e.g. access denied)
 */
typedef enum
{
  GANTRY_DISCOVERY_OUTCOME_FILLED,
  GANTRY_DISCOVERY_OUTCOME_AMBIGUOUS,
  GANTRY_DISCOVERY_OUTCOME_NOT_FOUND,
  GANTRY_DISCOVERY_OUTCOME_FAILED,
} GantryDiscoveryOutcome;

/**
 * GantryDiscoveryItem:
 * @field: one of the `GANTRY_DISCOVERY_FIELD_*` names
 * @outcome: what became of the field
 * @value: (nullable): what was filled in (repositories joined with ", ")
 * @candidates: the candidates found, never %NULL (empty when none)
 * @message: one translated sentence for the user, e.g.
 *   "2 non-default VPCs: vpc-a, vpc-b"
 */
typedef struct
{
  char                   *field;
  GantryDiscoveryOutcome  outcome;
  char                   *value;
  GStrv                   candidates;
  char                   *message;
} GantryDiscoveryItem;

#define GANTRY_TYPE_DISCOVERY_ITEM (gantry_discovery_item_get_type ())

GType                gantry_discovery_item_get_type (void) G_GNUC_CONST;
GantryDiscoveryItem *gantry_discovery_item_copy     (const GantryDiscoveryItem *item);
void                 gantry_discovery_item_free     (GantryDiscoveryItem       *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryDiscoveryItem, gantry_discovery_item_free)

void                 gantry_discovery_run_async     (GantryAwsClient           *client,
                                                     GantryEnvironment         *environment,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
GPtrArray           *gantry_discovery_run_finish    (GAsyncResult              *result,
                                                     GError                   **error);

const GantryDiscoveryItem *gantry_discovery_find_item (GPtrArray               *items,
                                                       const char              *field);

GPtrArray           *gantry_discovery_fill_from_snapshot (GantrySnapshot      *snapshot,
                                                          GantryEnvironment   *environment);

G_END_DECLS
