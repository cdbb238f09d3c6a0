"""`format=` and `output=` on /sparql, as Fuseki and Virtuoso users' scripts send them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph
from support.apps import TestClient

DEALS = (
    "PREFIX rd: <https://w3id.org/regiodeal/def#> "
    "SELECT ?deal WHERE { ?deal a rd:RegioDeal } ORDER BY ?deal"
)
DELFT = (
    "CONSTRUCT { ?d ?p ?o } WHERE { "
    "BIND(<https://w3id.org/regiodeal/id/regiodeal/delft-west> AS ?d) ?d ?p ?o }"
)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def deal_count(graph: Graph) -> int:
    query = "PREFIX rd: <https://w3id.org/regiodeal/def#> SELECT ?d WHERE { ?d a rd:RegioDeal }"
    return len(list(graph.query(query)))


@pytest.mark.parametrize(
    ("param", "value", "media_type"),
    [
        ("format", "json", "application/sparql-results+json"),
        ("output", "json", "application/sparql-results+json"),
        ("format", "xml", "application/sparql-results+xml"),
        ("format", "csv", "text/csv"),
        ("output", "tsv", "text/tab-separated-values"),
        ("format", "text/csv", "text/csv"),  # Virtuoso's form: a media type
        ("format", "application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_select_in_the_format_asked(
    bundled_client: TestClient, graph: Graph, param: str, value: str, media_type: str
) -> None:
    # A browser's Accept would otherwise give XML: the parameter wins.
    answer = bundled_client.get(
        "/sparql", params={"query": DEALS, param: value}, headers={"accept": BROWSER}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == media_type
    body = answer.text
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["deal"] and len(rows) - 1 == deal_count(graph)
    elif media_type.endswith("json"):
        assert len(json.loads(body)["results"]["bindings"]) == deal_count(graph)
    else:
        assert "delft-west" in body


@pytest.mark.parametrize(
    ("value", "syntax"),
    [
        ("turtle", "turtle"),
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("jsonld", "json-ld"),
        ("json", "json-ld"),
        ("xml", "xml"),
    ],
)
def test_construct_in_the_format_asked(bundled_client: TestClient, value: str, syntax: str) -> None:
    answer = bundled_client.post("/sparql", data={"query": DELFT, "output": value})
    assert answer.status_code == 200, answer.text
    parsed = Graph().parse(data=answer.text, format=syntax)
    assert len(parsed) > 10


def test_an_unknown_format_is_a_400_naming_the_known_ones(bundled_client: TestClient) -> None:
    answer = bundled_client.get("/sparql", params={"query": DEALS, "format": "pdf"})
    assert answer.status_code == 400
    assert "'pdf'" in answer.text and "csv" in answer.text


def test_format_on_a_sparql_query_body_in_the_url(bundled_client: TestClient) -> None:
    answer = bundled_client.post(
        "/sparql?format=csv",
        content=DEALS,
        headers={"content-type": "application/sparql-query", "accept": "application/json"},
    )
    assert answer.headers["content-type"].startswith("text/csv")
