#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite: bash scripts/test.sh [pytest args]
set -euo pipefail

# Debian packages the tests need: "package" or "package:command" (installed only if the command
# is missing). Extend this list for new tools; only missing ones are installed.
APT_PACKAGES=(
  default-jre-headless:java # HermiT reasoner (regiodeal check, ontology tests)
)

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup-lib.sh
ensure_apt_packages "${APT_PACKAGES[@]}"
ensure_venv

echo "==> ruff check"
.venv/bin/ruff check server tests scripts
echo "==> pytest"
# pytest exits 5 when it collected no tests: that is a failure here too (set -e).
.venv/bin/python -m pytest "$@"
