"""The dumps are written after the server is ready, in the background: a dump's URL answers 503
with Retry-After until its file is written, then the file; a progress line per file."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT
from support.apps import TestClient, wait_for_downloads

from regiodeal.app import create_app
from regiodeal.publishing import router as publishing_router
from regiodeal.publishing.dumps import (
    DUMP_NAMES,
    MANIFEST,
    Dump,
    write_dumps,
    write_dumps_in_child,
)
from regiodeal.publishing.router import RETRY_AFTER_S
from regiodeal.settings import Settings, get_settings
from regiodeal.store.build import build_store
from regiodeal.store.manifest import StoreInfo


def _distributions(client: TestClient) -> int:
    response = client.get("/catalog", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    catalog = Graph().parse(data=response.text, format="turtle")
    # Only the dumps: the SPARQL endpoint's distribution has an access URL, no download URL.
    return len(set(catalog.subjects(DCAT.downloadURL, None)))


def test_a_dump_answers_503_until_written_then_the_file(
    bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    gate = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:  # the writer, held until the test lets it go
        assert gate.wait(60)
        return write_dumps_in_child(*args, **kwargs)

    monkeypatch.setattr(publishing_router, "write_dumps_in_child", held)
    caplog.set_level(logging.INFO, logger="regiodeal.publishing")
    downloads = tmp_path / "downloads"
    settings: dict[str, object] = {"store_dir": bundled_store, "downloads_dir": downloads}
    # Not app_client, which waits for the dumps: the lifespan is entered here.
    app = create_app(Settings(allowed_hosts=["testserver"], **settings))  # type: ignore[arg-type]
    with TestClient(app, base_url="http://testserver") as client:
        # Ready (the SPARQL endpoint answers) while no dump is written yet.
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        waiting = client.get("/download/regiodeal.ttl")
        assert waiting.status_code == 503
        assert waiting.headers["retry-after"] == str(RETRY_AFTER_S)
        assert _distributions(client) == 0  # the DCAT lists only what can be downloaded
        assert client.get("/download/regiodeal.exe").status_code == 404  # not a pending one
        gate.set()
        wait_for_downloads(client)
        written = client.get("/download/regiodeal.ttl")
        assert written.status_code == 200
        assert written.content == (downloads / "regiodeal.ttl").read_bytes()
        assert _distributions(client) == len(DUMP_NAMES)
    progress = [r.getMessage() for r in caplog.records if "written (" in r.getMessage()]
    assert [line.split()[1] for line in progress] == DUMP_NAMES
    assert "(4 of 4," in progress[-1]


def test_a_stop_leaves_the_files_not_yet_written(bundled_store: Path, tmp_path: Path) -> None:
    # At shutdown the writer finishes the file it is on and writes no more, and no manifest:
    # the next start writes them all again rather than trust a partial set.
    info: StoreInfo = build_store(get_settings(), bundled_store)  # reused: already built
    written: list[str] = []
    stop: Callable[[], bool] = lambda: len(written) == 1  # noqa: E731
    dumps = write_dumps(info, tmp_path / "downloads", {}, lambda d: written.append(d.name), stop)
    assert [d.name for d in dumps] == written == DUMP_NAMES[:1]
    assert sorted(p.name for p in (tmp_path / "downloads").iterdir()) == DUMP_NAMES[:1]
    assert not (tmp_path / "downloads" / MANIFEST).exists()


def test_writer_in_a_child_stops_and_its_lines_are_logged_here(
    bundled_store: Path, tmp_path: Path, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="regiodeal.publishing")
    info: StoreInfo = build_store(get_settings(), bundled_store)  # reused: already built
    written: list[str] = []
    # Stop asked at once: the halt is set within microseconds of the child's start, long before
    # the spawned child has imported enough to write. (A stop after the first file raced with the
    # second: the child could finish regiodeal.nq before the halt reached it.) That the files
    # written before a stop are reported is the killed writer's test below.
    stop: Callable[[], bool] = lambda: True  # noqa: E731
    downloads = tmp_path / "downloads"
    dumps = write_dumps_in_child(info, downloads, {}, lambda d: written.append(d.name), stop)
    assert dumps == [] and written == []
    assert not downloads.exists() or list(downloads.iterdir()) == []
    lines = [r.getMessage() for r in caplog.records]  # the child's, logged by the server
    assert "downloads: stopped before regiodeal.ttl" in lines


def test_writer_that_dies_is_an_error_naming_what_it_wrote(
    bundled_store: Path, tmp_path: Path
) -> None:
    info: StoreInfo = build_store(get_settings(), bundled_store)

    def kill_writer(dump: Dump) -> None:  # as the kernel's OOM killer would, after one file
        for child in multiprocessing.active_children():
            if child.name == "regiodeal-dumps":
                child.kill()

    with pytest.raises(OSError, match=r"exited with code -9 \(written: regiodeal.ttl\)"):
        write_dumps_in_child(info, tmp_path / "downloads", {}, kill_writer)


def test_writer_error_in_the_child_is_raised_here(tmp_path: Path) -> None:
    info = StoreInfo(path=str(tmp_path / "no-store"), fingerprint="x")
    with pytest.raises(OSError, match="FileNotFoundError: .*no-store"):
        write_dumps_in_child(info, tmp_path / "downloads", {})
