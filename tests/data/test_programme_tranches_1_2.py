"""Tranches 1 and 2 of the Regio Deal programme, from the web publications in data/ttl/web/.

Every expected value was read by hand (consulted 2026-12-02) from:
- RVO 'Regio Deals - tweede tranche' (https://www.rvo.nl/onderwerpen/regio-deals/tweede-tranche,
  published 2 Sep 2019): 88 proposals, 12 selected in November 2018, letter of 16 November 2018,
  EUR 215 million from the Regio Envelop, the 12 areas, all 12 closed;
- rijksoverheid.nl news of 16 Nov 2018 'Ruim 200 miljoen euro voor 12 Regio Deals': 88 proposals,
  12 selected 'nu', Regio Envelop of 950 million this cabinet period;
- the older RVO page on the second tranche: min EUR 5 million, max EUR 40 million per deal,
  co-financing at least the same amount;
- RVO 'Regio Deals' (24-08-2021): first tranche = 5 of the 6 tasks of the coalition agreement;
  Regio Envelop of EUR 950 million; the list of closed deals;
- Kamerstuk 29 697, nr. 51 (Brainport Eindhoven, 'maximaal EUR 130 miljoen'); nr. 90 (EUR 950 million).

Added on 2026-12-03 (consulted that day): for the first tranche rijksoverheid.nl 15-03-2018 and
03-12-2018 (Rotterdam Zuid: EUR 130 mln reserved, signed 'vandaag' on 3 December 2018), Staatscourant
2019, 1931 (its parties), Provinciaal blad 2018, 7519 (Zeeland's parties), Kamerstuk 29 697, nr. 53
(Zeeland offered 'zoals die getekend wordt', 6 July 2018) and kennisvoorkrimp.nl (secondary, the LNV
news of 8-3-2018: EUR 35 mln for Zeeland); for the second tranche six news media (secondary) with
selection amounts, and the covenant Noordelijk Flevoland (TK 2019D31372) for its parties.

No national source read prints a Rijk contribution per selected proposal of the second tranche
(the Kamerbrief 29 697, nr. 56 itself was not found), so the per-tranche sum cannot be checked
against a printed total; the tests below check what the sources do print. Three selection
amounts come from official news items of parties (gemeente Borger-Odoorn 19-11-2018; Regio
Twente; Regio Hart van Brabant; Bestuurlijk Platform Groene Hart), Twente's agreed EUR 30 million
from the same Regio Twente item, and the agreed amounts of the Achterhoek and ZaanIJ from
rijksoverheid.nl (the Regio Deal Achterhoek page; news of 13-12-2019).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from regiodeal.namespaces import ID, RD

from .graph_helpers import document_of, from_web, one, sources_of

TRANCHE_1 = ID["tranche/1"]
TRANCHE_2 = ID["tranche/2"]
ENVELOPE = ID["financieringsbron/regio-envelop-rutte-iii"]
# web publication -> the day it was consulted
WEB_DOCS = {
    "rijksoverheid-2018-11-16-regio-deals": "2026-12-02",
    "rvo-regio-deals-tweede-tranche": "2026-12-02",
    "rvo-regio-deals-tweede-tranche-2018": "2026-12-02",
    "rvo-regio-deals": "2026-12-02",
    "kamerstuk-29697-51": "2026-12-02",
    "kamerstuk-29697-90": "2026-12-02",
    "rijksoverheid-2018-03-15-rotterdam-zuid-260-miljoen": "2026-12-03",
    "rijksoverheid-2018-12-03-rotterdam-zuid-130-miljoen": "2026-12-03",
    "staatscourant-2019-1931": "2026-12-03",
    "provinciaal-blad-zeeland-2018-7519": "2026-12-03",
    "kamerstuk-29697-53": "2026-12-03",
    "kennisvoorkrimp-2018-03-08-kabinet-reserveert-35-miljoen-voor-zeeland": "2026-12-03",
    "omroepwest-2018-11-miljoenen-voor-den-haag-zuidwest": "2026-12-03",
    "heerlen-nieuws-2018-11-40-miljoen-regiodeal-parkstad": "2026-12-03",
    "liwwadders-2018-11-25-miljoen-noord-oost-fryslan-en-holwerd-aan-zee": "2026-12-03",
    "bedrijvenkring-urk-15-miljoen-euro-voor-noordelijk-flevoland": "2026-12-03",
    "destentor-2018-11-miljoenen-voor-achterhoek-hardenberg-en-urk": "2026-12-03",
    "boerderij-2018-11-10-miljoen-voor-natuurinclusieve-landbouw": "2026-12-03",
    "tweedekamer-2019d31372-regio-deal-noordelijk-flevoland": "2026-12-03",
    "kamerstuk-29697-55": "2026-12-03",
    "elkeregiotelt-regio-deal-bonaire-st-eustatius-en-saba": "2026-12-03",
    "rijksoverheid-2020-02-14-20-miljoen-euro-voor-caribisch-nederland": "2026-12-03",
}

# RVO 'Regio Deals - tweede tranche', third paragraph: "in de volgende gebieden: Midden- en
# West-Brabant, Den Haag-Zuidwest, het Groene Hart, Natuurinclusieve Landbouw Noord-Nederland,
# de Achterhoek, Zuid- en Oost-Drenthe, Parkstad Limburg, Twente, Noordelijk Flevoland en
# Foodvalley, ZaanIJ en Noord-Oost Fryslân/Holwerd aan Zee" -> 12 areas (1+1+...+1 = 12).
TRANCHE_2_DEALS = {
    "midden-en-west-brabant",
    "den-haag-zuidwest",
    "groene-hart",
    "natuurinclusieve-landbouw-noord-nederland",
    "achterhoek",
    "zuid-en-oost-drenthe",
    "parkstad-limburg",
    "twente",
    "noordelijk-flevoland",
    "foodvalley",
    "zaanij",
    "noordoost-fryslan",
}
# RVO 'Regio Deals', Eerste tranche: "Brainport Eindhoven, Zeeland, Rotterdam-Zuid, BES-Eilanden
# en ESTEC/Space Campus Noordwijk" -> 5.
TRANCHE_1_DEALS = {
    "brainport-eindhoven",
    "zeeland",
    "rotterdam-zuid",
    "bes-eilanden",
    "estec-space-campus-noordwijk",
}


def deals_in(graph: Graph, tranche: URIRef) -> set[str]:
    prefix = str(ID["regiodeal/"])
    return {
        str(deal).removeprefix(prefix)
        for deal in graph.subjects(RD.tranche, tranche)
        if (deal, RDF.type, RD.RegioDeal) in graph
    }


def web_publication(graph: Graph, part: URIRef) -> URIRef | None:
    """The rd:WebPublication (with an rd:url) a part belongs to, following dcterms:isPartOf."""
    document = document_of(graph, part)
    if not from_web(graph, part) or graph.value(document, RD.url) is None:
        return None
    return document


def test_second_tranche_deals_match_the_rvo_list(graph: Graph) -> None:
    assert deals_in(graph, TRANCHE_2) == TRANCHE_2_DEALS


def test_second_tranche_count_equals_the_printed_count(graph: Graph) -> None:
    # "Daaruit selecteerde het Rijk in november 2018 12 voorstellen" (RVO); "12 voorstellen
    # geselecteerd" (rijksoverheid.nl, 16-11-2018): the deals present number 12 as printed.
    printed = set(graph.objects(TRANCHE_2, RD.selectedDealCount))
    assert printed == {Literal(12)}
    assert len(deals_in(graph, TRANCHE_2)) == 12


def test_second_tranche_figures(graph: Graph) -> None:
    # "88 voorstellen" (news, both RVO pages); "€ 215 miljoen" (both RVO pages) = 215,000,000.
    assert set(graph.objects(TRANCHE_2, RD.proposalCount)) == {Literal(88)}
    assert one(graph, TRANCHE_2, RD.availableAmount).toPython() == Decimal("215000000")
    assert one(graph, TRANCHE_2, RD.selectionDate) == Literal("2018-11-16", datatype=XSD.date)
    announced = one(graph, TRANCHE_2, RD.announcedIn)
    assert announced == ID["document/rijksoverheid-2018-11-16-regio-deals"]
    assert str(graph.value(announced, RD.url)).startswith("https://www.rijksoverheid.nl/")
    # "minimaal € 5 miljoen en maximaal € 40 miljoen"; co-financing "minimaal hetzelfde bedrag".
    assert one(graph, TRANCHE_2, RD.minimumRijkContribution).toPython() == Decimal("5000000")
    assert one(graph, TRANCHE_2, RD.maximumRijkContribution).toPython() == Decimal("40000000")
    assert one(graph, TRANCHE_2, RD.maximumRijkShare).toPython() == Decimal("0.5")


def test_second_tranche_known_contributions_fit_the_available_amount(graph: Graph) -> None:
    # Rijk contributions agreed in or after the covenant: Den Haag Zuidwest EUR 7.5 million
    # (seed covenant, art. 5(2)), Twente EUR 30 million (Regio Twente: "Het kabinet trekt in
    # totaal €30 miljoen uit"), Achterhoek EUR 20 million (rijksoverheid.nl: "stelt het Rijk 20
    # miljoen euro beschikbaar vanuit de Regio Envelop") and ZaanIJ EUR 7.5 million
    # (rijksoverheid.nl 13-12-2019: "stelt het Rijk 7,5 miljoen euro beschikbaar");
    # 7.5 + 30 + 20 + 7.5 = 65 <= 215.
    total = sum(
        (
            value.toPython()
            for slug in TRANCHE_2_DEALS
            for value in graph.objects(ID[f"regiodeal/{slug}"], RD.rijkContribution)
        ),
        Decimal(0),
    )
    assert total == Decimal("65000000")
    assert total <= one(graph, TRANCHE_2, RD.availableAmount).toPython()


# Selection amounts of the second tranche (no national list per deal was found: the Kamerbrief
# 'Selectie Regio Deals', Kamerstuk 29 697, nr. 56, was not read). slug -> (EUR, documents that
# print it). Official news items of parties first; where none was found, news media (secondary).
OFFICIAL_2 = {
    # gemeente Borger-Odoorn, 19-11-2018: "Het Rijk investeert met 20 miljoen euro mee in Zuid-
    # en Oost-Drenthe"; De Stentor (11-2018): "Het kabinet gaat twintig miljoen euro investeren in
    # het gebied van Zuid- en Oost-Drenthe en Hardenberg"
    "zuid-en-oost-drenthe": (
        "20000000",
        {
            "borger-odoorn-2018-11-19-regio-deal-zuid-en-oost-drenthe",
            "destentor-2018-11-miljoenen-voor-achterhoek-hardenberg-en-urk",
        },
    ),
    # Borger-Odoorn: "Ook voor de verduurzaming van de landbouw in Noord-Nederland is aan de
    # noordelijke provincies een bijdrage beschikbaar gesteld van 10 miljoen euro"; liwwadders.nl
    # (text of provincie Fryslan): "Noord Nederland krijgt 10 miljoen voor de ontwikkeling van de
    # natuurinclusieve landbouw"; Boerderij: "Het kabinet trekt € 10 miljoen uit voor
    # natuurinclusieve landbouw in Friesland, Groningen en Drenthe."
    "natuurinclusieve-landbouw-noord-nederland": (
        "10000000",
        {
            "borger-odoorn-2018-11-19-regio-deal-zuid-en-oost-drenthe",
            "liwwadders-2018-11-25-miljoen-noord-oost-fryslan-en-holwerd-aan-zee",
            "boerderij-2018-11-10-miljoen-voor-natuurinclusieve-landbouw",
        },
    ),
    # Regio Twente: "In november maakte minister Carola Schouten ... bekend dat het Rijk €30
    # miljoen wil steken in Twentse projecten."
    "twente": ("30000000", {"regiotwente-regio-deal-twente-uit-de-startblokken"}),
    # Regio Hart van Brabant, title: "10 miljoen van Rijk voor Midden- en West-Brabant"
    "midden-en-west-brabant": (
        "10000000",
        {"regio-hart-van-brabant-2018-11-10-miljoen-midden-en-west-brabant"},
    ),
    # Bestuurlijk Platform Groene Hart, quoting the letter of 16-11-2018: "Het kabinet reserveert
    # maximaal € 10 mln. voor de Regio Deal Bodemdaling Groene Hart"
    "groene-hart": (
        "10000000",
        {"bestuurlijk-platform-groene-hart-regiodeal-bodemdaling-toegekend"},
    ),
}
SECONDARY_2 = {
    # Omroep West: "Het kabinet maakte vrijdag bekend dat het de komende vier jaar 7,5 miljoen
    # euro steekt in het gebied"
    "den-haag-zuidwest": ("7500000", {"omroepwest-2018-11-miljoenen-voor-den-haag-zuidwest"}),
    # heerlen.nieuws.nl: "een maximale bijdrage van 40 miljoen euro uit de Regio Envelop"
    "parkstad-limburg": ("40000000", {"heerlen-nieuws-2018-11-40-miljoen-regiodeal-parkstad"}),
    # liwwadders.nl: "Opgeteld gaat 25 miljoen naar de Versnellingsagenda Noord Oost Fryslân en
    # Holwerd aan Zee."
    "noordoost-fryslan": (
        "25000000",
        {"liwwadders-2018-11-25-miljoen-noord-oost-fryslan-en-holwerd-aan-zee"},
    ),
    # Bedrijvenkring Urk: "Het Rijk investeert 15 miljoen euro in Noord Flevoland"; De Stentor:
    # "Het Rijk investeert 15 miljoen euro in het ‘maritiem cluster’ rondom Urk"
    "noordelijk-flevoland": (
        "15000000",
        {
            "bedrijvenkring-urk-15-miljoen-euro-voor-noordelijk-flevoland",
            "destentor-2018-11-miljoenen-voor-achterhoek-hardenberg-en-urk",
        },
    ),
    # De Stentor: "... en 20 miljoen in de leefomgeving en het woningaanbod in de Achterhoek"
    "achterhoek": ("20000000", {"destentor-2018-11-miljoenen-voor-achterhoek-hardenberg-en-urk"}),
    # Boerderij: "trekt het kabinet ook € 20 miljoen uit voor FoodValley"
    "foodvalley": ("20000000", {"boerderij-2018-11-10-miljoen-voor-natuurinclusieve-landbouw"}),
}
SELECTED_2 = {**OFFICIAL_2, **SECONDARY_2}


def selection_documents(graph: Graph, deal: URIRef) -> set[URIRef | None]:
    return {
        web_publication(graph, part)
        for fact in graph.objects(deal, RD.factSource)
        if graph.value(fact, RD.aboutProperty) == RD.selectedRijkContribution
        for part in graph.objects(fact, PROV.wasDerivedFrom)
    }


def test_second_tranche_selection_amounts_and_their_sources(graph: Graph) -> None:
    selected = {
        slug
        for slug in TRANCHE_2_DEALS
        if (ID[f"regiodeal/{slug}"], RD.selectedRijkContribution, None) in graph
    }
    assert selected == set(SELECTED_2), "a selection amount needs a source that prints it per deal"
    # the gap: no source read prints ZaanIJ's amount at selection
    assert TRANCHE_2_DEALS - selected == {"zaanij"}
    for slug, (amount, documents) in SELECTED_2.items():
        deal = ID[f"regiodeal/{slug}"]
        assert one(graph, deal, RD.selectedRijkContribution).toPython() == Decimal(amount), slug
        expected = {ID[f"document/{d}"] for d in documents}
        assert selection_documents(graph, deal) == expected, slug
    # an official news item of a party (a municipality, a joint body of municipalities, the
    # area's platform of governments) where one was found; else a news medium, typed so
    for slug, (_, documents) in OFFICIAL_2.items():
        types = {str(one(graph, ID[f"document/{d}"], DCTERMS.type)) for d in documents}
        assert "Nieuwsbericht" in types, slug
    for slug, (_, documents) in SECONDARY_2.items():
        for d in documents:
            assert one(graph, ID[f"document/{d}"], DCTERMS.type) == Literal(
                "Nieuwsartikel (secundair)"
            ), slug


def test_second_tranche_sum_of_selection_amounts(graph: Graph) -> None:
    # No publication prints the tranche's total per deal: the news of 16-11-2018 says "ruim 200
    # miljoen euro", RVO "€ 215 miljoen beschikbaar gesteld". By hand, 11 of the 12 deals:
    # 20 + 10 + 30 + 10 + 10 (official party news) + 7,5 + 40 + 25 + 15 + 20 + 20 (secondary)
    # = 80 + 127,5 = 207,5 <= 215. (215 - 207,5 = 7,5, what the Rijk put into ZaanIJ at signing
    # according to rijksoverheid.nl 13-12-2019; its amount at selection is not printed.)
    total = sum(
        (
            one(graph, ID[f"regiodeal/{slug}"], RD.selectedRijkContribution).toPython()
            for slug in SELECTED_2
        ),
        Decimal(0),
    )
    assert total == Decimal("207500000")
    assert total <= one(graph, TRANCHE_2, RD.availableAmount).toPython()


@pytest.mark.parametrize("slug", sorted(TRANCHE_2_DEALS))
def test_second_tranche_deal_selected_on_16_november_2018(graph: Graph, slug: str) -> None:
    deal = ID[f"regiodeal/{slug}"]
    changes = {
        (graph.value(change, RD.newStatus), graph.value(change, DCTERMS.date))
        for change in graph.objects(deal, RD.statusChange)
    }
    assert (ID["status/geselecteerd"], Literal("2018-11-16", datatype=XSD.date)) in changes
    # "Inmiddels zijn alle 12 Regio Deals gesloten" (RVO): signed, no date printed.
    assert one(graph, deal, RD.status) == ID["status/ondertekend"]
    assert one(graph, deal, RD.fundingSource) == ENVELOPE


def test_first_tranche_deals_and_count(graph: Graph) -> None:
    # "In het regeerakkoord zijn 6 regionale opgaven benoemd. Hiervan zijn er 5 uitgewerkt tot
    # Regio Deal" (RVO 'Regio Deals').
    assert deals_in(graph, TRANCHE_1) == TRANCHE_1_DEALS
    assert one(graph, TRANCHE_1, RD.selectedDealCount) == Literal(5)
    # Four of the five are in the page's list of closed deals; ESTEC is not (a discrepancy), but
    # Kamerstuk 29 697, nr. 55 says it was signed on 6 September 2018: all five are signed.
    signed = {
        slug
        for slug in TRANCHE_1_DEALS
        if (ID[f"regiodeal/{slug}"], RD.status, ID["status/ondertekend"]) in graph
    }
    assert signed == TRANCHE_1_DEALS
    estec = ID["regiodeal/estec-space-campus-noordwijk"]
    dated = {graph.value(c, DCTERMS.date) for c in signed_changes(graph, estec)}
    assert dated == {Literal("2018-09-06", datatype=XSD.date)}  # "op 6 september" (nr. 55)
    # "waarvan maximaal € 15 miljoen uit de Regio Envelop voor de internationale ontmoetingsplek"
    assert one(graph, estec, RD.rijkContribution).toPython() == Decimal("15e6")
    assert web_sources_of(graph, estec, RD.rijkContribution) == {ID["document/kamerstuk-29697-55"]}
    discrepancy = one(graph, estec, RD.discrepancy)
    assert (discrepancy, RDF.type, RD.Discrepancy) in graph
    assert ID["document/rvo-regio-deals/30-deals"] in set(
        graph.objects(discrepancy, RD.sourceLocation)
    )


def test_brainport_contribution_from_kamerstuk_29697_51(graph: Graph) -> None:
    # "Met de bijdrage uit de Regio Envelop van maximaal € 130 miljoen" = 130,000,000.
    deal = ID["regiodeal/brainport-eindhoven"]
    assert one(graph, deal, RD.rijkContribution).toPython() == Decimal("130000000")
    sources = [
        source
        for source in graph.objects(deal, RD.factSource)
        if graph.value(source, RD.aboutProperty) == RD.rijkContribution
    ]
    assert len(sources) == 1
    assert "€ 130 miljoen" in str(graph.value(sources[0], RD.quote))
    part = graph.value(sources[0], PROV.wasDerivedFrom)
    assert web_publication(graph, part) == ID["document/kamerstuk-29697-51"]


def test_envelope_of_950_million_from_three_publications(graph: Graph) -> None:
    # "950 miljoen euro" (news 2018), "€ 950 miljoen" (RVO 2021, Kamerstuk 29 697, nr. 90).
    assert one(graph, ENVELOPE, RD.envelopeAmount).toPython() == Decimal("950000000")
    documents = {
        web_publication(graph, graph.value(source, PROV.wasDerivedFrom))
        for source in graph.objects(ENVELOPE, RD.factSource)
        if graph.value(source, RD.aboutProperty) == RD.envelopeAmount
    }
    assert documents >= {  # later publications (e.g. the 2020 selection news) may repeat it
        ID["document/rijksoverheid-2018-11-16-regio-deals"],
        ID["document/rvo-regio-deals"],
        ID["document/kamerstuk-29697-90"],
    }


def test_web_facts_come_from_parts_of_web_publications(graph: Graph) -> None:
    """Every fact source on a tranche-1/2 deal, the two tranches and the envelope that points
    into data/ttl/web/ points to a part of a rd:WebPublication with an rd:url and a date consulted."""
    subjects = [ID[f"regiodeal/{slug}"] for slug in TRANCHE_1_DEALS | TRANCHE_2_DEALS]
    subjects += [TRANCHE_1, TRANCHE_2, ENVELOPE]
    checked = 0
    for subject in subjects:
        for source in graph.objects(subject, RD.factSource):
            part = graph.value(source, PROV.wasDerivedFrom)
            slug = str(part).removeprefix(str(ID["document/"])).split("/")[0]
            if slug not in WEB_DOCS:
                continue  # a seed fact
            document = web_publication(graph, part)
            assert document is not None, (subject, part)
            assert (part, RDF.type, RD.DocumentPart) in graph, part
            assert graph.value(document, RD.dateConsulted) == Literal(
                WEB_DOCS[slug], datatype=XSD.date
            )
            checked += 1
    assert checked > 100  # 12 deals x 5-6 sources alone are over 60


def test_new_deals_have_a_label_from_a_source(graph: Graph) -> None:
    new = {slug for slug in TRANCHE_1_DEALS | TRANCHE_2_DEALS if slug not in SEEDED}
    for slug in new:
        deal = ID[f"regiodeal/{slug}"]
        assert str(one(graph, deal, RDFS.label)).startswith("Regio Deal ")
        assert any(
            graph.value(source, RD.aboutProperty) == RDFS.label
            for source in graph.objects(deal, RD.factSource)
        ), slug


SEEDED = {
    "den-haag-zuidwest",
    "zuid-en-oost-drenthe",
    "parkstad-limburg",
    "twente",
    "zaanij",
    "rotterdam-zuid",
}


def test_zaanij_signed_in_2019(graph: Graph) -> None:
    # elkeregiotelt.nl 'ZaanIJ l': "Eind 2019 is de Regio Deal ZaanIJ gesloten" -> only a year;
    # rijksoverheid.nl 13-12-2019: "stelt het Rijk 7,5 miljoen euro beschikbaar".
    zaanij = ID["regiodeal/zaanij"]
    years = {
        graph.value(c, RD.year)
        for c in graph.objects(zaanij, RD.statusChange)
        if graph.value(c, RD.newStatus) == ID["status/ondertekend"]
    }
    assert Literal(2019) in years
    assert one(graph, zaanij, RD.rijkContribution).toPython() == Decimal("7500000")


ROTTERDAM_ZUID = ID["regiodeal/rotterdam-zuid"]
ZEELAND = ID["regiodeal/zeeland"]
MINISTRY = "https://identifier.overheid.nl/tooi/id/ministerie/"


def web_sources_of(graph: Graph, subject: URIRef, prop: URIRef) -> set[URIRef | None]:
    """The web publications the fact sources of (subject, prop) point into (None for a seed)."""
    return sources_of(graph, subject, prop, web_publication)


def signed_changes(graph: Graph, deal: URIRef) -> list:
    return [
        c
        for c in graph.objects(deal, RD.statusChange)
        if graph.value(c, RD.newStatus) == ID["status/ondertekend"]
    ]


def test_rotterdam_zuid_reserved_signed_and_its_parties(graph: Graph) -> None:
    # rijksoverheid.nl 15-03-2018: "Het kabinet trekt 130 miljoen euro uit voor verbeteringen in
    # Rotterdam Zuid" -> 130,000,000 before the covenant (first tranche: no selection round).
    assert one(graph, ROTTERDAM_ZUID, RD.selectedRijkContribution).toPython() == Decimal("130e6")
    assert web_sources_of(graph, ROTTERDAM_ZUID, RD.selectedRijkContribution) == {
        ID["document/rijksoverheid-2018-03-15-rotterdam-zuid-260-miljoen"]
    }
    # rijksoverheid.nl 03-12-2018, title "Kabinet investeert 130 miljoen euro extra ..." and
    # "ondertekenen vandaag de Regio Deal Rotterdam Zuid"
    assert one(graph, ROTTERDAM_ZUID, RD.rijkContribution).toPython() == Decimal("130e6")
    dated = {graph.value(c, DCTERMS.date) for c in signed_changes(graph, ROTTERDAM_ZUID)}
    assert Literal("2018-12-03", datatype=XSD.date) in dated
    # Stcrt. 2019, 1931, partijen 1-7: LNV, BZK, OCW, BVOM (also OCW), J&V, SZW, VWS -> six
    # ministries; party 8: gemeente Rotterdam (gm0599)
    codes = {str(m).removeprefix(MINISTRY) for m in graph.objects(ROTTERDAM_ZUID, RD.ministryParty)}
    assert codes == {"mnre1153", "mnre1034", "mnre1109", "mnre1058", "mnre1073", "mnre1025"}
    assert web_sources_of(graph, ROTTERDAM_ZUID, RD.ministryParty) == {
        ID["document/staatscourant-2019-1931"]
    }
    assert set(graph.objects(ROTTERDAM_ZUID, RD.regionalParty)) == {
        URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0599")
    }


def test_zeeland_reserved_signed_and_its_parties(graph: Graph) -> None:
    # kennisvoorkrimp.nl (LNV news of 8-3-2018): "Voor Zeeland trekt het kabinet 35 miljoen euro
    # uit" -> 35,000,000, from a secondary source (the letter 29 697, nr. 44 was not read to the
    # amount)
    assert one(graph, ZEELAND, RD.selectedRijkContribution).toPython() == Decimal("35e6")
    (document,) = web_sources_of(graph, ZEELAND, RD.selectedRijkContribution)
    assert one(graph, document, DCTERMS.type) == Literal("Nieuwsartikel (secundair)")
    # Kamerstuk 29 697, nr. 53, "Den Haag, 6 juli 2018": "zoals die getekend wordt"
    dated = {graph.value(c, DCTERMS.date) for c in signed_changes(graph, ZEELAND)}
    assert dated == {Literal("2018-07-06", datatype=XSD.date), None}  # None: RVO's list, undated
    # Prb. 2018, 7519: five ministers (LNV, BZK, OCW, EZK, SZW) and the provincie Zeeland, but
    # "Partijen genoemd onder 1 tot en met 6": a discrepancy
    codes = {str(m).removeprefix(MINISTRY) for m in graph.objects(ZEELAND, RD.ministryParty)}
    assert codes == {"mnre1153", "mnre1034", "mnre1109", "mnre1045", "mnre1073"}
    assert set(graph.objects(ZEELAND, RD.regionalParty)) == {
        URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv29")
    }
    discrepancy = one(graph, ZEELAND, RD.discrepancy)
    assert "1 tot en met 6" in " ".join(str(c) for c in graph.objects(discrepancy, RDFS.comment))


def test_first_tranche_amounts_known_and_missing(graph: Graph) -> None:
    # No publication prints a total for the first tranche, so no sum is checked. Amounts before
    # the covenant: Rotterdam-Zuid 130, Zeeland 35, BES-eilanden 30 (rijksoverheid.nl 14-02-2020:
    # "de 30 miljoen euro die al eerder uit de Regio Envelop beschikbaar is gesteld"). Amounts
    # agreed: Brainport 130 (29 697, nr. 51), Rotterdam-Zuid 130, ESTEC 15 (nr. 55), BES 50
    # (elkeregiotelt.nl: "Vanuit de Regio Envelop is € 50 miljoen beschikbaar gesteld").
    # Gaps: no amount before the covenant for Brainport (the letter 29 697, nr. 46 was not read)
    # and ESTEC (nr. 55 prints EUR 40 mln for ESTEC and ESA programmes together); no agreed
    # amount for Zeeland (only secondary sources: "35 miljoen euro uit Den Haag").
    with_selection = {
        slug
        for slug in TRANCHE_1_DEALS
        if (ID[f"regiodeal/{slug}"], RD.selectedRijkContribution, None) in graph
    }
    assert with_selection == {"rotterdam-zuid", "zeeland", "bes-eilanden"}
    bes = ID["regiodeal/bes-eilanden"]
    assert one(graph, bes, RD.selectedRijkContribution).toPython() == Decimal("30e6")
    assert one(graph, bes, RD.rijkContribution).toPython() == Decimal("50e6")
    with_contribution = {
        slug
        for slug in TRANCHE_1_DEALS
        if (ID[f"regiodeal/{slug}"], RD.rijkContribution, None) in graph
    }
    assert with_contribution == {
        "rotterdam-zuid",
        "brainport-eindhoven",
        "estec-space-campus-noordwijk",
        "bes-eilanden",
    }


def test_noordelijk_flevoland_parties_from_its_covenant(graph: Graph) -> None:
    # TK 2019D31372 partijen 1-6: LNV, BZK, IenW, J&V, BZK (staatssecretaris), EZK -> five
    # ministries; regional parties 7-9: provincie Flevoland (pv24), gemeente Urk (gm0184) and
    # gemeente Noordoostpolder (gm0171), both in the KOOP list rwc_gemeenten_compleet v4.
    deal = ID["regiodeal/noordelijk-flevoland"]
    codes = {str(m).removeprefix(MINISTRY) for m in graph.objects(deal, RD.ministryParty)}
    assert codes == {"mnre1153", "mnre1034", "mnre1130", "mnre1058", "mnre1045"}
    assert set(graph.objects(deal, RD.regionalParty)) == {
        URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv24"),
        URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0184"),
        URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0171"),
    }
