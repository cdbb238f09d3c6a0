"""Shared fixtures: the bundled graph parsed once, and the servers of the whole session.

Browser: `browser`, one Chromium per test module.
Servers: `bundled_store` is the endpoint's store of the real graph, built once; the in-process
`bundled_client` and the one live `bundled_live` server both reuse it. `live_servers` starts any
other settings combination once per session (tests/server, tests/publishing use it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Store
from rdflib import Graph
from support import programs, scheduling
from support.apps import TestClient, app_client
from support.live import CHROMIUM_FLAGS, LiveServer, LiveServers

from regiodeal.settings import get_settings
from regiodeal.store.build import build_store
from regiodeal.store.dataset import bundled_dataset
from regiodeal.store.files import load_graph


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes over 10 s on purpose (the reason is in the test's docstring)"
    )


# Fixtures that run a program, and the program. A test using one is skipped (or failed, on CI)
# before any of its fixtures is set up: the live server a browser test also asks for is
# session-scoped, so pytest would otherwise start it first, only to find chromium missing.
PROGRAM_OF_FIXTURE = {"browser": "chromium", "virtuoso_server": "virtuoso"}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    for fixture in getattr(item, "fixturenames", ()):
        if fixture in PROGRAM_OF_FIXTURE:
            programs.require(PROGRAM_OF_FIXTURE[fixture])


# Summary lines that pytest-xdist workers sent (e.g. the Virtuoso tests' timing line).
WORKER_SUMMARY_LINES: list[str] = []


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook, run on the controller
def pytest_testnodedown(node: object, error: object) -> None:
    WORKER_SUMMARY_LINES.extend(getattr(node, "workeroutput", {}).get("summary_lines", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in WORKER_SUMMARY_LINES:
        terminalreporter.write_line(line)
    if not hasattr(terminalreporter.config, "workerinput"):
        for line in DURATIONS.summary():
            terminalreporter.write_line(line)


# Which worker runs which modules, and in what order (tests/support/scheduling.py).
@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook, run on the controller
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    if config.getvalue("dist") != "loadfile":
        return None  # xdist's own scheduler for the other modes
    return scheduling.make_scheduler(config, log)


DURATIONS = scheduling.Durations()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    DURATIONS.add(report)  # on the controller: the workers' reports too


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        DURATIONS.save(session.config)


@pytest.fixture(scope="session")
def graph() -> Graph:
    """Ontology + all of data/ttl, as an rdflib Graph."""
    return load_graph()


@pytest.fixture(scope="session")
def query_store() -> Store:
    """The bundled dataset in memory (sources and inferences, as the endpoint's store holds
    them), built once per session: tests only query it."""
    return bundled_dataset(get_settings())


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The endpoint's store of the real graph (ontology/, data/ttl/), built once per session."""
    directory = tmp_path_factory.mktemp("bundled-store") / "store"
    build_store(get_settings(), directory)
    return directory


@pytest.fixture(scope="session")
def live_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServers]:
    servers = LiveServers(tmp_path_factory.mktemp("live"))
    yield servers
    servers.close()


@pytest.fixture(scope="session")
def bundled_live(live_servers: LiveServers, bundled_store: Path) -> LiveServer:
    """`regiodeal serve` on the real graph with default limits: for browsers and HTTP clients."""
    return live_servers.get(store_dir=bundled_store)


@pytest.fixture(scope="session")
def bundled_client(bundled_store: Path) -> Iterator[TestClient]:
    """The app on the real graph with default limits, in-process (base URL http://testserver)."""
    with app_client(store_dir=bundled_store) as client:
        yield client


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright, launched once per module; each test opens its own
    context. Not once per session: while Playwright's sync API is open it keeps an event loop
    running in the main thread, and a later test's asyncio.run() would fail."""
    executable = programs.require("chromium")  # on CI a missing chromium fails, elsewhere skips
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
