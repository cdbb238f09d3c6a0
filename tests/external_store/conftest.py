"""Fixtures for the external-store tests: a throw-away Virtuoso loaded with `regiodeal load`,
and `regiodeal serve --store sparql+http://…` in front of it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from support import programs
from support.live import LiveServer, free_port, start_server, stop_server

from . import virtuoso

GRAPH = "https://w3id.org/regiodeal/graph/all"


TIMINGS: list[str] = []  # shown at the end of the run, outside output capture


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in TIMINGS:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    programs.require("virtuoso")
    if virtuoso.packaged_ini() is None:
        programs.missing(
            "virtuoso.ini template not found (Debian package virtuoso-opensource): "
            + programs.install_step("virtuoso-opensource")
        )
    started = time.monotonic()
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso"), free_port(), free_port())
    ready = time.monotonic() - started
    try:
        yield server
    finally:
        virtuoso.stop(server)
        TIMINGS.append(
            f"Virtuoso external-store tests: {time.monotonic() - started:.1f} s "
            f"(Virtuoso ready after {ready:.1f} s)"
        )


@pytest.fixture(scope="session")
def load_output(virtuoso_server: virtuoso.Virtuoso) -> str:
    """`regiodeal load` through Virtuoso's Graph Store endpoint (digest auth, dba/dba)."""
    result = subprocess.run(
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
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def remote_server(
    load_output: str, virtuoso_server: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    server = start_server(
        tmp_path_factory.mktemp("remote"),
        store=f"sparql+{virtuoso_server.sparql}",
        store_default_graph=GRAPH,
    )
    yield server
    stop_server(server)
