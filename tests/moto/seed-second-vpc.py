#!/usr/bin/env python3
# seed-second-vpc.py: add a second non-default VPC next to the demo account's
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Auto-discovery fills the VPC only when there is exactly one non-default
# VPC; this makes the choice ambiguous, the way an account with a staging
# VPC beside production looks. Nothing else is added, so the DB cluster and
# the load balancer stay the only ones of their kind.
#
# Credentials come from the environment (the harness puts them there).
# Prints {"VpcId": "vpc-…"}.

import argparse
import json
import os
import sys

import boto3

REGION = "us-east-1"


def main():
    parser = argparse.ArgumentParser(description="Add a second non-default VPC to moto.")
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()

    session = boto3.session.Session(region_name=os.environ.get("AWS_DEFAULT_REGION", REGION))
    ec2 = session.client("ec2", endpoint_url=args.endpoint)
    vpc_id = ec2.create_vpc(
        CidrBlock="10.1.0.0/16",
        TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "staging-vpc"}]}
        ],
    )["Vpc"]["VpcId"]
    json.dump({"VpcId": vpc_id}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
