/* gantry-environment.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_ENVIRONMENT_DEFAULT_BACKUP_REGION "us-west-2"
#define GANTRY_ENVIRONMENT_DEFAULT_CANDIDATE_TAG "prod-candidate"
#define GANTRY_ENVIRONMENT_DEFAULT_LATEST_TAG    "prod-latest"
/* The task families a service may run, "{service}" standing for its name;
 * used when TaskFamilyPattern is not set. */
#define GANTRY_ENVIRONMENT_DEFAULT_TASK_FAMILY_PATTERN "{service}-task,{service}"

#define GANTRY_TYPE_ENVIRONMENT (gantry_environment_get_type ())

G_DECLARE_FINAL_TYPE (GantryEnvironment, gantry_environment, GANTRY, ENVIRONMENT, GObject)

GantryEnvironment  *gantry_environment_new                    (const char         *name);
gboolean            gantry_environment_name_is_valid          (const char         *name);
char               *gantry_environment_dup_directory          (void);

const char         *gantry_environment_get_name               (GantryEnvironment  *self);
const char         *gantry_environment_get_profile            (GantryEnvironment  *self);
void                gantry_environment_set_profile            (GantryEnvironment  *self,
                                                               const char         *profile);
const char         *gantry_environment_get_region             (GantryEnvironment  *self);
void                gantry_environment_set_region             (GantryEnvironment  *self,
                                                               const char         *region);
const char         *gantry_environment_get_vpc_id             (GantryEnvironment  *self);
void                gantry_environment_set_vpc_id             (GantryEnvironment  *self,
                                                               const char         *vpc_id);
const char         *gantry_environment_get_cluster            (GantryEnvironment  *self);
void                gantry_environment_set_cluster            (GantryEnvironment  *self,
                                                               const char         *cluster);
const char         *gantry_environment_get_db_cluster         (GantryEnvironment  *self);
void                gantry_environment_set_db_cluster         (GantryEnvironment  *self,
                                                               const char         *db_cluster);
const char         *gantry_environment_get_load_balancer      (GantryEnvironment  *self);
void                gantry_environment_set_load_balancer      (GantryEnvironment  *self,
                                                               const char         *load_balancer);
const char * const *gantry_environment_get_repositories       (GantryEnvironment  *self);
void                gantry_environment_set_repositories       (GantryEnvironment  *self,
                                                               const char * const *repositories);
const char * const *gantry_environment_get_dev_accounts       (GantryEnvironment  *self);
void                gantry_environment_set_dev_accounts       (GantryEnvironment  *self,
                                                               const char * const *dev_accounts);
const char         *gantry_environment_get_backup_region      (GantryEnvironment  *self);
void                gantry_environment_set_backup_region      (GantryEnvironment  *self,
                                                               const char         *backup_region);
const char         *gantry_environment_get_candidate_tag      (GantryEnvironment  *self);
void                gantry_environment_set_candidate_tag      (GantryEnvironment  *self,
                                                               const char         *tag);
const char         *gantry_environment_get_latest_tag         (GantryEnvironment  *self);
void                gantry_environment_set_latest_tag         (GantryEnvironment  *self,
                                                               const char         *tag);
const char         *gantry_environment_get_task_family_pattern (GantryEnvironment *self);
void                gantry_environment_set_task_family_pattern (GantryEnvironment *self,
                                                                const char        *pattern);
gboolean            gantry_environment_get_production         (GantryEnvironment  *self);
void                gantry_environment_set_production         (GantryEnvironment  *self,
                                                               gboolean            production);
gboolean            gantry_environment_get_refuse_critical    (GantryEnvironment  *self);
void                gantry_environment_set_refuse_critical    (GantryEnvironment  *self,
                                                               gboolean            refuse);
gboolean            gantry_environment_get_check_task_family  (GantryEnvironment  *self);
void                gantry_environment_set_check_task_family  (GantryEnvironment  *self,
                                                               gboolean            check);
gboolean            gantry_environment_get_typed_confirmation (GantryEnvironment  *self);
void                gantry_environment_set_typed_confirmation (GantryEnvironment  *self,
                                                               gboolean            required);

const char         *gantry_environment_get_waiver             (GantryEnvironment  *self,
                                                               const char         *check_id);
void                gantry_environment_set_waiver             (GantryEnvironment  *self,
                                                               const char         *check_id,
                                                               const char         *reason);

char               *gantry_environment_to_data                (GantryEnvironment  *self);
GantryEnvironment  *gantry_environment_new_from_data          (const char         *name,
                                                               const char         *data,
                                                               GError            **error);
void                gantry_environment_save_async             (GantryEnvironment  *self,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
gboolean            gantry_environment_save_finish            (GantryEnvironment  *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);
void                gantry_environment_load_async             (const char         *name,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
GantryEnvironment  *gantry_environment_load_finish            (GAsyncResult       *result,
                                                               GError            **error);
void                gantry_environment_list_async             (GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
GStrv               gantry_environment_list_finish            (GAsyncResult       *result,
                                                               GError            **error);

G_END_DECLS
