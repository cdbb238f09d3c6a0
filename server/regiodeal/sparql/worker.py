"""The code that runs inside a query worker process: open the store read-only, answer jobs.

A worker holds its own store: an in-memory one loaded from the store's N-Quads snapshot when the
graph is small enough, else a read-only handle on the on-disk RocksDB store (`open_store`). It
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
    """The store a worker answers from, with the memory limit set. A snapshot (`.nq`, see
    regiodeal.store.build) is loaded into memory first, and the limit is what a query may use
    beyond the graph; an on-disk RocksDB store is opened read-only under the limit."""
    if store_path.endswith(".nq"):
        store = Store()
        # Written by our own build from a valid store: IRIs need no second validation.
        store.bulk_load(path=store_path, format=RdfFormat.N_QUADS, lenient=True)
        limit_memory(memory_mb, above=data_size())
        return store
    limit_memory(memory_mb)
    return Store.read_only(store_path)


def serve(
    store_path: str, conn: Connection, allow_list: tuple[str, ...] = (), memory_mb: int = 0
) -> None:
    """Worker main loop: signal readiness, then answer jobs until the pipe closes."""
    isolated = not allow_list and sandbox.deny_network()
    store = open_store(store_path, memory_mb)
    graphs = frozenset(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    policy = Policy(tuple(allow_list), graphs)
    conn.send("ready" if isolated or allow_list else "ready-unsandboxed")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(run_job(store, job, policy))
        except MemoryError:  # Python's part (writing, pickling) ran out: the heap is freed again
            conn.send(Answer(507, "text/plain", memory_message(memory_mb).encode()))
