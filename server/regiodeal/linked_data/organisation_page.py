"""Organisation pages: the deals an organisation takes part in, in which role; for a ministry
also the money (national contributions of the deals it provides and of those it signed)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from regiodeal.linked_data.addresses import TOOI, Addresses
from regiodeal.linked_data.graph_queries import (
    LABEL_TEMPLATE,
    PREFIXES,
    not_inferred,
    with_source_documents,
)
from regiodeal.linked_data.presentation import Ref, amount, label, literal_in, money, ref
from regiodeal.namespaces import RD

# Role properties, in the order a page lists them: (property, nl, en).
ROLES = (
    (RD.ministryParty, "ministerie (partij)", "ministry (party)"),
    (RD.fundingProvider, "verstrekker rijksbijdrage", "provides the national contribution"),
    (RD.regionalParty, "regionale partij", "regional party"),
    (RD.regiokassier, "regiokassier", "regiokassier"),
    (RD.partner, "partner", "partner"),
    (RD.involvedOrganisation, "betrokken", "involved"),
)
CARRIES_OUT = ("voert interventies uit", "carries out interventions")
SIGNED = ("ondertekend namens", "signed on behalf of")


def organisation_query(iri: str, graph_base: str) -> str:
    roles = " ".join(f"<{prop}>" for prop, _, _ in ROLES)
    own = f"BIND(<{iri}> AS ?s) ?s ?p ?o . {not_inferred(graph_base)}"
    return f"""{PREFIXES}
CONSTRUCT {{
  ?s ?p ?o . {LABEL_TEMPLATE}
  ?deal ?role <{iri}> . ?deal rdfs:label ?dl . ?deal rd:rijkContribution ?rijk .
  ?deal rd:hasIntervention ?i . ?i rd:carriedOutBy <{iri}> . ?i rdfs:label ?il . ?i rd:number ?in .
  ?deal rd:signature ?sig . ?sig rd:onBehalfOf <{iri}> . ?sig rd:signatory ?person .
  ?person ?pl ?pn . ?sig rd:functionTitle ?ft .
}}
WHERE {{
  {with_source_documents(own)}
  UNION {{ VALUES ?role {{ {roles} }} ?deal ?role <{iri}> .
          OPTIONAL {{ ?deal rdfs:label ?dl }} OPTIONAL {{ ?deal rd:rijkContribution ?rijk }} }}
  UNION {{ ?deal rd:hasIntervention ?i . ?i rd:carriedOutBy <{iri}> .
          OPTIONAL {{ ?deal rdfs:label ?dl }} OPTIONAL {{ ?i rdfs:label ?il }}
          OPTIONAL {{ ?i rd:number ?in }} }}
  UNION {{ ?deal rd:signature ?sig . ?sig rd:onBehalfOf <{iri}> .
          OPTIONAL {{ ?deal rdfs:label ?dl }} OPTIONAL {{ ?sig rd:functionTitle ?ft }}
          OPTIONAL {{ ?sig rd:signatory ?person .
                     OPTIONAL {{ VALUES ?pl {{ rdfs:label foaf:name }} ?person ?pl ?pn }} }} }}
}}"""


def _deal_rows(graph: Graph, org: URIRef, addresses: Addresses) -> list[dict[str, Any]]:
    en = addresses.lang == "en"
    deals: dict[Node, dict[str, Any]] = {}

    def row(deal: Node) -> dict[str, Any]:
        return deals.setdefault(
            deal, {"deal": ref(graph, deal, addresses), "roles": [], "details": []}
        )

    for prop, nl_name, en_name in ROLES:
        for deal in graph.subjects(prop, org):
            row(deal)["roles"].append(en_name if en else nl_name)
    for intervention in graph.subjects(RD.carriedOutBy, org):
        for deal in graph.subjects(RD.hasIntervention, intervention):
            entry = row(deal)
            if CARRIES_OUT[en] not in entry["roles"]:
                entry["roles"].append(CARRIES_OUT[en])
            number = graph.value(intervention, RD.number)
            name = label(graph, intervention, addresses.lang)
            text = f"{number} {name}" if number else name
            entry["details"].append(Ref(text, addresses.href(str(intervention))))
    for signature in graph.subjects(RD.onBehalfOf, org):
        for deal in graph.subjects(RD.signature, signature):
            entry = row(deal)
            person = graph.value(signature, RD.signatory)
            who = label(graph, person, addresses.lang) if person is not None else ""
            function = literal_in(graph, signature, RD.functionTitle, addresses.lang) or ""
            entry["roles"].append(f"{SIGNED[en]}: {who}, {function}".strip(", "))
    for entry in deals.values():
        entry["details"].sort(key=lambda r: r.label)
    return sorted(deals.values(), key=lambda e: e["deal"].label.lower())


def _sum(graph: Graph, deals: Iterable[Node]) -> Decimal:
    total = Decimal(0)
    for deal in set(deals):
        value = amount(graph.value(deal, RD.rijkContribution))
        total += value or 0
    return total


def identifiers(graph: Graph, org: URIRef) -> list[Ref]:
    links = []
    if str(org).startswith(TOOI):
        links.append(Ref("TOOI: " + str(org), str(org)))
    code = graph.value(org, RD.cbsCode)
    if code is not None:
        links.append(Ref("CBS: " + str(code), ""))
    for same in graph.objects(org, OWL.sameAs):
        name = "Wikidata" if "wikidata.org" in str(same) else "sameAs"
        links.append(Ref(f"{name}: {str(same).rsplit('/', 1)[-1]}", str(same)))
    return links


def organisation_context(graph: Graph, org: URIRef, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    is_ministry = (org, RDF.type, RD.Ministry) in graph
    context = {
        "title": label(graph, org, lang),
        "is_ministry": is_ministry,
        "alt_labels": sorted({str(v) for v in graph.objects(org, SKOS.altLabel)}),
        "abbreviations": sorted({str(v) for v in graph.objects(org, RD.abbreviation)}),
        "comment": literal_in(graph, org, RDFS.comment, lang) or "",
        "types": sorted({label(graph, t, lang) for t in graph.objects(org, RDF.type)}),
        "located_in": [ref(graph, p, addresses) for p in graph.objects(org, RD.locatedIn)],
        "identifiers": identifiers(graph, org),
        "deals": _deal_rows(graph, org, addresses),
    }
    if is_ministry:
        provided = list(graph.subjects(RD.fundingProvider, org))
        signed = list(graph.subjects(RD.ministryParty, org))
        context["money"] = {
            "provided_count": len(set(provided)),
            "provided_sum": money(_sum(graph, provided), lang),
            "signed_count": len(set(signed)),
            "signed_sum": money(_sum(graph, signed), lang),
        }
    return context
