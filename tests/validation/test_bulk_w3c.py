"""The W3C SHACL core tests (tests/w3c/shacl/core) of the constraint kinds bulk.py compiled last
(sh:node, sh:or, sh:lessThan, sh:disjoint), run through the compiled queries alone: the same
results as the suite expects, compared as tests/w3c/shacl/test_shacl_core.py compares pySHACL's
(focus node, path, value, severity, component, source shape; blank nodes abstracted).

bulk.py compiles a property shape only when it has its own sh:message (pySHACL's default texts
are not reproduced): each property shape of a test gets one, which the comparison ignores.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from regiodeal.validation.bulk import plan, run, to_store

CORE = Path(__file__).parents[1] / "w3c" / "shacl" / "core"
KEYS = (
    SH.focusNode,
    SH.resultPath,
    SH.value,
    SH.resultSeverity,
    SH.sourceConstraintComponent,
    SH.sourceShape,
)
# Each file holds its data, shapes and expected report (sht:dataGraph <>, sht:shapesGraph <>).
# Not here: property/node-001 (implicit class targets) and property/or-datatypes-001
# (rdf:HTML, rdf:langString): bulk.py leaves those to pySHACL.
CASES = [
    "property/node-002",
    "property/or-001",
    "property/lessThan-001",
    "property/lessThan-002",
    "property/disjoint-001",
]


def _signature(graph: Graph, result: Node) -> tuple[str, ...]:
    values = (graph.value(result, key) for key in KEYS)
    return tuple("_" if isinstance(v, BNode) or v is None else str(v) for v in values)


@pytest.mark.parametrize("case", CASES)
def test_compiled_as_the_suite_expects(case: str) -> None:
    path = CORE / f"{case}.ttl"
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    shapes = graph + Graph()
    for shape in set(graph.subjects(SH.path, None)):
        if graph.value(shape, SH.message) is None:
            shapes.add((shape, SH.message, Literal("m")))
    compiled = plan(shapes)
    assert not compiled.needs_pyshacl, case  # every constraint of the test is compiled
    results = Graph()
    run(compiled.checks, to_store(graph), graph, results)
    found = Counter(_signature(results, r) for r in results.subjects(SH.focusNode, None))
    expected = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    wanted = Counter(_signature(graph, r) for r in graph.objects(expected, SH.result))
    assert wanted and found == wanted  # each of these tests expects results (1 to 4)
