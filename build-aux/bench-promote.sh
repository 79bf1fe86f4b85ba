#!/bin/sh
# bench-promote.sh: AWS calls and wall time of one promotion, next to the
# AWS CLI's batch-get-image + put-image, against moto on loopback with added
# latency. Usage: build-aux/bench-promote.sh [BUILDDIR] [--latency MS] [--runs N]
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$srcdir/_build"}
[ $# -gt 0 ] && shift
ninja -C "$builddir" tests/bench-promote src/cli/gantryctl >/dev/null
export GANTRYCTL="$builddir/src/cli/gantryctl"
export GANTRY_TEST_MOTO_SCRIPTS="$srcdir/tests/moto"
export XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
"$builddir/tests/bench-promote" "$@"
