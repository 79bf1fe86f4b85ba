/* gantry-history-entry.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * GantryHistoryKind:
 * @GANTRY_HISTORY_KIND_DEPLOYMENT: an ECS service deployment
 * @GANTRY_HISTORY_KIND_REVISION: a task-definition revision was registered
 * @GANTRY_HISTORY_KIND_IMAGE: an image was pushed to ECR
 * @GANTRY_HISTORY_KIND_PROMOTION: Gantry promoted a digest (journal)
 * @GANTRY_HISTORY_KIND_ROLLBACK: Gantry rolled back (journal)
 * @GANTRY_HISTORY_KIND_CLOUDTRAIL: a PutImage or UpdateService call CloudTrail recorded
 * @GANTRY_HISTORY_KIND_EVENT: an ECS service event
 *
 * Append new kinds at the end: the names are part of `gantryctl history`'s output.
 */
typedef enum
{
  GANTRY_HISTORY_KIND_DEPLOYMENT,
  GANTRY_HISTORY_KIND_REVISION,
  GANTRY_HISTORY_KIND_IMAGE,
  GANTRY_HISTORY_KIND_PROMOTION,
  GANTRY_HISTORY_KIND_ROLLBACK,
  GANTRY_HISTORY_KIND_CLOUDTRAIL,
  GANTRY_HISTORY_KIND_EVENT,
} GantryHistoryKind;

#define GANTRY_HISTORY_N_KINDS (GANTRY_HISTORY_KIND_EVENT + 1)

#define GANTRY_TYPE_HISTORY_KIND (gantry_history_kind_get_type ())

GType       gantry_history_kind_get_type    (void) G_GNUC_CONST;
const char *gantry_history_kind_to_string   (GantryHistoryKind  kind);
gboolean    gantry_history_kind_from_string (const char        *name,
                                             GantryHistoryKind *out_kind);

#define GANTRY_TYPE_HISTORY_ENTRY (gantry_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (GantryHistoryEntry, gantry_history_entry, GANTRY, HISTORY_ENTRY, GObject)

GantryHistoryKind  gantry_history_entry_get_kind            (GantryHistoryEntry *self);
GDateTime         *gantry_history_entry_get_time            (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_service         (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_repository      (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_from            (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_to              (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_actor           (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_outcome         (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_commit          (GantryHistoryEntry *self);
const char        *gantry_history_entry_get_detail          (GantryHistoryEntry *self);
gboolean           gantry_history_entry_get_is_last_healthy (GantryHistoryEntry *self);
gboolean           gantry_history_entry_get_is_healthy      (GantryHistoryEntry *self);
gboolean           gantry_history_entry_can_roll_back_to    (GantryHistoryEntry *self);
JsonNode          *gantry_history_entry_to_json             (GantryHistoryEntry *self);

G_END_DECLS
