#!/usr/bin/env python3
"""Counts real test cases (TAP lines) in meson's testlog.json.

A test program that failed without reporting any failing case (crash, timeout)
counts as one failure, so a dying binary is never hidden."""
import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        entry = json.loads(line)
        out = entry.get("stdout") or ""
        p = f = s = 0
        for tap in out.splitlines():
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

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
