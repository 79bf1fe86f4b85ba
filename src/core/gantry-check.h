/* gantry-check.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gantry-environment.h"
#include "gantry-snapshot.h"

G_BEGIN_DECLS

/**
 * GantryCheckStatus:
 * @GANTRY_CHECK_STATUS_PASS: the account does what the runbook asks
 * @GANTRY_CHECK_STATUS_FAIL: it does not
 * @GANTRY_CHECK_STATUS_WARN: it does not, but the runbook treats it as advice
 * @GANTRY_CHECK_STATUS_NOT_APPLICABLE: the resource the check is about does not exist
 * @GANTRY_CHECK_STATUS_ERROR: the check could not be evaluated (e.g. access denied)
 */
typedef enum
{
  GANTRY_CHECK_STATUS_PASS,
  GANTRY_CHECK_STATUS_FAIL,
  GANTRY_CHECK_STATUS_WARN,
  GANTRY_CHECK_STATUS_NOT_APPLICABLE,
  GANTRY_CHECK_STATUS_ERROR,
} GantryCheckStatus;

typedef enum
{
  GANTRY_CHECK_SEVERITY_CRITICAL,
  GANTRY_CHECK_SEVERITY_HIGH,
  GANTRY_CHECK_SEVERITY_MEDIUM,
  GANTRY_CHECK_SEVERITY_LOW,
} GantryCheckSeverity;

const char *gantry_check_status_to_string   (GantryCheckStatus   status);
const char *gantry_check_severity_to_string (GantryCheckSeverity severity);
const char *gantry_check_group_get_title    (const char         *group);

/**
 * GantryFixCall:
 * @service: the AWS service, e.g. "ec2"
 * @action: the API action, e.g. "CreateNetworkAclEntry"
 * @parameters: the parameters as the user should read them before agreeing
 *
 * One AWS call a fix will make, shown before it runs.
 */
typedef struct
{
  char *service;
  char *action;
  char *parameters;
} GantryFixCall;

#define GANTRY_TYPE_FIX_CALL (gantry_fix_call_get_type ())

GType          gantry_fix_call_get_type  (void) G_GNUC_CONST;
GantryFixCall *gantry_fix_call_new       (const char          *service,
                                          const char          *action,
                                          const char          *parameters);
GantryFixCall *gantry_fix_call_copy      (const GantryFixCall *call);
void           gantry_fix_call_free      (GantryFixCall       *call);
char          *gantry_fix_call_to_string (const GantryFixCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryFixCall, gantry_fix_call_free)

#define GANTRY_TYPE_CHECK_RESULT (gantry_check_result_get_type ())

G_DECLARE_FINAL_TYPE (GantryCheckResult, gantry_check_result, GANTRY, CHECK_RESULT, GObject)

typedef struct _GantryCheck GantryCheck;

GantryCheckResult  *gantry_check_result_new                (GantryCheckStatus  status,
                                                            const char        *detail);
GantryCheckResult  *gantry_check_result_new_printf         (GantryCheckStatus  status,
                                                            const char        *format,
                                                            ...) G_GNUC_PRINTF (2, 3);
void                gantry_check_result_add_resource       (GantryCheckResult *self,
                                                            const char        *resource);
GantryCheck        *gantry_check_result_get_check          (GantryCheckResult *self);
const char         *gantry_check_result_get_check_id       (GantryCheckResult *self);
GantryCheckStatus   gantry_check_result_get_status         (GantryCheckResult *self);
const char         *gantry_check_result_get_detail         (GantryCheckResult *self);
const char * const *gantry_check_result_get_resources      (GantryCheckResult *self);
gboolean            gantry_check_result_get_fix_available  (GantryCheckResult *self);
GPtrArray          *gantry_check_result_get_fix_calls      (GantryCheckResult *self);
gboolean            gantry_check_result_get_waived         (GantryCheckResult *self);
const char         *gantry_check_result_get_waiver_reason  (GantryCheckResult *self);

#define GANTRY_TYPE_CHECK (gantry_check_get_type ())

G_DECLARE_DERIVABLE_TYPE (GantryCheck, gantry_check, GANTRY, CHECK, GObject)

