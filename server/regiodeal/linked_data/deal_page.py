"""The deal page: everything the covenant says, each fact with the article it comes from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.presentation import (
    Ref,
    amount,
    citation,
    date_text,
    fact_sources,
    label,
    literal_in,
    money,
    number_text,
    ordered,
    ratio,
    ref,
    refs,
    sources,
)
from regiodeal.namespaces import RD

FACTS, PARTIES = "facts", "parties"
# Every property of the deal the page lists, in order: (property, nl label, en label, section).
# FACTS are the key facts at the top; PARTIES the roles in the parties section.
SHOWN = (
    (RD.status, "Status", "Status", FACTS),
    (RD.tranche, "Tranche", "Tranche", FACTS),
    (RD.legalInstrument, "Juridisch instrument", "Legal instrument", FACTS),
    (RD.fundingSource, "Financieringsbron", "Funding source", FACTS),
    (
        RD.fundingProvider,
        "Verstrekker rijksbijdrage",
        "Provider of the national contribution",
        FACTS,
    ),
    (RD.citationTitle, "Citeertitel", "Citation title", FACTS),
    (DCTERMS.alternative, "Ook genoemd", "Also called", FACTS),
    (RD.durationYears, "Looptijd (jaren)", "Duration (years)", FACTS),
    (RD.startDate, "Startdatum", "Start date", FACTS),
    (RD.endDate, "Einddatum", "End date", FACTS),
    (RD.entryIntoForce, "Inwerkingtreding", "Entry into force", FACTS),
    (RD.municipality, "Gemeente(n)", "Municipality", FACTS),
    (RD.province, "Provincie", "Province", FACTS),
    (RD.focusArea, "NPLV-focusgebied", "NPLV focus area", FACTS),
    (RD.area, "Gebieden", "Areas", FACTS),
    (RD.ministryParty, "Ministeries (partij)", "Ministries (party)", PARTIES),
    (RD.regionalParty, "Regionale partijen", "Regional parties", PARTIES),
    (RD.regiokassier, "Regiokassier", "Regiokassier", PARTIES),
    (RD.partner, "Partners", "Partners", PARTIES),
    (RD.involvedOrganisation, "Betrokken organisaties", "Involved organisations", PARTIES),
)


def _shown(section: str, en: bool) -> list[tuple[URIRef, str]]:
    """The properties of one section with their names in the page's language."""
    return [
        (prop, en_name if en else nl_name) for prop, nl_name, en_name, s in SHOWN if s == section
    ]


def _values(graph: Graph, deal: Node, prop: URIRef, addresses: Addresses) -> list[Any]:
    out: list[Any] = []
    for value in graph.objects(deal, prop):
        if isinstance(value, URIRef):
            out.append(ref(graph, value, addresses))
        elif getattr(value, "language", None) in (None, addresses.lang, "nl"):
            out.append(date_text(value, addresses.lang))
    return sorted(out, key=str)


