"""VoID statistics of the default graph, computed once at start-up by SPARQL through the endpoint.

The queries go through the query service (for the embedded store: the worker processes), so
counting is never done on the event loop, and the numbers are by construction what a client's
SPARQL sees. A failing query raises the service's QueryError.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
