"""The JSON-LD context of the vocabulary (`/context.jsonld`), generated from the ontology.

Every `rd:` term of the ontology becomes a term of the context: classes map to their IRI, object
properties (and annotation properties whose values are IRIs) get `"@type": "@id"`, datatype
properties with a typed range (xsd:decimal, xsd:date, xsd:integer, xsd:boolean) get that
datatype, so `"rijkContribution": "5300000.0"` reads back as an xsd:decimal. Properties with a
string or language-string range stay untyped: a typed term would not match `"..."@nl` values.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from regiodeal.namespaces import ID, PREFIX_IRIS, RD

# Ranges that stay untyped in the context (see the module docstring).
UNTYPED_RANGES = {XSD.string, RDF.langString, RDFS.Literal}
OBJECT_KINDS = (OWL.ObjectProperty,)
IRI_VALUED_ANNOTATIONS = {RD.aboutProperty}
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _local(term: URIRef) -> str | None:
    text = str(term)
    return text[len(str(RD)) :] if text.startswith(str(RD)) else None


def _term_definition(ontology: Graph, term: URIRef) -> str | dict[str, str]:
    kinds = set(ontology.objects(term, RDF.type))
    value_range = ontology.value(term, RDFS.range)
    if kinds & set(OBJECT_KINDS):
        return {"@id": str(term), "@type": "@id"}
    if OWL.DatatypeProperty in kinds:
        if value_range is not None and value_range not in UNTYPED_RANGES:
            return {"@id": str(term), "@type": _compact(value_range)}
        return str(term)
    if OWL.AnnotationProperty in kinds and _iri_valued(ontology, term, value_range):
        return {"@id": str(term), "@type": "@id"}
    return str(term)


def _iri_valued(ontology: Graph, term: URIRef, value_range: Node | None) -> bool:
    # rd:aboutProperty has no range but always names a property.
    if term in IRI_VALUED_ANNOTATIONS:
        return True
    is_class = (value_range, RDF.type, OWL.Class) in ontology
    return is_class or (value_range, RDF.type, RDFS.Class) in ontology


def _compact(iri: object) -> str:
    """xsd:decimal rather than the full IRI: the context declares the xsd prefix."""
    text = str(iri)
    return "xsd:" + text[len(str(XSD)) :] if text.startswith(str(XSD)) else text


def vocabulary_context(ontology: Graph) -> dict[str, Any]:
    """The context object: standard prefixes, `@base` for our IRIs, one entry per rd: term."""
    context: dict[str, Any] = dict(sorted(PREFIX_IRIS.items()))
    context["@base"] = str(ID)
    terms: dict[str, str | dict[str, str]] = {}
    for kind in TERM_KINDS:
        for term in ontology.subjects(RDF.type, kind):
            if not isinstance(term, URIRef):
                continue
            local = _local(term)
            if local and local not in terms:
                terms[local] = _term_definition(ontology, term)
    context.update(sorted(terms.items()))
    return context


def context_document(ontology: Graph) -> dict[str, Any]:
    return {"@context": vocabulary_context(ontology)}
