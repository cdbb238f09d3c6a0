"""Servers for the publishing and validation tests, each started once per session.

The validation app (fixture data, a small upload limit) runs in-process (`validation_client`) for
what the routers answer, and as a live server (`validation_server`, with a private TMPDIR) for the
browser test. `scratch` points the test process's temporary directory at a fresh folder, so that
what an in-process upload leaves behind can be seen.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.apps import TestClient, app_client
from support.live import LiveServer, start_server, stop_server

from regiodeal.settings import get_settings

SHAPES_TESTS = Path(__file__).resolve().parents[1] / "shapes"
VALIDATION_MAX_BYTES = 60_000


@dataclass
class ValidationServer(LiveServer):
    scratch: Path  # the server's TMPDIR


def validation_data(directory: Path) -> Path:
    """Reference data and the real source documents, and as published deals only the shape
    tests' fixture (tests/shapes/context/published.ttl): the test deals are then judged exactly
    as tests/shapes judges them, and legal-basis links land on real /doc/ pages."""
    data = get_settings().data_dir
    shutil.copytree(data / "reference", directory / "reference")
    shutil.copytree(data / "sources", directory / "sources")
    shutil.copy(SHAPES_TESTS / "context" / "published.ttl", directory / "sources" / "fixture.ttl")
    return directory


@pytest.fixture(scope="session")
def validation_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("validation")
    return {
        "data_dir": validation_data(tmp / "data"),
        "validation_max_bytes": VALIDATION_MAX_BYTES,
    }


@pytest.fixture(scope="session")
def validation_client(validation_settings: dict[str, object]) -> Iterator[TestClient]:
    """The validation app in-process (base URL http://testserver)."""
    with app_client(**validation_settings) as client:
        yield client


@pytest.fixture(scope="session")
def validation_server(
    tmp_path_factory: pytest.TempPathFactory, validation_settings: dict[str, object]
) -> Iterator[ValidationServer]:
    """The validation app as a live server with a private TMPDIR (to see that nothing stays)."""
    tmp = tmp_path_factory.mktemp("validation-live")
    scratch = tmp / "scratch"
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(scratch))
        server = start_server(tmp, **validation_settings)
    yield ValidationServer(server.url, server.process, server.log, scratch)
    stop_server(server)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh temporary directory for the test process (and so for in-process uploads)."""
    directory = tmp_path / "scratch"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def leftovers(where: ValidationServer | Path) -> list[str]:
    """Upload directories left behind in a temporary directory (there must be none)."""
    directory = where.scratch if isinstance(where, ValidationServer) else where
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("regiodeal-validate-"))
