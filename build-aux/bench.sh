#!/usr/bin/env bash
# Prints Gantry's performance table (issue 8): gantryctl whoami vs the AWS CLI,
# the audit at three account sizes behind 50 ms of added latency, gantry's
# start to first frame, the 10,000-entry history model, and one promotion vs
# `aws ecr batch-get-image` + `aws ecr put-image`. Numbers, never a failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
export BUILDDIR="${BUILDDIR:-_build}"
build-aux/setup.sh
export PATH="$HOME/.local/bin:$PATH"
ninja -C "$BUILDDIR" >/dev/null

SANDBOX="$(mktemp -d)"
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/data" "$SANDBOX/runtime" "$SANDBOX/cache"
chmod 700 "$SANDBOX/runtime"

export GANTRYCTL="$ROOT/$BUILDDIR/src/cli/gantryctl"
export GANTRY="$ROOT/$BUILDDIR/src/ui/gantry"
export GANTRY_TEST_MOTO_SCRIPTS="$ROOT/tests/moto"
export GANTRY_DEMO_SEED="$ROOT/data/demo/gantry-demo-seed.py"
export GSETTINGS_SCHEMA_DIR="$ROOT/$BUILDDIR/data"
export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 GIO_USE_PROXY_RESOLVER=dummy
export XDG_DATA_HOME="$SANDBOX/data" XDG_RUNTIME_DIR="$SANDBOX/runtime" XDG_CACHE_HOME="$SANDBOX/cache"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL

echo "Gantry benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
xvfb-run -a "$ROOT/$BUILDDIR/tests/bench-gantry"
echo
echo "One promotion, +50 ms per request:"
"$ROOT/$BUILDDIR/tests/bench-promote" --latency 50 --runs 3
