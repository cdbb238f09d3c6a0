"""The index pages of every kind (/doc/organisatie, /doc/ministerie, /doc/thema, /doc/programma,
/doc/tranche, /doc/document): rows, counts, sorting, filters, CSV and XLSX, each checked
against an independent count over the Turtle files (rdflib, no inference)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from support.apps import TestClient

from regiodeal.namespaces import RD

ID = "https://w3id.org/regiodeal/id/"
BZK = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")
PATHS = ("organisatie", "ministerie", "thema", "programma", "tranche", "document")


def table(client: TestClient, path: str, **params: str) -> list[dict[str, str]]:
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def deals(graph: Graph) -> set[URIRef]:
    return {d for d in graph.subjects(RDF.type, RD.RegioDeal) if isinstance(d, URIRef)}


@pytest.mark.parametrize("kind", PATHS)
def test_every_index_page_answers(client: TestClient, kind: str) -> None:
    """Each was a 404 before; each page links its CSV and XLSX and its SPARQL."""
    response = client.get(f"/doc/{kind}")
    assert response.status_code == 200
    assert '<table class="utrecht-table utrecht-table--html-table listing">' in response.text
    assert "format=csv" in response.text and "format=xlsx" in response.text
    assert "/sparql?query=" in response.text
    english = client.get(f"/doc/{kind}", params={"lang": "en"}).text
    assert 'lang="en"' in english and "Click a column heading" in english


def test_organisations_count_each_role(client: TestClient, graph: Graph) -> None:
    rows = {r["org"]: r for r in table(client, "/doc/organisatie")}
    all_deals = deals(graph)
    # BZK: deals where it is a party, provides the national contribution, or signed, counted here
    party = {d for p in (RD.ministryParty, RD.regionalParty, RD.party)
             for d in graph.subjects(p, BZK)} & all_deals  # fmt: skip
    funding = set(graph.subjects(RD.fundingProvider, BZK)) & all_deals
    signed = {
        d for d, s in graph.subject_objects(RD.signature) if (s, RD.onBehalfOf, BZK) in graph
    } & all_deals
    bzk = rows[str(BZK)]
    assert (int(bzk["party"]), int(bzk["funding"]), int(bzk["signatory"])) == (
        len(party),
        len(funding),
        len(signed),
    )
    assert len(party) > 10 and bzk["kind"] == "ministerie"
    # every regiokassier of a deal is listed with that count
    kassiers = list(graph.subject_objects(RD.regiokassier))
    assert kassiers
    for org in {o for _, o in kassiers}:
        expected = len({d for d, o in kassiers if o == org} & all_deals)
        assert int(rows[str(org)]["regiokassier"]) == expected


def test_organisations_filter_by_province_and_sort(client: TestClient, graph: Graph) -> None:
    limburg = table(client, "/doc/organisatie", provincie="Limburg")
    assert limburg and all(r["province"] == "Limburg" for r in limburg)
    everyone = table(client, "/doc/organisatie")
    assert len(limburg) == sum(r["province"] == "Limburg" for r in everyone) < len(everyone)
    by_deals = table(client, "/doc/organisatie", sort="deals", order="desc")
    counts = [int(r["deals"]) for r in by_deals]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    # the filter form keeps the choice; the page says how many of how many
    page = client.get("/doc/organisatie", params={"provincie": "Limburg"}).text
    assert '<option value="Limburg" selected>' in page
    assert f"{len(limburg)} van {len(everyone)}" in page


def test_ministries_sum_the_contributions_of_their_deals(client: TestClient, graph: Graph) -> None:
    rows = {r["org"]: r for r in table(client, "/doc/ministerie")}
    assert set(rows) == {str(m) for m in graph.subjects(RDF.type, RD.Ministry)}
    signed = set(graph.subjects(RD.ministryParty, BZK))
    total = sum(Decimal(str(graph.value(d, RD.rijkContribution) or 0)) for d in signed)
    assert Decimal(rows[str(BZK)]["signedSum"]) == total > 0
    assert int(rows[str(BZK)]["signed"]) == len(signed)
    page = client.get("/doc/ministerie").text
    whole = f"{total:,.0f}".replace(",", ".")
    assert f"€ {whole}" in page


def test_themes_count_deals_and_interventions(client: TestClient, graph: Graph) -> None:
    rows = {r["theme"]: r for r in table(client, "/doc/thema")}
    scheme = URIRef(ID + "scheme/thema")
    assert set(rows) == {str(t) for t in graph.subjects(SKOS.inScheme, scheme)}
    theme = URIRef(ID + "thema/arbeidsparticipatie")
    # interventions of deals under the theme (other things, e.g. goals, may have a theme too)
    interventions = {
        i for d in deals(graph) for i in graph.objects(d, RD.hasIntervention)
        if (i, RD.theme, theme) in graph
    }  # fmt: skip
    with_theme = {d for d in deals(graph) if (d, RD.theme, theme) in graph} | {
        d for i in interventions for d in graph.subjects(RD.hasIntervention, i)
    }
    row = rows[str(theme)]
    assert (int(row["deals"]), int(row["interventions"])) == (len(with_theme), len(interventions))
    # a tranche filter keeps only themes of deals of that tranche
    sixth = table(client, "/doc/thema", tranche="6")
    assert sixth and all("6" in r["tranches"].split(" | ") for r in sixth)
    assert len(sixth) < len(rows)


def test_programmes_and_focus_areas(client: TestClient, graph: Graph) -> None:
    rows = table(client, "/doc/programma")
    kinds = {
        "nationaal programma": RD.NationalProgramme,
        "regionaal programma": RD.RegionalProgramme,
        "NPLV-focusgebied": RD.FocusArea,
    }
    for name, cls in kinds.items():
        assert sum(r["kind"] == name for r in rows) == len(set(graph.subjects(RDF.type, cls)))
    areas = table(client, "/doc/programma", soort="NPLV-focusgebied")
    assert {r["item"] for r in areas} == {str(a) for a in graph.subjects(RDF.type, RD.FocusArea)}


def test_tranches_as_the_named_query(client: TestClient, graph: Graph) -> None:
    rows = {r["number"]: r for r in table(client, "/doc/tranche")}
    assert set(rows) == {str(graph.value(t, RD.trancheNumber))
                         for t in graph.subjects(RDF.type, RD.Tranche)}  # fmt: skip
    third = URIRef(ID + "tranche/3")
    amounts = [
        Decimal(str(a))
        for d in graph.subjects(RD.tranche, third)
        for a in graph.objects(d, RD.selectedRijkContribution)
    ]
    assert Decimal(rows["3"]["selectedTotal"]) == sum(amounts)
    # Kamerstuk 29 697 (nieuws 14 februari 2020): the third tranche, € 180 miljoen
    assert sum(amounts) == Decimal(180_000_000)
    page = client.get("/doc/tranche").text
    assert "€ 180.000.000" in page and "14 februari 2020" in page


def test_documents_with_address_publisher_and_date(client: TestClient, graph: Graph) -> None:
    rows = table(client, "/doc/document")
    documents = set(graph.subjects(RDF.type, RD.SourceDocument)) | set(
        graph.subjects(RDF.type, RD.WebPublication)
    )
    assert {r["doc"] for r in rows} == {str(d) for d in documents}
    seeds = table(client, "/doc/document", soort="brondocument")
    assert len(seeds) == len(set(graph.subjects(RD.seedFile, None))) == 5
    for row in rows:
        url = graph.value(URIRef(row["doc"]), RD.url)
        assert row["url"] == (str(url) if url is not None else "")
        day = graph.value(URIRef(row["doc"]), DCTERMS.date)
        assert row["date"] == (str(day) if isinstance(day, Literal) else "")
    page = client.get("/doc/document", params={"lang": "en"}).text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-29697-90.html"' in page
    assert "20 January 2021" in page  # Kamerstuk 29 697 nr. 90 is dated 20 January 2021


def test_xlsx_holds_what_the_csv_holds(client: TestClient) -> None:
    rows = table(client, "/doc/ministerie")
    response = client.get("/doc/ministerie", params={"format": "xlsx"})
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(rows[0])
    for expected, got in zip(rows, cells[1:], strict=True):
        for text, value in zip(expected.values(), got, strict=True):
            assert (
                (Decimal(text) == Decimal(str(value)))
                if isinstance(value, int | float)
                else (text == value)
            )


def test_bad_sort_is_a_400_naming_the_columns(client: TestClient) -> None:
    response = client.get("/doc/thema", params={"sort": "nope"}, headers={"accept": "text/plain"})
    assert response.status_code == 400
    assert "interventions" in response.text


def test_menu_links_the_organisations(client: TestClient) -> None:
    page = client.get("/doc/thema").text
    assert 'href="http://testserver/doc/organisatie">Organisaties</a>' in page
