"""The municipalities of deals that named them before identifiers.csv had them (issue #13).

Each deal below names its municipalities (or, for a covenant, its regional parties) in a passage
of one source; the expected sets were read by hand from those passages, and each code and
province from the KOOP value list rwc_gemeenten_compleet v4 (the copy in
Regionaal-Archief-Rivierenland/mdto.py, mdto/data/rwc_gemeenten_compleet_4.json: organisatiecode
and ligtInProvincie of the record with that name):
- rijksoverheid.nl news 3-2-2025 (sixth tranche), selection table: "Regio Barendrecht,
  Ridderkerk en Rotterdam"; "Voormalige Groeikernen Zuid-Holland (Capelle a/d IJsel, Nissewaard
  en Zoetermeer)".
- Flakkee Nieuws, February 2020 (secondary), fourth paragraph: "De eilanden Goeree-Overflakkee,
  Hoeksche Waard en Voorne-Putten bestaan uit de gemeenten Brielle, Hellevoetsluis, Hoeksche
  Waard, Goeree-Overflakkee, Nissewaard en Westvoorne." Brielle, Hellevoetsluis and Westvoorne
  have einddatum 2022-12-31 in the KOOP list (merged into Voorne aan Zee, gm1992, on
  2023-01-01): the deal is linked to the municipalities of February 2020.
- Kamerstuk 29 697, nr. 55: "ondertekend door de rijksoverheid, de provincie Zuid-Holland en de
  gemeente Noordwijk".
- TK 2019D31372 (Noordelijk Flevoland), partijen 7-9: provincie Flevoland, gemeente Urk,
  gemeente Noordoostpolder.
- rijksoverheid.nl, Kamerbrief 17-7-2020: "Overvecht (gemeente Utrecht), Batau (gemeente
  Nieuwegein) en Vollenhove (gemeente Zeist)".
- Stcrt. 2021, 86 (Zeeuws-Vlaanderen), partijen 7-10: gemeenten Terneuzen, Sluis, Hulst,
  provincie Zeeland.
- Stcrt. 2025, 1142 (Midden-Limburg), partijen 8-11: gemeenten Nederweert, Roerdalen, Roermond,
  Leudal.
- Stcrt. 2025, 1146 (MRA West, 'Beter in Balans'), partijen 6-10: gemeenten Haarlem,
  Haarlemmermeer, Beverwijk, Velsen, Zandvoort.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from regiodeal.namespaces import ID, RD

from .graph_helpers import document_of

GM = "https://identifier.overheid.nl/tooi/id/gemeente/"
PV = "https://identifier.overheid.nl/tooi/id/provincie/"

# deal -> (property, source document, {TOOI code: the name as the quoted passage spells it})
CASES = {
    "barendrecht-ridderkerk-rotterdam": (
        RD.municipality,
        "nieuws-2025-02-03-zesde-tranche-regio-deals",
        {"gm0489": "Barendrecht", "gm0597": "Ridderkerk", "gm0599": "Rotterdam"},
    ),
    "zuid-hollandse-groeikernen": (
        RD.municipality,
        "nieuws-2025-02-03-zesde-tranche-regio-deals",
        # the table spells Capelle aan den IJssel "Capelle a/d IJsel"
        {"gm0502": "Capelle a/d IJsel", "gm1930": "Nissewaard", "gm0637": "Zoetermeer"},
    ),
    "zuid-hollandse-delta": (
        RD.municipality,
        "flakkeenieuws-2020-02-75-miljoen-zuid-hollandse-delta",
        {
            "gm0501": "Brielle",
            "gm0530": "Hellevoetsluis",
            "gm1963": "Hoeksche Waard",
            "gm1924": "Goeree-Overflakkee",
            "gm1930": "Nissewaard",
            "gm0614": "Westvoorne",
        },
    ),
    "estec-space-campus-noordwijk": (
        RD.regionalParty,
        "kamerstuk-29697-55",
        {"pv28": "provincie Zuid-Holland", "gm0575": "gemeente Noordwijk"},
    ),
    "noordelijk-flevoland": (
        RD.regionalParty,
        "tweedekamer-2019d31372-regio-deal-noordelijk-flevoland",
        {
            "pv24": "provincie Flevoland",
            "gm0184": "gemeente Urk",
            "gm0171": "gemeente Noordoostpolder",
        },
    ),
    "vitale-wijken-overvecht-batau-en-vollenhove": (
        RD.municipality,
        "kamerbrief-2020-07-17-regio-deal-vitale-wijken",
        {"gm0344": "gemeente Utrecht", "gm0356": "gemeente Nieuwegein", "gm0355": "gemeente Zeist"},
    ),
    "zeeuws-vlaanderen": (
        RD.regionalParty,
        "staatscourant-2021-86",
        {
            "gm0715": "gemeente Terneuzen",
            "gm1714": "gemeente Sluis",
            "gm0677": "gemeente Hulst",
            "pv29": "provincie Zeeland",
        },
    ),
    "midden-limburg": (
        RD.regionalParty,
        "staatscourant-2025-1142",
        {
            "gm0946": "gemeente Nederweert",
            "gm1669": "gemeente Roerdalen",
            "gm0957": "gemeente Roermond",
            "gm1640": "gemeente Leudal",
        },
    ),
    "mra-west": (
        RD.regionalParty,
        "staatscourant-2025-1146",
        {
            "gm0392": "gemeente Haarlem",
            "gm0394": "gemeente Haarlemmermeer",
            "gm0375": "gemeente Beverwijk",
            "gm0453": "gemeente Velsen",
            "gm0473": "gemeente Zandvoort",
        },
    ),
}

# ligtInProvincie of each municipality, from its KOOP record (not from identifiers.csv)
PROVINCE = {
    "gm0489": "pv28", "gm0597": "pv28", "gm0599": "pv28", "gm0502": "pv28", "gm1930": "pv28",
    "gm0637": "pv28", "gm0501": "pv28", "gm0530": "pv28", "gm1963": "pv28", "gm1924": "pv28",
    "gm0614": "pv28", "gm0575": "pv28", "gm0184": "pv24", "gm0171": "pv24", "gm0344": "pv26",
    "gm0356": "pv26", "gm0355": "pv26", "gm0715": "pv29", "gm1714": "pv29", "gm0677": "pv29",
    "gm0946": "pv31", "gm1669": "pv31", "gm0957": "pv31", "gm1640": "pv31", "gm0392": "pv27",
    "gm0394": "pv27", "gm0375": "pv27", "gm0453": "pv27", "gm0473": "pv27",
}  # fmt: skip


def iri(code: str) -> URIRef:
    return URIRef((PV if code.startswith("pv") else GM) + code)


@pytest.mark.parametrize("slug", sorted(CASES))
def test_deal_has_exactly_the_parties_its_source_names(graph: Graph, slug: str) -> None:
    prop, _, named = CASES[slug]
    deal = ID[f"regiodeal/{slug}"]
    assert set(graph.objects(deal, prop)) == {iri(code) for code in named}


@pytest.mark.parametrize("slug", sorted(CASES))
def test_a_quoted_passage_of_the_source_names_each_of_them(graph: Graph, slug: str) -> None:
    prop, document, named = CASES[slug]
    deal = ID[f"regiodeal/{slug}"]
    quotes = [
        str(graph.value(fact, RD.quote))
        for fact in graph.objects(deal, RD.factSource)
        if graph.value(fact, RD.aboutProperty) == prop
        and graph.value(fact, RD.quote) is not None
        and any(
            document_of(graph, part) == ID[f"document/{document}"]
            for part in graph.objects(fact, PROV.wasDerivedFrom)
        )
    ]
    assert quotes, slug
    for code, name in named.items():
        assert any(name in quote for quote in quotes), (slug, code, name)


def test_every_linked_municipality_is_described_in_its_province(graph: Graph) -> None:
    for _, _, named in CASES.values():
        for code in (c for c in named if c.startswith("gm")):
            municipality = iri(code)
            assert (municipality, RDF.type, RD.Municipality) in graph, code
            assert graph.value(municipality, RD.locatedIn) == iri(PROVINCE[code]), code


def test_zuid_hollandse_delta_has_the_municipalities_of_2020_not_voorne_aan_zee(
    graph: Graph,
) -> None:
    # February 2020, before the merger of 1 January 2023: Brielle, Hellevoetsluis, Westvoorne
    deal = ID["regiodeal/zuid-hollandse-delta"]
    linked = set(graph.objects(deal, RD.municipality))
    assert {iri("gm0501"), iri("gm0530"), iri("gm0614")} <= linked
    assert iri("gm1992") not in linked
