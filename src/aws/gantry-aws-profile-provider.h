/* gantry-aws-profile-provider.h
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

#define GANTRY_AWS_DEFAULT_ROLE_DURATION 3600

/**
 * GantryAwsSourceProviderFactory:
 * @profile: a source profile name
 * @user_data: the data given with the factory
 *
 * Makes a provider asked first for the long-term keys of a role's source
 * profile, before its keys in the shared files (e.g. the keyring's).
 *
 * Returns: (transfer full) (nullable): a provider, or %NULL for none
 */
typedef GantryAwsCredentialsProvider *(*GantryAwsSourceProviderFactory) (const char *profile,
                                                                         gpointer    user_data);

#define GANTRY_TYPE_AWS_PROFILE_PROVIDER (gantry_aws_profile_provider_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsProfileProvider, gantry_aws_profile_provider,
                      GANTRY, AWS_PROFILE_PROVIDER, GObject)

GantryAwsCredentialsProvider *gantry_aws_profile_provider_new                (GantryAwsConfig                *config,
                                                                              const char                     *profile,
                                                                              GantryAwsRoleAssumer           *assumer,
                                                                              GantryAwsMfaPrompter           *prompter);
void                          gantry_aws_profile_provider_set_source_factory (GantryAwsProfileProvider       *self,
                                                                              GantryAwsSourceProviderFactory  factory,
                                                                              gpointer                        user_data,
                                                                              GDestroyNotify                  destroy);

G_END_DECLS
