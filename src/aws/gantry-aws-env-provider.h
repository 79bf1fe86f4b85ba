/* gantry-aws-env-provider.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-credentials-provider.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_ENV_PROVIDER (gantry_aws_env_provider_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsEnvProvider, gantry_aws_env_provider,
                      GANTRY, AWS_ENV_PROVIDER, GObject)

GantryAwsCredentialsProvider *gantry_aws_env_provider_new (void);

G_END_DECLS
