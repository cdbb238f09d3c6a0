"""Test support: the application in the test process (Starlette's TestClient, lifespan run).

An in-process app answers like `regiodeal serve` does (same `create_app`, same lifespan: store,
query worker processes, validation service), without starting a Python process per server and
with the router code running where pytest (and mutation testing) can see it. Redirects are not
followed and server errors come back as 500 responses, as they would from a live server.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from regiodeal.settings import Settings

with warnings.catch_warnings():  # Starlette prefers `httpx2`; httpx is what the project uses
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

__all__ = ["BASE_URL", "TestClient", "app_client", "env_value", "wait_for_downloads"]
BASE_URL = "http://testserver"


def env_value(value: object) -> str:
    """A setting as a REGIODEAL_* variable: lists and mappings as JSON, as pydantic reads them."""
    if isinstance(value, list | dict):
        return json.dumps(value, default=str)
    return str(value)


@contextmanager
def app_client(**settings: object) -> Iterator[TestClient]:
    """A client of `create_app(Settings(**settings))`, its lifespan running while in use."""
    from regiodeal.app import create_app

    # The client's Host is `testserver`: a name the Host allow-list must be told about.
    settings.setdefault("allowed_hosts", ["testserver"])
    app = create_app(Settings(**settings))
    client = TestClient(
        app, base_url=BASE_URL, follow_redirects=False, raise_server_exceptions=False
    )
    with client:
        wait_for_downloads(client)
        yield client


def wait_for_downloads(client: TestClient, timeout: float = 120) -> None:
    """Wait until the dumps, written in the background after start-up, are all servable: tests
    of the downloads, the DCAT and the landing page see them as a reader does once written.
    The description they are listed in is itself prepared after start-up (regiodeal.app)."""
    state = client.app.state  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while getattr(state, "publication", None) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the dataset's description not prepared in {timeout} s")
        time.sleep(0.05)
    publication = state.publication
    while publication.dumps_pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"dumps not written in {timeout} s: {publication.dumps_pending}")
        time.sleep(0.05)
