"""POST /api/validate (the app in-process): the CLI's findings, five formats, bad input answered."""

from __future__ import annotations

import csv
import html
import io
import json
import random
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from support.apps import TestClient

from regiodeal.namespaces import ID, RD

from .conftest import SHAPES_TESTS, VALIDATION_MAX_BYTES, ValidationServer, leftovers

VALID = sorted((SHAPES_TESTS / "valid").glob("*.ttl"))
# A few kinds: dates, budget, context (published graph), parties, code lists.
INVALID = [
    "end-before-start",
    "budget-row-sum",
    "context-duplicate-citation-title",
    "regiokassier-missing",
    "status-not-in-code-list",
]
TURTLE = {"content-type": "text/turtle"}


def expected(name: str) -> tuple[URIRef, URIRef]:
    """(shape, focus) from the file's `# expect: rd:Shape <focus>` header."""
    text = (SHAPES_TESTS / "invalid" / f"{name}.ttl").read_text()
    match = re.search(r"^# expect: rd:(\w+) <([^>]+)>", text, re.MULTILINE)
    assert match, name
    return RD[match.group(1)], ID[match.group(2)]


def post(
    client: TestClient,
    body: bytes,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    return client.post("/api/validate", content=body, headers=headers or TURTLE, params=params)


def invalid(name: str) -> bytes:
    return (SHAPES_TESTS / "invalid" / f"{name}.ttl").read_bytes()


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_deal_conforms(validation_client: TestClient, path: Path) -> None:
    response = post(validation_client, path.read_bytes())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    report = response.json()
    assert report["conforms"] is True
    assert report["violations"] == 0 and report["findings"] == []
    assert response.headers["regiodeal-validation"] == "passes"
    assert len(report["deals"]) == 1


@pytest.mark.parametrize("name", INVALID)
def test_invalid_deal_json(validation_client: TestClient, name: str) -> None:
    shape, focus = expected(name)
    response = post(validation_client, invalid(name))
    report = response.json()
    assert report["conforms"] is False
    # every one of these files holds a violation (not only warnings): the deal does not pass
    assert response.headers["regiodeal-validation"] == "violations"
    hits = [f for f in report["findings"] if f["shape"] == str(shape) and f["focus"] == str(focus)]
    assert hits, [(f["shape"], f["focus"]) for f in report["findings"]]
    assert hits[0]["message"] and hits[0]["section"]


@pytest.mark.parametrize("name", INVALID)
def test_invalid_deal_turtle(validation_client: TestClient, name: str) -> None:
    shape, focus = expected(name)
    response = post(validation_client, invalid(name), {**TURTLE, "accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report is not None and graph.value(report, SH.conforms).toPython() is False
    results = [
        r
        for r in graph.objects(report, SH.result)
        if graph.value(r, SH.sourceShape) == shape and graph.value(r, SH.focusNode) == focus
    ]
    assert results and graph.value(results[0], SH.resultSeverity) in (SH.Violation, SH.Warning)


def test_csv_has_header_and_rows(validation_client: TestClient) -> None:
    response = post(validation_client, invalid("end-before-start"), params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {"severity", "shape", "message", "focus", "legal_basis"} <= set(rows[0])
    assert any(r["shape"].endswith("#EndAfterStartShape") for r in rows)


def test_html_contains_the_message(validation_client: TestClient) -> None:
    body = invalid("end-before-start")
    finding = next(
        f
        for f in post(validation_client, body, params={"lang": "en"}).json()["findings"]
        if f["shape"].endswith("#EndAfterStartShape")
    )
    response = post(validation_client, body, {**TURTLE, "accept": "text/html"}, {"lang": "en"})
    assert response.headers["content-type"].startswith("text/html")
    assert finding["message"] in html.unescape(response.text)
    assert "validate/rules?lang=en#EndAfterStartShape" in response.text


def test_accept_q_values_and_format_override(validation_client: TestClient) -> None:
    body = invalid("end-before-start")
    accept = {**TURTLE, "accept": "text/csv;q=0.5, text/turtle;q=0.9, application/json;q=0.1"}
    assert post(validation_client, body, accept).headers["content-type"].startswith("text/turtle")
    overridden = post(validation_client, body, accept, {"format": "json"})
    assert overridden.headers["content-type"].startswith("application/json")
    refused = post(validation_client, body, {**TURTLE, "accept": "image/png"})
    assert refused.status_code == 406


def test_language(validation_client: TestClient) -> None:
    body = invalid("end-before-start")
    messages = {
        lang: {
            f["message"]
            for f in post(validation_client, body, params={"lang": lang}).json()["findings"]
        }
        for lang in ("nl", "en")
    }
    assert messages["nl"] and messages["nl"].isdisjoint(messages["en"])
    assert post(validation_client, body, params={"lang": "de"}).status_code == 400


def test_jsonld_body(validation_client: TestClient) -> None:
    graph = Graph().parse(VALID[0], format="turtle")
    body = graph.serialize(format="json-ld").encode()
    response = post(validation_client, body, {"content-type": "application/ld+json"})
    assert response.status_code == 200 and response.json()["conforms"] is True


def test_remote_jsonld_context_refused(validation_client: TestClient) -> None:
    body = json.dumps({"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "x"}).encode()
    response = post(validation_client, body, {"content-type": "application/ld+json"})
    assert response.status_code == 400
    assert "refused" in response.json()["detail"]


def test_turtle_syntax_error_names_line_and_column(validation_client: TestClient) -> None:
    body = b'@prefix rd: <https://w3id.org/regiodeal/def#> .\n\n<a> rd:b "c" ,, .\n'
    response = post(validation_client, body)
    assert response.status_code == 400
    problem = response.json()
    assert (problem["line"], problem["column"]) == (3, 15)  # the second comma
    assert ":3:15:" in problem["detail"] and "syntax error" in problem["detail"]


def test_json_syntax_error_names_line_and_column(validation_client: TestClient) -> None:
    response = post(
        validation_client, b'{\n  "@id": "x",\n  oops\n}', {"content-type": "application/ld+json"}
    )
    assert response.status_code == 400
    assert response.json()["line"] == 3


def test_oversized_is_413(validation_client: TestClient) -> None:
    body = b"# padding\n" * (VALIDATION_MAX_BYTES // 10 + 1)
    assert post(validation_client, body).status_code == 413

    def chunks():  # no Content-Length: the size is only known while reading
        yield body

    streamed = validation_client.post("/api/validate", content=chunks(), headers=TURTLE)
    assert streamed.status_code == 413


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "", "text/turtle; charset=latin-1"]
)
def test_other_content_types_are_415(validation_client: TestClient, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = validation_client.post("/api/validate", content=b"<a> <b> <c> .", headers=headers)
    assert response.status_code == 415
    assert "text/turtle" in response.json()["detail"]


def test_garbage_is_never_a_server_error(validation_client: TestClient) -> None:
    """Random bytes and randomly damaged deals: an answer (200 or 400), never a 5xx or a hang."""
    rng = random.Random(20261122)
    deal = invalid("end-before-start")
    bodies = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(25)]
    for _ in range(25):
        damaged = bytearray(deal)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(damaged))
            damaged[at : at + rng.randrange(1, 20)] = bytes(
                rng.randrange(32, 127) for _ in range(3)
            )
        bodies.append(bytes(damaged))
    bodies += [b"[" * 5000, b"{" * 5000, b'{"@graph": ' * 3000, b"(" * 5000 + b")"]
    statuses = set()
    for i, body in enumerate(bodies):
        kind = "application/ld+json" if i % 3 == 0 else "text/turtle"
        response = post(validation_client, body, {"content-type": kind})
        assert response.status_code in (200, 400), (response.status_code, body[:80])
        statuses.add(response.status_code)
    assert statuses == {200, 400}  # some damaged deals still parse: both paths were exercised


def test_nothing_is_left_on_disk(validation_server: ValidationServer) -> None:
    """Uploads are read in memory by the validation workers; the server's TMPDIR stays clean."""
    for body in (invalid("end-before-start"), b"<a> <b> ,, ."):
        httpx.post(
            validation_server.url + "/api/validate",
            content=body,
            headers={"content-type": "text/turtle", "accept": "application/json"},
            timeout=60,
        )
    assert leftovers(validation_server) == []
    # the server does use that TMPDIR (its temporary store is there), so the check means something
    assert any(p.name.startswith("regiodeal-store-") for p in validation_server.scratch.iterdir())


def test_openapi_documents_the_bodies_and_formats(validation_client: TestClient) -> None:
    schema = validation_client.get("/openapi.json").json()
    operation = schema["paths"]["/api/validate"]["post"]
    assert set(operation["requestBody"]["content"]) == {
        "text/turtle",
        "application/ld+json",
        "application/yaml",
    }
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "text/turtle",
        "text/csv",
        "text/html",
        "text/plain",
    }
    assert {"400", "413", "415"} <= set(operation["responses"])
    assert {p["name"] for p in operation["parameters"]} == {"format", "lang"}


def test_concurrent_validations_agree_with_one_at_a_time(
    validation_client: TestClient,
) -> None:
    """Validations share the shapes graph and the context across threads: no cross-talk."""

    def shapes_of(name: str) -> list[tuple[str, str]]:
        report = post(validation_client, invalid(name)).json()
        return sorted((f["shape"], f["focus"]) for f in report["findings"])

    alone = {name: shapes_of(name) for name in INVALID}
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(shapes_of, INVALID * 2))
    assert together == [alone[name] for name in INVALID * 2]


BAD_IRI_JSONLD = json.dumps(
    {"@id": "_:a", "@type": "https://w3id.org/regiodeal/def#RegioDeal", "http://x/a b": 1}
).encode()


def test_jsonld_with_an_invalid_iri_is_400(validation_client: TestClient) -> None:
    """rdflib reads any string as an IRI; the report could not be written and answered 500."""
    response = post(validation_client, BAD_IRI_JSONLD, {"content-type": "application/ld+json"})
    assert response.status_code == 400, response.text
    assert "invalid IRI <http://x/a b>" in response.json()["detail"]
    page = post(
        validation_client,
        BAD_IRI_JSONLD,
        {"content-type": "application/ld+json", "accept": "text/html"},
    )
    assert page.status_code == 400 and "http://x/a b" in html.unescape(page.text)
    assert post(validation_client, invalid("end-before-start")).status_code == 200
