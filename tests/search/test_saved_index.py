"""The search index saved in the store directory (issue #16): the store build writes it, a server
on a reused store opens it instead of building it again, and a change of the sources or of the
inference rules (the store's fingerprint) builds a new one. It answers as the index built through
the query service does."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import cast

import pytest
from pyoxigraph import Store

from regiodeal.search.build import build_search_index, open_search_index
from regiodeal.search.index import SEARCH_INDEX, SearchIndex
from regiodeal.search.rows import index_key
from regiodeal.settings import Settings
from regiodeal.sparql.service import QueryService
from regiodeal.store import inference
from regiodeal.store.build import build_store
from regiodeal.store.manifest import StoreInfo, read_manifest
from tests.server.test_store import small_settings

from .test_build import StoreService

ID = "https://w3id.org/regiodeal/id/"
RD = "https://w3id.org/regiodeal/def#"


class LocalService(StoreService):
    """A query service over a built store's RocksDB, with its StoreInfo as the embedded one has."""

    def __init__(self, info: StoreInfo) -> None:
        super().__init__(Store.read_only(str(info.oxigraph_path)))
        self.local_store = info


def _opened(info: StoreInfo) -> tuple[SearchIndex, int]:
    """What the server's lifespan opens, and how many queries it asked the service for that."""
    service = LocalService(info)
    index = asyncio.run(open_search_index(cast(QueryService, service)))
    return index, service.queries


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def _info(directory: Path) -> StoreInfo:
    info = read_manifest(directory)
    assert info is not None
    info.path = str(directory)
    return info


def _docs(index: SearchIndex) -> list[tuple[str, ...]]:
    return sorted(index._db.execute("SELECT * FROM docs").fetchall())


def _deal_hits(index: SearchIndex, query: str) -> list[str]:
    return [hit.iri for hit in index.search(query).get("deal", [])]


def test_the_bundled_store_opens_its_saved_index(bundled_store: Path) -> None:
    info = _info(bundled_store)
    before = _identity(bundled_store / SEARCH_INDEX)  # written by the build
    index, queries = _opened(info)
    assert queries == 0 and _identity(bundled_store / SEARCH_INDEX) == before
    # data/ttl/deals/delft-west.ttl: rdfs:label "Regio Deal Delft West"@nl; twente.ttl and
    # twente-ii.ttl: "Regio Deal Twente" and "Regio Deal Twente II"
    assert f"{ID}regiodeal/delft-west" in _deal_hits(index, "delft west")
    assert f"{ID}regiodeal/delft-west" in _deal_hits(index, "delfd west")  # typo: vocabulary
    twente = {f"{ID}regiodeal/twente", f"{ID}regiodeal/twente-ii"}
    assert twente <= set(_deal_hits(index, "Twnete"))


def test_the_saved_index_is_the_one_the_query_service_builds(bundled_store: Path) -> None:
    """The build's one query over the graph in memory and the server's pages through the query
    service give the same rows and the same vocabulary (a save or load that lost a column, a row
    or the typo words would differ)."""
    info = _info(bundled_store)
    saved = SearchIndex.load(bundled_store / SEARCH_INDEX, index_key(info.fingerprint))
    assert saved is not None
    service = LocalService(info)
    built = asyncio.run(build_search_index(cast(QueryService, service)))
    assert _docs(saved) == _docs(built) and saved.size == built.size > 100
    assert saved._vocabulary == built._vocabulary and saved._by_start == built._by_start


def _labelled(tmp_path: Path, label: str) -> Settings:
    settings = small_settings(tmp_path)
    (settings.data_dir / "deals" / "b.ttl").write_text(
        f"<{ID}regiodeal/b> a <{RD}RegioDeal> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "{label}"@nl .\n'
    )
    return settings


def test_reused_store_keeps_the_index_changed_sources_or_rules_rebuild_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _labelled(tmp_path, "Proefdeal Zeeuwse Kust")
    directory = tmp_path / "store"
    saved = directory / SEARCH_INDEX
    first = build_store(settings, directory)
    written = _identity(saved)

    again = build_store(settings, directory)  # reused: same sources, same rules
    index, queries = _opened(again)
    assert _identity(saved) == written and queries == 0
    assert _deal_hits(index, "zeeuwse") == [f"{ID}regiodeal/b"]

    # a changed source: a new fingerprint, a new store and a new index, with the new label
    (settings.data_dir / "deals" / "b.ttl").write_text(
        (settings.data_dir / "deals" / "b.ttl").read_text().replace("Zeeuwse Kust", "Veenkoloniën")
    )
    changed = build_store(settings, directory)
    assert changed.fingerprint != first.fingerprint and _identity(saved) != written
    index, queries = _opened(changed)
    assert queries == 0
    assert _deal_hits(index, "veenkoloniën") == [f"{ID}regiodeal/b"]
    assert _deal_hits(index, "zeeuwse") == []
    assert SearchIndex.load(saved, index_key(first.fingerprint)) is None  # not for the old data

    # another version of the inference rules: the store and its index are built again
    written = _identity(saved)
    monkeypatch.setattr(inference, "RULES_VERSION", inference.RULES_VERSION + "-test")
    rules = build_store(settings, directory)
    assert rules.fingerprint != changed.fingerprint and _identity(saved) != written
    assert SearchIndex.load(saved, index_key(rules.fingerprint)) is not None


def test_missing_or_damaged_index_is_built_by_the_server_and_saved(tmp_path: Path) -> None:
    settings = _labelled(tmp_path, "Proefdeal Zeeuwse Kust")
    info = build_store(settings, tmp_path / "store")
    saved = tmp_path / "store" / SEARCH_INDEX
    for damage in ("missing", "damaged"):
        if damage == "missing":  # a store built before the build wrote the index
            saved.unlink()
        else:
            saved.write_bytes(b"not a database" * 100)
        index, queries = _opened(info)
        assert queries >= 1 and _deal_hits(index, "zeeuwse") == [f"{ID}regiodeal/b"]
        with sqlite3.connect(saved) as db:  # saved for the next start, with its key
            assert db.execute("SELECT key FROM saved_for").fetchall() == [
                (index_key(info.fingerprint),)
            ]
        index, queries = _opened(info)
        assert queries == 0 and _deal_hits(index, "zeeuwse") == [f"{ID}regiodeal/b"]
