#!/usr/bin/env python3
# gantry-demo-seed.py: lay out Gantry's demo production account in moto
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `gantry --demo`, `gantryctl --demo` and the UI tests run against a local
# moto_server seeded by this script. The account is laid out the way the
# production runbooks (shared/seeds 000 and 001) ask for, so the Setup
# checklist, the Promotions page and the History page all have something
# real to show:
#
#   network   prod-vpc 10.0.0.0/16; public subnets in us-east-1a/b routed to an
#             internet gateway; private subnets in the same AZs, each routed
#             to a NAT gateway in its AZ; NACLs on both tiers
#   security  prod-lb-sg (443, 80 from anywhere) -> prod-ecs-sg (8000 from the
#             LB group) -> prod-db-sg (5432 from the ECS group)
#   database  DB subnet group over the private subnets; aurora-postgresql
#             cluster prod-db, encrypted, rds.force_ssl=1, two instances in
#             two AZs; an AWS Backup plan copying to Oregon (us-west-2)
#   traffic   internet-facing ALB prod-alb, HTTPS listener (ACM certificate)
#             forwarding to the target groups, HTTP listener redirecting to
#             HTTPS
#   ecs       cluster prod with Container Insights on; task families prod-api
#             and prod-app with three revisions each; services prod-api and
#             prod-app; log groups /ecs/prod-api and /ecs/prod-app
#   ecr       backend and frontend: scan on push, tags immutable except
#             prod-*, pull policy for the dev account 111122223333; images:
#             prod-latest on an older build, prod-candidate (+ its commit tag)
#             on the newest, older prod-candidate-<commit> builds in between
#
# A demo with nothing to fix teaches nothing, so a few realistic faults are
# left in on purpose and listed under "Faults" in the summary:
#   - the VPC's default security group keeps its default rules,
#   - the private NACL denies 22 but forgets 3389,
#   - prod-ecs-sg also opens 22 to 0.0.0.0/0 (someone's "temporary" SSH rule).
#
# Usage: gantry-demo-seed.py [--endpoint http://127.0.0.1:PORT]
# (without --endpoint, AWS_ENDPOINT_URL names moto).
# Credentials come from the environment; without any, moto's conventional
# "testing" pair is used, which works while moto is not verifying signatures.
# Prints a JSON summary of the IDs it created on stdout. Run it once on a
# fresh moto; a second run notices the demo VPC and only reprints its ID.

import argparse
import hashlib
import json
import os
import sys

import boto3

REGION = "us-east-1"
BACKUP_REGION = "us-west-2"
AZS = ("us-east-1a", "us-east-1b")
DEV_ACCOUNT = "111122223333"
ALL_TRAFFIC = "0.0.0.0/0"

# Commits of the builds in push order, the oldest first. Which tags each
# build ends up with is decided in push_images().
BUILDS = ("3f9c2a1", "8be41d7", "c07d5e2", "e4a91b6")


def tags(name, **extra):
    result = [{"Key": "Name", "Value": name}, {"Key": "Environment", "Value": "prod"}]
    result += [{"Key": k, "Value": v} for k, v in extra.items()]
    return result


def tag_spec(resource_type, name):
    return [{"ResourceType": resource_type, "Tags": tags(name)}]


def sha256(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def docker_manifest(repository, commit):
    """A Docker image manifest v2 schema 2 that looks like a real build.

    The digests are sha256 of stand-in content so they are well-formed and
    differ per build; the base layers are shared between builds, as they are
    when only the application layer changes."""
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 7023 + len(repository),
                "digest": sha256(f"config {repository} {commit}"),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 29124512,
                    "digest": sha256("base debian:bookworm-slim"),
                },
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 11872331,
                    "digest": sha256(f"runtime {repository}"),
                },
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 2048000 + int(commit, 16) % 65536,
                    "digest": sha256(f"app {repository} {commit}"),
                },
            ],
        },
        indent=3,
    )


