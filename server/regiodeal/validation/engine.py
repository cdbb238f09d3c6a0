"""Running pySHACL on a deal graph in its context and turning the result into findings."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from regiodeal.namespaces import RD
from regiodeal.settings import Settings, get_settings
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.reading import read_files
from regiodeal.validation.shapes import (
    fill_component_messages,
    load_shapes,
    localised_messages,
    shape_info,
)

# By sh:resultSeverity, which may be any node or missing (read as a violation).
SEVERITIES: dict[Node | None, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}


class PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once.

    pySHACL sends the same query text of a sh:sparql constraint for every focus node, and rdflib
    re-parses it each time: that parsing was 75% of the time of validating one deal.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=1024)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


@dataclass
class Finding:
    """One validation result, with what a reader needs to act on it."""

    deal: str | None
    section: str
    severity: str
    shape: str
    shape_name: dict[str, str]
    message: dict[str, str]
    focus: str
    path: str | None
    value: str | None
    legal_basis: tuple[str, ...]
    citation: dict[str, str]
    contextual: bool

    def text(self, field_name: str, lang: str) -> str:
        texts: dict[str, str] = getattr(self, field_name)
        return texts.get(lang) or texts.get("") or next(iter(texts.values()), "")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    deals: dict[str, str] = field(default_factory=dict)  # deal IRI -> label
    files: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """Warnings are allowed: a deal conforms when no shape reports a violation."""
        return not self.violations


def validate_files(
    paths: list[Path], context: PublishedContext | None = None, settings: Settings | None = None
) -> Report:
    """Read the files (InputError if unreadable) and validate them together as one input."""
    settings = settings or get_settings()
    report = validate_graph(read_files(paths, settings), context, settings)
    report.files = [str(p) for p in paths]
    return report


def validate_graph(
    data: Graph, context: PublishedContext | None = None, settings: Settings | None = None
) -> Report:
    """Validate `data` (one or more deals) in `context`; findings only about nodes of `data`."""
    settings = settings or get_settings()
    context = context or PublishedContext.from_settings(settings, published=False)
    shapes = load_shapes(settings.shapes_dir)
    data_graph = context.graph_for(data, into=PreparedQueryGraph())
    data_graph += data
    _, results, _ = pyshacl.validate(
        data_graph,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        do_owl_imports=False,  # never fetch what the input names
        inplace=True,  # data_graph is our own copy
    )
    fill_component_messages(results, shapes, data_graph)
    owners = deal_owners(data)
    described = set(data.subjects())
    findings = [
        _finding(results, shapes, result, owners)
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(result, SH.focusNode) in described
    ]
    findings.sort(
        key=lambda f: (f.deal or "~", f.section, f.severity != "Violation", f.shape, f.focus)
    )
    deals = {str(d): str(data.value(d, RDFS.label) or d) for d in owners.values() if d is not None}
    return Report(findings=findings, deals=dict(sorted(deals.items())))


def deal_owners(data: Graph) -> dict[Node, URIRef]:
    """Every node reachable from a deal (along outgoing links in `data`) mapped to that deal."""
    deals = sorted({d for d in data.subjects(RDF.type, RD.RegioDeal) if isinstance(d, URIRef)})
    # Every deal owns itself first: a deal that another links to (rd:predecessor) stays a deal.
    owners: dict[Node, URIRef] = {deal: deal for deal in deals}
    for deal in deals:
        queue: deque[Node] = deque(o for o in data.objects(deal) if not isinstance(o, Literal))
        while queue:
            node = queue.popleft()
            if node in owners:
                continue
            owners[node] = deal
            queue.extend(o for o in data.objects(node) if not isinstance(o, Literal))
    return owners


def _finding(results: Graph, shapes: Graph, result: Node, owners: dict[Node, URIRef]) -> Finding:
    # SHACL gives every validation result exactly one focus node and one source shape.
    focus = cast(Node, results.value(result, SH.focusNode))
    info = shape_info(shapes, cast(Node, results.value(result, SH.sourceShape)))
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    deal = owners.get(focus)
    return Finding(
        deal=str(deal) if deal is not None else None,
        section=info.section,
        severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation"),
        shape=str(info.iri),
        shape_name=info.name,
        message=localised_messages(results, shapes, result, value),
        focus=_name(focus),
        path=str(path) if path is not None else None,
        value=_name(value) if value is not None else None,
        legal_basis=info.legal_basis,
        citation=info.citation,
        contextual=info.contextual,
    )


def _name(node: Node) -> str:
    """IRIs and literals as their text; blank nodes as `_:id` so they read as such."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)
