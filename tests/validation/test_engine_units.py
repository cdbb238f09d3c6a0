"""regiodeal.validation.engine on a tiny shapes graph and tiny deals written by hand (the
validation kit replaced by those shapes): which results become findings, whose deal they are,
their fields and order, one finding per defect, and the report's verdicts.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from regiodeal.settings import Settings
from regiodeal.validation import engine, queries
from regiodeal.validation.bulk import plan
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import (
    Finding,
    PreparedQueryGraph,
    Report,
    deal_owners,
    one_per_defect,
    validate_files,
    validate_graph,
)

EX = "http://example.org/"
RD = "https://w3id.org/regiodeal/def#"
PREFIXES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rd: <{RD}> .
@prefix ex: <{EX}> .
"""
SHAPES = Graph().parse(
    data=PREFIXES
    + """
ex:DealShape a sh:NodeShape ; sh:targetClass rd:RegioDeal ; rd:reportSection "finance" ;
  sh:name "Deal"@en, "Deal"@nl ; rd:legalBasis ex:law2, ex:law1 ;
  rd:legalBasisCitation "Wet"@nl ; rd:contextual true ;
  sh:property [ sh:path rd:amount ; sh:datatype xsd:decimal ; sh:maxInclusive 10 ;
    sh:name "bedrag"@nl ; sh:message "Bedrag fout"@nl, "Amount wrong"@en ] ;
  sh:property [ sh:path rd:note ; sh:maxCount 0 ; sh:severity sh:Warning ;
    sh:message "Geen notitie"@nl, "No note"@en ] ;
  sh:property [ sh:path rd:goal ; sh:class rd:Goal ;
    sh:message "Geen doel: {$value}, € 1500000"@nl, "No goal: {$value}, € 1500000"@en ] ;
  sh:property [ sh:path rd:score ; sh:maxInclusive 10 ; sh:message "score" ] .
ex:GoalShape a sh:NodeShape ; sh:targetClass rd:Goal ;
  sh:property [ sh:path rd:name ; sh:minCount 1 ; sh:severity sh:Info ; sh:message "name" ] ;
  sh:property [ sh:path rd:odd ; sh:maxCount 0 ; sh:severity ex:Odd ; sh:message "odd" ] .
ex:FlagShape a sh:NodeShape ; sh:targetClass rd:Flagged ; sh:sparql [ sh:message "flag" ;
  sh:select "SELECT $this WHERE { $this a <https://w3id.org/regiodeal/def#Flagged> }" ] .
"""
)


