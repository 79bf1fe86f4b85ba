#!/usr/bin/env python3
# seed-hygiene.py: the role and session the secret-hygiene test uses
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Default mode: creates the IAM role gantry-hygiene (trusting the seeding user,
# with an inline policy allowing everything, as moto loads no managed
# policies), assumes it once and prints the role ARN and that session's
# credentials as JSON. The test gives those to gantryctl as environment
# credentials with a session token, and points a role_arn profile at the role.
#
# --dump-assumed: prints every assumed-role session moto has handed out
# (from its /moto-api/data.json state dump), so the test can search its
# transcripts and files for the secrets gantryctl itself received from
# AssumeRole, which it never sees otherwise.
#
# Credentials come from the environment (the harness puts them there, never
# in argv). Secrets go to stdout, which the test reads through a pipe.

import argparse
import json
import sys
import urllib.request

import boto3

REGION = "us-east-1"
ROLE_NAME = "gantry-hygiene"


def seed(endpoint):
    iam = boto3.client("iam", endpoint_url=endpoint, region_name=REGION)
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION)

    # moto checks the trust policy against the caller's own ARN; it does not
    # read an account root principal as "anyone in the account".
    caller = sts.get_caller_identity()["Arn"]
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": caller},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(
        RoleName=ROLE_NAME,
        PolicyName="allow-all",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="hygiene-seed")
    creds = session["Credentials"]
    json.dump(
        {
            "RoleArn": role["Arn"],
            "AssumedRoleArn": session["AssumedRoleUser"]["Arn"],
            "AccessKeyId": creds["AccessKeyId"],
            "SecretAccessKey": creds["SecretAccessKey"],
            "SessionToken": creds["SessionToken"],
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


def dump_assumed(endpoint):
    with urllib.request.urlopen(endpoint.rstrip("/") + "/moto-api/data.json", timeout=10) as reply:
        data = json.load(reply)
    sessions = [
        {
            "AccessKeyId": role["access_key_id"],
            "SecretAccessKey": role["secret_access_key"],
            "SessionToken": role["session_token"],
            "SessionName": role["session_name"],
        }
        for role in data.get("sts", {}).get("AssumedRole", [])
    ]
    json.dump(sessions, sys.stdout)
    sys.stdout.write("\n")


def main():
    parser = argparse.ArgumentParser(description="Seed moto for the secret-hygiene test.")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--dump-assumed", action="store_true")
    args = parser.parse_args()

    if args.dump_assumed:
        dump_assumed(args.endpoint)
    else:
        seed(args.endpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
