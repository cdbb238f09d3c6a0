"""Validation in worker processes: concurrent first requests, and the time limit that stops work.

Each test starts its own server: the first bug only shows on a fresh one (rdflib's SPARQL parser
broke for good when two validations parsed their first queries at once: 500 for every later
request), the second needs a small time limit and one worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from publishing.conftest import SHAPES_TESTS, validation_data
from publishing.test_validate_api import INVALID, TURTLE, expected
from support.live import LiveServer, start_server, stop_server

from .budget import financing_totals_deal

TIMEOUT_S = 20  # the server's limit: room for a fresh worker to start and validate a small deal
SLOW_ROWS = 2500  # financing rows that each claim to be the total (820 kB): ~50 CPU s of work


@pytest.fixture
def fresh_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    settings = getattr(request, "param", {})
    server = start_server(tmp_path, data_dir=validation_data(tmp_path / "data"), **settings)
    yield server
    stop_server(server)


def post(server: LiveServer, body: bytes, timeout: float = 120) -> httpx.Response:
    return httpx.post(server.url + "/api/validate", content=body, headers=TURTLE, timeout=timeout)


def fired(server: LiveServer, name: str) -> tuple[int, list[tuple[str, str]]]:
    response = post(server, (SHAPES_TESTS / "invalid" / f"{name}.ttl").read_bytes())
    if response.status_code != 200:
        return response.status_code, []
    return 200, sorted((f["shape"], f["focus"]) for f in response.json()["findings"])


def test_concurrent_first_requests_on_a_fresh_server(fresh_server: LiveServer) -> None:
    names = INVALID[:4]
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        first = list(pool.map(lambda name: fired(fresh_server, name), names))
    later = [fired(fresh_server, name) for name in names]
    assert [status for status, _ in first] == [200] * len(names)
    assert first == later
    for name, (_, findings) in zip(names, later, strict=True):
        shape, focus = expected(name)
        assert (str(shape), str(focus)) in findings


@pytest.mark.slow  # reason: waits out the server's time limit once (TIMEOUT_S) and a new worker
@pytest.mark.parametrize(
    "fresh_server",
    [{"validation_concurrency": 1, "validation_timeout": TIMEOUT_S}],
    indirect=True,
)
def test_slow_validation_is_stopped_and_frees_its_slot(fresh_server: LiveServer) -> None:
    slow = financing_totals_deal(SLOW_ROWS).serialize(format="turtle").encode()
    response = post(fresh_server, slow, timeout=TIMEOUT_S + 60)
    assert response.status_code == 504, response.text
    detail = response.json()["detail"]
    assert f"longer than REGIODEAL_VALIDATION_TIMEOUT ({TIMEOUT_S} s)" in detail
    assert "its work was stopped" in detail
    # The only slot was taken by the slow validation; it is free again for the next request.
    small = post(fresh_server, (SHAPES_TESTS / "valid" / "application.ttl").read_bytes())
    assert small.status_code == 200, small.text
    assert small.json()["conforms"] is True
