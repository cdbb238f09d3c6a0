"""The code that runs inside a query worker process: open the store read-only, answer jobs.

A worker runs one query at a time, checking (the guard), parsing, evaluating and serialising it,
so that the time limit covers all of that work and killing the process stops it; the server's
event loop does nothing that grows with the query. Before it opens the store, a worker without
federation cuts itself off from the network (`sandbox`). Imports stay minimal: workers are
started with `spawn`, and every import costs start-up time.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    Store,
)

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


def _solutions(result: QuerySolutions, job: Job) -> Answer:
    if job.tabular_type is None:
        return _refuse("SELECT")
    variables = [v.value for v in result.variables]
    solutions, truncated = results.capped(result, job.cap)
    columns = range(len(variables))
    rows = [[s[i] for i in columns] for s in solutions]
    body = results.SELECT_WRITERS[job.tabular_type](variables, rows)
    return Answer(200, job.tabular_type, body, truncated, len(rows))


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
            return _solutions(result, job)
        if isinstance(result, QueryBoolean):
            if job.tabular_type is None:
                return _refuse("ASK")
            return Answer(200, job.tabular_type, results.boolean(job.tabular_type, bool(result)))
        if job.graph_type is None:
            return _refuse("CONSTRUCT/DESCRIBE")
        triples, truncated = results.capped(result, job.cap)
        body = results.graph(job.graph_type, triples, job.prefixes)
        return Answer(200, job.graph_type, body, truncated, len(triples))
    except SyntaxError as exc:
        return Answer(400, "text/plain", f"SPARQL syntax error: {exc}".encode())
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return Answer(400, "text/plain", f"query evaluation failed: {exc}".encode())


def serve(store_path: str, conn: Connection, allow_list: tuple[str, ...] = ()) -> None:
    """Worker main loop: signal readiness, then answer jobs until the pipe closes."""
    isolated = not allow_list and sandbox.deny_network()
    store = Store.read_only(store_path)
    graphs = frozenset(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    policy = Policy(tuple(allow_list), graphs)
    conn.send("ready" if isolated or allow_list else "ready-unsandboxed")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job, policy))
