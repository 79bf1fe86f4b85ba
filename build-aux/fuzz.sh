#!/usr/bin/env bash
# Builds Gantry's libFuzzer targets (tests/fuzz) with clang in _build-fuzz and
# runs each for SECONDS (default 60), one per core at a time (FUZZ_JOBS),
# starting from its seed corpus in
# tests/fuzz/corpus/<target>. New inputs go to _build-fuzz/corpus/<target>;
# copy the interesting ones (and every crasher, once fixed) into the seed
# corpus. Prints one line per target: runs, coverage, crashes.
#
#   build-aux/fuzz.sh [SECONDS] [TARGET...]
#
# Ends with "fuzz: N passed, N failed"; exits non-zero if any target crashed,
# leaked or timed out. The same verdicts, one TAP case per target, go to
# $GANTRY_FUZZ_RESULTS if set (build-aux/count-tests.py reads it in CI).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(json xml sigv4 config journal)
fi
FUZZ_BUILDDIR="${FUZZ_BUILDDIR:-_build-fuzz}"

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: clang not found; install clang and libclang-rt-14-dev (build-aux/setup.sh)" >&2
  exit 1
fi

if [ ! -f "$FUZZ_BUILDDIR/build.ninja" ]; then
  CC=clang meson setup "$FUZZ_BUILDDIR" -Dfuzzing=true -Dbuildtype=debugoptimized >&2
fi
RESULTS="${GANTRY_FUZZ_RESULTS:-/dev/null}"
: >"$RESULTS"

# Only the fuzz targets: the rest of the tree is built and tested by test.sh.
if ! ninja -C "$FUZZ_BUILDDIR" -j2 $(printf 'tests/fuzz/fuzz-%s ' "${TARGETS[@]}") >&2; then
  echo "not ok 1 fuzz targets build" >>"$RESULTS"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

mkdir -p "$FUZZ_BUILDDIR/artifacts"

# Runs one target; its exit status goes to $FUZZ_BUILDDIR/fuzz-<target>.status.
run_target() {
  local target="$1"
  local work="$FUZZ_BUILDDIR/corpus/$target"
  local log="$FUZZ_BUILDDIR/fuzz-$target.log"
  local status
  mkdir -p "$work"
  # Crashers of earlier runs are in the log that found them; count new ones.
  rm -f "$FUZZ_BUILDDIR/artifacts/$target-"*
  set +e
  # -rss_limit_mb: ASan's shadow memory counts too; 2 GiB fits a 2-core CI box.
  # The seed corpus is read-only input, new finds go to $work.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$FUZZ_BUILDDIR/tests/fuzz/fuzz-$target" \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$FUZZ_BUILDDIR/artifacts/$target-" \
      "$work" "tests/fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  set -e
  echo "$status" >"$FUZZ_BUILDDIR/fuzz-$target.status"
}

# One target per core at a time: each is single-threaded.
JOBS="${FUZZ_JOBS:-$(nproc)}"
running=0
for target in "${TARGETS[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
wait

passed=0
failed=0
n=0
for target in "${TARGETS[@]}"; do
  log="$FUZZ_BUILDDIR/fuzz-$target.log"
  status=$(cat "$FUZZ_BUILDDIR/fuzz-$target.status" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
  crashes=$(ls "$FUZZ_BUILDDIR/artifacts/" 2>/dev/null | grep -c "^$target-" || true)
  n=$((n + 1))
  if [ "$status" -eq 0 ]; then
    result=ok
    passed=$((passed + 1))
    echo "ok $n fuzz-$target ${SECONDS_EACH}s runs ${runs:-0} coverage ${cov:-0}" >>"$RESULTS"
  else
    result="FAILED (exit $status, see $log)"
    failed=$((failed + 1))
    echo "not ok $n fuzz-$target exit $status, see $log" >>"$RESULTS"
  fi
  printf 'fuzz-%-8s runs: %-10s coverage: %-6s crashes: %s  %s\n' \
    "$target" "${runs:-0}" "${cov:-0}" "$crashes" "$result"
  if [ "$status" -ne 0 ]; then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 >&2 || true
  fi
done

echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
