#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with gnome-keyring's Secret Service unlocked, so that
# keytar talks to a real keychain in tests. The keyring lives in a throwaway directory.
set -euo pipefail

missing=()
command -v dbus-run-session >/dev/null || missing+=(dbus)
command -v gnome-keyring-daemon >/dev/null || missing+=(gnome-keyring)
if ((${#missing[@]})); then
  echo "with-keyring: missing ${missing[*]}. Install with: sudo apt-get install dbus gnome-keyring libsecret-1-dev" >&2
  exit 1
fi

if [[ "${PLENUM_IN_KEYRING_SESSION:-}" == 1 ]]; then exec "$@"; fi

keyring_home=$(mktemp -d -t plenum-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# A non-empty password creates and unlocks the login keyring without an interactive prompt.
dbus-run-session -- bash -c '
  eval "$(printf "plenum-test-keyring" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL PLENUM_IN_KEYRING_SESSION=1
  exec "$@"' with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
