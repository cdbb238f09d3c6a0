"""The derived facts of store.derived over a small hand-made graph (issue #11, mutation score):
status at the reference date, the computed end of a deal, the year of a status change, the
computed budget sums and the participations. Every expected triple is written out by hand from
the fixture below and the rules in docs/data-conventions.md ("Lifecycle", "Computed figures");
the comparison is of the whole inferred graph, so a triple too many fails as well as one missing.
No bundled data, no RocksDB: one in-memory store per test (about 0.1 s)."""

from __future__ import annotations

import hashlib
from datetime import date

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple

from regiodeal.store import derived, inference

ID = "https://w3id.org/regiodeal/id/"
RD = "https://w3id.org/regiodeal/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DATE = "http://purl.org/dc/terms/date"
INFERRED = NamedNode("https://w3id.org/regiodeal/graph/inferred")
REFERENCE = date(2024, 6, 30)

PREFIXES = f"""@prefix rd: <{RD}> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <{XSD}> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @base <{ID}> .
"""

# Statuses at 2024-06-30, by hand: <ended> is signed and ended the day before (ended, a computed
# change sourced from the part its fact source names for rd:endDate); <nosource> too, without a
# fact source (a change without prov:wasDerivedFrom); <running> ends on the reference date itself
# (still signed: "before" is strict); <proposal> was passed over on the reference date (not
# selected: "on or before"); <later> is passed over the day after (still 'aanvraag'); <old> is an
# application with a past end date (only a signed deal ends); <yearonly> has a change with a year
# and no date (no year derived); <thing> is no rd:RegioDeal (nothing derived).
STATUSES = (
    PREFIXES
    + """
<regiodeal/ended> a rd:RegioDeal ; rd:status <status/ondertekend> ;
    rd:endDate "2024-06-29"^^xsd:date ;
    rd:factSource [ rd:aboutProperty rd:endDate ; prov:wasDerivedFrom <doc/letter#p2> ] ,
        [ rd:aboutProperty rd:startDate ; prov:wasDerivedFrom <doc/letter#p1> ] .
<regiodeal/nosource> a rd:RegioDeal ; rd:status <status/ondertekend> ;
    rd:endDate "2019-01-31"^^xsd:date .
<regiodeal/running> a rd:RegioDeal ; rd:status <status/ondertekend> ;
    rd:endDate "2024-06-30"^^xsd:date .
<regiodeal/proposal> a rd:RegioDeal ; rd:status <status/aanvraag> ;
    rd:statusChange <change/p> .
<change/p> a rd:StatusChange ; rd:newStatus <status/niet-geselecteerd> ;
    dcterms:date "2024-06-30"^^xsd:date .
<regiodeal/later> a rd:RegioDeal ; rd:status <status/aanvraag> ; rd:statusChange <change/l> .
<change/l> a rd:StatusChange ; rd:newStatus <status/niet-geselecteerd> ;
    dcterms:date "2024-07-01"^^xsd:date .
<regiodeal/old> a rd:RegioDeal ; rd:status <status/aanvraag> ;
    rd:endDate "2020-01-01"^^xsd:date .
<regiodeal/yearonly> a rd:RegioDeal ; rd:status <status/geselecteerd> ;
    rd:statusChange <change/y> .
<change/y> a rd:StatusChange ; rd:newStatus <status/geselecteerd> ; rd:year 2019 .
<thing> rd:status <status/ondertekend> ; rd:endDate "2000-01-01"^^xsd:date .
"""
)

# <rijk>'s budget prints a regional total (500) and no Rijk total: the Rijk column of its two
# top-level rows is summed (100 + 50 = 150; row 3 is a sub-line of row 1 and is left out).
# <regional>'s budget prints no total at all and has only a regional column: 10 + 20 = 30.
BUDGETS = (
    PREFIXES
    + """
<regiodeal/rijk> a rd:RegioDeal ; rd:budget <budget/r> .
<budget/r> rd:regionalAmount 500 ; rd:budgetLine <budget/r/1>, <budget/r/2>, <budget/r/3> .
<budget/r/1> rd:rijkAmount 100 ; rd:regionalAmount 200 .
<budget/r/2> rd:rijkAmount 50 .
<budget/r/3> rd:subLineOf <budget/r/1> ; rd:rijkAmount 30 ; rd:regionalAmount 70 .
<regiodeal/regional> a rd:RegioDeal ; rd:budget <budget/g> .
<budget/g> rd:budgetLine <budget/g/1>, <budget/g/2> .
<budget/g/1> rd:regionalAmount 10 .
<budget/g/2> rd:regionalAmount 20 .
"""
)

