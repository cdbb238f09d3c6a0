"""A query worker with a snapshot is ready at once and answers from RocksDB while it loads the
snapshot into memory, then from memory (issue #16: ready does not wait for the load any more).
The answers are the same before and after the switch: byte for byte where they hold no blank
node, and with each blank node named by its own triples where they do. pyoxigraph's bulk load
gives every blank node of the snapshot a fresh label (so two workers that loaded it already
answered with different labels; SPARQL scopes a label to one result), and keeping the labels
(parsing in Python) cost more CPU and held the GIL for up to 1.5 s at a time, stalling the
queries the worker answers meanwhile."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, RdfFormat, Store, parse

from regiodeal.sparql import worker
from regiodeal.sparql.service import Answer, Job
from regiodeal.store.manifest import read_manifest

JSON = "application/sparql-results+json"
# Federation allowed to one IRI: the worker then installs no seccomp filter, which would cut this
# test process (the worker runs in a thread here) off from the network for good.
ALLOW = ("https://example.org/sparql",)
RD = "https://w3id.org/regiodeal/def#"
QUERIES = (
    # every triple of the default graph (sources and inferences), blank nodes included
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    # the IRIs and literals of every named graph, in a fixed order
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (!isBlank(?s) && !isBlank(?o)) } "
    "ORDER BY ?g ?s ?p ?o",
    # an aggregate over the inferences (rd:involves is only inferred)
    f"SELECT ?deal (COUNT(DISTINCT ?who) AS ?n) WHERE {{ ?deal <{RD}involves> ?who }} "
    "GROUP BY ?deal ORDER BY ?deal",
)


def _canonical(n_triples: bytes) -> list[tuple[str, str, str]]:
    """The triples, each blank node named by a digest of its own predicates and objects (those
    objects that are blank nodes as `_`), sorted: the same list for the same graph whatever the
    blank nodes' labels (a blank node's triples identify it in this data; two with the same
    triples are interchangeable for the comparison)."""
    triples = [q.triple for q in parse(n_triples, format=RdfFormat.N_TRIPLES)]
    own: dict[str, list[str]] = {}
    for t in triples:
        if isinstance(t.subject, BlankNode):
            obj = "_" if isinstance(t.object, BlankNode) else str(t.object)
            own.setdefault(t.subject.value, []).append(f"{t.predicate} {obj}")
    names = {b: "_:" + str(hash(tuple(sorted(lines)))) for b, lines in own.items()}

    def name(term: object) -> str:
        return names.get(term.value, "_:?") if isinstance(term, BlankNode) else str(term)

    return sorted((name(t.subject), str(t.predicate), name(t.object)) for t in triples)


def _job(query: str) -> Job:
    return Job(query=query, tabular_type=JSON, graph_type="application/n-triples", cap=10**7)


def test_answers_from_rocksdb_while_loading_then_the_same_from_memory(
    bundled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = read_manifest(bundled_store)
    assert info is not None and info.snapshot
    info.path = str(bundled_store)
    release = threading.Event()
    loaded: list[Store] = []
    real_load, real_run = worker._loaded, worker.run_job

    def held_load(path: str) -> Store:
        assert release.wait(60)
        loaded.append(real_load(path))
        return loaded[-1]

    answered_by: list[Store] = []

    def recorded_run(store: Store, job: Job, policy: worker.Policy | None = None) -> Answer:
        answered_by.append(store)
        return real_run(store, job, policy)

    monkeypatch.setattr(worker, "_loaded", held_load)
    monkeypatch.setattr(worker, "run_job", recorded_run)
    parent, child = multiprocessing.Pipe()
    args = (str(info.oxigraph_path), child, ALLOW, 0, str(info.snapshot_path))
    serving = threading.Thread(target=worker.serve, args=args, daemon=True)
    serving.start()
    try:
        # ready while the load is held: the worker did not wait for it
        assert parent.poll(60) and parent.recv() == "ready"

        def answers() -> list[Answer]:
            found = []
            for query in QUERIES:
                parent.send(_job(query))
                assert parent.poll(120)
                found.append(parent.recv())
            return found

        from_disk = answers()
        assert not loaded
        release.set()
        [load] = [t for t in threading.enumerate() if isinstance(t, worker.MemoryLoad)]
        load.join(120)
        from_memory = answers()
    finally:
        release.set()
        parent.close()
        serving.join(30)
    assert len(loaded) == 1
    assert all(store is not loaded[0] for store in answered_by[: len(QUERIES)])
    assert all(store is loaded[0] for store in answered_by[len(QUERIES) :])
    assert [a.status for a in from_disk + from_memory] == [200] * 2 * len(QUERIES)
    disk_graph, memory_graph = _canonical(from_disk[0].body), _canonical(from_memory[0].body)
    assert len(disk_graph) == info.default_graph_triples  # every triple, as the manifest counts
    assert sum(s.startswith("_:") for s, _, _ in disk_graph) > 1000  # blank nodes compared
    assert from_disk[0].body != from_memory[0].body  # (their labels differ)
    assert memory_graph == disk_graph
    assert len(json.loads(from_disk[1].body)["results"]["bindings"]) > 10_000
    assert [a.body for a in from_memory[1:]] == [a.body for a in from_disk[1:]]


def test_a_failed_load_leaves_the_worker_on_rocksdb(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "snapshot.nq"
    broken.write_text("<x:s> <x:p> this is not N-Quads .\n")
    load = worker.MemoryLoad(str(broken), 0)
    load.start()
    load.join(30)
    assert load.done() is None and "not loaded" in caplog.text
