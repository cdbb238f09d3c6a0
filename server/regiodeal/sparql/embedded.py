"""The embedded query service: check a query, negotiate its output, run it in a worker process
within the limits. `open_embedded_service` builds (or reuses) the store and starts the workers.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from regiodeal.settings import Settings
from regiodeal.sparql.guard import QueryFacts
from regiodeal.sparql.guarded import GuardedService
from regiodeal.sparql.pool import (
    PoolBusy,
    QueryTimeout,
    WorkerCrashed,
    WorkerOutOfMemory,
    WorkerPool,
)
from regiodeal.sparql.service import Answer, GraphCounts, Job, QueryScope, text_answer
from regiodeal.store.build import build_store_in_child
from regiodeal.store.manifest import StoreInfo


class EmbeddedSparqlService(GuardedService):
    """One per running app: knows the store's graphs, the limits and the worker pool."""

    def __init__(self, settings: Settings, info: StoreInfo, pool: WorkerPool) -> None:
        self.settings = settings
        self.local_store: StoreInfo | None = info
        self.counts = GraphCounts(dict(info.graphs), info.default_graph_triples)
        self.pool = pool
        self.local_graphs = set(info.graphs)

    async def close(self) -> None:
        await self.pool.close()

    async def _check(self, query: str, scope: QueryScope) -> QueryFacts:
        # The guard runs in the worker (`worker.run_job`), under the time limit, so that nothing
        # here grows with the query. With the form unknown, both result types are negotiated and
        # the worker answers 406 when its result's kind has no acceptable type.
        return QueryFacts()

    async def _answer(self, job: Job, facts: QueryFacts) -> Answer:
        job.max_bytes = self.settings.max_response_bytes  # the worker writes within it
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
        except WorkerOutOfMemory as exc:
            return text_answer(507, str(exc))
        except WorkerCrashed as exc:
            return text_answer(503, f"Query failed: {exc}")


@asynccontextmanager
async def open_embedded_service(settings: Settings) -> AsyncIterator[EmbeddedSparqlService]:
    """The service over the store in `settings.store_dir` (a temporary one if None, removed on
    exit), with its workers started."""
    temporary = settings.store_dir is None
    directory = settings.store_dir or Path(tempfile.mkdtemp(prefix="regiodeal-store-"))
    try:
        # Parsing and inference take seconds (and gigabytes, in a child process): keep them off
        # the event loop.
        info = await asyncio.to_thread(build_store_in_child, settings, directory)
        snapshot = info.snapshot_path
        pool = WorkerPool(
            str(info.oxigraph_path),
            settings.query_workers,
            settings.query_timeout,
            tuple(settings.federation_allow_list),
            settings.query_memory_mb,
            str(snapshot) if snapshot else None,
        )
        await pool.start(first=1)  # ready on the first worker; the others start behind
        service = EmbeddedSparqlService(settings, info, pool)
        try:
            yield service
        finally:
            await service.close()
    finally:
        if temporary:
            shutil.rmtree(directory, ignore_errors=True)