# Roles: rol/partner (shortcut rd:partner) is in the code list scheme/rol; rd:regiokassier's
# concept is in another scheme, so its values make no participation.
ROLES = (
    PREFIXES
    + """
<rol/partner> rd:shortcut rd:partner ; skos:inScheme <scheme/rol> .
<rol/kassier> rd:shortcut rd:regiokassier ; skos:inScheme <scheme/anders> .
<regiodeal/p> a rd:RegioDeal ; rd:partner <org/one>, <org/two>, <org/three>, <org/four> ;
    rd:regiokassier <org/one> ;
    rd:factSource [ rd:aboutProperty rd:partner ;
        prov:wasDerivedFrom <doc/a#part1>, <doc/a#part2> ] .
<org/one> prov:wasDerivedFrom <doc/a#passage1> .
<doc/a#passage1> dcterms:isPartOf <doc/a#part1> .
<org/three> prov:wasDerivedFrom <doc/a#part2> .
<org/four> prov:wasDerivedFrom <doc/b#elsewhere> .
<regiodeal/q> a rd:RegioDeal ; rd:partner <org/one> .
"""
)


def iri(name: str) -> str:
    return f"<{ID}{name}>"


def rd(name: str) -> str:
    return f"<{RD}{name}>"


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


TRUE, FALSE = typed("true", "boolean"), typed("false", "boolean")
A = f"<{RDF_TYPE}>"
STAMP = (f"<{INFERRED.value}>", rd("referenceDate"), typed("2024-06-30", "date"))


def inferred(turtle: str, when: date | None = REFERENCE) -> tuple[set[tuple[str, ...]], int]:
    """The inferred graph of the fixture (each triple as its three N-Triples terms) and the
    count materialise returned."""
    store = Store()
    store.load(turtle.encode(), format=RdfFormat.TURTLE)
    count = inference.materialise(store, INFERRED, when)
    triples = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.quads_for_pattern(None, None, None, INFERRED)
    }
    return triples, count


def test_status_at_the_reference_date_and_the_computed_end() -> None:
    got, count = inferred(STATUSES)
    signed, ended = iri("status/ondertekend"), iri("status/beeindigd")
    passed_over = iri("status/niet-geselecteerd")
    expected = {
        (iri("regiodeal/ended"), rd("currentStatus"), ended),
        (iri("regiodeal/nosource"), rd("currentStatus"), ended),
        (iri("regiodeal/running"), rd("currentStatus"), signed),
        (iri("regiodeal/proposal"), rd("currentStatus"), passed_over),
        (iri("regiodeal/later"), rd("currentStatus"), iri("status/aanvraag")),
        (iri("regiodeal/old"), rd("currentStatus"), iri("status/aanvraag")),
        (iri("regiodeal/yearonly"), rd("currentStatus"), iri("status/geselecteerd")),
        # the years of the dated changes (stated ones and, in a second pass, the computed ones)
        (iri("change/p"), rd("year"), typed("2024", "integer")),
        (iri("change/l"), rd("year"), typed("2024", "integer")),
        STAMP,
    }
    for deal, end, source in (
        ("ended", "2024-06-29", f"<{ID}doc/letter#p2>"),
        ("nosource", "2019-01-31", None),
    ):
        change = iri(f"statuswijziging/{deal}/beeindigd")
        expected |= {
            (iri(f"regiodeal/{deal}"), rd("statusChange"), change),
            (change, A, rd("StatusChange")),
            (change, rd("newStatus"), ended),
            (change, f"<{DATE}>", typed(end, "date")),
            (change, rd("computed"), TRUE),
            (change, rd("year"), typed(end[:4], "integer")),
        }
        if source:
            expected.add((change, f"<{DERIVED_FROM}>", source))
    assert got == expected
    assert count == len(expected)


