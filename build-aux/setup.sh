#!/usr/bin/env bash
# Installs what building and testing Gantry needs on Debian 12 / Ubuntu 22.04+,
# then configures the build directory. Safe to run again: it only installs what
# is missing. Needs sudo (or root) the first time.
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsecret-1-dev libssl-dev
  xvfb xauth dbus dbus-x11 gnome-keyring desktop-file-utils appstream flatpak-builder
  python3 python3-pip
  clang libclang-rt-14-dev  # libFuzzer, for build-aux/fuzz.sh
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v moto_server >/dev/null 2>&1; then
  echo "setup: moto_server not found, installing moto[server] with pip --user" >&2
  python3 -m pip install --user 'moto[server]' >&2 || \
    python3 -m pip install --user --break-system-packages 'moto[server]' >&2
  export PATH="$HOME/.local/bin:$PATH"
fi

BUILDDIR="${BUILDDIR:-_build}"
if [ ! -f "$BUILDDIR/build.ninja" ]; then
  meson setup "$BUILDDIR" ${MESON_ARGS:-} >&2
elif [ -n "${MESON_ARGS:-}" ]; then
  meson configure "$BUILDDIR" ${MESON_ARGS} >&2
fi
