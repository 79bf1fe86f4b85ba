/* gantry-audit.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gantry-check.h"
#include "gantry-environment.h"
#include "gantry-snapshot.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AUDIT (gantry_audit_get_type ())

G_DECLARE_FINAL_TYPE (GantryAudit, gantry_audit, GANTRY, AUDIT, GObject)

GantryAudit       *gantry_audit_new            (GantryAwsClient     *client,
                                                GantryEnvironment   *environment);
void               gantry_audit_set_only       (GantryAudit         *self,
                                                const char * const  *check_ids);
GantryEnvironment *gantry_audit_get_environment (GantryAudit        *self);
GPtrArray         *gantry_audit_get_checks     (GantryAudit         *self);
GantryCheck       *gantry_audit_find_check     (GantryAudit         *self,
                                                const char          *check_id);
GListModel        *gantry_audit_get_results    (GantryAudit         *self);
GantryCheckResult *gantry_audit_lookup_result  (GantryAudit         *self,
                                                const char          *check_id);
GantrySnapshot    *gantry_audit_get_snapshot   (GantryAudit         *self);
GantryCheckResult *gantry_audit_reevaluate     (GantryAudit         *self,
                                                const char          *check_id);
gboolean           gantry_audit_get_running    (GantryAudit         *self);
guint              gantry_audit_count          (GantryAudit         *self,
                                                GantryCheckStatus    status);

void               gantry_audit_run_async      (GantryAudit         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean           gantry_audit_run_finish     (GantryAudit         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void               gantry_audit_fix_async      (GantryAudit         *self,
                                                const char          *check_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GantryCheckResult *gantry_audit_fix_finish     (GantryAudit         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

JsonNode          *gantry_audit_to_json        (GantryAudit         *self,
                                                GDateTime           *generated_at);
char              *gantry_audit_to_markdown    (GantryAudit         *self,
                                                GDateTime           *generated_at);

G_END_DECLS
