#!/usr/bin/env bash
# Prints Gantry's performance table (issue 8): gantryctl whoami vs the AWS CLI,
# the audit at three account sizes behind 50 ms of added latency, gantry's
# start to first frame, the 10,000-entry history model, and one promotion vs
# `aws ecr batch-get-image` + `aws ecr put-image`. Numbers, never a failure.
#
# The start to first frame is measured for the build in $BUILDDIR (debug by
# default) and for an optimised build in $BENCH_BUILDDIR (_build-bench,
# --buildtype=release, made here), each with GTK's default renderer and with
# cairo, inside a private D-Bus session with a keyring as on a desktop.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
export BUILDDIR="${BUILDDIR:-_build}"
build-aux/setup.sh
export PATH="$HOME/.local/bin:$PATH"
ninja -C "$BUILDDIR" >/dev/null

BENCH_BUILDDIR="${BENCH_BUILDDIR:-_build-bench}"
if [ ! -f "$BENCH_BUILDDIR/build.ninja" ]; then
  meson setup "$BENCH_BUILDDIR" --buildtype=release >/dev/null
fi
ninja -C "$BENCH_BUILDDIR" -j2 src/ui/gantry >/dev/null

SANDBOX="$(mktemp -d)"
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/data" "$SANDBOX/runtime" "$SANDBOX/cache"
chmod 700 "$SANDBOX/runtime"

export GANTRYCTL="$ROOT/$BUILDDIR/src/cli/gantryctl"
export GANTRY="$ROOT/$BUILDDIR/src/ui/gantry"
export GANTRY_BUILD_TYPE="$(meson introspect --buildoptions "$BUILDDIR" | python3 -c '
import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')"
export GANTRY_RELEASE="$ROOT/$BENCH_BUILDDIR/src/ui/gantry"
export GANTRY_TEST_MOTO_SCRIPTS="$ROOT/tests/moto"
export GANTRY_DEMO_SEED="$ROOT/data/demo/gantry-demo-seed.py"
export GSETTINGS_SCHEMA_DIR="$ROOT/$BUILDDIR/data"
export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 GIO_USE_PROXY_RESOLVER=dummy
export XDG_DATA_HOME="$SANDBOX/data" XDG_RUNTIME_DIR="$SANDBOX/runtime" XDG_CACHE_HOME="$SANDBOX/cache"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL

echo "Gantry benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
# A session bus and an unlocked keyring, as a desktop has: without a bus
# GApplication would autolaunch one through X11 on every start.
dbus-run-session -- bash -c '
  printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  xvfb-run -a -s "-screen 0 1280x1024x24" "$0"
' "$ROOT/$BUILDDIR/tests/bench-gantry"
echo
echo "One promotion, +50 ms per request:"
"$ROOT/$BUILDDIR/tests/bench-promote" --latency 50 --runs 3
