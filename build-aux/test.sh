#!/usr/bin/env bash
# Runs every Gantry test (unit, integration against moto, UI under Xvfb) inside
# a private D-Bus session with a throw-away unlocked keyring, so the user's real
# keyring and home are never touched. Ends with "N passed, N failed".
#
# With CI=true or GANTRY_SANITIZE=1 a second leg follows: the unit and
# integration suites again, built in _build-asan with AddressSanitizer and
# UndefinedBehaviorSanitizer. LeakSanitizer fails it on any leak in Gantry's
# own code; build-aux/lsan.supp lists the one-time allocations of the
# libraries underneath that are not leaks of ours. If GANTRY_FUZZ_RESULTS
# names the results of build-aux/fuzz.sh (.ci/run does), its cases count too.
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

SANITIZE=0
if [ "${CI:-}" = "true" ] || [ "${GANTRY_SANITIZE:-}" = "1" ]; then
  SANITIZE=1
fi
export ASAN_BUILDDIR="${ASAN_BUILDDIR:-_build-asan}"
if [ $SANITIZE -eq 1 ]; then
  # -Db_lundef=false: the sanitizer runtimes resolve symbols at load time.
  if [ ! -f "$ASAN_BUILDDIR/build.ninja" ]; then
    meson setup "$ASAN_BUILDDIR" -Db_sanitize=address,undefined -Db_lundef=false \
      ${MESON_ARGS:-} >&2
  fi
  ninja -C "$ASAN_BUILDDIR" -j2
fi

SANDBOX="$(mktemp -d)"
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/home" "$SANDBOX/data" "$SANDBOX/config" "$SANDBOX/cache" "$SANDBOX/runtime"
chmod 700 "$SANDBOX/runtime"

set +e
env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
    -u AWS_ENDPOINT_URL -u AWS_REGION -u AWS_DEFAULT_REGION \
    HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/data" XDG_CONFIG_HOME="$SANDBOX/config" \
    XDG_CACHE_HOME="$SANDBOX/cache" XDG_RUNTIME_DIR="$SANDBOX/runtime" \
    GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 SANITIZE="$SANITIZE" ROOT="$ROOT" \
  dbus-run-session -- bash -c '
    # A newline is the (empty) password of a fresh login keyring: without one
    # there is no default collection to store into.
    printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    xvfb-run -a -s "-screen 0 1280x1024x24" meson test -C "$BUILDDIR" --print-errorlogs "$@"
    status=$?
    if [ "$SANITIZE" -eq 1 ]; then
      echo "test: sanitizer leg (unit and integration suites in $ASAN_BUILDDIR)" >&2
      # fast_unwind_on_malloc=0: allocation stacks through the libraries built
      # without frame pointers, which the suppressions match on; 12 frames
      # reach them and keep the slow unwinder affordable.
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=12 \
      LSAN_OPTIONS="suppressions=$ROOT/build-aux/lsan.supp:print_suppressions=0" \
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C "$ASAN_BUILDDIR" --print-errorlogs --suite unit --suite integration \
          --num-processes 2 --timeout-multiplier 3 || status=1
    fi
    exit $status
  ' gantry-tests "$@"
status=$?
set -e

results=("$BUILDDIR/meson-logs/testlog.json")
if [ $SANITIZE -eq 1 ]; then
  results+=("$ASAN_BUILDDIR/meson-logs/testlog.json")
fi
if [ -n "${GANTRY_FUZZ_RESULTS:-}" ]; then
  results+=("$GANTRY_FUZZ_RESULTS")
fi
python3 "$ROOT/build-aux/count-tests.py" "${results[@]}"
count_status=$?
if [ $status -ne 0 ] || [ $count_status -ne 0 ]; then
  exit 1
fi
