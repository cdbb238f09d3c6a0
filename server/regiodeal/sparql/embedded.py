"""Between HTTP and the workers: check a query, negotiate its output, run it within the limits."""

from __future__ import annotations

from regiodeal.namespaces import PREFIXES
from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.sparql.negotiation import negotiate
from regiodeal.sparql.pool import PoolBusy, QueryTimeout, WorkerCrashed, WorkerPool
from regiodeal.sparql.worker import Answer, Job
from regiodeal.store.build import StoreInfo

TABULAR_FORMS = {"SELECT", "ASK"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain", message.encode())


def _not_acceptable(form: str, offers: tuple[str, ...]) -> Answer:
    return text_answer(
        406, f"Not Acceptable: a {form} result can be sent as one of: {', '.join(offers)}"
    )


def negotiate_result_types(form: str, accept: str | None) -> tuple[str | None, str | None] | Answer:
    """The media types to answer a query of `form` in (tabular, graph), or the 406 to send."""
    tabular = negotiate(accept, results.TABULAR_TYPES)
    graph = negotiate(accept, results.GRAPH_TYPES)
    if form in TABULAR_FORMS and tabular is None:
        return _not_acceptable(form, results.TABULAR_TYPES)
    if form in GRAPH_FORMS and graph is None:
        return _not_acceptable(form, results.GRAPH_TYPES)
    if tabular is None and graph is None:
        return _not_acceptable("query", results.TABULAR_TYPES + results.GRAPH_TYPES)
    return tabular, graph


class SparqlService:
    """One per running app: knows the store's graphs, the limits and the worker pool."""

    def __init__(self, settings: Settings, info: StoreInfo, pool: WorkerPool) -> None:
        self.settings = settings
        self.info = info
        self.pool = pool
        self.local_graphs = set(info.graphs)
        self.prefixes = {name: str(ns) for name, ns in PREFIXES.items()}

    async def execute(
        self,
        query: str,
        accept: str | None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """Run a query and return the answer to send; never raises for a bad query.

        The guard runs in the worker (`worker.run_job`), under the time limit: nothing here grows
        with the query. Both result types are negotiated; the worker answers 406 when the
        query's own kind of result has no acceptable type."""
        types = negotiate_result_types(None, accept)
        if isinstance(types, Answer):
            return types
        tabular, graph = types
        job = Job(
            query=query,
            tabular_type=tabular,
            graph_type=graph,
            cap=self.settings.max_result_rows,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            prefixes=self.prefixes,
            base_iri=base_iri,
        )
        return await self._run(job)

    async def _run(self, job: Job) -> Answer:
        try:
            return await self.pool.run(job)
        except QueryTimeout as exc:
            return text_answer(
                504, f"Query timeout: {exc} (limit REGIODEAL_QUERY_TIMEOUT); simplify the query"
            )
        except PoolBusy as exc:
            return text_answer(503, f"Service busy: {exc}; try again later")
        except WorkerCrashed as exc:
            return text_answer(503, f"Query failed: {exc}")
