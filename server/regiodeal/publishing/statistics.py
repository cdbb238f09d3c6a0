"""VoID statistics of the default graph, computed at start-up by SPARQL.

For an external store the queries go through the query service, so the numbers are by
construction what a client's SPARQL sees; a failing query raises the service's QueryError.

For the embedded store they are counted once per store, in a process of their own, on the
RocksDB store the query workers read (`count_in_child`), with no query time limit: at 15,000
synthetic deals the four queries took about 77 s of CPU (the IRI subjects' count alone 57 s,
16 s since rewritten), far beyond the limit, and through the workers every start described the
dataset without counts (issue #16). They are then kept in the store directory
(`void-statistics.json`, keyed by the store's fingerprint and these queries), so a reused store
does not count again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from pyoxigraph import QuerySolutions, Store

from regiodeal.sparql.service import QueryError, QueryService, select
from regiodeal.store.child import die_with_parent

TOTALS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }
"""
# Distinct subjects first, then the IRIs among them: the same number as COUNT(DISTINCT ?s) with
# FILTER(isIRI(?s)), which pyoxigraph evaluated 3.5x slower (56 s against 16 s of CPU at 15,000
# synthetic deals). SUM of an empty group is 0, as COUNT's is.
ENTITIES = "SELECT (SUM(IF(isIRI(?s), 1, 0)) AS ?n) WHERE { SELECT DISTINCT ?s WHERE { ?s ?p ?o } }"
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER(isIRI(?class)) }
GROUP BY ?class ORDER BY ?class
"""
PROPERTIES = "SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o } GROUP BY ?property"
SAVED = "void-statistics.json"  # in the store directory
SAVED_VERSION = 1  # bump when DatasetStatistics changes

log = logging.getLogger(__name__)


@dataclass
class DatasetStatistics:
    """Counts over the default graph (asserted and inferred triples), as VoID states them."""

    triples: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    entities: int = 0  # distinct IRI subjects
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI -> triples

    @property
    def vocabularies(self) -> list[str]:
        """Namespaces of the classes and properties used (VoID void:vocabulary)."""
        return sorted({namespace(iri) for iri in (*self.classes, *self.properties)})


def namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


Table = list[dict[str, str]]  # a SELECT's rows: variable -> lexical value


async def _select(sparql: QueryService, query: str) -> Table:
    return (await select(sparql, query)).values()


def _single_row(rows: Table, query: str, names: tuple[str, ...]) -> dict[str, str]:
    """The one row a COUNT without GROUP BY always has in SPARQL 1.1, with every one of `names`."""
    if len(rows) != 1 or any(name not in rows[0] for name in names):
        raise QueryError(
            502,
            f"the store answered {len(rows)} rows (binding {sorted(rows[0]) if rows else []}) to "
            f"a count that has exactly one row binding {list(names)}: check that the store is a "
            f"SPARQL 1.1 store and holds the graph; the query: {' '.join(query.split())}",
        )
    return rows[0]


def _counted(
    totals: Table, entities: Table, classes: Table, properties: Table
) -> DatasetStatistics:
    total = _single_row(totals, TOTALS, ("triples", "subjects", "objects"))
    entity = _single_row(entities, ENTITIES, ("n",))
    return DatasetStatistics(
        triples=int(total["triples"]),
        distinct_subjects=int(total["subjects"]),
        distinct_objects=int(total["objects"]),
        entities=int(entity["n"]),
        classes={row["class"]: int(row["n"]) for row in classes},
        properties=dict(sorted((row["property"], int(row["n"])) for row in properties)),
    )


async def gather_statistics(sparql: QueryService) -> DatasetStatistics:
    """The counts through the query service (an external store), under its query time limit."""
    tables = [await _select(sparql, query) for query in (TOTALS, ENTITIES, CLASSES, PROPERTIES)]
    return _counted(*tables)


def count_store(path: str) -> DatasetStatistics:
    """The counts read from the embedded store's RocksDB directory (read-only, as the query
    workers open it), with no time limit. Blocking: run by `count_in_child`."""
    store = Store.read_only(path)

    def table(query: str) -> Table:
        solutions = store.query(query)
        assert isinstance(solutions, QuerySolutions)  # a SELECT
        names = [variable.value for variable in solutions.variables]
        return [
            {name: term.value for name, term in zip(names, row, strict=True) if term is not None}
            for row in solutions
        ]

    return _counted(*(table(query) for query in (TOTALS, ENTITIES, CLASSES, PROPERTIES)))


class CountFailed(Exception):
    """The counting process failed or died."""


def _count_and_send(path: str, conn: Connection, parent: int) -> None:
    """The counting process: its result (or its error, as text) sent back once."""
    die_with_parent(parent)
    try:
        conn.send(("ok", count_store(path)))
    except Exception as exc:  # anything the store or the checks raise: the parent reports it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


async def count_in_child(
    path: str, *, counting: Callable[[str, Connection, int], None] = _count_and_send
) -> DatasetStatistics:
    """`count_store` in a spawned process, so that minutes of counting (about 77 s of CPU at
    15,000 synthetic deals, more than any query time limit) neither hold a query worker nor the
    server's GIL. Cancelled (the server stops), the process is killed at once. `counting` is the
    process's function (tests give it one that hangs or dies)."""
    ctx = multiprocessing.get_context("spawn")  # the server has threads: no fork
    receiving, sending = ctx.Pipe(duplex=False)
    process = ctx.Process(target=counting, args=(path, sending, os.getpid()), daemon=True)
    process.start()
    sending.close()  # so that recv() sees EOF when the process dies
    try:
        status, value = await asyncio.to_thread(receiving.recv)
    except EOFError:
        await asyncio.to_thread(process.join, 5)  # it closed its end: it is ending
        raise CountFailed(f"the counting process died (exit code {process.exitcode})") from None
    finally:
        process.kill()  # the thread's recv() then ends with EOF, if it is still waiting
    if status != "ok":
        raise CountFailed(str(value))
    return cast(DatasetStatistics, value)


def saved_key(fingerprint: str) -> str:
    """What saved counts are valid for: the store's sources (fingerprint) and how they were
    counted (the queries and the file's version)."""
    counted = "|".join((str(SAVED_VERSION), TOTALS, ENTITIES, CLASSES, PROPERTIES))
    return hashlib.sha256(f"{fingerprint}|{counted}".encode()).hexdigest()


def read_saved(directory: Path, fingerprint: str) -> DatasetStatistics | None:
    """The counts saved for this store; None when there are none, or they are of other data,
    or the file cannot be read as written (it is then counted and written again)."""
    try:
        kept = json.loads((directory / SAVED).read_text(encoding="utf-8"))
        if kept["key"] != saved_key(fingerprint):
            return None
        statistics = DatasetStatistics(**kept["statistics"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return statistics if _well_typed(statistics) else None


def _well_typed(statistics: DatasetStatistics) -> bool:
    counts = (statistics.triples, statistics.distinct_subjects, statistics.distinct_objects)
    tables = (statistics.classes, statistics.properties)
    return all(type(n) is int for n in (*counts, statistics.entities)) and all(
        isinstance(table, dict) and all(type(n) is int for n in table.values()) for table in tables
    )


def save(directory: Path, fingerprint: str, statistics: DatasetStatistics) -> None:
    """Keep the counts beside the store (written whole or not at all); a store directory that
    cannot be written only means counting again at the next start."""
    target = directory / SAVED
    partial = target.with_suffix(".partial")
    content = {"key": saved_key(fingerprint), "statistics": asdict(statistics)}
    try:
        partial.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        log.warning("VoID statistics not kept in %s: %s", directory, exc)
