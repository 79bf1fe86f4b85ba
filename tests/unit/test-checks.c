/* test-checks.c: every Setup check, from recorded AWS replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/fixtures/checks/good holds the wire replies of a "good account"
 * (the demo account with its faults repaired, recorded from moto, plus AWS
 * Backup selections in the AWS API reference shape). Each case patches one
 * reply to break (or vary) one thing, runs the real snapshot and parsers
 * against a loopback fake, and asserts one check's verdict.
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-error.h"
#include "core/gantry-audit.h"
#include "core/gantry-error.h"
#include "core/gantry-snapshot-private.h"
#include "gantry-test-aws-fake.h"

#define PROD_VPC       "vpc-f2bdce1feb0c2146f"
#define PRIVATE_A      "subnet-e23434aab71f1e0aa"
#define PRIVATE_B      "subnet-ef3924e7aa9e42c87"
#define PUBLIC_B       "subnet-2dd8a4b7cfed71e35"
#define DEFAULT_SG     "sg-0b5b6cb2a4b9a433c"
#define LB_SG          "sg-dc676e0a70510e768"
#define ECS_SG         "sg-3d87410d047ac1fc8"
#define SUBNET_1C      "subnet-536b878b4e3cff26f"
#define DEV_ACCOUNT    "111122223333"

/* Group 1: the DescribeServices fixture up to the first member of prod-api's
 * own (not its deployment's) awsvpcConfiguration. */
#define API_NETWORK "(?s)(prod-api-tg.*?\"placementStrategy\": \\[\\],\\s*" \
                    "\"networkConfiguration\": " \
                    "\\{\\s*\"awsvpcConfiguration\": \\{\\s*)"

typedef struct
{
  const char *key;
  const char *regex;
  const char *replacement;
} Patch;

typedef struct
{
  const char        *path;
  const char        *check_id;
  GantryCheckStatus  status;
  Patch              patches[4];
  const char        *detail_contains;
  const char        *fix_contains;
  void             (*setup) (GantryEnvironment *env);
} Case;

static void
use_service_name_as_family (GantryEnvironment *env)
{
  gantry_environment_set_task_family_pattern (env, "{service}");
}

static void
no_dev_account (GantryEnvironment *env)
{
  gantry_environment_set_dev_accounts (env, NULL);
}

/* DocumentDB: what differs from the PostgreSQL good account. */
#define DOCDB_CLUSTER { "rds:DescribeDBClusters", "<Engine>aurora-postgresql</Engine>", \
                        "<Engine>docdb</Engine>" }
#define DOCDB_PORT    { "ec2:DescribeSecurityGroups", \
                        "<fromPort>5432</fromPort><toPort>5432</toPort>", \
                        "<fromPort>27017</fromPort><toPort>27017</toPort>" }
#define DOCDB_TLS(v)  { "rds:DescribeDBClusterParameters", \
                        "<ParameterName>rds.force_ssl</ParameterName><ParameterValue>1</ParameterValue>", \
                        "<ParameterName>tls</ParameterName><ParameterValue>" v "</ParameterValue>" }

