"""VoID statistics of the default graph, computed at start-up by SPARQL through the endpoint.

The queries go through the query service (for the embedded store: the worker processes), so
counting is never done on the event loop, and the numbers are by construction what a client's
SPARQL sees. A failing query raises the service's QueryError.

For the embedded store they are kept in the store directory (`void-statistics.json`, keyed by
the store's fingerprint and these queries), so a reused store does not count again: at 1,500
deals the counts took longer than the query time limit while the workers were still loading
their in-memory copy (issue #16), and every start described the dataset without them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from regiodeal.sparql.service import QueryError, QueryService, select

TOTALS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }
"""
ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
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


async def _select(sparql: QueryService, query: str) -> list[dict[str, str]]:
    return (await select(sparql, query)).values()


async def _single_row(sparql: QueryService, query: str, names: tuple[str, ...]) -> dict[str, str]:
    """The one row a COUNT without GROUP BY always has in SPARQL 1.1, with every one of `names`."""
    rows = await _select(sparql, query)
    if len(rows) != 1 or any(name not in rows[0] for name in names):
        raise QueryError(
            502,
            f"the store answered {len(rows)} rows (binding {sorted(rows[0]) if rows else []}) to "
            f"a count that has exactly one row binding {list(names)}: check that the store is a "
            f"SPARQL 1.1 store and holds the graph; the query: {' '.join(query.split())}",
        )
    return rows[0]


async def gather_statistics(sparql: QueryService) -> DatasetStatistics:
    totals = await _single_row(sparql, TOTALS, ("triples", "subjects", "objects"))
    entities = await _single_row(sparql, ENTITIES, ("n",))
    classes = await _select(sparql, CLASSES)
    properties = await _select(sparql, PROPERTIES)
    return DatasetStatistics(
        triples=int(totals["triples"]),
        distinct_subjects=int(totals["subjects"]),
        distinct_objects=int(totals["objects"]),
        entities=int(entities["n"]),
        classes={row["class"]: int(row["n"]) for row in classes},
        properties=dict(sorted((row["property"], int(row["n"])) for row in properties)),
    )


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
