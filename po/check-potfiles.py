#!/usr/bin/env python3
# check-potfiles.py: fails when po/POTFILES.in misses a file with translatable
# strings, or lists a file that does not exist.
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: check-potfiles.py SOURCE_ROOT"""
import pathlib
import re
import sys

# gettext calls in C: _(), N_(), C_(), NC_(), Q_() and the plural forms, with or
# without a space before the parenthesis. The look-behind keeps identifiers
# that merely end in an underscore (FOO_(…)) out.
C_MARKERS = re.compile(r"(?<![A-Za-z0-9_])(?:N|C|NC|Q)?_\s*\(|\b(?:n|d|dn|dc|dcn)gettext\s*\(")
UI_MARKERS = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')

# Files that are translatable by nature (every key or tag goes to the catalogue).
ALWAYS = ("*.desktop.in", "*.metainfo.xml.in", "*.gschema.xml")

SCANNED_DIRS = ("src", "resources", "data")


def translatable(path):
    if any(path.match(pattern) for pattern in ALWAYS):
        return True
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".c", ".h"):
        # Comments may well mention _() without calling it.
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        return C_MARKERS.search(text) is not None
    if path.suffix == ".ui":
        return UI_MARKERS.search(text) is not None
    return False


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    listed = set()
    for line in (root / "po" / "POTFILES.in").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)

    needed = set()
    for top in SCANNED_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and translatable(path):
                needed.add(path.relative_to(root).as_posix())

    missing = sorted(needed - listed)
    stale = sorted(name for name in listed if not (root / name).is_file())

    for name in missing:
        print(f"po/POTFILES.in: missing {name}, which has translatable strings")
    for name in stale:
        print(f"po/POTFILES.in: lists {name}, which does not exist")
    if not missing and not stale:
        print(f"po/POTFILES.in: all {len(needed)} files with translatable strings are listed")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main())
