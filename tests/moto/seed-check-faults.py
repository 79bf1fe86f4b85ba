#!/usr/bin/env python3
# seed-check-faults.py: extra faults for the Setup audit's integration test
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run after the demo seed. The demo account already breaks
# nacl.block-admin-ports, sg.default-closed, sg.ecs-ingress and (its pull-only
# repository policy) ecr.cross-account-policy; this adds faults, most without
# an automatic fix, so the test sees fixes applied to some items and left
# alone on others:
#   - db.backup-retention: the cluster keeps backups for 3 days,
#   - lb.https: a plain HTTP listener on 8080 forwards instead of redirecting,
#   - ecs.container-insights: turned off on cluster prod (its fix,
#     UpdateClusterSettings, is not implemented by moto: it must fail cleanly),
#   - ecs.private-networking: prod-api runs in the public subnets with public IPs,
#   - ecs.task-family-matches-service, ecs.logging, ecr.repositories: runbook
#     004's mistake, the prod-app service updated with prod-api-task, whose
#     image names a repository copied from elsewhere (convergence-prod-api)
#     and whose log group was never created,
#   - ecr.tags-mutable: backend's tags are all immutable,
#   - ecr.scan-on-push: backend does not scan on push (fix: turn it on).
# With prod-app on the mistaken task, the services use backend only, so
# discovery selects backend alone.
# Prints a JSON summary of what it changed.
#
# Usage: seed-check-faults.py --endpoint http://127.0.0.1:PORT
#        seed-check-faults.py --endpoint URL --show-policy REPOSITORY
#        (prints the repository's policy text; changes nothing)

import argparse
import json
import sys

import boto3


def main():
    parser = argparse.ArgumentParser(description="Add Setup audit faults to the demo account.")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--show-policy", metavar="REPOSITORY",
                        help="print a repository's policy instead of adding faults")
    args = parser.parse_args()
    session = boto3.session.Session(region_name="us-east-1")

    if args.show_policy:
        ecr = session.client("ecr", endpoint_url=args.endpoint)
        sys.stdout.write(ecr.get_repository_policy(repositoryName=args.show_policy)["policyText"])
        sys.stdout.write("\n")
        return 0

    rds = session.client("rds", endpoint_url=args.endpoint)
    rds.modify_db_cluster(DBClusterIdentifier="prod-db", BackupRetentionPeriod=3,
                          ApplyImmediately=True)

    elbv2 = session.client("elbv2", endpoint_url=args.endpoint)
    balancer = elbv2.describe_load_balancers(Names=["prod-alb"])["LoadBalancers"][0]
    group = elbv2.describe_target_groups(Names=["prod-app-tg"])["TargetGroups"][0]
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=8080,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}],
    )["Listeners"][0]["ListenerArn"]

    ecs = session.client("ecs", endpoint_url=args.endpoint)
    ecs.update_cluster(cluster="prod",
                       settings=[{"name": "containerInsights", "value": "disabled"}])
    ec2 = session.client("ec2", endpoint_url=args.endpoint)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["prod-vpc"]}])["Vpcs"][0]
    public = sorted(
        subnet["SubnetId"]
        for subnet in ec2.describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                     {"Name": "tag:Name", "Values": ["prod-public-*"]}])["Subnets"]
    )
    api = ecs.describe_services(cluster="prod", services=["prod-api"])["services"][0]
    network = api["networkConfiguration"]["awsvpcConfiguration"]
    ecs.update_service(
        cluster="prod",
        service="prod-api",
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": public,
            "securityGroups": network["securityGroups"],
            "assignPublicIp": "ENABLED",
        }},
    )

    account = session.client("sts", endpoint_url=args.endpoint).get_caller_identity()["Account"]
    wrong_task = ecs.register_task_definition(
        family="prod-api-task",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="1024",
        memory="2048",
        containerDefinitions=[{
            "name": "prod-api",
            "image": f"{account}.dkr.ecr.us-east-1.amazonaws.com/convergence-prod-api:2.1.0",
            "essential": True,
            "portMappings": [{"containerPort": 8000, "protocol": "tcp"}],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/prod-api-task",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "ecs",
                },
            },
        }],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.update_service(cluster="prod", service="prod-app", taskDefinition=wrong_task)

    ecr = session.client("ecr", endpoint_url=args.endpoint)
    ecr.put_image_tag_mutability(repositoryName="backend", imageTagMutability="IMMUTABLE")
    ecr.put_image_scanning_configuration(repositoryName="backend",
                                         imageScanningConfiguration={"scanOnPush": False})

    json.dump({"BackupRetentionPeriod": 3, "PlainListenerArn": listener,
               "PublicSubnetIds": public, "WrongTaskDefinitionArn": wrong_task}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
