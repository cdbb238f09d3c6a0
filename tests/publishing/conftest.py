"""Live servers for the publishing and validation tests (`regiodeal serve` in a subprocess).

Reuses the endpoint tests' `start_server`; each test module starts its own server once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
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


@pytest.fixture(scope="module")
def validation_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValidationServer]:
    """Fixture data, a small upload limit and a private TMPDIR (to see that nothing stays)."""
    tmp = tmp_path_factory.mktemp("validation")
    scratch = tmp / "scratch"
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(scratch))
        server = start_server(
            tmp,
            data_dir=validation_data(tmp / "data"),
            validation_max_bytes=VALIDATION_MAX_BYTES,
        )
    yield ValidationServer(server.url, server.process, server.log, scratch)
    stop_server(server)


def leftovers(server: ValidationServer) -> list[str]:
    """Upload directories the server left behind in its TMPDIR (there must be none)."""
    return sorted(
        p.name for p in server.scratch.iterdir() if p.name.startswith("regiodeal-validate-")
    )
