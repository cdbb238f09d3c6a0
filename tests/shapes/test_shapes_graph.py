"""The shapes graph itself: valid SHACL, and every shape documented in nl and en with its basis."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from regiodeal.namespaces import RD
from regiodeal.settings import get_settings
from regiodeal.validation.shapes import load_shapes

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(get_settings().shapes_dir)


def named_shapes(shapes: Graph) -> list[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    return sorted(s for s in found if isinstance(s, URIRef))


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    """Validated against the W3C shacl-shacl shapes graph (SHACL Recommendation, Appendix C)."""
    shacl_shacl = Graph().parse(HERE / "shacl-shacl.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_shacl_shacl_catches_a_broken_shape(shapes: Graph) -> None:
    """The check above can fail: a shape with two sh:path values is rejected."""
    broken = Graph()
    broken += shapes
    broken.add((RD.EndAfterStartShape, SH.path, RD.endDate))
    shacl_shacl = Graph().parse(HERE / "shacl-shacl.ttl", format="turtle")
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=shacl_shacl, inference="none")
    assert not conforms


def test_every_shape_is_documented_in_both_languages(shapes: Graph) -> None:
    problems = []
    for shape in named_shapes(shapes):
        for predicate in (SH.name, SH.description, RD.legalBasisCitation):
            langs = {getattr(o, "language", None) for o in shapes.objects(shape, predicate)}
            if not {"nl", "en"} <= langs:
                problems.append(f"{shape} {predicate} {langs}")
        if shapes.value(shape, RD.reportSection) is None:
            problems.append(f"{shape} has no rd:reportSection")
    assert problems == []


def test_execution_cost_rules_share_one_check(shapes: Graph) -> None:
    """Both VAT rules use the one SPARQL-based constraint component, with its parameter."""
    selects = [str(q) for q in shapes.objects(None, SH.select) if "maxExecutionCostsShare" in q]
    assert len(selects) == 1
    for shape, allowed in (
        (RD.ExecutionCostsMaxShape, False),
        (RD.ExecutionCostsDeviationShape, True),
    ):
        assert shapes.value(shape, RD.deviationAllowed).toPython() is allowed
        assert shapes.value(shape, SH.sparql) is None


def test_every_shape_has_messages_in_both_languages(shapes: Graph) -> None:
    """Messages sit on the shape itself, on each of its property shapes or SPARQL constraints."""
    problems = []
    for shape in named_shapes(shapes):
        parts = [*shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]
        for holder in parts or [shape]:
            langs = {getattr(o, "language", None) for o in shapes.objects(holder, SH.message)}
            if not {"nl", "en"} <= langs:
                problems.append(f"{shape}: {holder} messages {langs}")
    assert problems == []


def test_rules_name_a_document_part_as_legal_basis(shapes: Graph) -> None:
    """Rule shapes (those with a severity) cite a document part of a source document."""
    rules = [s for s in named_shapes(shapes) if shapes.value(s, SH.severity) is not None]
    assert len(rules) >= 25
    without = [s for s in rules if shapes.value(s, RD.legalBasis) is None]
    # Three rules rest on the data conventions rather than on a covenant text.
    assert sorted(str(s).split("#")[1] for s in without) == [
        "DocumentTypeShape",
        "KeyFactSourceShape",
        "KnownOrganisationShape",
    ]
    for shape in rules:
        for basis in shapes.objects(shape, RD.legalBasis):
            assert str(basis).startswith("https://w3id.org/regiodeal/id/document/"), basis


def test_legal_basis_iris_are_document_parts_in_the_graph(shapes: Graph, graph: Graph) -> None:
    """Every rd:legalBasis resolves to a document part (or document) of the bundled sources."""
    missing = [
        str(basis)
        for basis in set(shapes.objects(None, RD.legalBasis))
        if not {RD.DocumentPart, RD.SourceDocument} & set(graph.objects(basis, RDF.type))
    ]
    assert sorted(missing) == []
