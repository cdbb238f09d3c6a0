"""The seams between the routers and the services, in process: any QueryService serves the
routers (deps.py), publishing asks the service for dumps rather than looking at paths, and one
function decides the public base URL. No live server, no store."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import VOID
from starlette.requests import Request
from support import aio

from regiodeal import deps
from regiodeal.app import create_app
from regiodeal.linked_data import router as linked_data
from regiodeal.publishing.router import publish
from regiodeal.settings import Settings
from regiodeal.sparql import protocol_router
from regiodeal.sparql.service import Answer, GraphCounts, QueryScope, QueryService
from regiodeal.store.manifest import StoreInfo
from regiodeal.urls import public_base_url

GRAPH = "http://example.org/g1"


@dataclass
class FakeService:
    """A QueryService that answers every query with `answer` and records what it was asked."""

    answer: Answer
    counts: GraphCounts = field(default_factory=lambda: GraphCounts({GRAPH: 3}, 7))
    local_store: StoreInfo | None = None
    asked: list[tuple[str, str | None, QueryScope | None]] = field(default_factory=list)

    async def execute(
        self, query: str, accept: str | None, scope: QueryScope | None = None
    ) -> Answer:
        self.asked.append((query, accept, scope))
        return self.answer

    async def close(self) -> None:
        pass


def _client(service: QueryService, *routers) -> TestClient:
    app = FastAPI()
    app.state.settings = Settings()
    for router in routers:
        app.include_router(router)
    app.dependency_overrides[deps.query_service] = lambda: service
    return TestClient(app)


def test_sparql_router_runs_the_query_on_the_service_it_is_given() -> None:
    fake = FakeService(Answer(200, "text/csv", b"x\r\n1\r\n", truncated=True, count=1))
    client = _client(fake, protocol_router.router)
    response = client.get(
        "/sparql",
        params=[("query", "SELECT * {}"), ("named-graph-uri", GRAPH)],
        headers={"Accept": "text/csv"},
    )
    assert (response.status_code, response.text) == (200, "x\r\n1\r\n")
    assert response.headers[protocol_router.TRUNCATED_HEADER] == "true"
    [(query, accept, scope)] = fake.asked
    assert (query, accept) == ("SELECT * {}", "text/csv")
    assert scope == QueryScope([], [GRAPH], "http://testserver/sparql")


def test_service_description_states_the_services_counts() -> None:
    client = _client(FakeService(Answer(500, "text/plain", b"unused")), protocol_router.router)
    response = client.get("/sparql", headers={"Accept": "application/n-triples"})
    graph = Graph().parse(data=response.text, format="nt")
    assert Literal(7) in set(graph.objects(None, VOID.triples))  # the default graph
    names = set(graph.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name")))
    assert names == {URIRef(GRAPH)}


def test_page_shows_the_services_error_with_its_status() -> None:
    busy = FakeService(Answer(504, "text/plain", b"Query timeout: the limit is 10 s"))
    response = _client(busy, linked_data.router).get("/doc/regiodeal/delft-west")
    assert response.status_code == 504
    assert "Query timeout: the limit is 10 s" in response.text


def test_publishing_without_a_local_store_writes_no_dumps() -> None:
    # An external store: nothing on disk to dump, and statistics queries that fail (store down).
    down = FakeService(Answer(503, "text/plain", b"the external store is unreachable"))
    publication = aio.run(publish(Settings(downloads_dir=None), down))
    assert publication.dumps == []
    assert publication.statistics.triples == 7  # from the service's counts instead
    assert publication.counts is down.counts  # live: filled in once the store answers


def _request(host: str, root_path: str = "") -> Request:
    scope = {
        "type": "http",
        "scheme": "http",
        "server": (host, 8000),
        "path": "/doc/x",
        "root_path": root_path,
        "headers": [(b"host", f"{host}:8000".encode())],
    }
    return Request(scope)


def test_public_base_url_is_the_setting_or_the_request_ending_in_a_slash() -> None:
    proxied = Settings(public_base_url="https://example.org/regiodeal")
    assert public_base_url(_request("127.0.0.1"), proxied) == "https://example.org/regiodeal/"
    assert public_base_url(_request("127.0.0.1"), Settings()) == "http://127.0.0.1:8000/"
    mounted = _request("127.0.0.1", root_path="/rd")
    assert public_base_url(mounted, Settings()) == "http://127.0.0.1:8000/rd/"


def test_no_route_of_the_app_hops_to_a_thread_for_a_dependency() -> None:
    """FastAPI runs a dependency that is a plain function in its thread pool: on a 2-core
    machine that hop cost every request time for reading one attribute (issue #16)."""

    def calls(dependant: Dependant) -> list[object]:
        found = []
        for sub in dependant.dependencies:
            found += [sub.call, *calls(sub)]
        return found

    def api_routes(routes: list[Any]) -> list[APIRoute]:
        found = []
        for route in routes:  # an included router is kept whole, as `original_router`
            nested = getattr(route, "original_router", None)
            found += api_routes(nested.routes) if nested else []
            found += [route] if isinstance(route, APIRoute) else []
        return found

    routes = api_routes(create_app(Settings()).routes)
    plain = {
        f"{route.path}: {getattr(call, '__qualname__', call)}"
        for route in routes
        for call in calls(route.dependant)
        if not inspect.iscoroutinefunction(call)
    }
    assert len(routes) > 20 and not plain