/**
 * GantryCheckClass:
 * @evaluate: judges the snapshot; pure, no I/O. Only called when every
 *   source the check needs was read without error.
 * @describe_fix: (nullable): the AWS calls a fix would make for this
 *   snapshot, as a #GPtrArray of #GantryFixCall; empty when nothing to do
 * @apply_fix_async: (nullable): makes those calls
 * @apply_fix_finish: (nullable): completes @apply_fix_async
 */
struct _GantryCheckClass
{
  GObjectClass parent_class;

  GantryCheckResult *(*evaluate)         (GantryCheck         *self,
                                          GantrySnapshot      *snapshot,
                                          GantryEnvironment   *environment);
  GPtrArray         *(*describe_fix)     (GantryCheck         *self,
                                          GantrySnapshot      *snapshot,
                                          GantryEnvironment   *environment);
  void               (*apply_fix_async)  (GantryCheck         *self,
                                          GantrySnapshot      *snapshot,
                                          GantryEnvironment   *environment,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
  gboolean           (*apply_fix_finish) (GantryCheck         *self,
                                          GAsyncResult        *result,
                                          GError             **error);

  gpointer padding[8];
};

const char          *gantry_check_get_id           (GantryCheck         *self);
const char          *gantry_check_get_group        (GantryCheck         *self);
const char          *gantry_check_get_title        (GantryCheck         *self);
const char          *gantry_check_get_why          (GantryCheck         *self);
GantryCheckSeverity  gantry_check_get_severity     (GantryCheck         *self);
guint64              gantry_check_get_needs        (GantryCheck         *self);
gboolean             gantry_check_get_has_fix      (GantryCheck         *self);

GantryCheckResult   *gantry_check_evaluate         (GantryCheck         *self,
                                                    GantrySnapshot      *snapshot,
                                                    GantryEnvironment   *environment);
GPtrArray           *gantry_check_describe_fix     (GantryCheck         *self,
                                                    GantrySnapshot      *snapshot,
                                                    GantryEnvironment   *environment);
void                 gantry_check_apply_fix_async  (GantryCheck         *self,
                                                    GantrySnapshot      *snapshot,
                                                    GantryEnvironment   *environment,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean             gantry_check_apply_fix_finish (GantryCheck         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/**
 * GantryCheckInfo:
 * @id: the stable ID, a contract (e.g. "nacl.block-admin-ports")
 * @group: "network", "security-groups", "database", "load-balancer", "ecs", "ecr" or "operations"
 * @title: (translatable): short title
 * @severity: how bad a failure is
 * @why: (translatable): the runbook's reason, one sentence
 * @needs: the snapshot sources read, as GANTRY_SNAPSHOT_NEEDS() bits
 * @evaluate: see #GantryCheckClass
 * @describe_fix: (nullable): see #GantryCheckClass
 * @apply_fix: (nullable): makes the fix's calls and completes @task with a boolean
 *
 * A check described by a static table row, so that thirty checks do not
 * need thirty GObject subclasses.
 */
typedef struct
{
  const char          *id;
  const char          *group;
  const char          *title;
  GantryCheckSeverity  severity;
  const char          *why;
  guint64              needs;
  GantryCheckResult *(*evaluate)     (GantryCheck       *check,
                                      GantrySnapshot    *snapshot,
                                      GantryEnvironment *environment);
  GPtrArray         *(*describe_fix) (GantryCheck       *check,
                                      GantrySnapshot    *snapshot,
                                      GantryEnvironment *environment);
  void               (*apply_fix)    (GantryCheck       *check,
                                      GantrySnapshot    *snapshot,
                                      GantryEnvironment *environment,
                                      GTask             *task);
} GantryCheckInfo;

#define GANTRY_TYPE_TABLE_CHECK (gantry_table_check_get_type ())

G_DECLARE_FINAL_TYPE (GantryTableCheck, gantry_table_check, GANTRY, TABLE_CHECK, GantryCheck)

GantryCheck *gantry_table_check_new (const GantryCheckInfo *info);

GPtrArray   *gantry_checks_new_all  (void);

G_END_DECLS
