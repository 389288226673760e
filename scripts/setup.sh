#!/usr/bin/env bash
# Installs what building, running and testing Rencontres needs on Debian/Ubuntu, and only
# what is missing: `scripts/setup.sh run` for the app, `scripts/setup.sh test` for the tests too.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------
packages=(libwebkit2gtk-4.1-dev build-essential pkg-config file curl)
if [ "$mode" = test ]; then
  packages+=(xvfb xauth webkit2gtk-driver)
  # A real SMTP server on loopback receives the e-bulletin in the sending tests (openssl
  # makes the certificate of its STARTTLS flavour).
  packages+=(python3-aiosmtpd openssl)
  # Independent readers that the document tests check against: poppler renders and reads PDFs,
  # zbar decodes the badges' QR codes, python3-icalendar parses the .ics exports.
  packages+=(poppler-utils zbar-tools python3-icalendar)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]}. This script installs them on Debian/Ubuntu only;" >&2
    echo "on macOS or Windows follow https://tauri.app/start/prerequisites/ (see README)." >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Toolchains ------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "Node.js 20.19 or newer with npm is missing: install it (https://nodejs.org), then run this again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old for the UI build: install Node.js 20.19 or newer." >&2
  exit 1
fi

# --- npm packages (exactly the locked ones) ------------------------------------------------
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi

# --- tauri-driver for the end-to-end tests ------------------------------------------------
if [ "$mode" = test ]; then
  driver="${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver"
  if [ ! -x "$driver" ] || ! "$driver" --help 2>&1 | grep -q -- '--native-port'; then
    say "Installing tauri-driver 2.1.0"
    cargo install tauri-driver --locked --version 2.1.0
  fi
fi
