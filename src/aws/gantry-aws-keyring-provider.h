/* gantry-aws-keyring-provider.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-credentials-provider.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_KEYRING_PROVIDER (gantry_aws_keyring_provider_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsKeyringProvider, gantry_aws_keyring_provider,
                      GANTRY, AWS_KEYRING_PROVIDER, GObject)

GantryAwsCredentialsProvider *gantry_aws_keyring_provider_new (const char *profile);

G_END_DECLS
