"""Full dumps of the graph (`/download/regiodeal.{ttl,nq,trig,jsonld}`), written once per store.

* `regiodeal.ttl` and `regiodeal.jsonld`: the default graph (ontology, data and the materialised
  inferences: exactly what a SPARQL query without GRAPH sees);
* `regiodeal.nq` and `regiodeal.trig`: the named graphs (one per source file, plus
  `…/graph/inferred`); their union is the default graph, so nothing is written twice.

Files are written next to a manifest holding the store's fingerprint, size and sha256 of each;
a restart with the same store reuses them once each file's sha256 is checked again (a file edited
or damaged in place would otherwise be served under its old ETag): any difference and all are
written anew. They are read from the store read-only.

The server does not wait for them (at 15,000 deals writing takes a minute): `publishing.router`
writes them in a child process (`write_dumps_in_child`: the server's process never holds the
JSON-LD document) once the server is ready, logging a progress line per file; until a file is
written its URL answers 503 with Retry-After (docs/publishing.md).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any, cast

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, serialize

from regiodeal.namespaces import ID, PREFIX_IRIS
from regiodeal.publishing.jsonld_writer import jsonld_document
from regiodeal.store.build import file_sha256
from regiodeal.store.child import die_with_parent
from regiodeal.store.manifest import StoreInfo

log = logging.getLogger(__name__)
MANIFEST = "downloads.json"
DUMP_PREFIXES = PREFIX_IRIS | {"id": str(ID)}


@dataclass(frozen=True)
class Dump:
    """One downloadable file as DCAT describes it."""

    name: str
    media_type: str
    format_label: str  # EU file type authority code (DCAT-AP dct:format)
    description_en: str
    description_nl: str
    byte_size: int = 0
    sha256: str = ""


DUMPS = (
    Dump(
        "regiodeal.ttl",
        "text/turtle",
        "RDF_TURTLE",
        "Default graph: ontology, data and materialised inferences (Turtle)",
        "Standaardgraaf: ontologie, data en afgeleide triples (Turtle)",
    ),
    Dump(
        "regiodeal.nq",
        "application/n-quads",
        "RDF_N_QUADS",
        "One named graph per source file plus the inferred graph (N-Quads)",
        "Eén benoemde graaf per bronbestand plus de afgeleide graaf (N-Quads)",
    ),
    Dump(
        "regiodeal.trig",
        "application/trig",
        "RDF_TRIG",
        "One named graph per source file plus the inferred graph (TriG)",
        "Eén benoemde graaf per bronbestand plus de afgeleide graaf (TriG)",
    ),
    Dump(
        "regiodeal.jsonld",
        "application/ld+json",
        "JSON_LD",
        "Default graph as JSON-LD with the vocabulary context (/context.jsonld)",
        "Standaardgraaf als JSON-LD met de context van het vocabulaire (/context.jsonld)",
    ),
)

DUMP_NAMES = [dump.name for dump in DUMPS]


def _write_turtle(store: Store, path: Path) -> None:
    store.dump(str(path), RdfFormat.TURTLE, from_graph=DefaultGraph(), prefixes=DUMP_PREFIXES)


def _named_quads(store: Store) -> Iterator[Quad]:
    return (q for q in store if not isinstance(q.graph_name, DefaultGraph))


def _write_nquads(store: Store, path: Path) -> None:
    serialize(_named_quads(store), str(path), RdfFormat.N_QUADS)


def _write_trig(store: Store, path: Path) -> None:
    serialize(_named_quads(store), str(path), RdfFormat.TRIG, prefixes=DUMP_PREFIXES)


def _write_jsonld(store: Store, path: Path, context: dict[str, Any]) -> None:
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph()))
    document = jsonld_document(triples, context)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def _writers(context: dict[str, Any]) -> dict[str, Callable[[Store, Path], None]]:
    """The writer of each dump; only JSON-LD needs the context."""
    return {
        "regiodeal.ttl": _write_turtle,
        "regiodeal.nq": _write_nquads,
        "regiodeal.trig": _write_trig,
        "regiodeal.jsonld": partial(_write_jsonld, context=context),
    }


def _described(dump: Dump, path: Path, sha256: str) -> Dump:
    return Dump(**{**asdict(dump), "byte_size": path.stat().st_size, "sha256": sha256})


def _reusable(directory: Path, fingerprint: str) -> list[Dump] | None:
    """The dumps in `directory` if written from this store and unchanged since; else None."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        recorded = {item["name"]: item["sha256"] for item in manifest["dumps"]}
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if manifest.get("fingerprint") != fingerprint or list(recorded) != DUMP_NAMES:
        return None
    dumps: list[Dump] = []
    for dump in DUMPS:  # descriptions from here, not the manifest: only checked facts are reused
        path = directory / dump.name
        sha256 = file_sha256(path) if path.is_file() else None
        if sha256 is None or sha256 != recorded[dump.name]:
            problem = "is missing" if sha256 is None else "was changed since it was written"
            log.warning("download %s %s; writing every dump again", path, problem)
            return None
        dumps.append(_described(dump, path, sha256))
    return dumps


