#!/usr/bin/env python3
# check-manifest.py: checks the Flatpak manifest's app id, command and sandbox.
#
# Copyright 2026 The Gantry developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: check-manifest.py MANIFEST APP_ID [FLATPAK_BUILDER]

The sandbox holes are listed exactly, so widening them (say, all of $HOME, or
write access to ~/.aws where the credentials live) needs a change here too and
gets reviewed."""
import json
import subprocess
import sys

FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--filesystem=~/.aws:ro",
}


def check(manifest, app_id, origin):
    errors = []
    found_id = manifest.get("id", manifest.get("app-id"))
    if found_id != app_id:
        errors.append(f"{origin}: app id is {found_id!r}, expected {app_id!r}")
    if manifest.get("command") != "gantry":
        errors.append(f"{origin}: command is {manifest.get('command')!r}, expected 'gantry'")
    finish_args = manifest.get("finish-args", [])
    if len(finish_args) != len(set(finish_args)) or set(finish_args) != FINISH_ARGS:
        errors.append(f"{origin}: finish-args are {sorted(finish_args)}, "
                      f"expected exactly {sorted(FINISH_ARGS)}")
    for key, value in (("runtime", "org.gnome.Platform"), ("sdk", "org.gnome.Sdk")):
        if manifest.get(key) != value:
            errors.append(f"{origin}: {key} is {manifest.get(key)!r}, expected {value!r}")
    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    if not modules or modules[-1].get("name") != "gantry" or \
            modules[-1].get("buildsystem") != "meson":
        errors.append(f"{origin}: the last module must be 'gantry', built with meson")
    return errors


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        errors = check(json.load(f), app_id, path)

    if len(sys.argv) > 3:
        # flatpak-builder's own parser: catches keys it would reject or misread.
        shown = subprocess.run([sys.argv[3], "--show-manifest", path],
                               capture_output=True, text=True, check=False)
        if shown.returncode != 0:
            errors.append(f"flatpak-builder --show-manifest failed: {shown.stderr.strip()}")
        else:
            errors += check(json.loads(shown.stdout), app_id, "flatpak-builder")

    for error in errors:
        print(error)
    if not errors:
        print(f"{path}: {app_id} runs 'gantry' with the expected sandbox")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