static const Case cases[] = {
  /* network */
  { "/core/checks/vpc.selected/pass", "vpc.selected", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    PROD_VPC, NULL },
  { "/core/checks/vpc.selected/only-default", "vpc.selected", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeVpcs", "<isDefault>false</isDefault>", "<isDefault>true</isDefault>" } },
    "Only the default VPC", NULL },
  { "/core/checks/subnets.private-pair/pass", "subnets.private-pair", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "us-east-1a, us-east-1b", NULL },
  { "/core/checks/subnets.private-pair/one-zone", "subnets.private-pair",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSubnets",
        "(<subnetId>" PRIVATE_B "</subnetId>.*?)<availabilityZone>us-east-1b",
        "\\1<availabilityZone>us-east-1a" } },
    "only in us-east-1a", NULL },
  { "/core/checks/subnets.public-pair/pass", "subnets.public-pair", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, NULL, NULL },
  { "/core/checks/subnets.public-pair/other-zone", "subnets.public-pair",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSubnets",
        "(<subnetId>" PUBLIC_B "</subnetId>.*?)<availabilityZone>us-east-1b",
        "\\1<availabilityZone>us-east-1c" } },
    "in us-east-1b", NULL },
  { "/core/checks/routes.private-egress/pass", "routes.private-egress", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, NULL, NULL },
  { "/core/checks/routes.private-egress/no-nat", "routes.private-egress",
    GANTRY_CHECK_STATUS_WARN,
    { { "ec2:DescribeRouteTables", "<natGatewayId>nat-fbc51fac63aceb0e5</natGatewayId>", "" } },
    NULL, NULL },
  { "/core/checks/nacl.block-admin-ports/pass", "nacl.block-admin-ports",
    GANTRY_CHECK_STATUS_PASS, { { NULL } }, "All 2 network ACLs", NULL },
  { "/core/checks/nacl.block-admin-ports/no-3389", "nacl.block-admin-ports",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeNetworkAcls",
        "<item><cidrBlock>0.0.0.0/0</cidrBlock><egress>false</egress><portRange><from>3389</from>"
        "<to>3389</to></portRange><protocol>6</protocol><ruleAction>deny</ruleAction>"
        "<ruleNumber>15</ruleNumber></item>", "" } },
    "allows TCP 3389 from 0.0.0.0/0 (rule 100)",
    "ec2:CreateNetworkAclEntry NetworkAclId=acl-" },
  { "/core/checks/nacl.block-admin-ports/deny-after-allow", "nacl.block-admin-ports",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeNetworkAcls", "<ruleNumber>15</ruleNumber>", "<ruleNumber>150</ruleNumber>" } },
    "rule 100", "RuleNumber=1 Protocol=6 RuleAction=deny Egress=false CidrBlock=0.0.0.0/0 "
                "PortRange.From=3389 PortRange.To=3389" },
  /* security groups */
  { "/core/checks/sg.default-closed/pass", "sg.default-closed", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, DEFAULT_SG, NULL },
  { "/core/checks/sg.default-closed/egress", "sg.default-closed", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups", "<groupId>" DEFAULT_SG "</groupId><ipPermissionsEgress/>",
        "<groupId>" DEFAULT_SG "</groupId><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>"
        "<groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/>"
        "<prefixListIds/></item></ipPermissionsEgress>" } },
    "0 inbound and 1 outbound", "ec2:RevokeSecurityGroupEgress GroupId=" DEFAULT_SG },
  { "/core/checks/sg.roles/pass", "sg.roles", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    LB_SG, NULL },
  { "/core/checks/sg.roles/lb-uses-ecs-group", "sg.roles", GANTRY_CHECK_STATUS_FAIL,
    { { "elasticloadbalancing:DescribeLoadBalancers", "<member>" LB_SG "</member>",
        "<member>" ECS_SG "</member>" } },
    NULL, NULL },
  { "/core/checks/sg.lb-ingress/pass", "sg.lb-ingress", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    NULL, NULL },
  { "/core/checks/sg.lb-ingress/8080", "sg.lb-ingress", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups", "<fromPort>80</fromPort><toPort>80</toPort>",
        "<fromPort>8080</fromPort><toPort>8080</toPort>" } },
    "tcp 8080 from 0.0.0.0/0", NULL },
  { "/core/checks/sg.ecs-ingress/pass", "sg.ecs-ingress", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    NULL, NULL },
  { "/core/checks/sg.ecs-ingress/ssh-from-anywhere", "sg.ecs-ingress", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups", "(<groupName>prod-ecs-sg</groupName>.*?<ipPermissions>)",
        "\\1<item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/>"
        "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/>"
        "<prefixListIds/></item>" } },
    ECS_SG " allows tcp 22 from 0.0.0.0/0", NULL },
  { "/core/checks/sg.db-ingress/postgresql/pass", "sg.db-ingress", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "TCP 5432", NULL },
  { "/core/checks/sg.db-ingress/postgresql/wrong-port", "sg.db-ingress",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups", "<fromPort>5432</fromPort><toPort>5432</toPort>",
        "<fromPort>3306</fromPort><toPort>3306</toPort>" } }, "tcp 3306", NULL },
  { "/core/checks/sg.db-ingress/docdb/pass", "sg.db-ingress", GANTRY_CHECK_STATUS_PASS,
    { DOCDB_CLUSTER, DOCDB_PORT }, "TCP 27017", NULL },
  { "/core/checks/sg.db-ingress/docdb/postgres-port", "sg.db-ingress", GANTRY_CHECK_STATUS_FAIL,
    { DOCDB_CLUSTER }, "tcp 5432", NULL },
  { "/core/checks/sg.egress-all/pass", "sg.egress-all", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    NULL, NULL },
  { "/core/checks/sg.egress-all/lb-closed", "sg.egress-all", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups",
        "<groupId>" LB_SG "</groupId><ipPermissionsEgress>.*?</ipPermissionsEgress>",
        "<groupId>" LB_SG "</groupId><ipPermissionsEgress/>" } }, LB_SG, NULL },
  /* database: PostgreSQL and DocumentDB */
  { "/core/checks/db.subnet-group/pass", "db.subnet-group", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "prod-db-subnets", NULL },
  { "/core/checks/db.subnet-group/public-member", "db.subnet-group", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBSubnetGroups", PRIVATE_B, PUBLIC_B } }, "not exactly the private pair",
    NULL },
  { "/core/checks/db.subnet-group/docdb/pass", "db.subnet-group", GANTRY_CHECK_STATUS_PASS,
    { DOCDB_CLUSTER }, NULL, NULL },
  { "/core/checks/db.subnet-group/missing-before-database", "db.subnet-group",
    GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBClusters", "<DBClusters>.*</DBClusters>", "<DBClusters/>" },
      { "rds:DescribeDBSubnetGroups", "<DBSubnetGroups>.*</DBSubnetGroups>", "<DBSubnetGroups/>" } },
    "No DB subnet group holds",
    "rds:CreateDBSubnetGroup DBSubnetGroupName=prod-db-subnets" },
  { "/core/checks/db.multi-az/pass", "db.multi-az", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    "2 instances in 2 zones", NULL },
  { "/core/checks/db.multi-az/one-zone", "db.multi-az", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBInstances", "<AvailabilityZone>us-east-1b</AvailabilityZone>",
        "<AvailabilityZone>us-east-1a</AvailabilityZone>" } }, "in 1 zones", NULL },
  { "/core/checks/db.multi-az/docdb/pass", "db.multi-az", GANTRY_CHECK_STATUS_PASS,
    { DOCDB_CLUSTER }, NULL, NULL },
  { "/core/checks/db.encrypted/pass", "db.encrypted", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    NULL, NULL },
  { "/core/checks/db.encrypted/plain", "db.encrypted", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBClusters", "<StorageEncrypted>true</StorageEncrypted>",
        "<StorageEncrypted>false</StorageEncrypted>" } }, NULL, NULL },
  { "/core/checks/db.encrypted/docdb/plain", "db.encrypted", GANTRY_CHECK_STATUS_FAIL,
    { DOCDB_CLUSTER, { "rds:DescribeDBClusters", "<StorageEncrypted>true</StorageEncrypted>",
                       "<StorageEncrypted>false</StorageEncrypted>" } }, NULL, NULL },
  { "/core/checks/db.private/pass", "db.private", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    NULL, NULL },
  { "/core/checks/db.private/public-instance", "db.private", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBInstances", "(<DBInstanceIdentifier>prod-db-1</DBInstanceIdentifier>)",
        "\\1<PubliclyAccessible>true</PubliclyAccessible>" } }, "1 instance", NULL },
  { "/core/checks/db.backup-retention/pass", "db.backup-retention", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "7 days", NULL },
  { "/core/checks/db.backup-retention/one-day", "db.backup-retention", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBClusters", "<BackupRetentionPeriod>7</BackupRetentionPeriod>",
        "<BackupRetentionPeriod>1</BackupRetentionPeriod>" } }, "1 days", NULL },
  { "/core/checks/db.backup-copy-region/pass", "db.backup-copy-region", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "prod-db-daily copies cluster prod-db to a vault in us-west-2", NULL },
  { "/core/checks/db.backup-copy-region/wrong-region", "db.backup-copy-region",
    GANTRY_CHECK_STATUS_FAIL,
    { { "backup:GetBackupPlan", "us-west-2", "eu-west-1" } }, NULL, NULL },
  { "/core/checks/db.backup-copy-region/not-covered", "db.backup-copy-region",
    GANTRY_CHECK_STATUS_FAIL,
    { { "backup:GetBackupSelection", "cluster:prod-db", "cluster:staging-db" } }, NULL, NULL },
  { "/core/checks/db.tls/postgresql/pass", "db.tls", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    "rds.force_ssl=1", NULL },
  { "/core/checks/db.tls/postgresql/off", "db.tls", GANTRY_CHECK_STATUS_FAIL,
    { { "rds:DescribeDBClusterParameters", "<ParameterValue>1</ParameterValue>",
        "<ParameterValue>0</ParameterValue>" } }, "rds.force_ssl=0", NULL },
  { "/core/checks/db.tls/docdb/pass", "db.tls", GANTRY_CHECK_STATUS_PASS,
    { DOCDB_CLUSTER, DOCDB_TLS ("enabled") }, "tls=enabled", NULL },
  { "/core/checks/db.tls/docdb/disabled", "db.tls", GANTRY_CHECK_STATUS_FAIL,
    { DOCDB_CLUSTER, DOCDB_TLS ("disabled") }, "tls=disabled", NULL },
  /* load balancer */
  { "/core/checks/lb.multi-az/pass", "lb.multi-az", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    "us-east-1a, us-east-1b", NULL },
  { "/core/checks/lb.multi-az/one-zone", "lb.multi-az", GANTRY_CHECK_STATUS_FAIL,
    { { "elasticloadbalancing:DescribeLoadBalancers",
        "<member><ZoneName>us-east-1b</ZoneName>.*?</member>", "" } }, "spans only us-east-1a",
    NULL },
  { "/core/checks/lb.https/pass", "lb.https", GANTRY_CHECK_STATUS_PASS, { { NULL } }, NULL,
    NULL },
  { "/core/checks/lb.https/plain-http", "lb.https", GANTRY_CHECK_STATUS_FAIL,
    { { "elasticloadbalancing:DescribeListeners",
        "<Type>redirect</Type><RedirectConfig>.*?</RedirectConfig>", "<Type>forward</Type>" } },
    "port 80", NULL },
  /* operations */
  { "/core/checks/lb.multi-az/ecs-elsewhere", "lb.multi-az", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices", API_NETWORK "\"subnets\": \\[\\s*\"" PRIVATE_A "\"",
        "\\1\"subnets\": [\"" SUBNET_1C "\"" } },
    "but not us-east-1c, where the ECS services run", NULL },
  /* ECS */
  { "/core/checks/ecs.container-insights/pass", "ecs.container-insights", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "enabled on cluster prod", NULL },
  { "/core/checks/ecs.container-insights/disabled", "ecs.container-insights",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeClusters", "\"value\": \"enabled\"", "\"value\": \"disabled\"" } },
    "disabled on cluster prod",
    "ecs:UpdateClusterSettings cluster=prod settings=[{name=containerInsights,value=enabled}]" },
  { "/core/checks/ecs.container-insights/no-settings", "ecs.container-insights",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeClusters", "(?s)\"settings\": \\[.*?\\],", "" } }, "not set",
    "ecs:UpdateClusterSettings" },
  { "/core/checks/ecs.private-networking/pass", "ecs.private-networking", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "prod-api, prod-app run in private subnets", NULL },
  { "/core/checks/ecs.private-networking/public-ip", "ecs.private-networking",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices", API_NETWORK "(.*?\"assignPublicIp\": )\"DISABLED\"",
        "\\1\\2\"ENABLED\"" } }, "prod-api assigns public IP addresses", NULL },
  { "/core/checks/ecs.private-networking/public-subnet", "ecs.private-networking",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices", API_NETWORK "(\"subnets\": \\[\\s*\"" PRIVATE_A "\",\\s*)\""
        PRIVATE_B "\"", "\\1\\2\"" PUBLIC_B "\"" } },
    "prod-api uses the public subnet " PUBLIC_B, NULL },
  { "/core/checks/ecs.private-networking/lb-group", "ecs.private-networking",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices", API_NETWORK "(.*?\"securityGroups\": \\[\\s*)\"" ECS_SG "\"",
        "\\1\\2\"" LB_SG "\"" } },
    "prod-api uses the load balancer's group " LB_SG, NULL },
  { "/core/checks/ecs.task-family-matches-service/pass", "ecs.task-family-matches-service",
    GANTRY_CHECK_STATUS_PASS, { { NULL } }, "prod-api ↔ prod-api-task, prod-app ↔ prod-app-task",
    NULL },
  /* Runbook 004's common mistake. */
  { "/core/checks/ecs.task-family-matches-service/app-runs-api-task",
    "ecs.task-family-matches-service", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices",
        "\"taskDefinition\": \"(arn[^\"]*)prod-app-task:3\",(\\s*\"deploymentConfiguration\")",
        "\"taskDefinition\": \"\\1prod-api-task:3\",\\2" } },
    "service prod-app runs task family prod-api-task, which belongs to service prod-api", NULL },
  { "/core/checks/ecs.task-family-matches-service/pattern", "ecs.task-family-matches-service",
    GANTRY_CHECK_STATUS_FAIL, { { NULL } }, "service prod-api runs task family prod-api-task, not "
    "prod-api", NULL, use_service_name_as_family },
  { "/core/checks/ecs.circuit-breaker/pass", "ecs.circuit-breaker", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "prod-api, prod-app stop and roll back", NULL },
  /* What moto answers: no deploymentConfiguration at all. */
  { "/core/checks/ecs.circuit-breaker/missing", "ecs.circuit-breaker", GANTRY_CHECK_STATUS_WARN,
    { { "ecs:DescribeServices",
        "(?s)(prod-api-tg.*?)\"deploymentConfiguration\": \\{.*?\"minimumHealthyPercent\": "
        "100\\s*\\},", "\\1" } }, "prod-api has no deployment circuit breaker", NULL },
  { "/core/checks/ecs.circuit-breaker/no-rollback", "ecs.circuit-breaker",
    GANTRY_CHECK_STATUS_WARN,
    { { "ecs:DescribeServices", "(?s)(prod-api-tg.*?\"rollback\": )true", "\\1false" } },
    "prod-api has a circuit breaker without rollback", NULL },
  { "/core/checks/ecs.logging/pass", "ecs.logging", GANTRY_CHECK_STATUS_PASS, { { NULL } },
    "/ecs/prod-api, /ecs/prod-app", NULL },
  { "/core/checks/ecs.logging/missing-group", "ecs.logging", GANTRY_CHECK_STATUS_FAIL,
    { { "logs:DescribeLogGroups", "\"logGroupName\": \"/ecs/prod-app\"",
        "\"logGroupName\": \"/ecs/prod-app-old\"" } },
    "container prod-app of prod-app-task:3 logs to /ecs/prod-app, which does not exist", NULL },
  { "/core/checks/ecs.logging/json-file", "ecs.logging", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeTaskDefinition+prod-api-task", "\"awslogs\"", "\"json-file\"" } },
    "logs through json-file, not awslogs", NULL },
  /* ECR */
  { "/core/checks/ecr.repositories/pass", "ecr.repositories", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "this account: backend, frontend", NULL },
  { "/core/checks/ecr.repositories/missing", "ecr.repositories", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeTaskDefinition+prod-app-task", "amazonaws.com/frontend@",
        "amazonaws.com/convergence-prod-app@" } },
    "prod-app-task:3 uses repository convergence-prod-app, which does not exist", NULL },
  { "/core/checks/ecr.repositories/other-account", "ecr.repositories", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeTaskDefinition+prod-api-task", "\"image\": \"123456789012",
        "\"image\": \"999988887777" } }, "registry of account 999988887777", NULL },
  { "/core/checks/ecr.cross-account-policy/pass", "ecr.cross-account-policy",
    GANTRY_CHECK_STATUS_PASS, { { NULL } }, "grants " DEV_ACCOUNT " push and pull", NULL },
  { "/core/checks/ecr.cross-account-policy/pull-only", "ecr.cross-account-policy",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecr:GetRepositoryPolicy+backend", "ecr:PutImage", "ecr:DescribeImages" } },
    "backend does not grant the root of " DEV_ACCOUNT " all seven",
    "ecr:SetRepositoryPolicy repositoryName=backend policyText=" },
  { "/core/checks/ecr.cross-account-policy/everyone", "ecr.cross-account-policy",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecr:GetRepositoryPolicy+frontend", "arn:aws:iam::" DEV_ACCOUNT ":root", "*" } },
    "frontend allows the principal “*”", "repositoryName=frontend" },
  { "/core/checks/ecr.cross-account-policy/no-dev-account", "ecr.cross-account-policy",
    GANTRY_CHECK_STATUS_NOT_APPLICABLE, { { NULL } }, "No dev account", NULL, no_dev_account },
  { "/core/checks/ecr.tags-mutable/pass", "ecr.tags-mutable", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, "prod-candidate and prod-latest can move", NULL },
  { "/core/checks/ecr.tags-mutable/mutable", "ecr.tags-mutable", GANTRY_CHECK_STATUS_PASS,
    { { "ecr:DescribeRepositories",
        "(?s)(\"repositoryName\": \"backend\",.*?\"imageTagMutability\": )"
        "\"IMMUTABLE_WITH_EXCLUSION\"", "\\1\"MUTABLE\"" } }, NULL, NULL },
  { "/core/checks/ecr.tags-mutable/immutable", "ecr.tags-mutable", GANTRY_CHECK_STATUS_FAIL,
    { { "ecr:DescribeRepositories",
        "(?s)(\"repositoryName\": \"backend\",.*?\"imageTagMutability\": )"
        "\"IMMUTABLE_WITH_EXCLUSION\"", "\\1\"IMMUTABLE\"" } },
    "every tag of backend is immutable", NULL },
  { "/core/checks/ecr.tags-mutable/latest-not-excluded", "ecr.tags-mutable",
    GANTRY_CHECK_STATUS_FAIL,
    { { "ecr:DescribeRepositories",
        "(?s)(\"repositoryName\": \"backend\",.*?\"filter\": )\"prod-\\*\"",
        "\\1\"prod-candidate*\"" } },
    "prod-latest of backend is immutable", NULL },
  { "/core/checks/ecr.scan-on-push/pass", "ecr.scan-on-push", GANTRY_CHECK_STATUS_PASS,
    { { NULL } }, NULL, NULL },
  { "/core/checks/ecr.scan-on-push/off", "ecr.scan-on-push", GANTRY_CHECK_STATUS_WARN,
    { { "ecr:DescribeRepositories",
        "(?s)(\"repositoryName\": \"frontend\",.*?\"scanOnPush\": )true", "\\1false" } },
    "pushed to frontend are not scanned",
    "ecr:PutImageScanningConfiguration repositoryName=frontend "
    "imageScanningConfiguration={scanOnPush=true}" },
  /* security groups, from the ECS services' groups */
  { "/core/checks/sg.roles/service-in-lb-group", "sg.roles", GANTRY_CHECK_STATUS_FAIL,
    { { "ecs:DescribeServices", API_NETWORK "(.*?\"securityGroups\": \\[\\s*)\"" ECS_SG "\"",
        "\\1\\2\"" LB_SG "\"" } },
    LB_SG " is shared by the load balancer and ECS", NULL },
  { "/core/checks/sg.ecs-ingress/cidr-not-lb", "sg.ecs-ingress", GANTRY_CHECK_STATUS_FAIL,
    { { "ec2:DescribeSecurityGroups",
        "<groups><item><description>app port from prod-lb-sg</description><userId>123456789012"
        "</userId><groupId>" LB_SG "</groupId></item></groups><ipRanges/>",
        "<groups/><ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges>" } },
    ECS_SG " allows tcp 8000 from 10.0.0.0/16", NULL },
  { "/core/checks/cw.alarms/pass", "cw.alarms", GANTRY_CHECK_STATUS_PASS, { { NULL } }, NULL,
    NULL },
  { "/core/checks/cw.alarms/no-db-action", "cw.alarms", GANTRY_CHECK_STATUS_WARN,
    { { "monitoring:DescribeAlarms",
        "(<AlarmName>prod-db-cpu</AlarmName>.*?)<AlarmActions>.*?</AlarmActions>",
        "\\1<AlarmActions/>" } }, "database CPU", NULL },
};

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A fake that answers at once, for tests that do not look at overlap. */
static GantryTestAwsFake *
new_fake (void)
{
  GantryTestAwsFake *fake = gantry_test_aws_fake_new ("checks/good");

  gantry_test_aws_fake_set_reply_delay (fake, 1);
  return fake;
}

