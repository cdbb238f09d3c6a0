"""The code that runs inside a query worker process: open the store read-only, answer jobs.

A worker holds its own store: a read-only handle on the on-disk RocksDB store, and, when the graph
is small enough to have an N-Quads snapshot, an in-memory store loaded from it in a background
thread (`MemoryLoad`): the worker is ready and answers from RocksDB at once, and from memory
after the job during which the load finished (the same quads: the build writes both from one
graph). Loading 1.8 M quads took 6 s of CPU but 20-45 s on a loaded 2-core machine with both
workers loading at once, and the server was not ready until it was done (issue #16). It
runs one query at a time, checking (the guard), parsing, evaluating and serialising it,
so that the time limit covers all of that work and killing the process stops it; the server's
event loop does nothing that grows with the query. Before it opens the store, a worker without
federation cuts itself off from the network (`sandbox`), and every worker caps its heap
(RLIMIT_DATA), so that a query needing too much memory ends this process and nothing else:
pyoxigraph's Rust code aborts when an allocation fails (the pool sees SIGABRT), Python code gets
a MemoryError, answered here. Imports stay minimal: workers are started with `spawn`, and every
import costs start-up time.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
)

from regiodeal.processes import data_size, limit_memory
from regiodeal.sparql import results, sandbox
from regiodeal.sparql.guard import QueryRefused, check_query
from regiodeal.sparql.service import Answer, Job

log = logging.getLogger(__name__)
# Heap a snapshot's in-memory store may take while it loads, per byte of the N-Quads file: 1.8 M
# quads, a 376 MB file, took a peak of 780 MB resident (about 2.1x); the limit is set again,
# to what the loaded store holds plus the query allowance, once it is loaded.
LOAD_ALLOWANCE = 3


def _dataset(job: Job) -> dict[str, Any]:  # keyword arguments of Store.query
    if job.default_graphs is None and job.named_graphs is None:
        return {}
    default = [NamedNode(g) for g in job.default_graphs or []]
    named = [NamedNode(g) for g in job.named_graphs or []]
    # Protocol: naming only named graphs leaves an empty default graph (and vice versa).
    return {"default_graph": default or [], "named_graphs": named}


def _refuse(form: str) -> Answer:
    return Answer(406, "text/plain", f"no acceptable media type for a {form} result".encode())


def memory_message(memory_mb: int) -> str:
    if memory_mb <= 0:
        return "Query stopped: the server ran out of memory for it; simplify the query"
    return (
        f"Query stopped: it needed more than the {memory_mb} MB of memory a query may use "
        "(REGIODEAL_QUERY_MEMORY_MB); simplify the query, e.g. with smaller intermediate results"
    )


def _written(media_type: str, written: results.Written, job: Job) -> Answer:
    """The answer for a serialised result; a result of which not one row fits is refused."""
    if written.limit != results.BYTES_LIMIT:
        return Answer(200, media_type, written.body, written.limit is not None, written.count)
    cap = f"{job.max_bytes} bytes (REGIODEAL_MAX_RESPONSE_BYTES)"
    if written.count == 0:
        message = (
            f"Response too large: the first result alone would exceed the limit of {cap}; "
            "select fewer or shorter values (e.g. SUBSTR of long literals)"
        )
        return Answer(507, "text/plain", message.encode())
    message = f"results truncated to the first {written.count}: more would exceed {cap}"
    return Answer(200, media_type, written.body, True, written.count, message)


def _solutions(store: Store, result: QuerySolutions, job: Job) -> Answer:
    if job.tabular_type is None:
        return _refuse("SELECT")
    written = results.native_select(job.tabular_type, result, job.cap, job.max_bytes)
    if written is None:
        # Over a cap: our writer cuts exactly at it, on a fresh evaluation (the native writer
        # consumed the solutions). Only results that are cut pay for the second evaluation.
        again = store.query(job.query, base_iri=job.base_iri, **_dataset(job))
        if not isinstance(again, QuerySolutions):  # the same query: cannot happen
            raise RuntimeError("a SELECT query gave another kind of result on its second run")
        variables = [v.value for v in again.variables]
        written = results.write_select(job.tabular_type, variables, again, job.cap, job.max_bytes)
    return _written(job.tabular_type, written, job)


@dataclass(frozen=True)
class Policy:
    """What the guard admits in this worker: allow-listed federation IRIs, the store's graphs."""

    allow_list: tuple[str, ...] = ()
    local_graphs: frozenset[str] = frozenset()


