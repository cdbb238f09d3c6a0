#!/usr/bin/env bash
# Mutation testing (mutmut) of one package against a fast, targeted test selection.
#
#   bash scripts/mutation.sh store|sparql|validation [max-children]
#   SAMPLE=200 bash scripts/mutation.sh sparql   # a random sample of the mutants that have tests
#   MODULES="lexer.py guard.py" TESTS="tests/server/test_query_guard.py" bash scripts/mutation.sh sparql
#       # only those modules of the package, against only those tests (a fast, targeted run)
#   GENERATE_ONLY=1 MODULES="results.py" TESTS=... bash scripts/mutation.sh sparql
#       # stage and generate the mutants, run none: judge them with scripts/mutation_recheck.py
#
# mutmut expects the code in ./ or ./src, ours is in server/: the package is staged in
# build/mutation/<package>/src/regiodeal (with the tests and the data they read), and mutmut runs
# there. Results: `mutmut results` in that directory; the summary line is printed at the end.
# Needs the `mutation` extra (pip install -e '.[test,mutation]'). See docs/architecture.md.
set -euo pipefail

package=${1:?usage: scripts/mutation.sh store|sparql|validation [max-children]}
children=${2:-2}
# MODULES: file names in the package to mutate (default: all); TESTS: test paths (default: below).
modules=${MODULES:-"*"}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
mutmut=$(dirname "$python")/mutmut

# The tests that exercise the package in the test process (mutmut runs, per mutant, only those
# that reached the mutated function). Tests through subprocesses or live servers cannot see a
# mutant's coverage and are left out; so are the Virtuoso tests.
case "$package" in
  store) tests='"tests/server/test_store.py", "tests/server/test_store_reuse.py",
    "tests/server/test_upload.py", "tests/test_format.py",
    "tests/queries"' ;;
  sparql) tests='"tests/server/test_query_guard.py", "tests/server/test_guard_fuzz.py",
    "tests/server/test_results.py", "tests/server/test_named_queries.py",
    "tests/server/test_w3c_protocol.py", "tests/server/test_endpoint.py",
    "tests/server/test_pool.py", "tests/server/test_seams.py",
    "tests/external_store/test_remote_backend.py", "tests/external_store/test_remote_statistics.py",
    "tests/external_store/test_remote_refresh.py"' ;;
  validation) tests='"tests/shapes/test_rules.py", "tests/shapes/test_authoring.py",
    "tests/shapes/test_shapes_graph.py", "tests/shapes/test_constraints.py",
    "tests/publishing/test_validate_api.py"' ;;
  *) echo "unknown package: $package" >&2; exit 2 ;;
esac
if [[ -n "${TESTS:-}" ]]; then
  tests=$(printf '"%s", ' $TESTS)
fi
only=$(set -f; for module in $modules; do printf '"src/regiodeal/%s/%s", ' "$package" "$module"; done)

work=$root/build/mutation/$package${MODULES:+-$(echo "$modules" | tr ' ' '-' | sed 's/\.py//g')}
rm -rf "$work"
mkdir -p "$work/src"
cp -r "$root/server/regiodeal" "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
cp -r "$root/tests" "$root/data" "$root/ontology" "$root/shapes" "$root/queries" "$root/examples" "$work/"
cat > "$work/pyproject.toml" <<TOML
[tool.mutmut]
source_paths = ["src/regiodeal"]
only_mutate = [$only]
also_copy = ["data", "ontology", "shapes", "queries", "examples"]
pytest_add_cli_args = ["-q", "-p", "no:cacheprovider"]
# Fork each mutant's test run from a process that ran no test: one that ran the stats collection
# holds RocksDB and thread-pool locks, and its forks hang (reported as bogus timeouts).
process_isolation = "forkserver"
# mutmut times a mutant's tests by their call phase only; the session fixtures (store, worker
# processes, app start-up) come on top, so allow a minute before calling a mutant a hang.
timeout_constant = 60.0
pytest_add_cli_args_test_selection = [$tests]

[tool.pytest.ini_options]
testpaths = ["tests"]
TOML
cd "$work"
if [[ -n "${GENERATE_ONLY:-}" ]]; then
  "$mutmut" run "no-such-mutant" >/dev/null || true  # generates the mutants and the stats only
  "$mutmut" results --all true > mutants/all-results.txt
  echo "$(grep -c ': ' mutants/all-results.txt) mutants in $work; judge them with" \
    "STATUS=\"not checked\" scripts/mutation_recheck.py"
  exit 0
fi
if [[ -n "${SAMPLE:-}" ]]; then
  # Generate the mutants and the test coverage, then run a random sample of those with tests.
  "$mutmut" run "no-such-mutant" >/dev/null || true  # generates the mutants and the stats only
  "$mutmut" results --all true > mutants/all-results.txt
  "$python" - "$SAMPLE" <<'PY' > mutants/sample.txt
import random, sys
rows = [line.strip().split(": ") for line in open("mutants/all-results.txt") if ": " in line]
names = [name for name, status in rows if status != "no tests"]
random.seed(20261202)
print("\n".join(random.sample(names, min(int(sys.argv[1]), len(names)))))
PY
  # shellcheck disable=SC2046  # one argument per mutant name
  "$mutmut" run --max-children "$children" $(cat mutants/sample.txt) || true
else
  "$mutmut" run --max-children "$children" || true
fi
"$mutmut" results --all true > mutants/all-results.txt
"$python" - <<'PY'
import collections, pathlib
rows = dict(line.strip().split(": ") for line in open("mutants/all-results.txt") if ": " in line)
sample = pathlib.Path("mutants/sample.txt")
names = sample.read_text().split() if sample.exists() else list(rows)
count = collections.Counter(rows[name] for name in names)
judged = count["killed"] + count["survived"] + count["timeout"] + count["suspicious"]
score = 100 * (count["killed"] + count["timeout"]) / judged if judged else 0.0
print(dict(count), f"score {score:.1f} % of {judged} judged mutants")
PY
