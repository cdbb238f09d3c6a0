"""The shapes graph and what the report needs to know about each shape."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

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
        contextual=isinstance(contextual, Literal) and contextual.toPython() is True,
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
    return _substitute(text, slots)


def _substitute(text: str, slots: dict[str, Node | None]) -> str:
    """{$name} and {?name} replaced by the value of each slot that has one."""
    for name, node in slots.items():
        if node is not None:
            text = text.replace("{$" + name + "}", str(node)).replace("{?" + name + "}", str(node))
    return text


def fill_component_messages(results: Graph, shapes: Graph, data: Graph) -> None:
    """Fill every variable of the validator's solution into the result messages of SPARQL-based
    constraint components (rules.ttl: rd:ExecutionCostsLimitComponent), in place.

    SHACL (6.3) fills them as for sh:sparql constraints; pySHACL 0.40 fills only {$this},
    {$value} and the parameters. So the solution behind each such result is found again: the
    validator's query on the same data, pre-bound as pySHACL binds it.
    """
    for result in list(results.subjects(RDF.type, SH.ValidationResult)):
        validator = _select_validator(shapes, results.value(result, SH.sourceConstraintComponent))
        if validator is None:
            continue
        solution = _solution(results, shapes, data, result, validator)
        for message in list(results.objects(result, SH.resultMessage)):
            language = message.language if isinstance(message, Literal) else None
            filled = Literal(_substitute(str(message), solution), lang=language)
            results.remove((result, SH.resultMessage, message))
            results.add((result, SH.resultMessage, filled))


def _select_validator(shapes: Graph, component: Node | None) -> Node | None:
    """The SELECT validator of a SPARQL-based constraint component (None for any other)."""
    for link in (SH.validator, SH.nodeValidator, SH.propertyValidator):
        for validator in shapes.objects(component, link) if component is not None else ():
            if shapes.value(validator, SH.select) is not None:
                return validator
    return None


def _solution(
    results: Graph, shapes: Graph, data: Graph, result: Node, validator: Node
) -> dict[str, Node | None]:
    """The validator's first solution for this result's focus node, value and shape."""
    shape = results.value(result, SH.sourceShape)
    bindings = {
        "this": results.value(result, SH.focusNode),
        "value": results.value(result, SH.value),
    }
    for parameter in shapes.objects(
        results.value(result, SH.sourceConstraintComponent), SH.parameter
    ):
        path = shapes.value(parameter, SH.path)
        if path is None:  # SHACL gives every parameter a path
            continue
        bindings[_local_name(path)] = shapes.value(shape, path)
    query = _prefixes(shapes, validator) + str(shapes.value(validator, SH.select))
    known = {name: node for name, node in bindings.items() if isinstance(node, Identifier)}
    # A SELECT result yields rows; rdflib types its iteration for ASK and CONSTRUCT too.
    for row in cast(Iterable[ResultRow], data.query(query, initBindings=known)):
        return {str(name): node for name, node in row.asdict().items()}
    return {}


def _local_name(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _prefixes(shapes: Graph, validator: Node) -> str:
    """PREFIX lines of the validator's sh:prefixes (their sh:declare entries)."""
    declared = [
        (shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace))
        for ontology in shapes.objects(validator, SH.prefixes)
        for declaration in shapes.objects(ontology, SH.declare)
    ]
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in declared)