/* The good account's dev account may push and pull. */
static GantryEnvironment *
new_environment (void)
{
  GantryEnvironment *env = gantry_environment_new ("prod");
  const char *dev[] = { DEV_ACCOUNT, NULL };

  gantry_environment_set_dev_accounts (env, dev);
  return env;
}

static GantryAudit *
run_audit (GantryTestAwsFake *fake,
           GantryEnvironment *env)
{
  g_autoptr(GantryAudit) audit = gantry_audit_new (gantry_test_aws_fake_get_client (fake), env);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_audit_run_async (audit, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gantry_audit_run_finish (audit, result, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&audit);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  GantryCheckResult *result;
  GPtrArray *calls;

  if (c->setup != NULL)
    c->setup (env);
  for (guint i = 0; i < G_N_ELEMENTS (c->patches) && c->patches[i].key != NULL; i++)
    gantry_test_aws_fake_patch (fake, c->patches[i].key, c->patches[i].regex,
                                c->patches[i].replacement);

  audit = run_audit (fake, env);
  result = gantry_audit_lookup_result (audit, c->check_id);
  g_assert_nonnull (result);
  g_test_message ("%s: %s", c->check_id, gantry_check_result_get_detail (result));
  g_assert_cmpstr (gantry_check_status_to_string (gantry_check_result_get_status (result)), ==,
                   gantry_check_status_to_string (c->status));
  if (c->detail_contains != NULL)
    g_assert_nonnull (strstr (gantry_check_result_get_detail (result), c->detail_contains));

  calls = gantry_check_result_get_fix_calls (result);
  if (c->fix_contains != NULL)
    {
      g_autofree char *text = NULL;

      g_assert_cmpuint (calls->len, >=, 1);
      text = gantry_fix_call_to_string (calls->pdata[0]);
      g_assert_nonnull (strstr (text, c->fix_contains));
    }
  else
    {
      g_assert_cmpuint (calls->len, ==, 0);
    }
}

/* The good account passes everything Gantry can read from a loopback
 * endpoint; S3 Control says why it was not evaluated. */
static void
test_good_account (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = run_audit (fake, env);
  GPtrArray *checks = gantry_audit_get_checks (audit);
  GantryCheckResult *s3;

  g_assert_cmpuint (g_list_model_get_n_items (gantry_audit_get_results (audit)), ==, checks->len);
  for (guint i = 0; i < checks->len; i++)
    {
      const char *id = gantry_check_get_id (checks->pdata[i]);
      GantryCheckResult *result = gantry_audit_lookup_result (audit, id);

      if (g_str_equal (id, "s3.block-public-access"))
        continue;
      g_test_message ("%s: %s", id, gantry_check_result_get_detail (result));
      g_assert_cmpstr (gantry_check_status_to_string (gantry_check_result_get_status (result)),
                       ==, "pass");
    }
  s3 = gantry_audit_lookup_result (audit, "s3.block-public-access");
  g_assert_cmpint (gantry_check_result_get_status (s3), ==, GANTRY_CHECK_STATUS_ERROR);
  g_assert_nonnull (strstr (gantry_check_result_get_detail (s3), "Could not evaluate"));
  g_assert_cmpuint (gantry_audit_count (audit, GANTRY_CHECK_STATUS_PASS), ==, checks->len - 1);

  /* Discovery pins down what was found. */
  gantry_snapshot_discover (gantry_audit_get_snapshot (audit), env);
  g_assert_cmpstr (gantry_environment_get_vpc_id (env), ==, PROD_VPC);
  g_assert_cmpstr (gantry_environment_get_db_cluster (env), ==, "prod-db");
  g_assert_cmpstr (gantry_environment_get_load_balancer (env), ==, "prod-alb");
  g_assert_cmpstr (gantry_environment_get_cluster (env), ==, "prod");
  g_assert_cmpstrv (gantry_environment_get_repositories (env),
                    ((const char * const[]) { "backend", "frontend", NULL }));
}

/* Each Describe once; independent ones in flight together. */
static void
test_calls_once_and_concurrent (void)
{
  g_autoptr(GantryTestAwsFake) fake = gantry_test_aws_fake_new ("checks/good");
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = run_audit (fake, env);
  const char *keys[] = {
    "sts:GetCallerIdentity", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
    "ec2:DescribeNetworkAcls", "ec2:DescribeSecurityGroups", "rds:DescribeDBClusters",
    "rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups", "rds:DescribeDBClusterParameters",
    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners",
    "monitoring:DescribeAlarms", "backup:ListBackupPlans", "backup:GetBackupPlan",
    "backup:ListBackupSelections", "backup:GetBackupSelection",
    "ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
    "ecr:DescribeRepositories", "logs:DescribeLogGroups",
  };
  /* Made once per resource: two task definitions, two repositories. */
  const char *per_resource[] = { "ecs:DescribeTaskDefinition", "ecr:GetRepositoryPolicy" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_test_message ("%s", keys[i]);
      g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, keys[i]), ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (per_resource); i++)
    g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, per_resource[i]), ==, 2);
  g_assert_cmpuint (gantry_test_aws_fake_get_total (fake), ==,
                    G_N_ELEMENTS (keys) + 2 * G_N_ELEMENTS (per_resource));
  /* The 15 independent first-wave calls overlap. */
  g_test_message ("max in flight: %u", gantry_test_aws_fake_get_max_in_flight (fake));
  g_assert_cmpuint (gantry_test_aws_fake_get_max_in_flight (fake), >=, 10);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

