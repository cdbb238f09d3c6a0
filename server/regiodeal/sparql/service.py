"""The query-service contract: what the routers, the pages and publishing may use of a service.

Two implementations: `embedded.EmbeddedSparqlService` (worker processes over the embedded
pyoxigraph store) and `remote.RemoteSparqlService` (an external SPARQL 1.1 store). Callers see only
`QueryService`: they run queries with `execute`, describe the dataset with `counts`, and ask
`local_store` whether there is an on-disk store to write dumps from, never which class they hold.

Also owns what travels between the service and its callers: the `Job` a worker runs, the `Answer`
sent back, and `QueryError`, the one error that carries the HTTP status to answer with. Imported
by the worker processes (Job, Answer): keep its runtime imports to the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from regiodeal.store.manifest import StoreInfo

SPARQL_JSON = "application/sparql-results+json"


@dataclass
class Job:
    """One query for a worker process, with the result types negotiated beforehand."""

    query: str
    tabular_type: str | None  # negotiated media type if the result is SELECT/ASK
    graph_type: str | None  # negotiated media type if the result is CONSTRUCT/DESCRIBE
    cap: int
    default_graphs: list[str] | None = None  # protocol dataset; None = the store's default graph
    named_graphs: list[str] | None = None
    prefixes: dict[str, str] = field(default_factory=dict)  # for Turtle output
    base_iri: str | None = None  # relative IRIs resolve against the endpoint URL
    max_bytes: int | None = None  # largest body to send (REGIODEAL_MAX_RESPONSE_BYTES); None = any


@dataclass
class Answer:
    status: int  # HTTP status the server should answer with
    media_type: str
    body: bytes
    truncated: bool = False
    count: int = 0
    message: str | None = None  # X-Regiodeal-Message when truncated; None: the row cap's wording


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain", message.encode())


class QueryError(Exception):
    """A request that cannot be answered as asked; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status

    @classmethod
    def of(cls, answer: Answer) -> QueryError:
        """The error a service's non-200 answer stands for (timeout, busy, refused query)."""
        return cls(answer.status, answer.body.decode(errors="replace"))

    def answer(self) -> Answer:
        return text_answer(self.status, str(self))


@dataclass
class QueryScope:
    """What a query runs against and relative to: the protocol's dataset (default-graph-uri,
    named-graph-uri; both None = the store's default graph) and the base IRI for relative IRIs."""

    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None

    @property
    def graphs(self) -> list[str]:
        return (self.default_graphs or []) + (self.named_graphs or [])


@dataclass
class GraphCounts:
    """What the service description states of the dataset: triples per named graph and in all."""

    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triple count
    default_graph_triples: int = 0


Scope = QueryScope | None  # None: the store's default graph, no base IRI


class QueryService(Protocol):
    """A SPARQL query service as the rest of the server uses it."""

    # Live: an external store's graphs are read (again) once it answers.
    counts: GraphCounts
    # The embedded store on disk (dumps are written from it); None for an external store.
    local_store: StoreInfo | None

    async def execute(self, query: str, accept: str | None, scope: Scope = None) -> Answer:
        """Check, run and serialise a query; a bad query or a failing store is an answer (4xx or
        5xx with a message), never an exception."""
        ...

    async def close(self) -> None: ...


@dataclass
class Rows:
    """A SELECT result as SPARQL JSON bindings."""

    variables: list[str]
    bindings: list[dict[str, dict[str, str]]]

    def values(self) -> list[dict[str, str]]:
        return [{k: v["value"] for k, v in b.items()} for b in self.bindings]


async def select(service: QueryService, query: str) -> Rows:
    """Run a SELECT; QueryError unless the service answers 200."""
    answer = await service.execute(query, SPARQL_JSON)
    if answer.status != 200:
        raise QueryError.of(answer)
    data = json.loads(answer.body)
    return Rows(data["head"]["vars"], data["results"]["bindings"])
