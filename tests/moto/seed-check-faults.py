#!/usr/bin/env python3
# seed-check-faults.py: extra faults for the Setup audit's integration test
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run after the demo seed. The demo account already breaks
# nacl.block-admin-ports, sg.default-closed and sg.ecs-ingress; this adds
# faults that have no automatic fix, so the test sees fixes applied to some
# items and left alone on others:
#   - db.backup-retention: the cluster keeps backups for 3 days,
#   - lb.https: a plain HTTP listener on 8080 forwards instead of redirecting.
# Prints a JSON summary of what it changed.
#
# Usage: seed-check-faults.py --endpoint http://127.0.0.1:PORT

import argparse
import json
import sys

import boto3


def main():
    parser = argparse.ArgumentParser(description="Add Setup audit faults to the demo account.")
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    session = boto3.session.Session(region_name="us-east-1")

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

    json.dump({"BackupRetentionPeriod": 3, "PlainListenerArn": listener}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
