"""Theme pages: the goals and interventions of every deal filed under a theme."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.graph_queries import PREFIXES, source_document
from regiodeal.linked_data.presentation import label, literal_in, ordered, ref, sources
from regiodeal.namespaces import RD


def theme_query(iri: str) -> str:
    """The theme, its interventions with their deals and goals, and the source document of
    every part they cite. The documents are found from the distinct parts cited, walking
    `dcterms:isPartOf+` up from each (a sub-select; an OPTIONAL path from ?part made the engine
    walk up from every part of every document in the graph) and checked with source_document
    (plain patterns made it read every source document; graph_queries explains)."""
    interventions = f"?i rd:theme <{iri}> ; a rd:Intervention ."
    parts = f"SELECT DISTINCT ?part WHERE {{ {interventions} ?i prov:wasDerivedFrom ?part }}"
    return f"""{PREFIXES}
CONSTRUCT {{
  <{iri}> ?p ?o .
  ?deal rd:hasIntervention ?i . ?i rd:theme <{iri}> . ?i rdfs:label ?il . ?i rd:number ?in .
  ?i rd:order ?io . ?i rd:contributesToGoal ?goal . ?goal rdfs:label ?gl .
  ?i prov:wasDerivedFrom ?part . ?part rdfs:label ?partl .
  ?part dcterms:isPartOf ?doc . ?doc dcterms:title ?dt ; dcterms:type ?dty .
  ?deal rdfs:label ?dl .
}}
WHERE {{
  {{ <{iri}> ?p ?o . FILTER isLiteral(?o) }}
  UNION {{ {interventions} ?deal rd:hasIntervention ?i .
          OPTIONAL {{ ?deal rdfs:label ?dl }} OPTIONAL {{ ?i rdfs:label ?il }}
          OPTIONAL {{ ?i rd:number ?in }} OPTIONAL {{ ?i rd:order ?io }}
          OPTIONAL {{ ?i rd:contributesToGoal ?goal . OPTIONAL {{ ?goal rdfs:label ?gl }} }}
          OPTIONAL {{ ?i prov:wasDerivedFrom ?part . OPTIONAL {{ ?part rdfs:label ?partl }} }} }}
  UNION {{ {{ {parts} }} ?part dcterms:isPartOf+ ?doc .
          {source_document("?doc", "?dt", "?dty")} }}
}}"""


def theme_context(graph: Graph, theme: URIRef, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    deals: list[dict[str, Any]] = []
    for deal in sorted(set(graph.subjects(RD.hasIntervention, None)), key=str):
        chosen = [
            i for i in graph.objects(deal, RD.hasIntervention) if (i, RD.theme, theme) in graph
        ]
        if not chosen:
            continue
        interventions = []
        for i in ordered(graph, chosen):
            goal = graph.value(i, RD.contributesToGoal)
            interventions.append(
                {
                    "number": str(graph.value(i, RD.number) or ""),
                    "label": label(graph, i, lang),
                    "href": addresses.href(str(i)),
                    "goal": ref(graph, goal, addresses) if goal is not None else None,
                    "sources": sources(graph, i, addresses),
                }
            )
        deals.append({"deal": ref(graph, deal, addresses), "interventions": interventions})
    deals.sort(key=lambda d: d["deal"].label.lower())
    return {
        "title": label(graph, theme, lang),
        "definition": literal_in(graph, theme, SKOS.definition, lang) or "",
        "deals": deals,
        "count": sum(len(d["interventions"]) for d in deals),
    }
