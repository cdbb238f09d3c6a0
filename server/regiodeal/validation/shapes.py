"""The shapes graph and what the report needs to know about each shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from regiodeal.namespaces import RD

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


def localised_messages(
    results: Graph, shapes: Graph, result: Node, value: Node | None
) -> dict[str, str]:
    """The result messages by language, with {$value}-style placeholders filled in.

    pySHACL drops the language tag of a sh:sparql message when it substitutes its variables, and
    does not substitute in messages of core constraints; both are repaired here by matching
    each message against the shape's templates.
    """
    templates = _templates(results, shapes, result)
    messages: dict[str, str] = {}
    for literal in results.objects(result, SH.resultMessage):
        text = _fill(str(literal), results, result, value)
        lang = getattr(literal, "language", None) or _language_of(str(literal), templates)
        messages.setdefault(lang, text)
    return messages


def _templates(results: Graph, shapes: Graph, result: Node) -> dict[str, str]:
    templates: dict[str, str] = {}
    for source in (
        results.value(result, SH.sourceConstraint),
        results.value(result, SH.sourceShape),
    ):
        if source is not None:
            for lang, text in by_lang(shapes, source, SH.message).items():
                templates.setdefault(lang, text)
    return templates


def _language_of(text: str, templates: dict[str, str]) -> str:
    for lang, template in templates.items():
        pattern = re.sub(r"\\\{\\?[?$]\w+\\\}", ".*?", re.escape(template))
        if re.fullmatch(pattern, text, flags=re.DOTALL):
            return lang
    return ""


def _fill(text: str, results: Graph, result: Node, value: Node | None) -> str:
    slots = {
        "value": value,
        "this": results.value(result, SH.focusNode),
        "path": results.value(result, SH.resultPath),
    }
    for name, node in slots.items():
        if node is not None:
            text = text.replace("{$" + name + "}", str(node)).replace("{?" + name + "}", str(node))
    return text
