/* gantry-aws-protocol.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GantryAwsProtocol:
 * @GANTRY_AWS_PROTOCOL_JSON: AWS JSON 1.0/1.1 (ECR, ECS, …)
 * @GANTRY_AWS_PROTOCOL_QUERY: AWS query with XML replies (STS, RDS, ELBv2, IAM)
 * @GANTRY_AWS_PROTOCOL_EC2: the EC2 dialect of the query protocol
 */
typedef enum
{
  GANTRY_AWS_PROTOCOL_JSON,
  GANTRY_AWS_PROTOCOL_QUERY,
  GANTRY_AWS_PROTOCOL_EC2,
} GantryAwsProtocol;

#define GANTRY_TYPE_AWS_PARAMS (gantry_aws_params_get_type ())

/**
 * GantryAwsParams:
 *
 * The ordered parameters of a query or EC2 protocol request.
 */
typedef struct _GantryAwsParams GantryAwsParams;

GType            gantry_aws_params_get_type       (void) G_GNUC_CONST;
GantryAwsParams *gantry_aws_params_new            (void);
GantryAwsParams *gantry_aws_params_ref            (GantryAwsParams    *self);
void             gantry_aws_params_unref          (GantryAwsParams    *self);
GantryAwsParams *gantry_aws_params_copy           (GantryAwsParams    *self);
void             gantry_aws_params_add            (GantryAwsParams    *self,
                                                   const char         *key,
                                                   const char         *value);
void             gantry_aws_params_add_printf     (GantryAwsParams    *self,
                                                   const char         *key,
                                                   const char         *format,
                                                   ...) G_GNUC_PRINTF (3, 4);
void             gantry_aws_params_add_list       (GantryAwsParams    *self,
                                                   const char         *prefix,
                                                   const char * const *values);
void             gantry_aws_params_set            (GantryAwsParams    *self,
                                                   const char         *key,
                                                   const char         *value);
const char      *gantry_aws_params_get            (GantryAwsParams    *self,
                                                   const char         *key);
char            *gantry_aws_params_to_form        (GantryAwsParams    *self,
                                                   const char         *action,
                                                   const char         *version);

GError          *gantry_aws_protocol_decode_error (GantryAwsProtocol   protocol,
                                                   const char         *iam_prefix,
                                                   const char         *action,
                                                   guint               http_status,
                                                   const char         *content_type,
                                                   const char         *amzn_error_type,
                                                   const char         *request_id,
                                                   GBytes             *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsParams, gantry_aws_params_unref)

G_END_DECLS
