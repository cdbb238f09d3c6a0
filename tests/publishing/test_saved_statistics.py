"""VoID statistics kept with the embedded store (publishing.statistics.read_saved/save): a reused
store is not counted again, other data or a damaged file is, and failed counts are never kept."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
import pytest
from support import aio, counting

from regiodeal.publishing import router
from regiodeal.publishing.statistics import (
    SAVED,
    CountFailed,
    DatasetStatistics,
    count_in_child,
    count_store,
    read_saved,
    save,
)
from regiodeal.sparql.service import QueryError
from regiodeal.store.manifest import StoreInfo

COUNTED = DatasetStatistics(
    triples=12,
    distinct_subjects=3,
    distinct_objects=9,
    entities=3,
    classes={"https://example.org/Deal": 2},
    properties={"https://example.org/p": 12},
)


class Counting:
    """Stands in for count_in_child and gather_statistics: how often the store was counted, and
    with what result."""

    def __init__(self, answer: DatasetStatistics | Exception) -> None:
        self.answer = answer
        self.calls = 0

    async def __call__(self, where: Any) -> DatasetStatistics:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def service(directory: Path | None, fingerprint: str = "f1") -> Any:
    store = StoreInfo(path=str(directory), fingerprint=fingerprint) if directory else None
    return SimpleNamespace(local_store=store, counts=SimpleNamespace(default_graph_triples=7))


def statistics(monkeypatch: pytest.MonkeyPatch, counting: Counting, of: Any) -> DatasetStatistics:
    # the embedded store is counted in a process of its own, an external one through the service
    monkeypatch.setattr(router, "count_in_child", counting)
    monkeypatch.setattr(router, "gather_statistics", counting)
    return aio.run(router._statistics(of))


def test_a_reused_store_is_not_counted_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    counting = Counting(COUNTED)
    assert statistics(monkeypatch, counting, service(tmp_path)) == COUNTED
    assert statistics(monkeypatch, counting, service(tmp_path)) == COUNTED
    assert counting.calls == 1
    assert read_saved(tmp_path, "f1") == COUNTED


def test_another_store_is_counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    counting = Counting(COUNTED)
    statistics(monkeypatch, counting, service(tmp_path, "f1"))
    statistics(monkeypatch, counting, service(tmp_path, "f2"))  # rebuilt from other sources
    assert counting.calls == 2
    assert read_saved(tmp_path, "f1") is None  # the file now holds f2's counts


def test_failed_counts_are_not_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    failing = Counting(CountFailed("the counting process died (exit code -9)"))
    described = statistics(monkeypatch, failing, service(tmp_path))
    assert described == DatasetStatistics(triples=7)  # the store's own count, nothing more
    assert not (tmp_path / SAVED).exists()
    counting = Counting(COUNTED)  # the next start counts again
    assert statistics(monkeypatch, counting, service(tmp_path)) == COUNTED
    assert counting.calls == 1


def test_an_external_store_is_counted_every_start(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(COUNTED)
    statistics(monkeypatch, counting, service(None))
    statistics(monkeypatch, counting, service(None))
    assert counting.calls == 2
    down = Counting(QueryError(502, "the external store did not answer"))
    assert statistics(monkeypatch, down, service(None)) == DatasetStatistics(triples=7)


# --- counting the embedded store ---------------------------------------------------------------

EX = "https://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def small_store(directory: Path) -> str:
    """By hand: in the default graph ex:a and ex:b are ex:Deal, ex:a ex:p "x", ex:b ex:p ex:a,
    _:n ex:p "y" (5 triples; subjects a, b, _:n; objects Deal, "x", a, "y"; IRI subjects 2);
    one more triple in a named graph, which the default graph's counts leave out."""
    store = ox.Store(str(directory))
    a, b, deal, p = (ox.NamedNode(EX + n) for n in ("a", "b", "Deal", "p"))
    kind = ox.NamedNode(RDF_TYPE)
    default = ox.DefaultGraph()
    store.extend(
        [
            ox.Quad(a, kind, deal, default),
            ox.Quad(b, kind, deal, default),
            ox.Quad(a, p, ox.Literal("x"), default),
            ox.Quad(b, p, a, default),
            ox.Quad(ox.BlankNode("n"), p, ox.Literal("y"), default),
            ox.Quad(ox.NamedNode(EX + "z"), ox.NamedNode(EX + "q"), a, ox.NamedNode(EX + "g")),
        ]
    )
    store.flush()
    del store  # closed: the counting process opens it read-only, as the workers do
    return str(directory)


