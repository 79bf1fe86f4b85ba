/* gantry-aws-config.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_CONFIG (gantry_aws_config_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsConfig, gantry_aws_config, GANTRY, AWS_CONFIG, GObject)

GantryAwsConfig *gantry_aws_config_new                (void);
void             gantry_aws_config_load_async         (GantryAwsConfig      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         gantry_aws_config_load_finish        (GantryAwsConfig      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
gboolean         gantry_aws_config_load_from_data     (GantryAwsConfig      *self,
                                                       const char           *config_text,
                                                       const char           *credentials_text,
                                                       GError              **error);
char           **gantry_aws_config_dup_profile_names  (GantryAwsConfig      *self);
gboolean         gantry_aws_config_has_profile        (GantryAwsConfig      *self,
                                                       const char           *profile);
const char      *gantry_aws_config_get_value          (GantryAwsConfig      *self,
                                                       const char           *profile,
                                                       const char           *key);
char            *gantry_aws_config_resolve_region     (GantryAwsConfig      *config,
                                                       const char           *profile);

char            *gantry_aws_config_dup_config_path      (void);
char            *gantry_aws_config_dup_credentials_path (void);
const char      *gantry_aws_profile_name_from_env       (void);

G_END_DECLS
