/* gantry-aws-keyring.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gantry-aws-credentials.h"

G_BEGIN_DECLS

#define GANTRY_AWS_KEYRING_SCHEMA_NAME "io.github.gantryapp.Gantry.Credentials"

void                  gantry_aws_keyring_store_async         (const char            *profile,
                                                              const char            *access_key_id,
                                                              const char            *secret_access_key,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean              gantry_aws_keyring_store_finish        (GAsyncResult          *result,
                                                              GError               **error);
void                  gantry_aws_keyring_lookup_async        (const char            *profile,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GantryAwsCredentials *gantry_aws_keyring_lookup_finish       (GAsyncResult          *result,
                                                              GError               **error);
void                  gantry_aws_keyring_delete_async        (const char            *profile,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean              gantry_aws_keyring_delete_finish       (GAsyncResult          *result,
                                                              GError               **error);
void                  gantry_aws_keyring_list_profiles_async (GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GStrv                 gantry_aws_keyring_list_profiles_finish (GAsyncResult         *result,
                                                               GStrv                *out_access_key_ids,
                                                               GError              **error);

G_END_DECLS
