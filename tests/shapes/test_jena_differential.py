"""The shapes mean the same in two SHACL engines: pySHACL (which `regiodeal validate` runs) and
Apache Jena. For the bundled data, the invalid examples and the valid examples, both engines get
the same shapes graph and the same data graph (the input with its validation context) and must
give the same sh:conforms and the same results: focus node, path, constraint component,
severity and shape (blank focus nodes and blank shapes compare as "_").

Two differences between the engines are allowed by SHACL and left out of the comparison:
pySHACL adds the results of a nested sh:node as sh:detail (so only results linked from the
report by sh:result are compared), and pySHACL reports solutions of a SPARQL constraint that
give the same focus, path and value once, where Jena reports each solution (so results are
compared as sets). The shapes select DISTINCT rows where a defect could repeat.

Jena 4.5 rejects a shape with more than one sh:message (it does not allow one per language), so
Jena reads the shapes with only their English messages; messages are not compared.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from support import jena as jena_engine
from support import programs

from regiodeal.settings import get_settings
from regiodeal.validation import PublishedContext
from regiodeal.validation.engine import PreparedQueryGraph
from regiodeal.validation.reading import read_files
from regiodeal.validation.shapes import load_shapes

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
jena = programs.fixture("jena")
# reason: three pySHACL runs and three JVM starts, ~25 s of CPU; the comparison needs them all
pytestmark = pytest.mark.slow

Key = tuple[str, str, str, str, str]

INPUTS = {
    # The bundled deal files, read together as one input.
    "bundled": sorted((ROOT / "data" / "ttl" / "deals").glob("*.ttl")),
    # Each example is about its own deal IRI or reuses one; read together, the defects add up.
    "invalid": sorted((HERE / "invalid").glob("*.ttl")),
    "valid": sorted((HERE / "valid").glob("*.ttl")),
}


def _name(node: object) -> str:
    return str(node) if isinstance(node, URIRef) else "_"


def results(report: Graph) -> set[Key]:
    return set(
        (
            _name(report.value(r, SH.focusNode)),
            _name(report.value(r, SH.resultPath)),
            _name(report.value(r, SH.sourceConstraintComponent)),
            _name(report.value(r, SH.resultSeverity)),
            _name(report.value(r, SH.sourceShape)),
        )
        for r in report.objects(None, SH.result)
    )


def conforms(report: Graph) -> bool:
    values = list(report.objects(None, SH.conforms))
    assert len(values) == 1 and isinstance(values[0], Literal), values
    return bool(values[0].toPython())


@pytest.fixture(scope="module")
def shapes_for_jena(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shapes = Graph()
    shapes += load_shapes(get_settings().shapes_dir)
    for triple in list(shapes.triples((None, SH.message, None))):
        if not (isinstance(triple[2], Literal) and triple[2].language == "en"):
            shapes.remove(triple)
    path = tmp_path_factory.mktemp("jena") / "shapes.ttl"
    shapes.serialize(path, format="turtle")
    return path


def data_graph(files: list[Path]) -> Graph:
    settings = get_settings()
    data = read_files(files, settings)
    # The engine's graph class parses each SPARQL text once (6 s instead of 35 s here).
    graph = PreparedQueryGraph()
    PublishedContext.from_settings(settings, published=False).graph_for(data, into=graph)
    graph += data
    return graph


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pyshacl_and_jena_agree(
    name: str, jena: str, shapes_for_jena: Path, tmp_path: Path
) -> None:
    graph = data_graph(INPUTS[name])
    data = tmp_path / "data.ttl"
    graph.serialize(data, format="turtle")
    _, ours, _ = pyshacl.validate(
        graph,
        shacl_graph=load_shapes(get_settings().shapes_dir),
        inference="none",
        allow_warnings=False,  # sh:conforms as SHACL defines it: false on any result
        do_owl_imports=False,
    )
    theirs = Graph().parse(data=jena_engine.validate(jena, shapes_for_jena, data, tmp_path))
    assert conforms(ours) == conforms(theirs)
    mine, other = results(ours), results(theirs)
    assert mine == other, (sorted(mine - other), sorted(other - mine))
    if name == "invalid":  # the comparison is about something: every example has a defect
        assert len(mine) >= len(INPUTS["invalid"])
