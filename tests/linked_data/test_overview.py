"""The programme overview (/overzicht): each chart an inline SVG with its data table and its
query; the figures checked against an independent count over the Turtle files (rdflib)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from support.added import added_deals
from support.apps import TestClient

from regiodeal.namespaces import RD
from regiodeal.settings import get_settings

ID = "https://w3id.org/regiodeal/id/"
BZK = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")
CHARTS = (
    "geld-per-tranche",
    "deals-per-tranche",
    "deals-per-ministerie",
    "deals-per-provincie",
    "geld-per-ministerie",
    "geld-per-provincie",
    "deals-per-thema",
    "deals-per-jaar",
    "cofinanciering",
)


@pytest.fixture(scope="module")
def page(client: TestClient) -> str:
    response = client.get("/overzicht")
    assert response.status_code == 200
    return unescape(response.text)


def provinces_of(graph: Graph, deal: URIRef) -> set[URIRef]:
    """The provinces of a deal's regional parties: a province itself, or the one a municipality
    lies in (as the query deals-per-province counts)."""
    parties = set(graph.objects(deal, RD.regionalParty)) | set(graph.objects(deal, RD.province))
    return {p for p in parties if (p, RDF.type, RD.Province) in graph} | {
        graph.value(p, RD.locatedIn) for p in parties if graph.value(p, RD.locatedIn)
    }


def section(page: str, chart: str) -> str:
    start = page.index(f'<section id="{chart}"')
    return page[start : page.index("</section>", start)]


def table_rows(fragment: str) -> dict[str, list[str]]:
    """Data table rows: first cell (row header) -> the other cells' texts."""
    rows = {}
    for tr in re.findall(r"<tr><th scope=\"row\".*?</tr>", fragment, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
        rows[cells[0]] = cells[1:]
    return rows


def bars(fragment: str) -> list[tuple[float, str]]:
    return [
        (float(w), v)
        for w, v in re.findall(
            r'<rect class="bar"[^>]*width="([\d.]+)"[^>]*data-value="([^"]*)"', fragment
        )
    ]


def deals_of_tranche(graph: Graph, number: int) -> set[URIRef]:
    application = URIRef(ID + "status/aanvraag")
    return {
        d
        for d in graph.subjects(RD.tranche, URIRef(f"{ID}tranche/{number}"))
        if (d, RD.status, application) not in graph and (d, RDF.type, RD.RegioDeal) in graph
    }


@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_has_svg_table_and_query(page: str, chart: str) -> None:
    part = section(page, chart)
    assert f'<svg class="chart" id="{chart}-svg"' in part and 'role="img"' in part
    assert (
        f'<table class="utrecht-table utrecht-table--html-table chart-data" id="{chart}-data">'
        in part
    )
    assert len(bars(part)) >= len(table_rows(part)) > 0
    editor = re.search(r'<a class="nl-link" href="([^"]+)">Bekijk de query', part)
    assert editor is not None
    query = parse_qs(urlsplit(editor.group(1)).query)["query"][0]
    assert query.lstrip().upper().startswith(("PREFIX", "#"))


@pytest.mark.parametrize(
    ("chart", "name"),
    [
        ("deals-per-ministerie", "deals-per-ministry"),
        ("geld-per-ministerie", "rijk-contribution-per-provider"),
        ("geld-per-provincie", "money-per-province"),
        ("deals-per-thema", "deals-per-theme"),
        ("deals-per-jaar", "deals-active-per-year"),
    ],
)
def test_named_query_charts_link_the_named_query(page: str, chart: str, name: str) -> None:
    part = section(page, chart)
    editor = re.search(r'<a class="nl-link" href="([^"]+)">Bekijk de query', part)
    assert editor is not None
    query = parse_qs(urlsplit(editor.group(1)).query)["query"][0]
    expected = (get_settings().queries_dir / f"{name}.rq").read_text(encoding="utf-8")
    assert query == expected
    assert f"api/queries/{name}?format=csv" in part


def test_money_and_deals_per_tranche(page: str, graph: Graph) -> None:
    money_rows = table_rows(section(page, "geld-per-tranche"))
    count_rows = table_rows(section(page, "deals-per-tranche"))
    for number in range(1, 7):
        deals = deals_of_tranche(graph, number)
        assert count_rows[f"Tranche {number}"] == [str(len(deals))]
        selected = [graph.value(d, RD.selectedRijkContribution) for d in deals]
        known = [Decimal(str(v)) for v in selected if v is not None]
        assert money_rows[f"Tranche {number}"][1] == str(len(known))
        if known:
            total = f"€ {sum(known):,.0f}".replace(",", ".")
            assert money_rows[f"Tranche {number}"][0] == total
    # published at the selection of the third tranche: € 180 miljoen over 14 deals
    assert money_rows["Tranche 3"][:2] == ["€ 180.000.000", "14"]


def test_deals_per_ministry(page: str, graph: Graph) -> None:
    rows = table_rows(section(page, "deals-per-ministerie"))
    name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert rows[name] == [str(len(set(graph.subjects(RD.ministryParty, BZK))))]
    counts = [int(v[0]) for v in rows.values()]
    assert counts == sorted(counts, reverse=True)


def test_co_financing_ratio_of_every_deal_with_both_amounts(page: str, graph: Graph) -> None:
    part = section(page, "cofinanciering")
    rows = table_rows(part)
    both = [
        d
        for d in graph.subjects(RDF.type, RD.RegioDeal)
        if graph.value(d, RD.rijkContribution) is not None
        and graph.value(d, RD.regionalContribution) is not None
    ]
    # + the 6th-tranche application: Rijk € 40 mln requested, regional money computed from its
    # table 1 (003: 18.630 + 12.150 + 12.045 = 42.825, x 1000), no printed regional total
    assert len(rows) == len(both) + 1 and len(both) > 0
    assert "Regio Deal Rijswijk en Den Haag (aanvraag 6de tranche)" in rows
    # Delft West, artikel 4 lid 2: Rijk € 12,3 mln., regio € 12,3 mln.: ratio 1,00
    assert rows["Regio Deal Delft West"][-1] == "1,00"
    widths = [w for w, _ in bars(part)]
    ratios = [Decimal(v) for _, v in bars(part)]
    # the largest ratio spans the chart (640), the others in proportion
    assert max(widths) == 640.0
    for width, value in zip(widths, ratios, strict=True):
        assert abs(width - float(value / max(ratios)) * 640) < 0.1


def test_english_overview(client: TestClient) -> None:
    page = client.get("/overview").text
    assert 'lang="en"' in page and "Rijk money per tranche" in page


def euro(amount: Decimal) -> str:
    return f"€ {amount:,.0f}".replace(",", ".")


def test_money_per_providing_ministry(page: str, graph: Graph) -> None:
    # independent of the query: per rd:fundingProvider, the printed rd:rijkContribution summed
    rows = table_rows(section(page, "geld-per-ministerie"))
    expected: dict[URIRef, list[Decimal]] = {}
    for deal, ministry in graph.subject_objects(RD.fundingProvider):
        amount = graph.value(deal, RD.rijkContribution)
        if amount is not None:
            expected.setdefault(ministry, []).append(Decimal(str(amount)))
    assert len(rows) == len(expected) > 0
    # 001 art. 5 lid 2 "BZK reserveert maximaal € 18 miljoen"
    name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert rows[name] == [str(len(expected[BZK])), euro(sum(expected[BZK]))]
    added = added_deals(graph)
    counted = [
        Decimal(str(graph.value(deal, RD.rijkContribution)))
        for deal in graph.subjects(RD.fundingProvider, BZK)
        if deal not in added and graph.value(deal, RD.rijkContribution) is not None
    ]
    assert counted == [Decimal(18_000_000)]  # the deals read from the sources
    assert "rd:computedRijkContribution" not in section(page, "geld-per-ministerie")


def test_money_per_province(page: str) -> None:
    rows = table_rows(section(page, "geld-per-provincie"))
    # 004 Bijlage: Zuid- en Oost-Drenthe II € 30 miljoen, Twente II € 25 miljoen, both at
    # selection and signed: Drenthe 30, Overijssel 30 + 25 = 55
    assert rows["Drenthe"] == ["€ 30.000.000", "1", "€ 30.000.000", "1"]
    assert rows["Overijssel"] == ["€ 55.000.000", "2", "€ 55.000.000", "2"]
    # Zeeland: North Sea Port District 30, Zeeland 35 (reserved), Zeeuws-Vlaanderen 7,5, all at
    # selection (tests/queries: test_money_per_province); no covenant amount: "not known", not € 0
    assert rows["Zeeland"][:2] == ["€ 72.500.000", "3"] and rows["Zeeland"][3] == "0"
    assert "€ 0" not in rows["Zeeland"][2]


def test_deals_per_theme(page: str, graph: Graph) -> None:
    rows = table_rows(section(page, "deals-per-thema"))
    theme = URIRef(ID + "thema/arbeidsmigratie")
    deals = {d for d in graph.subjects(RD.theme, theme) if (d, RDF.type, RD.RegioDeal) in graph}
    deals |= {
        d for i in graph.subjects(RD.theme, theme) for d in graph.subjects(RD.hasIntervention, i)
    }
    assert rows["arbeidsmigratie"] == [str(len(deals))] and len(deals) == 1  # 003 only


def test_deals_running_per_year(page: str, graph: Graph) -> None:
    rows = table_rows(section(page, "deals-per-jaar"))
    # Den Haag Zuidwest 2018..2023, Den Haag Zuidwest II 2023..2027, Delft West 2024..2028
    # (see tests/queries: test_deals_active_per_year)
    expected = {y: 1 for y in range(2018, 2023)} | {y: 2 for y in range(2023, 2028)} | {2028: 1}
    # an added deal runs from its start year to its end year (the YAML template writes both)
    for deal in added_deals(graph):
        start, end = graph.value(deal, RD.startDate), graph.value(deal, RD.endDate)
        for year in range(start.toPython().year, end.toPython().year + 1) if start and end else ():
            expected[year] = expected.get(year, 0) + 1
    assert rows["2018"] == ["1"] and rows["2023"] == ["2"]
    assert rows == {str(y): [str(n)] for y, n in sorted(expected.items())}


def test_province_tile_map(page: str, graph: Graph) -> None:
    part = section(page, "kaart-provincies")
    assert '<svg class="chart tile-map" id="kaart-provincies-svg"' in part
    tiles = dict(re.findall(r'data-province="(pv\d+)" data-value="(\d*)"', part))
    assert len(tiles) == 12  # every province a tile, with or without deals
    # hand-counted in tests/queries (test_deals_per_province): Zuid-Holland 11 (Delft, Den Haag
    # ×3, Rotterdam ×2, Barendrecht-Ridderkerk-Rotterdam, Zuid-Hollandse groeikernen, ESTEC,
    # Zuid-Hollandse Delta II by its partij 11, Stcrt. 2025, 1140, and the first Zuid-Hollandse
    # Delta by its six municipalities, flakkeenieuws February 2020), Drenthe 1; plus the added
    # deals with a party in the province (counted from their Turtle)
    zh, drenthe = (
        URIRef(f"https://identifier.overheid.nl/tooi/id/provincie/{c}") for c in ("pv28", "pv22")
    )
    zuid_holland = 11 + sum(zh in provinces_of(graph, d) for d in added_deals(graph))
    assert tiles["pv28"] == str(zuid_holland)
    assert tiles["pv22"] == str(
        1 + sum(drenthe in provinces_of(graph, d) for d in added_deals(graph))
    )
    # a province the graph does not describe is "—" (not known), not 0
    tooi = "https://identifier.overheid.nl/tooi/id/provincie/"
    for code, value in tiles.items():
        described = (URIRef(tooi + code), RDF.type, RD.Province) in graph
        assert (value != "") == described, code
    rows = table_rows(part)
    assert len(rows) == 12 and rows["Zuid-Holland"] == [str(zuid_holland)]
    assert "deals-per-province" in part


def province_values(part: str) -> dict[str, tuple[str, str]]:
    """Each province path of a boundary map: its code -> (fill, data-value)."""
    found = re.findall(
        r'<path class="province" d="[^"]*" fill="(#[0-9a-f]+)"[^>]*'
        r'data-province="(pv\d+)" data-value="([^"]*)"',
        part,
    )
    return {code: (fill, value) for fill, code, value in found}


def test_province_boundary_map_of_deals(page: str, graph: Graph) -> None:
    part = section(page, "kaart-deals-provincie")
    assert '<svg class="chart province-map" id="kaart-deals-provincie-svg"' in part
    provinces = province_values(part)
    assert len(provinces) == 12
    # the same hand counts as the tile map: Zuid-Holland 11, the most, in the darkest shade
    # (charts.SHADES[3]); Drenthe 1 in the lightest blue; Utrecht 1 in the lightest blue too:
    # the Regio Deal vitale wijken Overvecht, Batau en Vollenhove, whose municipalities Utrecht
    # and Nieuwegein (Kamerbrief 17-07-2020) lie in it; plus the added deals in those provinces
    zh, drenthe = (
        URIRef(f"https://identifier.overheid.nl/tooi/id/provincie/{c}") for c in ("pv28", "pv22")
    )
    zuid_holland = 11 + sum(zh in provinces_of(graph, d) for d in added_deals(graph))
    assert provinces["pv28"] == ("#1f5f99", str(zuid_holland))
    in_drenthe = 1 + sum(drenthe in provinces_of(graph, d) for d in added_deals(graph))
    assert provinces["pv22"] == ("#c6dbef", str(in_drenthe))
    utrecht = URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv26")
    in_utrecht = 1 + sum(utrecht in provinces_of(graph, d) for d in added_deals(graph))
    if in_utrecht == 1:
        assert provinces["pv26"] == ("#c6dbef", "1")
    else:
        assert provinces["pv26"][1] == str(in_utrecht)
    rows = table_rows(part)
    assert rows["Zuid-Holland"] == [str(zuid_holland)] and rows["Utrecht"] == [str(in_utrecht)]
    assert "CC BY 4.0" in part and "deals-per-province" in part


def test_province_boundary_map_of_money(page: str) -> None:
    part = section(page, "kaart-geld-provincie")
    provinces = province_values(part)
    assert len(provinces) == 12
    # covenant amounts as in test_money_per_province: Drenthe 30 miljoen, Overijssel 30 + 25
    assert provinces["pv22"][1] == "30000000" and provinces["pv23"][1] == "55000000"
    rows = table_rows(part)
    assert rows["Overijssel"] == ["€ 55.000.000", "2"]
    # North Sea Port District (Zeeland) has no covenant amount: not known, not € 0
    assert provinces["pv29"] == ("#f0f0f0", "") and rows["Zeeland"] == ["—", "0"]
    assert "rd:computedRijkContribution" not in part and "€ 0" not in part
