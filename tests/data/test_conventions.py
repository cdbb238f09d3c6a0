"""Conventions of docs/data-conventions.md that hold across the whole graph: periods written in a
name are properties, language tags of proper names, organisation identity."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from regiodeal.namespaces import ID, RD

# "2023-2027", "2020 – 2024": a span of years written in a name
PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
NAME_PROPERTIES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)


def periods_in_names(graph: Graph) -> dict[object, set[tuple[int, int]]]:
    found: dict[object, set[tuple[int, int]]] = {}
    for prop in NAME_PROPERTIES:
        for node, name in graph.subject_objects(prop):
            for start, end in PERIOD.findall(str(name)):
                found.setdefault(node, set()).add((int(start), int(end)))
    return found


def test_a_period_in_a_name_is_a_property(graph: Graph) -> None:
    # e.g. 004: "Regio Deal Zuid- en Oost-Drenthe 2023-2027" -> 2023 / 2027
    found = periods_in_names(graph)
    assert found, "no period in any name: the check would check nothing"
    for node, periods in found.items():
        stated = {
            (int(s), int(e))
            for s in graph.objects(node, RD.periodStartYear)
            for e in graph.objects(node, RD.periodEndYear)
            if isinstance(s, Literal) and isinstance(e, Literal)
        }
        assert periods <= stated, f"{node}: period {periods} in its name, properties {stated}"


def test_the_period_check_can_fail() -> None:
    graph = Graph()
    graph.parse(
        data='<urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "Plan 2020-2030"@nl .',
        format="turtle",
    )
    assert periods_in_names(graph) == {next(iter(graph.subjects())): {(2020, 2030)}}


def test_every_programme_reference_has_one_relation_type(graph: Graph) -> None:
    # typed relations (docs/data-conventions.md, "Programme relations"): funded by, contributes
    # to, aligns with, ... or 'alleen genoemd' when a source only names the programme
    scheme = ID["scheme/soort-relatie"]
    for ref in graph.subjects(RDF.type, RD.ProgrammeReference):
        types = list(graph.objects(ref, RD.relationType))
        assert len(types) == 1, f"{ref}: {types}"
        assert (types[0], SKOS.inScheme, scheme) in graph, f"{ref}: {types[0]}"
