/* gantry-aws-client.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gantry-aws-credentials-provider.h"
#include "gantry-aws-protocol.h"
#include "gantry-aws-service.h"
#include "gantry-aws-xml.h"

G_BEGIN_DECLS

#define GANTRY_AWS_CLIENT_DEFAULT_TIMEOUT         20
#define GANTRY_AWS_CLIENT_DEFAULT_CONNECT_TIMEOUT 5
#define GANTRY_AWS_CLIENT_MAX_PAGES               1000

#define GANTRY_TYPE_AWS_CLIENT (gantry_aws_client_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsClient, gantry_aws_client, GANTRY, AWS_CLIENT, GObject)

GantryAwsClient              *gantry_aws_client_new                       (GantryAwsCredentialsProvider *provider,
                                                                           const char                   *region);
const char                   *gantry_aws_client_get_region                (GantryAwsClient              *self);
GantryAwsCredentialsProvider *gantry_aws_client_get_credentials_provider  (GantryAwsClient              *self);
const char                   *gantry_aws_client_get_endpoint_url          (GantryAwsClient              *self);
void                          gantry_aws_client_set_endpoint_url          (GantryAwsClient              *self,
                                                                           const char                   *endpoint_url);
guint                         gantry_aws_client_get_timeout               (GantryAwsClient              *self);
void                          gantry_aws_client_set_timeout               (GantryAwsClient              *self,
                                                                           guint                         seconds);
void                          gantry_aws_client_set_connect_timeout       (GantryAwsClient              *self,
                                                                           guint                         seconds);
void                          gantry_aws_client_set_max_attempts          (GantryAwsClient              *self,
                                                                           guint                         max_attempts);
GTimeSpan                     gantry_aws_client_get_clock_skew            (GantryAwsClient              *self);
GUri                         *gantry_aws_client_resolve_endpoint          (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           char                        **out_signing_region,
                                                                           GError                      **error);

void                          gantry_aws_client_call_json_async           (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           const char                   *action,
                                                                           JsonObject                   *input,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
JsonObject                   *gantry_aws_client_call_json_finish          (GantryAwsClient              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);
void                          gantry_aws_client_call_rest_json_async      (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           const char                   *action,
                                                                           const char                   *method,
                                                                           const char                   *path,
                                                                           GHashTable                   *query_params,
                                                                           JsonObject                   *body,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
JsonObject                   *gantry_aws_client_call_rest_json_finish     (GantryAwsClient              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);
void                          gantry_aws_client_call_query_async          (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           const char                   *action,
                                                                           GantryAwsParams              *params,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
GantryAwsXmlNode             *gantry_aws_client_call_query_finish         (GantryAwsClient              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);

void                          gantry_aws_client_paginate_json_async       (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           const char                   *action,
                                                                           JsonObject                   *input,
                                                                           const char                   *token_member,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
GPtrArray                    *gantry_aws_client_paginate_json_finish      (GantryAwsClient              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);
void                          gantry_aws_client_paginate_query_async      (GantryAwsClient              *self,
                                                                           const GantryAwsService       *service,
                                                                           const char                   *action,
                                                                           GantryAwsParams              *params,
                                                                           const char                   *token_param,
                                                                           const char                   *token_path,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
GPtrArray                    *gantry_aws_client_paginate_query_finish     (GantryAwsClient              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);

G_END_DECLS
