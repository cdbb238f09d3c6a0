"""The code that runs inside a query worker process: open the store read-only, answer jobs.

A worker runs one query at a time, parsing, evaluating and serialising it, so that killing the
process (on timeout) stops all of that work. Imports stay minimal: workers are started with
`spawn`, and every import costs start-up time.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    Store,
)

from regiodeal.sparql import results
from regiodeal.sparql.service import Answer, Job


def _dataset(job: Job) -> dict:
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


def run_job(store: Store, job: Job) -> Answer:
    """Evaluate and serialise one query; errors become 4xx answers with the engine's message."""
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


def serve(store_path: str, conn: Connection) -> None:
    """Worker main loop: signal readiness, then answer jobs until the pipe closes."""
    store = Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job))
