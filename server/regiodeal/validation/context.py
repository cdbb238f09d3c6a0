"""The context a deal is validated in: reference data plus a small extract of the published graph.

Validating a new deal must not re-validate (or even re-scan) the whole published graph. The
published graph is indexed once (`PublishedContext.build`); per deal, `graph_for` returns the
reference data, the outgoing triples of the IRIs the deal refers to but does not describe
(point lookups), the citation titles in use that equal the deal's own, and per tranche the sum
of the national contributions already committed. Its size depends on the deal, not on the
number of published deals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from regiodeal.namespaces import ID, RD
from regiodeal.settings import Settings, get_settings
from regiodeal.store.files import parse_files

SIGNED = {ID["status/ondertekend"], ID["status/beeindigd"]}


def normalise_title(title: str) -> str:
    return " ".join(title.casefold().split())


@dataclass
class PublishedContext:
    """Reference data and the indexes of the published graph that the context rules need."""

    reference: Graph
    published: Graph = field(default_factory=Graph)
    titles: dict[str, set[URIRef]] = field(default_factory=dict)
    # Keyed by the nodes the published graph links (IRIs in practice).
    tranche_contributions: dict[Node, dict[Node, Decimal]] = field(default_factory=dict)
    source_contributions: dict[Node, dict[Node, Decimal]] = field(default_factory=dict)

    @classmethod
    def build(cls, reference: Graph, published: Graph | None = None) -> PublishedContext:
        """Index the published graph once: citation titles and committed sums per tranche."""
        published = published if published is not None else Graph()
        return cls(
            reference=reference,
            published=published,
            titles=_index_titles(published),
            tranche_contributions=_index_signed(published, RD.tranche),
            source_contributions=_index_signed(published, RD.fundingSource),
        )

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, published: bool = True
    ) -> PublishedContext:
        settings = settings or get_settings()
        reference = parse_files(reference_files(settings))
        graph = parse_files(published_files(settings)) if published else None
        return cls.build(reference, graph)

    def graph_for(self, data: Graph, into: Graph | None = None) -> Graph:
        """Reference data + what `data` needs from the published graph, added to `into`."""
        context = into if into is not None else Graph()
        context += self.reference
        deals = set(data.subjects(RDF.type, RD.RegioDeal))
        self._add_lookups(data, context)
        self._add_titles(data, deals, context)
        self._add_tranche_sums(data, deals, context)
        return context

    def _add_lookups(self, data: Graph, context: Graph) -> None:
        # The deal refers to document parts, organisations, goals ... described in other files.
        # A node the data describes keeps its published types: facts about one node may come
        # from several files (a funding source named by a web publication, typed in a deal file).
        described = set(data.subjects())
        for obj in set(data.objects()):
            if not isinstance(obj, URIRef):
                continue
            predicate = RDF.type if obj in described else None
            for _, found, value in self.published.triples((obj, predicate, None)):
                context.add((obj, found, value))

    def _add_titles(self, data: Graph, deals: set[Node], context: Graph) -> None:
        for deal in deals:
            for title in data.objects(deal, RD.citationTitle):
                for other in self.titles.get(normalise_title(str(title)), set()) - deals:
                    node = BNode()
                    context.add((node, RDF.type, RD.CitationTitleInUse))
                    context.add((node, RD.citationTitleText, Literal(str(title))))
                    context.add((node, RD.usedByDeal, other))

    def _add_tranche_sums(self, data: Graph, deals: set[Node], context: Graph) -> None:
        for link, index in (
            (RD.tranche, self.tranche_contributions),
            (RD.fundingSource, self.source_contributions),
        ):
            for deal in deals:
                for group in data.objects(deal, link):
                    others = index.get(group, {})
                    committed = sum((v for d, v in others.items() if d not in deals), Decimal(0))
                    total = Literal(committed, datatype=XSD.decimal)
                    context.set((group, RD.committedRijkContribution, total))


def _index_titles(published: Graph) -> dict[str, set[URIRef]]:
    titles: dict[str, set[URIRef]] = defaultdict(set)
    for deal, title in published.subject_objects(RD.citationTitle):
        if isinstance(deal, URIRef):
            titles[normalise_title(str(title))].add(deal)
    return dict(titles)


def _index_signed(published: Graph, link: URIRef) -> dict[Node, dict[Node, Decimal]]:
    """Per tranche (or funding source), the national contribution of each signed published deal."""
    sums: dict[Node, dict[Node, Decimal]] = defaultdict(dict)
    for deal, tranche in published.subject_objects(link):
        if not SIGNED & set(published.objects(deal, RD.status)):
            continue
        for amount in published.objects(deal, RD.rijkContribution):
            value = amount.toPython() if isinstance(amount, Literal) else None
            if isinstance(value, Decimal | int | float):
                sums[tranche][deal] = Decimal(str(value))
    return dict(sums)


def reference_files(settings: Settings) -> list[Path]:
    """Ontology and reference data: the fixed part of every validation context."""
    return sorted(settings.ontology_dir.rglob("*.ttl")) + sorted(
        (settings.data_dir / "reference").rglob("*.ttl")
    )


def published_files(settings: Settings) -> list[Path]:
    """The published data outside reference/ (loaded separately): deals, sources, and any other
    folder such as web/ (web publications, whose tranche facts, e.g. rd:maximumRijkContribution,
    the rules read through the lookups of the IRIs a deal cites)."""
    reference = settings.data_dir / "reference"
    return sorted(p for p in settings.data_dir.rglob("*.ttl") if reference not in p.parents)
