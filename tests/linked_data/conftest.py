"""The linked-data pages: in-process (`bundled_client`, tests/conftest.py) for what the routers
answer, and `live` (the session's one live server on the real graph) for the browser tests."""

from __future__ import annotations

import pytest
from support.live import LiveServer


@pytest.fixture(scope="session")
def live(bundled_live: LiveServer) -> LiveServer:
    return bundled_live
