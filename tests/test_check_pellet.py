"""Pellet in `regiodeal check`: small hand-made fragments, each with the verdict OWL 2 gives it.

The fragments are read by Pellet alone (no ontology), so each run takes a few seconds of JVM
start-up; the repository itself goes through Pellet in test_check_cli.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from support import programs

from regiodeal.cli.check import pellet_unsatisfiable, run_pellet

java = programs.fixture("java")  # Pellet runs on the JVM

PREFIXES = """\
@prefix ex: <https://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:A a owl:Class . ex:B a owl:Class . ex:A owl:disjointWith ex:B .
"""


def pellet(turtle: str) -> tuple[bool, list[str], list[str], str | None]:
    result = run_pellet(Graph().parse(data=PREFIXES + turtle, format="turtle"), lambda _: None)
    return result.consistent, result.unsatisfiable, result.ignored_values, result.error


def test_parses_the_classify_tree() -> None:
    # `pellet classify` prints the hierarchy indented, full IRIs, equivalents joined by " = ".
    output = (
        " http://www.w3.org/2002/07/owl#Thing\n"
        "    https://example.org/A\n"
        " https://example.org/C = http://www.w3.org/2002/07/owl#Nothing = https://example.org/D\n"
    )
    assert pellet_unsatisfiable(output) == ["https://example.org/C", "https://example.org/D"]
    assert pellet_unsatisfiable(" http://www.w3.org/2002/07/owl#Thing\n") == []


@pytest.mark.usefixtures("java")
def test_consistent_fragment_passes() -> None:
    # Two disjoint classes, one member each, a dated value: nothing contradicts.
    turtle = 'ex:a a ex:A . ex:b a ex:B . ex:a ex:when "2023-07-31"^^xsd:date .'
    assert pellet(turtle) == (True, [], [], None)


@pytest.mark.usefixtures("java")
def test_member_of_two_disjoint_classes_is_inconsistent() -> None:
    consistent, _, _, error = pellet("ex:both a ex:A, ex:B .")
    assert error is None and not consistent


@pytest.mark.usefixtures("java")
def test_range_rdf_langstring_is_inconsistent_for_pellet() -> None:
    # Why the ontology has no `rdfs:range rdf:langString` (issue #12): Pellet 2.3 finds a tagged
    # literal outside that range, so the graph inconsistent.
    turtle = 'ex:p a owl:DatatypeProperty ; rdfs:range rdf:langString . ex:x ex:p "hallo"@nl .'
    consistent, _, _, error = pellet(turtle)
    assert error is None and not consistent


@pytest.mark.usefixtures("java")
def test_unsatisfiable_class_is_named() -> None:
    consistent, unsatisfiable, _, _ = pellet("ex:C rdfs:subClassOf ex:A, ex:B .")
    assert consistent and unsatisfiable == ["https://example.org/C"]


@pytest.mark.usefixtures("java")
def test_undeclared_datatype_range_drops_values() -> None:
    # The OWL API reads an undeclared xsd:gMonthDay range as a class: Pellet then takes the
    # property for an object property and drops its value; declared as rdfs:Datatype, it does not.
    turtle = (
        "ex:due a owl:DatatypeProperty ; rdfs:range xsd:gMonthDay .\n"
        'ex:c ex:due "--07-15"^^xsd:gMonthDay .'
    )
    consistent, _, ignored, _ = pellet(turtle)
    assert consistent and len(ignored) == 1 and "--07-15" in ignored[0], ignored
    assert pellet(turtle + " xsd:gMonthDay a rdfs:Datatype .")[2] == []
