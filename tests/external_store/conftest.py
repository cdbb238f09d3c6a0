"""Fixtures for the external-store tests: a throw-away Virtuoso loaded with `regiodeal load`,
and `regiodeal serve --store sparql+http://…` in front of it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager

import pytest
from support import programs
from support.live import LiveServer, free_port, start_server, stop_server

from . import virtuoso

GRAPH = "https://w3id.org/regiodeal/graph/all"
# Virtuoso refuses a query whose estimated cost exceeds MaxQueryCostEstimationTime (400 s in
# Debian's virtuoso.ini) however fast it would run, and the estimate grows with the data: one
# added source once tipped `ministries-per-deal` from under to over 400 s. The tests allow a
# quarter of it, so a named query fails here while there is still room; the estimates of all
# named queries: benchmarks/virtuoso_estimates.py.
ESTIMATE_LIMIT = {"MaxQueryCostEstimationTime": "100"}


# Seconds per part of the Virtuoso tests, shown at the end of the run (outside output capture).
# Each part is timed on its own: the session fixtures live until the whole run ends, so the time
# from Virtuoso's start to its stop would be the whole run, not these tests.
SECONDS: dict[str, float] = {}
TESTS_RUN: list[str] = []


@contextmanager
def timed(part: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        SECONDS[part] = SECONDS.get(part, 0.0) + time.monotonic() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    if "virtuoso_server" not in getattr(item, "fixturenames", ()):
        return (yield)
    TESTS_RUN.append(item.nodeid)
    with timed("tests"):
        return (yield)


def timing_line() -> str:
    set_up = ", ".join(
        f"{part} {SECONDS[part]:.1f} s"
        for part in ("Virtuoso start", "regiodeal load", "serve --store start")
        if part in SECONDS
    )
    return (
        f"Virtuoso external-store tests: {len(TESTS_RUN)} tests took "
        f"{SECONDS.get('tests', 0.0):.1f} s; set-up: {set_up}; "
        f"Virtuoso stop {SECONDS.get('Virtuoso stop', 0.0):.1f} s"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On a pytest-xdist worker the line goes to the controller, which prints it (tests/conftest.py:
    this conftest is not loaded there)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if SECONDS and workeroutput is not None:
        workeroutput.setdefault("summary_lines", []).append(timing_line())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SECONDS and not hasattr(terminalreporter.config, "workeroutput"):
        terminalreporter.write_line(timing_line())


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    programs.require("virtuoso")
    if virtuoso.packaged_ini() is None:
        programs.missing(
            "virtuoso.ini template not found (Debian package virtuoso-opensource): "
            + programs.install_step("virtuoso-opensource")
        )
    with timed("Virtuoso start"):
        server = virtuoso.start(
            tmp_path_factory.mktemp("virtuoso"), free_port(), free_port(), ESTIMATE_LIMIT
        )
    try:
        yield server
    finally:
        with timed("Virtuoso stop"):
            virtuoso.stop(server)


@pytest.fixture(scope="session")
def load_output(virtuoso_server: virtuoso.Virtuoso) -> str:
    """`regiodeal load` through Virtuoso's Graph Store endpoint (digest auth, dba/dba)."""
    with timed("regiodeal load"):
        result = _load(virtuoso_server)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _load(virtuoso_server: virtuoso.Virtuoso) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "regiodeal.cli",
            "load",
            "--to",
            virtuoso_server.sparql,
            "--gsp",
            virtuoso_server.graph_crud,
            "--user",
            "dba",
            "--password",
            "dba",
            "--graph",
            GRAPH,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def remote_server(
    load_output: str, virtuoso_server: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with timed("serve --store start"):
        server = start_server(
            tmp_path_factory.mktemp("remote"),
            store=f"sparql+{virtuoso_server.sparql}",
            store_default_graph=GRAPH,
        )
    yield server
    stop_server(server)