/* Results appear while the slower sources are still out. */
static void
test_partial_results (void)
{
  g_autoptr(GantryTestAwsFake) fake = gantry_test_aws_fake_new ("checks/good");
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = gantry_audit_new (gantry_test_aws_fake_get_client (fake), env);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = gantry_audit_get_results (audit);
  guint n_signals = 0;
  guint seen_while_running = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);
  gantry_audit_run_async (audit, NULL, store_result, &result);
  g_assert_true (gantry_audit_get_running (audit));
  while (result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (result == NULL && gantry_audit_get_running (audit))
        seen_while_running = MAX (seen_while_running, g_list_model_get_n_items (model));
    }
  g_assert_true (gantry_audit_run_finish (audit, result, &error));
  g_assert_cmpuint (seen_while_running, >, 0);
  g_assert_cmpuint (seen_while_running, <, g_list_model_get_n_items (model));
  g_assert_cmpuint (n_signals, >, 1);
  g_assert_true (g_list_model_get_item_type (model) == GANTRY_TYPE_CHECK_RESULT);
}

/* One refused call makes only the checks that need it say what is missing. */
static void
test_access_denied (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  GantryCheckResult *result;

  gantry_test_aws_fake_set (fake, "ec2:DescribeNetworkAcls", 403,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                            "<Code>UnauthorizedOperation</Code><Message>You are not authorized "
                            "to perform this operation.</Message></Error></Errors>"
                            "<RequestID>r-1</RequestID></Response>");
  gantry_test_aws_fake_set (fake, "monitoring:DescribeAlarms", 501, "not implemented");
  gantry_test_aws_fake_set (fake, "logs:DescribeLogGroups", 400,
                            "{\"__type\": \"AccessDeniedException\", \"message\": \"User is "
                            "not authorized to perform: logs:DescribeLogGroups\"}");
  audit = run_audit (fake, env);

  result = gantry_audit_lookup_result (audit, "nacl.block-admin-ports");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_ERROR);
  g_assert_nonnull (strstr (gantry_check_result_get_detail (result), "ec2:DescribeNetworkAcls"));
  g_assert_nonnull (strstr (gantry_check_result_get_detail (result), "access denied"));

  result = gantry_audit_lookup_result (audit, "cw.alarms");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_ERROR);
  g_assert_nonnull (strstr (gantry_check_result_get_detail (result), "not available"));

  result = gantry_audit_lookup_result (audit, "ecs.logging");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_ERROR);
  g_assert_nonnull (strstr (gantry_check_result_get_detail (result),
                            "the IAM permission “logs:DescribeLogGroups” is missing"));
  result = gantry_audit_lookup_result (audit, "ecs.circuit-breaker");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_PASS);

  result = gantry_audit_lookup_result (audit, "sg.default-closed");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_PASS);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = gantry_audit_new (gantry_test_aws_fake_get_client (fake), env);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_audit_run_async (audit, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gantry_audit_run_finish (audit, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_s3_block_public_access (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = run_audit (fake, env);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "checks",
                                                 "s3control-GetPublicAccessBlock.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GantrySnapshot *snapshot = gantry_audit_get_snapshot (audit);
  GantryCheck *check = gantry_audit_find_check (audit, "s3.block-public-access");
  GantrySnapshotPublicAccessBlock *block;
  g_autoptr(GantryCheckResult) pass = NULL;
  g_autoptr(GantryCheckResult) fail = NULL;
  g_autoptr(GString) off = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  body = g_bytes_new (contents, strlen (contents));
  block = gantry_snapshot_parse_public_access_block (body, &error);
  g_assert_no_error (error);
  _gantry_snapshot_set_public_access_block (snapshot, block, NULL);
  pass = gantry_check_evaluate (check, snapshot, env);
  g_assert_cmpint (gantry_check_result_get_status (pass), ==, GANTRY_CHECK_STATUS_PASS);

  off = g_string_new (contents);
  g_string_replace (off, "<BlockPublicPolicy>true", "<BlockPublicPolicy>false", 1);
  g_clear_pointer (&body, g_bytes_unref);
  body = g_bytes_new (off->str, off->len);
  block = gantry_snapshot_parse_public_access_block (body, &error);
  g_assert_no_error (error);
  _gantry_snapshot_set_public_access_block (snapshot, block, NULL);
  fail = gantry_check_evaluate (check, snapshot, env);
  g_assert_cmpint (gantry_check_result_get_status (fail), ==, GANTRY_CHECK_STATUS_FAIL);
  g_assert_nonnull (strstr (gantry_check_result_get_detail (fail), "BlockPublicPolicy"));

  g_clear_pointer (&body, g_bytes_unref);
  body = g_bytes_new_static ("<Error><Code>NoSuchPublicAccessBlockConfiguration</Code></Error>",
                             strlen ("<Error><Code>NoSuchPublicAccessBlockConfiguration</Code></Error>"));
  g_assert_null (gantry_snapshot_parse_public_access_block (body, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
}

static void
test_waiver (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  GantryCheckResult *result;

  gantry_test_aws_fake_patch (fake, "rds:DescribeDBClusters",
                              "<BackupRetentionPeriod>7</BackupRetentionPeriod>",
                              "<BackupRetentionPeriod>3</BackupRetentionPeriod>");
  gantry_environment_set_waiver (env, "db.backup-retention", "snapshots are taken hourly");
  audit = run_audit (fake, env);
  result = gantry_audit_lookup_result (audit, "db.backup-retention");
  g_assert_cmpint (gantry_check_result_get_status (result), ==, GANTRY_CHECK_STATUS_FAIL);
  g_assert_true (gantry_check_result_get_waived (result));
  g_assert_cmpstr (gantry_check_result_get_waiver_reason (result), ==,
                   "snapshots are taken hourly");
}

static void
test_reports (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *markdown = NULL;
  JsonObject *root, *summary, *first, *fix;
  JsonArray *checks;

  gantry_test_aws_fake_patch (fake, "ec2:DescribeNetworkAcls", "<ruleNumber>15</ruleNumber>",
                              "<ruleNumber>150</ruleNumber>");
  audit = run_audit (fake, env);

  node = gantry_audit_to_json (audit, when);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "account"), ==, "123456789012");
  g_assert_cmpstr (json_object_get_string_member (root, "region"), ==, "us-east-1");
  g_assert_cmpstr (json_object_get_string_member (root, "generated_at"), ==,
                   "2026-01-02T03:04:05Z");
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "fail"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "error"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "warn"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "not_applicable"), ==, 0);
  checks = json_object_get_array_member (root, "checks");
  first = json_array_get_object_element (checks, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "vpc.selected");
  g_assert_cmpstr (json_object_get_string_member (first, "group"), ==, "network");
  g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "pass");
  g_assert_true (json_object_has_member (first, "title"));
  g_assert_true (json_object_has_member (first, "detail"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "resources")),
                    ==, 1);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *item = json_array_get_object_element (checks, i);

      if (!g_str_equal (json_object_get_string_member (item, "id"), "nacl.block-admin-ports"))
        continue;
      fix = json_object_get_object_member (item, "fix");
      g_assert_true (json_object_get_boolean_member (fix, "available"));
      g_assert_nonnull (strstr (json_object_get_string_member (fix, "description"),
                                "ec2:CreateNetworkAclEntry"));
      g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "fail");
    }

  markdown = gantry_audit_to_markdown (audit, when);
  g_assert_nonnull (strstr (markdown, "## Network\n"));
  g_assert_nonnull (strstr (markdown, "## Security groups\n"));
  g_assert_nonnull (strstr (markdown, "| Fail | `nacl.block-admin-ports`"));
}

