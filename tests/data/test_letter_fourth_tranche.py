"""The Kamerbrief of 1 November 2023 presenting the 4th-tranche Regio Deals (seed 004_...).

Every expected value below was read by hand from /work/shared/seeds/004_76e39e83ce6dfb65.txt
(the 'Bijlage: Regio Deals vierde tranche', one paragraph per deal, and the body of the letter),
and for the tranches file also from the Delft West (000_...), Den Haag Zuidwest II (001_...)
covenants and the Rijswijk-Den Haag application (003_...). Each case cites its paragraph.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from regiodeal.namespaces import ID, RD

from .graph_helpers import from_web, one

TOOI = "https://identifier.overheid.nl/tooi/id/"
MIN = {
    "BZK": URIRef(TOOI + "ministerie/mnre1034"),
    "EZK": URIRef(TOOI + "ministerie/mnre1045"),
    "IenW": URIRef(TOOI + "ministerie/mnre1130"),
    "JenV": URIRef(TOOI + "ministerie/mnre1058"),
    "VWS": URIRef(TOOI + "ministerie/mnre1025"),
    "LNV": URIRef(TOOI + "ministerie/mnre1153"),
    "OCW": URIRef(TOOI + "ministerie/mnre1109"),
    "SZW": URIRef(TOOI + "ministerie/mnre1073"),
}
LETTER = ID["document/kamerbrief-vierde-tranche"]
DHZW2 = "den-haag-zuidwest-ii"


def deal(slug: str) -> URIRef:
    return ID[f"regiodeal/{slug}"]


# (slug, Rijk contribution, regional contribution), in euro, as printed in the Bijlage.
AMOUNTS = [
    # Bijlage, Regio Deal Noardwest-Fryslân: "Rijk en Regio investeren beide 20 mln."
    ("noardwest-fryslan", "20000000", "20000000"),
    # Bijlage, Regio Deal De Waddeneilanden: "€ 15,5 miljoen" / "ook € 15,5 miljoen"
    ("waddeneilanden", "15500000", "15500000"),
    # Bijlage, Regio Deal Zuid- en Oost-Drenthe II: "€ 30 miljoen" / "ook € 30 miljoen"
    ("zuid-en-oost-drenthe-ii", "30000000", "30000000"),
    # Bijlage, Regio Deal Arnhem-Nijmegen (Groene Metropoolregio):
    # "€ 15 miljoen" / "ook € 15 miljoen"
    ("arnhem-nijmegen", "15000000", "15000000"),
    # Bijlage, Regio Deal Twente II: "€ 25 miljoen" / "ook € 25 miljoen"
    ("twente-ii", "25000000", "25000000"),
    # Bijlage, Regio Deal Parkstad-Limburg II: "€ 25 miljoen" / "ook € 25 miljoen"
    ("parkstad-limburg-ii", "25000000", "25000000"),
    # Bijlage, Regio Deal Midden-Brabant: "Vanuit de Regio Envelop is € 12,5 miljoen" /
    # "De regio investeert € 17,5 miljoen"
    ("midden-brabant", "12500000", "17500000"),
    # Bijlage, Regio Deal Zuid-Limburg: "€ 20 miljoen" / "ook € 20 miljoen"
    ("zuid-limburg", "20000000", "20000000"),
    # Bijlage, Regio Deal Regio Deal ZaanIJ II: "€ 20 miljoen" / "ook € 20 miljoen"
    ("zaanij-ii", "20000000", "20000000"),
    # Bijlage, Regio Deal Nieuw Land (Almere-Lelystad): "€ 18,2 miljoen" / "ook € 18,2 miljoen"
    ("nieuw-land", "18200000", "18200000"),
    # Bijlage, Regio Deal MAINSTAGE: "€ 5 miljoen" / "De Regio investeert ook € 8,15 miljoen"
    ("mainstage", "5000000", "8150000"),
    # Bijlage, Regio Deal Rotterdam-Zuid II: "€ 30 miljoen" / "ook € 30 miljoen"
    ("rotterdam-zuid-ii", "30000000", "30000000"),
    # Bijlage, Regio Deal Den Haag Zuidwest II: "€ 18 miljoen" / "De Regio investeert € 31 miljoen"
    (DHZW2, "18000000", "31000000"),
]
OWN_DEALS = [slug for slug, _, _ in AMOUNTS if slug != DHZW2]

# The sentence "Deze Regio Deal is ondertekend door de ministeries van ..." of each paragraph.
MINISTRIES = {
    "noardwest-fryslan": {"EZK", "IenW", "JenV", "VWS", "LNV", "BZK"},
    "waddeneilanden": {"EZK", "IenW", "OCW", "BZK"},
    "zuid-en-oost-drenthe-ii": {"EZK", "OCW", "VWS", "SZW", "IenW", "BZK"},
    "arnhem-nijmegen": {"EZK", "SZW", "VWS", "IenW", "BZK"},
    "twente-ii": {"EZK", "OCW", "SZW", "VWS", "BZK"},
    "parkstad-limburg-ii": {"EZK", "SZW", "JenV", "OCW", "LNV", "VWS", "IenW", "BZK"},
    "midden-brabant": {"EZK", "IenW", "BZK"},
    "zuid-limburg": {"EZK", "VWS", "LNV", "IenW", "BZK"},
    "zaanij-ii": {"SZW", "JenV", "VWS", "BZK"},
    "nieuw-land": {"EZK", "BZK"},
    # the MAINSTAGE paragraph writes "I&W" for IenW
    "mainstage": {"EZK", "OCW", "IenW", "SZW", "BZK"},
    "rotterdam-zuid-ii": {"EZK", "SZW", "VWS", "OCW", "BZK"},
    DHZW2: {"EZK", "SZW", "JenV", "BZK"},
}


@pytest.mark.parametrize(("slug", "rijk", "regional"), AMOUNTS)
def test_rijk_contribution(graph, slug, rijk, regional):
    value = one(graph, deal(slug), RD.rijkContribution)
    assert value.datatype == XSD.decimal
    assert value.toPython() == Decimal(rijk)


@pytest.mark.parametrize(("slug", "rijk", "regional"), AMOUNTS)
def test_regional_contribution(graph, slug, rijk, regional):
    value = one(graph, deal(slug), RD.regionalContribution)
    assert value.datatype == XSD.decimal
    assert value.toPython() == Decimal(regional)


@pytest.mark.parametrize("slug", sorted(MINISTRIES))
def test_signing_ministries(graph, slug):
    expected = {MIN[code] for code in MINISTRIES[slug]}
    assert set(graph.objects(deal(slug), RD.ministryParty)) == expected


def test_sum_of_rijk_contributions_of_the_twelve_deals(graph):
    # By hand from the Bijlage (mln): 20 + 15,5 + 30 + 15 + 25 + 25 + 12,5 + 20 + 20 + 18,2 + 5 + 30
    # = 236,2 mln (Den Haag Zuidwest II, 18 mln, not included).
    total = sum(one(graph, deal(s), RD.rijkContribution).toPython() for s in OWN_DEALS)
    assert total == Decimal("236200000")


def test_sum_of_regional_contributions_of_the_twelve_deals(graph):
    # By hand (mln): 20 + 15,5 + 30 + 15 + 25 + 25 + 17,5 + 20 + 20 + 18,2 + 8,15 + 30 = 244,35 mln.
    total = sum(one(graph, deal(s), RD.regionalContribution).toPython() for s in OWN_DEALS)
    assert total == Decimal("244350000")


@pytest.mark.parametrize("slug", OWN_DEALS + ["north-sea-port-district"])
def test_fourth_tranche(graph, slug):
    # Bijlage heading "Bijlage: Regio Deals vierde tranche"; North Sea Port District: inleiding,
    # alinea 3-4 (thirteen offered, fourteen worked out, NSPD sent on 26 September).
    assert one(graph, deal(slug), RD.tranche) == ID["tranche/4"]


@pytest.mark.parametrize("slug", OWN_DEALS)
def test_signed_and_funded_from_the_envelop(graph, slug):
    # Every Bijlage paragraph: "Deze Regio Deal is ondertekend door ..."; Vervolg: SPUK "uit de
    # Regio Enveloppe".
    d = deal(slug)
    assert one(graph, d, RD.status) == ID["status/ondertekend"]
    assert one(graph, d, RD.fundingSource) == ID["financieringsbron/regio-envelop"]
    assert one(graph, d, RD.legalInstrument) == ID["juridisch-instrument/specifieke-uitkering"]


def test_north_sea_port_district_has_no_figures(graph):
    # Inleiding, alinea 3: only that the region started end of September and the House received
    # "Dit convenant" on 26 September; no amounts, no ministries.
    d = deal("north-sea-port-district")
    for p in (RD.rijkContribution, RD.regionalContribution, RD.ministryParty):
        assert list(graph.objects(d, p)) == []
    assert one(graph, d, RD.status) == ID["status/ondertekend"]
    assert set(graph.objects(d, RD.municipality)) == {
        URIRef(TOOI + "gemeente/gm0718"),  # Vlissingen
        URIRef(TOOI + "gemeente/gm0654"),  # Borsele
        URIRef(TOOI + "gemeente/gm0715"),  # Terneuzen
    }


# Headings of the Bijlage paragraphs, as printed (incl. the doubled "Regio Deal" of ZaanIJ II).
LABELS = {
    "noardwest-fryslan": "Regio Deal Noardwest-Fryslân",
    "waddeneilanden": "Regio Deal De Waddeneilanden",
    "zuid-en-oost-drenthe-ii": "Regio Deal Zuid- en Oost-Drenthe II",
    "arnhem-nijmegen": "Regio Deal Arnhem-Nijmegen (Groene Metropoolregio)",
    "twente-ii": "Regio Deal Twente II",
    "parkstad-limburg-ii": "Regio Deal Parkstad-Limburg II",
    "midden-brabant": "Regio Deal Midden-Brabant",
    "zuid-limburg": "Regio Deal Zuid-Limburg",
    "zaanij-ii": "Regio Deal Regio Deal ZaanIJ II (Amsterdam-Noord, Zaandam Oost, Oostzaan)",
    "nieuw-land": "Regio Deal Nieuw Land (Almere-Lelystad)",
    "mainstage": "Regio Deal MAINSTAGE (Metropoolregio Amsterdam, Zaanstad, Almere)",
    "rotterdam-zuid-ii": "Regio Deal Rotterdam-Zuid II",
}


@pytest.mark.parametrize("slug", sorted(LABELS))
def test_label_is_the_heading(graph, slug):
    assert one(graph, deal(slug), RDFS.label) == Literal(LABELS[slug], lang="nl")


# Predecessors: the "II" in the name (and for Twente "In 2019 hebben het Rijk en de Regio Twente
# een Regio Deal afgesloten"; for Parkstad "Het rijk investeert opnieuw").
PREDECESSORS = [
    ("twente", "twente-ii"),
    ("zuid-en-oost-drenthe", "zuid-en-oost-drenthe-ii"),
    ("parkstad-limburg", "parkstad-limburg-ii"),
    ("zaanij", "zaanij-ii"),
    ("rotterdam-zuid", "rotterdam-zuid-ii"),
]


@pytest.mark.parametrize(("first", "second"), PREDECESSORS)
def test_predecessor_links(graph, first, second):
    assert one(graph, deal(second), RD.predecessor) == deal(first)
    assert one(graph, deal(first), RD.successor) == deal(second)
    assert (deal(first), RDF.type, RD.RegioDeal) in graph
    # the letter gives no date, amount or tranche for a first deal (web publications in
    # data/ttl/web may: every fact source of these properties cites a web publication)
    for p in (RD.signingDate, RD.rijkContribution, RD.tranche):
        for fs in graph.objects(deal(first), RD.factSource):
            if (fs, RD.aboutProperty, p) in graph:
                assert all(from_web(graph, part) for part in graph.objects(fs, PROV.wasDerivedFrom))
    # a first deal that has a "II" was a closed covenant
    assert one(graph, deal(first), RD.status) == ID["status/ondertekend"]


def test_twente_2019_deal_was_closed(graph):
    # Bijlage, Regio Deal Twente II: "In 2019 hebben het Rijk en de Regio Twente een Regio Deal
    # afgesloten" - a year, no full date.
    assert one(graph, deal("twente"), RD.status) == ID["status/ondertekend"]
    assert "2019" in str(one(graph, deal("twente"), RDFS.comment))


@pytest.mark.parametrize(
    ("slug", "programme", "n_refs"),
    [
        # Overkoepelend: "vier Regio Deals (Parkstad, Zaanij, Den Haag Zuidwest en Rotterdam Zuid)
        # ... Nationaal Programma Leefbaarheid en Veiligheid"; Parkstad also in its own paragraph.
        ("parkstad-limburg-ii", "nplv", 2),
        ("zaanij-ii", "nplv", 1),
        ("rotterdam-zuid-ii", "nplv", 1),
        # Overkoepelend: "Zuid-Limburg, Arnhem-Nijmegen en in Zeeland ... Novex-aanpak";
        # Zuid-Limburg also "in NOVEX-verband" in its own paragraph.
        ("zuid-limburg", "novex", 2),
        ("arnhem-nijmegen", "novex", 1),
    ],
)
def test_programme_references(graph, slug, programme, n_refs):
    refs = [
        r
        for r in graph.objects(deal(slug), RD.programmeReference)
        if (r, RD.referencedProgramme, ID[f"programma/{programme}"]) in graph
    ]
    assert len(refs) == n_refs
    for r in refs:
        assert (r, PROV.wasDerivedFrom, None) in graph


def test_zeeland_novex_deal_is_not_guessed(graph):
    # Overkoepelend says "en in Zeeland" without naming the deal: no NOVEX link is encoded.
    for r in graph.objects(deal("north-sea-port-district"), RD.programmeReference):
        assert (r, RD.referencedProgramme, ID["programma/novex"]) not in graph


BORDER_DEALS = [
    # Overkoepelend: "Regio Deals aan de grens (Zuid- en Oost-Drenthe, Twente, Arnhem-Nijmegen,
    # North Sea Port District, Parkstad-Limburg, en Zuid-Limburg)"
    "zuid-en-oost-drenthe-ii",
    "twente-ii",
    "arnhem-nijmegen",
    "north-sea-port-district",
    "parkstad-limburg-ii",
    "zuid-limburg",
]


def test_border_deals_exactly(graph):
    letter_deals = OWN_DEALS + ["north-sea-port-district"]
    tagged = {
        s for s in letter_deals if (deal(s), RD.theme, ID["thema/grensoverschrijdend"]) in graph
    }
    assert tagged == set(BORDER_DEALS)


def test_noardwest_fryslan_themes_as_goals(graph):
    # Bijlage, Noardwest-Fryslân: "drie thema's: Vitale economie, Kwaliteit van leven en
    # Natuurlijk in balans"
    goals = list(graph.objects(deal("noardwest-fryslan"), RD.hasGoal))
    assert {str(one(graph, g, RDFS.label)) for g in goals} == {
        "Vitale economie",
        "Kwaliteit van leven",
        "Natuurlijk in balans",
    }
    assert {one(graph, g, RD.goalType) for g in goals} == {ID["soort-doel/thema"]}


def test_midden_brabant_two_proeftuinen(graph):
    # Bijlage, Midden-Brabant: proeftuinen "Duurzaamheid" and "Leefbaarheid & welzijn"
    goals = sorted(
        graph.objects(deal("midden-brabant"), RD.hasGoal), key=lambda g: one(graph, g, RD.order)
    )
    assert [str(one(graph, g, RDFS.label)) for g in goals] == [
        "Duurzaamheid",
        "Leefbaarheid & welzijn",
    ]


@pytest.mark.parametrize(
    ("slug", "municipalities"),
    [
        # Noardwest-Fryslân: Harlingen, Waadhoeke, (part of) Leeuwarden
        ("noardwest-fryslan", {"gm0072", "gm1949", "gm0080"}),
        # Waddeneilanden: Texel, Vlieland, Terschelling, Ameland, Schiermonnikoog
        ("waddeneilanden", {"gm0448", "gm0096", "gm0093", "gm0060", "gm0088"}),
        # Zuid- en Oost-Drenthe II: Borger-Odoorn, Coevorden, Emmen, Hardenberg, Hoogeveen
        ("zuid-en-oost-drenthe-ii", {"gm1681", "gm0109", "gm0114", "gm0160", "gm0118"}),
        # Parkstad-Limburg II: Beekdaelen, Brunssum, Heerlen, Kerkrade, Landgraaf, Simpelveld,
        # Voerendaal
        (
            "parkstad-limburg-ii",
            {"gm1954", "gm0899", "gm0917", "gm0928", "gm0882", "gm0965", "gm0986"},
        ),
        # Zuid-Limburg: "tien gemeenten (Beek, Beekdaelen, Eijsden-Margraten, Gulpen-Wittem,
        # Maastricht, Meerssen, Sittard-Geleen, Stein, Vaals en Valkenburg)"
        (
            "zuid-limburg",
            {
                "gm0888",
                "gm1954",
                "gm1903",
                "gm1729",
                "gm0935",
                "gm0938",
                "gm1883",
                "gm0971",
                "gm0981",
                "gm0994",
            },
        ),
    ],
)
def test_municipalities(graph, slug, municipalities):
    expected = {URIRef(TOOI + f"gemeente/{code}") for code in municipalities}
    assert set(graph.objects(deal(slug), RD.municipality)) == expected


def test_every_deal_level_property_has_a_fact_source(graph):
    exempt = {RDF.type, RDFS.label, RD.translatedLabel, RD.factSource, PROV.wasDerivedFrom}
    slugs = OWN_DEALS + ["north-sea-port-district"] + [f for f, _ in PREDECESSORS]
    for slug in slugs:
        d = deal(slug)
        sourced = {one(graph, fs, RD.aboutProperty) for fs in graph.objects(d, RD.factSource)}
        used = {p for p in graph.predicates(d, None)} - exempt
        assert used <= sourced, (slug, used - sourced)
        assert (d, PROV.wasDerivedFrom, LETTER) in graph


def from_web_publication(graph, part) -> bool:
    """part is dcterms:isPartOf+ a rd:WebPublication (one parent per step)."""
    node = part
    while node is not None:
        if (node, RDF.type, RD.WebPublication) in graph:
            return True
        parents = list(graph.objects(node, DCTERMS.isPartOf))
        node = parents[0] if len(parents) == 1 else None
    return False


def test_fact_sources_of_the_letter_point_to_existing_parts(graph):
    prefix = str(LETTER) + "/"
    for slug in OWN_DEALS + ["north-sea-port-district"]:
        for fs in graph.objects(deal(slug), RD.factSource):
            target = one(graph, fs, PROV.wasDerivedFrom)
            if from_web_publication(graph, target):
                continue  # web facts beside the seed (data/ttl/web), tested in test_programme_*.py
            assert str(target).startswith(prefix), target
            assert (target, RDF.type, RD.DocumentPart) in graph, target


def test_source_document(graph):
    # Briefhoofd: Datum 1 november 2023, Betreft "Aanbieding vierde tranche Regio Deals",
    # Kenmerk 2023-0000667273; sender: ministerie van BZK.
    assert one(graph, LETTER, DCTERMS.date) == Literal("2023-11-01", datatype=XSD.date)
    assert str(one(graph, LETTER, DCTERMS.identifier)) == "2023-0000667273"
    assert str(one(graph, LETTER, DCTERMS.title)) == "Aanbieding vierde tranche Regio Deals"
    assert one(graph, LETTER, RD.publisher) == MIN["BZK"]


def test_bijlage_has_thirteen_deal_paragraphs(graph):
    # The Bijlage has thirteen "Regio Deal ..." headings, Den Haag Zuidwest II the last one.
    bijlage = ID["document/kamerbrief-vierde-tranche/bijlage"]
    parts = set(graph.subjects(DCTERMS.isPartOf, bijlage))
    assert len(parts) == 13
    assert ID["document/kamerbrief-vierde-tranche/bijlage/den-haag-zuidwest-ii"] in parts
    assert (
        ID["document/kamerbrief-vierde-tranche/overkoepelend"],
        RDF.type,
        RD.DocumentPart,
    ) in graph


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_tranches(graph, n):
    t = ID[f"tranche/{n}"]
    assert (t, RDF.type, RD.Tranche) in graph
    assert one(graph, t, RD.trancheNumber) == Literal(n, datatype=XSD.integer)
    assert list(graph.objects(t, PROV.wasDerivedFrom))


def test_regio_envelop(graph):
    # Delft West, Begripsbepaling: "het bedrag van € 900 miljoen dat het kabinet Rutte IV
    # beschikbaar heeft gesteld om in de periode van 2022 - 2025"; letter, inleiding:
    # "Het kabinet heeft €900 mln uitgetrokken".
    e = ID["financieringsbron/regio-envelop"]
    assert (e, RDF.type, RD.FundingSource) in graph
    assert one(graph, e, RD.envelopeAmount).toPython() == Decimal("900000000")
    assert one(graph, e, RD.periodStartYear).toPython() == 2022
    assert one(graph, e, RD.periodEndYear).toPython() == 2025
    assert Literal("Regio Enveloppe", lang="nl") in set(graph.objects(e, SKOS.altLabel))


def test_discrepancies(graph):
    # Overijsel (Zuid- en Oost-Drenthe II) vs Overijssel (Twente II); heading "Regio Deal Regio
    # Deal ZaanIJ II".
    base = "document/kamerbrief-vierde-tranche/bijlage/"
    d1 = ID["discrepantie/kamerbrief-vierde-tranche/1"]
    d2 = ID["discrepantie/kamerbrief-vierde-tranche/2"]
    assert set(graph.objects(d1, RD.sourceLocation)) == {
        ID[base + "zuid-en-oost-drenthe-ii"],
        ID[base + "twente-ii"],
    }
    assert (deal("zuid-en-oost-drenthe-ii"), RD.discrepancy, d1) in graph
    assert set(graph.objects(d2, RD.sourceLocation)) == {ID[base + "zaanij-ii"]}
    assert (deal("zaanij-ii"), RD.discrepancy, d2) in graph
