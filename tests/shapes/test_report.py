"""Reports true to SHACL and readable: sh:conforms per the spec, apart from the exit-code policy;
each result with its constraint component and a typed sh:value; one finding per defect; labels,
local number formats and translated severities; repeated findings grouped."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from regiodeal.namespaces import RD
from regiodeal.validation import PublishedContext, validate_files, validate_graph
from regiodeal.validation.report import render
from regiodeal.validation.wording import format_amount, format_percent

HERE = Path(__file__).parent
PREFIXES = """@base <https://w3id.org/regiodeal/id/> .
@prefix rd: <https://w3id.org/regiodeal/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def deal(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def test_warnings_only_passes_but_does_not_conform(test_context: PublishedContext) -> None:
    path = HERE / "invalid" / "vat-above-3-percent-deviation-allowed.ttl"
    report = validate_files([path], test_context)
    assert report.passes and not report.conforms
    document = json.loads(render(report, "json", "en"))
    assert document["passes"] is True and document["conforms"] is False
    turtle = Graph().parse(data=render(report, "turtle", "en"), format="turtle")
    assert (None, SH.conforms, Literal(False)) in turtle
    text = render(report, "text", "nl")
    assert "geen overtredingen" in text and "sh:conforms: false" in text


def test_valid_deal_conforms(test_context: PublishedContext) -> None:
    report = validate_files([HERE / "valid" / "signed-covenant.ttl"], test_context)
    assert report.conforms and report.passes


def test_turtle_results_name_their_component_and_keep_the_value_type(
    test_context: PublishedContext,
) -> None:
    report = validate_files([HERE / "invalid" / "amount-negative.ttl"], test_context)
    graph = Graph().parse(data=render(report, "turtle", "en"), format="turtle")
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert results
    for result in results:
        assert graph.value(result, SH.sourceConstraintComponent) is not None
    values = [graph.value(r, SH.value) for r in results]
    assert Literal("-5000000.0", datatype=XSD.decimal) in values


def test_a_string_amount_is_reported_once(test_context: PublishedContext) -> None:
    data = deal(
        '<test/deal> a rd:RegioDeal ; rd:rijkContribution "12,3 mln." ;'
        " rd:regionalContribution 10000000.0 ."
    )
    report = validate_graph(data, test_context)
    amounts = [f for f in report.findings if f.shape == str(RD.AmountShape)]
    assert [f.component for f in amounts] == [str(SH.DatatypeConstraintComponent)]
    # rdflib compares "12,3 mln." < 10000000.0 as true; the rule compares numbers only.
    assert not [f for f in report.findings if f.shape == str(RD.RegionalContributionShape)]


def test_an_integer_amount_is_told_how_to_write_it(test_context: PublishedContext) -> None:
    data = deal("<test/deal> a rd:RegioDeal ; rd:rijkContribution 12300000 .")
    report = validate_graph(data, test_context)
    (finding,) = [f for f in report.findings if f.shape == str(RD.AmountShape)]
    assert "Write 12300000.0" in finding.message["en"]
    assert "Schrijf 12300000.0" in finding.message["nl"]


def test_messages_name_things_by_label(test_context: PublishedContext) -> None:
    # gm0503 is Delft in the reference data; it is regiokassier but not a regional party.
    data = deal(
        "<test/deal> a rd:RegioDeal ;"
        " rd:regiokassier <https://identifier.overheid.nl/tooi/id/gemeente/gm0503> ."
    )
    report = validate_graph(data, test_context)
    (finding,) = [f for f in report.findings if f.shape == str(RD.RegiokassierPublicShape)]
    assert "Regiokassier gemeente Delft is geen" in finding.message["nl"]
    assert "municipality of Delft" in finding.message["en"]
    assert "identifier.overheid.nl" not in finding.message["nl"]


def test_numbers_the_local_way() -> None:
    assert format_amount("12300000.0", "nl") == "12.300.000"
    assert format_amount("12300000.0", "en") == "12,300,000"
    assert format_amount("1234.5", "nl") == "1.234,50"
    assert format_percent("3.00", "nl") == "3,0 %" and format_percent("3", "en") == "3.0%"


def test_repeated_findings_are_one_card_with_a_count(test_context: PublishedContext) -> None:
    # Three goals of one deal, none derived from a document part: one defect, three nodes.
    goals = " ".join(f'<test/g{i}> a rd:Goal ; rdfs:label "Doel {i}"@nl .' for i in (1, 2, 3))
    data = deal(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<test/deal> a rd:RegioDeal ; rd:hasGoal <test/g1>, <test/g2>, <test/g3> . " + goals
    )
    report = validate_graph(data, test_context)
    provenance = [f for f in report.findings if f.shape == str(RD.DerivedFromPartShape)]
    assert len(provenance) == 3
    text = render(report, "text", "nl")
    assert text.count("Deze knoop is niet afgeleid") == 1
    assert "3 keer, bij: id:test/g1, id:test/g2, id:test/g3" in text
    assert "[Overtreding]" in text and "[Violation]" not in text
