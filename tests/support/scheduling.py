"""How pytest-xdist's `--dist loadfile` hands out modules (scripts/test.sh), for a shorter run.

Two changes to xdist's own LoadFileScheduling, neither of which changes what any test runs:

* Modules that share a session-scoped server go to one worker as one unit (`GROUPS`): a session
  fixture lives per worker process, so split over two workers its server starts twice.
* The costliest remaining unit goes first (longest processing time first). xdist orders units
  by their number of tests, which puts a module of one long test (a whole nested pytest run, a
  schemathesis run) last, where it runs alone while the other worker idles. A unit's cost is
  the seconds its modules took in the previous run (kept in pytest's cache, `.pytest_cache`),
  else the rough figure in `SEED_SECONDS`, else a guess from its number of tests.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

CACHE_KEY = "regiodeal/module-seconds"

# Modules that share an expensive session fixture (tests/publishing/conftest.py: the validation
# app in-process and live; tests/server/conftest.py: the small dataset's live server).
GROUPS = {
    "tests/publishing/test_validate_api.py": "validation app",
    "tests/publishing/test_validate_page.py": "validation app",
    "tests/publishing/test_validate_yaml.py": "validation app",
    "tests/server/test_http_fuzz.py": "small server",
    "tests/server/test_safety.py": "small server",
    "tests/server/test_sandbox.py": "small server",
}

# Rough seconds for a first run without a cache (CI): the modules that hold a test of over 10 s,
# estimated from a run on a shared, ~3x oversubscribed two-core machine (2026-12-03). Only their
# order matters: the longest first.
SEED_SECONDS = {
    "tests/server/test_clients.py": 45.0,
    "tests/queries/test_new_deal_added.py": 40.0,
    "tests/shapes/test_jena_differential.py": 50.0,
    "tests/test_check_cli.py": 60.0,
    "tests/shapes/test_bundled_data.py": 35.0,
    "tests/validation/test_memory_limit.py": 20.0,
    "tests/validation/test_http_workers.py": 30.0,
    "tests/validation/test_stored_context.py": 25.0,
}
SECONDS_PER_TEST = 0.2  # a module neither measured nor seeded


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadFileScheduling

    cache = getattr(config, "cache", None)
    measured: dict[str, float] = (cache.get(CACHE_KEY, {}) if cache is not None else {}) or {}

    def seconds(module: str, tests: int) -> float:
        if module in measured:
            return float(measured[module])
        return SEED_SECONDS.get(module, SECONDS_PER_TEST * tests)

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = module_of(nodeid)
            return GROUPS.get(module, module)

        def _assign_work_unit(self, node) -> None:  # type: ignore[no-untyped-def]
            def cost(scope: str) -> float:
                tests: dict[str, int] = defaultdict(int)
                for nodeid in self.workqueue[scope]:
                    tests[module_of(nodeid)] += 1
                return sum(seconds(module, n) for module, n in tests.items())

            self.workqueue.move_to_end(max(self.workqueue, key=cost), last=False)
            super()._assign_work_unit(node)

    return Scheduling(config, log)


SLOW_SECONDS = 10.0  # issue #11: a test over this is marked `slow`, its reason beside the mark


class Durations:
    """Seconds per module of this run (setup, call, teardown), saved for the next one; and the
    tests whose call took over SLOW_SECONDS without a `slow` mark, named in the summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.unmarked: dict[str, float] = {}

    def add(self, report: pytest.TestReport) -> None:
        self.seconds[module_of(report.nodeid)] += report.duration
        slow = report.when == "call" and report.duration > SLOW_SECONDS
        if slow and "slow" not in report.keywords:
            self.unmarked[report.nodeid] = report.duration

    def summary(self) -> list[str]:
        """Lines for the end of the run: the calls over SLOW_SECONDS that are not marked slow
        (times on a loaded machine run long: the load average is printed with them)."""
        if not self.unmarked:
            return [f"no unmarked test took over {SLOW_SECONDS:.0f} s"]
        load = " ".join(f"{n:.1f}" for n in os.getloadavg())
        lines = [f"tests over {SLOW_SECONDS:.0f} s without a `slow` mark (load average {load}):"]
        ranked = sorted(self.unmarked.items(), key=lambda item: -item[1])
        return lines + [f"  {seconds:6.1f} s  {nodeid}" for nodeid, seconds in ranked]

    def save(self, config: pytest.Config) -> None:
        cache = getattr(config, "cache", None)
        if cache is None or not self.seconds:
            return
        known = cache.get(CACHE_KEY, {}) or {}
        known.update({module: round(s, 1) for module, s in self.seconds.items()})
        cache.set(CACHE_KEY, known)
