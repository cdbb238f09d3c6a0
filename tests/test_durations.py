"""The run's summary names tests over 10 s that carry no `slow` mark (issue #11)."""

from __future__ import annotations

import pytest
from support.scheduling import Durations


def report(nodeid: str, when: str, seconds: float, *marks: str) -> pytest.TestReport:
    keywords = {name: 1 for name in (nodeid.rsplit("::", 1)[-1], *marks)}
    return pytest.TestReport(
        nodeid, ("f.py", 1, nodeid), keywords, "passed", None, when, [], seconds
    )


def test_names_unmarked_calls_over_ten_seconds_longest_first() -> None:
    durations = Durations()
    durations.add(report("tests/a.py::test_fast", "call", 9.9))
    durations.add(report("tests/a.py::test_long", "call", 12.0))
    durations.add(report("tests/b.py::test_longer", "call", 30.5))
    durations.add(report("tests/b.py::test_marked", "call", 60.0, "slow"))
    durations.add(report("tests/b.py::test_first", "setup", 45.0))  # a session fixture's start
    lines = durations.summary()
    assert lines[0].startswith("tests over 10 s without a `slow` mark (load average ")
    assert lines[1:] == ["    30.5 s  tests/b.py::test_longer", "    12.0 s  tests/a.py::test_long"]
    # the module totals the scheduler keeps count every phase
    assert durations.seconds == {"tests/a.py": pytest.approx(21.9), "tests/b.py": 135.5}


def test_says_so_when_none() -> None:
    durations = Durations()
    durations.add(report("tests/a.py::test_fast", "call", 10.0))  # over means over
    assert durations.summary() == ["no unmarked test took over 10 s"]
