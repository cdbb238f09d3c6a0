"""regiodeal.validation.context on a small published graph written by hand, and on an in-memory
pyoxigraph store with the same triples in named graphs (no data directory parsed, no store
built): the extract a deal is validated in, the indexes, the store lookups and their cache.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from regiodeal.namespaces import ID, RD
from regiodeal.settings import Settings
from regiodeal.validation import context as context_module
from regiodeal.validation.context import (
    CACHE_VERSION,
    Decoded,
    PublishedContext,
    StoreLookups,
    normalise_title,
    published_files,
)

EX = "http://example.org/"
PREFIXES = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rd: <{RD}> .
@prefix id: <{ID}> .
@prefix ex: <{EX}> .
"""
# Signed deals p1 (10.5 on tranche t1 and source s1) and p2 (4 on t1), ended deal p3 (2.25 on t1);
# p4 is a draft, p5's contribution is no number. Sums by hand: t1 = 10.5 + 4 + 2.25 = 16.75.
PUBLISHED = f"""{PREFIXES}
ex:p1 rd:status <{ID}status/ondertekend> ; rd:tranche ex:t1 ; rd:fundingSource ex:s1 ;
  rd:rijkContribution 10.5 ; rd:citationTitle "Regio Deal  Noord" .
ex:p2 rd:status <{ID}status/ondertekend> ; rd:tranche ex:t1 ; rd:rijkContribution 4 ;
  rd:citationTitle "Regio Deal Zuid" .
ex:p3 rd:status <{ID}status/beeindigd> ; rd:tranche ex:t1 ; rd:rijkContribution 2.25e0 .
ex:p4 rd:status <{ID}status/concept> ; rd:tranche ex:t1 ; rd:rijkContribution 100.0 ;
  rd:citationTitle "regio deal noord" .
ex:p5 rd:status <{ID}status/ondertekend> ; rd:tranche ex:t2 ; rd:rijkContribution "veel" .
ex:t1 rdfs:label "Tranche 1" ; rd:maximumRijkContribution 50.0 .
ex:org rdfs:label "Organisatie" ; rd:kind ex:k .
_:blank rd:citationTitle "Regio Deal Noord" .
"""


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def published() -> Graph:
    return Graph().parse(data=PUBLISHED, format="turtle")


