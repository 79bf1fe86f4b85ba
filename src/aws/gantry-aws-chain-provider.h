/* gantry-aws-chain-provider.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-config.h"
#include "gantry-aws-credentials-provider.h"
#include "gantry-aws-mfa-prompter.h"
#include "gantry-aws-role-assumer.h"

G_BEGIN_DECLS

/* Cached credentials are refreshed this long before they expire. */
#define GANTRY_AWS_CREDENTIALS_REFRESH_MARGIN (5 * G_TIME_SPAN_MINUTE)

#define GANTRY_TYPE_AWS_CHAIN_PROVIDER (gantry_aws_chain_provider_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsChainProvider, gantry_aws_chain_provider,
                      GANTRY, AWS_CHAIN_PROVIDER, GObject)

GantryAwsChainProvider *gantry_aws_chain_provider_new         (const char                   *profile);
GantryAwsChainProvider *gantry_aws_chain_provider_new_default (GantryAwsConfig              *config,
                                                               const char                   *profile,
                                                               GantryAwsCredentials         *explicit_creds,
                                                               GantryAwsRoleAssumer         *assumer,
                                                               GantryAwsMfaPrompter         *prompter);
void                    gantry_aws_chain_provider_append      (GantryAwsChainProvider       *self,
                                                               GantryAwsCredentialsProvider *provider);
const char             *gantry_aws_chain_provider_get_profile (GantryAwsChainProvider       *self);
void                    gantry_aws_chain_provider_invalidate  (GantryAwsChainProvider       *self);

G_END_DECLS
