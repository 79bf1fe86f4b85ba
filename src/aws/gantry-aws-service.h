/* gantry-aws-service.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gantry-aws-protocol.h"

G_BEGIN_DECLS

/**
 * GantryAwsService:
 * @id: the SDK service ID in lower case, e.g. "ecr"
 * @env_suffix: suffix of `AWS_ENDPOINT_URL_<SUFFIX>`, e.g. "ECR"
 * @endpoint_prefix: host prefix, e.g. "api.ecr" for `api.ecr.REGION.amazonaws.com`
 * @signing_name: SigV4 service name
 * @iam_prefix: prefix of IAM actions, e.g. "ecr" in "ecr:PutImage"
 * @protocol: the wire protocol
 * @target_prefix: JSON 1.1 `X-Amz-Target` prefix
 * @api_version: query protocol `Version`
 * @global_region: for global services (IAM), the region requests are signed for; else %NULL
 *
 * Everything the engine needs to know about one AWS service: the single
 * table per service that keeps action names and endpoints out of call sites.
 */
typedef struct
{
  const char        *id;
  const char        *env_suffix;
  const char        *endpoint_prefix;
  const char        *signing_name;
  const char        *iam_prefix;
  GantryAwsProtocol  protocol;
  const char        *target_prefix;
  const char        *api_version;
  const char        *global_region;
} GantryAwsService;

extern const GantryAwsService gantry_aws_service_sts;
extern const GantryAwsService gantry_aws_service_iam;
extern const GantryAwsService gantry_aws_service_ec2;
extern const GantryAwsService gantry_aws_service_rds;
extern const GantryAwsService gantry_aws_service_elbv2;
extern const GantryAwsService gantry_aws_service_ecr;
extern const GantryAwsService gantry_aws_service_ecs;
extern const GantryAwsService gantry_aws_service_logs;
extern const GantryAwsService gantry_aws_service_cloudwatch;
extern const GantryAwsService gantry_aws_service_cloudtrail;
extern const GantryAwsService gantry_aws_service_backup;

const GantryAwsService *gantry_aws_service_lookup (const char *id);

G_END_DECLS
