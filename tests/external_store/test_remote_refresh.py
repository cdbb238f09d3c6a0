"""RemoteSparqlService.refresh against a store that answers its SELECT queries wrongly."""

from __future__ import annotations

import asyncio

import httpx

from regiodeal.settings import Settings
from regiodeal.sparql.remote import RemoteSparqlService

BOOLEAN = b'{"head": {}, "boolean": true}'


def test_a_boolean_answer_to_the_graph_listing_is_a_failed_refresh() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=BOOLEAN, headers={"content-type": "application/sparql-results+json"}
        )

    config = Settings(store="sparql+http://store.invalid/sparql")
    service = RemoteSparqlService(
        config, "http://store.invalid/sparql", httpx.MockTransport(handler)
    )

    async def refresh() -> bool:
        try:
            return await service.refresh()
        finally:
            await service.close()

    assert asyncio.run(refresh()) is False  # logged and retried later, not an AttributeError
    assert service.local_graphs == set()
