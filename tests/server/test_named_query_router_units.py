"""The named-query API (regiodeal.sparql.named_query_router) in process, over hand-made named
queries and a stand-in query service that records what it is asked: the listing, one path per
query with typed parameters, format=, the workbook, the OpenAPI description, the errors. No
store, no worker, no queries/ directory."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from support.recorder import Recorder

from regiodeal import deps
from regiodeal.settings import Settings
from regiodeal.sparql.named_queries import IRI_PATTERN, NamedQuery, Param
from regiodeal.sparql.named_query_router import queries_router
from regiodeal.sparql.service import Answer, QueryScope

JSON = "application/sparql-results+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEAL = "https://example.org/deal/1"
SPARQL = "SELECT ?deal ?n WHERE { ?deal <http://example.org/p> ?n }"

DEALS = NamedQuery(
    name="deals",
    sparql=SPARQL,
    titles={"nl": "Deals (nl)", "en": "Deals"},  # Dutch first: the English one must be chosen
    descriptions={"nl": "Elke deal", "en": "Every deal"},
    params=[
        Param("deal", "iri", None, "The deal"),
        Param("n", "integer", "3"),
    ],
)
PLAIN = NamedQuery(
    name="plain", sparql="SELECT * WHERE { ?s ?p ?o }", titles={"en": "Everything", "nl": "Alles"}
)


@pytest.fixture
def service() -> Recorder:
    return Recorder(Answer(200, JSON, b"{}"))


def make_client(service: Recorder, prefix: str = "/api/queries") -> TestClient:
    app = FastAPI()
    app.state.settings = Settings()
    if prefix == "/api/queries":
        app.include_router(queries_router([DEALS, PLAIN]))  # the default prefix
    else:
        app.include_router(queries_router([DEALS, PLAIN], prefix))
    app.dependency_overrides[deps.query_service] = lambda: service
    return TestClient(app)


@pytest.fixture
def client(service: Recorder) -> TestClient:
    return make_client(service)


def bound(deal: str, n: int) -> str:
    """The query with the VALUES block the parameters make (named_queries.NamedQuery.bind)."""
    values = (
        f' VALUES (?deal ?n) {{ (<{deal}> "{n}"^^<http://www.w3.org/2001/XMLSchema#integer>) }} '
    )
    return SPARQL.replace("WHERE {", "WHERE {" + values)


def test_the_listing_describes_each_query(client) -> None:
    listing = client.get("/api/queries").json()
    assert listing == [
        {
            "name": "deals",
            "title": {"nl": "Deals (nl)", "en": "Deals"},
            "description": {"nl": "Elke deal", "en": "Every deal"},
            "path": "http://testserver/api/queries/deals",
            "params": [
                {"name": "deal", "type": "iri", "default": None, "description": "The deal"},
                {"name": "n", "type": "integer", "default": "3", "description": ""},
            ],
            "sparql": SPARQL,
        },
        {
            "name": "plain",
            "title": {"en": "Everything", "nl": "Alles"},
            "description": {},
            "path": "http://testserver/api/queries/plain",
            "params": [],
            "sparql": "SELECT * WHERE { ?s ?p ?o }",
        },
    ]


def test_another_prefix(service) -> None:
    client = make_client(service, "/named")
    assert client.get("/named").json()[1]["path"] == "http://testserver/named/plain"
    assert client.get("/named/plain").status_code == 200
    assert client.get("/api/queries/plain").status_code == 404


def test_a_query_runs_with_its_parameters_bound(client, service) -> None:
    response = client.get("/api/queries/deals", params={"deal": DEAL, "n": "5"})
    assert (response.status_code, response.text) == (200, "{}")
    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    [(query, accept, scope)] = service.asked
    assert query == bound(DEAL, 5)
    assert accept == "*/*"  # the client's Accept header
    assert scope == QueryScope(base_iri="http://testserver/sparql")


def test_a_default_fills_a_missing_parameter(client, service) -> None:
    client.get("/api/queries/deals", params={"deal": DEAL})
    assert service.asked[0][0] == bound(DEAL, 3)


def test_a_query_without_parameters_is_sent_as_is(client, service) -> None:
    client.get("/api/queries/plain", headers={"Accept": "text/csv"})
    assert service.asked == [
        ("SELECT * WHERE { ?s ?p ?o }", "text/csv", QueryScope(base_iri="http://testserver/sparql"))
    ]


def test_without_accept_the_answer_is_sparql_json(client, service) -> None:
    client.get("/api/queries/plain", headers={"Accept": ""})
    assert service.asked[0][1] == JSON


@pytest.mark.parametrize(
    ("name", "accept"), [("json", JSON), ("csv", "text/csv"), ("xlsx", "text/csv")]
)
def test_format_overrides_accept(client, service, name, accept) -> None:
    service.answer = Answer(200, "text/csv", b"deal,n\r\nx,1\r\n")
    client.get("/api/queries/plain", params={"format": name}, headers={"Accept": "text/turtle"})
    assert service.asked[0][1] == accept


def test_xlsx_is_a_workbook_of_the_csv(client, service) -> None:
    service.answer = Answer(200, "text/csv", b"deal,n\r\nx,1\r\n")
    response = client.get("/api/queries/plain", params={"format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == 'attachment; filename="plain.xlsx"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    assert "deal" in sheet and "<v>1</v>" in sheet  # the number as a number
    assert 'name="plain"' in workbook  # the sheet is named after the query


def test_xlsx_of_an_error_is_the_error(client, service) -> None:
    service.answer = Answer(504, "text/plain", b"Query timeout")
    response = client.get("/api/queries/plain", params={"format": "xlsx"})
    assert (response.status_code, response.text) == (504, "Query timeout")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_an_unknown_format_is_a_422(client, service) -> None:
    assert client.get("/api/queries/plain", params={"format": "tsv"}).status_code == 422
    assert service.asked == []


def test_a_missing_required_parameter_is_a_422(client, service) -> None:
    response = client.get("/api/queries/deals")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "deal"]
    assert service.asked == []


def test_parameters_are_checked_by_type_and_pattern(client, service) -> None:
    not_iri = client.get("/api/queries/deals", params={"deal": "no iri"})
    assert not_iri.status_code == 422
    assert not_iri.json()["detail"][0]["type"] == "string_pattern_mismatch"
    bad_int = client.get("/api/queries/deals", params={"deal": DEAL, "n": "three"})
    assert bad_int.status_code == 422
    assert service.asked == []


def test_an_iri_the_store_rejects_is_a_400(client, service) -> None:
    # the pattern admits it, pyoxigraph does not (a bad percent escape)
    response = client.get("/api/queries/deals", params={"deal": "http://example.org/%zz"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text.startswith("Bad parameter: ")
    assert len(response.text) > len("Bad parameter: ")
    assert service.asked == []


def test_openapi_documents_each_query(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/api/queries", "/api/queries/deals", "/api/queries/plain"}
    deals = paths["/api/queries/deals"]["get"]
    assert (deals["summary"], deals["description"]) == ("Deals", "Every deal")
    assert deals["tags"] == ["Named queries"]
    plain = paths["/api/queries/plain"]["get"]
    # no description: the Dutch title stands in for it
    assert (plain["summary"], plain["description"]) == ("Everything", "Alles")
    params = {p["name"]: p for p in deals["parameters"]}
    assert list(params) == ["deal", "n", "format"]
    assert params["deal"]["required"] is True
    assert params["deal"]["description"] == "The deal"
    assert params["deal"]["schema"]["pattern"] == IRI_PATTERN
    assert params["n"]["required"] is False
    assert params["n"]["description"] == "integer"  # no description: the type
    assert params["n"]["schema"]["default"] == 3
    assert params["n"]["schema"]["type"] == "integer"
    assert "pattern" not in params["n"]["schema"]
    assert params["format"]["description"].startswith("Output format (overrides the Accept header)")
    assert params["format"]["required"] is False
    formats = params["format"]["schema"]["anyOf"][0]["enum"]
    assert formats == ["json", "csv", "xlsx"]
    responses = deals["responses"]
    assert set(responses["200"]["content"]) == {JSON, "text/csv", XLSX}
    assert responses["400"]["description"] == "Invalid parameter or query error"
    assert responses["406"]["description"] == "Unsupported Accept type"
    assert responses["504"]["description"] == "Query timeout"
    assert paths["/api/queries"]["get"]["summary"] == "List the named queries"
