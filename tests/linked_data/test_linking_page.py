"""/doc/koppelingen: the named query linking-coverage as a page and a CSV (issue #13).

Expected values are counted independently from data/reference/identifiers.csv and the Turtle
files (rdflib, no inference), as in tests/queries/test_query_library.py::test_linking_coverage.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from support.apps import TestClient

from regiodeal.namespaces import RD

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOI = "https://identifier.overheid.nl/tooi/"


def rows(client: TestClient, **params: str) -> dict[str, dict[str, str]]:
    response = client.get("/doc/koppelingen", params={**params, "format": "csv"})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    table = csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))
    return {row["kind"].rsplit("#", 1)[-1]: row for row in table}


def test_csv_counts_match_the_reference_identifiers(client: TestClient) -> None:
    by_kind = rows(client)
    path = REPO_ROOT / "data/reference/identifiers.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    # identifiers.csv: every municipality and province row is verified for TOOI; every province
    # row and every municipality row but three is also verified for CBS and Wikidata. The three
    # (Brielle, Hellevoetsluis, Westvoorne) ended on 2022-12-31 and have a TOOI IRI only, so the
    # CBS and Wikidata counts are the rows that say cbs=verified / wikidata=verified.
    for kind, name in (("Municipality", "municipality"), ("Province", "province")):
        row = by_kind[kind]
        of_kind = [r for r in table if r["kind"] == name]
        expected = str(len(of_kind))
        with_cbs = str(sum("cbs=verified" in r["verified"] for r in of_kind))
        with_wikidata = str(sum("wikidata=verified" in r["verified"] for r in of_kind))
        assert (row["organisations"], row["withTooi"]) == (expected,) * 2
        assert (row["withCbsCode"], row["withWikidata"]) == (with_cbs, with_wikidata), kind
    # hand count: 78 municipality rows, 75 with CBS and Wikidata; 12 province rows, all three
    assert (by_kind["Municipality"]["organisations"], by_kind["Municipality"]["withCbsCode"]) == (
        "78",
        "75",
    )
    ministries = by_kind["Ministry"]
    assert ministries["withTooi"] == ministries["organisations"] != "0"
    assert (ministries["withCbsCode"], ministries["withWikidata"]) == ("0", "0")


def test_ministry_row_equals_an_independent_count(graph: Graph) -> None:
    ministries = {m for m in graph.subjects(RDF.type, RD.Ministry) if isinstance(m, URIRef)}
    assert ministries and all(str(m).startswith(TOOI) for m in ministries)


def test_ministry_count_on_page_and_csv_agree(client: TestClient, graph: Graph) -> None:
    ministries = {m for m in graph.subjects(RDF.type, RD.Ministry) if isinstance(m, URIRef)}
    assert rows(client)["Ministry"]["organisations"] == str(len(ministries))
    page = client.get("/doc/koppelingen")
    assert page.status_code == 200
    assert "Koppelingen naar open overheidsdata" in page.text
    assert "ministerie" in page.text.lower()
    english = client.get("/doc/koppelingen", params={"lang": "en"}).text
    assert "Links to open government data" in english


def test_sorted_by_count_descending(client: TestClient) -> None:
    counts = [
        int(r["organisations"]) for r in rows(client, sort="organisations", order="desc").values()
    ]
    assert counts == sorted(counts, reverse=True) and len(counts) >= 3
