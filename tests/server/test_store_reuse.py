"""Reusing a store directory only when it is intact (issue #10): an edited manifest, a damaged or
missing RocksDB file and a dump edited in place are noticed, said, and repaired by rebuilding."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Store

from regiodeal.publishing.dumps import write_dumps
from regiodeal.settings import Settings
from regiodeal.store import build as build_module
from regiodeal.store.build import VERIFIED, build_store, file_sha256
from regiodeal.store.manifest import MANIFEST, StoreInfo

from .test_store import small_settings

FILE_GRAPH = "https://w3id.org/regiodeal/graph/data/deals/a"
DEAL = NamedNode("https://w3id.org/regiodeal/id/regiodeal/a")


def _built(tmp_path: Path) -> StoreInfo:
    return build_store(small_settings(tmp_path), tmp_path / "store")


def _rebuild(tmp_path: Path) -> StoreInfo:
    """build_store again with the same sources (small_settings would rewrite them)."""
    settings = Settings(ontology_dir=tmp_path / "ontology", data_dir=tmp_path / "data")
    return build_store(settings, tmp_path / "store")


def _readable_quads(info: StoreInfo) -> int:
    """Every quad of the store, read through RocksDB (fails on a damaged or missing file)."""
    store = Store.read_only(str(info.oxigraph_path))
    try:
        return sum(1 for _ in store)
    finally:
        del store


def test_edited_manifest_counts_are_not_trusted(tmp_path: Path) -> None:
    directory = _built(tmp_path).oxigraph_path.parent
    manifest = json.loads((directory / MANIFEST).read_text())
    manifest["default_graph_triples"] = 999_999
    manifest["graphs"][FILE_GRAPH] = 0
    (directory / MANIFEST).write_text(json.dumps(manifest))

    again = _rebuild(tmp_path)

    store = Store.read_only(str(again.oxigraph_path))
    in_default = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
    in_file = sum(1 for _ in store.quads_for_pattern(None, None, None, NamedNode(FILE_GRAPH)))
    del store
    assert again.default_graph_triples == in_default != 999_999
    assert again.graphs[FILE_GRAPH] == in_file == 4  # the four triples of deals/a.ttl


def _damage(path: Path) -> None:
    """Overwrite the middle of a file, as a bad disk block would."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 4
    data[middle : 3 * middle] = b"\xa5" * (2 * middle)
    path.write_bytes(bytes(data))


def test_damaged_store_file_is_rebuilt_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = _built(tmp_path)
    quads = _readable_quads(info)
    damaged = sorted(info.oxigraph_path.glob("*.sst"))
    assert damaged
    for sst in damaged:
        _damage(sst)

    with caplog.at_level(logging.WARNING):
        again = _rebuild(tmp_path)

    assert _readable_quads(again) == quads
    assert "changed since the build" in caplog.text and damaged[0].name in caplog.text


def test_missing_current_file_is_rebuilt_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = _built(tmp_path)
    quads = _readable_quads(info)
    (info.oxigraph_path / "CURRENT").unlink()

    with caplog.at_level(logging.WARNING):
        again = _rebuild(tmp_path)

    assert _readable_quads(again) == quads
    assert "missing: CURRENT" in caplog.text


def test_intact_store_is_still_reused(tmp_path: Path) -> None:
    info = _built(tmp_path)
    marker = info.oxigraph_path / "IDENTITY"
    before = marker.stat().st_mtime_ns
    again = _rebuild(tmp_path)
    assert marker.stat().st_mtime_ns == before  # not rebuilt
    assert again.default_graph_triples == info.default_graph_triples
    assert any(Store.read_only(str(again.oxigraph_path)).quads_for_pattern(DEAL, None, None))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dump_edited_in_place_is_written_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = _built(tmp_path)
    downloads = tmp_path / "downloads"
    write_dumps(info, downloads, {})
    turtle = downloads / "regiodeal.ttl"
    original = turtle.read_bytes()
    edited = original.replace(b"id:m", b"id:n", 1)  # same size, another minister
    assert edited != original and len(edited) == len(original)
    turtle.write_bytes(edited)

    with caplog.at_level(logging.WARNING):
        dumps = {dump.name: dump for dump in write_dumps(info, downloads, {})}

    assert turtle.read_bytes() == original
    assert dumps["regiodeal.ttl"].sha256 == _sha256(turtle)  # the ETag of what is served
    assert dumps["regiodeal.ttl"].byte_size == len(original)
    assert "regiodeal.ttl was changed" in caplog.text


def test_unchanged_dumps_are_reused(tmp_path: Path) -> None:
    info = _built(tmp_path)
    downloads = tmp_path / "downloads"
    first = write_dumps(info, downloads, {})
    written = {path.name: path.stat().st_mtime_ns for path in downloads.iterdir()}
    assert write_dumps(info, downloads, {}) == first
    assert {path.name: path.stat().st_mtime_ns for path in downloads.iterdir()} == written
    for dump in first:
        assert dump.sha256 == _sha256(downloads / dump.name)


