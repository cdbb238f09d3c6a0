#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite: bash scripts/test.sh [pytest args]
set -euo pipefail

# Debian packages the tests need: "package" or "package:command" (installed only if the command
# is missing). Extend this list for new tools; only missing ones are installed.
APT_PACKAGES=(
  default-jre-headless:java # HermiT reasoner (regiodeal check, ontology tests)
  chromium:chromium # browser test of the YASGUI query page (tests/server)
  rasqal-utils:roqet # roqet -p client test of the SPARQL endpoint (tests/server)
  virtuoso-opensource:virtuoso-t # external SPARQL store test (tests/external_store)
  libapache-jena-java # Apache Jena SHACL: differential test of the shapes (tests/shapes)
)

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup-lib.sh
ensure_apt_packages "${APT_PACKAGES[@]}"
ensure_venv

echo "==> pytest"
# pytest exits 5 when it collected no tests: that counts as a failure too.
status=0
.venv/bin/python -m pytest "$@" || status=$?

# Lint, layout and types after the tests: a failure of any fails the run too (exit 1, unless
# pytest already failed with its own code). mypy reads its settings from pyproject.toml.
check() {
  echo "==> ${*#.venv/bin/}"
  "$@" || { [[ $status -ne 0 ]] || status=1; }
}
check .venv/bin/ruff check --quiet server tests scripts benchmarks
check .venv/bin/ruff format --check --quiet server tests scripts benchmarks
check .venv/bin/mypy
exit "$status"
