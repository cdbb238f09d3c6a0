"""RemoteSparqlService without a real store: failures of the store become clear 5xx answers,
conversion and the row cap, and what is sent (default graph, BASE). No Virtuoso needed."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from support.live import free_port

from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.sparql.remote import RemoteSparqlService, valid_blank_nodes
from regiodeal.sparql.service import QueryScope

XML_ROWS = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    b'<head><variable name="x"/></head><results>'
    + b"".join(
        b'<result><binding name="x"><bnode>nodeID://b%d</bnode></binding></result>' % i
        for i in range(5)
    )
    + b"</results></sparql>"
)
QUERY = "SELECT * WHERE { ?s ?p ?o }"


def _service(handler, **settings: object) -> RemoteSparqlService:
    config = Settings(store="sparql+http://store.invalid/sparql", **settings)
    return RemoteSparqlService(config, "http://store.invalid/sparql", httpx.MockTransport(handler))


def _run(service: RemoteSparqlService, query: str = QUERY, accept: str | None = None):
    return asyncio.run(service.execute(query, accept, QueryScope(base_iri="http://us/sparql")))


def test_answer_is_converted_capped_and_request_names_default_graph() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200, content=XML_ROWS, headers={"content-type": "application/sparql-results+xml"}
        )

    service = _service(handler, max_result_rows=3, store_default_graph="urn:all")
    answer = _run(service, accept=results.TSV)
    assert (answer.status, answer.media_type, answer.truncated, answer.count) == (
        200,
        results.TSV,
        True,
        3,
    )
    assert answer.body.decode().splitlines()[0] == "?x"
    form = httpx.QueryParams(sent[0].content.decode())
    assert form.get_list("default-graph-uri") == ["urn:all"]
    assert form["query"].startswith("BASE <http://us/sparql>\n")
    assert "sparql-results+xml" in sent[0].headers["accept"]


def test_query_naming_a_dataset_gets_no_default_graph() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"head": {"vars": []}, "results": {"bindings": []}})

    service = _service(handler, store_default_graph="urn:all")
    service.local_graphs, service._graphs_known = {"urn:g"}, True
    assert _run(service, "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }").status == 200
    assert "default-graph-uri" not in httpx.QueryParams(sent[0].content.decode())


@pytest.mark.parametrize(
    ("response", "status"),
    [
        (httpx.Response(500, text="Virtuoso 42000 Error"), 502),
        (httpx.Response(404, text="no such endpoint"), 502),
        (httpx.Response(302, headers={"location": "http://elsewhere/"}), 502),
        (httpx.Response(400, text="syntax error"), 400),
        (httpx.Response(200, content=b"<html>", headers={"content-type": "text/html"}), 502),
        (httpx.Response(200, content=b"<spar", headers={"content-type": results.XML}), 502),
    ],
)
def test_store_failures_are_clear_answers(response: httpx.Response, status: int) -> None:
    answer = _run(_service(lambda request: response))
    assert answer.status == status
    assert answer.media_type == "text/plain" and answer.body


def test_store_down_is_503() -> None:
    port = free_port()  # nothing listens there
    config = Settings(store=f"sparql+http://127.0.0.1:{port}/sparql")
    answer = _run(RemoteSparqlService(config, f"http://127.0.0.1:{port}/sparql"))
    assert answer.status == 503 and b"unreachable" in answer.body


def test_slow_store_is_504_within_the_timeout() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200)

    service = _service(handler, query_timeout=0.5)
    loop = asyncio.new_event_loop()
    started = loop.time()
    answer = loop.run_until_complete(service.execute(QUERY, None))
    elapsed = loop.time() - started
    loop.close()
    assert answer.status == 504 and elapsed < 3


def test_oversized_answer_is_502() -> None:
    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}, "pad": "x" * 5000})
    service = _service(
        lambda request: httpx.Response(200, text=body, headers={"content-type": results.JSON}),
        store_max_response_bytes=1000,
    )
    answer = _run(service)
    assert answer.status == 502 and b"LIMIT" in answer.body


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        'DEFINE input:grab-all "yes" SELECT * WHERE { ?s ?p ?o }',
        "SELECT * WHERE { SERVICE <http://elsewhere/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://elsewhere/data> WHERE { ?s ?p ?o }",
        "SELECT (bif:file_to_string('/etc/passwd') AS ?x) WHERE { }",
    ],
)
def test_refused_queries_never_reach_the_store(query: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"forwarded: {request.content!r}")

    service = _service(handler)
    service._graphs_known = True  # an empty graph list, as read from the store
    answer = _run(service, query)
    assert answer.status == 400, answer.body


def test_virtuoso_blank_node_labels_are_made_valid() -> None:
    fixed = valid_blank_nodes(b"<bnode>nodeID://b1</bnode><bnode>nodeID://b1</bnode>")
    first, second = fixed.split(b"</bnode>")[:2]
    assert b"nodeID" not in fixed and first == second
