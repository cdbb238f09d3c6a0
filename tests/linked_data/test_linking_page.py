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
    kinds = [
        line.split(",", 1)[0]
        for line in (REPO_ROOT / "data/reference/identifiers.csv").read_text().splitlines()[1:]
    ]
    # identifiers.csv: every municipality and province row is verified for TOOI, CBS and
    # Wikidata, so all four counts are the number of rows of that kind.
    for kind, name in (("Municipality", "municipality"), ("Province", "province")):
        row = by_kind[kind]
        expected = str(kinds.count(name))
        assert (row["organisations"], row["withTooi"], row["withCbsCode"]) == (expected,) * 3
        assert row["withWikidata"] == expected, kind
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
