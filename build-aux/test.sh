#!/usr/bin/env bash
# Runs every Gantry test (unit, integration against moto, UI under Xvfb) inside
# a private D-Bus session with a throw-away unlocked keyring, so the user's real
# keyring and home are never touched. Ends with "N passed, N failed".
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
export BUILDDIR="${BUILDDIR:-_build}"

if [ "${CI:-}" = "true" ]; then
  export MESON_ARGS="${MESON_ARGS:--Dwerror=true}"
fi
build-aux/setup.sh
export PATH="$HOME/.local/bin:$PATH"

ninja -C "$BUILDDIR"

SANDBOX="$(mktemp -d)"
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/home" "$SANDBOX/data" "$SANDBOX/config" "$SANDBOX/cache" "$SANDBOX/runtime"
chmod 700 "$SANDBOX/runtime"

set +e
env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
    -u AWS_ENDPOINT_URL -u AWS_REGION -u AWS_DEFAULT_REGION \
    HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/data" XDG_CONFIG_HOME="$SANDBOX/config" \
    XDG_CACHE_HOME="$SANDBOX/cache" XDG_RUNTIME_DIR="$SANDBOX/runtime" \
    GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  dbus-run-session -- bash -c '
    # A newline is the (empty) password of a fresh login keyring: without one
    # there is no default collection to store into.
    printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec xvfb-run -a -s "-screen 0 1280x1024x24" meson test -C "$BUILDDIR" --print-errorlogs "$@"
  ' gantry-tests "$@"
status=$?
set -e

python3 "$ROOT/build-aux/count-tests.py" "$BUILDDIR/meson-logs/testlog.json"
count_status=$?
if [ $status -ne 0 ] || [ $count_status -ne 0 ]; then
  exit 1
fi
