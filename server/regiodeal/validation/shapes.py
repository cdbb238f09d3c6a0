"""The shapes graph and what the report needs to know about each shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..namespaces import RD

LANGS = ("nl", "en")


@dataclass(frozen=True)
class ShapeInfo:
    """Report metadata of a named shape (a blank property shape reports as its parent)."""

    iri: URIRef
    name: dict[str, str] = field(default_factory=dict)
    section: str = "structure"
    legal_basis: tuple[str, ...] = ()
    citation: dict[str, str] = field(default_factory=dict)
    contextual: bool = False


@lru_cache(maxsize=4)
def load_shapes(shapes_dir: Path) -> Graph:
    """All shapes files of `shapes_dir`, parsed once per process."""
    graph = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def by_lang(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    texts: dict[str, str] = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal):
            texts[value.language or ""] = str(value)
    return texts


def named_shape(shapes: Graph, shape: Node) -> Node:
    """The shape itself if it has an IRI, else the node shape that holds it via sh:property."""
    if isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is not None:
            return parent
    return shape


def shape_info(shapes: Graph, shape: Node) -> ShapeInfo:
    named = named_shape(shapes, shape)
    name = by_lang(shapes, named, SH.name)
    if named != shape:  # a blank property shape: "Deal: structure - end date"
        own = by_lang(shapes, shape, SH.name)
        name = {lang: f"{name.get(lang, '')} - {own[lang]}" for lang in own} or name
    contextual = shapes.value(named, RD.contextual)
    return ShapeInfo(
        iri=named if isinstance(named, URIRef) else URIRef(str(named)),
        name=name,
        section=str(shapes.value(named, RD.reportSection) or "structure"),
        legal_basis=tuple(sorted(str(b) for b in shapes.objects(named, RD.legalBasis))),
        citation=by_lang(shapes, named, RD.legalBasisCitation),
        contextual=bool(contextual is not None and contextual.toPython() is True),
    )
