"""Source documents and their parts (articles, paragraphs, tables): which facts cite them."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.graph_queries import (
    LABEL_TEMPLATE,
    PREFIXES,
    not_inferred,
    text_values,
    with_source_documents,
)
from regiodeal.linked_data.presentation import (
    Ref,
    citation,
    label,
    literal_in,
    natural,
    ordered,
    ref,
)
from regiodeal.namespaces import RD


def part_query(iri: str, graph_base: str) -> str:
    own = f"BIND(<{iri}> AS ?s) ?s ?p ?o . {not_inferred(graph_base)}"
    return f"""{PREFIXES}
CONSTRUCT {{
  ?s ?p ?o . {LABEL_TEMPLATE}
  ?child dcterms:isPartOf <{iri}> ; rdfs:label ?cl ; rd:number ?cn .
  ?n prov:wasDerivedFrom <{iri}> ; a ?nt ; rdfs:label ?nl .
  ?n ?ntp ?ntext . ?nt rdfs:label ?ntl .
  ?deal rd:factSource ?fs . ?fs rd:aboutProperty ?prop ; prov:wasDerivedFrom <{iri}> .
  ?deal rdfs:label ?dl . ?prop rdfs:label ?pl .
  ?d rd:sourceLocation <{iri}> ; rdfs:label ?dlab ; rdfs:comment ?dc .
  <{iri}> dcterms:isPartOf ?pdoc . ?pdoc dcterms:title ?pt ; dcterms:type ?pty .
}}
WHERE {{
  {with_source_documents(own)}
  UNION {{ ?child dcterms:isPartOf <{iri}> .
          OPTIONAL {{ ?child rdfs:label ?cl }} OPTIONAL {{ ?child rd:number ?cn }} }}
  UNION {{ ?n prov:wasDerivedFrom <{iri}> . FILTER isIRI(?n)
          OPTIONAL {{ ?n a ?nt . {not_inferred(graph_base, "?n", "a", "?nt")}
                     OPTIONAL {{ ?nt rdfs:label ?ntl }} }}
          OPTIONAL {{ ?n rdfs:label ?nl }}
          OPTIONAL {{ {text_values("?ntp")} ?n ?ntp ?ntext }} }}
  UNION {{ ?deal rd:factSource ?fs . ?fs prov:wasDerivedFrom <{iri}> ; rd:aboutProperty ?prop .
          OPTIONAL {{ ?deal rdfs:label ?dl }} OPTIONAL {{ ?prop rdfs:label ?pl }} }}
  UNION {{ ?d rd:sourceLocation <{iri}> .
          OPTIONAL {{ ?d rdfs:label ?dlab }} OPTIONAL {{ ?d rdfs:comment ?dc }} }}
  UNION {{ <{iri}> dcterms:isPartOf+ ?pdoc . ?pdoc dcterms:title ?pt ; dcterms:type ?pty }}
}}"""


def _derived(graph: Graph, part: URIRef, addresses: Addresses) -> list[dict[str, Any]]:
    lang = addresses.lang
    rows = []
    for node in graph.subjects(PROV.wasDerivedFrom, part):
        if not isinstance(node, URIRef):
            continue
        kinds = sorted({label(graph, t, lang) for t in graph.objects(node, RDF.type)})
        name = literal_in(graph, node, RD.indicator, lang) or label(graph, node, lang)
        rows.append({"ref": Ref(name, addresses.href(str(node))), "kind": ", ".join(kinds)})
    return sorted(rows, key=lambda r: (r["kind"], natural(r["ref"].href)))


def _deal_facts(graph: Graph, part: URIRef, addresses: Addresses) -> list[dict[str, Any]]:
    rows = []
    for deal, fact in graph.subject_objects(RD.factSource):
        if (fact, PROV.wasDerivedFrom, part) not in graph:
            continue
        prop = graph.value(fact, RD.aboutProperty)
        rows.append(
            {
                "deal": ref(graph, deal, addresses),
                "property": label(graph, prop, addresses.lang) if prop is not None else "",
                "property_iri": str(prop),
            }
        )
    return sorted(rows, key=lambda r: (r["deal"].label, r["property"]))


def part_context(graph: Graph, part: URIRef, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    parents = [
        p for p in graph.objects(part, DCTERMS.isPartOf) if graph.value(p, DCTERMS.title) is None
    ]
    return {
        "title": citation(graph, part, addresses).label,
        "is_document": (part, RDF.type, RD.SourceDocument) in graph,
        "kind": literal_in(graph, part, DCTERMS.type, lang) or "",
        "date": str(graph.value(part, DCTERMS.date) or ""),
        "seed": str(graph.value(part, RD.seedFile) or ""),
        "parents": [ref(graph, p, addresses) for p in parents],
        "children": [
            ref(graph, c, addresses) for c in ordered(graph, graph.subjects(DCTERMS.isPartOf, part))
        ],
        "derived": _derived(graph, part, addresses),
        "deal_facts": _deal_facts(graph, part, addresses),
        "locations": sorted(
            {ref(graph, d, addresses) for d in graph.subjects(RD.sourceLocation, part)},
            key=lambda r: natural(r.href),
        ),
    }
