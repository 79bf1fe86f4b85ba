/* gantry-aws-role-assumer.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gantry-aws-credentials.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_ROLE_ASSUMER (gantry_aws_role_assumer_get_type ())

G_DECLARE_INTERFACE (GantryAwsRoleAssumer, gantry_aws_role_assumer,
                     GANTRY, AWS_ROLE_ASSUMER, GObject)

struct _GantryAwsRoleAssumerInterface
{
  GTypeInterface parent_iface;

  void                   (*assume_role_async)  (GantryAwsRoleAssumer  *self,
                                                GantryAwsCredentials  *source,
                                                const char            *role_arn,
                                                const char            *session_name,
                                                const char            *external_id,
                                                const char            *mfa_serial,
                                                const char            *token_code,
                                                guint                  duration_seconds,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
  GantryAwsCredentials  *(*assume_role_finish) (GantryAwsRoleAssumer  *self,
                                                GAsyncResult          *result,
                                                GError               **error);
};

void                  gantry_aws_role_assumer_assume_role_async  (GantryAwsRoleAssumer  *self,
                                                                  GantryAwsCredentials  *source,
                                                                  const char            *role_arn,
                                                                  const char            *session_name,
                                                                  const char            *external_id,
                                                                  const char            *mfa_serial,
                                                                  const char            *token_code,
                                                                  guint                  duration_seconds,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
GantryAwsCredentials *gantry_aws_role_assumer_assume_role_finish (GantryAwsRoleAssumer  *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

G_END_DECLS
