"""Limits of the endpoint, measured against a live server: timeout, isolation, federation, sizes."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from support.live import LiveServer, free_port

from .conftest import MAX_BYTES, ROW_CAP, SYNTHETIC, TIMEOUT_S

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = f'SELECT ?s WHERE {{ ?s <{SYNTHETIC}label> "item 7" }}'


def post_query(server: LiveServer, query: str, **kwargs) -> httpx.Response:
    return httpx.post(server.sparql, data={"query": query}, timeout=30, **kwargs)


def test_runaway_query_times_out_without_blocking_others(small_server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        start = time.monotonic()
        outcome["response"] = post_query(small_server, CARTESIAN)
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway query is now occupying a worker
    start = time.monotonic()
    simple = post_query(small_server, SIMPLE)
    simple_elapsed = time.monotonic() - start
    thread.join(30)

    assert simple.status_code == 200 and f"{SYNTHETIC}s7" in simple.text
    assert simple_elapsed < 0.5, simple_elapsed
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 504
    assert "timeout" in response.text.lower()
    assert TIMEOUT_S - 0.1 < outcome["elapsed"] < TIMEOUT_S + 1.0, outcome["elapsed"]


def test_server_recovers_after_timeouts(small_server: LiveServer) -> None:
    """Two runaways at once occupy (and get) both workers killed; fresh workers answer after."""
    threads = [
        threading.Thread(target=post_query, args=(small_server, CARTESIAN)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        response = post_query(small_server, SIMPLE)
        if response.status_code == 200:
            break
    assert response.status_code == 200 and f"{SYNTHETIC}s7" in response.text


@contextmanager
def listener(port: int | None = None) -> Iterator[tuple[int, list[object]]]:
    """A TCP listener recording every connection it accepts."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port or 0))
    sock.listen()
    sock.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        sock.close()


SERVICE_VARIANTS = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
    "BASE <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p '# no comment' . SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # quote in comment '\n SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "ASK {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE ?e {{ ?s ?p ?o }} VALUES ?e {{ <http://127.0.0.1:{port}/> }} }}",
]


@pytest.mark.parametrize("template", SERVICE_VARIANTS)
def test_service_to_unlisted_iri_never_connects(small_server: LiveServer, template: str) -> None:
    with listener() as (port, accepted):
        response = post_query(small_server, template.format(port=port))
        time.sleep(0.3)
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.text and "not allowed" in response.text
    assert accepted == []


def test_service_to_allow_listed_iri_is_contacted(
    small_server: LiveServer, allowed_port: int
) -> None:
    """The allow-list is how operators federate: the allowed endpoint is really called."""
    with listener(allowed_port) as (port, accepted):
        response = post_query(
            small_server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
        )
        time.sleep(0.3)
    assert accepted, "the allow-listed SERVICE endpoint was not contacted"
    assert response.status_code in (400, 503)  # our fake endpoint answers nothing useful


def test_from_external_graph_refused(small_server: LiveServer) -> None:
    port = free_port()
    response = post_query(
        small_server, f"SELECT * FROM <http://127.0.0.1:{port}/x> WHERE {{ ?s ?p ?o }}"
    )
    assert response.status_code == 400
    assert "FROM" in response.text and "never fetches" in response.text


def test_from_local_graph_allowed(small_server: LiveServer) -> None:
    graph = "http://kasei.us/2009/09/sparql/data/data1.rdf"
    response = post_query(small_server, f"SELECT ?s FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == [{"s": {"type": "uri", "value": graph}}]


def test_oversized_body_is_413(small_server: LiveServer) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BYTES
    response = post_query(small_server, query)
    assert response.status_code == 413
    direct = httpx.post(
        small_server.sparql,
        content=query.encode(),
        headers={"content-type": "application/sparql-query"},
        timeout=30,
    )
    assert direct.status_code == 413


def test_chunked_oversized_body_is_413(small_server: LiveServer) -> None:
    """Without a Content-Length the body is counted as it streams in."""

    def chunks() -> Iterator[bytes]:
        yield b"SELECT * WHERE { ?s ?p ?o } #"
        for _ in range(MAX_BYTES // 1000 + 1):
            yield b"x" * 1000

    response = httpx.post(
        small_server.sparql,
        content=chunks(),
        headers={"content-type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413


def test_overlong_query_string_is_414(small_server: LiveServer) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BYTES
    response = httpx.get(small_server.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 414


def test_row_cap_truncates_with_header(small_server: LiveServer) -> None:
    response = post_query(small_server, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["x-regiodeal-truncated"] == "true"
    assert str(ROW_CAP) in response.headers["x-regiodeal-message"]
    assert len(response.json()["results"]["bindings"]) == ROW_CAP
    construct = post_query(
        small_server, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"accept": "application/n-triples"}
    )
    assert construct.headers["x-regiodeal-truncated"] == "true"
    assert len(construct.text.strip().splitlines()) == ROW_CAP


def test_under_the_cap_no_truncation_header(small_server: LiveServer) -> None:
    response = post_query(small_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "x-regiodeal-truncated" not in response.headers
    assert len(response.json()["results"]["bindings"]) == 3


def test_cors_headers(small_server: LiveServer) -> None:
    response = httpx.get(
        small_server.sparql,
        params={"query": "ASK {}"},
        headers={"origin": "https://example.org"},
    )
    assert response.headers["access-control-allow-origin"] in ("*", "https://example.org")
    assert "x-regiodeal-truncated" in response.headers["access-control-expose-headers"].lower()
    preflight = httpx.options(
        small_server.sparql,
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200


def test_protocol_dataset_iris_are_never_fetched(small_server: LiveServer) -> None:
    """default-graph-uri / named-graph-uri select graphs of the store; unknown ones are empty."""
    with listener() as (port, accepted):
        response = httpx.get(
            small_server.sparql,
            params=[
                ("query", "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"),
                ("default-graph-uri", f"http://127.0.0.1:{port}/default"),
                ("named-graph-uri", f"http://127.0.0.1:{port}/named"),
            ],
        )
        time.sleep(0.3)
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    assert accepted == []
