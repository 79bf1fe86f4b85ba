/* gantry-aws-sts.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"
#include "gantry-aws-credentials.h"
#include "gantry-aws-role-assumer.h"

G_BEGIN_DECLS

typedef struct
{
  char *account;
  char *arn;
  char *user_id;
} GantryAwsCallerIdentity;

void gantry_aws_caller_identity_free (GantryAwsCallerIdentity *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsCallerIdentity, gantry_aws_caller_identity_free)

#define GANTRY_TYPE_AWS_STS (gantry_aws_sts_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsSts, gantry_aws_sts, GANTRY, AWS_STS, GObject)

GantryAwsSts            *gantry_aws_sts_new                          (GantryAwsClient  *client);
void                     gantry_aws_sts_get_caller_identity_async    (GantryAwsSts     *self,
                                                                      GCancellable     *cancellable,
                                                                      GAsyncReadyCallback callback,
                                                                      gpointer          user_data);
GantryAwsCallerIdentity *gantry_aws_sts_get_caller_identity_finish   (GantryAwsSts     *self,
                                                                      GAsyncResult     *result,
                                                                      GError          **error);

#define GANTRY_TYPE_AWS_STS_ROLE_ASSUMER (gantry_aws_sts_role_assumer_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsStsRoleAssumer, gantry_aws_sts_role_assumer,
                      GANTRY, AWS_STS_ROLE_ASSUMER, GObject)

GantryAwsStsRoleAssumer *gantry_aws_sts_role_assumer_new             (const char *region,
                                                                      const char *endpoint_url,
                                                                      guint       timeout);

G_END_DECLS
