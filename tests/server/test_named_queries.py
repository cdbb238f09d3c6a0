"""Named queries: header parsing, safe parameter binding, and the /api/queries API."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Store
from rdflib import Graph
from rdflib.namespace import RDF
from support.apps import BASE_URL, TestClient

from regiodeal.namespaces import RD
from regiodeal.settings import get_settings
from regiodeal.sparql.named_queries import (
    NamedQuery,
    Param,
    QueryHeaderError,
    load_named_queries,
    parse_named_query,
)

QUERIES = load_named_queries(get_settings().queries_dir)
TWENTE = "https://w3id.org/regiodeal/id/regiodeal/twente"


def write(tmp_path: Path, text: str) -> NamedQuery:
    path = tmp_path / "q.rq"
    path.write_text(text)
    return parse_named_query(path)


def test_every_bundled_query_has_a_title_and_parses() -> None:
    assert len(QUERIES) >= 3
    for query in QUERIES:
        assert query.titles, query.name
        Store().query(query.bind({p.name: p.parsed_default() for p in query.params}))


def test_header_format(tmp_path: Path) -> None:
    query = write(
        tmp_path,
        (
            "# title@nl: Titel\n# title@en: Title\n# description: Both languages\n"
            "# param: n integer 5 How many\n# param: who iri - Required IRI\n"
            "SELECT * WHERE { ?s ?p ?o } LIMIT 5\n"
        ),
    )
    assert query.title("nl") == "Titel" and query.title("en") == "Title"
    assert query.description("nl") == "Both languages"
    assert [(p.name, p.type, p.default) for p in query.params] == [
        ("n", "integer", "5"),
        ("who", "iri", None),
    ]


@pytest.mark.parametrize("param", ["x nosuchtype 1", "format string a", "x integer abc", "x"])
def test_bad_headers_fail_loudly(tmp_path: Path, param: str) -> None:
    with pytest.raises(QueryHeaderError):
        write(tmp_path, f"# title: T\n# param: {param}\nSELECT * WHERE {{ }}\n")


def test_binding_is_injection_safe(tmp_path: Path) -> None:
    query = write(tmp_path, "# title: T\n# param: name string - a name\nSELECT ?name WHERE { }\n")
    hostile = '"} . ?s ?p ?o } # \\'
    bound = query.bind({"name": hostile})
    [solution] = list(Store().query(bound))
    assert solution["name"].value == hostile
    with pytest.raises(ValueError):
        write(tmp_path, "# title: T\n# param: who iri - x\nSELECT * WHERE { }\n").bind(
            {"who": "http://x/> } ; DROP ALL ; <"}
        )


def test_list(bundled_client: TestClient) -> None:
    listing = bundled_client.get("/api/queries").json()
    names = {q["name"] for q in listing}
    assert {"deals-by-rijk-contribution", "ministries-per-deal", "deal-provenance"} <= names
    provenance = next(q for q in listing if q["name"] == "deal-provenance")
    assert provenance["title"]["nl"] and provenance["title"]["en"]
    assert provenance["params"][0]["name"] == "deal" and provenance["params"][0]["type"] == "iri"
    # what queries/deal-provenance.rq states in its header, and where to run it
    source = (get_settings().queries_dir / "deal-provenance.rq").read_text()
    assert provenance["description"]["en"] in source and provenance["description"]["nl"] in source
    assert provenance["params"][0]["description"] in source and provenance["params"][0]["default"]
    assert provenance["path"] == BASE_URL + "/api/queries/deal-provenance"
    assert provenance["sparql"] == source  # the file as written, header included


def test_openapi_has_a_path_per_query(bundled_client: TestClient) -> None:
    schema = bundled_client.get("/openapi.json").json()
    for query in QUERIES:
        operation = schema["paths"][f"/api/queries/{query.name}"]["get"]
        documented = {p["name"] for p in operation.get("parameters", [])}
        assert {p.name for p in query.params} | {"format"} == documented


def test_parameter_changes_result(bundled_client: TestClient) -> None:
    url = "/api/queries/deal-provenance"
    default = bundled_client.get(url).json()["results"]["bindings"]
    other = bundled_client.get(url, params={"deal": "https://w3id.org/regiodeal/id/regiodeal/nope"})
    assert default and other.json()["results"]["bindings"] == []
    sources = {b["source"]["value"] for b in default}
    assert all(s.startswith("https://w3id.org/regiodeal/id/document/") for s in sources)


def test_csv_output(bundled_client: TestClient) -> None:
    response = bundled_client.get("/api/queries/ministries-per-deal", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and set(rows[0]) == {"deal", "label", "ministries", "names", "namesAtSigning"}
    assert all(int(r["ministries"]) >= 0 for r in rows)
    accept = bundled_client.get("/api/queries/ministries-per-deal", headers={"accept": "text/csv"})
    assert accept.text == response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("deal-provenance", {"deal": "not an iri"}),
        ("deal-provenance", {"deal": "http://x/> } <"}),
        ("deals-by-rijk-contribution", {"minimum": "lots"}),
        ("deals-by-rijk-contribution", {"format": "pdf"}),  # xlsx is offered now
    ],
)
def test_bad_parameters_are_400(bundled_client: TestClient, path: str, params: dict) -> None:
    response = bundled_client.get(f"/api/queries/{path}", params=params)
    assert response.status_code == 400, response.text


def test_decimal_parameter_filters(bundled_client: TestClient, graph: Graph) -> None:
    url = "/api/queries/deals-by-rijk-contribution"
    rows = bundled_client.get(url, params={"minimum": "1e15"}).json()["results"]["bindings"]
    # only the deals without a stated amount, which are always listed: counted here from the
    # Turtle files with rdflib (the hand-checked list is tests/queries DEALS_WITHOUT_AMOUNT)
    deals = set(graph.subjects(RDF.type, RD.RegioDeal))
    without = {str(d) for d in deals if (d, RD.rijkContribution, None) not in graph}
    assert {r["deal"]["value"] for r in rows} == without
    assert all("rijkContribution" not in r for r in rows)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("boolean", True, '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        ("boolean", False, '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        ("decimal", Decimal("12.5"), '"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        ("integer", 2025, '"2025"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (
            "date",
            datetime.date(2024, 6, 1),
            '"2024-06-01"^^<http://www.w3.org/2001/XMLSchema#date>',
        ),
        ("string", "Delft", '"Delft"'),
        ("iri", "https://example.org/x", "<https://example.org/x>"),
    ],
)
def test_parameter_values_become_typed_terms(kind: str, value: object, expected: str) -> None:
    assert str(Param("p", kind, None).term(value)) == expected


@pytest.mark.parametrize("escape", ["\\U00110000", "\\uD800", "\\uDFFF", "\\udbff"])
def test_string_with_an_escape_of_no_character_is_refused(escape: str) -> None:
    with pytest.raises(ValueError, match=r"p: .* is not a Unicode code point"):
        Param("p", "string", None).term(f"a {escape} b")


@pytest.mark.parametrize("escape", ["\\U0010FFFF", "\\uD7FF", "\\uE000", "\\u0041"])
def test_string_with_an_escape_of_a_character_is_kept(escape: str) -> None:
    assert str(Param("p", "string", None).term(f"a {escape} b")) == f'"a \\\\{escape[1:]} b"'
