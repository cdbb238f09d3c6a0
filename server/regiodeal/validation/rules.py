"""The rules page (`/validate/rules`): every named shape of shapes/*.ttl with what a reader needs.

Built from the same shapes graph and the same `shape_info` as the report, so a finding's rule
link always lands on an entry here (the anchor is the shape's local name).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from regiodeal.validation.report import SECTIONS
from regiodeal.validation.shapes import by_lang, shape_info

# By sh:severity, which may be any node or missing (read as a violation).
SEVERITY_NAMES: dict[Node | None, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}


@dataclass(frozen=True)
class Rule:
    iri: str
    anchor: str
    section: str
    severity: str
    name: dict[str, str]
    description: dict[str, str]
    message: dict[str, str]
    legal_basis: tuple[str, ...]
    citation: dict[str, str]
    contextual: bool


def anchor(iri: str) -> str:
    """The fragment for a shape on the rules page: its local name."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _messages(shapes: Graph, shape: URIRef) -> dict[str, str]:
    """The shape's own sh:message, else that of its SPARQL constraints or property shapes."""
    messages = by_lang(shapes, shape, SH.message)
    for link in (SH.sparql, SH.property):
        for child in shapes.objects(shape, link):
            for lang, text in by_lang(shapes, child, SH.message).items():
                messages.setdefault(lang, text)
    return messages


def _severity(shapes: Graph, shape: URIRef) -> str:
    severity = shapes.value(shape, SH.severity)
    if severity is None:  # a node shape may state it on its property shapes only
        severity = next(
            (shapes.value(p, SH.severity) for p in shapes.objects(shape, SH.property)), None
        )
    return SEVERITY_NAMES.get(severity, "Violation")


def rules(shapes: Graph) -> list[Rule]:
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    found = []
    for shape in named:
        info = shape_info(shapes, shape)
        found.append(
            Rule(
                iri=str(shape),
                anchor=anchor(str(shape)),
                section=info.section,
                severity=_severity(shapes, shape),
                name=info.name,
                description=by_lang(shapes, shape, SH.description),
                message=_messages(shapes, shape),
                legal_basis=info.legal_basis,
                citation=info.citation,
                contextual=info.contextual,
            )
        )
    rank = {section: i for i, section in enumerate(SECTIONS)}
    return sorted(found, key=lambda r: (rank.get(r.section, len(SECTIONS)), r.anchor))
