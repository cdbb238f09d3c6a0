"""Typed FastAPI dependencies: what a route handler may take from the running app.

`create_app` puts its settings on `app.state`, and its lifespan the services it starts; handlers
declare e.g. `service: QueryServiceDep` and never read `app.state` themselves. A test can give a
handler its own service with `app.dependency_overrides[query_service] = ...`.

Every dependency is a coroutine, even where it only reads an attribute: FastAPI runs a plain
function in its thread pool, and that hop cost each `/sparql` request 0.3-0.5 ms on a 2-core
machine (`ASK {}`: 3.34 → 2.82 ms median, against 2.25 ms for a bare app; issue #16).

The routers of every package import this module, so it imports only what lies below them at run
time; the validation and publishing types are named for type checkers only (FastAPI does not
need them to resolve a dependency).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, cast

from fastapi import Depends, HTTPException, Request

from regiodeal.settings import Settings
from regiodeal.sparql.service import QueryService
from regiodeal.urls import public_base_url

if TYPE_CHECKING:
    from regiodeal.publishing.description import Publication
    from regiodeal.search.index import SearchIndex
    from regiodeal.validation.service import ValidationService


async def app_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


async def query_service(request: Request) -> QueryService:
    return cast(QueryService, request.app.state.query_service)


async def validation_service(request: Request) -> ValidationService:
    return cast("ValidationService", request.app.state.validation_service)


PREPARING_WAIT = 30.0  # seconds a request waits for a start-up preparation before its 503


async def prepared(request: Request, name: str) -> object:
    """`app.state.<name>`; while the lifespan still prepares it behind the ready server (a task
    in `app.state.preparing`, issue #16), once it is done. 503 when its preparation failed (the
    error is in the server's log), and 503 with Retry-After when it is not done within
    PREPARING_WAIT seconds: no request waits on the start-up without a limit."""
    state = request.app.state
    task: asyncio.Task[object] | None = getattr(state, "preparing", {}).get(name)
    if task is None:
        return getattr(state, name)
    what = name.replace("_", " ")
    try:  # shielded: a client that goes away (or times out) does not stop the preparation
        return await asyncio.wait_for(asyncio.shield(task), PREPARING_WAIT)
    except TimeoutError:
        raise HTTPException(
            503,
            f"Service unavailable: the {what} is still being prepared (the server has just "
            "started); try again shortly",
            headers={"Retry-After": "10"},
        ) from None
    except Exception as exc:
        raise HTTPException(
            503,
            f"Service unavailable: the {what} could not be prepared at start-up "
            "(see the server's log)",
        ) from exc


async def publication(request: Request) -> Publication:
    return cast("Publication", await prepared(request, "publication"))


async def search_index(request: Request) -> SearchIndex:
    return cast("SearchIndex", await prepared(request, "search_index"))


SettingsDep = Annotated[Settings, Depends(app_settings)]


async def public_base(request: Request, settings: SettingsDep) -> str:
    return public_base_url(request, settings)


QueryServiceDep = Annotated[QueryService, Depends(query_service)]
ValidationServiceDep = Annotated["ValidationService", Depends(validation_service)]
PublicationDep = Annotated["Publication", Depends(publication)]
SearchIndexDep = Annotated["SearchIndex", Depends(search_index)]
# This server's public base URL, ending in '/' (regiodeal.urls).
PublicBaseDep = Annotated[str, Depends(public_base)]
