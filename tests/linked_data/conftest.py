"""One live `regiodeal serve` per test module (the real graph), started like tests/server does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.live import LiveServer, start_server, stop_server


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("linked-data"))
    yield server
    stop_server(server)
