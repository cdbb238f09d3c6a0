"""The five questions issue #12 says a reader answers "from the docs alone": the example queries of
docs/data-conventions.md, run as printed on the bundled store, against answers hand-computed from
the sources. A query that drifts from the data (a renamed property, a missing guard) fails here."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

from data.test_nplv_focus_areas import WIJKEN_OF_AREA
from pyoxigraph import Literal, NamedNode, Store

DOCS = Path(__file__).parents[2] / "docs" / "data-conventions.md"
PREFIXES = """\
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rd: <https://w3id.org/regiodeal/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ID = "https://w3id.org/regiodeal/id/"
TOOI = "https://identifier.overheid.nl/tooi/id/"


def doc_query(heading: str) -> str:
    """The query of data-conventions.md that starts with the comment line `# {heading}`: from that
    line to the next comment line that follows a query line (a block may hold several)."""
    text = DOCS.read_text(encoding="utf-8")
    for _indent, block in re.findall(r"^( *)```sparql\n(.*?)^\1```", text, re.M | re.S):
        lines = textwrap.dedent(block).splitlines()
        for i, line in enumerate(lines):
            if line.startswith(f"# {heading}"):
                end = next(
                    (
                        j
                        for j in range(i + 1, len(lines))
                        if lines[j].startswith("#") and not lines[j - 1].startswith("#")
                    ),
                    len(lines),
                )
                return "\n".join(lines[i:end])
    raise AssertionError(f"no example query '# {heading}' in {DOCS.name}")


def value(term: object) -> object:
    if isinstance(term, NamedNode):
        return term.value.removeprefix(ID).removeprefix(TOOI)
    if isinstance(term, Literal):
        return Decimal(term.value) if term.datatype.value.endswith("#decimal") else term.value
    return term


def rows(store: Store, heading: str) -> list[tuple[object, ...]]:
    result = store.query(PREFIXES + doc_query(heading))
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [tuple(value(row[n]) for n in names) for row in result]  # type: ignore[union-attr]


def test_deals_running_on_a_date(query_store: Store) -> None:
    # 001 art. 19: DHZW II ends 31-12-2027, signed per 004 (1 November 2023); 000 Delft West:
    # 5th tranche, selected 9 February 2024, so not running on 1 January 2024; 002 DHZW ended
    # 31-07-2023
    found = rows(query_store, "deals running on 1 January 2024")
    assert {deal for deal, _ in found} == {"regiodeal/den-haag-zuidwest-ii"}


def test_which_deals_the_letter_lists(query_store: Store) -> None:
    # 004: thirteen annex paragraphs plus North Sea Port District (inleiding)
    found = rows(query_store, "which deals each publication lists")
    listed = {deal for doc, deal in found if doc == "document/kamerbrief-vierde-tranche"}
    assert len(listed) == 14 and "regiodeal/north-sea-port-district" in listed
    assert "regiodeal/twente" not in listed  # the first Twente deal is only mentioned


def test_rijk_contribution_per_ministry_as_named(query_store: Store) -> None:
    # 000 art. 4 lid 2 "VRO reserveert maximaal € 12,3 mln."; 001 art. 5 lid 2 "BZK reserveert
    # maximaal € 18 miljoen"; 002 art. 5 lid 2 "LNV reserveert € 7,5 miljoen"
    found = rows(query_store, "national contribution per providing ministry")
    assert {(name, provided) for _, name, _, provided in found} == {
        ("VRO", Decimal("12300000")),
        ("BZK", Decimal("18000000")),
        ("LNV", Decimal("7500000")),
    }


def test_organisations_in_several_deals(query_store: Store) -> None:
    # 000 footnote 14 "HHS" and 003 "Haagse Hogeschool" are one school, in Delft West and the
    # application; "Inholland" (000) and "Hogeschool Inholland" (003) likewise
    found = dict(rows(query_store, "organisations in more than one deal"))
    assert found["organisatie/haagse-hogeschool"] == "2"
    assert found["organisatie/hogeschool-inholland"] == "2"
    assert "organisatie/hhs" not in found and "organisatie/inholland" not in found


