"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/protocol/manifest.ttl), the app in-process.

Query and bad-request tests must pass as written. The endpoint is read-only, so every update test
must be refused with a 4xx on its first (update) request.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import httpx
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from support.apps import TestClient

from .conftest import W3C_DIR

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TABULAR = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


@dataclass
class ProtocolRequest:
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    statuses: set[str]  # "2xx", "3xx", "4xx"
    boolean: bool | None
    result_format: str | None


@dataclass
class ProtocolTest:
    name: str
    requests: list[ProtocolRequest] = field(default_factory=list)


def _request(graph: Graph, node: URIRef) -> ProtocolRequest:
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    headers = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    response = graph.value(node, HT.resp)
    statuses = {
        str(s).rsplit("StatusCode", 1)[1] for s in graph.objects(response, MF.expectedStatus)
    }
    boolean = graph.value(response, MF.expectedBoolean)
    result_format = graph.value(response, MF.expectedFormat)
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        body=body,
        headers=headers,
        statuses=statuses,
        boolean=None if boolean is None else boolean.toPython(),
        result_format=None if result_format is None else str(result_format),
    )


def load_tests() -> list[ProtocolTest]:
    graph = Graph().parse(W3C_DIR / "manifest.ttl", publicID=W3C_DIR.as_uri() + "/manifest.ttl")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = Collection(graph, graph.value(action, HT.requests))
        name = str(entry).rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, [_request(graph, r) for r in requests]))
    return tests


TESTS = load_tests()
QUERY_TESTS = [t for t in TESTS if not t.name.startswith("update_")]
UPDATE_TESTS = [t for t in TESTS if t.name.startswith("update_")]


def send(client: TestClient, request: ProtocolRequest) -> httpx.Response:
    # The manifest's paths start with /sparql/; ours is /sparql.
    path = request.path.replace("/sparql/", "/sparql", 1)
    return client.request(request.method, path, content=request.body, headers=request.headers)


def _boolean(response: httpx.Response) -> bool:
    media_type = response.headers["content-type"].split(";")[0]
    if media_type == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    assert media_type == "application/sparql-results+xml", media_type
    root = ET.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def check(response: httpx.Response, expected: ProtocolRequest) -> None:
    assert f"{response.status_code // 100}xx" in expected.statuses, (
        response.status_code,
        response.text[:300],
    )
    media_type = response.headers.get("content-type", "").split(";")[0]
    if expected.result_format == "tabular":
        assert media_type in TABULAR
    elif expected.result_format == "RDF":
        assert media_type in RDF_TYPES
        Graph().parse(data=response.content, format=media_type)  # really RDF
    elif expected.result_format == "boolean":
        assert media_type in TABULAR[:2]
    if expected.boolean is not None:
        assert _boolean(response) is expected.boolean


def test_manifest_has_all_tests() -> None:
    assert len(TESTS) == 34 and len(UPDATE_TESTS) == 7


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: t.name)
def test_query_protocol(small_client: TestClient, test: ProtocolTest) -> None:
    for request in test.requests:
        check(send(small_client, request), request)


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: t.name)
def test_update_refused(small_client: TestClient, test: ProtocolTest) -> None:
    response = send(small_client, test.requests[0])
    assert 400 <= response.status_code < 500, response.status_code
    assert "read-only" in response.text
