"""The network sandbox of the query workers (issue #10: SSRF defence in depth).

With an empty federation allow-list a worker cannot open a network socket, so even a query the
guard wrongly admitted could not reach its SERVICE target; with an allow-list, federation to the
listed endpoint works (against a real SPARQL responder on loopback).
"""

from __future__ import annotations

import json
import multiprocessing
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from regiodeal.sparql import sandbox, worker
from regiodeal.sparql.service import Answer, Job
from tests.support.live import LiveServer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="seccomp sandbox is Linux-only"
)
SERVICE_QUERY = "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
JSON = "application/sparql-results+json"


@contextmanager
def sparql_responder(port: int = 0) -> Iterator[tuple[int, list[str]]]:
    """A loopback SPARQL endpoint answering every query with one row ?s ?p ?o."""
    seen: list[str] = []
    row = {
        "s": {"type": "uri", "value": "http://remote.example/s"},
        "p": {"type": "uri", "value": "http://remote.example/p"},
        "o": {"type": "literal", "value": "from the remote endpoint"},
    }
    body = json.dumps({"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": [row]}})

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._answer()

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self._answer()

        def log_message(self, *args: object) -> None:
            pass

    HTTPServer.allow_reuse_address = True
    server = HTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def _sealed_child(port: int, out: multiprocessing.Queue) -> None:
    """In a child: seal, then try a socket and a SERVICE query with no guard in the way."""
    out.put(("installed", sandbox.deny_network()))
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        out.put(("socket", "connected"))
    except OSError as exc:
        out.put(("socket", type(exc).__name__))
    try:
        list(ox.Store().query(SERVICE_QUERY.format(port=port)))
        out.put(("service", "answered"))
    except OSError as exc:
        out.put(("service", type(exc).__name__))


def test_a_sealed_process_cannot_connect_even_without_the_guard() -> None:
    with sparql_responder() as (port, seen):
        context = multiprocessing.get_context("fork")
        out = context.Queue()
        child = context.Process(target=_sealed_child, args=(port, out))
        child.start()
        child.join(20)
        results = dict(out.get(timeout=5) for _ in range(3))
        time.sleep(0.2)
    assert results == {"installed": True, "socket": "PermissionError", "service": "PermissionError"}
    assert seen == []


def _unguarded_worker(store_path: str, conn: object, allow_list: tuple[str, ...]) -> None:
    """`worker.serve` with the guard switched off: only the sandbox stands in the way."""
    worker.check_query = lambda *args, **kwargs: None  # type: ignore[assignment]
    worker.serve(store_path, conn, allow_list)  # type: ignore[arg-type]


def _ask(store_path: Path, allow_list: tuple[str, ...], query: str) -> Answer:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_unguarded_worker, args=(str(store_path), child, allow_list))
    process.start()
    try:
        assert parent.poll(30) and parent.recv().startswith("ready")
        parent.send(Job(query=query, tabular_type=JSON, graph_type=None, cap=10))
        assert parent.poll(30)
        return parent.recv()
    finally:
        process.kill()
        process.join(5)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "oxigraph"
    ox.Store(str(path)).add(
        ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.NamedNode("http://o"))
    )
    return path


def test_a_worker_without_federation_cannot_reach_a_service(store_path: Path) -> None:
    with sparql_responder() as (port, seen):
        answer = _ask(store_path, (), SERVICE_QUERY.format(port=port))
        time.sleep(0.2)
    assert seen == []
    assert answer.status == 400 and b"Permission denied" in answer.body


def test_a_worker_with_an_allow_list_federates(store_path: Path) -> None:
    with sparql_responder() as (port, seen):
        allowed = (f"http://127.0.0.1:{port}/",)
        answer = _ask(store_path, allowed, SERVICE_QUERY.format(port=port))
    assert [path.split("?")[0] for path in seen] == ["/sparql"]
    assert answer.status == 200 and b"from the remote endpoint" in answer.body


def test_the_server_federates_with_an_allow_listed_endpoint(
    small_server: LiveServer, allowed_port: int
) -> None:
    """End to end: the allow-listed endpoint of the small server is really queried."""
    with sparql_responder(allowed_port) as (_, seen):
        response = httpx.post(
            small_server.sparql,
            data={"query": SERVICE_QUERY.format(port=allowed_port)},
            headers={"Accept": JSON},
            timeout=30,
        )
    assert response.status_code == 200, response.text
    values = [b["o"]["value"] for b in response.json()["results"]["bindings"]]
    assert values == ["from the remote endpoint"]
    assert seen
