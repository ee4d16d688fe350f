#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the test suite in a headless X server, a private D-Bus session and an unlocked keyring.
# Usage: build-aux/run-tests.sh BUILDDIR [meson test options…]
set -eu

builddir=$1
shift

scratch=$(mktemp -d "${TMPDIR:-/tmp}/hotlist-tests-XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

# A throwaway home: the tests never touch the user's own workspaces, settings or keyring.
export HOME="$scratch/home"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

exec xvfb-run -a -s "-screen 0 1400x900x24" \
  dbus-run-session -- sh -c '
    printf hotlist-tests | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec meson test -C "$0" --print-errorlogs "$@"
  ' "$builddir" "$@"