def deal(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


REFERENCE = Graph().parse(data=PREFIXES + 'ex:ref rdfs:label "Referentie" .', format="turtle")


def test_normalise_title() -> None:
    assert normalise_title("  Regio Deal\t NOORD \n") == "regio deal noord"
    assert normalise_title("Straße") == "strasse"


def test_indexes() -> None:
    built = PublishedContext.build(REFERENCE, published())
    assert built.titles == {
        "regio deal noord": {ex("p1"), ex("p4")},
        "regio deal zuid": {ex("p2")},
    }
    assert built.tranche_contributions == {
        ex("t1"): {ex("p1"): Decimal("10.5"), ex("p2"): Decimal("4"), ex("p3"): Decimal("2.25")}
    }
    assert built.source_contributions == {ex("s1"): {ex("p1"): Decimal("10.5")}}
    empty = PublishedContext.build(REFERENCE)
    assert len(empty.published) == 0
    assert empty.titles == {} and empty.tranche_contributions == {}


def context_of(graph: Graph, built: PublishedContext) -> Graph:
    return built.graph_for(graph)


def test_graph_for() -> None:
    built = PublishedContext.build(REFERENCE, published())
    data = deal("""
ex:new a rd:RegioDeal ; rd:citationTitle "REGIO DEAL NOORD" ; rd:tranche ex:t1 ;
  rd:fundingSource ex:s1 ; rd:partner ex:org ; rd:note "ex:t1" ; rd:part [ rd:x ex:t1 ] .
ex:p2 a rd:RegioDeal ; rd:tranche ex:t1 .
ex:org a rd:Organisation .
""")
    context = built.graph_for(data)
    assert (ex("ref"), RDFS.label, Literal("Referentie")) in context
    # t1 is referred to, not described: its published triples come along
    assert (ex("t1"), RDFS.label, Literal("Tranche 1")) in context
    assert (ex("t1"), RD.maximumRijkContribution, Literal(Decimal("50.0"))) in context
    # org is described by the input: only its published types (it has none)
    assert (ex("org"), RDFS.label, None) not in context
    # committed on t1 by others than the input's deals (p2 is in the input): 10.5 + 2.25
    assert context.value(ex("t1"), RD.committedRijkContribution) == Literal(
        Decimal("12.75"), datatype=XSD.decimal
    )
    assert list(context.objects(ex("t1"), RD.committedRijkContribution)) == [
        Literal(Decimal("12.75"), datatype=XSD.decimal)
    ]
    assert context.value(ex("s1"), RD.committedRijkContribution) == Literal(
        Decimal("10.5"), datatype=XSD.decimal
    )
    uses = {
        (str(context.value(n, RD.citationTitleText)), context.value(n, RD.usedByDeal))
        for n in context.subjects(RDF.type, RD.CitationTitleInUse)
    }
    assert uses == {("REGIO DEAL NOORD", ex("p1")), ("REGIO DEAL NOORD", ex("p4"))}
    assert all(isinstance(n, BNode) for n in context.subjects(RDF.type, RD.CitationTitleInUse))
    # nothing else from the published graph: not p1's own triples, not the input itself
    assert (ex("p1"), RD.status, None) not in context
    assert (ex("new"), None, None) not in context


def test_graph_for_keeps_published_types_of_described_nodes() -> None:
    graph = published()
    graph.add((ex("org"), RDF.type, ex("Kind")))
    built = PublishedContext.build(REFERENCE, graph)
    data = deal("ex:new a rd:RegioDeal ; rd:partner ex:org . ex:org rdfs:label 'x' .")
    context = built.graph_for(data)
    assert set(context.predicate_objects(ex("org"))) == {(RDF.type, ex("Kind"))}


def test_graph_for_into_and_no_tranche() -> None:
    built = PublishedContext.build(REFERENCE, published())
    into = Graph()
    into.add((ex("x"), ex("y"), ex("z")))
    data = deal("ex:new a rd:RegioDeal ; rd:tranche ex:t9 ; rd:citationTitle 'Regio Deal Zuid' .")
    assert built.graph_for(data, into=into) is into
    assert (ex("x"), ex("y"), ex("z")) in into
    assert into.value(ex("t9"), RD.committedRijkContribution) == Literal(
        Decimal(0), datatype=XSD.decimal
    )
    # a deal re-submitting its own title is not "in use by another deal"
    own = built.graph_for(deal("ex:p2 a rd:RegioDeal ; rd:citationTitle 'Regio Deal Zuid' ."))
    assert (None, RDF.type, RD.CitationTitleInUse) not in own


def test_published_files(tmp_path: Path) -> None:
    for name in ("reference/a.ttl", "deals/b.ttl", "web/c.ttl", "sources/d.ttl", "deals/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    settings = Settings(data_dir=tmp_path)
    assert published_files(settings) == [
        tmp_path / "deals/b.ttl",
        tmp_path / "sources/d.ttl",
        tmp_path / "web/c.ttl",
    ]


def test_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deals").mkdir()
    (tmp_path / "deals" / "p.ttl").write_text(PUBLISHED, encoding="utf-8")
    settings = Settings(data_dir=tmp_path, store_dir=None)

    def validation_kit(got: Settings) -> SimpleNamespace:
        assert got is settings
        return SimpleNamespace(reference=REFERENCE)

    monkeypatch.setattr(context_module, "validation_kit", validation_kit)
    without = PublishedContext.from_settings(settings, published=False)
    assert without.reference is REFERENCE
    assert len(without.published) == 0
    parsed = PublishedContext.from_settings(settings)
    assert parsed.lookups is None
    assert parsed.reference is REFERENCE
    assert len(parsed.published) == len(published())
    assert parsed.tranche_contributions[ex("t1")][ex("p2")] == Decimal(4)

    lookups = memory_lookups(tmp_path / "cache.json")
    monkeypatch.setattr(context_module.StoreLookups, "open", lambda s: lookups)
    stored = PublishedContext.from_settings(settings)
    assert stored.lookups is lookups
    assert stored.titles["regio deal zuid"] == {ex("p2")}
    assert stored.tranche_contributions == parsed.tranche_contributions
    assert stored.source_contributions == parsed.source_contributions
    assert stored.reference is REFERENCE


# --- the published graph in a store -----------------------------------------------------------

BASE = "https://w3id.org/regiodeal/"


def memory_lookups(cache: Path, key: str = "fp") -> StoreLookups:
    """PUBLISHED in named graphs as a built store holds them, plus a graph that is not
    published data (ontology) with a signed deal that must not count."""
    store = ox.Store()
    store.load(
        PUBLISHED.encode(),
        ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(BASE + "graph/data/deals/p.ttl"),
    )
    other = f"{PREFIXES} ex:p9 rd:status <{ID}status/ondertekend> ; rd:tranche ex:t1 ;"
    other += ' rd:rijkContribution 99 ; rd:citationTitle "Regio Deal Zuid" . ex:t1 rd:other 1 .'
    store.load(other.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(BASE + "graph/ontology"))
    store.load(other.encode(), ox.RdfFormat.TURTLE)  # default graph
    prefixes = tuple(f"{BASE}graph/data/{f}/" for f in ("deals", "sources", "web"))
    return StoreLookups(store, prefixes, cache, key)


def test_store_outgoing(tmp_path: Path) -> None:
    lookups = memory_lookups(tmp_path / "cache.json")
    t1 = {
        (RDFS.label, Literal("Tranche 1")),
        (RD.maximumRijkContribution, Literal("50.0", datatype=XSD.decimal)),
    }
    assert lookups.outgoing_of([ex("t1")]) == {ex("t1"): t1}
    # several subjects in one lookup; one the store does not describe gets no entry
    assert lookups.outgoing_of([ex("nothing"), ex("t1")]) == {ex("t1"): t1}
    assert lookups.outgoing_of([]) == {}


def test_store_outgoing_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_module, "LOOKUP_CHUNK", 1)  # one query per subject
    lookups = memory_lookups(tmp_path / "cache.json")
    found = lookups.outgoing_of([ex("t1"), ex("nothing"), ex("t1")])
    assert set(found) == {ex("t1")}
    assert (RDFS.label, Literal("Tranche 1")) in found[ex("t1")]


def test_store_lookups_in_graph_for(tmp_path: Path) -> None:
    lookups = memory_lookups(tmp_path / "cache.json")
    titles, tranches, sources = lookups.indexes()
    built = PublishedContext(
        reference=REFERENCE,
        lookups=lookups,
        titles=titles,
        tranche_contributions=tranches,
        source_contributions=sources,
    )
    graph = published()
    graph.add((ex("org"), RDF.type, ex("Kind")))
    data = deal("ex:new a rd:RegioDeal ; rd:tranche ex:t1 ; rd:partner ex:org . ex:org a ex:K .")
    context = built.graph_for(data)
    assert (ex("t1"), RDFS.label, Literal("Tranche 1")) in context
    assert (ex("t1"), URIRef(RD + "other"), None) not in context
    # org is described: only rdf:type from the store (it has none there), not its label
    assert (ex("org"), RDFS.label, None) not in context
    assert context.value(ex("t1"), RD.committedRijkContribution) == Literal(
        Decimal("16.75"), datatype=XSD.decimal
    )


def test_store_indexes_and_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    lookups = memory_lookups(cache)
    built = lookups.indexes()
    parsed = PublishedContext.build(REFERENCE, published())
    expected_titles = {
        "regio deal noord": {ex("p1"), ex("p4")},  # the blank node's title is not indexed
        "regio deal zuid": {ex("p2")},
    }
    assert built == (expected_titles, parsed.tranche_contributions, parsed.source_contributions)
    written = json.loads(cache.read_text(encoding="utf-8"))
    assert written == {
        "version": CACHE_VERSION,
        "fingerprint": "fp",
        "titles": {
            "regio deal noord": [EX + "p1", EX + "p4"],
            "regio deal zuid": [EX + "p2"],
        },
        "tranches": {EX + "t1": {EX + "p1": "10.5", EX + "p2": "4", EX + "p3": "2.25"}},
        "sources": {EX + "s1": {EX + "p1": "10.5"}},
    }
    assert list(tmp_path.iterdir()) == [cache]  # the partial file was renamed
    # read back from the cache: the store is not asked again
    cached = StoreLookups(ox.Store(), lookups.prefixes, cache, "fp")
    assert cached.indexes() == built
    # another fingerprint or version: rebuilt (here from an empty store)
    assert StoreLookups(ox.Store(), lookups.prefixes, cache, "other").indexes() == ({}, {}, {})
    cache.write_text(json.dumps({**written, "fingerprint": "x", "version": CACHE_VERSION}))
    assert StoreLookups(ox.Store(), lookups.prefixes, cache, "x").indexes() == built
    cache.write_text(json.dumps({**written, "fingerprint": "x", "version": CACHE_VERSION + 1}))
    assert StoreLookups(ox.Store(), lookups.prefixes, cache, "x").indexes() == ({}, {}, {})
    cache.write_text("{not json")
    assert StoreLookups(ox.Store(), lookups.prefixes, cache, "y").indexes() == ({}, {}, {})


def test_the_cache_is_decoded_by_entry() -> None:
    raw = {EX + "t1": {EX + "p1": "10.5", EX + "p2": "4"}, EX + "t2": {EX + "p5": "veel"}}
    sums: Decoded[URIRef, dict[URIRef, Decimal]]
    sums = Decoded(raw, URIRef, lambda m: {URIRef(d): Decimal(v) for d, v in m.items()})
    # t2's value is no number: only a look-up of t2 would fail, as only t2 is decoded then
    assert sums.get(ex("t1")) == {ex("p1"): Decimal("10.5"), ex("p2"): Decimal(4)}
    assert sums.get(ex("t3")) is None and len(sums) == 2
    # the text of an IRI as a plain string or a blank node is no key: the indexes are by IRI
    assert sums.get(EX + "t1") is None  # type: ignore[call-overload]
    assert sums.get(BNode(EX + "t1")) is None  # type: ignore[call-overload]
    assert ex("t1") in sums and set(sums) == {ex("t1"), ex("t2")}
    titles = Decoded({"regio deal zuid": [EX + "p2"]}, str, lambda deals: set(map(URIRef, deals)))
    assert titles == {"regio deal zuid": {ex("p2")}}


def test_cache_not_writable(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "missing" / "cache.json"
    lookups = memory_lookups(cache)
    with caplog.at_level(logging.WARNING, logger="regiodeal.validation.context"):
        titles, _, _ = lookups.indexes()
    assert titles["regio deal zuid"] == {ex("p2")}
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        f"validation context not cached in {cache}"
    ]


def test_amounts() -> None:
    amount = context_module._amount
    assert amount(ox.Literal("10.5", datatype=ox.NamedNode(str(XSD.decimal)))) == Decimal("10.5")
    assert amount(ox.Literal("4", datatype=ox.NamedNode(str(XSD.integer)))) == Decimal(4)
    assert amount(ox.Literal("2.25e0", datatype=ox.NamedNode(str(XSD.double)))) == Decimal("2.25")
    assert amount(ox.Literal("veel")) is None
    assert amount(ox.NamedNode(EX)) is None


def test_sums_round_trip() -> None:
    sums: context_module.Sums = {
        ex("t2"): {ex("b"): Decimal("1.50")},
        ex("t1"): {ex("c"): Decimal(2), ex("a"): Decimal(3)},
    }
    text = context_module._sums_to(sums)
    assert json.dumps(text) == json.dumps(
        {EX + "t1": {EX + "a": "3", EX + "c": "2"}, EX + "t2": {EX + "b": "1.50"}}
    )
    assert context_module._sums_from(text) == sums


def test_store_signed_ignores_blank_nodes(tmp_path: Path) -> None:
    store = ox.Store()
    graph = ox.NamedNode(BASE + "graph/data/deals/x.ttl")
    turtle = f"""{PREFIXES}
_:d rd:status <{ID}status/ondertekend> ; rd:tranche ex:t1 ; rd:rijkContribution 5 .
ex:e rd:status <{ID}status/ondertekend> ; rd:tranche _:t ; rd:rijkContribution 6 .
ex:f rd:status "ondertekend" ; rd:tranche ex:t1 ; rd:rijkContribution 7 .
ex:g rd:status <{ID}status/ondertekend> ; rd:tranche ex:t1 ; rd:rijkContribution 8 .
"""
    store.load(turtle.encode(), ox.RdfFormat.TURTLE, to_graph=graph)
    lookups = StoreLookups(store, (BASE + "graph/data/deals/",), tmp_path / "c.json", "k")
    assert lookups._signed(RD.tranche) == {ex("t1"): {ex("g"): Decimal(8)}}
    assert lookups._published(ox.NamedNode(BASE + "graph/data/deals/x.ttl"))
    assert not lookups._published(ox.NamedNode(BASE + "graph/data/reference/x.ttl"))
    assert not lookups._published(ox.DefaultGraph())


def test_open_without_a_store() -> None:
    assert StoreLookups.open(Settings(store_dir=None)) is None


def test_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "store"
    oxigraph = directory / "oxigraph"
    oxigraph.mkdir(parents=True)
    ox.Store(str(oxigraph)).flush()

    class Info:
        fingerprint = "fp"
        checksum = "sum"
        path = ""
        oxigraph_path = oxigraph

        def content_checksum(self) -> str:
            return "sum"

    info = Info()
    manifests: list[Path] = []

    def read_manifest(path: Path) -> Info | None:
        manifests.append(path)
        return info

    monkeypatch.setattr(context_module, "read_manifest", read_manifest)
    monkeypatch.setattr(context_module, "source_names", lambda settings: ["files"])
    fingerprints: list[object] = []

    def fingerprint(files: object, settings: Settings) -> str:
        fingerprints.append(files)
        return "fp"

    monkeypatch.setattr(context_module, "sources_fingerprint", fingerprint)
    settings = Settings(store_dir=directory, base_uri="https://example.org/rd/")
    opened = StoreLookups.open(settings)
    assert opened is not None
    assert manifests == [directory] and fingerprints == [["files"]]
    assert info.path == str(directory)
    assert opened.key == "fp"
    assert opened.cache == directory / "validation-context.json"
    assert opened.prefixes == (
        "https://example.org/rd/graph/data/deals/",
        "https://example.org/rd/graph/data/sources/",
        "https://example.org/rd/graph/data/web/",
    )
    del opened
    info.fingerprint = "old"
    assert StoreLookups.open(settings) is None
    info.fingerprint = "fp"
    info.checksum = "tampered"
    assert StoreLookups.open(settings) is None
    info.checksum = "sum"
    monkeypatch.setattr(context_module, "read_manifest", lambda path: None)
    assert StoreLookups.open(settings) is None
    monkeypatch.setattr(context_module, "read_manifest", read_manifest)
    info.oxigraph_path = tmp_path / "nothing"
    with caplog.at_level(logging.WARNING, logger="regiodeal.validation.context"):
        assert StoreLookups.open(settings) is None
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        f"store {directory} not used for the validation context"
    ]
