#!/usr/bin/env python3
# seed-auth.py: create the IAM identity Gantry's integration tests sign with
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# moto is started with INITIAL_NO_AUTH_ACTION_COUNT=3: the first three AWS
# requests it sees pass without a signature check. This script spends exactly
# those three (CreateUser, PutUserPolicy, CreateAccessKey); from then on moto
# verifies every request's SigV4 signature against its IAM backend, as AWS
# does. The harness (tests/gantry-test-moto.c) and this script must agree on
# that count: NO_AUTH_REQUESTS below is printed so the harness can check it.
#
# The secret is printed on stdout, which the harness reads through a pipe and
# keeps in memory only; it never reaches argv, a file or a log.
#
# Before printing, the script proves that verification is really on: a
# request signed with the right secret must pass and one signed with a wrong
# secret must be refused with SignatureDoesNotMatch. Otherwise it exits 1, so
# a moto that silently accepts anything cannot make signing tests pass.

import argparse
import json
import sys

import boto3
import botocore.config
import botocore.exceptions

USER_NAME = "gantry-ci"
POLICY_NAME = "gantry-ci-allow-all"
NO_AUTH_REQUESTS = 3

# moto's IAM backend accepts any well-formed key pair before verification
# starts; these never authorise anything once it has.
BOOTSTRAP_KEY_ID = "AKIDBOOTSTRAPONLY000"
BOOTSTRAP_SECRET = "bootstrap-only-not-a-secret"


def client(service, endpoint, key_id, secret):
    # No retries: a refused probe must fail at once, and every retry of an
    # unauthenticated call would eat one of moto's free requests.
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=config,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()

    iam = client("iam", args.endpoint, BOOTSTRAP_KEY_ID, BOOTSTRAP_SECRET)
    user = iam.create_user(UserName=USER_NAME)["User"]
    iam.put_user_policy(
        UserName=USER_NAME,
        PolicyName=POLICY_NAME,
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]

    sts = client("sts", args.endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    identity = sts.get_caller_identity()
    if identity["Arn"] != user["Arn"]:
        print(f"seed-auth: caller is {identity['Arn']}, expected {user['Arn']}", file=sys.stderr)
        return 1

    wrong = client("sts", args.endpoint, key["AccessKeyId"], key["SecretAccessKey"] + "x")
    try:
        wrong.get_caller_identity()
    except botocore.exceptions.ClientError as e:
        code = e.response.get("Error", {}).get("Code")
        if code != "SignatureDoesNotMatch":
            print(f"seed-auth: wrong secret refused with {code}, expected SignatureDoesNotMatch",
                  file=sys.stderr)
            return 1
    else:
        print("seed-auth: a wrong secret was accepted: moto is not verifying signatures",
              file=sys.stderr)
        return 1

    json.dump(
        {
            "AccessKeyId": key["AccessKeyId"],
            "SecretAccessKey": key["SecretAccessKey"],
            "Arn": user["Arn"],
            "Account": identity["Account"],
            "NoAuthRequests": NO_AUTH_REQUESTS,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