def data(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


KIT_SETTINGS: list[object] = []  # the settings validation_kit was asked with, last last


@pytest.fixture(autouse=True)
def tiny_kit(monkeypatch: pytest.MonkeyPatch) -> None:
    kit = SimpleNamespace(shapes=SHAPES, plan=plan(SHAPES), key="tiny-kit")

    def validation_kit(settings: object) -> SimpleNamespace:
        KIT_SETTINGS.append(settings)
        return kit

    monkeypatch.setattr(engine, "validation_kit", validation_kit)


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


DEALS = """
ex:b a rd:RegioDeal ; rdfs:label "Deal B" ; rd:amount 12 ; rd:note "n" ; rd:goal ex:g1 .
ex:g1 a rd:Goal .
ex:a a rd:RegioDeal ; rd:amount "veel"^^xsd:decimal ; rd:goal [ a rd:Goal ; rd:odd 1 ] .
ex:loose a rd:Goal .
"""


def test_findings() -> None:
    settings = Settings()
    report = validate_graph(data(DEALS), PublishedContext.build(Graph()), settings)
    assert KIT_SETTINGS[-1] is settings
    rows = [(f.deal, f.severity, f.focus, f.component) for f in report.findings]
    core = str(SH)
    # sorted by deal (none last), section, violations first, shape, focus
    assert [r[:2] for r in rows] == [
        (EX + "a", "Violation"),  # amount "veel": datatype (its range check dropped)
        (EX + "a", "Violation"),  # the goal's odd: unknown severity reads as a violation
        (EX + "a", "Info"),  # the goal has no name
        (EX + "b", "Violation"),  # amount 12: an integer (its range check, 12 > 10, dropped)
        (EX + "b", "Warning"),  # a note
        (EX + "b", "Info"),  # g1 has no name
        (None, "Info"),  # ex:loose: a goal of no deal
    ]
    assert rows[0][3] == core + "DatatypeConstraintComponent"
    assert rows[1][2].startswith("_:")
    assert rows[3][3] == core + "DatatypeConstraintComponent"
    assert rows[5][2] == EX + "g1"
    assert rows[6][2] == EX + "loose"
    assert report.deals == {EX + "a": EX + "a", EX + "b": "Deal B"}
    assert list(report.deals) == [EX + "a", EX + "b"]
    first = report.findings[0]
    assert first.section == "finance"
    assert first.shape == EX + "DealShape"
    assert first.shape_name == {"nl": "Deal - bedrag"}  # the property shape's languages
    assert first.message == {"nl": "Bedrag fout", "en": "Amount wrong"}
    assert first.path == RD + "amount"
    assert first.value == "veel"
    assert first.value_datatype == str(XSD.decimal)
    assert first.value_lang is None
    assert first.legal_basis == (EX + "law1", EX + "law2")
    assert first.citation == {"nl": "Wet"}
    assert first.contextual is True
    assert report.findings[2].section == "structure"
    assert report.findings[2].contextual is False
    assert report.findings[2].path == RD + "name"
    assert report.findings[2].value is None
    assert report.findings[2].value_datatype is None
    assert not report.conforms
    assert not report.passes
    assert [f.severity for f in report.violations] == ["Violation"] * 3
    assert [f.severity for f in report.warnings] == ["Warning"]


def test_integer_hint_and_languages() -> None:
    report = validate_graph(
        data('ex:d a rd:RegioDeal ; rd:amount 5 . ex:e a rd:RegioDeal ; rd:amount "x"@en .'),
        PublishedContext.build(Graph()),
    )
    (amount, note) = report.findings
    assert amount.message == {
        "nl": "Bedrag fout Schrijf 5.0: bedragen zijn decimale getallen met een punt.",
        "en": "Amount wrong Write 5.0: amounts are decimal numbers with a point.",
    }
    assert amount.value_datatype == str(XSD.integer)
    assert note.value == "x"
    assert note.value_lang == "en"
    assert note.value_datatype is None
    assert note.message == {"nl": "Bedrag fout", "en": "Amount wrong"}  # no hint: not a number
    assert report.passes is False


def test_findings_only_about_the_input() -> None:
    """A goal of the context (reference data) is not the submitter's: no finding about it."""
    context = PublishedContext.build(data("ex:ref a rd:Goal ."))
    report = validate_graph(data("ex:d a rd:RegioDeal ; rd:goal ex:ref ."), context)
    assert report.findings == []
    assert report.conforms and report.passes
    assert report.deals == {EX + "d": EX + "d"}


def test_without_a_context(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[object, bool]] = []

    def from_settings(settings: Settings, published: bool = True) -> PublishedContext:
        asked.append((settings, published))
        return PublishedContext.build(Graph())

    monkeypatch.setattr(engine.PublishedContext, "from_settings", from_settings)
    report = validate_graph(data("ex:d a rd:RegioDeal ; rd:amount 11.0 ."))
    assert asked == [(engine.get_settings(), False)]
    assert KIT_SETTINGS[-1] is engine.get_settings()
    assert [f.component for f in report.findings] == [str(SH.MaxInclusiveConstraintComponent)]


def test_bulk_and_pyshacl_alike() -> None:
    both = [
        validate_graph(data(DEALS), PublishedContext.build(Graph()), bulk=flag)
        for flag in (True, False)
    ]
    strip = [[(f.deal, f.severity, f.shape, f.path, f.value) for f in r.findings] for r in both]
    assert strip[0] == strip[1]
    assert len(strip[0]) == 7


def test_validate_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(PREFIXES + "ex:d a rd:RegioDeal ; rd:amount 11.0 .", encoding="utf-8")
    second.write_text(PREFIXES + 'ex:d rd:note "n" .', encoding="utf-8")

    def no_context(*args: object, **kwargs: object) -> None:
        raise AssertionError("the context given is used")

    monkeypatch.setattr(engine.PublishedContext, "from_settings", no_context)
    settings = Settings()
    report = validate_files([first, second], PublishedContext.build(Graph()), settings)
    assert KIT_SETTINGS[-1] is settings
    assert report.files == [str(first), str(second)]
    assert [f.severity for f in report.findings] == ["Violation", "Warning"]


RD_TYPE = URIRef(RD + "RegioDeal")


def test_deal_owners_exact() -> None:
    graph = data("""
ex:a rd:goal ex:g ; rd:predecessor ex:b ; rd:text "t" .
ex:g rd:part ex:p . ex:p rd:back ex:a .
ex:b rd:goal ex:h .
ex:other rd:goal ex:x .
""")
    graph.add((ex("a"), RDF.type, RD_TYPE))
    graph.add((ex("b"), RDF.type, RD_TYPE))
    graph.add((BNode("n"), RDF.type, RD_TYPE))
    graph.add((ex("seeAlso"), URIRef(EX + "about"), RD_TYPE))  # names the class: no deal
    owners = deal_owners(graph)
    # the class IRI is an object of a deal too: reachable from ex:a (sorted first)
    assert owners == {
        ex("a"): ex("a"),
        ex("b"): ex("b"),
        ex("g"): ex("a"),
        ex("p"): ex("a"),
        ex("h"): ex("b"),
        RD_TYPE: ex("a"),
    }


def finding(**fields: object) -> Finding:
    base: dict[str, object] = {
        "deal": None,
        "section": "s",
        "severity": "Violation",
        "shape": "S",
        "shape_name": {},
        "message": {},
        "focus": "f",
        "path": "p",
        "value": "12,3",
        "legal_basis": (),
        "citation": {},
        "contextual": False,
        "component": str(SH.DatatypeConstraintComponent),
    }
    return Finding(**{**base, **fields})  # type: ignore[arg-type]


def test_one_per_defect() -> None:
    datatype = finding()
    ranges = [finding(component=str(c)) for c in sorted(engine.RANGE_COMPONENTS)]
    other_value = finding(component=str(SH.MinInclusiveConstraintComponent), value="-1")
    other_path = finding(component=str(SH.MaxInclusiveConstraintComponent), path="q")
    other_focus = finding(component=str(SH.MaxExclusiveConstraintComponent), focus="g")
    count = finding(component=str(SH.MaxCountConstraintComponent))
    kept = [datatype, other_value, other_path, other_focus, count]
    assert one_per_defect([datatype, *ranges, other_value, other_path, other_focus, count]) == kept
    assert len(engine.RANGE_COMPONENTS) == 4
    assert one_per_defect(ranges) == ranges


def test_finding_text() -> None:
    f = finding(message={"nl": "n", "": "plain", "en": "e"}, shape_name={"de": "d"})
    assert f.text("message", "en") == "e"
    assert f.text("message", "fr") == "plain"
    assert f.text("shape_name", "nl") == "d"
    assert finding(message={}).text("message", "nl") == ""


def test_report_verdicts() -> None:
    warning = finding(severity="Warning")
    info = finding(severity="Info")
    report = Report(findings=[warning, info])
    assert report.warnings == [warning]
    assert report.violations == []
    assert report.passes and not report.conforms
    assert Report().conforms and Report().passes


def test_names_and_datatypes() -> None:
    assert engine._name(BNode("x1")) == "_:x1"
    assert engine._name(URIRef(EX)) == EX
    assert engine._name(Literal("v")) == "v"
    assert engine._datatype(Literal("1", datatype=XSD.integer)) == str(XSD.integer)
    assert engine._datatype(Literal("v")) is None
    assert engine._datatype(URIRef(EX)) is None
    assert engine._datatype(None) is None
    assert {
        SH.Violation: "Violation",
        SH.Warning: "Warning",
        SH.Info: "Info",
    } == engine.SEVERITIES


def test_prepared_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = PreparedQueryGraph()
    graph.add((ex("s"), ex("p"), Literal(1)))
    text = "SELECT ?s WHERE { ?s <http://example.org/p> ?o }"
    asked: list[str] = []
    original = queries.prepared

    def counted(query_text: str) -> Any:
        asked.append(query_text)
        return original(query_text)

    monkeypatch.setattr(queries, "prepared", counted)
    assert [row[0] for row in graph.query(text)] == [ex("s")]
    assert [row[0] for row in graph.query(text)] == [ex("s")]
    assert asked == [text, text]  # each text goes through the per-process parse cache
    assert queries.prepared(text) is queries.prepared(text)
    # with namespaces of its own the text is parsed with them, not from the cache
    rows = graph.query("SELECT ?s WHERE { ?s ex:p ?o }", initNs={"ex": EX})
    assert [row[0] for row in rows] == [ex("s")]
    assert len(asked) == 4  # the two calls just above, not the initNs query


def test_shacl_results_directly() -> None:
    graph = data("ex:d a rd:RegioDeal ; rd:note 1 .")
    for bulk in (True, False):
        results = engine.shacl_results(graph + Graph(), SHAPES, bulk=bulk)
        (result,) = results.subjects(RDF.type, SH.ValidationResult)
        assert results.value(result, SH.focusNode) == ex("d")
        assert results.value(result, SH.resultSeverity) == SH.Warning


def test_messages_with_labels_and_context() -> None:
    """The context's types and the data's labels take part: ex:ref is a goal in the context
    (no finding), ex:other is no goal (a finding that names it by its label, in each language,
    with the amount written the local way); a range finding on an integer gets no hint; a
    SPARQL finding has no path."""
    context = PublishedContext.build(data("ex:ref a rd:Goal ; rd:name 'r' ."))
    deal = data("""ex:d a rd:RegioDeal ; rd:goal ex:ref, ex:other ; rd:score 12 .
      ex:other rdfs:label "Ander"@nl, "Other"@en .
      ex:f a rd:Flagged .""")
    report = validate_graph(deal, context)
    by_component = {f.component.rsplit("#", 1)[-1]: f for f in report.findings if f.component}
    assert sorted(by_component) == [
        "ClassConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "SPARQLConstraintComponent",
    ]
    goal = by_component["ClassConstraintComponent"]
    assert goal.value == EX + "other"
    assert goal.message == {
        "nl": "Geen doel: Ander, € 1.500.000",
        "en": "No goal: Other, € 1,500,000",
    }
    assert by_component["MaxInclusiveConstraintComponent"].message == {"": "score"}
    flag = by_component["SPARQLConstraintComponent"]
    assert flag.path is None
    assert flag.focus == EX + "f"


PATTERNED = SHAPES + Graph().parse(
    data=PREFIXES
    + """
ex:CodeShape a sh:NodeShape ; sh:targetClass rd:RegioDeal ;
  sh:property [ sh:path rd:code ; sh:pattern "^x" ; sh:message "code" ] .
"""
)


def test_pyshacl_is_called_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    """pySHACL gets our own copy (in place), no inference, never an owl:imports fetch; with the
    fast path only the shapes it does not compile (sh:pattern is not), and it is not called
    when every shape compiles (SHAPES); the fast path runs its checks."""
    import pyshacl

    calls: list[dict[str, object]] = []
    validate = pyshacl.validate

    def spy(data_graph: Graph, **kwargs: object) -> object:
        calls.append({"data_graph": data_graph, **kwargs})
        return validate(data_graph, **kwargs)

    ran: list[object] = []
    run = engine.run
    monkeypatch.setattr(pyshacl, "validate", spy)
    monkeypatch.setattr(engine, "run", lambda checks, *a: (ran.append(checks), run(checks, *a)))
    kit_plan = plan(SHAPES)
    assert not kit_plan.needs_pyshacl
    validate_graph(data("ex:d a rd:RegioDeal ; rd:note 1 ."), PublishedContext.build(Graph()))
    assert calls == [] and ran == [kit_plan.checks]
    validate_graph(data("ex:d a rd:RegioDeal ."), PublishedContext.build(Graph()), bulk=False)
    (call,) = calls
    assert isinstance(call["data_graph"], PreparedQueryGraph)
    assert call["shacl_graph"] is SHAPES
    assert call["inference"] == "none"
    assert call["do_owl_imports"] is False
    assert call["inplace"] is True
    assert call["allow_warnings"] is True
    assert ran == [kit_plan.checks]  # pySHACL alone: no compiled check ran
    calls.clear()
    partial = plan(PATTERNED)
    assert partial.needs_pyshacl
    results = engine.shacl_results(data('ex:d a rd:RegioDeal ; rd:code "y" .'), PATTERNED)
    assert calls[0]["shacl_graph"] is partial.residual
    assert ran == [kit_plan.checks, partial.checks]
    # by hand: "y" does not match ^x (pySHACL's), and ex:d has no other defect (the checks')
    components = set(results.objects(None, SH.sourceConstraintComponent))
    assert components == {SH.PatternConstraintComponent}
