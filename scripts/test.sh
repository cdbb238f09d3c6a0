#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite: bash scripts/test.sh [pytest args]
set -euo pipefail

# Debian packages the tests need: "package" or "package:command" (installed only if the command
# is missing). Extend this list for new tools; only missing ones are installed.
APT_PACKAGES=(
  default-jre-headless:java # HermiT and Pellet reasoners (regiodeal check, ontology tests)
  chromium:chromium # browser test of the YASGUI query page (tests/server)
  rasqal-utils:roqet # roqet -p client test of the SPARQL endpoint (tests/server)
  virtuoso-opensource:virtuoso-t # external SPARQL store test (tests/external_store)
  libapache-jena-java # Apache Jena SHACL: differential test of the shapes (tests/shapes)
)

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup-lib.sh
ensure_apt_packages "${APT_PACKAGES[@]}"
ensure_venv

# Seconds per part, measured around that part alone, printed at the end ("pytest 84 s, ...").
TIMES=()
timed() {
  local name=$1 started=$EPOCHREALTIME rc=0
  shift
  "$@" || rc=$?
  TIMES+=("$name $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s")
  return "$rc"
}

echo "==> pytest"
# pytest exits 5 when it collected no tests: that counts as a failure too. The tests run on one
# pytest-xdist worker per core (PYTEST_WORKERS=0 runs them in this process). Whole modules go to a
# worker (--dist loadfile): a module's fixtures (the Virtuoso of test_virtuoso.py, a browser) are
# then set up once. (--dist loadgroup ignored xdist_group marks with pytest 9.2 / xdist 3.8.)
# tests/support/scheduling.py puts modules sharing a session server on one worker and hands out
# the longest modules first (their seconds in the last run, from .pytest_cache).
status=0
timed pytest .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@" ||
  status=$?

# Lint, layout and types after the tests: a failure of any fails the run too (exit 1, unless
# pytest already failed with its own code). mypy reads its settings from pyproject.toml.
check() {
  local name=$1
  shift
  echo "==> ${*#.venv/bin/}"
  timed "$name" "$@" || { [[ $status -ne 0 ]] || status=1; }
}
check "ruff check" .venv/bin/ruff check --quiet server tests scripts benchmarks
check "ruff format" .venv/bin/ruff format --check --quiet server tests scripts benchmarks
check mypy .venv/bin/mypy
printf -v summary '%s, ' "${TIMES[@]}"
echo "==> times: ${summary%, }"
exit "$status"
