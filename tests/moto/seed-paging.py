#!/usr/bin/env python3
# seed-paging.py: create enough resources to make every paged list call page
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Gantry's request engine follows nextToken (JSON services) and Marker /
# NextToken (query services). Against moto that only gets exercised when a
# list is longer than the page size the test asks for, so this script makes
# --count (default 12) of each kind the client pages through:
#
#   ECR repositories repo-00 … repo-NN     DescribeRepositories (nextToken)
#   ECS task-definition family "paging"    ListTaskDefinitions (nextToken)
#   EC2 security groups paging-sg-NN        DescribeSecurityGroups (NextToken)
#   RDS DB subnet groups paging-dbsg-NN     DescribeDBSubnetGroups (Marker)
#   ELBv2 target groups paging-tg-NN        DescribeTargetGroups (Marker)
#
# and, only when asked for (they are slower to make and only some tests
# need them), the kinds moto itself pages, so a client that stops after the
# first page gets caught:
#
#   --db-instances N: RDS instances paging-db-NN   DescribeDBInstances (Marker)
#   --load-balancers N: ALBs paging-lb-NN          DescribeLoadBalancers (NextMarker)
#
# Credentials come from the environment (AWS_ACCESS_KEY_ID/…): the harness
# puts them there so a secret never shows up in argv. Prints a JSON summary.

import argparse
import json
import os
import sys

import boto3

REGION = "us-east-1"


def main():
    parser = argparse.ArgumentParser(description="Seed moto with resources for pagination tests.")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--db-instances", type=int, default=0)
    parser.add_argument("--load-balancers", type=int, default=0)
    args = parser.parse_args()
    n = args.count

    session = boto3.session.Session(region_name=os.environ.get("AWS_DEFAULT_REGION", REGION))

    def client(name):
        return session.client(name, endpoint_url=args.endpoint)

    ecr, ecs, ec2, rds, elbv2 = (client(s) for s in ("ecr", "ecs", "ec2", "rds", "elbv2"))

    repositories = []
    for i in range(n):
        repo = ecr.create_repository(repositoryName=f"repo-{i:02d}")["repository"]
        repositories.append(repo["repositoryName"])

    task_definitions = []
    for i in range(n):
        td = ecs.register_task_definition(
            family="paging",
            containerDefinitions=[
                {
                    "name": "app",
                    "image": f"public.ecr.aws/docker/library/busybox:1.36.{i}",
                    "memory": 128,
                    "essential": True,
                }
            ],
        )["taskDefinition"]
        task_definitions.append(td["taskDefinitionArn"])

    # Subnet groups and target groups need a VPC; a dedicated one keeps the
    # paged resources apart from whatever else a test creates.
    vpc_id = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    subnet_ids = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.99.{i}.0/24", AvailabilityZone=az)[
            "Subnet"
        ]["SubnetId"]
        for i, az in enumerate(("us-east-1a", "us-east-1b"))
    ]

    security_groups = []
    for i in range(n):
        sg = ec2.create_security_group(
            GroupName=f"paging-sg-{i:02d}", Description=f"paging test {i}", VpcId=vpc_id
        )
        security_groups.append(sg["GroupId"])

    db_subnet_groups = []
    for i in range(n):
        group = rds.create_db_subnet_group(
            DBSubnetGroupName=f"paging-dbsg-{i:02d}",
            DBSubnetGroupDescription=f"paging test {i}",
            SubnetIds=subnet_ids,
        )["DBSubnetGroup"]
        db_subnet_groups.append(group["DBSubnetGroupName"])

    target_groups = []
    for i in range(n):
        tg = elbv2.create_target_group(
            Name=f"paging-tg-{i:02d}", Protocol="HTTP", Port=8000, VpcId=vpc_id, TargetType="ip"
        )["TargetGroups"][0]
        target_groups.append(tg["TargetGroupArn"])

    db_instances = []
    for i in range(args.db_instances):
        instance = rds.create_db_instance(
            DBInstanceIdentifier=f"paging-db-{i:02d}",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            MasterUsername="postgres",
            MasterUserPassword="paging-test-only",
            AllocatedStorage=20,
        )["DBInstance"]
        db_instances.append(instance["DBInstanceIdentifier"])

    load_balancers = []
    for i in range(args.load_balancers):
        lb = elbv2.create_load_balancer(
            Name=f"paging-lb-{i:02d}", Subnets=subnet_ids, Scheme="internal", Type="application"
        )["LoadBalancers"][0]
        load_balancers.append(lb["LoadBalancerArn"])

    json.dump(
        {
            "Count": n,
            "VpcId": vpc_id,
            "SubnetIds": subnet_ids,
            "Repositories": repositories,
            "TaskDefinitions": task_definitions,
            "SecurityGroups": security_groups,
            "DBSubnetGroups": db_subnet_groups,
            "TargetGroups": target_groups,
            "DBInstances": db_instances,
            "LoadBalancers": load_balancers,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
