"""Serve the API from an external SPARQL 1.1 store: `regiodeal serve --store sparql+http://…`.

`RemoteSparqlService` is a `QueryService` (sparql.service) like the embedded one, so the SPARQL
router, the named-query API and the pages work unchanged; it has no `local_store`, so no dumps.
Per query it applies the query guard (SERVICE / FROM allow-list) and the forwarding guard (queries
only, no vendor extensions), negotiates the output, forwards the query with the SPARQL 1.1
Protocol and re-serialises the store's answer in the negotiated format with our own writers,
reading at most `max_result_rows` rows.

We use httpx rather than SPARQLWrapper: SPARQLWrapper is synchronous (urllib), so every query
would hold a thread that asyncio cannot cancel on timeout, and it cannot bound how many bytes it
reads. We always re-serialise (rather than pass the store's bytes through) because the row cap
needs the rows anyway, stores differ in which formats they write (Virtuoso has no TSV and writes
SPARQL 1.0 `typed-literal` JSON) and answers then look the same whichever backend serves them.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import httpx
from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from regiodeal.settings import STORE_SCHEMES, Settings
from regiodeal.sparql import results
from regiodeal.sparql.forwarding_guard import check_forwardable
from regiodeal.sparql.guard import QueryFacts, QueryRefused, check_query, inspect_query, is_allowed
from regiodeal.sparql.guarded import GuardedService
from regiodeal.sparql.negotiation import GRAPH_FORMS, TABULAR_FORMS, parse_content_type
from regiodeal.sparql.service import (
    Answer,
    GraphCounts,
    Job,
    QueryError,
    QueryScope,
    text_answer,
)
from regiodeal.store.manifest import StoreInfo

log = logging.getLogger(__name__)

# What we ask the store for: formats that keep every term's type, best first.
TABULAR_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
RESULT_PARSERS = {
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_PARSERS = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/ntriples": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
# A blank node in SPARQL XML results, or in JSON results written type-first (Virtuoso does).
BNODE_LABEL = re.compile(
    rb'(<bnode>)([^<]*)(</bnode>)|("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")([^"]*)(")'
)
GRAPH_LIST = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPH_RETRY_S = 10.0  # after a failed graph listing, try again at most this often
MESSAGE_CHARS = 2000  # of a store's error message passed on to the client


class StoreError(QueryError):
    """The store could not give a usable answer; carries the status we answer with."""


def remote_endpoint(store: str) -> str | None:
    """The HTTP(S) URL of a `sparql+http(s)://…` store setting; None for the embedded store."""
    if store == "embedded":
        return None
    if not store.startswith(STORE_SCHEMES):
        raise ValueError(f"store must be 'embedded' or sparql+http(s)://…, not {store!r}")
    return store.removeprefix("sparql+")


def _headers(accept: str) -> dict[str, str]:
    # A form we encode ourselves: protocol names such as default-graph-uri may repeat.
    return {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}


def _relabel(match: re.Match[bytes]) -> bytes:
    start, label, end = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return start + b"b" + label.hex().encode() + end


def valid_blank_nodes(body: bytes) -> bytes:
    """Blank node labels pyoxigraph accepts: Virtuoso writes `nodeID://b123`, which it rejects.
    The same label always gives the same new one, so joins on blank nodes keep working."""
    return BNODE_LABEL.sub(_relabel, body)


def _cap_tabular(body: bytes, media: str, tabular: str, cap: int) -> Answer:
    result = parse_query_results(valid_blank_nodes(body), RESULT_PARSERS[media])
    if isinstance(result, QueryBoolean):
        return Answer(200, tabular, results.boolean(tabular, bool(result)))
    variables = [v.value for v in result.variables]
    solutions, truncated = results.capped(result, cap)
    rows = [[s[v] for v in variables] for s in solutions]
    body = results.SELECT_WRITERS[tabular](variables, rows)
    return Answer(200, tabular, body, truncated, len(rows))


def _cap_graph(body: bytes, media: str, graph: str, cap: int, prefixes: dict[str, str]) -> Answer:
    quads = parse(body, GRAPH_PARSERS[media])
    triples, truncated = results.capped((Triple(*q.triple) for q in quads), cap)
    return Answer(200, graph, results.graph(graph, triples, prefixes), truncated, len(triples))


def convert(
    body: bytes,
    media: str,
    tabular: str | None,
    graph: str | None,
    cap: int,
    prefixes: dict[str, str],
) -> Answer:
    """The store's answer in the negotiated format, with the row cap applied."""
    try:
        if media in RESULT_PARSERS:
            if tabular is None:
                return text_answer(406, "Not Acceptable: the query gave a SELECT/ASK result")
            return _cap_tabular(body, media, tabular, cap)
        if media in GRAPH_PARSERS:
            if graph is None:
                return text_answer(406, "Not Acceptable: the query gave a CONSTRUCT/DESCRIBE graph")
            return _cap_graph(body, media, graph, cap, prefixes)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(502, f"the external store's answer could not be read: {exc}") from exc
    raise StoreError(502, f"the external store answered in an unexpected format {media!r}")


