"""The context a deal is validated in: reference data plus a small extract of the published graph.

Validating a new deal must not re-validate (or even re-scan) the whole published graph. The
published graph is indexed once (`PublishedContext.build`); per deal, `graph_for` returns the
reference data, the outgoing triples of the IRIs the deal refers to but does not describe
(point lookups), the citation titles in use that equal the deal's own, and per tranche the sum
of the national contributions already committed. Its size depends on the deal, not on the
number of published deals.

With a built store for the same sources (`settings.store_dir`, regiodeal.store.build), nothing is
parsed: the indexes are read from `validation-context.json` in the store directory, written the
first time from the store and keyed by the sources' fingerprint, and the point lookups read the
store's named graphs of the published files (`StoreLookups`). So the server's validation workers
and `regiodeal validate` start in a time that does not grow with the number of published deals.
Without one, the published files are parsed with rdflib and indexed in memory.
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from regiodeal.namespaces import ID, RD
from regiodeal.settings import Settings, get_settings
from regiodeal.store.dataset import source_names
from regiodeal.store.files import parse_files
from regiodeal.store.manifest import fingerprint as sources_fingerprint
from regiodeal.store.manifest import read_manifest
from regiodeal.validation.kit import validation_kit
from regiodeal.validation.terms import to_rdflib

log = logging.getLogger(__name__)
CACHE = "validation-context.json"  # in the store directory
CACHE_VERSION = 1  # bump when the indexes change shape or meaning
PUBLISHED_FOLDERS = ("deals", "sources", "web")  # every data folder but reference/

SIGNED = {ID["status/ondertekend"], ID["status/beeindigd"]}
LOOKUP_CHUNK = 500  # IRIs per lookup query


def normalise_title(title: str) -> str:
    return " ".join(title.casefold().split())


@dataclass
class PublishedContext:
    """Reference data and the indexes of the published graph that the context rules need."""

    reference: Graph
    published: Graph = field(default_factory=Graph)
    lookups: StoreLookups | None = None  # instead of `published`, when read from a built store
    titles: Mapping[str, set[URIRef]] = field(default_factory=dict)
    # Keyed by the nodes the published graph links (IRIs in practice).
    tranche_contributions: Mapping[Node, Mapping[Node, Decimal]] = field(default_factory=dict)
    source_contributions: Mapping[Node, Mapping[Node, Decimal]] = field(default_factory=dict)

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
        reference = validation_kit(settings).reference
        if not published:
            return cls.build(reference)
        lookups = StoreLookups.open(settings)
        if lookups is None:
            return cls.build(reference, parse_files(published_files(settings)))
        titles, tranches, sources = lookups.indexes()
        return cls(
            reference=reference,
            lookups=lookups,
            titles=titles,
            tranche_contributions=tranches,
            source_contributions=sources,
        )

    def graph_for(self, data: Graph, into: Graph | None = None, reference: bool = True) -> Graph:
        """Reference data (unless not `reference`) + what `data` needs from the published
        graph, added to `into`."""
        context = into if into is not None else Graph()
        if reference:
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
        referred = sorted(o for o in set(data.objects()) if isinstance(o, URIRef))
        if self.lookups is not None:
            outgoing = self.lookups.outgoing_of(referred)  # one query, not one per IRI
            for obj in referred:
                for found, value in outgoing.get(obj, ()):
                    if obj not in described or found == RDF.type:
                        context.add((obj, found, value))
            return
        for obj in referred:
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


def published_files(settings: Settings) -> list[Path]:
    """The published data outside reference/ (loaded separately): deals, sources, and any other
    folder such as web/ (web publications, whose tranche facts, e.g. rd:maximumRijkContribution,
    the rules read through the lookups of the IRIs a deal cites)."""
    reference = settings.data_dir / "reference"
    return sorted(p for p in settings.data_dir.rglob("*.ttl") if reference not in p.parents)


# --- the published graph read from a built store ------------------------------------------------

Titles = Mapping[str, set[URIRef]]
Sums = Mapping[Node, Mapping[Node, Decimal]]


def _amount(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Decimal | None:
    """A numeric literal's value, taken as `_index_signed` takes it (rdflib's toPython)."""
    literal = to_rdflib(term) if isinstance(term, ox.Literal) else None
    value = literal.toPython() if isinstance(literal, Literal) else None
    return Decimal(str(value)) if isinstance(value, Decimal | int | float) else None


class StoreLookups:
    """The published files' triples as a built store holds them: one named graph per file."""

    def __init__(self, store: ox.Store, graph_prefixes: tuple[str, ...], cache: Path, key: str):
        self.store = store
        self.prefixes = graph_prefixes  # named graphs of data/deals/* and data/sources/*
        self.cache = cache
        self.key = key  # the sources' fingerprint: the cache is for these sources only

    @classmethod
    def open(cls, settings: Settings) -> StoreLookups | None:
        """Lookups in the store of `settings.store_dir` when it was built from the current
        sources; None otherwise (no store, another fingerprint, or unreadable)."""
        if settings.store_dir is None:
            return None
        info = read_manifest(settings.store_dir)
        expected = sources_fingerprint(source_names(settings), settings)
        # The manifest's own checksum, not the file hashes: the server checks those when it
        # builds or reuses the store, and hashing every file would cost the CLI seconds.
        if info is None or info.fingerprint != expected or info.checksum != info.content_checksum():
            return None
        info.path = str(settings.store_dir)
        try:
            store = ox.Store.read_only(str(info.oxigraph_path))
        except OSError as exc:
            log.warning("store %s not used for the validation context: %s", info.path, exc)
            return None
        base = f"{settings.base_uri}graph/data/"
        prefixes = tuple(f"{base}{folder}/" for folder in PUBLISHED_FOLDERS)
        return cls(store, prefixes, settings.store_dir / CACHE, expected)

    def _published(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and graph.value.startswith(self.prefixes)

    def _quads(
        self, subject: ox.NamedNode | None, predicate: ox.NamedNode | None
    ) -> Iterator[ox.Quad]:
        for quad in self.store.quads_for_pattern(subject, predicate, None, None):
            if self._published(quad.graph_name):
                yield quad

    def outgoing_of(self, subjects: list[URIRef]) -> dict[URIRef, set[tuple[Node, Node]]]:
        """The (predicate, object) pairs of each of `subjects` in the published files, by one
        query per 500 of them (one pattern per IRI cost more): evaluated by the store, which
        reads only the named graphs, not the default graph that repeats every triple."""
        found: dict[URIRef, set[tuple[Node, Node]]] = defaultdict(set)
        graphs = " || ".join(f"STRSTARTS(STR(?g), {ox.Literal(p)})" for p in self.prefixes)
        for start in range(0, len(subjects), LOOKUP_CHUNK):
            chunk = " ".join(
                str(ox.NamedNode(str(s))) for s in subjects[start : start + LOOKUP_CHUNK]
            )
            query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} "
            solutions = self.store.query(query + f"FILTER ({graphs}) }}")
            assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
            for subject, predicate, value in solutions:
                found[URIRef(subject.value)].add((to_rdflib(predicate), to_rdflib(value)))
        return found

    def indexes(self) -> tuple[Titles, Sums, Sums]:
        """Citation titles and committed sums, from the cache or (then cached) from the store."""
        cached = self._read_cache()
        if cached is not None:
            return cached
        titles: dict[str, set[URIRef]] = defaultdict(set)
        for quad in self._quads(None, ox.NamedNode(str(RD.citationTitle))):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                titles[normalise_title(quad.object.value)].add(URIRef(quad.subject.value))
        built = (dict(titles), self._signed(RD.tranche), self._signed(RD.fundingSource))
        self._write_cache(*built)
        return built

    def _signed(self, link: URIRef) -> Sums:
        """As `_index_signed`, over the published named graphs."""
        signed = {
            q.subject.value
            for q in self._quads(None, ox.NamedNode(str(RD.status)))
            if isinstance(q.subject, ox.NamedNode)
            and isinstance(q.object, ox.NamedNode)
            and URIRef(q.object.value) in SIGNED
        }
        sums: dict[Node, dict[Node, Decimal]] = defaultdict(dict)
        for quad in self._quads(None, ox.NamedNode(str(link))):
            deal = quad.subject
            if not isinstance(deal, ox.NamedNode) or deal.value not in signed:
                continue
            if not isinstance(quad.object, ox.NamedNode):
                continue  # keyed by IRIs: a submitted deal cannot name a published blank node
            for amount in self._quads(deal, ox.NamedNode(str(RD.rijkContribution))):
                value = _amount(amount.object)
                if value is not None:
                    sums[URIRef(quad.object.value)][URIRef(deal.value)] = value
        return dict(sums)

    def _read_cache(self) -> tuple[Titles, Sums, Sums] | None:
        try:
            data = json.loads(self.cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("fingerprint") != self.key or data.get("version") != CACHE_VERSION:
            return None
        titles = Decoded(data["titles"], str, lambda deals: {URIRef(d) for d in deals})
        return titles, _sums_from(data["tranches"]), _sums_from(data["sources"])

    def _write_cache(self, titles: Titles, tranches: Sums, sources: Sums) -> None:
        data = {
            "version": CACHE_VERSION,
            "fingerprint": self.key,
            "titles": {k: sorted(v) for k, v in sorted(titles.items())},
            "tranches": _sums_to(tranches),
            "sources": _sums_to(sources),
        }
        partial = self.cache.with_name(f"{self.cache.name}.{os.getpid()}")
        try:  # written whole, then renamed: two workers starting at once never read half
            partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            partial.replace(self.cache)
        except OSError as exc:  # a read-only store directory: the indexes are just not kept
            log.warning("validation context not cached in %s: %s", self.cache, exc)
            partial.unlink(missing_ok=True)


def _sums_to(sums: Sums) -> dict[str, dict[str, str]]:
    return {str(g): {str(d): str(v) for d, v in sorted(m.items())} for g, m in sorted(sums.items())}


def _sums_from(data: dict[str, Any]) -> Sums:
    sums: Decoded[Node, Mapping[Node, Decimal]]
    sums = Decoded(data, URIRef, lambda m: {URIRef(d): Decimal(v) for d, v in m.items()})
    return sums


K = TypeVar("K")
V = TypeVar("V")


class Decoded(Mapping[K, V]):
    """An index as the cache holds it (JSON: text keys, text values), each entry decoded when
    it is first asked for. A validation asks for the entries of one deal's titles, tranches and
    funding sources; decoding all 15,000 deals' entries up front was 0.03 s of every
    `regiodeal validate` at 15,000 deals (issue #16). Keys of another type than `key` are not
    found (the text of a blank node is no IRI)."""

    def __init__(self, raw: dict[str, Any], key: type[K], value: Callable[[Any], V]):
        self._raw, self._key, self._value = raw, key, value
        self._make = cast(Callable[[str], K], key)  # str or URIRef: made from the text
        self._decoded: dict[str, V] = {}

    def __getitem__(self, key: K) -> V:
        if not isinstance(key, self._key):
            raise KeyError(key)
        text = str(key)
        if text not in self._decoded:
            self._decoded[text] = self._value(self._raw[text])
        return self._decoded[text]

    def __iter__(self) -> Iterator[K]:
        return (self._make(k) for k in self._raw)

    def __len__(self) -> int:
        return len(self._raw)