def write_dumps(
    info: StoreInfo,
    directory: Path,
    context: dict[str, Any],
    on_written: Callable[[Dump], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[Dump]:
    """Every dump of the store in `directory` (reused if the store is unchanged); blocking.

    `on_written` is told of each dump as soon as it can be served; `stop` is asked before each
    file is written (a server shutting down does not wait for all of them)."""
    directory.mkdir(parents=True, exist_ok=True)
    reused = _reusable(directory, info.fingerprint)
    if reused is not None:
        for dump in reused:
            if on_written is not None:
                on_written(dump)
        return reused
    store = Store.read_only(str(info.oxigraph_path))
    writers = _writers(context)
    dumps: list[Dump] = []
    for number, dump in enumerate(DUMPS, start=1):
        if stop is not None and stop():
            log.info("downloads: stopped before %s", dump.name)
            return dumps
        started = time.monotonic()
        target = directory / dump.name
        unfinished = directory / f".{dump.name}.partial"
        writers[dump.name](store, unfinished)
        os.replace(unfinished, target)  # a reader never sees a half-written file
        dumps.append(_described(dump, target, file_sha256(target)))
        log.info(
            "downloads: %s written (%d of %d, %.1f MB, %.1f s)",
            dump.name,
            number,
            len(DUMPS),
            dumps[-1].byte_size / 1e6,
            time.monotonic() - started,
        )
        if on_written is not None:
            on_written(dumps[-1])
    manifest = {"fingerprint": info.fingerprint, "dumps": [asdict(d) for d in dumps]}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return dumps


def write_dumps_in_child(
    info: StoreInfo,
    directory: Path,
    context: dict[str, Any],
    on_written: Callable[[Dump], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[Dump]:
    """As write_dumps, in a child process; blocking (call it from a thread).

    The JSON-LD document is built whole in memory (gigabytes at 15,000 deals, issue #16), and a
    Python process keeps what it once held: the server's process never holds it. `on_written`
    is called here as the child reports each file, and the child's log lines are logged here;
    `stop` is passed on to it. Raises OSError when the child fails or dies (out of memory,
    killed), naming the files it did write."""
    spawn = multiprocessing.get_context("spawn")  # not fork: the server has threads
    receiver, sender = spawn.Pipe(duplex=False)
    halt = spawn.Event()
    level = log.getEffectiveLevel()  # the lines the server would log of write_dumps
    args = (info, directory, context, sender, halt, level, os.getpid())
    child = spawn.Process(target=_dump_child, args=args, name="regiodeal-dumps", daemon=True)
    child.start()
    sender.close()  # the child holds the only writing end: its exit is EOF here
    written: list[Dump] = []
    try:
        while True:
            if stop is not None and stop():
                halt.set()
            if not receiver.poll(0.2):
                continue
            try:
                kind, value = receiver.recv()
            except EOFError:
                break  # the child died without its last word
            if kind == "log":
                log.log(value[0], "%s", value[1])
            elif kind == "dump":
                written.append(value)
                if on_written is not None:
                    on_written(value)
            elif kind == "done":
                return cast(list[Dump], value)
            else:
                raise OSError(value)
    finally:
        receiver.close()
        child.join()
    names = ", ".join(d.name for d in written) or "none"
    raise OSError(f"the dump writer process exited with code {child.exitcode} (written: {names})")


class _ToParent(logging.Handler):
    """A log record of the child, sent to the parent to log (its handlers are the server's)."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        self.conn.send(("log", (record.levelno, record.getMessage())))


def _dump_child(
    info: StoreInfo,
    directory: Path,
    context: dict[str, Any],
    conn: Connection,
    halt: EventType,
    level: int,
    parent: int,
) -> None:
    """The child of write_dumps_in_child."""
    die_with_parent(parent)
    logger = logging.getLogger("regiodeal")
    logger.addHandler(_ToParent(conn))
    logger.setLevel(level)
    logger.propagate = False
    try:
        dumps = write_dumps(info, directory, context, lambda d: conn.send(("dump", d)), halt.is_set)
        conn.send(("done", dumps))
    except OSError as exc:  # e.g. a full disk: said to the parent, which logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
