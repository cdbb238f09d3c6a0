"""The store as `regiodeal serve` builds it (regiodeal.store.build: parsed and inferred in memory,
dumped once as the snapshot, from which RocksDB is bulk loaded): a few inferences checked by hand
against the sources, in the RocksDB store and in the snapshot the query workers load, and blank
node labels local to their file (issue #16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    CanonicalizationAlgorithm,
    Dataset,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
)

from regiodeal.namespaces import sparql_prefixes
from regiodeal.settings import get_settings
from regiodeal.store.build import build_store
from regiodeal.store.manifest import StoreInfo, read_manifest

PREFIXES = sparql_prefixes("rd", "prov", "rdf")
ID = "https://w3id.org/regiodeal/id/"
BASE = "https://w3id.org/regiodeal/graph/"
INFERRED = f"<{BASE}inferred>"
BZK = "<https://identifier.overheid.nl/tooi/id/ministerie/mnre1034>"


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]


def ask(store: Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def _info(bundled_store: Path) -> StoreInfo:
    info = read_manifest(bundled_store)
    assert info is not None
    info.path = str(bundled_store)
    return info


def _stores(bundled_store: Path) -> list[Store]:
    """The built RocksDB store and an in-memory store loaded from its snapshot."""
    info = _info(bundled_store)
    assert info.snapshot_path is not None  # the bundled graph fits in memory
    snapshot = Store()  # read as written (a worker's bulk load would rename its blank nodes)
    snapshot.extend(parse(path=str(info.snapshot_path), format=RdfFormat.N_QUADS))
    return [Store.read_only(str(info.oxigraph_path)), snapshot]


def _canonical(store: Store) -> Dataset:
    dataset = Dataset(store)
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def test_the_snapshot_holds_the_quads_of_the_store(bundled_store: Path) -> None:
    rocksdb, snapshot = _stores(bundled_store)
    # the same quads up to the labels of blank nodes: RocksDB is bulk loaded from the snapshot,
    # and a bulk load names blank nodes afresh (as each query worker's load of it does)
    assert _canonical(rocksdb) == _canonical(snapshot)
    assert len(rocksdb) == len(snapshot) == _info(bundled_store).quads


def test_an_inverse_is_inferred_where_only_one_direction_is_stated(bundled_store: Path) -> None:
    bzk_name = f"<{ID}ministerienaam/bzk>"
    for store in _stores(bundled_store):
        # data/ttl/reference/ministry-names.ttl states `<ministerienaam/bzk> rd:nameOf
        # ministerie:mnre1034`; ontology/regiodeal.ttl: rd:nameOf owl:inverseOf rd:dateName
        assert ask(store, f"ASK {{ GRAPH {INFERRED} {{ {BZK} rd:dateName {bzk_name} }} }}")
        assert ask(store, f"ASK {{ {BZK} rd:dateName {bzk_name} }}")  # default graph too
        # the inferred triple is not put in the file's own graph
        names = f"<{BASE}data/reference/ministry-names>"
        assert ask(store, f"ASK {{ GRAPH {names} {{ {bzk_name} rd:nameOf {BZK} }} }}")
        assert not ask(store, f"ASK {{ GRAPH {names} {{ {BZK} rd:dateName ?n }} }}")
        # rotterdam-zuid.ttl states rd:successor and rotterdam-zuid-ii.ttl rd:predecessor (the
        # inverse pair rd:successor owl:inverseOf rd:predecessor): both stated, nothing inferred
        zuid, zuid_ii = f"<{ID}regiodeal/rotterdam-zuid>", f"<{ID}regiodeal/rotterdam-zuid-ii>"
        stated = f"{zuid} rd:successor {zuid_ii} . {zuid_ii} rd:predecessor {zuid}"
        assert ask(store, f"ASK {{ {stated} }}")
        assert not ask(
            store,
            f"ASK {{ GRAPH {INFERRED} {{ {{ {zuid} rd:successor ?x }} UNION "
            f"{{ {zuid_ii} rd:predecessor ?y }} }} }}",
        )


def test_a_sub_property_statement_holds_with_its_super_property(bundled_store: Path) -> None:
    delft = f"<{ID}regiodeal/delft-west>"
    for store in _stores(bundled_store):
        # delft-west.ttl: rd:ministryParty ministerie:mnre1034 (BZK signs as a party);
        # ontology: rd:ministryParty rdfs:subPropertyOf rd:party; the file states no rd:party
        assert ask(store, f"ASK {{ GRAPH {INFERRED} {{ {delft} rd:party {BZK} }} }}")
        own = f"<{BASE}data/deals/delft-west>"
        assert ask(store, f"ASK {{ GRAPH {own} {{ {delft} rd:ministryParty {BZK} }} }}")
        assert not ask(store, f"ASK {{ GRAPH {own} {{ {delft} rd:party {BZK} }} }}")


def test_a_computed_sum_names_its_rows(bundled_store: Path) -> None:
    figure = f"<{ID}berekend/rijswijk-den-haag/regionalContribution>"
    rows = f"{ID}begroting/rijswijk-den-haag/regel-"
    for store in _stores(bundled_store):
        value = select(store, f"SELECT ?v WHERE {{ GRAPH {INFERRED} {{ {figure} rdf:value ?v }} }}")
        # rijswijk-den-haag.ttl (003 tabel 1, x1000): the top-level rows regel-1, -2, -3 have
        # rd:regionalAmount 18630000.0, 12150000.0, 12045000.0 and the table prints no regional
        # total: 18,630,000 + 12,150,000 + 12,045,000 = 42,825,000
        assert [Decimal(v) for (v,) in value] == [Decimal(42_825_000)]
        sources = select(
            store,
            f"SELECT ?row ?amount WHERE {{ GRAPH {INFERRED} {{ {figure} prov:wasDerivedFrom ?row }}"
            " ?row rd:regionalAmount ?amount }",
        )
        assert sorted((row, Decimal(amount)) for row, amount in sources) == [
            (f"{rows}1", Decimal(18_630_000)),
            (f"{rows}2", Decimal(12_150_000)),
            (f"{rows}3", Decimal(12_045_000)),
        ]


def test_blank_node_labels_are_local_to_their_file(tmp_path: Path) -> None:
    """Two files that both say `_:b` speak of two nodes (RDF 1.1 Semantics, merging). Loaded as
    one, the synthetic benchmark's cloned deals shared their fact sources (issue #16)."""
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    ontology.mkdir()
    (data / "deals").mkdir(parents=True)
    (ontology / "o.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/p> owl:inverseOf <http://example.org/q> .\n"
    )
    # one N-Triples and one Turtle file: the two ways the loader reads them
    (data / "deals" / "a.nt").write_text("<http://example.org/x> <http://example.org/p> _:b .\n")
    (data / "deals" / "b.ttl").write_text("<http://example.org/y> <http://example.org/q> _:b .\n")
    settings = get_settings().model_copy(update={"ontology_dir": ontology, "data_dir": data})
    info = build_store(settings, tmp_path / "store")
    store = Store.read_only(str(info.oxigraph_path))
    found = select(
        store,
        "SELECT ?b1 ?b2 WHERE { <http://example.org/x> <http://example.org/p> ?b1 . "
        "<http://example.org/y> <http://example.org/q> ?b2 . "
        # the inverse rule, both ways, on each node
        "?b1 <http://example.org/q> <http://example.org/x> . "
        "?b2 <http://example.org/p> <http://example.org/y> }",
    )
    assert len(found) == 1
    b1, b2 = found[0]
    assert b1 != b2
    # each file's graph holds its own node, and the default graph the same two nodes
    objects = {q.object for q in store.quads_for_pattern(None, None, None, None)}
    assert len({o for o in objects if isinstance(o, BlankNode)}) == 2
