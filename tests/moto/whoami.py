#!/usr/bin/env python3
# whoami.py: report who moto thinks the caller is
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Calls STS GetCallerIdentity with the credentials from the environment and
# prints {"Arn", "Account", "UserId"}, or {"Error": CODE} when moto refuses
# the request. --corrupt-secret signs with a wrong secret, which lets the
# harness's own tests show that signature verification is really on (the
# error is the outcome under test, so it is printed and the exit status is 0).

import argparse
import json
import os
import sys

import boto3
import botocore.config
import botocore.exceptions


def main():
    parser = argparse.ArgumentParser(description="Print moto's view of the caller.")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--corrupt-secret", action="store_true")
    args = parser.parse_args()

    secret = os.environ["AWS_SECRET_ACCESS_KEY"]
    if args.corrupt_secret:
        secret += "x"
    sts = boto3.client(
        "sts",
        endpoint_url=args.endpoint,
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    try:
        identity = sts.get_caller_identity()
        result = {k: identity[k] for k in ("Arn", "Account", "UserId")}
    except botocore.exceptions.ClientError as e:
        result = {"Error": e.response.get("Error", {}).get("Code", "Unknown")}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
