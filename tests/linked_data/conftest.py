"""The linked-data pages: in-process (`bundled_client`, tests/conftest.py) for what the routers
answer, and `live` (the session's one live server on the real graph) for the browser tests."""

from __future__ import annotations

import pytest
from support.apps import TestClient
from support.live import LiveServer


@pytest.fixture(scope="session")
def live(bundled_live: LiveServer) -> LiveServer:
    return bundled_live


@pytest.fixture(scope="session")
def client(bundled_client: TestClient) -> TestClient:
    """The app on the real graph, in-process."""
    return bundled_client
