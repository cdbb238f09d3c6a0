"""Re-run mutmut's surviving mutants against (new) tests, in one process: a fast check that the
tests added for survivors kill them, without a second full `mutmut run`.

    python scripts/mutation_recheck.py build/mutation/DIR tests/server/test_lexer_units.py ...
    STATUS="survived,timeout,not checked" python scripts/mutation_recheck.py ...  # and those a
        # stopped run left
    ONLY=names.txt STATUS="not checked" python scripts/mutation_recheck.py ...  # only these

DIR is a directory scripts/mutation.sh staged and ran. The tests given are copied from the
working tree into DIR/mutants/tests, then each mutant that `mutmut results` lists as survived
(or timed out) is activated in turn through mutmut's trampolines (the MUTANT_UNDER_TEST variable
they read on every call) and the tests run with pytest.main in this process. functools caches
are cleared between mutants (a cached answer of the original would hide a mutant). Prints one
line per mutant and a summary; mutmut's own results are not changed.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path


def survivors(work: Path, wanted: set[str]) -> list[str]:
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = (line.strip().split(": ") for line in listing.splitlines() if ": " in line)
    return [name for name, status in rows if status in wanted]


def clear_caches() -> None:
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper):
            obj.cache_clear()


def staged(work: Path, tests: list[str]) -> list[str]:
    """The mutants to judge (STATUS, ONLY), with `tests` copied into the staged tree and this
    process moved into it (its code first on sys.path)."""
    root = Path(__file__).resolve().parent.parent
    wanted = set(os.environ.get("STATUS", "survived,timeout").split(","))
    names = survivors(work, wanted)
    if os.environ.get("ONLY"):  # a file of mutant names (e.g. the survivors of an earlier recheck)
        only = set(Path(os.environ["ONLY"]).read_text().split())
        names = [name for name in names if name in only]
    mutants = work / "mutants"
    for test in tests:
        shutil.copy(root / test.split("::")[0], mutants / test.split("::")[0])
    os.chdir(mutants)
    sys.path.insert(0, str(mutants / "src"))
    sys.path.insert(0, str(mutants))
    return names


def main() -> int:
    work, tests = Path(sys.argv[1]).resolve(), sys.argv[2:]
    names = staged(work, tests)
    import pytest

    killed = []
    for name in names:
        os.environ["MUTANT_UNDER_TEST"] = name
        clear_caches()
        code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", "--no-header", "-s", *tests])
        status = "killed" if code == pytest.ExitCode.TESTS_FAILED else f"survived ({code})"
        print(f"RECHECK {name}: {status}", flush=True)
        killed += [name] if status == "killed" else []
    print(f"RECHECK summary: {len(killed)} of {len(names)} mutants killed by {' '.join(tests)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
