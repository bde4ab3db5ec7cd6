#!/usr/bin/env bash
# Runs every test of quartier:
#   1. cargo test: unit tests, fixture sites with goldens, invalid fixtures with their exact
#      diagnostics, whole-build tests, hours/.ics/JSON-LD checks, `serve` over loopback HTTP;
#   2. the browser suite (tests/browser): Debian's Chromium driven by playwright-core.
# Installs what the tests need when it is missing: Debian's chromium, poppler-utils, zbar-tools,
# fonts-noto-core and a Java runtime, Node.js, and the npm packages of tests/browser (from
# package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "installing $* (Debian packages) …" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install Rust from https://rustup.rs first" >&2
  exit 2
fi
[ -x /usr/bin/chromium ] || apt_install chromium
# Leaflet PDFs: poppler checks pages and text, zbar decodes the QR code, Noto renders Arabic,
# Persian and Tigrinya.
missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
[ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-core)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if [ ! -d tests/browser/node_modules/playwright-core ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --locked "$@"
cargo build --locked --quiet
(cd tests/browser && node --test --test-concurrency=1 --test-reporter=spec .)
