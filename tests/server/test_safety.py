"""Limits of the endpoint, measured against live servers: timeout, isolation, federation, sizes,
memory per query and bytes per answer (and the writers' byte cap on its own)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import httpx
import pytest
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)
from support.live import LiveServer, LiveServers, free_port

from regiodeal.sparql import results
from regiodeal.sparql.named_queries import Param

from .conftest import MAX_BYTES, ROW_CAP, SYNTHETIC, TIMEOUT_S, write_synthetic

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
        outcome["done"] = time.monotonic()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway query is now occupying a worker
    start = time.monotonic()
    simple = post_query(small_server, SIMPLE)
    simple_done = time.monotonic()
    thread.join(30)

    assert simple.status_code == 200 and f"{SYNTHETIC}s7" in simple.text
    # Answered while the runaway still held its worker: it did not wait for it (an order, not a
    # time limit, so that a loaded machine cannot fail it).
    assert simple_done < outcome["done"], (simple_done - start, outcome)
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


# --- memory per query, bytes per answer, a client leaving mid-query --------------------------

MEMORY_MB = 300  # the worker's own heap is ~120 MB (Python, pyoxigraph, the open store)
BYTE_CAP = 50_000
PAD = "y" * 500
# Each row ~560 bytes: 600 of them are far over BYTE_CAP, far under the row cap.
PADDED_SELECT = (
    f'SELECT ?s (CONCAT(STR(?s), "{PAD}") AS ?pad) WHERE {{ ?s <{SYNTHETIC}label> ?label }}'
)
PADDED_CONSTRUCT = (
    f"CONSTRUCT {{ ?s <{SYNTHETIC}pad> ?pad }} "
    f'WHERE {{ ?s <{SYNTHETIC}label> ?label BIND(CONCAT(STR(?s), "{PAD}") AS ?pad) }}'
)
# About a second of work on the synthetic data (a 150^3 cross product), then its count.
SLOW = """SELECT (COUNT(*) AS ?n) WHERE {
  { SELECT ?a WHERE { ?a ?b ?c } LIMIT 150 } { SELECT ?d WHERE { ?d ?e ?f } LIMIT 150 }
  { SELECT ?g WHERE { ?g ?h ?i } LIMIT 150 } }"""


def doubling(times: int) -> tuple[str, str]:
    """BINDs that double an 8-character string `times` times: (patterns, final variable)."""
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(times))
    return f'BIND("xxxxxxxx" AS ?x0) {binds}', f"?x{times}"


@pytest.fixture(scope="module")
def limited_server(
    tmp_path_factory: pytest.TempPathFactory, live_servers: LiveServers
) -> LiveServer:
    """One worker with a small memory limit and a small byte cap on answers."""
    tmp = tmp_path_factory.mktemp("limited")
    data, ontology, queries = tmp / "data", tmp / "ontology", tmp / "queries"
    for directory in (data, ontology, queries):
        directory.mkdir()
    write_synthetic(data)
    return live_servers.get(
        data_dir=data,
        ontology_dir=ontology,
        queries_dir=queries,
        query_workers=1,
        query_timeout=20,
        query_memory_mb=MEMORY_MB,
        max_response_bytes=BYTE_CAP,
    )


def test_memory_hungry_query_is_stopped_and_the_worker_replaced(
    limited_server: LiveServer,
) -> None:
    """CONCAT doubling to a 256 MiB string (about 800 MB in all) within a 300 MB limit."""
    patterns, last = doubling(25)
    response = post_query(limited_server, f"SELECT (STRLEN({last}) AS ?n) WHERE {{ {patterns} }}")
    assert response.status_code == 507, response.text[:300]
    assert "REGIODEAL_QUERY_MEMORY_MB" in response.text and f"{MEMORY_MB} MB" in response.text
    assert limited_server.process.poll() is None
    after = post_query(limited_server, SIMPLE)  # the single worker was replaced
    assert after.status_code == 200 and f"{SYNTHETIC}s7" in after.text


def truncation_count(response: httpx.Response) -> int:
    assert response.headers["x-regiodeal-truncated"] == "true"
    message = response.headers["x-regiodeal-message"]
    assert "REGIODEAL_MAX_RESPONSE_BYTES" in message and str(BYTE_CAP) in message
    match = re.search(r"first (\d+)", message)
    assert match, message
    return int(match.group(1))


def tabular_rows(body: bytes, media_type: str) -> list:
    if media_type == results.CSV:  # pyoxigraph reads SPARQL CSV, which has no term types
        return body.decode().splitlines()[1:]
    formats = {
        results.JSON: QueryResultsFormat.JSON,
        results.XML: QueryResultsFormat.XML,
        results.TSV: QueryResultsFormat.TSV,
    }
    return list(parse_query_results(body, format=formats[media_type]))


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_select_stops_before_the_byte_cap(limited_server: LiveServer, media_type: str) -> None:
    response = post_query(limited_server, PADDED_SELECT, headers={"accept": media_type})
    assert response.status_code == 200, response.text[:300]
    count = truncation_count(response)
    assert BYTE_CAP - 700 < len(response.content) <= BYTE_CAP  # full up to the last row that fits
    assert len(tabular_rows(response.content, media_type)) == count


GRAPH_FORMATS = {
    results.TURTLE: RdfFormat.TURTLE,
    results.NTRIPLES: RdfFormat.N_TRIPLES,
    results.JSONLD: RdfFormat.JSON_LD,
    results.RDFXML: RdfFormat.RDF_XML,
}


@pytest.mark.parametrize("media_type", results.GRAPH_TYPES)
def test_construct_stops_before_the_byte_cap(limited_server: LiveServer, media_type: str) -> None:
    response = post_query(limited_server, PADDED_CONSTRUCT, headers={"accept": media_type})
    assert response.status_code == 200, response.text[:300]
    count = truncation_count(response)
    assert len(response.content) <= BYTE_CAP
    assert count > 0
    assert len(list(parse(response.content, format=GRAPH_FORMATS[media_type]))) == count


@pytest.mark.parametrize("form", ["SELECT", "CONSTRUCT"])
def test_first_result_over_the_byte_cap_is_refused(limited_server: LiveServer, form: str) -> None:
    patterns, last = doubling(13)  # 64 KiB, over the 50 KB cap
    query = (
        f"SELECT ({last} AS ?big) WHERE {{ {patterns} }}"
        if form == "SELECT"
        else f"CONSTRUCT {{ <{SYNTHETIC}s1> <{SYNTHETIC}big> {last} }} WHERE {{ {patterns} }}"
    )
    response = post_query(limited_server, query)
    assert response.status_code == 507
    assert len(response.content) < 1000
    assert "REGIODEAL_MAX_RESPONSE_BYTES" in response.text and str(BYTE_CAP) in response.text


def test_client_leaving_mid_query_does_not_hand_its_answer_to_the_next(
    limited_server: LiveServer,
) -> None:
    """The only worker is busy with the departed client's query; each next query gets its own."""
    payload = urlencode({"query": SLOW}).encode()
    port = int(limited_server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        time.sleep(0.3)  # the query is running; the client hangs up unanswered
    for marker in ("a", "b", "c"):
        response = post_query(limited_server, f'SELECT ("{marker}" AS ?m) WHERE {{}}')
        assert response.status_code == 200, response.text
        expected = [{"m": {"type": "literal", "value": marker}}]
        assert response.json()["results"]["bindings"] == expected


# --- the writers' byte cap, exactly --------------------------------------------------------


def padded_rows(sizes: list[int]) -> list[list]:
    return [[NamedNode(f"{SYNTHETIC}s{i}"), Literal("é" * n)] for i, n in enumerate(sizes)]


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
@pytest.mark.parametrize("cap", [300, 1_000, 5_000])
def test_write_select_keeps_every_row_that_fits(media_type: str, cap: int) -> None:
    rows = padded_rows([10, 300, 5, 120, 40, 700, 3, 60, 90, 250] * 3)
    written = results.write_select(media_type, ["s", "o"], rows, byte_cap=cap)
    full = results.write_select(media_type, ["s", "o"], rows[: written.count + 1])
    assert len(written.body) <= cap
    assert written.body == results.write_select(media_type, ["s", "o"], rows[: written.count]).body
    assert len(full.body) > cap  # one row more would not have fitted
    assert written.limit == results.BYTES_LIMIT


def test_write_select_row_cap_before_byte_cap() -> None:
    rows = padded_rows([10] * 20)
    written = results.write_select(results.JSON, ["s", "o"], rows, row_cap=5, byte_cap=10**6)
    assert (written.count, written.limit) == (5, results.ROWS_LIMIT)
    assert len(json.loads(written.body)["results"]["bindings"]) == 5
    whole = results.write_select(results.JSON, ["s", "o"], rows, row_cap=20, byte_cap=10**6)
    assert (whole.count, whole.limit) == (20, None)


@pytest.mark.parametrize("media_type", results.GRAPH_TYPES)
def test_write_graph_fits_the_cap(media_type: str) -> None:
    triples = [
        Triple(NamedNode(f"{SYNTHETIC}s{i}"), NamedNode(f"{SYNTHETIC}p"), Literal("z" * (i * 7)))
        for i in range(200)
    ]
    written = results.write_graph(media_type, triples, byte_cap=20_000)
    assert written.limit == results.BYTES_LIMIT and 0 < written.count < 200
    assert len(written.body) <= 20_000
    assert written.body == results.graph(media_type, triples[: written.count])
    single = results.write_graph(media_type, [Triple(*triples[-1])], byte_cap=1_000)
    assert (single.count, single.limit) == (0, results.BYTES_LIMIT)


# --- named-query parameters with code-point escapes beyond Unicode -----------------------------


@pytest.mark.parametrize(
    "escape", ["\\U00110000", "\\UFFFFFFFF", "a\\U0011ffffb", "\\uD800", "\\U0000DFFF"]
)
def test_string_parameter_escape_of_no_character_is_400(
    bundled_server: LiveServer, escape: str
) -> None:
    response = httpx.get(
        bundled_server.url + "/api/queries/discrepancies", params={"lang": escape}, timeout=30
    )
    assert response.status_code == 400, response.text
    assert "lang" in response.text and "U+10FFFF" in response.text


def test_string_parameter_escapes_checked_when_binding() -> None:
    param = Param("lang", "string", "en")
    for bad in ("\\U00110000", "x \\uDC00"):
        with pytest.raises(ValueError, match="U\\+10FFFF"):
            param.term(bad)
    assert param.term("\\u00e9 \\U0010FFFF").value == "\\u00e9 \\U0010FFFF"  # in range: kept
