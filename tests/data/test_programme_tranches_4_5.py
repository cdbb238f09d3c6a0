"""Fourth and fifth tranche of the programme, from the official web publications (issue #13).

Expected values were read by hand from the pages (consulted 2026-12-02):
- rijksoverheid.nl news of 17-02-2023 'Rijk investeert opnieuw in regio: 284 miljoen euro voor 14 nieuwe
  Regio Deals' (table 'De geselecteerde voorstellen voor Regio Deals');
- rijksoverheid.nl news of 09-02-2024 'Investeren in de regio: € 386,4 miljoen voor 22 nieuwe Regio Deals'
  (only the first 13 rows of its list could be read, the 13th without amount);
- elkeregiotelt.nl news of 17-11-2022 (23 proposals, € 284,2 mln) and 09-11-2023 (29 proposals, € 384,6 mln);
- Kamerbrief 29 697 nr. 157 of 14-11-2024 ('14 convenanten 5e tranche Regio Deals', list of attachments);
- the seed letter of 1 November 2023 (data/ttl/sources/kamerbrief-vierde-tranche.ttl) for the signed amounts;
- for the ten fifth-tranche amounts outside the read part of the news list: elkeregiotelt.nl 03-06-2024 (Saba, Sint
  Eustatius, '384,6 miljoen euro' for 22 regions), the province of Noord-Holland (NHN, Amsterdam Zuidoost, MRA West),
  the Metropoolregio Eindhoven, the municipality of Delft, Regio Zuid-Hollandse Delta, Smart Delta Drechtsteden and,
  secondary, Rodi Vlaardingen (Waterwegregio).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from regiodeal.namespaces import ID, RD

from .graph_helpers import document_of, one

NEWS_4 = ID["document/nieuws-selectie-vierde-tranche"]
NEWS_5 = ID["document/nieuws-selectie-vijfde-tranche"]
LETTER_157 = ID["document/kamerbrief-convenanten-vijfde-tranche"]
MILLION = Decimal(1_000_000)

# Fourth tranche, as printed in the 17-02-2023 table (slug of the deal node, amount in millions).
# Rows named without 'II' (Twente, ZaanIJ, ...) are the 4th-tranche deals the letter of 1-11-2023 calls 'II'.
SELECTION_4 = {
    "noardwest-fryslan": "20",
    "waddeneilanden": "15.5",
    "zuid-en-oost-drenthe-ii": "30",
    "arnhem-nijmegen": "15",
    "twente-ii": "25",
    "parkstad-limburg-ii": "25",
    "midden-brabant": "12.5",
    "zuid-limburg": "20",
    "zaanij-ii": "20",
    "metropoolregio-oost-flevoland-west": "18.2",
    "mainstage": "5",
    "north-sea-port-district": "30",
    "rotterdam-zuid-ii": "30",
    "den-haag-zuidwest-ii": "18",
}
# The 12 rows of the 09-02-2024 list that could be read with their amount (Metropoolregio Eindhoven is
# the 13th row, read without amount).
SELECTION_5_READ = {
    "het-hogeland": "12.1",
    "regiocentra-groningen": "20",
    "oost-groningen-ii": "12.5",
    "groningen-noord-vijfde-tranche": "10",
    "zuidwest-friesland": "17.5",
    "veluwe-ii": "20",
    "regio-achterhoek": "25",
    "regio-zwolle": "30",
    "regio-stedendriehoek": "20",
    "regio-noord-limburg": "10",
    "midden-limburg": "20",
    "regio-west-brabant": "15",
}
# The 14 covenants in the attachment list of Kamerbrief 29 697 nr. 157.
COVENANTS_157 = {
    "delft-west",
    "zuidwest-friesland",
    "amsterdam-zuidoost",
    "zuid-hollandse-delta-ii",
    "sint-eustatius",
    "veluwe-ii",
    "regiocentra-groningen",
    "waterwegregio",
    "oost-groningen-ii",
    "noord-holland-noord",
    "midden-limburg",
    "mra-west",
    "het-hogeland",
    "metropoolregio-eindhoven",
}


def deal(slug: str) -> URIRef:
    return ID[f"regiodeal/{slug}"]


def tranche(n: int) -> URIRef:
    return ID[f"tranche/{n}"]


def selected_in(graph: Graph, publication: URIRef) -> set[URIRef]:
    """Deals with a 'geselecteerd' status change taken from a part of `publication`."""
    found = set()
    for subject, change in graph.subject_objects(RD.statusChange):
        if (change, RD.newStatus, ID["status/geselecteerd"]) not in graph:
            continue
        # a status change may cite several parts (the selection and, say, the page dating it)
        parts = graph.objects(change, PROV.wasDerivedFrom)
        if any(document_of(graph, part) == publication for part in parts):
            found.add(subject)
    return found


def millions(graph: Graph, deals: set[URIRef]) -> Decimal:
    total = sum(
        (Decimal(str(one(graph, d, RD.selectedRijkContribution))) for d in deals), Decimal(0)
    )
    return total / MILLION


def test_fourth_tranche_count_and_sum_equal_the_printed_totals(graph: Graph) -> None:
    selected = selected_in(graph, NEWS_4)
    # 'Het kabinet heeft 14 nieuwe Regio Deals geselecteerd' and the table has 14 rows.
    assert len(selected) == 14 == one(graph, tranche(4), RD.selectedDealCount).toPython()
    assert selected == {deal(s) for s in SELECTION_4}
    # 20 + 15.5 + 30 + 15 + 25 + 25 + 12.5 + 20 + 20 + 18.2 + 5 + 30 + 30 + 18 = 284.2
    # ('waarvoor 284,2 miljoen euro beschikbaar is', rijksoverheid.nl 17-02-2023)
    assert millions(graph, selected) == Decimal("284.2")
    for slug, amount in SELECTION_4.items():
        value = one(graph, deal(slug), RD.selectedRijkContribution)
        assert Decimal(str(value)) == Decimal(amount) * MILLION, slug
        assert one(graph, deal(slug), RD.tranche) == tranche(4), slug


def test_letter_and_selection_agree_on_the_amounts_they_share(graph: Graph) -> None:
    """Signed amount (letter of 1-11-2023) = selected amount (17-02-2023), or an rd:Discrepancy says why."""
    shared = [
        d
        for d in graph.subjects(RD.selectedRijkContribution, None)
        if (d, RD.tranche, tranche(4)) in graph and (d, RD.rijkContribution, None) in graph
    ]
    # 12 shared: North Sea Port District has no amount in the letter, and 'Metropoolregio-Oost /
    # Flevoland-West' is kept apart from 'Nieuw Land (Almere-Lelystad)' (no source names both).
    assert len(shared) == 12
    for d in shared:
        signed = Decimal(str(one(graph, d, RD.rijkContribution)))
        selected = Decimal(str(one(graph, d, RD.selectedRijkContribution)))
        assert signed == selected or (d, RD.discrepancy, None) in graph, d


def test_north_sea_port_district_amount_comes_from_the_selection_row(graph: Graph) -> None:
    nspd = deal("north-sea-port-district")
    assert one(graph, nspd, RD.selectedRijkContribution) == Literal(
        Decimal("30000000.0"), datatype=XSD.decimal
    )
    (source,) = [
        fs
        for fs in graph.objects(nspd, RD.factSource)
        if (fs, RD.aboutProperty, RD.selectedRijkContribution) in graph
    ]
    row = one(graph, source, PROV.wasDerivedFrom)
    assert row == ID[f"{NEWS_4.removeprefix(str(ID))}/tabel/north-sea-port-district"]
    assert str(one(graph, source, RD.quote)) == "North Sea Port District 30 miljoen"
    assert (nspd, RD.rijkContribution, None) not in graph  # the seed letter gives none


def test_metropoolregio_oost_is_a_separate_selected_proposal(graph: Graph) -> None:
    proposal = deal("metropoolregio-oost-flevoland-west")
    nieuw_land = deal("nieuw-land")
    assert one(graph, proposal, RD.status) == ID["status/geselecteerd"]
    # Same amount (18,2) at both ends, but the pair is not linked and Nieuw Land gets no selection amount.
    assert one(graph, proposal, RD.selectedRijkContribution).toPython() == Decimal("18200000.0")
    assert one(graph, nieuw_land, RD.rijkContribution).toPython() == Decimal("18200000.0")
    assert (nieuw_land, RD.selectedRijkContribution, None) not in graph
    assert "Nieuw Land" in str(one(graph, proposal, RDFS.comment))


# The other ten fifth-tranche deals, with the publication (data/ttl/web/<slug>.ttl) that gives the amount.
SELECTION_5_ELSEWHERE = {
    "metropoolregio-eindhoven": ("20", "mre-2024-02-09-20-miljoen-zuidoost-brabant"),
    "delft-west": ("12.3", "delft-12-3-miljoen-voor-delft-west"),
    "amsterdam-zuidoost": ("20", "noord-holland-2024-02-miljoenen-voor-uitvoering-regio-deal"),
    "mra-west": ("20", "noord-holland-2024-02-miljoenen-voor-uitvoering-regio-deal"),
    "noord-holland-noord": ("32.5", "noord-holland-2024-02-miljoenen-voor-uitvoering-regio-deal"),
    "zuid-hollandse-delta-ii": ("10", "regiozhd-nieuwe-deal"),
    "sint-eustatius": ("10", "elkeregiotelt-2024-06-03-werkbezoek-sint-eustatius-saba"),
    "saba": ("5", "elkeregiotelt-2024-06-03-werkbezoek-sint-eustatius-saba"),
    "waterwegregio": ("17.7", "rodi-2024-02-waterwegregio-geselecteerd"),
    "drechtsteden-gorinchem-ii": ("25", "smartdelta-2024-02-drechtsteden-gorinchem-25-miljoen"),
}


def test_fifth_tranche_printed_totals_and_what_is_present(graph: Graph) -> None:
    t5 = tranche(5)
    assert one(graph, t5, RD.selectedDealCount).toPython() == 22  # '22 nieuwe Regio Deals'
    selected = selected_in(graph, NEWS_5)
    # 13 rows read: 12 with amount + Metropoolregio Eindhoven by name only.
    assert selected == {deal(s) for s in SELECTION_5_READ} | {deal("metropoolregio-eindhoven")}
    with_amount = {
        d
        for d in selected
        if any(
            document_of(graph, one(graph, fs, PROV.wasDerivedFrom)) == NEWS_5
            for fs in graph.objects(d, RD.factSource)
            if (fs, RD.aboutProperty, RD.selectedRijkContribution) in graph
        )
    }
    assert with_amount == {deal(s) for s in SELECTION_5_READ}
    # 12.1 + 20 + 12.5 + 10 + 17.5 + 20 + 25 + 30 + 20 + 10 + 20 + 15 = 212.1 read in the news list.
    assert millions(graph, with_amount) == Decimal("212.1")
    present = set(graph.subjects(RD.tranche, t5))
    # 13 from the news + 7 only in nr. 157 + Saba + Drechtsteden-Gorinchem II = 22, the printed count.
    assert present == selected | {deal(s) for s in COVENANTS_157} | {
        deal("saba"),
        deal("drechtsteden-gorinchem-ii"),
    }
    assert len(present) == one(graph, t5, RD.selectedDealCount).toPython()
    assert all((d, RD.selectedRijkContribution, None) in graph for d in present)
    # 212.1 + (20 + 12.3 + 20 + 20 + 32.5 + 10 + 10 + 5 + 17.7 + 25 = 172.5) = 384.6: the available amount
    # (elkeregiotelt.nl 09-11-2023) and the '384,6 miljoen euro' of elkeregiotelt.nl 03-06-2024, not the 386.4
    # the news prints; the tranche carries an rd:Discrepancy for that.
    assert millions(graph, present) == Decimal("384.6")
    assert millions(graph, present) * MILLION == one(graph, t5, RD.availableAmount).toPython()
    assert "22 deals" in " ".join(str(c) for c in graph.objects(t5, RDFS.comment))
    (discrepancy,) = graph.objects(t5, RD.discrepancy)
    assert "386,4" in str(one(graph, discrepancy, RDFS.comment))
    locations = {document_of(graph, loc) for loc in graph.objects(discrepancy, RD.sourceLocation)}
    assert NEWS_5 in locations and len(locations) == 2


@pytest.mark.parametrize(
    ("slug", "amount", "publication"), [(s, a, p) for s, (a, p) in SELECTION_5_ELSEWHERE.items()]
)
def test_fifth_tranche_amounts_outside_the_news_list(
    graph: Graph, slug: str, amount: str, publication: str
) -> None:
    d = deal(slug)
    assert Decimal(str(one(graph, d, RD.selectedRijkContribution))) == Decimal(amount) * MILLION
    (source,) = [
        fs
        for fs in graph.objects(d, RD.factSource)
        if (fs, RD.aboutProperty, RD.selectedRijkContribution) in graph
    ]
    assert (
        document_of(graph, one(graph, source, PROV.wasDerivedFrom)) == ID[f"document/{publication}"]
    )
    assert (ID[f"document/{publication}"], RD.listsDeal, d) in graph


def test_secondary_sources_are_marked(graph: Graph) -> None:
    rodi = ID["document/rodi-2024-02-waterwegregio-geselecteerd"]
    assert str(one(graph, rodi, DCTERMS.type)) == "Nieuwsartikel (secundair)"
    assert (rodi, RD.publisher, None) not in graph


def test_drechtsteden_gorinchem_ii_follows_the_third_tranche_deal(graph: Graph) -> None:
    second = deal("drechtsteden-gorinchem-ii")
    assert one(graph, second, RD.predecessor) == deal("drechtsteden-gorinchem")
    assert one(graph, deal("drechtsteden-gorinchem"), RD.tranche) == tranche(3)


@pytest.mark.parametrize(
    ("n", "selection_date", "available", "proposals", "announced"),
    [
        # 17-02-2023 news; elkeregiotelt.nl 17-11-2022: '23 voorstellen', '284,2 miljoen euro beschikbaar'.
        (4, date(2023, 2, 17), "284200000.0", 23, NEWS_4),
        # 09-02-2024 news; elkeregiotelt.nl 09-11-2023: 'zijn er 29 ingediend', '€384,6 miljoen'.
        (5, date(2024, 2, 9), "384600000.0", 29, NEWS_5),
    ],
)
def test_tranche_facts(
    graph: Graph, n: int, selection_date: date, available: str, proposals: int, announced: URIRef
) -> None:
    t = tranche(n)
    assert one(graph, t, RD.selectionDate).toPython() == selection_date
    assert one(graph, t, RD.availableAmount).toPython() == Decimal(available)
    assert one(graph, t, RD.proposalCount).toPython() == proposals
    assert one(graph, t, RD.announcedIn) == announced
    for prop in (RD.selectionDate, RD.availableAmount, RD.proposalCount, RD.selectedDealCount):
        assert any((fs, RD.aboutProperty, prop) in graph for fs in graph.objects(t, RD.factSource))


def test_kamerbrief_157_lists_fourteen_signed_fifth_tranche_covenants(graph: Graph) -> None:
    assert str(one(graph, LETTER_157, DCTERMS.identifier)) == "29697-157"
    listed = set(graph.objects(LETTER_157, RD.listsDeal))
    assert listed == {deal(s) for s in COVENANTS_157}
    # 'de eerste 8 getekende Regio Deals van de 5e tranche' + these 14 = 22, the printed selection count.
    assert 8 + len(listed) == one(graph, tranche(5), RD.selectedDealCount).toPython()
    for d in listed:
        assert one(graph, d, RD.tranche) == tranche(5), d
        assert one(graph, d, RD.status) == ID["status/ondertekend"], d
        dates = {  # a seed's signing change may be undated (Delft West prints no date)
            value.toPython()
            for c in graph.objects(d, RD.statusChange)
            if (c, RD.newStatus, ID["status/ondertekend"]) in graph
            for value in graph.objects(c, DCTERMS.date)
        }
        assert date(2024, 11, 14) in dates, d
    assert deal("delft-west") in listed  # a seed covenant, fifth tranche in both sources


def test_every_web_fact_has_provenance(graph: Graph) -> None:
    web = set(graph.subjects(RDF.type, RD.WebPublication))
    assert {NEWS_4, NEWS_5, LETTER_157} <= web
    for pub in web:
        for prop in (DCTERMS.title, RD.url, RD.dateConsulted, DCTERMS.type):
            assert (pub, prop, None) in graph, (pub, prop)
    for d, _ in graph.subject_objects(RD.selectedRijkContribution):
        sources = [
            fs
            for fs in graph.objects(d, RD.factSource)
            if (fs, RD.aboutProperty, RD.selectedRijkContribution) in graph
        ]
        assert sources, d
        for fs in sources:
            assert document_of(graph, one(graph, fs, PROV.wasDerivedFrom)) in web, d
            assert (fs, RD.quote, None) in graph, d
    for d, change in graph.subject_objects(RD.statusChange):
        parts = list(graph.objects(change, PROV.wasDerivedFrom))
        assert parts and all(document_of(graph, part) is not None for part in parts), (d, parts)
        # a date only where the source gives one (RVO's "alle 12 ... gesloten" gives none)
        if any(document_of(graph, part) in (NEWS_4, NEWS_5) for part in parts):
            assert (change, DCTERMS.date, None) in graph, d


def test_midden_limburg_covenant_in_the_staatscourant(graph: Graph) -> None:
    # Stcrt. 2025, 1142 (rubriek convenant): "14-11-2024" under the heading; Partijen 1-7:
    # VRO (mnre1171), BZK (mnre1034), EZ (mnre1045), JenV (mnre1058), IenW (mnre1130),
    # OCW (mnre1109), VWS (mnre1025) -> 7 ministries; regional parties 8-11 are the municipalities
    # Nederweert, Roerdalen, Roermond and Leudal (Midden-Limburg).
    stcrt = ID["document/staatscourant-2025-1142"]
    d = deal("midden-limburg")
    assert set(graph.objects(stcrt, RD.listsDeal)) == {d}
    ministries = {
        f"https://identifier.overheid.nl/tooi/id/ministerie/mnre{code}"
        for code in (1171, 1034, 1045, 1058, 1130, 1109, 1025)
    }
    assert {str(m) for m in graph.objects(d, RD.ministryParty)} == ministries
    parts = {
        part
        for fs in graph.objects(d, RD.factSource)
        if (fs, RD.aboutProperty, RD.ministryParty) in graph
        for part in graph.objects(fs, PROV.wasDerivedFrom)
    }
    assert parts == {ID["document/staatscourant-2025-1142/partijen"]}
    signed_here = [
        c
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/ondertekend"]) in graph
        and document_of(graph, one(graph, c, PROV.wasDerivedFrom)) == stcrt
    ]
    assert len(signed_here) == 1
    assert one(graph, signed_here[0], DCTERMS.date) == Literal("2024-11-14", datatype=XSD.date)


@pytest.mark.parametrize(
    ("slug", "document", "signed_on"),
    [
        # elkeregiotelt.nl 25-09-2023: "De Regio Deal North Sea Port District is op 25 september
        # ondertekend in Terneuzen" (the year from the address, 2023/09/25)
        (
            "north-sea-port-district",
            "elkeregiotelt-2023-09-25-ondertekening-deal-nspd",
            "2023-09-25",
        ),
        # elkeregiotelt.nl 'ZaanIJ ll': "sloten op 1 november 2023 de Regio Deal ZaanIJ (II)"
        ("zaanij-ii", "elkeregiotelt-regio-deal-zaanij-ii", "2023-11-01"),
        # gemeente Coevorden, 02-11-2023: "Gisteren vond in Ede de ondertekening van het
        # convenant plaats door demissionair minister De Jonge" -> 2023-11-01
        (
            "zuid-en-oost-drenthe-ii",
            "gemeente-coevorden-2023-11-02-verlenging-regiodeal",
            "2023-11-01",
        ),
    ],
)
def test_fourth_tranche_signing_dates_from_web_pages(
    graph: Graph, slug: str, document: str, signed_on: str
) -> None:
    d = deal(slug)
    dated = [
        c
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/ondertekend"]) in graph
        and document_of(graph, one(graph, c, PROV.wasDerivedFrom)) == ID[f"document/{document}"]
    ]
    assert len(dated) == 1
    assert one(graph, dated[0], DCTERMS.date) == Literal(signed_on, datatype=XSD.date)
    # the seed letter's undated signing stays beside it, and the status is unchanged
    assert one(graph, d, RD.status) == ID["status/ondertekend"]
    # elkeregiotelt.nl is BZK's programme site; coevorden.nl the municipality's (gm0109)
    publisher = {
        "gemeente-coevorden-2023-11-02-verlenging-regiodeal": "gemeente/gm0109",
    }.get(document, "ministerie/mnre1034")
    assert str(one(graph, ID[f"document/{document}"], RD.publisher)).endswith(publisher)


def test_mra_west_covenant_in_the_staatscourant(graph: Graph) -> None:
    # Stcrt. 2025, 1146: "14-11-2024 Beter in Balans"; Partijen 1-5: VRO (mnre1171), BZK
    # (mnre1034), VWS (mnre1025), IenW (mnre1130), LVVN (mnre1153) -> 5 ministries; partijen 6-10
    # the municipalities Haarlem, Haarlemmermeer, Beverwijk, Velsen, Zandvoort (MRA West).
    stcrt = ID["document/staatscourant-2025-1146"]
    d = deal("mra-west")
    assert set(graph.objects(stcrt, RD.listsDeal)) == {d}
    ministries = {
        f"https://identifier.overheid.nl/tooi/id/ministerie/mnre{code}"
        for code in (1171, 1034, 1025, 1130, 1153)
    }
    assert {str(m) for m in graph.objects(d, RD.ministryParty)} == ministries
    assert Literal("Beter in Balans", lang="nl") in set(graph.objects(d, SKOS.altLabel))
    signed_here = [
        c
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/ondertekend"]) in graph
        and document_of(graph, one(graph, c, PROV.wasDerivedFrom)) == stcrt
    ]
    assert [one(graph, c, DCTERMS.date) for c in signed_here] == [
        Literal("2024-11-14", datatype=XSD.date)
    ]


def test_achterhoek_ii_covenant_from_a_secondary_copy(graph: Graph) -> None:
    # lawinsider.com/nl/contracts/ain285il1vl (consulted 2026-12-03), a third party's copy of the
    # covenant: "Regio Deal Achterhoek II 24-09-2024" under the title; Partijen 1-8: VRO (mnre1171),
    # BZK (mnre1034), EZ (mnre1045), OCW (mnre1109), LVVN (mnre1153), the staatssecretaris van
    # IenW (mnre1130), SZW (mnre1073), VWS (mnre1025) -> 8 ministries; partij 10 "Gedeputeerde
    # Staten van de Provincie Gelderland" (pv25). No Staatscourant copy was found: the publication
    # is typed secondary and has no publisher.
    doc = ID["document/lawinsider-convenant-regio-deal-achterhoek-ii"]
    d = deal("regio-achterhoek")
    assert str(one(graph, doc, DCTERMS.type)) == "Nieuwsartikel (secundair)"
    assert (doc, RD.publisher, None) not in graph
    assert set(graph.objects(doc, RD.listsDeal)) == {d}
    ministries = {
        f"https://identifier.overheid.nl/tooi/id/ministerie/mnre{code}"
        for code in (1171, 1034, 1045, 1109, 1153, 1130, 1073, 1025)
    }
    assert {str(m) for m in graph.objects(d, RD.ministryParty)} == ministries
    assert {str(p) for p in graph.objects(d, RD.regionalParty)} == {
        "https://identifier.overheid.nl/tooi/id/provincie/pv25"
    }
    assert Literal("Regio Deal Achterhoek II", lang="nl") in set(graph.objects(d, SKOS.altLabel))
    assert one(graph, d, RD.predecessor) == deal("achterhoek")  # the 'II'
    assert one(graph, d, RD.status) == ID["status/ondertekend"]
    signed = [
        c
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/ondertekend"]) in graph
    ]
    assert [one(graph, c, DCTERMS.date) for c in signed] == [
        Literal("2024-09-24", datatype=XSD.date)
    ]
    assert document_of(graph, one(graph, signed[0], PROV.wasDerivedFrom)) == doc
    # the selection of 9 February 2024 stays in the history, before the signing
    selected = [
        one(graph, c, DCTERMS.date).toPython()
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/geselecteerd"]) in graph
    ]
    assert selected == [date(2024, 2, 9)]


def test_drechtsteden_gorinchem_ii_signed_without_a_date(graph: Graph) -> None:
    # smartdeltadrechtsteden.nl 'Regio Deal Drechtsteden-Gorinchem' (consulted 2026-12-03): "Recent
    # is een nieuwe Regio Deal gesloten waarvoor we een Rijksbijdrage ontvangen van 25 miljoen" ->
    # signed, no date; € 25 mln at signing, the same as the € 25 mln published at selection.
    page = ID["document/smartdelta-regio-deal-drechtsteden-gorinchem"]
    d = deal("drechtsteden-gorinchem-ii")
    assert one(graph, d, RD.status) == ID["status/ondertekend"]
    signed = [
        c
        for c in graph.objects(d, RD.statusChange)
        if (c, RD.newStatus, ID["status/ondertekend"]) in graph
    ]
    assert len(signed) == 1
    assert document_of(graph, one(graph, signed[0], PROV.wasDerivedFrom)) == page
    assert (signed[0], DCTERMS.date, None) not in graph  # "Recent": no date is made up
    assert Decimal(str(one(graph, d, RD.rijkContribution))) == 25 * MILLION
    assert one(graph, d, RD.rijkContribution) == one(graph, d, RD.selectedRijkContribution)
    assert (d, RD.discrepancy, None) not in graph


def test_zuid_hollandse_delta_ii_regional_party_from_the_staatscourant(graph: Graph) -> None:
    # Stcrt. 2025, 1140, partij 11: "Het college van Gedeputeerde Staten van Zuid-Holland" ->
    # provincie Zuid-Holland (pv28), the one regional party with a verified identifier; the four
    # municipalities (partijen 6-9) and the Recreatieschap (10) have none in the reference data.
    d = deal("zuid-hollandse-delta-ii")
    assert {str(p) for p in graph.objects(d, RD.regionalParty)} == {
        "https://identifier.overheid.nl/tooi/id/provincie/pv28"
    }
    (source,) = [
        fs
        for fs in graph.objects(d, RD.factSource)
        if (fs, RD.aboutProperty, RD.regionalParty) in graph
    ]
    assert (
        one(graph, source, PROV.wasDerivedFrom) == ID["document/staatscourant-2025-1140/partijen"]
    )
    assert "Gedeputeerde Staten van Zuid-Holland" in str(one(graph, source, RD.quote))
