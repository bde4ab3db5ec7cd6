#!/usr/bin/env bash
# Runs every test of quartier: unit tests, fixture sites with goldens, invalid fixtures with
# their exact diagnostics, whole-build tests and the `serve` test over loopback HTTP.
# Installs what the tests need when it is missing (today: only the Rust toolchain, which must
# already be there).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install Rust from https://rustup.rs first" >&2
  exit 2
fi

cargo test --locked "$@"