def test_budget_sums_of_the_top_level_rows_where_no_total_is_printed() -> None:
    got, count = inferred(BUDGETS)
    expected = {STAMP}
    for deal, printed, shortcut, total, rows in (
        ("rijk", "rijkContribution", "computedRijkContribution", "150", ("r/1", "r/2")),
        ("regional", "regionalContribution", "computedRegionalContribution", "30", ("g/1", "g/2")),
    ):
        figure = iri(f"berekend/{deal}/{printed}")
        expected |= {
            (iri(f"regiodeal/{deal}"), rd(shortcut), typed(total, "integer")),
            (figure, A, rd("ComputedFigure")),
            (figure, rd("computed"), TRUE),
            (figure, rd("figureOf"), iri(f"regiodeal/{deal}")),
            (figure, rd("aboutProperty"), rd(printed)),
            (figure, f"<{RDF_VALUE}>", typed(total, "integer")),
            *((figure, f"<{DERIVED_FROM}>", iri(f"budget/{row}")) for row in rows),
        }
    assert got == expected
    assert count == len(expected)


def participation(deal: str, agent: str) -> str:
    md5 = hashlib.md5(f"{ID}{agent}".encode()).hexdigest()  # noqa: S324  (the node's name)
    return iri(f"deelname/{deal}/partner/{md5}")


def test_participations_with_their_exact_or_stated_sources() -> None:
    got, count = inferred(ROLES)
    sources = {
        # deal p names the partners in part1 and part2 of doc/a: <one>'s own passage lies in
        # part1 (exact), <three>'s own passage is part2 itself (exact, a path of length 0),
        # <two> has none and <four>'s lies elsewhere: both get the two stated parts
        ("p", "org/one"): {"doc/a#passage1"},
        ("p", "org/two"): {"doc/a#part1", "doc/a#part2"},
        ("p", "org/three"): {"doc/a#part2"},
        ("p", "org/four"): {"doc/a#part1", "doc/a#part2"},
        # deal q has no fact source for rd:partner: no source, not exact
        ("q", "org/one"): set(),
    }
    expected = {STAMP}
    for (deal, agent), parts in sources.items():
        node = participation(deal, agent)
        expected |= {
            (iri(f"regiodeal/{deal}"), rd("participation"), node),
            (node, A, rd("Participation")),
            (node, rd("participant"), iri(agent)),
            (node, rd("role"), iri("rol/partner")),
            (node, rd("computed"), TRUE),
            (node, rd("exactSource"), TRUE if len(parts) == 1 else FALSE),
            *((node, f"<{DERIVED_FROM}>", iri(part)) for part in parts),
        }
    assert got == expected
    assert count == len(expected)


def test_participations_alone_are_the_triples_of_python() -> None:
    store = Store()
    store.load(ROLES.encode(), format=RdfFormat.TURTLE)
    triples = derived.participations(store, inference._PREFIXES)
    node = NamedNode(participation("q", "org/one")[1:-1])
    deal = NamedNode(f"{ID}regiodeal/q")
    mine = {t for t in triples if node in (t.subject, t.object)}
    assert mine == {
        Triple(deal, NamedNode(RD + "participation"), node),
        Triple(node, NamedNode(RDF_TYPE), NamedNode(RD + "Participation")),
        Triple(node, NamedNode(RD + "participant"), NamedNode(f"{ID}org/one")),
        Triple(node, NamedNode(RD + "role"), NamedNode(f"{ID}rol/partner")),
        Triple(node, NamedNode(RD + "computed"), Literal(True)),
        Triple(node, NamedNode(RD + "exactSource"), Literal(False)),
    }


def test_the_stamp_names_the_reference_date() -> None:
    assert derived.stamp(INFERRED, date(2031, 2, 3)) == {
        Triple(
            INFERRED,
            NamedNode(RD + "referenceDate"),
            Literal("2031-02-03", datatype=NamedNode(XSD + "date")),
        )
    }


def test_without_a_reference_date_today_is_used() -> None:
    got, _ = inferred(STATUSES, when=None)
    stamp = {t for t in got if t[1] == rd("referenceDate")}
    assert stamp == {(STAMP[0], STAMP[1], typed(date.today().isoformat(), "date"))}
    # today is after 2024-06-30: <running> has ended by now (its end date has passed)
    assert (iri("regiodeal/running"), rd("currentStatus"), iri("status/beeindigd")) in got


def test_a_node_name_keeps_everything_after_the_first_marker() -> None:
    # a deal slug that itself contains the marker (not in our data, but a legal IRI)
    deal = NamedNode(f"{ID}regiodeal/a/id/regiodeal/b")
    assert derived._after(deal, "/id/regiodeal/") == "a/id/regiodeal/b"