SMALL = DatasetStatistics(
    triples=5,
    distinct_subjects=3,
    distinct_objects=4,
    entities=2,
    classes={EX + "Deal": 2},
    properties={EX + "p": 3, RDF_TYPE: 2},
)


def test_count_store_counts_the_default_graph(tmp_path: Path) -> None:
    assert count_store(small_store(tmp_path / "oxigraph")) == SMALL


def test_count_in_child_counts_in_another_process(tmp_path: Path) -> None:
    assert aio.run(count_in_child(small_store(tmp_path / "oxigraph"))) == SMALL


def test_count_in_child_reports_the_store_error(tmp_path: Path) -> None:
    with pytest.raises(CountFailed) as caught:
        aio.run(count_in_child(str(tmp_path / "no-store-here")))
    # the child's error, named and with its message, reaches the server's log line
    assert str(caught.value).startswith("FileNotFoundError: ")
    assert "no-store-here" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "[]",
        '{"key": "x"}',
        "KEY_OK_NO_STATISTICS",
        "KEY_OK_WRONG_FIELD",
        "KEY_OK_TEXT_COUNT",
        "KEY_OK_FLOAT_IN_TABLE",
    ],
)
def test_a_damaged_file_is_counted_and_written_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str
) -> None:
    save(tmp_path, "f1", COUNTED)
    good = json.loads((tmp_path / SAVED).read_text())
    damaged = {
        "KEY_OK_NO_STATISTICS": {"key": good["key"]},
        "KEY_OK_WRONG_FIELD": {"key": good["key"], "statistics": {"tripels": 1}},
        "KEY_OK_TEXT_COUNT": {
            "key": good["key"],
            "statistics": {**good["statistics"], "triples": "12"},
        },
        "KEY_OK_FLOAT_IN_TABLE": {
            "key": good["key"],
            "statistics": {**good["statistics"], "classes": {"https://example.org/D": 1.5}},
        },
    }
    (tmp_path / SAVED).write_text(json.dumps(damaged[content]) if content in damaged else content)
    counting = Counting(COUNTED)
    assert statistics(monkeypatch, counting, service(tmp_path)) == COUNTED
    assert counting.calls == 1
    assert json.loads((tmp_path / SAVED).read_text()) == good


def test_an_unwritable_store_directory_only_means_counting_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "gone"  # e.g. removed, or not writable by the server
    save(missing, "f1", COUNTED)
    assert "VoID statistics not kept in" in caplog.text
    assert read_saved(missing, "f1") is None


def test_a_count_whose_process_dies_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CountFailed) as caught:
        aio.run(count_in_child(str(tmp_path / "pid"), counting=counting.die))
    assert str(caught.value) == "the counting process died (exit code 3)"


def _state(pid: int) -> str | None:
    """The process's state letter (Z: ended, not yet reaped), None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def test_a_cancelled_count_kills_its_process(tmp_path: Path) -> None:
    """The server stopping while it counts does not leave the counting process running."""
    told = tmp_path / "pid"

    async def scenario() -> None:
        task = asyncio.create_task(count_in_child(str(told), counting=counting.hang))
        deadline = time.monotonic() + 60
        while not told.exists():
            assert time.monotonic() < deadline, "the counting process did not start"
            await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    aio.run(scenario())
    pid = int(told.read_text())
    deadline = time.monotonic() + 10
    try:
        while _state(pid) not in (None, "Z"):
            assert time.monotonic() < deadline, f"process {pid} still running"
            time.sleep(0.05)
    finally:  # on failure too: a live child would keep the waiting thread (and pytest) alive
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
