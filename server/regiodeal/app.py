"""The web application: SPARQL endpoint, named-query API and the YASGUI query page.

`create_app` wires the routers; its lifespan starts the services the handlers take as
dependencies (regiodeal.deps) and keeps them on app.state while the app runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from regiodeal import __version__
from regiodeal.deps import PublicBaseDep
from regiodeal.linked_data import router as linked_data
from regiodeal.middleware import AllowedHosts, RequestLimits, SecurityHeaders, allowed_hosts
from regiodeal.publishing import router as publishing
from regiodeal.publishing.description import Publication
from regiodeal.publishing.router import publish, write_downloads
from regiodeal.search import router as search
from regiodeal.search.build import open_search_index
from regiodeal.search.index import SearchIndex
from regiodeal.settings import Settings, get_settings
from regiodeal.sparql import protocol_router
from regiodeal.sparql.embedded import EmbeddedSparqlService, open_embedded_service
from regiodeal.sparql.named_queries import load_named_queries
from regiodeal.sparql.named_query_router import queries_router
from regiodeal.sparql.protocol_router import EXPOSED_HEADERS
from regiodeal.sparql.service import QueryService
from regiodeal.templating import page_lang, render_page
from regiodeal.validation import router as validation
from regiodeal.validation.engine import Report
from regiodeal.validation.pool import ValidationBusy, ValidationPool, WorkerCrashed
from regiodeal.validation.service import ValidationService

STATIC = Path(str(files("regiodeal") / "static"))
log = logging.getLogger(__name__)
T = TypeVar("T")


@asynccontextmanager
async def _query_service(settings: Settings) -> AsyncIterator[QueryService]:
    if settings.store == "embedded":
        async with open_embedded_service(settings) as service:
            yield service
        return
    # An external SPARQL store: no local store, no workers. Imported here: httpx and the remote
    # service cost the embedded server's start 0.15-0.2 s of imports (issue #16).
    from regiodeal.sparql.remote import open_remote_service, remote_endpoint

    endpoint = remote_endpoint(settings.store)
    if endpoint is None:  # cannot happen: "embedded" is answered above
        raise ValueError(f"no external store in {settings.store!r}")
    async with open_remote_service(settings, endpoint) as service:
        yield service


def _validation_settings(settings: Settings, query_service: QueryService) -> Settings:
    """The validation workers read the published graph from the query service's store (also a
    temporary one) rather than parse it again (regiodeal.validation.context)."""
    store = query_service.local_store
    if store is None:
        return settings
    return settings.model_copy(update={"store_dir": Path(store.path)})


class ValidationBehind(ValidationService):
    """The validation service whose workers start behind a ready server (issue #16): each builds
    the published context and parses the shapes, seconds of CPU that used to delay every other
    request. A validation that arrives meanwhile waits for the start, up to the validation time
    limit (503 after it, then its own limit applies); a start that failed answers 503 with the
    reason, logged once as an error."""

    def __init__(self, settings: Settings, pool: ValidationPool | None = None) -> None:
        super().__init__(settings, pool or ValidationPool(settings))
        self.started = asyncio.create_task(self._start())

    async def _start(self) -> None:
        began = time.monotonic()
        try:
            await self.pool.start()
        except Exception:
            log.exception("validation workers did not start: /api/validate answers 503")
            await self.pool.close()  # the workers that did start
            raise
        log.info("validation: %d workers ready in %.1f s", self.pool.size, _since(began))

    async def validate(self, data: bytes, syntax: str, name: str) -> Report:
        if not self.started.done():
            limit = self.settings.validation_timeout
            try:  # shielded: a client that goes away does not stop the start
                await asyncio.wait_for(asyncio.shield(self.started), limit)
            except TimeoutError:
                raise ValidationBusy(
                    f"the validation workers are still starting after {limit:g} s"
                ) from None
            except Exception:  # answered below, from the task
                pass
        if self.started.cancelled() or self.started.exception() is not None:
            raise WorkerCrashed("the validation workers did not start (see the server's log)")
        return await super().validate(data, syntax, name)

    async def close(self) -> None:
        self.started.cancel()
        await asyncio.gather(self.started, return_exceptions=True)
        await self.pool.close()


def _since(began: float) -> float:
    return time.monotonic() - began


def _prepare_behind(
    app: FastAPI, name: str, work: Callable[[], Awaitable[T]], began: float
) -> asyncio.Task[T]:
    """Prepare `app.state.<name>` in the background; handlers that depend on it wait for it
    (regiodeal.deps.prepared). A failure is logged here and answered 503 there."""

    async def prepare() -> T:
        try:
            value = await work()
        except Exception:
            log.exception("start-up: the %s could not be prepared", name.replace("_", " "))
            raise
        setattr(app.state, name, value)
        log.info("start-up: %s ready %.1f s after start", name.replace("_", " "), _since(began))
        return value

    task = asyncio.create_task(prepare())
    app.state.preparing[name] = task
    return task


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start what the handlers depend on (regiodeal.deps); stop it on shutdown.

    The server is ready (accepts requests) once the store is opened or built and one query
    worker has greeted (issue #16: ready < 3 s on the bundled graph). Behind it, each logged
    when done: the other query workers, the dataset's description (VoID statistics, JSON-LD
    context: 18 s at 1,500 deals on a loaded machine), the search index, the validation workers
    and then the dumps; a request that needs one of them waits for it."""
    settings: Settings = app.state.settings
    began = time.monotonic()
    async with _query_service(settings) as query_service:
        app.state.query_service = query_service
        app.state.preparing = {}
        log.info("start-up: store and first query worker ready in %.1f s", _since(began))

        async def describe() -> Publication:  # queries the service
            await _workers_started(query_service)
            return await publish(settings, query_service)

        async def index() -> SearchIndex:  # saved in the store directory, or built by queries
            await _workers_started(query_service)
            return await open_search_index(query_service)

        publishing = _prepare_behind(app, "publication", describe, began)
        searching = _prepare_behind(app, "search_index", index, began)
        validation_service = ValidationBehind(_validation_settings(settings, query_service))
        app.state.validation_service = validation_service
        # The dumps after the description, in the background (a minute at 15,000 deals): 503
        # until written.
        stop = threading.Event()
        downloads = asyncio.create_task(_downloads(query_service, publishing, stop))
        try:
            yield
        finally:
            stop.set()  # the file being written is finished, the others are left
            for task in (publishing, searching):
                task.cancel()
            await asyncio.gather(publishing, searching, return_exceptions=True)
            await validation_service.close()
            await asyncio.gather(downloads, return_exceptions=True)


WORKERS_WAIT = 30.0  # seconds the queries of start-up wait for the query workers started behind


async def _workers_started(service: QueryService) -> None:
    """Until every query worker is up (at most WORKERS_WAIT s): the VoID statistics take a
    worker for up to the query time limit at 1,500 deals, which the first requests would
    otherwise wait behind with only the first worker up."""
    if isinstance(service, EmbeddedSparqlService):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(service.pool.filled(), WORKERS_WAIT)


async def _downloads(
    service: QueryService, publishing: asyncio.Task[Publication], stop: threading.Event
) -> None:
    try:
        publication = await publishing
    except Exception:  # logged where it failed: no description, no dumps
        return
    await write_downloads(service, publication, stop)


async def _bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
    # 400 rather than FastAPI's 422: the protocol and our API document 400 for bad input.
    return JSONResponse({"detail": exc.errors()}, status_code=400)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Regio Deals knowledge graph",
        version=__version__,
        description="SPARQL 1.1 endpoint and named-query API over the Regio Deals graph.",
        lifespan=_lifespan,
        docs_url=None,  # /docs and /redoc are served from /static/ below: nothing from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    # Starlette types every handler as taking any Exception; this one is registered for its own.
    app.add_exception_handler(RequestValidationError, _bad_parameters)  # type: ignore[arg-type]
    app.include_router(protocol_router.router)  # /sparql
    app.include_router(queries_router(load_named_queries(settings.queries_dir)))
    app.include_router(linked_data.router)  # /id/ -> 303 -> /doc/ pages and RDF
    app.include_router(publishing.router)  # VoID, DCAT, /download/, /context.jsonld
    app.include_router(validation.router)  # POST /api/validate, /validate pages
    app.include_router(search.router)  # /zoeken, /search
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def query_page(
        request: Request, public_base: PublicBaseDep, lang: str | None = None
    ) -> Response:
        chosen = page_lang(lang)
        title = "SPARQL-bevragingen" if chosen == "nl" else "SPARQL queries"
        return render_page(
            request,
            "query.html",
            lang=chosen,
            site_root=public_base,
            title=title,
            graph_base=settings.base_uri,  # query-page.js links result IRIs to our /doc/ pages
        )

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    _add_api_docs(app)
    # Added last = runs first: security headers on every answer, then the Host check.
    app.add_middleware(
        RequestLimits,
        max_bytes=settings.max_request_bytes,
        read_timeout=settings.read_timeout,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
    )
    app.add_middleware(AllowedHosts, hosts=allowed_hosts(settings))
    app.add_middleware(SecurityHeaders)
    return app


# ReDoc styles its components with <style> elements it writes at run time: on /redoc only, inline
# styles are allowed (scripts still only from this origin), and its search worker runs from a blob.
REDOC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _add_api_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc, from the vendored copies in static/."""

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> FileResponse:
        return FileResponse(STATIC / "api-docs" / "swagger.html")

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> FileResponse:
        return FileResponse(
            STATIC / "api-docs" / "redoc.html",
            headers={"Content-Security-Policy": REDOC_POLICY},
        )
