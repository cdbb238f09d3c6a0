"""Judge mutmut's mutants in ONE pytest session: faster than mutation_recheck.py on a loaded
machine, where pytest's own start-up per mutant (plugins, collection) cost seconds.

    STATUS="not checked" ONLY=names.txt python scripts/mutation_judge.py build/mutation/DIR \
        tests/validation/test_bulk_units.py ...

The tests are collected once and run once without a mutant (each must pass; their CPU times
order the runs, cheapest first). Then for each mutant (listed as mutation_recheck.py lists them:
`mutmut results` filtered by STATUS, and by the names in the file ONLY) the mutant is activated
through mutmut's trampolines (MUTANT_UNDER_TEST, read on every call), the functools caches of
regiodeal are cleared, and the tests run with pytest's runtestprotocol until one fails (killed)
or all pass (survived); the tests that killed earlier mutants of the same function run first.
A mutant that runs longer than TIMEOUT seconds (default 60) is stopped by SIGALRM and counted
as a timeout (killed, as mutmut counts it). Every fixture is set up and torn down per test
(nextitem=None), so no fixture value outlives a mutant. Asserts are plain and tracebacks one
line (explaining a failed assert cost more than the tests). Prints the same RECHECK lines and
summary as mutation_recheck.py, with the tests run and the time taken; mutmut's own results
are not changed.
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation_recheck import staged  # noqa: E402


class Stop(Exception):
    """Raised by SIGALRM in a mutant that runs too long."""


class Judge:
    def __init__(self, names: list[str], timeout: int) -> None:
        self.names = names
        self.timeout = timeout

    def pytest_runtestloop(self, session: object) -> bool:
        from _pytest.runner import runtestprotocol

        items = session.items  # type: ignore[attr-defined]
        # Our own caches only: clearing rdflib's and pySHACL's too made every run start cold.
        caches = [
            o
            for o in gc.get_objects()
            if isinstance(o, functools._lru_cache_wrapper)
            and getattr(o, "__module__", "").startswith("regiodeal")
        ]

        def stop(signum: int, frame: object) -> None:
            raise Stop(f"mutant ran longer than {self.timeout} s")

        signal.signal(signal.SIGALRM, stop)
        # A baseline run without a mutant: every test must pass; their times order the runs
        # below (cheapest first, so that a mutant is killed by the cheapest test that can).
        os.environ["MUTANT_UNDER_TEST"] = ""
        cost: dict[object, float] = {}
        for item in items:
            started = time.process_time()
            if any(r.failed for r in runtestprotocol(item, nextitem=None, log=False)):
                print(f"RECHECK baseline: {item.nodeid} fails without a mutant", flush=True)
                return True
            cost[item] = time.process_time() - started
        items = sorted(items, key=cost.__getitem__)
        killed = 0
        killers: dict[str, list[object]] = {}  # per mutated function: the tests that killed
        for name in self.names:
            function = name.rsplit("__mutmut_", 1)[0]
            first = killers.get(function, [])
            ordered = first + [item for item in items if item not in first]
            os.environ["MUTANT_UNDER_TEST"] = name
            for cache in caches:
                cache.cache_clear()
            status = "survived"
            started, cpu = time.monotonic(), time.process_time()
            ran = 0
            signal.alarm(self.timeout)
            try:
                for item in ordered:
                    ran += 1
                    reports = runtestprotocol(item, nextitem=None, log=False)
                    failed = [r for r in reports if r.failed]
                    if failed:
                        status = "killed"
                        if item not in first:
                            killers.setdefault(function, []).insert(0, item)
                        if any("Stop: mutant ran longer" in str(r.longrepr) for r in failed):
                            status = "killed (timeout)"
                        break
            except Stop:
                status = "killed (timeout)"
            finally:
                signal.alarm(0)
            killed += status != "survived"
            took = f"{time.monotonic() - started:.1f} s, {time.process_time() - cpu:.1f} s CPU"
            print(f"RECHECK {name}: {status}  ({ran} tests, {took})", flush=True)
        os.environ["MUTANT_UNDER_TEST"] = ""
        tests = " ".join(str(a) for a in session.config.args)  # type: ignore[attr-defined]
        print(f"RECHECK summary: {killed} of {len(self.names)} mutants killed by {tests}")
        return True


def main() -> int:
    work, tests = Path(sys.argv[1]).resolve(), sys.argv[2:]
    names = staged(work, tests)
    import pytest

    judge = Judge(names, int(os.environ.get("TIMEOUT", "60")))
    pytest.main(
        # plain asserts and one-line tracebacks: explaining a failure cost more than the tests
        ["-q", "-p", "no:cacheprovider", "--no-header", "--assert=plain", "--tb=line", *tests]
        + (["-k", os.environ["K"]] if os.environ.get("K") else []),  # K: pytest's -k
        plugins=[judge],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
