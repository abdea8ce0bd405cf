#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Plenum development: system packages, Node 24 (into
# .tools/ if the machine's node is older than 22), npm dependencies and the test homeserver's
# Python virtualenv. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-noto-color-emoji gnome-keyring dbus libsecret-1-dev libsecret-1-0 build-essential pkg-config python3 python3-venv ca-certificates)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
if ! node_is_recent; then
  echo "setup: node $(node -v 2>/dev/null || echo missing) is older than 22; installing Node 24 into .tools/node24"
  npm install --prefix .tools/node24 --no-save --no-audit --no-fund --foreground-scripts node@24 >/dev/null
  source scripts/node-env.sh
  node_is_recent || { echo "setup: Node 24 did not install into .tools/node24" >&2; exit 1; }
fi
echo "setup: node $(node -v), npm $(npm -v)"

# npm ci only when the lockfile changed since the last install (it wipes node_modules each time).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
node -e "require('keytar')" || { echo "setup: keytar did not build (needs libsecret-1-dev and build-essential)" >&2; exit 1; }

node test/support/setup-synapse.ts
echo "setup: done"
