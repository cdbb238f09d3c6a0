"""The HTML pages show what the source documents say (expected facts cited from data/seeds)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from rdflib import Graph, URIRef
from support.added import added_deals
from support.apps import TestClient

from regiodeal.namespaces import RD

TOOI = "https://identifier.overheid.nl/tooi/id/"


def html(client: TestClient, path: str, **params: str) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return unescape(response.text)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def section(page: str, marker: str) -> str:
    """The HTML from `marker` to the end of its table or section."""
    start = page.index(marker)
    end = min(i for i in (page.find("</table>", start), page.find("</section>", start)) if i > 0)
    return page[start:end]


@pytest.fixture(scope="module")
def delft_west(client: TestClient) -> str:
    return html(client, "/doc/regiodeal/delft-west")


def test_budget_rows_exactly_as_in_the_covenant(delft_west: str) -> None:
    # 000_…txt (Convenant Regio Deal Delft West), artikel 4 lid 2, first table (rows as printed):
    #   1. Doel 1 € 5,3 mln. € 5,3 mln. € 10,6 mln.; 2. Doel 2 € 3,35 / 3,35 / 6,7 mln.;
    #   3. Doel 3 € 3,325 / 3,305 / 6,63 mln.; Uitvoeringskosten (VAT) € 0,325 / 0,345 / 0,67 mln.;
    #   Bijdragen totaal maximaal € 12,3 / 12,3 / 24,6 mln.
    rows = [
        text_of(r) for r in re.findall(r"<tr.*?</tr>", section(delft_west, 'id="begroting"'), re.S)
    ]
    assert rows[1:] == [
        "1. Doel 1 € 5.300.000 € 5.300.000 € 10.600.000",
        "2. Doel 2 € 3.350.000 € 3.350.000 € 6.700.000",
        "3. Doel 3 € 3.325.000 € 3.305.000 € 6.630.000",
        "Uitvoeringskosten (VAT) € 325.000 € 345.000 € 670.000",
        "Totaal € 12.300.000 € 12.300.000 € 24.600.000",
    ]


def test_regional_financing_split(delft_west: str) -> None:
    # Artikel 4 lid 2, second table: financial € 4,3 mln public / € 1,5 mln private / € 5,8 mln;
    # totals € 6 mln / € 6,3 mln / € 12,3 mln.
    table = text_of(section(delft_west, 'financing" role="table"'))
    assert "Financiële bijdrage € 4.300.000 € 1.500.000 € 5.800.000" in table
    assert "Bijdragen totaal maximaal € 6.000.000 € 6.300.000 € 12.300.000" in table


def test_money_summary_and_ratio(delft_west: str) -> None:
    # Artikel 4 lid 2: Rijk maximaal € 12,3 mln.; the regio minimaal € 12,3 mln. -> ratio 1,00.
    money = text_of(section(delft_west, 'id="geld"'))
    assert "Rijksbijdrage € 12.300.000" in money
    assert "Regionale bijdrage € 12.300.000" in money
    assert re.search(r"Cofinancieringsratio \(regio : Rijk\) 1,00", money)


def test_regiokassier_and_signatories(delft_west: str) -> None:
    parties = text_of(section(delft_west, 'id="partijen"'))
    # Artikel 5: "gemeente Delft de rol zal vervullen van regiokassier".
    assert re.search(r"Regiokassier Delft bron: Artikel 5", parties)
    # Partijen 1-5: Keijzer (VRO), Uitermark (BZK), Beljaarts (EZ), Jansen (IenW), Schrederhof,
    # named as this covenant prints them (rd:printedName), not by the person's other name forms
    # ("mr. drs. M.C.G. Keijzer" in 002, "Karin Schrederhof" in 000's Partners list).
    table = section(delft_west, 'signatures" role="table"')
    signatures = text_of(table)
    names = [
        text_of(cell)
        for cell in re.findall(r'<td role="cell" data-label="Naam">(.*?)</td>', table, re.S)
    ]
    assert names == [
        "M.C.G. Keijzer",
        "J.J.M. Uitermark",
        "D.S. Beljaarts",
        "C.A. Jansen",
        "mevrouw K. Schrederhof",
    ]
    assert "/id/persoon/karin-schrederhof" in table  # the name still links to the person
    assert "Minister van Binnenlandse Zaken en Koninkrijksrelaties" in signatures
    assert "wethouder Wonen, Zorg, Onderwijshuisvesting en Sport" in signatures


def test_facts_cite_their_article(delft_west: str) -> None:
    # The national contribution comes from artikel 4, lid 2 of the covenant; the link goes to
    # that part's own page.
    assert re.search(
        r'<a class="nl-link" href="[^"]*/id/document/convenant-delft-west/artikel-4/lid-2">'
        r"Artikel 4, lid 2 — Convenant Regio Deal Delft West</a>",
        delft_west,
    )


def test_goals_interventions_results_and_more(delft_west: str) -> None:
    page = text_of(delft_west)
    # Artikel 1: three goals; artikel 2: intervention 2.1 Buurtfabriek.
    assert "Het bevorderen van participatie, betrokkenheid en zelfregie" in page
    assert "2.1 Buurtfabriek" in page
    # Artikel 3, uitgangspunt doel 1: "Dit is nu nog 12%".
    assert "12 procent" in page
    for heading in (
        "Thema's",
        "Programma's en beleid",
        "Overlegorganen",
        "Bepalingen",
        "Tegenstrijdigheden in de bron",
    ):
        assert heading in page


def test_links_to_rdf_and_to_the_query(delft_west: str) -> None:
    for fmt in ("ttl", "jsonld", "nt", "rdf"):
        assert f"/doc/regiodeal/delft-west?format={fmt}" in delft_west
    assert "/sparql?query=" in delft_west


def test_english_switch(client: TestClient) -> None:
    page = text_of(html(client, "/doc/regiodeal/delft-west", lang="en"))
    # Labels from the code lists (skos:prefLabel@en) and the tranche (rdfs:label@en).
    assert "signed" in page and "Fifth tranche of Regio Deals" in page
    assert "National contribution (Rijk) €12,300,000" in page
    assert "Co-financing ratio (region : Rijk) 1.00" in page


def test_den_haag_organisation_page(client: TestClient) -> None:
    page = text_of(html(client, "/doc/organisatie", iri=TOOI + "gemeente/gm0518"))
    # 002_…txt (Regio Deal Den Haag Zuidwest, 2019) and 001_…txt (Den Haag Zuidwest II,
    # artikel 5: "de Gemeente de rol zal vervullen van regiokassier"): regional party and
    # regiokassier in both; 003_…txt: applicant in the aanvraag Rijswijk en Den Haag.
    assert "Regio Deals (3)" in page
    assert re.search(r"Regio Deal Den Haag Zuidwest II regionale partij; regiokassier", page)
    assert re.search(r"Regio Deal Den Haag Zuidwest regionale partij; regiokassier", page)
    assert "Rijswijk" in page
    assert "GM0518" in page and "Q36600" in page  # CBS and Wikidata identifiers


def test_bzk_ministry_page(client: TestClient, graph: Graph) -> None:
    page = text_of(html(client, "/doc/organisatie", iri=TOOI + "ministerie/mnre1034"))
    # deals added through the YAML template after this count, as their Turtle says
    bzk, added = URIRef(TOOI + "ministerie/mnre1034"), added_deals(graph)
    parties = len({d for d in added if (d, RD.ministryParty, bzk) in graph})
    funded = [
        graph.value(d, RD.rijkContribution) for d in added if (d, RD.fundingProvider, bzk) in graph
    ]
    # BZK is a party to 15 deals: the 12 fourth-tranche deals of the Kamerbrief (004_…txt, each
    # "ondertekend door de ministeries van … BZK"), Delft West (000, partijen 2), Den Haag
    # Zuidwest II (001, partijen 1) and Den Haag Zuidwest (002); and Oost-Groningen II
    # (Staatscourant 2025, 1152: signed by six ministers, BZK among them) = 16; and Zuid-Hollandse
    # Delta II (Staatscourant 2025, 1140, partijen 2: the Minister van BZK) = 17; Midden-Limburg
    # (Stcrt. 2025, 1142, partijen 2: "De Minister van Binnenlandse Zaken en
    # Koninkrijksrelaties, J.J.M. Uitermark") and MRA West "Beter in Balans" (Stcrt. 2025, 1146,
    # partijen 2, the same) = 19; Achterhoek II (Law Insider's copy of the covenant, partijen 2:
    # "De Minister van Binnenlandse Zaken en Koninkrijksrelaties, J.J.M. Uitermark") = 20; and four
    # deals whose covenant was read on the web: Rotterdam Zuid (Stcrt. 2019, 1931, partijen 2),
    # Zeeland (Prb. 2018, 7519, partijen 2), Zeeuws-Vlaanderen (Stcrt. 2021, 86, partijen 2-3) and
    # Noordelijk Flevoland (TK 2019D31372, partijen 2 and 5) = 24.
    assert f"Deals ondertekend (partij) {24 + parties}" in page
    assert page.count("ministerie (partij)") == 24 + parties  # one table row per deal signed
    # Den Haag Zuidwest II is the one deal whose national contribution BZK provides (001, art. 4):
    # € 18 miljoen (Kamerbrief: "Vanuit de Regio Enveloppe is € 18 miljoen").
    total = f"€ {18_000_000 + sum(int(a.toPython()) for a in funded if a is not None):,}"
    provided = f"rijksbijdrage verstrekt {1 + len(funded)} Som van die rijksbijdragen "
    assert provided + total.replace(",", ".") in page


def test_theme_page(client: TestClient) -> None:
    page = text_of(html(client, "/doc/thema/ontmoetingsplekken"))
    assert page.count("Thema: ontmoetingsplekken") == 1
    # Delft West artikel 2: 2.1 Buurtfabriek and 2.2 (netwerk van ontmoetingsplekken).
    assert "Regio Deal Delft West" in page and "2.1 Buurtfabriek" in page


def test_index_sorted_by_rijk_contribution(client: TestClient) -> None:
    page = html(client, "/doc/", sort="rijk", order="desc")
    names = [
        text_of(r) for r in re.findall(r'<tr><td><a class="nl-link" href="[^"]+">(.*?)</a>', page)
    ]
    # Kamerstuk 29 697 nr. 51: Brainport Eindhoven "maximaal € 130 miljoen" and rijksoverheid.nl
    # 03-12-2018: Rotterdam Zuid "130 miljoen euro", the largest agreed amounts (a tie); then
    # BES-eilanden € 50 miljoen (elkeregiotelt.nl); 003_…txt: the Rijswijk en Den Haag
    # application asks € 40 mln; Kamerbrief: MAINSTAGE € 5 miljoen, the smallest. Deals without
    # an amount come last.
    assert set(names[:2]) == {"Regio Deal Brainport Eindhoven", "Regio Deal Rotterdam-Zuid"}
    assert names[2:4] == [
        "Regio Deal BES-Eilanden",
        "Regio Deal Rijswijk en Den Haag (aanvraag 6de tranche)",
    ]
    stated = [n for n in names if n]
    assert "MAINSTAGE" in stated[stated.index(next(n for n in stated if "MAINSTAGE" in n))]
    assert "sort=rijk&amp;order=asc" in page or "sort=rijk&order=asc" in page
    ascending = html(client, "/doc/", sort="rijk", order="asc")
    first = text_of(re.findall(r'<tr><td><a class="nl-link" href="[^"]+">(.*?)</a>', ascending)[0])
    assert "MAINSTAGE" in first


def test_document_part_page_lists_the_facts_citing_it(client: TestClient) -> None:
    page = text_of(html(client, "/doc/document/convenant-delft-west/artikel-4/lid-2"))
    assert "Artikel 4, lid 2 — Convenant Regio Deal Delft West" in page
    assert re.search(r"Regio Deal Delft West\s*: rijksbijdrage", page)


def test_index_also_at_doc_regiodeal(client: TestClient) -> None:
    assert "Regio Deal Delft West" in html(client, "/doc/regiodeal")
