/* gantry-aws-service.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-service"

#include "config.h"

#include "gantry-aws-service.h"

/* Values from each service's API model (endpointPrefix, signingName,
 * targetPrefix, apiVersion, serviceId). */
const GantryAwsService gantry_aws_service_sts = {
  "sts", "STS", "sts", "sts", "sts", GANTRY_AWS_PROTOCOL_QUERY, NULL, "2011-06-15", NULL,
};

const GantryAwsService gantry_aws_service_iam = {
  "iam", "IAM", "iam", "iam", "iam", GANTRY_AWS_PROTOCOL_QUERY, NULL, "2010-05-08", "us-east-1",
};

const GantryAwsService gantry_aws_service_ec2 = {
  "ec2", "EC2", "ec2", "ec2", "ec2", GANTRY_AWS_PROTOCOL_EC2, NULL, "2016-11-15", NULL,
};

const GantryAwsService gantry_aws_service_rds = {
  "rds", "RDS", "rds", "rds", "rds", GANTRY_AWS_PROTOCOL_QUERY, NULL, "2014-10-31", NULL,
};

const GantryAwsService gantry_aws_service_elbv2 = {
  "elasticloadbalancingv2", "ELASTIC_LOAD_BALANCING_V2", "elasticloadbalancing",
  "elasticloadbalancing", "elasticloadbalancing", GANTRY_AWS_PROTOCOL_QUERY, NULL, "2015-12-01",
  NULL,
};

const GantryAwsService gantry_aws_service_ecr = {
  "ecr", "ECR", "api.ecr", "ecr", "ecr", GANTRY_AWS_PROTOCOL_JSON,
  "AmazonEC2ContainerRegistry_V20150921", NULL, NULL,
};

const GantryAwsService gantry_aws_service_ecs = {
  "ecs", "ECS", "ecs", "ecs", "ecs", GANTRY_AWS_PROTOCOL_JSON,
  "AmazonEC2ContainerServiceV20141113", NULL, NULL,
};

const GantryAwsService gantry_aws_service_logs = {
  "logs", "CLOUDWATCH_LOGS", "logs", "logs", "logs", GANTRY_AWS_PROTOCOL_JSON,
  "Logs_20140328", NULL, NULL,
};

const GantryAwsService gantry_aws_service_cloudwatch = {
  "cloudwatch", "CLOUDWATCH", "monitoring", "monitoring", "cloudwatch",
  GANTRY_AWS_PROTOCOL_QUERY, NULL, "2010-08-01", NULL,
};

const GantryAwsService gantry_aws_service_cloudtrail = {
  "cloudtrail", "CLOUDTRAIL", "cloudtrail", "cloudtrail", "cloudtrail", GANTRY_AWS_PROTOCOL_JSON,
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", NULL, NULL,
};

/* AWS Backup speaks REST-JSON: no target prefix, the action is the path. */
const GantryAwsService gantry_aws_service_backup = {
  "backup", "BACKUP", "backup", "backup", "backup", GANTRY_AWS_PROTOCOL_JSON,
  NULL, NULL, NULL,
};

static const GantryAwsService *all_services[] = {
  &gantry_aws_service_sts,
  &gantry_aws_service_iam,
  &gantry_aws_service_ec2,
  &gantry_aws_service_rds,
  &gantry_aws_service_elbv2,
  &gantry_aws_service_ecr,
  &gantry_aws_service_ecs,
  &gantry_aws_service_logs,
  &gantry_aws_service_cloudwatch,
  &gantry_aws_service_cloudtrail,
  &gantry_aws_service_backup,
};

/**
 * gantry_aws_service_lookup:
 * @id: a service ID such as "ecr"
 *
 * Returns: (nullable): the service, or %NULL if Gantry does not speak it
 */
const GantryAwsService *
gantry_aws_service_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_services); i++)
    if (g_strcmp0 (all_services[i]->id, id) == 0)
      return all_services[i];
  return NULL;
}
