#!/usr/bin/env python3
"""Counts real test cases over every leg of a test run.

    count-tests.py RESULTS...

Each RESULTS is meson's testlog.json of one build directory (TAP lines of
every test program), or a plain TAP file such as the one build-aux/fuzz.sh
writes (one case per fuzz target). A test program that failed without
reporting any failing case (crash, timeout, a sanitizer abort) counts as one
failure, so a dying binary is never hidden; so does a RESULTS file that is
missing, as a leg that never ran must not look like a clean one.

Prints one line per RESULTS, then the closing "N passed, N failed"."""
import json
import os
import re
import sys


def count_tap(text):
    p = f = s = 0
    for tap in text.splitlines():
        if re.match(r"^ok \d+", tap):
            if "# SKIP" in tap:
                s += 1
            else:
                p += 1
        elif re.match(r"^not ok \d+", tap):
            if "# TODO" in tap:
                s += 1
            else:
                f += 1
    return p, f, s


def count_testlog(log):
    passed = failed = skipped = 0
    for line in log:
        entry = json.loads(line)
        p, f, s = count_tap(entry.get("stdout") or "")
        if p + f + s == 0:
            # Not a TAP test (validation scripts): one case.
            if entry["result"] in ("OK", "EXPECTEDFAIL"):
                p = 1
            elif entry["result"] == "SKIP":
                s = 1
            else:
                f = 1
        elif entry["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and f == 0:
            f = 1
        passed += p
        failed += f
        skipped += s
    return passed, failed, skipped


def summary(passed, failed, skipped):
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    return line


def main(paths):
    totals = [0, 0, 0]
    for path in paths:
        if not os.path.exists(path):
            counts = (0, 1, 0)
            label = f"{path} (missing: the leg did not run)"
        else:
            with open(path, encoding="utf-8") as results:
                if path.endswith(".json"):
                    counts = count_testlog(results)
                else:
                    counts = count_tap(results.read())
                    if sum(counts) == 0:
                        counts = (0, 1, 0)
            label = path
        if len(paths) > 1:
            print(f"  {label}: {summary(*counts)}")
        totals = [t + c for t, c in zip(totals, counts)]

    print(summary(*totals))
    return 1 if totals[1] else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
