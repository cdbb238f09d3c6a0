"""Servers for the endpoint tests: the bundled graph (tests/conftest.py) and a small dataset with
tight limits, each once per session, live (`regiodeal serve` in a subprocess) and in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from support.apps import TestClient, app_client
from support.live import LiveServer, LiveServers, free_port, start_server, stop_server

__all__ = ["LiveServer", "start_server", "stop_server"]  # imported from here by older tests

W3C_DIR = Path(__file__).resolve().parents[1] / "w3c" / "protocol"
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
SYNTHETIC = "http://example.org/synthetic/"
TIMEOUT_S = 2.0
ROW_CAP = 50
MAX_BYTES = 20_000


@pytest.fixture(scope="session")
def bundled_server(bundled_live: LiveServer) -> LiveServer:
    """The real graph (ontology/ + data/ttl/) and queries/, default limits (the shared one)."""
    return bundled_live


def write_w3c_dataset(directory: Path) -> None:
    """The protocol suite's data files, each in the graph its manifest label names, as TriG."""
    manifest = Graph().parse(W3C_DIR / "manifest.ttl", publicID=W3C_DIR.as_uri() + "/manifest.ttl")
    names = {}
    for data in manifest.objects(None, UT.graphData):
        names[str(manifest.value(data, UT.graph))] = str(manifest.value(data, RDFS_LABEL))
    chunks = []
    for file_iri, graph_iri in sorted(names.items()):
        triples = (W3C_DIR / Path(file_iri).name).read_text()
        chunks.append(f"<{graph_iri}> {{\n{triples}}}\n")
    (directory / "w3c-protocol.trig").write_text("".join(chunks))


def write_synthetic(directory: Path, subjects: int = 600) -> None:
    """Enough triples that a three-way cartesian product runs far beyond any timeout."""
    lines = [
        f"<{SYNTHETIC}s{i}> <{SYNTHETIC}p{i % 7}> <{SYNTHETIC}o{i % 50}> .\n"
        f'<{SYNTHETIC}s{i}> <{SYNTHETIC}label> "item {i}" .\n'
        for i in range(subjects)
    ]
    (directory / "synthetic.nt").write_text("".join(lines))


@pytest.fixture(scope="session")
def allowed_port() -> int:
    """A port allow-listed for SERVICE on the small server (nothing listens unless a test does)."""
    return free_port()


@pytest.fixture(scope="session")
def small_settings(
    tmp_path_factory: pytest.TempPathFactory, allowed_port: int
) -> dict[str, object]:
    """W3C protocol data + synthetic triples; 2 s timeout, row cap, small request limit."""
    tmp = tmp_path_factory.mktemp("small")
    data, ontology, queries = tmp / "data", tmp / "ontology", tmp / "queries"
    for directory in (data, ontology, queries):
        directory.mkdir()
    write_w3c_dataset(data)
    write_synthetic(data)
    return {
        "data_dir": data,
        "ontology_dir": ontology,
        "queries_dir": queries,
        "store_dir": tmp / "store",
        "query_timeout": TIMEOUT_S,
        "max_result_rows": ROW_CAP,
        "max_request_bytes": MAX_BYTES,
        "federation_allow_list": [f"http://127.0.0.1:{allowed_port}/"],
    }


@pytest.fixture(scope="session")
def small_server(live_servers: LiveServers, small_settings: dict[str, object]) -> LiveServer:
    """The small dataset in a real process: for timeouts and the HTTP server's own limits."""
    return live_servers.get(**small_settings)


@pytest.fixture(scope="session")
def small_client(small_settings: dict[str, object]) -> Iterator[TestClient]:
    """The small dataset in-process (base URL http://testserver)."""
    with app_client(**small_settings) as client:
        yield client
