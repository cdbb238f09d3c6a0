"""store.build in pieces (issue #11, mutation score): the manifest and its checksum, the
fingerprint, the damage checks over a hand-made store directory (plain files stand in for
RocksDB's), the snapshot rule, the directory guard, the bulk copy in chunks, the child process
(a fake executor in this process) and one build of a three-file graph with its reuse. Expected
values are worked out by hand in the comments."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, parse

from regiodeal.search.index import SEARCH_INDEX
from regiodeal.settings import Settings
from regiodeal.store import build, inference, manifest
from regiodeal.store.build import StoreBuildFailed, store_damage
from regiodeal.store.child import die_with_parent
from regiodeal.store.dataset import source_files, source_names
from regiodeal.store.manifest import MANIFEST, SNAPSHOT, StoreInfo

EX = "http://example.org/"
RD = "https://w3id.org/regiodeal/def#"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_paths_of_a_store_with_and_without_a_snapshot() -> None:
    info = StoreInfo(path="/stores/one", fingerprint="f")
    assert info.oxigraph_path == Path("/stores/one/oxigraph")
    assert info.snapshot_path is None
    assert info.worker_store == "/stores/one/oxigraph"
    info.snapshot = "abc"
    assert info.snapshot_path == Path("/stores/one/snapshot.nq")
    assert info.worker_store == "/stores/one/snapshot.nq"


def test_the_checksum_covers_every_field_but_the_path() -> None:
    info = StoreInfo(path="/a", fingerprint="f", graphs={"g": 2}, quads=5, files={"x": "1"})
    # the manifest's fields without path and checksum, as sorted JSON: a manifest written by an
    # earlier build must check out the same (else every store would be rebuilt)
    fields = {
        "default_graph_triples": 0,
        "files": {"x": "1"},
        "fingerprint": "f",
        "graphs": {"g": 2},
        "inferred_triples": 0,
        "quads": 5,
        "snapshot": "",
    }
    assert info.content_checksum() == sha(json.dumps(fields, sort_keys=True).encode())
    same = info.content_checksum()
    info.path, info.checksum = "/moved", "anything"
    assert info.content_checksum() == same
    for name, value in (("fingerprint", "g"), ("quads", 6), ("snapshot", "s"), ("files", {})):
        changed = StoreInfo(**{**asdict(info), name: value})
        assert changed.content_checksum() != same, name


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Three source files: an ontology (C ⊑ B), a deal file, and N-Triples."""
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    (data / "deals").mkdir(parents=True)
    ontology.mkdir()
    (ontology / "o.ttl").write_text(
        f"<{EX}C> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{EX}B> .\n"
    )
    (data / "deals" / "a.ttl").write_text(f"<{EX}x> a <{EX}C> ; <{EX}p> [ <{EX}q> 1 ] .\n")
    (data / "n.nt").write_text(f'<{EX}x> <{EX}p> "two" .\n')
    return Settings(
        ontology_dir=ontology,
        data_dir=data,
        reference_date=date(2024, 6, 30),
        memory_store_max_quads=1000,
    )


