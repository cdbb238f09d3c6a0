"""The third tranche of Regio Deals (selection of 14 February 2020), from web publications.

Expected values were read by hand from the stored copies of these pages (consulted 2026-12-02):
- rijksoverheid.nl news 14-02-2020 'Rijk investeert opnieuw in regio: 180 miljoen euro voor
  Regio Deals' (official): 26 proposals, 14 selected, EUR 180 mln from the Regio Envelop of
  EUR 950 mln. Only its opening paragraphs were readable: no deal names or amounts.
- rvo.nl 'Regio Deals - derde tranche' (official, 17-08-2020): 26 proposals, EUR 180 mln,
  selection announced on 14 February 2020 with a Kamerbrief (that letter was not found).
- rijksoverheid.nl news 13-07-2020 '12 Regio Deals definitief' (official): the 12 deals by name
  plus Utrecht (Overvecht, Batau, Vollenhove) and Zuid-Hollandse Delta: all 14 names.
- gemeente Beesel 17-02-2020 'Regiodeal Noord-Limburg' (official, a party's municipality):
  Noord-Limburg EUR 17,5 mln, the same as Binnenlands Bestuur; FruitDelta Rivierenland 27-03-2020
  (official, Regio Rivierenland): Rivierenland EUR 7,5 mln, the same as Binnenlands Bestuur.
- amounts from secondary sources, because the official list was not readable:
  Binnenlands Bestuur 18-02-2020 (9 amounts, subtotals Noord 45 and Oost 50), Kennisplatform
  Krimp (Zeeuws-Vlaanderen 7,5; Kop van Noord-Holland 5), NRC 14-02-2020 (Utrecht 15),
  Flakkee Nieuws 02-2020 (Zuid-Hollandse Delta 7,5), AgriFood Capital 21-02-2020
  (Noordoost-Brabant 10).
Added on 2026-12-03 (consulted that day): rvo.nl 'Regio Deals' (24-08-2021), "Deze deals zijn in
juli 2020 gesloten" and the list of closed deals (all 14); Regio Zwolle 13-07-2020 (Rijk EUR 22,5
mln at signing); Staatscourant 2021, 86 (the parties of Zeeuws-Vlaanderen).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from regiodeal.namespaces import ID, RD

from .graph_helpers import document_of, one, sources_of

TRANCHE = ID["tranche/3"]
NEWS_14_FEB = ID["document/nieuws-2020-02-14-rijk-investeert-180-miljoen"]
NEWS_13_JUL = ID["document/nieuws-2020-07-13-12-regio-deals-definitief"]
RVO = ID["document/rvo-regio-deals-derde-tranche"]
BB = ID["document/binnenlandsbestuur-2020-02-18-laatste-tranche-regiodeals"]
ENVELOPE = ID["financieringsbron/regio-envelop-rutte-iii"]
MILLION = Decimal(1_000_000)

# slug: (selection amount in EUR mln as printed, the document that prints it)
SELECTED = {
    "zuidoost-friesland": ("15", BB),  # "Zuidoost-Friesland € 15 mln."
    "groningen-noord": ("15", BB),  # "Groningen Noord € 15 mln."
    "oost-groningen": ("15", BB),  # "Oost-Groningen € 15 mln."
    "zwolle": ("22.5", BB),  # "Zwolle € 22,5 mln."
    "veluwe": ("12.5", BB),  # "Veluwe € 12,5 mln."
    "rivierenland": ("7.5", BB),  # "Rivierenland € 7,5 mln."
    "cleantech-regio": ("7.5", BB),  # "Cleantech € 7,5 mln."
    "noord-limburg": ("17.5", BB),  # "maximaal 17,5 miljoen euro voor Noord-Limburg"
    "drechtsteden-gorinchem": ("22.5", BB),  # "De Drechtsteden en Gorinchem ... 22,5 miljoen"
    "zeeuws-vlaanderen": (
        "7.5",
        ID["document/kennisvoorkrimp-2020-02-14-180-miljoen-voor-regio-deals"],
    ),  # "Zeeuws-Vlaanderen (7,5 miljoen euro)"
    "maritiem-cluster-kop-van-noord-holland": (
        "5",
        ID["document/kennisvoorkrimp-2020-02-14-180-miljoen-voor-regio-deals"],
    ),  # "de Kop van Noord-Holland (5 miljoen euro)"
    "vitale-wijken-overvecht-batau-en-vollenhove": (
        "15",
        ID["document/nrc-2020-02-14-rijk-investeert-180-miljoen"],
    ),  # "15 miljoen euro werd toegekend aan projecten in drie wijken in de provincie Utrecht"
    "zuid-hollandse-delta": (
        "7.5",
        ID["document/flakkeenieuws-2020-02-75-miljoen-zuid-hollandse-delta"],
    ),  # "Met deze deal investeert het Rijk 7,5 miljoen"
    "noordoost-brabant": (
        "10",
        ID["document/agrifoodcapital-2020-02-21-nieuwe-agenda"],
    ),  # "besluit van het Kabinet om 10 miljoen euro beschikbaar te stellen"
}

# An official publication of a party that prints the same selection amount as the secondary
# source: gemeente Beesel, 17-02-2020, "een maximum bijdrage uit de Regio Envelop van 17,5
# miljoen euro" for the Regiodeal Noord-Limburg (= Binnenlands Bestuur's 17,5).
# FruitDelta Rivierenland (Regio Rivierenland), 27-03-2020: "heeft 7,5 miljoen euro aan
# cofinanciering toegezegd" (= Binnenlands Bestuur's "Rivierenland € 7,5 mln.").
OFFICIAL_CONFIRMATION = {
    "noord-limburg": ID["document/gemeente-beesel-2020-02-17-regiodeal-noord-limburg"],
    "rivierenland": ID["document/fruitdelta-2020-03-27-op-weg-naar-een-definitieve-regio-deal"],
}


def deal(slug: str) -> URIRef:
    return ID[f"regiodeal/{slug}"]


def tranche_deals(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(RD.tranche, TRANCHE))


def test_tranche_figures_as_printed(graph: Graph) -> None:
    # rijksoverheid 14-02-2020: "Van de 26 ingediende voorstellen zijn er 14 geselecteerd";
    # "Voor deze deals is 180 miljoen euro beschikbaar uit de Regio Envelop"
    assert one(graph, TRANCHE, RD.proposalCount) == Literal(26)
    assert one(graph, TRANCHE, RD.selectedDealCount) == Literal(14)
    assert one(graph, TRANCHE, RD.availableAmount).toPython() == 180 * MILLION
    # RVO: "Op 14 februari 2020 heeft het kabinet de selectie bekend gemaakt met een Kamerbrief."
    assert one(graph, TRANCHE, RD.selectionDate) == Literal("2020-02-14", datatype=XSD.date)
    assert one(graph, TRANCHE, RD.announcedIn) == NEWS_14_FEB
    # RVO repeats 26 proposals and EUR 180 mln: both sources are recorded for those facts
    assert {NEWS_14_FEB, RVO} <= sources_of(graph, TRANCHE, RD.proposalCount)
    assert {NEWS_14_FEB, RVO} <= sources_of(graph, TRANCHE, RD.availableAmount)


def test_envelope_of_rutte_iii(graph: Graph) -> None:
    # "uit de Regio Envelop waar in totaal deze kabinetsperiode 950 miljoen euro in zit"
    assert one(graph, ENVELOPE, RD.envelopeAmount).toPython() == 950 * MILLION
    assert NEWS_14_FEB in sources_of(graph, ENVELOPE, RD.envelopeAmount)


def test_count_of_selected_deals_equals_the_printed_count(graph: Graph) -> None:
    # 12 named in the second paragraph of the 13-07-2020 news + Utrecht and Zuid-Hollandse
    # Delta in the third = 14 = "zijn er 14 geselecteerd" (14-02-2020)
    deals = tranche_deals(graph)
    assert deals == {deal(slug) for slug in SELECTED}
    assert len(deals) == one(graph, TRANCHE, RD.selectedDealCount).toPython() == 14
    assert set(graph.objects(NEWS_13_JUL, RD.listsDeal)) == deals


def test_sum_of_selection_amounts_equals_the_available_amount(graph: Graph) -> None:
    # Noord 15 + 15 + 15 = 45 (Binnenlands Bestuur prints "Totaal Noord € 45 mln.")
    # Oost 22,5 + 12,5 + 7,5 + 7,5 = 50 ("Totaal Oost € 50 mln.")
    # Noord-Limburg 17,5 + Drechtsteden-Gorinchem 22,5 + Zeeuws-Vlaanderen 7,5
    #   + Kop van Noord-Holland 5 + Utrecht 15 + Zuid-Hollandse Delta 7,5 + Noordoost-Brabant 10 = 85
    # 45 + 50 + 85 = 180 = "180 miljoen euro beschikbaar" (rijksoverheid 14-02-2020, RVO)
    amounts = [one(graph, d, RD.selectedRijkContribution).toPython() for d in tranche_deals(graph)]
    assert sum(amounts) == 180 * MILLION == one(graph, TRANCHE, RD.availableAmount).toPython()
    north = ("zuidoost-friesland", "groningen-noord", "oost-groningen")
    east = ("zwolle", "veluwe", "rivierenland", "cleantech-regio")
    for region, total in ((north, 45), (east, 50)):
        got = sum(one(graph, deal(s), RD.selectedRijkContribution).toPython() for s in region)
        assert got == total * MILLION


@pytest.mark.parametrize("slug", sorted(SELECTED))
def test_selection_amount_and_its_source(graph: Graph, slug: str) -> None:
    amount, document = SELECTED[slug]
    value = one(graph, deal(slug), RD.selectedRijkContribution)
    assert value.datatype == XSD.decimal
    assert value.toPython() == Decimal(amount) * MILLION
    assert document in sources_of(graph, deal(slug), RD.selectedRijkContribution)


@pytest.mark.parametrize("slug", sorted(SELECTED))
def test_every_amount_comes_from_a_web_publication_with_an_address(graph: Graph, slug: str) -> None:
    documents = sources_of(graph, deal(slug), RD.selectedRijkContribution)
    assert documents and None not in documents
    for document in documents:
        assert (document, RDF.type, RD.WebPublication) in graph
        url = one(graph, document, RD.url)
        assert url.datatype == XSD.anyURI and str(url).startswith("https://")
        assert one(graph, document, RD.dateConsulted) == Literal("2026-12-02", datatype=XSD.date)
    # Each amount has its secondary source (news articles citing the ministers, or regional
    # reports); where an official publication of a party prints the same amount, it is the
    # only non-secondary source, and it is an official news item.
    secondary = {d for d in documents if "secundair" in str(one(graph, d, DCTERMS.type))}
    assert SELECTED[slug][1] in secondary
    official = documents - secondary
    assert official == ({OFFICIAL_CONFIRMATION[slug]} if slug in OFFICIAL_CONFIRMATION else set())
    for document in official:
        assert one(graph, document, DCTERMS.type) == Literal("Nieuwsbericht")


@pytest.mark.parametrize("slug", sorted(SELECTED))
def test_selected_on_14_february_2020(graph: Graph, slug: str) -> None:
    changes = [
        c
        for c in graph.objects(deal(slug), RD.statusChange)
        if graph.value(c, RD.newStatus) == ID["status/geselecteerd"]
    ]
    assert len(changes) == 1
    assert one(graph, changes[0], DCTERMS.date) == Literal("2020-02-14", datatype=XSD.date)
    # the date from RVO, the deal from the source that prints its amount
    documents = {document_of(graph, p) for p in graph.objects(changes[0], PROV.wasDerivedFrom)}
    assert RVO in documents and SELECTED[slug][1] in documents


@pytest.mark.parametrize("slug", sorted(SELECTED))
def test_label_tranche_and_funding_source(graph: Graph, slug: str) -> None:
    label = one(graph, deal(slug), RDFS.label)
    assert label.language == "nl" and str(label).startswith("Regio Deal ")
    assert one(graph, deal(slug), RD.fundingSource) == ENVELOPE
    assert {NEWS_13_JUL, NEWS_14_FEB} <= sources_of(graph, deal(slug), RD.tranche)


def test_zuid_hollandse_delta_signed_on_17_july_2020(graph: Graph) -> None:
    # gemeente Hoeksche Waard, begroting 2024: "Het samenwerkingsverband Zuid-Hollandse Delta en
    # het Rijk hebben op 17 juli 2020 een Regio Deal gesloten. Met deze deal investeert het Rijk
    # 7,5 miljoen"
    zhd = deal("zuid-hollandse-delta")
    assert one(graph, zhd, RD.status) == ID["status/ondertekend"]
    assert one(graph, zhd, RD.rijkContribution).toPython() == Decimal("7.5") * MILLION
    signed = [
        c
        for c in graph.objects(zhd, RD.statusChange)
        if graph.value(c, RD.newStatus) == ID["status/ondertekend"]
    ]
    assert len(signed) == 1
    assert one(graph, signed[0], DCTERMS.date) == Literal("2020-07-17", datatype=XSD.date)


def test_the_other_thirteen_signed_in_july_2020_without_a_day(graph: Graph) -> None:
    # RVO 'Regio Deals' (24-08-2021): "Derde tranche – in februari 2020 heeft het kabinet 14
    # voorstellen geselecteerd. Deze deals zijn in juli 2020 gesloten." and all 14 in its list
    # of closed deals. Only a month: each of the other thirteen is signed with rd:year 2020 and
    # no dcterms:date (no source read gives the day; the 13-07-2020 news calls twelve
    # 'definitief', which is not a signing date).
    rvo = ID["document/rvo-regio-deals"]
    assert set(graph.objects(rvo, RD.listsDeal)) >= tranche_deals(graph)
    for slug in set(SELECTED) - {"zuid-hollandse-delta"}:
        assert one(graph, deal(slug), RD.status) == ID["status/ondertekend"], slug
        signed = [
            c
            for c in graph.objects(deal(slug), RD.statusChange)
            if graph.value(c, RD.newStatus) == ID["status/ondertekend"]
        ]
        assert len(signed) == 1, slug
        assert one(graph, signed[0], RD.year) == Literal(2020)
        assert graph.value(signed[0], DCTERMS.date) is None
        assert RVO_PAGE_TRANCHE_3 in set(graph.objects(signed[0], PROV.wasDerivedFrom))
        # the selection stays in the history, dated 14 February 2020
        selected = [
            c
            for c in graph.objects(deal(slug), RD.statusChange)
            if graph.value(c, RD.newStatus) == ID["status/geselecteerd"]
        ]
        assert [graph.value(c, DCTERMS.date) for c in selected] == [
            Literal("2020-02-14", datatype=XSD.date)
        ]


RVO_PAGE_TRANCHE_3 = ID["document/rvo-regio-deals/tranches/derde"]

# Rijk contribution agreed at signing, where a source prints it: Zuid-Hollandse Delta 7,5
# (gemeente Hoeksche Waard), Zwolle 22,5 (Regio Zwolle 13-07-2020: "Een Regio Deal waarvoor het
# Rijk €22,5 miljoen beschikbaar stelt"), the same as at selection; the other twelve: none found.
AGREED = {"zuid-hollandse-delta": "7.5", "zwolle": "22.5"}


def test_contributions_at_signing_where_printed(graph: Graph) -> None:
    for slug in SELECTED:
        value = graph.value(deal(slug), RD.rijkContribution)
        if slug in AGREED:
            assert value is not None and value.toPython() == Decimal(AGREED[slug]) * MILLION
            assert (
                value.toPython() == one(graph, deal(slug), RD.selectedRijkContribution).toPython()
            )
        else:
            assert value is None, slug
    zwolle_sources = sources_of(graph, deal("zwolle"), RD.rijkContribution)
    assert zwolle_sources == {
        ID["document/regio-zwolle-2020-07-13-regio-deal-regio-zwolle-van-start"]
    }


def test_zeeuws_vlaanderen_parties_from_the_staatscourant(graph: Graph) -> None:
    # Stcrt. 2021, 86, partijen 1-6: LNV, BZK (minister, staatssecretaris), OCW (BVOM), JenV
    # (minister voor Rechtsbescherming), EZK -> five ministries; 7-10: Terneuzen, Sluis, Hulst,
    # provincie Zeeland -> all four linked: Terneuzen gm0715, Sluis gm1714, Hulst gm0677 (KOOP list
    # rwc_gemeenten_compleet v4, via data/reference/identifiers.csv) and Zeeland pv29.
    zv = deal("zeeuws-vlaanderen")
    ministries = {str(m).rsplit("/", 1)[1] for m in graph.objects(zv, RD.ministryParty)}
    assert ministries == {"mnre1153", "mnre1034", "mnre1109", "mnre1058", "mnre1045"}
    regional = {str(m).rsplit("/", 1)[1] for m in graph.objects(zv, RD.regionalParty)}
    assert regional == {"gm0715", "gm1714", "gm0677", "pv29"}
    assert sources_of(graph, zv, RD.ministryParty) == {ID["document/staatscourant-2021-86"]}


def test_the_utrecht_deal_names_its_municipalities(graph: Graph) -> None:
    # rijksoverheid.nl, Kamerbrief 17-07-2020, summary: "in de wijken Overvecht (gemeente
    # Utrecht), Batau (gemeente Nieuwegein) en Vollenhove (gemeente Zeist)". Utrecht is gm0344
    # Nieuwegein gm0356 and Zeist gm0355 (KOOP list, data/reference/identifiers.csv).
    deal = ID["regiodeal/vitale-wijken-overvecht-batau-en-vollenhove"]
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/"
    assert set(graph.objects(deal, RD.municipality)) == {
        URIRef(gemeente + "gm0344"),
        URIRef(gemeente + "gm0355"),
        URIRef(gemeente + "gm0356"),
    }