def run_job(store: Store, job: Job, policy: Policy | None = None) -> Answer:
    """Check, evaluate and serialise one query; errors become 4xx answers with a message."""
    policy = policy or Policy()
    try:
        check_query(job.query, policy.allow_list, policy.local_graphs, job.base_iri or "")
    except QueryRefused as exc:
        return Answer(400, "text/plain", f"Query refused: {exc}".encode())
    try:
        result = store.query(job.query, base_iri=job.base_iri, **_dataset(job))
        if isinstance(result, QuerySolutions):
            return _solutions(store, result, job)
        if isinstance(result, QueryBoolean):
            if job.tabular_type is None:
                return _refuse("ASK")
            return Answer(200, job.tabular_type, results.boolean(job.tabular_type, bool(result)))
        if job.graph_type is None:
            return _refuse("CONSTRUCT/DESCRIBE")
        written = results.write_graph(job.graph_type, result, job.cap, job.max_bytes, job.prefixes)
        return _written(job.graph_type, written, job)
    except SyntaxError as exc:
        return Answer(400, "text/plain", f"SPARQL syntax error: {exc}".encode())
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return Answer(400, "text/plain", f"query evaluation failed: {exc}".encode())


def open_store(store_path: str, memory_mb: int) -> Store:
    """A store with the memory limit set: a snapshot (`.nq`, see regiodeal.store.build) loaded
    into memory, the limit then being what a query may use beyond the graph, or an on-disk
    RocksDB store opened read-only under the limit."""
    if store_path.endswith(".nq"):
        store = _loaded(store_path)
        limit_memory(memory_mb, above=data_size())
        return store
    limit_memory(memory_mb)
    return Store.read_only(store_path)


def _loaded(snapshot: str) -> Store:
    store = Store()
    # Written by our own build from a valid store: IRIs need no second validation.
    store.bulk_load(path=snapshot, format=RdfFormat.N_QUADS, lenient=True)
    return store


class MemoryLoad(threading.Thread):
    """The snapshot loaded into an in-memory store while the worker answers from RocksDB.
    pyoxigraph releases the GIL while it loads, so queries go on meanwhile. The heap limit is
    raised by the load's allowance first and set to its final value after (`done`): a worker
    can lower its limit at any time, not raise it above the hard limit."""

    def __init__(self, snapshot: str, memory_mb: int) -> None:
        super().__init__(name="snapshot-load", daemon=True)
        self.snapshot = snapshot
        self.memory_mb = memory_mb
        self.store: Store | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.store = _loaded(self.snapshot)
        except BaseException as exc:  # MemoryError, a damaged file: RocksDB keeps answering
            self.error = exc

    def done(self) -> Store | None:
        """The in-memory store once loaded (the memory limit then set to its size plus the
        query allowance), else None; a failed load is logged once and leaves RocksDB."""
        if self.is_alive():
            return None
        if self.error is not None:
            log.error(
                "snapshot %s not loaded (%s): answering from RocksDB", self.snapshot, self.error
            )
            self.error = None
        if self.store is not None:
            limit_memory(self.memory_mb, above=data_size())
        return self.store


def open_stores(
    store_path: str, snapshot: str | None, memory_mb: int
) -> tuple[Store, MemoryLoad | None]:
    """The RocksDB store to answer from at once and, with a snapshot, its load into memory
    (started). The heap limit covers the load too until it is done."""
    if snapshot is None:
        return open_store(store_path, memory_mb), None
    allowance = LOAD_ALLOWANCE * os.path.getsize(snapshot)
    limit_memory(memory_mb, above=data_size() + allowance)
    store = Store.read_only(store_path)
    load = MemoryLoad(snapshot, memory_mb)
    load.start()
    return store, load


def serve(
    store_path: str,
    conn: Connection,
    allow_list: tuple[str, ...] = (),
    memory_mb: int = 0,
    snapshot: str | None = None,
) -> None:
    """Worker main loop: signal readiness, then answer jobs until the pipe closes; with a
    snapshot, from RocksDB until the snapshot is in memory, then from memory."""
    isolated = not allow_list and sandbox.deny_network()
    store, load = open_stores(store_path, snapshot, memory_mb)
    graphs = frozenset(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    policy = Policy(tuple(allow_list), graphs)
    conn.send("ready" if isolated or allow_list else "ready-unsandboxed")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if load is not None and not load.is_alive():
            store = load.done() or store  # the RocksDB handle is closed with its last reference
            load = None
        try:
            conn.send(run_job(store, job, policy))
        except MemoryError:  # Python's part (writing, pickling) ran out: the heap is freed again
            conn.send(Answer(507, "text/plain", memory_message(memory_mb).encode()))