def key_facts(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    en = addresses.lang == "en"
    rows = []
    for prop, name in _shown(FACTS, en):
        values = _values(graph, deal, prop, addresses)
        if values:
            rows.append(
                {
                    "name": name,
                    "values": values,
                    "sources": fact_sources(graph, deal, prop, addresses),
                }
            )
    return rows


def parties(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    en = addresses.lang == "en"
    return [
        {
            "name": name,
            "orgs": refs(graph, graph.objects(deal, prop), addresses),
            "sources": fact_sources(graph, deal, prop, addresses),
        }
        for prop, name in _shown(PARTIES, en)
        if graph.value(deal, prop) is not None
    ]


def signatory(graph: Graph, signature: Node, addresses: Addresses) -> Ref | None:
    """The person, named as this document prints them (rd:printedName), else by foaf:name: a
    person shared by several documents has every form of the name they use."""
    person = graph.value(signature, RD.signatory)
    if person is None:
        return None
    person_ref = ref(graph, person, addresses)
    printed = graph.value(signature, RD.printedName)
    if printed is not None:
        return Ref(str(printed), person_ref.href)
    return person_ref


def _signature(graph: Graph, signature: Node, addresses: Addresses) -> dict[str, Any]:
    behalf = graph.value(signature, RD.onBehalfOf)
    return {
        "person": signatory(graph, signature, addresses),
        "function": literal_in(graph, signature, RD.functionTitle, addresses.lang) or "",
        "on_behalf_of": ref(graph, behalf, addresses) if behalf is not None else None,
        "date": date_text(graph.value(signature, RD.signingDate), addresses.lang),
        "sources": sources(graph, signature, addresses),
    }


def signatures(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    found = ordered(graph, graph.objects(deal, RD.signature))
    return [_signature(graph, signature, addresses) for signature in found]


def _money_row(
    graph: Graph, node: Node, addresses: Addresses, columns: Iterable[URIRef]
) -> dict[str, Any]:
    return {
        "label": label(graph, node, addresses.lang),
        "cells": [money(graph.value(node, column), addresses.lang) for column in columns],
        "note": str(graph.value(node, RD.amountNote) or ""),
        "sources": sources(graph, node, addresses),
    }


def budget(graph: Graph, deal: Node, addresses: Addresses) -> dict[str, Any] | None:
    node = graph.value(deal, RD.budget)
    if node is None:
        return None
    columns = (RD.rijkAmount, RD.regionalAmount, RD.totalAmount)
    lines = []
    for line in ordered(graph, graph.objects(node, RD.budgetLine)):
        row = _money_row(graph, line, addresses, columns)
        goal = graph.value(line, RD.forGoal)
        row["goal"] = ref(graph, goal, addresses) if goal is not None else None
        lines.append(row)
    split_columns = (RD.publicAmount, RD.privateAmount, RD.totalAmount)
    financing = [
        _money_row(graph, line, addresses, split_columns)
        for line in ordered(graph, graph.objects(node, RD.regionalFinancingLine))
    ]
    return {
        "title": label(graph, node, addresses.lang),
        "href": addresses.href(str(node)),
        "lines": lines,
        "totals": _money_row(graph, node, addresses, columns),
        "financing": financing,
        "sources": sources(graph, node, addresses),
    }


def money_summary(graph: Graph, deal: Node, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    rijk = amount(graph.value(deal, RD.rijkContribution))
    regional = amount(graph.value(deal, RD.regionalContribution))
    return {
        "rijk": money(rijk, lang),
        "regional": money(regional, lang),
        "ratio": ratio(regional, rijk, lang),
        "rijk_sources": fact_sources(graph, deal, RD.rijkContribution, addresses),
        "regional_sources": fact_sources(graph, deal, RD.regionalContribution, addresses),
    }


def interventions_of(
    graph: Graph, deal: Node, goal: Node | None, addresses: Addresses
) -> list[dict[str, Any]]:
    chosen = [
        i
        for i in graph.objects(deal, RD.hasIntervention)
        if (graph.value(i, RD.contributesToGoal) == goal)
        or (goal is None and graph.value(i, RD.contributesToGoal) is None)
    ]
    return [
        {
            "number": str(graph.value(i, RD.number) or ""),
            "label": label(graph, i, addresses.lang),
            "href": addresses.href(str(i)),
            "comment": literal_in(graph, i, RDFS.comment, addresses.lang) or "",
            "orgs": refs(graph, graph.objects(i, RD.carriedOutBy), addresses),
            "themes": refs(graph, graph.objects(i, RD.theme), addresses),
            "sources": sources(graph, i, addresses),
        }
        for i in ordered(graph, chosen)
    ]


def goals(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    out = [
        {
            "number": str(graph.value(goal, RD.number) or ""),
            "label": label(graph, goal, addresses.lang),
            "href": addresses.href(str(goal)),
            "themes": refs(graph, graph.objects(goal, RD.theme), addresses),
            "interventions": interventions_of(graph, deal, goal, addresses),
            "sources": sources(graph, goal, addresses),
        }
        for goal in ordered(graph, graph.objects(deal, RD.hasGoal))
    ]
    loose = interventions_of(graph, deal, None, addresses)
    if loose:
        other = "Overige interventies" if addresses.lang == "nl" else "Other interventions"
        out.append(
            {
                "number": "",
                "label": other,
                "href": "",
                "themes": [],
                "interventions": loose,
                "sources": [],
            }
        )
    return out


def _measure(graph: Graph, node: Node, prefix: str, lang: str) -> str:
    value = number_text(graph.value(node, RD[prefix + "Value"]), lang)
    if not value:
        return ""
    qualifier = str(graph.value(node, RD.targetQualifier) or "") if prefix == "target" else ""
    unit = literal_in(graph, node, RD.unit, lang) or ""
    when = graph.value(node, RD[prefix + "Year"]) or graph.value(node, RD[prefix + "Date"])
    text = " ".join(part for part in (qualifier, value, unit) if part)
    return f"{text} ({date_text(when, lang)})" if when is not None else text


def shared_comments(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The results, with a comment that several of them share said once above the table
    (`result_notes`) instead of in each of their rows."""
    counts = Counter(row["comment"] for row in rows if row["comment"])
    notes = [text for text, n in counts.items() if n > 1]
    for row in rows:
        if row["comment"] in notes:
            row["comment"] = ""
    return {"results": rows, "result_notes": notes}


def _result(graph: Graph, node: Node, addresses: Addresses) -> dict[str, Any]:
    lang = addresses.lang
    of = graph.value(node, RD.resultOf)
    return {
        "indicator": literal_in(graph, node, RD.indicator, lang) or label(graph, node, lang),
        "comment": literal_in(graph, node, RDFS.comment, lang) or "",
        "of": ref(graph, of, addresses) if of is not None else None,
        "baseline": _measure(graph, node, "baseline", lang),
        "target": _measure(graph, node, "target", lang),
        "href": addresses.href(str(node)),
        "sources": sources(graph, node, addresses),
    }


def results(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    found = ordered(graph, graph.objects(deal, RD.intendedResult))
    return [_result(graph, node, addresses) for node in found]


def themes(graph: Graph, deal: Node, addresses: Addresses) -> list[Ref]:
    nodes = list(graph.objects(deal, RD.hasGoal)) + list(graph.objects(deal, RD.hasIntervention))
    return refs(graph, (t for n in nodes for t in graph.objects(n, RD.theme)), addresses)


def programmes(graph: Graph, deal: Node, addresses: Addresses) -> list[dict[str, Any]]:
    rows = []
    for node in ordered(graph, graph.objects(deal, RD.programmeReference)):
        programme = graph.value(node, RD.referencedProgramme)
        relation = graph.value(node, RD.relationType)
        rows.append(
            {
                "programme": ref(graph, programme, addresses) if programme is not None else None,
                "relation": label(graph, relation, addresses.lang) if relation is not None else "",
                "quote": str(graph.value(node, RD.quote) or ""),
                "sources": sources(graph, node, addresses),
            }
        )
    return sorted(rows, key=lambda r: r["programme"].label.lower() if r["programme"] else "")


def described(
    graph: Graph, nodes: Iterable[Node], addresses: Addresses, kind: URIRef | None = None
) -> list[dict[str, Any]]:
    """Governance bodies, clauses, discrepancies: label or type, text, sources."""
    lang = addresses.lang
    rows: list[dict[str, Any]] = []
    for node in ordered(graph, nodes):
        kind_value = graph.value(node, kind) if kind is not None else None
        title = (
            label(graph, kind_value, lang) if kind_value is not None else label(graph, node, lang)
        )
        rows.append(
            {
                "title": title,
                "href": addresses.href(str(node)),
                "text": literal_in(graph, node, RDFS.comment, lang) or "",
                "quote": str(graph.value(node, RD.quote) or ""),
                "frequency": literal_in(graph, node, RD.frequency, lang) or "",
                "sources": sources(graph, node, addresses),
                "locations": sorted(
                    {
                        s
                        for p in graph.objects(node, RD.sourceLocation)
                        for s in [citation(graph, p, addresses)]
                    },
                    key=lambda r: r.label,
                ),
            }
        )
    return rows


def deal_context(graph: Graph, deal: URIRef, addresses: Addresses) -> dict[str, Any]:
    discrepancies = set(graph.objects(deal, RD.discrepancy))
    for node in graph.subjects(RDF.type, RD.Discrepancy):
        discrepancies.add(node)  # also those recorded on goals, lines, interventions
    return {
        "title": label(graph, deal, addresses.lang),
        "key_facts": key_facts(graph, deal, addresses),
        "documents": sources(graph, deal, addresses),
        "parties": parties(graph, deal, addresses),
        "signatures": signatures(graph, deal, addresses),
        "money": money_summary(graph, deal, addresses),
        "budget": budget(graph, deal, addresses),
        "goals": goals(graph, deal, addresses),
        **shared_comments(results(graph, deal, addresses)),
        "themes": themes(graph, deal, addresses),
        "programmes": programmes(graph, deal, addresses),
        "bodies": described(graph, graph.objects(deal, RD.governanceBody), addresses),
        "clauses": described(graph, graph.objects(deal, RD.clause), addresses, RD.clauseType),
        "discrepancies": described(graph, discrepancies, addresses),
    }