def test_the_fingerprint_changes_with_each_input(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = source_files(settings)
    first = manifest.fingerprint(files, settings)
    assert manifest.fingerprint(files, settings) == first and len(first) == 64
    changed = [
        manifest.fingerprint(files[:-1], settings),  # a file less
        manifest.fingerprint(files[::-1], settings),  # another order
        manifest.fingerprint(files, settings.model_copy(update={"base_uri": "http://b.example/"})),
        manifest.fingerprint(
            files, settings.model_copy(update={"reference_date": date(2024, 7, 1)})
        ),
    ]
    monkeypatch.setattr(inference, "RULES_VERSION", "changed")
    changed.append(manifest.fingerprint(files, settings))
    monkeypatch.undo()
    os.utime(files[0], ns=(0, files[0].stat().st_mtime_ns + 1))  # touched
    changed.append(manifest.fingerprint(files, settings))
    files[1].write_text(files[1].read_text() + "\n")  # one byte more (and a new mtime)
    changed.append(manifest.fingerprint(files, settings))
    assert len({first, *changed}) == len(changed) + 1


def test_graph_sizes_count_each_named_graph_and_the_default_graph() -> None:
    store = Store()
    s, p = NamedNode(EX + "s"), NamedNode(EX + "p")
    for n in range(3):
        store.add(Quad(s, p, Literal(str(n)), NamedNode(EX + "g")))
    store.add(Quad(s, p, Literal("h"), NamedNode(EX + "h")))
    store.add(Quad(s, p, Literal("blank graph"), BlankNode("b")))
    store.add(Quad(s, p, Literal("d1"), DefaultGraph()))
    store.add(Quad(s, p, Literal("d2"), DefaultGraph()))
    store.add_graph(NamedNode(EX + "empty"))
    graphs, default = build._graph_sizes(store)
    assert graphs == {EX + "g": 3, EX + "h": 1, EX + "empty": 0}
    assert default == 2


def test_file_sha256_reads_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "big"
    data = bytes(range(256)) * 5000  # 1.28 MB: more than one read of 1 MiB
    path.write_bytes(data)
    assert build.file_sha256(path) == sha(data)
    path.write_bytes(b"")
    assert build.file_sha256(path) == sha(b"")


def _fake_store(directory: Path, snapshot: bytes | None = b"<a> <b> <c> .\n") -> StoreInfo:
    """A store directory by hand: two data files, RocksDB's LOCK and logs, a snapshot."""
    oxigraph = directory / "oxigraph"
    (oxigraph / "archive").mkdir(parents=True)
    (oxigraph / "000001.sst").write_bytes(b"one")
    (oxigraph / "CURRENT").write_bytes(b"two")
    for unchecked in ("LOCK", "LOG", "LOG.old.1"):
        (oxigraph / unchecked).write_bytes(b"changes on every open")
    info = StoreInfo(path=str(directory), fingerprint="f", quads=1)
    info.files = {"000001.sst": sha(b"one"), "CURRENT": sha(b"two")}
    if snapshot is not None:
        (directory / SNAPSHOT).write_bytes(snapshot)
        info.snapshot = sha(snapshot)
    info.checksum = info.content_checksum()
    return info


def test_store_files_are_the_data_files_only(tmp_path: Path) -> None:
    info = _fake_store(tmp_path)
    assert build.store_files(info.oxigraph_path) == info.files
    assert list(build.store_files(info.oxigraph_path)) == ["000001.sst", "CURRENT"]  # sorted


def test_an_intact_store_has_no_damage(tmp_path: Path) -> None:
    assert store_damage(_fake_store(tmp_path)) is None
    assert store_damage(_fake_store(tmp_path / "none", snapshot=None)) is None


def test_each_kind_of_damage_is_named(tmp_path: Path) -> None:
    info = _fake_store(tmp_path)
    oxigraph, snapshot = info.oxigraph_path, tmp_path / SNAPSHOT

    info.quads = 2  # an edited manifest
    assert store_damage(info) == (
        "its manifest regiodeal-store.json was changed after the build (or predates checksums)"
    )
    info.quads = 1

    snapshot.write_bytes(b"<a> <b> <d> .\n")
    assert store_damage(info) == f"{snapshot} changed since the build (damaged?)"
    snapshot.unlink()
    assert store_damage(info) == f"{snapshot} is missing"

    (oxigraph / "CURRENT").write_bytes(b"TWO")
    (oxigraph / "000001.sst").write_bytes(b"ONE")
    assert store_damage(info) == (
        "store files changed since the build (damaged?): 000001.sst, CURRENT"
    )
    (oxigraph / "CURRENT").unlink()
    (oxigraph / "000001.sst").unlink()
    assert store_damage(info) == "store files are missing: 000001.sst, CURRENT"

    for path in oxigraph.iterdir():
        path.unlink() if path.is_file() else path.rmdir()
    oxigraph.rmdir()
    assert store_damage(info) == f"{oxigraph} is missing"


def test_a_manifest_is_read_back_as_saved(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert build.read_manifest(tmp_path) is None  # none yet
    info = _fake_store(tmp_path)
    saved = build._save(info, tmp_path)
    assert saved is info and info.checksum == info.content_checksum()
    text = (tmp_path / MANIFEST).read_text()
    assert text == json.dumps(asdict(info), indent=2, sort_keys=True)
    assert build.read_manifest(tmp_path) == info
    with caplog.at_level(logging.WARNING, logger="regiodeal.store.build"):
        for broken in ("{not json", '{"path": "x"}', '{"path": "x", "fingerprint": "f", "n": 1}'):
            (tmp_path / MANIFEST).write_text(broken)
            assert build.read_manifest(tmp_path) is None
    assert len(caplog.records) == 3
    # the reason is said: here the unknown field of the last one
    assert "unexpected keyword argument 'n'" in caplog.records[-1].getMessage()
    assert all(
        r.getMessage().startswith(f"unreadable store manifest {tmp_path / MANIFEST} (")
        and r.getMessage().endswith("); the store is rebuilt")
        for r in caplog.records
    )


def test_only_an_empty_directory_or_one_of_ours_is_prepared(tmp_path: Path) -> None:
    new = tmp_path / "a" / "b"
    build._prepare_directory(new)  # created with its parents
    assert new.is_dir()
    build._prepare_directory(new)  # empty: kept
    assert new.is_dir()
    for ours in (MANIFEST, "oxigraph"):
        directory = tmp_path / ours
        directory.mkdir()
        (directory / ours).mkdir() if ours == "oxigraph" else (directory / ours).write_text("{}")
        (directory / "old").write_text("stale")
        build._prepare_directory(directory)
        assert directory.is_dir() and list(directory.iterdir()) == []
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter.txt").write_text("keep")
    with pytest.raises(RuntimeError) as caught:
        build._prepare_directory(foreign)
    assert (
        str(caught.value) == f"{foreign} is not empty and not a regiodeal store; refusing to use it"
    )
    assert (foreign / "chapter.txt").read_text() == "keep"


@pytest.mark.parametrize(("quads", "wanted"), [(0, False), (1, True), (10, True), (11, False)])
def test_a_snapshot_for_a_graph_of_at_most_the_memory_setting(quads: int, wanted: bool) -> None:
    settings = Settings(memory_store_max_quads=10)
    assert build.wants_snapshot(StoreInfo(path="", fingerprint="", quads=quads), settings) is wanted


def test_the_snapshot_is_written_from_rocksdb_or_removed(tmp_path: Path) -> None:
    quad = Quad(NamedNode(EX + "s"), NamedNode(EX + "p"), Literal("o"), NamedNode(EX + "g"))
    rocksdb = Store(str(tmp_path / "oxigraph"))
    rocksdb.add(quad)
    del rocksdb  # closed: _with_snapshot opens it read-only
    info = StoreInfo(path=str(tmp_path), fingerprint="f", quads=1)
    build._with_snapshot(info, Settings(memory_store_max_quads=1))
    text = (tmp_path / SNAPSHOT).read_bytes()
    assert text == f'<{EX}s> <{EX}p> "o" <{EX}g> .\n'.encode()
    assert info.snapshot == sha(text)
    build._with_snapshot(info, Settings(memory_store_max_quads=0))
    assert info.snapshot == "" and not (tmp_path / SNAPSHOT).exists()


def test_rocksdb_is_loaded_from_the_dump_and_closed(tmp_path: Path) -> None:
    """Every quad of the dump, in its graph, a blank node as one node under a new label; fails
    if the load went to the default graph only, lost the blank node's two uses, or kept the
    RocksDB lock (the workers open the directory read-only after the build)."""
    dump = tmp_path / "dump.nq"
    dump.write_text(
        f'<{EX}s> <{EX}p> _:b <{EX}g> .\n_:b <{EX}q> "1" .\n<{EX}s> <{EX}r> <{EX}o> .\n'
    )
    build._write_rocksdb(dump, tmp_path / "oxigraph")
    store = Store(str(tmp_path / "oxigraph"))  # opens: the build's handle was closed
    quads = set(store)
    assert len(quads) == 3
    [to_blank] = store.quads_for_pattern(NamedNode(EX + "s"), NamedNode(EX + "p"), None, None)
    assert to_blank.graph_name == NamedNode(EX + "g") and isinstance(to_blank.object, BlankNode)
    blank = to_blank.object
    assert Quad(blank, NamedNode(EX + "q"), Literal("1"), DefaultGraph()) in quads
    assert Quad(NamedNode(EX + "s"), NamedNode(EX + "r"), NamedNode(EX + "o")) in quads


def test_rocksdb_is_compacted_after_the_bulk_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk load's batches leave overlapping files that a read-only store never compacts (the
    deal page's query 3.4x slower at 15,000 deals, issue #16); too few quads here for a second
    batch, so the order of the calls is what is checked: fails if optimize() is dropped, or
    runs before the load or after the handle is flushed."""
    calls: list[str] = []

    class Recording:
        def __init__(self, path: str) -> None:
            self.store = Store(path)

        def bulk_load(self, **arguments: object) -> None:
            calls.append("bulk_load")
            self.store.bulk_load(**arguments)  # type: ignore[arg-type]

        def optimize(self) -> None:
            calls.append("optimize")
            self.store.optimize()

        def flush(self) -> None:
            calls.append("flush")
            self.store.flush()

    monkeypatch.setattr(build, "Store", Recording)
    dump = tmp_path / "dump.nq"
    dump.write_text(f'<{EX}s> <{EX}p> "o" <{EX}g> .\n')
    build._write_rocksdb(dump, tmp_path / "oxigraph")
    assert calls == ["bulk_load", "optimize", "flush"]


class FakeExecutor:
    """ProcessPoolExecutor in this process: records how it was made, runs the job here."""

    made: list[tuple[int, object, object, tuple[object, ...]]] = []
    broken = False

    def __init__(self, workers: int, mp_context, initializer, initargs) -> None:  # type: ignore[no-untyped-def]
        self.made.append((workers, mp_context.get_start_method(), initializer, initargs))

    def __enter__(self) -> FakeExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        outer = self

        class Future:
            def result(self):  # type: ignore[no-untyped-def]
                if outer.broken:
                    raise build.BrokenProcessPool("gone")
                return fn(*args)

        return Future()


def test_a_build_in_a_child_is_one_spawned_process_that_dies_with_us(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeExecutor.made = []
    monkeypatch.setattr(build, "ProcessPoolExecutor", FakeExecutor)
    info = build.build_store_in_child(settings, tmp_path / "store")
    assert FakeExecutor.made == [(1, "spawn", die_with_parent, (os.getpid(),))]
    assert info == build.read_manifest(tmp_path / "store")
    # reused: no child at all
    assert build.build_store_in_child(settings, tmp_path / "store") == info
    assert len(FakeExecutor.made) == 1
    # a child that dies
    monkeypatch.setattr(FakeExecutor, "broken", True)
    with pytest.raises(StoreBuildFailed) as caught:
        build.build_store_in_child(settings, tmp_path / "other")
    assert str(caught.value) == (
        f"building the store in {tmp_path / 'other'} failed: the build process died "
        "(out of memory?)"
    )
    assert isinstance(caught.value.__cause__, build.BrokenProcessPool)


def test_a_build_and_its_reuse(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    directory = tmp_path / "store"

    class NoReadBack:
        """pyoxigraph's Store, but reading RocksDB back fails: a build writes its snapshot
        from the graph in memory (reading it back out of RocksDB was slow, issue #16)."""

        def __new__(cls, *args: object) -> Store:
            return Store(*args)

        @staticmethod
        def read_only(path: str) -> Store:
            raise AssertionError(f"read back from {path}")

    monkeypatch.setattr(build, "Store", NoReadBack)
    info = build.build_store(settings, directory)
    monkeypatch.undo()
    assert not (directory / build.BUILD_DUMP).exists()  # the snapshot served as the dump
    graph = "https://w3id.org/regiodeal/graph/"
    # by hand: o.ttl 1 triple, deals/a.ttl 3 (x a C, x p _:b, _:b q 1), n.nt 1; inferred: C's
    # instance x is a B, and the reference date stamp: 2. Default graph: 5 + 2 = 7.
    assert info.graphs == {
        graph + "ontology/o": 1,
        graph + "data/deals/a": 3,
        graph + "data/n": 1,
        graph + "inferred": 2,
    }
    assert info.default_graph_triples == 7 and info.inferred_triples == 2
    assert info.quads == 7 + 7
    assert info.path == str(directory)
    assert info.fingerprint == manifest.fingerprint(source_names(settings), settings)
    assert info.files == build.store_files(directory / "oxigraph") and "CURRENT" in info.files
    snapshot = directory / SNAPSHOT
    assert info.snapshot == build.file_sha256(snapshot)
    on_disk = Store.read_only(str(info.oxigraph_path))
    disk_quads = set(on_disk)
    del on_disk
    assert len(disk_quads) == 14
    from_snapshot = list(parse(path=str(snapshot), format=RdfFormat.N_QUADS))
    assert len(from_snapshot) == 14
    assert {q for q in from_snapshot if not _blank(q)} == {q for q in disk_quads if not _blank(q)}
    assert build.read_manifest(directory) == info and store_damage(info) is None

    def no_build(*args: object) -> None:
        raise AssertionError("rebuilt although nothing changed")

    monkeypatch.setattr(build, "_build", no_build)
    assert build.build_store(settings, directory) == info  # reused as it is
    # the memory setting went down: the snapshot goes, nothing is rebuilt
    small = settings.model_copy(update={"memory_store_max_quads": 13})
    smaller = build.build_store(small, directory)
    assert smaller.snapshot == "" and not snapshot.exists() and smaller.quads == 14
    assert build.read_manifest(directory) == smaller
    # and up again: the snapshot is written again, now from RocksDB
    again = build.build_store(settings, directory)
    assert again.snapshot == build.file_sha256(snapshot) and snapshot.exists()
    assert {q for q in parse(path=str(snapshot), format=RdfFormat.N_QUADS) if not _blank(q)} == {
        q for q in disk_quads if not _blank(q)
    }
    monkeypatch.undo()
    # a damaged store is said and rebuilt
    (directory / "oxigraph" / "CURRENT").write_bytes(b"damaged")
    with caplog.at_level(logging.WARNING, logger="regiodeal.store.build"):
        rebuilt = build.build_store(settings, directory)
    assert [r.getMessage() for r in caplog.records] == [
        f"store {directory} not reused: store files changed since the build (damaged?): "
        "CURRENT; rebuilding it from the sources"
    ]
    assert rebuilt.graphs == info.graphs and store_damage(rebuilt) is None


def test_a_build_without_a_snapshot_removes_its_dump(settings: Settings, tmp_path: Path) -> None:
    """14 quads (test_a_build_and_its_reuse) over a memory setting of 13: RocksDB is loaded
    from a dump of its own, which goes once it is loaded."""
    small = settings.model_copy(update={"memory_store_max_quads": 13})
    info = build.build_store(small, tmp_path / "store")
    assert info.snapshot == "" and info.quads == 14
    found = {path.name for path in (tmp_path / "store").iterdir()}
    assert found == {MANIFEST, "oxigraph", SEARCH_INDEX}
    on_disk = Store.read_only(str(info.oxigraph_path))
    assert len(on_disk) == 14


def _blank(quad: Quad) -> bool:
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)
