"""The endpoint's pyoxigraph store: built once on disk, then opened read-only by query workers.

Layout of the dataset (see docs/sparql-endpoint.md):

* every triple of every source file is in the **default graph** (so plain queries see everything,
  at pyoxigraph's full speed: no union over graphs at query time);
* the same triples are also in a **named graph per file**, `{base_uri}graph/{dir}/{path}` without
  the extension (e.g. `…/graph/data/deals/delft-west`), so `GRAPH ?g` tells where a fact comes from.
  TriG / N-Quads files keep the graph names they state;
* materialised inferences (regiodeal.store.inference, via regiodeal.store.dataset) are in the
  default graph and in
  `{base_uri}graph/inferred`.

A graph of at most `memory_store_max_quads` quads is also written as an N-Quads **snapshot**
(`snapshot.nq`, every quad of every graph) from which each query worker loads an in-memory store
(in the background: it answers from RocksDB until then, regiodeal.sparql.worker):
pyoxigraph answers 2.5-4.5x faster from memory than from RocksDB, at the cost of the graph's size
in every worker (about 330 bytes per quad: 430 MB per worker for 1.3 M quads). Larger graphs are
queried from RocksDB on disk.

The build also writes the search index (`search-index.sqlite`, regiodeal.search), from the graph
in memory in one query, keyed by the sources' fingerprint: a server on a reused store opens it
instead of querying the graph page by page and indexing every row again.

A store directory holds a `regiodeal-store.json` manifest with a fingerprint of the sources, the
sha256 of every store file and a checksum of the manifest itself; a restart with unchanged sources
reuses the directory instead of re-parsing, after checking those checksums (a few milliseconds
per 10 MB), or, for files unchanged since they last passed that check, their size, times and
inode (`store-files-verified.json`; a stat per file). A damaged store (an edited manifest, a
changed or missing RocksDB file) is rebuilt from the sources, with a warning that says what was
wrong.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from pathlib import Path

from pyoxigraph import NamedNode, QuerySolutions, RdfFormat, Store

from regiodeal.search.index import SEARCH_INDEX
from regiodeal.search.rows import index_from_store, index_key
from regiodeal.settings import Settings
from regiodeal.store.child import die_with_parent
from regiodeal.store.dataset import fill, source_names
from regiodeal.store.manifest import (
    MANIFEST,
    SNAPSHOT,
    STORE_SUBDIR,
    UNCHECKED_PREFIXES,
    StoreInfo,
    fingerprint,
    read_manifest,
)

log = logging.getLogger(__name__)


def _graph_sizes(store: Store) -> tuple[dict[str, int], int]:
    """Triples per named graph and in the default graph, counted by the engine: iterating the
    quads in Python per graph took 9.5 s of a 93 s build at 500 deals (issue #16)."""
    per_graph = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    assert isinstance(per_graph, QuerySolutions)
    counts = {row["g"].value: int(row["n"].value) for row in per_graph}
    default = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(default, QuerySolutions)
    named = (g for g in store.named_graphs() if isinstance(g, NamedNode))
    graphs = {g.value: counts.get(g.value, 0) for g in named}
    return graphs, int(next(iter(default))["n"].value)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_files(store_path: Path) -> dict[str, str]:
    """The sha256 of each data file of a (closed) RocksDB directory."""
    return {
        path.name: file_sha256(path)
        for path in sorted(store_path.iterdir())
        if path.is_file() and not path.name.startswith(UNCHECKED_PREFIXES)
    }


VERIFIED = "store-files-verified.json"  # written by store_damage: the files' stat as verified


def _stats(paths: list[Path]) -> dict[str, list[int]] | None:
    """Size, mtime, ctime and inode of each file; None when one is missing. Writing a file, or
    copying or restoring it, changes its ctime (which no program can set back) or its inode."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return None
        stats[path.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    return stats


def _checked_paths(info: StoreInfo) -> list[Path]:
    snapshot = [info.snapshot_path] if info.snapshot_path else []
    return [info.oxigraph_path / name for name in sorted(info.files)] + snapshot


def _verified_before(info: StoreInfo) -> bool:
    """Whether every file is as it was when it last passed the full check below: same manifest,
    same size, mtime, ctime and inode (a stat per file instead of reading 750 MB at 1,500
    deals: 1.6 s of a 30 s start, issue #16). A change that keeps all four is not seen here:
    bit rot below the file system, which RocksDB's block checksums report when read."""
    try:
        recorded = json.loads((Path(info.path) / VERIFIED).read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(recorded, dict)
        and recorded.get("checksum") == info.checksum
        and recorded.get("files") == _stats(_checked_paths(info))
    )


def _record_verified(info: StoreInfo) -> None:
    stats = _stats(_checked_paths(info))
    record = {"checksum": info.checksum, "files": stats}
    try:
        (Path(info.path) / VERIFIED).write_text(json.dumps(record))
    except OSError as exc:  # a read-only store directory: every reuse hashes every file
        log.debug("not recorded as verified: %s", exc)


def store_damage(info: StoreInfo) -> str | None:
    """What is wrong with the store `info` describes, or None when manifest and files are intact:
    the sha256 of every file as the manifest records it, or, for files unchanged since they last
    passed that check, their size, times and inode (`_verified_before`)."""
    if info.checksum != info.content_checksum():
        return f"its manifest {MANIFEST} was changed after the build (or predates checksums)"
    if not info.oxigraph_path.is_dir():
        return f"{info.oxigraph_path} is missing"
    if _verified_before(info):
        return None
    found = store_files(info.oxigraph_path)
    missing = sorted(set(info.files) - set(found))
    if missing:
        return f"store files are missing: {', '.join(missing)}"
    changed = sorted(name for name, digest in info.files.items() if found[name] != digest)
    if changed:
        return f"store files changed since the build (damaged?): {', '.join(changed)}"
    snapshot = info.snapshot_path
    if snapshot and not snapshot.is_file():
        return f"{snapshot} is missing"
    if snapshot and file_sha256(snapshot) != info.snapshot:
        return f"{snapshot} changed since the build (damaged?)"
    _record_verified(info)
    return None


def _prepare_directory(directory: Path) -> None:
    """Empty a stale store directory, but never a directory that is not one of ours."""
    if directory.exists() and any(directory.iterdir()):
        if not (directory / MANIFEST).exists() and not (directory / STORE_SUBDIR).exists():
            raise RuntimeError(
                f"{directory} is not empty and not a regiodeal store; refusing to use it"
            )
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)


class StoreBuildFailed(RuntimeError):
    """The child process building the store died without an answer (killed, out of memory)."""


def build_store(settings: Settings, directory: Path) -> StoreInfo:
    """Build (or reuse, when the fingerprint matches and the store is intact) the on-disk store in
    `directory`."""
    reused = reuse_store(settings, directory)
    return reused if reused is not None else _build(settings, directory)


def build_store_in_child(settings: Settings, directory: Path) -> StoreInfo:
    """As build_store, but a build runs in a child process (a reuse does not: it takes
    milliseconds). Parsing and inference of a large graph take gigabytes that a Python process
    keeps once it has them (1.4 GB at 1,500 synthetic deals, issue #16); the server's process never
    holds them. An error of the build is raised here as it was raised there; a child that dies
    raises StoreBuildFailed."""
    reused = reuse_store(settings, directory)
    if reused is not None:
        return reused
    # spawn, not fork: the server has threads (a fork would copy their locks as they are).
    with ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as child:
        try:
            return child.submit(_build, settings, directory).result()
        except BrokenProcessPool as exc:
            raise StoreBuildFailed(
                f"building the store in {directory} failed: the build process died (out of memory?)"
            ) from exc


def reuse_store(settings: Settings, directory: Path) -> StoreInfo | None:
    """The store in `directory` when it was built from the current sources and is intact (its
    snapshot redone if the memory setting changed); None when it must be built."""
    expected = fingerprint(source_names(settings), settings)
    existing = read_manifest(directory)
    if existing and existing.fingerprint == expected:
        existing.path = str(directory)
        damage = store_damage(existing)
        if damage is None and bool(existing.snapshot) == wants_snapshot(existing, settings):
            return existing
        if damage is None:  # the memory setting changed: only the snapshot is (re)considered
            return _save(_with_snapshot(existing, settings), directory)
        log.warning("store %s not reused: %s; rebuilding it from the sources", directory, damage)
    return None


def _build(settings: Settings, directory: Path) -> StoreInfo:
    """Parse and infer in memory, dump the graph once as N-Quads, then bulk load RocksDB from
    that file (and keep it as the snapshot when the graph is small enough). Inference over
    RocksDB (its rule queries, and each batch of inferred triples added as a write of its own)
    and dumping the snapshot back out of RocksDB took most of a build that grew faster than the
    graph (issue #16). The build process holds the graph in memory once (about 330 bytes per
    quad), and returns it before the bulk load, whose buffers take about 1 KB per quad up to
    pyoxigraph's batch size (2.0 GB at 1,500 synthetic deals: more than the 1.4 GB peak of the
    earlier bulk loads of 500,000 quads from memory, less than graph plus buffers at 15,000)."""
    names = source_names(settings)
    expected = fingerprint(names, settings)
    files = [Path(name) for name in names]
    _prepare_directory(directory)
    info = StoreInfo(path=str(directory), fingerprint=expected)
    memory = Store()
    info.inferred_triples = fill(memory, files, settings)
    info.graphs, info.default_graph_triples = _graph_sizes(memory)
    info.quads = len(memory)
    _write_search_index(memory, directory, expected)
    dump = directory / (SNAPSHOT if wants_snapshot(info, settings) else BUILD_DUMP)
    _dump(memory, dump)
    del memory
    _return_freed_memory()
    _write_rocksdb(dump, info.oxigraph_path)
    info.files = store_files(info.oxigraph_path)  # after closing: RocksDB writes on close
    if dump.name == SNAPSHOT:
        info.snapshot = file_sha256(dump)
    else:
        dump.unlink()
    return _save(info, directory)


def _write_search_index(memory: Store, directory: Path, fingerprint: str) -> None:
    """The search index of the graph, saved beside the store for these sources. A failure only
    costs the server the time to build it itself (regiodeal.search.build.open_search_index)."""
    try:
        index_from_store(memory).save(directory / SEARCH_INDEX, index_key(fingerprint))
    except (OSError, sqlite3.Error) as exc:
        log.warning("search index not written in %s: %s", directory, exc)


# The graph as N-Quads while RocksDB is loaded, when it has no snapshot: about 210 bytes per quad
# on disk for the length of the load (3.8 GB at 15,000 synthetic deals), removed after it.
BUILD_DUMP = "build.nq"


def _dump(memory: Store, dump: Path) -> None:
    memory.dump(str(dump), format=RdfFormat.N_QUADS)


def _return_freed_memory() -> None:
    """Give the freed in-memory graph back to the system before the bulk load: glibc keeps the
    store's many small blocks (481 of 527 MB still resident at 1,500 synthetic deals after the
    store was dropped; 24 MB after malloc_trim), and the bulk load's threads allocate from
    arenas of their own, so without this the graph and the load's buffers add up."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory is only held
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _write_rocksdb(dump: Path, path: Path) -> None:
    """RocksDB at `path` bulk loaded from the N-Quads file `dump`, compacted, then closed.

    The bulk load writes its sorted files batch by batch, and the batches overlap: 139 files at
    15,000 synthetic deals (a dozen per index) that every look-up of a read-only store merges,
    since nothing compacts them later. `optimize()` compacts them into one sorted run per index:
    at 15,000 deals 36 s more build and 1.5 GB more disk (4.0 GB instead of 2.5 GB), and the
    Delft West page's query on RocksDB takes 0.29 s instead of 1.0 s (CPU, median of 5, issue
    #16). A graph of one batch has nothing to compact. `lenient`: the quads come from our own
    store, their IRIs were checked when the sources were parsed. Blank nodes get new labels, as
    they do in each query worker's load of the snapshot (regiodeal.sparql.worker): no store
    shares blank node labels with another."""
    store = Store(str(path))
    store.bulk_load(path=str(dump), format=RdfFormat.N_QUADS, lenient=True)
    store.optimize()
    store.flush()
    del store  # releases the RocksDB lock before the read-only workers open the directory


def wants_snapshot(info: StoreInfo, settings: Settings) -> bool:
    return 0 < info.quads <= settings.memory_store_max_quads


def _with_snapshot(info: StoreInfo, settings: Settings) -> StoreInfo:
    """Write (or remove) the snapshot from the store on disk, as the graph's size and the memory
    setting say (a reused store whose memory setting changed)."""
    path = Path(info.path) / SNAPSHOT
    path.unlink(missing_ok=True)
    info.snapshot = ""
    if wants_snapshot(info, settings):
        store = Store.read_only(str(info.oxigraph_path))
        store.dump(str(path), format=RdfFormat.N_QUADS)
        info.snapshot = file_sha256(path)
    return info


def _save(info: StoreInfo, directory: Path) -> StoreInfo:
    info.checksum = info.content_checksum()
    (directory / MANIFEST).write_text(json.dumps(asdict(info), indent=2, sort_keys=True))
    return info
