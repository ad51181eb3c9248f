#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine of this kind:
#   - the UI's unit tests (Vitest: the protocol client, markdown, state fuzzing),
#   - the .NET suites: unit, store conformance (in-memory and SQLite), HTTP on real Kestrel,
#     kill-and-restart recovery, and browser tests in headless Chromium (Playwright).
# It installs what it needs: npm packages (npm ci) and, when missing, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${PARLEY_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm test --silent)

dotnet test Parley.slnx \
  --configuration Release \
  --blame-hang-timeout 10m \
  --logger "console;verbosity=minimal" \
  "$@"