def test_deals_linked_to_the_nplv(query_store: Store) -> None:
    # 000 and 001 name their NPLV focus area; 004: "vier Regio Deals (Parkstad, Zaanij, Den Haag
    # Zuidwest en Rotterdam Zuid) ... in het kader van het Nationaal Programma Leefbaarheid en
    # Veiligheid"; 003's NPLV mention is a failed attempt ("alleen-genoemd"), no link
    found = rows(query_store, "deals linked to the NPLV, and how")
    assert {deal for deal, _ in found} == {
        "regiodeal/delft-west",
        "regiodeal/den-haag-zuidwest-ii",
        "regiodeal/parkstad-limburg-ii",
        "regiodeal/rotterdam-zuid-ii",
        "regiodeal/zaanij-ii",
    }
    assert ("regiodeal/delft-west", "focus area") in found
    assert len(found) == len(set(found))  # DISTINCT: one row per deal and kind of link


def test_nplv_focus_areas_municipalities_and_deals(query_store: Store) -> None:
    # gemeente.nu (July 2022): "19 gemeenten met 20 stedelijke focusgebieden"; every area lies in
    # its municipality (Amsterdam holds two). Deals: 000 and 001 name their focus area (lies in);
    # 004 says Zaanij and Rotterdam Zuid were closed with areas "waar ook een stedelijk
    # focusgebied is" and names them (deal area); Parkstad's focus area is not named.
    found = rows(query_store, "NPLV focus areas, their municipality, and the deals linked to them")
    assert len({area for area, *_ in found}) == 20
    assert len({municipality for _, municipality, *_ in found}) == 19
    assert ("gebied/nplv-zaandam-oost", "gemeente/gm0479") in {(a, m) for a, m, *_ in found}
    deals = {(deal, area, how) for area, _, deal, how in found if deal is not None}
    assert deals == {
        ("regiodeal/delft-west", "gebied/nplv-delft-west", "lies in"),
        ("regiodeal/den-haag-zuidwest-ii", "gebied/nplv-den-haag-zuidwest", "lies in"),
        ("regiodeal/zaanij-ii", "gebied/nplv-zaandam-oost", "deal area"),
        ("regiodeal/rotterdam-zuid-ii", "gebied/nplv-rotterdam-zuid", "deal area"),
    }


def test_wijken_of_the_nplv_focus_areas(query_store: Store) -> None:
    found = rows(query_store, "wijken of the NPLV focus areas")
    by_area: dict[object, set[object]] = {}
    for area, _wijk, name, _code, _year in found:
        by_area.setdefault(area, set()).add(name)
    # the documented query gives, per area, the wijken the sources name (hand-read there, with the
    # passages: Zaandam Oost, Delft West and four more)
    assert by_area == {f"gebied/nplv-{slug}": names for slug, names in WIJKEN_OF_AREA.items()}
    # only Voorhof has a verified CBS code, with its year (identifiers.csv: CBS 2025)
    coded = {(name, code, year) for _, _, name, code, year in found if code is not None}
    assert coded == {("Voorhof", "WK050324", "2025")}


def test_english_labels_with_dutch_fallback(query_store: Store) -> None:
    # data-conventions "English": one row per deal, its English translation (rd:translatedLabel,
    # an rdfs:label in the store); 003's deal name as printed and as translated in
    # data/ttl/deals/rijswijk-den-haag.ttl
    found = dict(rows(query_store, "deals with their English name"))
    deals = {value(r["d"]) for r in query_store.query(PREFIXES + "SELECT ?d { ?d a rd:RegioDeal }")}
    assert set(found) == deals and all(found.values())
    assert found["regiodeal/rijswijk-den-haag"] == (
        "Regio Deal Rijswijk and Den Haag (6th-tranche application)"
    )
    pairs = rows(query_store, "which English labels are translations")
    assert (
        "regiodeal/rijswijk-den-haag",
        "Regio Deal Rijswijk en Den Haag (aanvraag 6de tranche)",
        "Regio Deal Rijswijk and Den Haag (6th-tranche application)",
    ) in pairs
    assert len(pairs) == len({thing for thing, _, _ in pairs})  # one translation per thing
