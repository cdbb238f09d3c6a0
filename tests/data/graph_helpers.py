"""Small graph accessors shared by the data tests."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

RD = Namespace("https://w3id.org/regiodeal/def#")


def one(graph: Graph, s, p):
    """The single object of (s, p); fails the test when there are none or several."""
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def document_classes(graph: Graph) -> set:
    """rd:SourceDocument and its subclasses (rd:WebPublication), read from the loaded ontology."""
    return set(graph.transitive_subjects(RDFS.subClassOf, RD.SourceDocument))


def document_of(graph: Graph, part) -> URIRef | None:
    """The rd:SourceDocument (or subclass) a document part belongs to (following dcterms:isPartOf)."""
    classes = document_classes(graph)
    seen: set = set()
    todo = [part]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if any((node, RDF.type, cls) in graph for cls in classes):
            return node
        todo.extend(graph.objects(node, DCTERMS.isPartOf))
    return None


def from_web(graph: Graph, part) -> bool:
    """Whether a cited part belongs to a rd:WebPublication (data/ttl/web), not to a seed."""
    document = document_of(graph, part)
    return document is not None and (document, RDF.type, RD.WebPublication) in graph


def sources_of(
    graph: Graph,
    subject: URIRef,
    prop: URIRef,
    locate: Callable[[Graph, URIRef], URIRef | None] = document_of,
) -> set[URIRef | None]:
    """The documents the fact sources of (subject, prop) point into, found by `locate` from each
    cited part (default: the source document it belongs to)."""
    return {
        locate(graph, part)
        for fact in graph.objects(subject, RD.factSource)
        if graph.value(fact, RD.aboutProperty) == prop
        for part in graph.objects(fact, PROV.wasDerivedFrom)
    }