def test_small_graph_gets_a_snapshot_the_workers_load_into_memory(tmp_path: Path) -> None:
    from regiodeal.sparql.worker import open_store

    info = _built(tmp_path)
    assert info.snapshot_path is not None and info.worker_store == str(info.snapshot_path)
    in_memory = set(open_store(info.worker_store, 0))
    on_disk = set(Store.read_only(str(info.oxigraph_path)))
    # every quad of every graph (default, per file, inferred), and as many as the manifest says
    assert in_memory == on_disk and len(on_disk) == info.quads > 0


def test_large_graph_stays_on_disk_and_the_setting_is_honoured_on_reuse(tmp_path: Path) -> None:
    on_disk = small_settings(tmp_path).model_copy(update={"memory_store_max_quads": 0})
    info = build_store(on_disk, tmp_path / "store")
    assert info.snapshot == "" and info.worker_store == str(info.oxigraph_path)
    assert not (tmp_path / "store" / "snapshot.nq").exists()
    # Allowing memory later adds the snapshot to the same RocksDB files, without a rebuild.
    again = _rebuild(tmp_path)
    assert again.snapshot and again.files == info.files
    assert _rebuild(tmp_path).snapshot == again.snapshot  # and then reuses it


def test_damaged_snapshot_is_noticed_and_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = _built(tmp_path)
    assert info.snapshot_path is not None
    with info.snapshot_path.open("ab") as snapshot:
        snapshot.write(b"<x:s> <x:p> <x:o> .\n")
    with caplog.at_level(logging.WARNING):
        again = _rebuild(tmp_path)
    assert "snapshot.nq changed since the build" in caplog.text
    assert again.snapshot_path is not None
    assert file_sha256(again.snapshot_path) == again.snapshot  # a fresh one, as recorded


def _verified_reuse(tmp_path: Path) -> StoreInfo:
    """A built store reused once: the full check (every sha256) passed and was recorded."""
    _built(tmp_path)
    info = _rebuild(tmp_path)
    assert (tmp_path / "store" / VERIFIED).is_file()
    return info


def test_a_store_verified_before_is_reused_without_reading_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16: hashing every file took 1.6 s of a reused start at 1,500 deals; unchanged files
    (same size, times and inode as when they passed) are not read again."""
    info = _verified_reuse(tmp_path)

    def unread(path: Path) -> str:
        raise AssertionError(f"{path} hashed again")

    monkeypatch.setattr(build_module, "file_sha256", unread)
    again = _rebuild(tmp_path)
    assert again.files == info.files and again.snapshot == info.snapshot


def test_a_same_size_change_with_its_mtime_put_back_is_still_seen(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The fast check is no blind spot for a file rewritten in place, even with its size kept
    and its mtime restored (its ctime cannot be): the full check runs and finds the damage."""
    info = _verified_reuse(tmp_path)
    quads = _readable_quads(info)
    sst = sorted(info.oxigraph_path.glob("*.sst"))[0]
    before = sst.stat()
    _damage(sst)
    os.utime(sst, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert sst.stat().st_size == before.st_size and sst.stat().st_mtime_ns == before.st_mtime_ns

    with caplog.at_level(logging.WARNING):
        again = _rebuild(tmp_path)

    assert f"changed since the build (damaged?): {sst.name}" in caplog.text
    assert _readable_quads(again) == quads


def test_a_snapshot_changed_after_verification_is_still_seen(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = _verified_reuse(tmp_path)
    assert info.snapshot_path is not None
    with info.snapshot_path.open("ab") as snapshot:
        snapshot.write(b"<x:s> <x:p> <x:o> .\n")
    with caplog.at_level(logging.WARNING):
        _rebuild(tmp_path)
    assert "snapshot.nq changed since the build" in caplog.text


def test_a_copied_store_is_hashed_once_and_reused(tmp_path: Path) -> None:
    """A copy has new inodes and times: the full check runs on it (and passes), no rebuild."""
    _verified_reuse(tmp_path)
    moved = tmp_path / "moved"
    shutil.copytree(tmp_path / "store", moved)  # copies the record of the verification too
    settings = Settings(ontology_dir=tmp_path / "ontology", data_dir=tmp_path / "data")
    marker = moved / "oxigraph" / "IDENTITY"
    before = marker.stat().st_mtime_ns
    again = build_store(settings, moved)
    assert marker.stat().st_mtime_ns == before  # reused, not rebuilt
    recorded = json.loads((moved / VERIFIED).read_text())["files"]
    assert recorded["IDENTITY"][3] == marker.stat().st_ino  # the copy's own inode, recorded
    assert again.path == str(moved)
