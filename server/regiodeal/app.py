"""The web application: SPARQL endpoint, named-query API and the YASGUI query page.

`create_app` wires the routers; its lifespan starts the services the handlers take as
dependencies (regiodeal.deps) and keeps them on app.state while the app runs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

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
from regiodeal.publishing.router import publish, write_downloads
from regiodeal.search import router as search
from regiodeal.search.build import open_search_index
from regiodeal.settings import Settings, get_settings
from regiodeal.sparql import protocol_router
from regiodeal.sparql.embedded import open_embedded_service
from regiodeal.sparql.named_queries import load_named_queries
from regiodeal.sparql.named_query_router import queries_router
from regiodeal.sparql.protocol_router import EXPOSED_HEADERS
from regiodeal.sparql.remote import open_remote_service, remote_endpoint
from regiodeal.sparql.service import QueryService
from regiodeal.templating import page_lang, render_page
from regiodeal.validation import router as validation
from regiodeal.validation.router import open_validation_service

STATIC = Path(str(files("regiodeal") / "static"))


@asynccontextmanager
async def _query_service(settings: Settings) -> AsyncIterator[QueryService]:
    endpoint = remote_endpoint(settings.store)
    if endpoint is None:
        async with open_embedded_service(settings) as service:
            yield service
    else:  # an external SPARQL store: no local store, no workers
        async with open_remote_service(settings, endpoint) as service:
            yield service


def _validation_settings(settings: Settings, query_service: QueryService) -> Settings:
    """The validation workers read the published graph from the query service's store (also a
    temporary one) rather than parse it again (regiodeal.validation.context)."""
    store = query_service.local_store
    if store is None:
        return settings
    return settings.model_copy(update={"store_dir": Path(store.path)})


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start what the handlers depend on (regiodeal.deps), in order; stop it on shutdown."""
    settings: Settings = app.state.settings
    async with (
        _query_service(settings) as query_service,
        open_validation_service(
            _validation_settings(settings, query_service)
        ) as validation_service,
    ):
        app.state.query_service = query_service
        app.state.publication = await publish(settings, query_service)  # queries the service
        app.state.search_index = await open_search_index(query_service)  # saved, or built
        app.state.validation_service = validation_service
        # The dumps after ready, in the background (a minute at 15,000 deals): 503 until written.
        stop = threading.Event()
        downloads = asyncio.create_task(write_downloads(query_service, app.state.publication, stop))
        try:
            yield
        finally:
            stop.set()  # the file being written is finished, the others are left
            await downloads


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
