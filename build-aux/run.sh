#!/usr/bin/env bash
# Builds Gantry and opens it: on your AWS profile when one is configured,
# otherwise on the demo account (a local moto_server seeded like a prod account).
set -euo pipefail

cd "$(dirname "$0")/.."
export BUILDDIR="${BUILDDIR:-_build}"
build-aux/setup.sh
export PATH="$HOME/.local/bin:$PATH"
ninja -C "$BUILDDIR" >&2
# The uninstalled app: the demo seed and the settings schema from the tree.
export GANTRY_DEMO_SEED="$PWD/data/demo/gantry-demo-seed.py"
export GSETTINGS_SCHEMA_DIR="$(realpath "$BUILDDIR")/data"

if [ -n "${AWS_PROFILE:-}" ] || [ -n "${AWS_ACCESS_KEY_ID:-}" ] || \
   [ -f "$HOME/.aws/config" ] || [ -f "$HOME/.aws/credentials" ]; then
  exec "$BUILDDIR/src/ui/gantry" "$@"
fi
exec "$BUILDDIR/src/ui/gantry" --demo "$@"