async def _read(response: httpx.Response, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise StoreError(
                502,
                f"the external store's answer is larger than {limit} bytes "
                "(REGIODEAL_STORE_MAX_RESPONSE_BYTES); add a LIMIT",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _store_accept(form: str | None) -> str:
    if form in TABULAR_FORMS:
        return TABULAR_ACCEPT
    if form in GRAPH_FORMS:
        return GRAPH_ACCEPT
    return f"{TABULAR_ACCEPT}, {GRAPH_ACCEPT}"


def _status_error(status: int, body: bytes) -> StoreError:
    message = body.decode("utf-8", "replace").strip()[:MESSAGE_CHARS]
    if status == 400:  # the store's parser or evaluator rejected the query: the client's error
        return StoreError(400, f"Query rejected by the external store: {message}")
    return StoreError(502, f"the external store answered {status}: {message}")


class RemoteSparqlService(GuardedService):
    """One per running app: forwards checked queries to the external store's query endpoint."""

    def __init__(
        self,
        settings: Settings,
        endpoint: str,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.counts = GraphCounts()
        self.local_store: StoreInfo | None = None  # nothing on disk to write dumps from
        self.local_graphs: set[str] = set()
        self._graphs_known = False
        self._graphs_tried = -GRAPH_RETRY_S
        self._refresher: asyncio.Task[None] | None = None
        limit = settings.query_timeout
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(limit, connect=min(limit, 5.0)),
            # like the embedded store's worker pool: at most this many queries at a time
            limits=httpx.Limits(max_connections=settings.query_workers),
            follow_redirects=False,  # only ever talk to the configured URL
        )

    async def close(self) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
        await self.client.aclose()

    async def _answer(self, job: Job, facts: QueryFacts) -> Answer:
        """Forward the query and convert the store's answer; a failing store is a 5xx answer."""
        form = self._form_data(job, facts)
        try:
            media, body = await self._post(form, _store_accept(facts.form))
            return convert(body, media, job.tabular_type, job.graph_type, job.cap, job.prefixes)
        except StoreError as exc:
            return exc.answer()

    async def _check(self, query: str, scope: QueryScope) -> QueryFacts:
        # The guards' work grows with the query: keep it off the event loop.
        base = scope.base_iri or ""
        await asyncio.to_thread(check_forwardable, query)
        facts = await asyncio.to_thread(inspect_query, query, base)
        dataset = scope.graphs
        if facts.from_graphs or dataset:
            await self._ensure_graphs()  # only these need the store's graph list
        checked = check_query(query, self.settings.federation_allow_list, self.local_graphs, base)
        for iri in dataset:
            if iri not in self.local_graphs and not is_allowed(
                iri, self.settings.federation_allow_list
            ):
                raise QueryRefused(
                    f"graph <{iri}> is not in the external store (or its graph list could not be "
                    "read); list the graphs with SELECT DISTINCT ?g { GRAPH ?g {} }"
                )
        # The form is inspect_query's (check_query does not read it): it decides what we ask the
        # store for and lets a SELECT with only graph types acceptable be a 406 before forwarding.
        return QueryFacts(facts.form, checked.services, checked.from_graphs)

    def _form_data(self, job: Job, facts: QueryFacts) -> list[tuple[str, str]]:
        # A BASE in front resolves relative IRIs against our endpoint, as the embedded store does.
        text = f"BASE <{job.base_iri}>\n{job.query}" if job.base_iri else job.query
        data = [("query", text)]
        data += [("default-graph-uri", g) for g in job.default_graphs or []]
        data += [("named-graph-uri", g) for g in job.named_graphs or []]
        names_dataset = job.default_graphs or job.named_graphs or facts.from_graphs
        if not names_dataset and self.settings.store_default_graph:
            # The named queries expect the whole graph as the default graph: the loaded graph.
            data.append(("default-graph-uri", self.settings.store_default_graph))
        return data

    async def _post(self, data: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        """POST the protocol form; the answer's media type and body, or a StoreError."""
        limit = self.settings.query_timeout
        try:
            async with asyncio.timeout(limit):  # also bounds an answer that trickles in slowly
                async with self.client.stream(
                    "POST", self.endpoint, content=urlencode(data), headers=_headers(accept)
                ) as response:
                    body = await _read(response, self.settings.store_max_response_bytes)
        except httpx.PoolTimeout as exc:
            raise StoreError(503, "Service busy: no connection to the store became free") from exc
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise StoreError(503, f"the external store is unreachable: {exc}") from exc
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise StoreError(
                504,
                f"Query timeout: no answer from the external store within {limit} s "
                "(limit REGIODEAL_QUERY_TIMEOUT); simplify the query",
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreError(502, f"the external store failed: {exc!r}") from exc
        if response.status_code != 200:
            raise _status_error(response.status_code, body)
        return parse_content_type(response.headers.get("content-type"))[0], body

    async def _select(self, query: str) -> list[dict[str, Any]]:
        data = [("query", query)]
        if self.settings.store_default_graph:
            data.append(("default-graph-uri", self.settings.store_default_graph))
        media, body = await self._post(data, TABULAR_ACCEPT)
        if media not in RESULT_PARSERS:
            raise StoreError(502, f"unexpected format {media!r}")
        solutions = parse_query_results(body, RESULT_PARSERS[media])
        if not isinstance(solutions, QuerySolutions):
            raise StoreError(502, "the external store answered a SELECT query with a boolean")
        return [{v.value: s[v] for v in solutions.variables} for s in solutions]

    async def refresh(self) -> bool:
        """Read the graphs and their triple counts (for FROM checks and the service description)."""
        self._graphs_tried = time.monotonic()
        try:
            rows = await self._select(GRAPH_LIST)
            totals = await self._select(DEFAULT_COUNT)
            if len(totals) != 1 or totals[0].get("n") is None:
                raise StoreError(
                    502, f"{len(totals)} rows, not one with ?n, for the count {DEFAULT_COUNT!r}"
                )
            [total] = totals
        except (StoreError, ValueError, SyntaxError) as exc:
            log.warning("could not list the graphs of %s: %s", self.endpoint, exc)
            return False
        graphs = {r["g"].value: int(r["n"].value) for r in rows if r.get("g") is not None}
        # In place: the service description and VoID hold this object.
        self.counts.graphs = graphs
        self.counts.default_graph_triples = int(total["n"].value)
        self.local_graphs = set(graphs)
        self._graphs_known = True
        return True

    async def _refresh_until_known(self) -> None:
        while not await self.refresh():
            await asyncio.sleep(GRAPH_RETRY_S)

    async def _ensure_graphs(self) -> None:
        if not self._graphs_known and time.monotonic() - self._graphs_tried >= GRAPH_RETRY_S:
            await self.refresh()


@asynccontextmanager
async def open_remote_service(
    settings: Settings, endpoint: str
) -> AsyncIterator[RemoteSparqlService]:
    """The service, with the graph list read once if the store answers (it may start later)."""
    service = RemoteSparqlService(settings, endpoint)
    try:
        if not await service.refresh():
            log.warning(
                "external store %s not reachable now; queries answer 503 until it is", endpoint
            )
            # Keep trying in the background, so the service description fills in once it is up.
            service._refresher = asyncio.create_task(service._refresh_until_known())
        yield service
    finally:
        await service.close()
