"""Any other resource (goal, intervention, person, clause, area, ...): its statements, with
labels, sources and what refers to it."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.graph_queries import (
    LABEL_TEMPLATE,
    PREFIXES,
    not_inferred,
    with_source_documents,
)
from regiodeal.linked_data.presentation import Ref, citation, label, literal_in, ref, sources

HIDDEN = {RDFS.label, PROV.wasDerivedFrom}


def resource_query(iri: str, graph_base: str) -> str:
    """The resource's statements (blank nodes one level deep, with labels) and who refers to it."""
    statements = f"""{{ BIND(<{iri}> AS ?s) }}
    UNION {{ <{iri}> ?p1 ?s . FILTER isBlank(?s) }}
    UNION {{ ?s ?p1 <{iri}> . FILTER isBlank(?s) }}
    ?s ?p ?o . {not_inferred(graph_base)}
    OPTIONAL {{ ?p rdfs:label ?pl }}"""
    return f"""{PREFIXES}
CONSTRUCT {{ ?s ?p ?o . {LABEL_TEMPLATE} ?p rdfs:label ?pl . ?in ?ip <{iri}> . ?in rdfs:label ?inl .
            ?in ?inlp ?inl . ?ip rdfs:label ?ipl . }}
WHERE {{
  {{ {with_source_documents(statements)} }}
  UNION {{ ?in ?ip <{iri}> . FILTER isIRI(?in) {not_inferred(graph_base, "?in", "?ip", f"<{iri}>")}
          OPTIONAL {{ ?ip rdfs:label ?ipl }}
          OPTIONAL {{ VALUES ?inlp {{ rdfs:label skos:prefLabel foaf:name rd:indicator
                                      rdfs:comment rd:quote }} ?in ?inlp ?inl }} }}
}}"""


def _value(graph: Graph, value: Node, addresses: Addresses) -> Ref | str:
    if isinstance(value, URIRef):
        return ref(graph, value, addresses)
    if isinstance(value, BNode):
        return _blank_node_text(graph, value, addresses)
    return str(value)


def _blank_node_text(graph: Graph, node: BNode, addresses: Addresses) -> str:
    parts = [
        f"{label(graph, p, addresses.lang)}: {label(graph, o, addresses.lang)}"
        for p, o in graph.predicate_objects(node)
        if p != RDF.type
    ]
    return "; ".join(sorted(parts))


def statements(graph: Graph, node: URIRef, addresses: Addresses) -> list[dict[str, Any]]:
    lang = addresses.lang
    rows: dict[str, list[Ref | str]] = {}
    for predicate, value in graph.predicate_objects(node):
        if predicate in HIDDEN:
            continue
        if isinstance(value, Literal) and value.language not in (None, lang, "nl"):
            continue
        rows.setdefault(label(graph, predicate, lang), []).append(_value(graph, value, addresses))
    return [{"name": k, "values": sorted(v, key=str)} for k, v in sorted(rows.items())]


def incoming(graph: Graph, node: URIRef, addresses: Addresses) -> list[dict[str, Any]]:
    lang = addresses.lang
    rows = [
        {"ref": ref(graph, s, addresses), "via": label(graph, p, lang)}
        for s, p in graph.subject_predicates(node)
        if isinstance(s, URIRef)
    ]
    return sorted(rows, key=lambda r: (r["via"], r["ref"].label))


def memberships(graph: Graph, node: URIRef, addresses: Addresses) -> list[str]:
    """org:Membership blank nodes pointing at a person, as one line each."""
    return sorted(
        _blank_node_text(graph, s, addresses)
        for s in graph.subjects(None, node)
        if isinstance(s, BNode)
    )


def resource_context(graph: Graph, node: URIRef, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    return {
        "title": label(graph, node, lang),
        "comment": literal_in(graph, node, RDFS.comment, lang) or "",
        "statements": statements(graph, node, addresses),
        "sources": sources(graph, node, addresses),
        "incoming": incoming(graph, node, addresses),
        "memberships": memberships(graph, node, addresses),
        "citation": citation,
    }