class Seeder:
    def __init__(self, endpoint):
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        self.endpoint = endpoint
        self.session = boto3.session.Session(region_name=REGION)
        self.summary = {"Region": REGION, "Faults": []}

    def client(self, service, region=REGION):
        return self.session.client(service, endpoint_url=self.endpoint, region_name=region)

    def existing_vpc(self):
        vpcs = self.client("ec2").describe_vpcs(
            Filters=[{"Name": "tag:Name", "Values": ["prod-vpc"]}]
        )["Vpcs"]
        return vpcs[0]["VpcId"] if vpcs else None

    def network(self):
        ec2 = self.client("ec2")
        vpc_id = ec2.create_vpc(
            CidrBlock="10.0.0.0/16", TagSpecifications=tag_spec("vpc", "prod-vpc")
        )["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})

        igw_id = ec2.create_internet_gateway(
            TagSpecifications=tag_spec("internet-gateway", "prod-igw")
        )["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)

        public, private, nats = [], [], []
        for i, az in enumerate(AZS):
            suffix = az[-1]
            public.append(
                ec2.create_subnet(
                    VpcId=vpc_id,
                    CidrBlock=f"10.0.{i}.0/24",
                    AvailabilityZone=az,
                    TagSpecifications=tag_spec("subnet", f"prod-public-{suffix}"),
                )["Subnet"]["SubnetId"]
            )
            private.append(
                ec2.create_subnet(
                    VpcId=vpc_id,
                    CidrBlock=f"10.0.{10 + i}.0/24",
                    AvailabilityZone=az,
                    TagSpecifications=tag_spec("subnet", f"prod-private-{suffix}"),
                )["Subnet"]["SubnetId"]
            )

        public_rt = ec2.create_route_table(
            VpcId=vpc_id, TagSpecifications=tag_spec("route-table", "prod-public-rt")
        )["RouteTable"]["RouteTableId"]
        ec2.create_route(
            RouteTableId=public_rt, DestinationCidrBlock=ALL_TRAFFIC, GatewayId=igw_id
        )
        for subnet_id in public:
            ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnet_id)

        private_rts = []
        for i, az in enumerate(AZS):
            suffix = az[-1]
            allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
            nat_id = ec2.create_nat_gateway(
                SubnetId=public[i],
                AllocationId=allocation,
                TagSpecifications=tag_spec("natgateway", f"prod-nat-{suffix}"),
            )["NatGateway"]["NatGatewayId"]
            nats.append(nat_id)
            rt = ec2.create_route_table(
                VpcId=vpc_id, TagSpecifications=tag_spec("route-table", f"prod-private-rt-{suffix}")
            )["RouteTable"]["RouteTableId"]
            ec2.create_route(
                RouteTableId=rt, DestinationCidrBlock=ALL_TRAFFIC, NatGatewayId=nat_id
            )
            ec2.associate_route_table(RouteTableId=rt, SubnetId=private[i])
            private_rts.append(rt)

        # NACLs: every subnet starts on the VPC's default NACL; move each tier
        # onto its own. The private one forgets the 3389 deny (a fault).
        default_acl = ec2.describe_network_acls(
            Filters=[
                {"Name": "vpc-id", "Values": [vpc_id]},
                {"Name": "default", "Values": ["true"]},
            ]
        )["NetworkAcls"][0]
        association_by_subnet = {
            a["SubnetId"]: a["NetworkAclAssociationId"] for a in default_acl["Associations"]
        }
        nacls = {}
        for tier, subnet_ids, denied_ports in (
            ("public", public, (22, 3389)),
            ("private", private, (22,)),
        ):
            acl_id = ec2.create_network_acl(
                VpcId=vpc_id, TagSpecifications=tag_spec("network-acl", f"prod-{tier}-nacl")
            )["NetworkAcl"]["NetworkAclId"]
            for n, port in enumerate(denied_ports):
                ec2.create_network_acl_entry(
                    NetworkAclId=acl_id,
                    RuleNumber=10 + 10 * n,
                    Protocol="6",
                    RuleAction="deny",
                    Egress=False,
                    CidrBlock=ALL_TRAFFIC,
                    PortRange={"From": port, "To": port},
                )
            for egress in (False, True):
                ec2.create_network_acl_entry(
                    NetworkAclId=acl_id,
                    RuleNumber=100,
                    Protocol="-1",
                    RuleAction="allow",
                    Egress=egress,
                    CidrBlock=ALL_TRAFFIC,
                )
            for subnet_id in subnet_ids:
                ec2.replace_network_acl_association(
                    AssociationId=association_by_subnet[subnet_id], NetworkAclId=acl_id
                )
            nacls[tier] = acl_id
        self.summary["Faults"].append(
            {"Resource": nacls["private"], "Fault": "network ACL does not deny port 3389"}
        )

        self.summary.update(
            {
                "VpcId": vpc_id,
                "InternetGatewayId": igw_id,
                "PublicSubnetIds": public,
                "PrivateSubnetIds": private,
                "NatGatewayIds": nats,
                "PublicRouteTableId": public_rt,
                "PrivateRouteTableIds": private_rts,
                "NetworkAclIds": nacls,
                "DefaultNetworkAclId": default_acl["NetworkAclId"],
            }
        )

    def security_groups(self):
        ec2 = self.client("ec2")
        vpc_id = self.summary["VpcId"]

        def create(name, description):
            return ec2.create_security_group(
                GroupName=name,
                Description=description,
                VpcId=vpc_id,
                TagSpecifications=tag_spec("security-group", name),
            )["GroupId"]

        def allow(group_id, port, cidr=None, source=None, description=""):
            permission = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
            if cidr:
                permission["IpRanges"] = [{"CidrIp": cidr, "Description": description}]
            else:
                permission["UserIdGroupPairs"] = [{"GroupId": source, "Description": description}]
            ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[permission])

        lb = create("prod-lb-sg", "prod load balancer: HTTPS and HTTP from the internet")
        ecs = create("prod-ecs-sg", "prod ECS tasks: app port from the load balancer")
        db = create("prod-db-sg", "prod database: PostgreSQL from the ECS tasks")
        allow(lb, 443, cidr=ALL_TRAFFIC, description="HTTPS from anywhere")
        allow(lb, 80, cidr=ALL_TRAFFIC, description="HTTP from anywhere, redirected to HTTPS")
        allow(ecs, 8000, source=lb, description="app port from prod-lb-sg")
        allow(ecs, 22, cidr=ALL_TRAFFIC, description="temporary ssh")
        allow(db, 5432, source=ecs, description="PostgreSQL from prod-ecs-sg")
        self.summary["Faults"].append(
            {"Resource": ecs, "Fault": "prod-ecs-sg allows port 22 from 0.0.0.0/0"}
        )

        default_sg = ec2.describe_security_groups(
            Filters=[
                {"Name": "vpc-id", "Values": [vpc_id]},
                {"Name": "group-name", "Values": ["default"]},
            ]
        )["SecurityGroups"][0]["GroupId"]
        self.summary["Faults"].append(
            {"Resource": default_sg, "Fault": "default security group keeps its default rules"}
        )
        self.summary["SecurityGroups"] = {
            "prod-lb-sg": lb,
            "prod-ecs-sg": ecs,
            "prod-db-sg": db,
            "default": default_sg,
        }

    def database(self):
        rds = self.client("rds")
        rds.create_db_subnet_group(
            DBSubnetGroupName="prod-db-subnets",
            DBSubnetGroupDescription="prod database: the two private subnets",
            SubnetIds=self.summary["PrivateSubnetIds"],
            Tags=tags("prod-db-subnets"),
        )
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName="prod-db-params",
            DBParameterGroupFamily="aurora-postgresql15",
            Description="prod database: TLS required",
        )
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName="prod-db-params",
            Parameters=[
                {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}
            ],
        )
        cluster = rds.create_db_cluster(
            DBClusterIdentifier="prod-db",
            Engine="aurora-postgresql",
            EngineVersion="15.4",
            MasterUsername="gantry_admin",
            # The password lives in Secrets Manager, as the runbook asks,
            # so the demo never carries one.
            ManageMasterUserPassword=True,
            DBSubnetGroupName="prod-db-subnets",
            VpcSecurityGroupIds=[self.summary["SecurityGroups"]["prod-db-sg"]],
            DBClusterParameterGroupName="prod-db-params",
            StorageEncrypted=True,
            BackupRetentionPeriod=7,
            DeletionProtection=True,
            Tags=tags("prod-db"),
        )["DBCluster"]
        instances = []
        for i, az in enumerate(AZS, start=1):
            instance = rds.create_db_instance(
                DBInstanceIdentifier=f"prod-db-{i}",
                DBClusterIdentifier="prod-db",
                Engine="aurora-postgresql",
                DBInstanceClass="db.r6g.large",
                AvailabilityZone=az,
                Tags=tags(f"prod-db-{i}"),
            )["DBInstance"]
            instances.append(instance["DBInstanceIdentifier"])

        backup = self.client("backup")
        oregon = self.client("backup", BACKUP_REGION)
        backup.create_backup_vault(BackupVaultName="prod-vault")
        oregon_vault = oregon.create_backup_vault(BackupVaultName="prod-vault-oregon")[
            "BackupVaultArn"
        ]
        plan_id = backup.create_backup_plan(
            BackupPlan={
                "BackupPlanName": "prod-db-daily",
                "Rules": [
                    {
                        "RuleName": "daily",
                        "TargetBackupVaultName": "prod-vault",
                        "ScheduleExpression": "cron(0 5 ? * * *)",
                        "Lifecycle": {"DeleteAfterDays": 35},
                        "CopyActions": [
                            {
                                "DestinationBackupVaultArn": oregon_vault,
                                "Lifecycle": {"DeleteAfterDays": 35},
                            }
                        ],
                    }
                ],
            }
        )["BackupPlanId"]
        # moto answers CreateBackupSelection with HTTP 500 (not implemented),
        # so the plan is not tied to the cluster here.
        self.summary.update(
            {
                "DBSubnetGroup": "prod-db-subnets",
                "DBClusterArn": cluster["DBClusterArn"],
                "DBInstances": instances,
                "BackupPlanId": plan_id,
            }
        )

    def load_balancer(self):
        acm = self.client("acm")
        elbv2 = self.client("elbv2")
        certificate = acm.request_certificate(
            DomainName="app.example.com",
            SubjectAlternativeNames=["api.example.com"],
            ValidationMethod="DNS",
        )["CertificateArn"]
        alb = elbv2.create_load_balancer(
            Name="prod-alb",
            Subnets=self.summary["PublicSubnetIds"],
            SecurityGroups=[self.summary["SecurityGroups"]["prod-lb-sg"]],
            Scheme="internet-facing",
            Type="application",
            IpAddressType="ipv4",
            Tags=tags("prod-alb"),
        )["LoadBalancers"][0]["LoadBalancerArn"]
        target_groups = {}
        for service in ("prod-api", "prod-app"):
            target_groups[service] = elbv2.create_target_group(
                Name=f"{service}-tg",
                Protocol="HTTP",
                Port=8000,
                VpcId=self.summary["VpcId"],
                TargetType="ip",
                HealthCheckPath="/health",
                Matcher={"HttpCode": "200"},
            )["TargetGroups"][0]["TargetGroupArn"]
        https = elbv2.create_listener(
            LoadBalancerArn=alb,
            Protocol="HTTPS",
            Port=443,
            SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
            Certificates=[{"CertificateArn": certificate}],
            DefaultActions=[{"Type": "forward", "TargetGroupArn": target_groups["prod-app"]}],
        )["Listeners"][0]["ListenerArn"]
        elbv2.create_rule(
            ListenerArn=https,
            Priority=10,
            Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
            Actions=[{"Type": "forward", "TargetGroupArn": target_groups["prod-api"]}],
        )
        http = elbv2.create_listener(
            LoadBalancerArn=alb,
            Protocol="HTTP",
            Port=80,
            DefaultActions=[
                {
                    "Type": "redirect",
                    "RedirectConfig": {
                        "Protocol": "HTTPS",
                        "Port": "443",
                        "StatusCode": "HTTP_301",
                    },
                }
            ],
        )["Listeners"][0]["ListenerArn"]
        self.summary.update(
            {
                "CertificateArn": certificate,
                "LoadBalancerArn": alb,
                "TargetGroupArns": target_groups,
                "ListenerArns": {"HTTPS": https, "HTTP": http},
            }
        )

    def repositories(self):
        ecr = self.client("ecr")
        dev_pull_policy = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AllowDevPull",
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{DEV_ACCOUNT}:root"},
                        "Action": [
                            "ecr:GetDownloadUrlForLayer",
                            "ecr:BatchGetImage",
                            "ecr:BatchCheckLayerAvailability",
                        ],
                    }
                ],
            }
        )
        repositories = {}
        for name in ("backend", "frontend"):
            repo = ecr.create_repository(
                repositoryName=name,
                imageScanningConfiguration={"scanOnPush": True},
                # Release tags are immutable; the promotion tags prod-* have
                # to move, so they are the exclusion.
                imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
                imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "prod-*"}],
                tags=tags(name),
            )["repository"]
            ecr.set_repository_policy(repositoryName=name, policyText=dev_pull_policy)
            repositories[name] = {
                "RepositoryUri": repo["repositoryUri"],
                "Images": self.push_images(ecr, name),
            }
        self.summary["Repositories"] = repositories

    @staticmethod
    def push_images(ecr, repository):
        """Push BUILDS in order, as the pipeline would have over a few weeks.

        Each build gets prod-candidate-<commit>; the newest also holds
        prod-candidate, and the second oldest was promoted: prod-latest."""
        images = []
        for commit in BUILDS:
            manifest = docker_manifest(repository, commit)
            for tag in (f"prod-candidate-{commit}", "prod-candidate"):
                image = ecr.put_image(
                    repositoryName=repository,
                    imageManifest=manifest,
                    imageManifestMediaType="application/vnd.docker.distribution.manifest.v2+json",
                    imageTag=tag,
                )["image"]
            images.append({"Commit": commit, "Digest": image["imageId"]["imageDigest"]})
        promoted = BUILDS[1]
        ecr.put_image(
            repositoryName=repository,
            imageManifest=docker_manifest(repository, promoted),
            imageManifestMediaType="application/vnd.docker.distribution.manifest.v2+json",
            imageTag="prod-latest",
        )
        # Report the tags ECR ended up with rather than the ones intended,
        # so the summary cannot drift from what the tests will read.
        tags_by_digest = {
            detail["imageDigest"]: sorted(detail.get("imageTags", []))
            for detail in ecr.describe_images(repositoryName=repository)["imageDetails"]
        }
        for image in images:
            image["Tags"] = tags_by_digest.get(image["Digest"], [])
        return images

    def ecs(self):
        ecs = self.client("ecs")
        logs = self.client("logs")
        cluster = ecs.create_cluster(
            clusterName="prod",
            settings=[{"name": "containerInsights", "value": "enabled"}],
            tags=[{"key": "Environment", "value": "prod"}],
        )["cluster"]["clusterArn"]

        families = {}
        services = {}
        for service, repository in (("prod-api", "backend"), ("prod-app", "frontend")):
            log_group = f"/ecs/{service}"
            logs.create_log_group(logGroupName=log_group)
            logs.put_retention_policy(logGroupName=log_group, retentionInDays=30)
            uri = self.summary["Repositories"][repository]["RepositoryUri"]
            revisions = []
            # Revisions 1..3 pinned to the three oldest builds: the history a
            # rollback picks from. The newest build is the pending candidate.
            for image in self.summary["Repositories"][repository]["Images"][:3]:
                revisions.append(
                    ecs.register_task_definition(
                        family=service,
                        networkMode="awsvpc",
                        requiresCompatibilities=["FARGATE"],
                        cpu="512",
                        memory="1024",
                        executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                        containerDefinitions=[
                            {
                                "name": service,
                                "image": f"{uri}@{image['Digest']}",
                                "essential": True,
                                "portMappings": [{"containerPort": 8000, "protocol": "tcp"}],
                                "environment": [{"name": "GIT_COMMIT", "value": image["Commit"]}],
                                "logConfiguration": {
                                    "logDriver": "awslogs",
                                    "options": {
                                        "awslogs-group": log_group,
                                        "awslogs-region": REGION,
                                        "awslogs-stream-prefix": "ecs",
                                    },
                                },
                            }
                        ],
                    )["taskDefinition"]["taskDefinitionArn"]
                )
            families[service] = revisions
            # The service runs revision 2, the one whose image is prod-latest.
            services[service] = ecs.create_service(
                cluster="prod",
                serviceName=service,
                taskDefinition=revisions[1],
                desiredCount=2,
                launchType="FARGATE",
                networkConfiguration={
                    "awsvpcConfiguration": {
                        "subnets": self.summary["PrivateSubnetIds"],
                        "securityGroups": [self.summary["SecurityGroups"]["prod-ecs-sg"]],
                        "assignPublicIp": "DISABLED",
                    }
                },
                loadBalancers=[
                    {
                        "targetGroupArn": self.summary["TargetGroupArns"][service],
                        "containerName": service,
                        "containerPort": 8000,
                    }
                ],
                deploymentConfiguration={
                    "deploymentCircuitBreaker": {"enable": True, "rollback": True},
                    "maximumPercent": 200,
                    "minimumHealthyPercent": 100,
                },
            )["service"]["serviceArn"]
        self.summary.update(
            {"ClusterArn": cluster, "TaskDefinitions": families, "Services": services}
        )


def main():
    parser = argparse.ArgumentParser(description="Seed moto with Gantry's demo account.")
    # Gantry passes the endpoint in the environment like the keys; the tests
    # and people running the seed by hand may give it on the command line.
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    parser.add_argument("--endpoint", default=endpoint, required=not endpoint,
                        help="moto_server URL (default: $AWS_ENDPOINT_URL)")
    args = parser.parse_args()

    seeder = Seeder(args.endpoint)
    vpc_id = seeder.existing_vpc()
    if vpc_id:
        json.dump({"AlreadySeeded": True, "VpcId": vpc_id}, sys.stdout)
        sys.stdout.write("\n")
        return 0

    seeder.network()
    seeder.security_groups()
    seeder.database()
    seeder.load_balancer()
    seeder.repositories()
    seeder.ecs()
    json.dump(seeder.summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