static void
store_fix (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The fix makes the calls it showed, then re-reads the account. */
static void
test_fix_nacl (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_aws_fake_patch (fake, "ec2:DescribeNetworkAcls", "<ruleNumber>15</ruleNumber>",
                              "<ruleNumber>150</ruleNumber>");
  gantry_test_aws_fake_set (fake, "ec2:CreateNetworkAclEntry", 200,
                            "<CreateNetworkAclEntryResponse xmlns=\"http://ec2.amazonaws.com/doc/"
                            "2016-11-15/\"><requestId>r-2</requestId><return>true</return>"
                            "</CreateNetworkAclEntryResponse>");
  audit = run_audit (fake, env);

  gantry_audit_fix_async (audit, "nacl.block-admin-ports", NULL, store_fix, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  fresh = gantry_audit_fix_finish (audit, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ec2:CreateNetworkAclEntry"), ==, 1);
  /* Re-read once more; the fake still answers with the old ACLs. */
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ec2:DescribeNetworkAcls"), ==, 2);
  g_assert_true (gantry_audit_lookup_result (audit, "nacl.block-admin-ports") == fresh);
}

static void
test_fix_refused (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_aws_fake_patch (fake, "ec2:DescribeNetworkAcls", "<ruleNumber>15</ruleNumber>",
                              "<ruleNumber>150</ruleNumber>");
  gantry_test_aws_fake_set (fake, "ec2:CreateNetworkAclEntry", 403,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                            "<Code>UnauthorizedOperation</Code><Message>no</Message></Error>"
                            "</Errors><RequestID>r-3</RequestID></Response>");
  audit = run_audit (fake, env);

  gantry_audit_fix_async (audit, "nacl.block-admin-ports", NULL, store_fix, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  fresh = gantry_audit_fix_finish (audit, result, &error);
  g_assert_null (fresh);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  g_clear_object (&result);
  gantry_audit_fix_async (audit, "vpc.selected", NULL, store_fix, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (gantry_audit_fix_finish (audit, result, &error));
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE);
}

static GantryCheckResult *
fix_and_wait (GantryAudit  *audit,
              const char   *check_id,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_audit_fix_async (audit, check_id, NULL, store_fix, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_audit_fix_finish (audit, result, error);
}

/* UpdateClusterSettings as AWS answers it: the fix succeeds and re-checks. */
static void
test_fix_container_insights (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_aws_fake_patch (fake, "ecs:DescribeClusters", "\"value\": \"enabled\"",
                              "\"value\": \"disabled\"");
  gantry_test_aws_fake_set (fake, "ecs:UpdateClusterSettings", 200,
                            "{\"cluster\": {\"clusterArn\": \"arn:aws:ecs:us-east-1:"
                            "123456789012:cluster/prod\", \"clusterName\": \"prod\", "
                            "\"status\": \"ACTIVE\", \"settings\": [{\"name\": "
                            "\"containerInsights\", \"value\": \"enabled\"}]}}");
  audit = run_audit (fake, env);
  g_assert_cmpint (gantry_check_result_get_status (gantry_audit_lookup_result (
                     audit, "ecs.container-insights")), ==, GANTRY_CHECK_STATUS_FAIL);

  fresh = fix_and_wait (audit, "ecs.container-insights", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecs:UpdateClusterSettings"), ==, 1);
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecs:DescribeClusters"), ==, 2);
}

/* What moto answers (HTTP 500): the fix fails, says why, changes nothing. */
static void
test_fix_container_insights_unavailable (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_aws_fake_patch (fake, "ecs:DescribeClusters", "\"value\": \"enabled\"",
                              "\"value\": \"disabled\"");
  gantry_test_aws_fake_set (fake, "ecs:UpdateClusterSettings", 500,
                            "{\"__type\": \"InternalFailure\", \"message\": \"The "
                            "UpdateClusterSettings action has not been implemented\"}");
  audit = run_audit (fake, env);

  fresh = fix_and_wait (audit, "ecs.container-insights", &error);
  g_assert_null (fresh);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE);
  g_assert_nonnull (strstr (error->message, "Container Insights was not turned on for cluster "
                                            "prod: this endpoint does not implement "
                                            "ecs:UpdateClusterSettings, so nothing was changed"));
  /* No re-check after a failed fix: the result stands as it was. */
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecs:DescribeClusters"), ==, 1);
  g_assert_cmpint (gantry_check_result_get_status (gantry_audit_lookup_result (
                     audit, "ecs.container-insights")), ==, GANTRY_CHECK_STATUS_FAIL);
}

/* Replies to GetRepositoryPolicy for @repository with @policy. */
static void
set_policy (GantryTestAwsFake *fake,
            const char        *repository,
            const char        *policy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = g_strdup_printf ("ecr:GetRepositoryPolicy+%s", repository);
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "registryId");
  json_builder_add_string_value (builder, "123456789012");
  json_builder_set_member_name (builder, "repositoryName");
  json_builder_add_string_value (builder, repository);
  json_builder_set_member_name (builder, "policyText");
  json_builder_add_string_value (builder, policy);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  gantry_test_aws_fake_set (fake, key, 200, body);
}

/* The merged policy keeps every statement there was, and adds Gantry's. */
static void
test_fix_cross_account_policy (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *calls;

  set_policy (fake, "backend",
              "{\"Version\": \"2012-10-17\", \"Statement\": ["
              "{\"Sid\": \"CiReadOnly\", \"Effect\": \"Allow\", \"Principal\": "
              "{\"AWS\": \"arn:aws:iam::444455556666:role/ci\"}, \"Action\": "
              "\"ecr:BatchGetImage\"},"
              "{\"Sid\": \"AllowPushPull\", \"Effect\": \"Allow\", \"Principal\": "
              "{\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": "
              "[\"ecr:GetDownloadUrlForLayer\", \"ecr:BatchGetImage\", "
              "\"ecr:BatchCheckLayerAvailability\"]}]}");
  gantry_test_aws_fake_set (fake, "ecr:SetRepositoryPolicy", 200,
                            "{\"registryId\": \"123456789012\", \"repositoryName\": "
                            "\"backend\", \"policyText\": \"{}\"}");
  audit = run_audit (fake, env);

  calls = gantry_check_result_get_fix_calls (gantry_audit_lookup_result (
                                               audit, "ecr.cross-account-policy"));
  g_assert_cmpuint (calls->len, ==, 1);
  text = gantry_fix_call_to_string (calls->pdata[0]);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "repositoryName=backend policyText={"));
  g_assert_nonnull (strstr (text, "\"Sid\":\"CiReadOnly\""));
  g_assert_nonnull (strstr (text, "\"Sid\":\"AllowPushPull\""));
  g_assert_nonnull (strstr (text, "\"Sid\":\"GantryDevPushPull\",\"Effect\":\"Allow\","
                                  "\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\"]}"));

  fresh = fix_and_wait (audit, "ecr.cross-account-policy", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  /* Read by the audit, afresh by the fix, by the re-check; written for backend only. */
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecr:GetRepositoryPolicy"), ==,
                    2 + 2 + 2);
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecr:SetRepositoryPolicy"), ==, 1);
}

/* A refusal on the second repository puts the first one's policy back. */
static void
test_fix_cross_account_policy_undone (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *dev[] = { DEV_ACCOUNT, "444455556666", NULL };

  /* A second dev account: both repositories lack it. */
  gantry_environment_set_dev_accounts (env, dev);
  gantry_test_aws_fake_set (fake, "ecr:SetRepositoryPolicy+backend", 200,
                            "{\"registryId\": \"123456789012\", \"repositoryName\": "
                            "\"backend\", \"policyText\": \"{}\"}");
  gantry_test_aws_fake_set (fake, "ecr:SetRepositoryPolicy+frontend", 400,
                            "{\"__type\": \"InvalidParameterException\", \"message\": "
                            "\"Invalid repository policy provided\"}");
  audit = run_audit (fake, env);

  g_assert_null (fix_and_wait (audit, "ecr.cross-account-policy", &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The policy of frontend was not changed"));
  /* backend set, frontend refused, backend restored. */
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecr:SetRepositoryPolicy"), ==, 3);
}

static void
test_fix_scan_on_push (void)
{
  g_autoptr(GantryTestAwsFake) fake = new_fake ();
  g_autoptr(GantryEnvironment) env = new_environment ();
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GantryCheckResult) fresh = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_aws_fake_patch (fake, "ecr:DescribeRepositories",
                              "(?s)(\"repositoryName\": \"frontend\",.*?\"scanOnPush\": )true",
                              "\\1false");
  gantry_test_aws_fake_set (fake, "ecr:PutImageScanningConfiguration", 200,
                            "{\"registryId\": \"123456789012\", \"repositoryName\": "
                            "\"frontend\", \"imageScanningConfiguration\": "
                            "{\"scanOnPush\": true}}");
  audit = run_audit (fake, env);

  fresh = fix_and_wait (audit, "ecr.scan-on-push", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_assert_cmpuint (gantry_test_aws_fake_get_count (fake, "ecr:PutImageScanningConfiguration"),
                    ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/checks/good-account", test_good_account);
  g_test_add_func ("/core/checks/calls-once-and-concurrent", test_calls_once_and_concurrent);
  g_test_add_func ("/core/checks/partial-results", test_partial_results);
  g_test_add_func ("/core/checks/access-denied", test_access_denied);
  g_test_add_func ("/core/checks/cancelled", test_cancelled);
  g_test_add_func ("/core/checks/s3.block-public-access", test_s3_block_public_access);
  g_test_add_func ("/core/checks/waiver", test_waiver);
  g_test_add_func ("/core/checks/reports", test_reports);
  g_test_add_func ("/core/checks/fix/nacl", test_fix_nacl);
  g_test_add_func ("/core/checks/fix/refused", test_fix_refused);
  g_test_add_func ("/core/checks/fix/container-insights", test_fix_container_insights);
  g_test_add_func ("/core/checks/fix/container-insights-unavailable",
                   test_fix_container_insights_unavailable);
  g_test_add_func ("/core/checks/fix/cross-account-policy", test_fix_cross_account_policy);
  g_test_add_func ("/core/checks/fix/cross-account-policy-undone",
                   test_fix_cross_account_policy_undone);
  g_test_add_func ("/core/checks/fix/scan-on-push", test_fix_scan_on_push);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);

  return g_test_run ();
}
