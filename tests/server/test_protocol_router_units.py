"""The SPARQL 1.1 Protocol router (regiodeal.sparql.protocol_router) in process, on a stand-in
query service that records what it is asked: GET and POST (form and direct), the dataset
parameters, format=/output=, the service description, and the protocol's error statuses with
their bodies and headers. No store, no worker."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from support.recorder import Recorder

from regiodeal import deps
from regiodeal.settings import Settings
from regiodeal.sparql import protocol_router
from regiodeal.sparql.protocol_router import READ_ONLY, endpoint_url, to_response
from regiodeal.sparql.service import Answer, GraphCounts, QueryScope

GRAPH = "http://example.org/g1"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
TEXT = "text/plain; charset=utf-8"
Q = "SELECT * WHERE { ?s ?p ?o }"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture
def service() -> Recorder:
    return Recorder(Answer(200, "text/csv", b"s\r\n"), GraphCounts({GRAPH: 3}, 7))


@pytest.fixture
def client(service: Recorder) -> TestClient:
    app = FastAPI()
    app.state.settings = Settings()
    app.include_router(protocol_router.router)
    app.dependency_overrides[deps.query_service] = lambda: service
    return TestClient(app)


def error(response, status: int, body: str) -> None:
    assert (response.status_code, response.headers["content-type"], response.text) == (
        status,
        TEXT,
        body,
    )
    assert response.headers["vary"] == "Accept"


# --- queries that reach the service -----------------------------------------------------------


def test_get_passes_query_accept_and_the_endpoint_as_base(client, service) -> None:
    response = client.get("/sparql", params={"query": Q}, headers={"Accept": "text/csv"})
    assert (response.status_code, response.text) == (200, "s\r\n")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert protocol_router.TRUNCATED_HEADER not in response.headers
    assert protocol_router.MESSAGE_HEADER not in response.headers
    assert service.asked == [(Q, "text/csv", QueryScope(None, None, "http://testserver/sparql"))]


def test_post_form_with_url_parameters_too(client, service) -> None:
    response = client.post(
        "/sparql?named-graph-uri=http://example.org/n1",
        content=f"query={Q}&default-graph-uri={GRAPH}&default-graph-uri=http://example.org/g2",
        headers={"Content-Type": f"{FORM}; charset=UTF-8"},
    )
    assert response.status_code == 200
    [(query, accept, scope)] = service.asked
    assert query == Q
    assert scope == QueryScope(
        [GRAPH, "http://example.org/g2"], ["http://example.org/n1"], "http://testserver/sparql"
    )


def test_post_form_keeps_blank_values(client, service) -> None:
    # an empty default-graph-uri is still a dataset (the worker refuses the IRI)
    client.post("/sparql", content="query=ASK{}&default-graph-uri=", headers={"Content-Type": FORM})
    [(query, _, scope)] = service.asked
    assert query == "ASK{}"
    assert scope is not None and (scope.default_graphs, scope.named_graphs) == ([""], [])


def test_post_direct_with_dataset_in_the_url(client, service) -> None:
    response = client.post(
        f"/sparql?named-graph-uri={GRAPH}",
        content=Q.encode(),
        headers={"Content-Type": f"{DIRECT}; charset=utf8", "Accept": "application/json"},
    )
    assert response.status_code == 200
    assert service.asked == [
        (Q, "application/json", QueryScope([], [GRAPH], "http://testserver/sparql"))
    ]


def test_post_direct_without_charset_is_utf8(client, service) -> None:
    query = 'SELECT ("café" AS ?x) {}'
    client.post("/sparql", content=query.encode(), headers={"Content-Type": DIRECT})
    assert service.asked[0][0] == query


def test_get_with_only_a_named_graph_gives_an_empty_default_list(client, service) -> None:
    client.get("/sparql", params=[("query", Q), ("named-graph-uri", GRAPH)])
    assert service.asked[0][2] == QueryScope([], [GRAPH], "http://testserver/sparql")


# --- format= / output= ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "accept"),
    [
        ({"format": "json"}, "application/sparql-results+json, application/ld+json;q=0.9"),
        ({"format": " XML "}, "application/sparql-results+xml, application/rdf+xml;q=0.9"),
        ({"output": "csv"}, "text/csv"),
        ({"output": "tsv"}, "text/tab-separated-values"),
        ({"format": "ttl"}, "text/turtle"),
        ({"format": "nt"}, "application/n-triples"),
        ({"format": "json-ld"}, "application/ld+json"),
        ({"format": "rdf"}, "application/rdf+xml"),
        ({"format": "text/csv;q=1"}, "text/csv;q=1"),  # a media type is taken as is
        ({"format": "Application/JSON"}, "Application/JSON"),  # an alias too
        ({"format": "", "output": "csv"}, "text/csv"),  # the empty one is skipped
        ({"format": "  "}, "text/turtle"),  # blank: the Accept header
    ],
)
def test_format_and_output_override_accept(client, service, params, accept) -> None:
    client.get("/sparql", params={"query": Q, **params}, headers={"Accept": "text/turtle"})
    assert service.asked[0][1] == accept


def test_format_wins_over_output_in_order_given(client, service) -> None:
    client.get("/sparql", params=[("query", Q), ("output", "tsv"), ("format", "csv")])
    assert service.asked[0][1] == "text/tab-separated-values"


def test_no_accept_and_no_format_leaves_the_choice_to_the_service(client, service) -> None:
    client.get("/sparql", params={"query": Q}, headers={"Accept": ""})
    client.post("/sparql", data={"query": Q, "format": "csv"})
    assert [accept for _, accept, _ in service.asked] == ["", "text/csv"]


def test_an_unknown_format_is_a_400_naming_the_known_ones(client, service) -> None:
    names = ", ".join(protocol_router.OUTPUT_NAMES)
    response = client.get("/sparql", params={"query": Q, "format": "yaml"})
    error(response, 400, f"Bad Request: unknown format 'yaml'; use one of {names}")
    long = "x" * 100
    response = client.get("/sparql", params={"query": Q, "format": long})
    error(response, 400, f"Bad Request: unknown format '{'x' * 80}'; use one of {names}")
    assert service.asked == []


# --- the protocol's refusals --------------------------------------------------------------------


def test_two_query_parameters_are_a_400(client, service) -> None:
    response = client.get("/sparql", params=[("query", Q), ("query", "ASK {}")])
    error(response, 400, "Bad Request: more than one `query` parameter")
    response = client.post("/sparql", data={"query": [Q, Q]})
    error(response, 400, "Bad Request: more than one `query` parameter")
    assert service.asked == []


@pytest.mark.parametrize("name", ["update", "using-graph-uri", "using-named-graph-uri"])
def test_update_parameters_are_refused_with_403(client, service, name) -> None:
    error(client.get("/sparql", params={name: "x", "query": Q}), 403, READ_ONLY)
    error(client.post("/sparql", data={name: "x"}), 403, READ_ONLY)
    assert service.asked == []


def test_an_update_body_is_refused_with_403(client, service) -> None:
    response = client.post(
        "/sparql", content=b"INSERT DATA {}", headers={"Content-Type": "application/sparql-update"}
    )
    error(response, 403, READ_ONLY)


def test_a_post_without_query_is_a_400(client, service) -> None:
    error(client.post("/sparql", data={"format": "csv"}), 400, "Bad Request: no `query` parameter")
    assert service.asked == []


def test_query_in_url_and_direct_body_is_a_400(client, service) -> None:
    response = client.post(
        "/sparql?query=ASK{}", content=Q.encode(), headers={"Content-Type": DIRECT}
    )
    error(response, 400, "Bad Request: query both in the URL and in the body")


def test_query_in_url_and_form_body_is_two_queries(client, service) -> None:
    response = client.post("/sparql?query=ASK{}", data={"query": Q})
    error(response, 400, "Bad Request: more than one `query` parameter")


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [
        (None, "(none)"),
        ("text/plain", "text/plain"),
        ("Application/JSON; charset=utf-8", "application/json"),
    ],
)
def test_other_body_types_are_a_415(client, service, content_type, shown) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", content=Q.encode(), headers=headers)
    error(
        response,
        415,
        f"Unsupported Media Type '{shown}': POST a query as {FORM} (query=...) or as {DIRECT}",
    )


@pytest.mark.parametrize("media_type", [FORM, DIRECT])
def test_a_charset_other_than_utf8_is_a_415(client, service, media_type) -> None:
    response = client.post(
        "/sparql", content=b"query=ASK", headers={"Content-Type": f"{media_type}; charset=latin1"}
    )
    error(response, 415, "Unsupported charset 'latin1': send the query as UTF-8")


@pytest.mark.parametrize("media_type", [FORM, DIRECT])
def test_a_body_that_is_not_utf8_is_a_400(client, service, media_type) -> None:
    response = client.post(
        "/sparql", content=b"query=caf\xe9", headers={"Content-Type": media_type}
    )
    error(
        response,
        400,
        "Bad Request: the request body is not valid UTF-8 ('utf-8' codec can't decode byte 0xe9 "
        "in position 9: unexpected end of data)",
    )


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_a_405_that_allows_get_and_post(client, method) -> None:
    """The framework's own 405 said `Allow: GET` only (the first route's method), although the
    endpoint takes POST too (RFC 9110, 15.5.6: Allow lists the methods the resource supports)."""
    response = client.request(method, "/sparql", content=Q.encode())
    error(response, 405, "Method Not Allowed: query with GET or POST")
    assert response.headers["allow"] == "GET, POST"


# --- the service description --------------------------------------------------------------------


def test_get_without_query_is_the_service_description(client, service) -> None:
    response = client.get("/sparql?format=", headers={"Accept": "text/turtle"})
    assert (response.status_code, response.headers["content-type"]) == (
        200,
        "text/turtle; charset=utf-8",
    )
    assert response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format="turtle")
    assert (None, URIRef(SD + "endpoint"), URIRef("http://testserver/sparql")) in graph
    assert service.asked == []


def test_service_description_endpoint_drops_the_query_string(client) -> None:
    response = client.get("/sparql?x=1", headers={"Accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples; charset=utf-8"
    graph = Graph().parse(data=response.text, format="nt")
    assert set(graph.objects(None, URIRef(SD + "endpoint"))) == {URIRef("http://testserver/sparql")}


def test_service_description_by_format_alias(client) -> None:
    response = client.get("/sparql", params={"format": "rdfxml"})
    assert response.headers["content-type"] == "application/rdf+xml; charset=utf-8"
    assert response.text.startswith("<?xml")
    json_ld = client.get("/sparql", headers={"Accept": "application/json+ld"})
    assert json_ld.headers["content-type"] == "application/ld+json; charset=utf-8"


def test_service_description_in_an_unacceptable_type_is_a_406(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/csv"})
    offers = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
    error(response, 406, f"Not Acceptable: the service description is in {offers}")


def test_a_post_without_query_is_no_service_description(client) -> None:
    response = client.post("/sparql", content=b"", headers={"Content-Type": FORM})
    error(response, 400, "Bad Request: no `query` parameter")


# --- to_response ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("media_type", "content_type"),
    [
        ("text/csv", "text/csv; charset=utf-8"),
        ("application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8"),
        ("application/n-triples", "application/n-triples; charset=utf-8"),
        ("application/sparql-results+json", "application/sparql-results+json; charset=utf-8"),
        ("application/ld+json", "application/ld+json; charset=utf-8"),
        ("application/octet-stream", "application/octet-stream"),
        ("image/png", "image/png"),
    ],
)
def test_text_types_carry_their_charset(media_type: str, content_type: str) -> None:
    response = to_response(Answer(201, media_type, b"body"))
    assert (response.status_code, response.body) == (201, b"body")
    assert response.headers["content-type"] == content_type
    assert response.headers["vary"] == "Accept"


def test_a_truncated_answer_says_so_in_headers() -> None:
    response = to_response(Answer(200, "text/csv", b"x", truncated=True, count=5))
    assert response.headers["x-regiodeal-truncated"] == "true"
    assert response.headers["x-regiodeal-message"] == (
        "results truncated to the first 5 (REGIODEAL_MAX_RESULT_ROWS)"
    )
    own = to_response(Answer(200, "text/csv", b"x", truncated=True, count=5, message="cut here"))
    assert own.headers["x-regiodeal-message"] == "cut here"


def test_through_the_router_truncation_headers_arrive(client, service) -> None:
    service.answer = Answer(200, "text/csv", b"x", truncated=True, count=2, message="bytes")
    response = client.get("/sparql", params={"query": Q})
    assert response.headers["x-regiodeal-truncated"] == "true"
    assert response.headers["x-regiodeal-message"] == "bytes"


def test_a_services_error_answer_is_passed_on(client, service) -> None:
    service.answer = Answer(504, "text/plain", b"Query timeout")
    error(client.get("/sparql", params={"query": Q}), 504, "Query timeout")


def test_endpoint_url_has_no_query_or_fragment() -> None:
    from starlette.requests import Request

    scope = {
        "type": "http",
        "scheme": "https",
        "server": ("example.org", 443),
        "path": "/sparql",
        "query_string": b"query=ASK",
        "headers": [(b"host", b"example.org")],
    }
    assert endpoint_url(Request(scope)) == "https://example.org/sparql"
