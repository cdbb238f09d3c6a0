"""NPLV focus areas (issue #12 section 5, issue #13): municipality, wijken and deals of each area.

Expected values are read by hand from the sources, not from the Turtle:

* the list of the 20 areas: gemeente.nu, July 2022 ("19 gemeenten met 20 stedelijke
  focusgebieden", then the 20 names);
* the municipality of each area: its name in that list, and for Zaandam Oost the rijksoverheid.nl
  news item of 11 March 2026 ("Zaanstad ... Pact Zaandam Oost, een van de 20 gebieden van het
  Nationaal Programma Leefbaarheid en Veiligheid"); the CBS gemeentecode of each municipality from
  the KOOP value list rwc_gemeenten_compleet v4 (data/reference/identifiers.csv);
* the wijken: arnhem-oost.nl and arnhem.nl (Arnhem Oost), rijksoverheid.nl (Zaandam Oost), the
  Onderzoekcentrum Drechtsteden (Dordrecht West), leeuwarden.nl (Leeuwarden-Oost), vlaardingen.nl
  (Vlaardingen West) and the Delft West covenant (000, "In de wijken Voorhof, Buitenhof en
  Tanthof-West (samen Delft West)");
* the deals: the letter of 1 November 2023 (004), "Er zijn vier Regio Deals (Parkstad, Zaanij,
  Den Haag Zuidwest en Rotterdam Zuid) gesloten met gebieden waar ook een stedelijk focusgebied is".
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

from regiodeal.namespaces import ID, TOOI_ID

from .graph_helpers import RD, document_of, one

NPLV = ID["programma/nplv"]
GM = f"{TOOI_ID}gemeente/gm"

# area slug -> CBS gemeentecode, by hand: the place in the area's name (gemeente.nu list), its
# municipality, and that municipality's code in the KOOP list (Zaandam is in Zaanstad, 0479).
MUNICIPALITY_OF_AREA = {
    "leeuwarden-oost": "0080",
    "groningen-noord": "0014",
    "arnhem-oost": "0202",
    "heerlen-noord": "0917",
    "breda-noord": "0758",
    "eindhoven-woensel-zuid": "0772",
    "tilburg-noordwest": "0855",
    "schiedam-nieuwland-oost": "0606",
    "rotterdam-zuid": "0599",
    "den-haag-zuidwest": "0518",
    "amsterdam-zuidoost": "0363",
    "amsterdam-nieuw-west": "0363",
    "zaandam-oost": "0479",
    "lelystad-oost": "0995",
    "utrecht-overvecht": "0344",
    "nieuwegein-centrale-as": "0356",
    "vlaardingen-west": "0622",
    "delft-west": "0503",
    "dordrecht-west": "0505",
    "roosendaal-stad": "1674",
}

# area slug -> the wijken the source names, as printed (normalised only where the comment says)
WIJKEN_OF_AREA = {
    # arnhem-oost.nl: "voor de wijken Presikhaaf, Malburgen, Geitenkamp, het Arnhemse Broek en
    # Klarendal"; arnhem.nl: "(Klarendal, Geitenkamp, Presikhaaf, Malburgen en het Arnhemse Broek)"
    "arnhem-oost": {"Presikhaaf", "Malburgen", "Geitenkamp", "Arnhemse Broek", "Klarendal"},
    # rijksoverheid.nl 2026-03-11: "Poelenburg en Peldersveld ... uitgebreid met Kogerveldwijk,
    # Rosmolenwijk, Hoornseveld en Zaandam-Zuid. Deze wijken zijn onderdeel van het Pact Zaandam Oost"
    "zaandam-oost": {
        "Poelenburg",
        "Peldersveld",
        "Kogerveldwijk",
        "Rosmolenwijk",
        "Hoornseveld",
        "Zaandam-Zuid",
    },
    # "Dordt-West (de wijken Oud- en Nieuw- Krispijn, Wielwijk en Crabbehof)"
    "dordrecht-west": {"Oud-Krispijn", "Nieuw-Krispijn", "Wielwijk", "Crabbehof"},
    # "in de wijken Bilgaard, Vrijheidswijk, Heechterp-Schieringen, Oud-Oost en Camminghaburen"
    "leeuwarden-oost": {
        "Bilgaard",
        "Vrijheidswijk",
        "Heechterp-Schieringen",
        "Oud-Oost",
        "Camminghaburen",
    },
    # "De Vlaardingse Westwijk is een van de vier nieuwe gebieden die toetreedt"
    "vlaardingen-west": {"Westwijk"},
    # 000: "In de wijken Voorhof, Buitenhof en Tanthof-West (samen Delft West)"
    "delft-west": {"Voorhof", "Buitenhof", "Tanthof-West"},
}


def area(slug: str) -> URIRef:
    return ID[f"gebied/nplv-{slug}"]


def focus_areas(graph: Graph) -> set:
    return set(graph.subjects(RDF.type, RD.FocusArea)) & set(graph.subjects(RD.programme, NPLV))


def wijk_names(graph: Graph, focus_area: URIRef) -> set[str]:
    return {
        str(one(graph, wijk, RDFS.label))
        for wijk in graph.subjects(RD.locatedIn, focus_area)
        if (wijk, RDF.type, RD.Wijk) in graph
    }


def test_every_focus_area_lies_in_its_municipality(graph: Graph) -> None:
    assert {str(a) for a in focus_areas(graph)} == {str(area(s)) for s in MUNICIPALITY_OF_AREA}
    for slug, code in MUNICIPALITY_OF_AREA.items():
        municipality = URIRef(GM + code)
        assert one(graph, area(slug), RD.locatedIn) == municipality, slug
        # only a TOOI IRI the reference data describes (identifiers.csv -> organisations.ttl)
        assert (municipality, RDF.type, RD.Municipality) in graph, slug
    # "19 gemeenten met 20 stedelijke focusgebieden": Amsterdam holds two
    assert len(set(MUNICIPALITY_OF_AREA.values())) == 19


def test_the_municipalities_added_for_the_focus_areas_carry_their_cbs_code(graph: Graph) -> None:
    # KOOP rwc_gemeenten_compleet v4: gemeentecode and ligtInProvincie of the ten municipalities
    # that identifiers.csv lacked; province PV20 Groningen and PV26 Utrecht were added with them.
    expected = {
        "0014": "pv20",
        "0202": "pv25",
        "0344": "pv26",
        "0356": "pv26",
        "0505": "pv28",
        "0606": "pv28",
        "0622": "pv28",
        "0758": "pv30",
        "0772": "pv30",
        "1674": "pv30",
    }
    for code, province in expected.items():
        municipality = URIRef(GM + code)
        assert one(graph, municipality, RD.cbsCode) == Literal(f"GM{code}")
        assert one(graph, municipality, RD.locatedIn) == URIRef(f"{TOOI_ID}provincie/{province}")


def test_wijken_of_the_focus_areas(graph: Graph) -> None:
    for slug, names in WIJKEN_OF_AREA.items():
        assert wijk_names(graph, area(slug)) == names, slug
        municipality = URIRef(GM + MUNICIPALITY_OF_AREA[slug])
        for wijk in graph.subjects(RD.locatedIn, area(slug)):
            # each wijk also lies in the area's municipality and comes from a source passage
            assert municipality in set(graph.objects(wijk, RD.locatedIn)), wijk
            documents = {document_of(graph, p) for p in graph.objects(wijk, PROV.wasDerivedFrom)}
            assert documents and None not in documents, wijk
    # no source read names the wijken of the other 14 areas: none are recorded
    others = set(MUNICIPALITY_OF_AREA) - set(WIJKEN_OF_AREA)
    assert all(not wijk_names(graph, area(slug)) for slug in others)


def test_a_cbs_code_of_a_wijk_in_a_focus_area_has_its_year(graph: Graph) -> None:
    # Only Voorhof has a verified code (identifiers.csv: WK050324, CBS wijkenbuurten 2025); the
    # codes of the other wijken were not found in an official source, so they have none.
    coded = {
        wijk: one(graph, wijk, RD.cbsCode)
        for a in focus_areas(graph)
        for wijk in graph.subjects(RD.locatedIn, a)
        if (wijk, RD.cbsCode, None) in graph
    }
    assert coded == {ID["gebied/voorhof"]: Literal("WK050324")}
    assert one(graph, ID["gebied/voorhof"], RD.cbsCodeYear).toPython() == 2025


def test_deals_linked_to_a_focus_area_only_where_a_source_names_it(graph: Graph) -> None:
    linked = {
        (deal, a)
        for a in focus_areas(graph)
        for deal in graph.subjects(RD.area, a)
        if (deal, RDF.type, RD.RegioDeal) in graph
    } | {(deal, a) for deal, a in graph.subject_objects(RD.focusArea)}
    # 000 and 001 name their focus area (rd:focusArea); 004's sentence names four deals, of which
    # Zaanij II (heading "Zaandam Oost") and Rotterdam Zuid II are linked by the area's name;
    # Parkstad's focus area is not named, so Parkstad Limburg II is not linked.
    assert linked == {
        (ID["regiodeal/delft-west"], area("delft-west")),
        (ID["regiodeal/den-haag-zuidwest-ii"], area("den-haag-zuidwest")),
        (ID["regiodeal/zaanij-ii"], area("zaandam-oost")),
        (ID["regiodeal/rotterdam-zuid-ii"], area("rotterdam-zuid")),
    }
    for deal in (ID["regiodeal/zaanij-ii"], ID["regiodeal/rotterdam-zuid-ii"]):
        sources = {
            graph.value(fs, PROV.wasDerivedFrom)
            for fs in graph.objects(deal, RD.factSource)
            if graph.value(fs, RD.aboutProperty) == RD.area
        }
        assert ID["document/kamerbrief-vierde-tranche/overkoepelend"] in sources, deal
