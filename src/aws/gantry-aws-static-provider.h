/* gantry-aws-static-provider.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-credentials-provider.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_STATIC_PROVIDER (gantry_aws_static_provider_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsStaticProvider, gantry_aws_static_provider,
                      GANTRY, AWS_STATIC_PROVIDER, GObject)

GantryAwsCredentialsProvider *gantry_aws_static_provider_new (GantryAwsCredentials *credentials);

G_END_DECLS
