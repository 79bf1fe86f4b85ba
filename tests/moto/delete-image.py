#!/usr/bin/env python3
# delete-image.py: delete one image from an ECR repository, by digest
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Stands in for an ECR lifecycle policy expiring an old image, so the
# rollback tests can check that Gantry refuses a target that is gone.
# Credentials come from the environment. Prints {"Deleted": N}.

import argparse
import json
import sys

import boto3


def main():
    parser = argparse.ArgumentParser(description="Delete an ECR image by digest.")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--repository", required=True)
    parser.add_argument("--digest", required=True)
    args = parser.parse_args()

    ecr = boto3.client("ecr", endpoint_url=args.endpoint, region_name="us-east-1")
    reply = ecr.batch_delete_image(
        repositoryName=args.repository, imageIds=[{"imageDigest": args.digest}]
    )
    json.dump({"Deleted": len(reply.get("imageIds", []))}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
