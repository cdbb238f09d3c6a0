"""Start-up statistics from an external store that answers a count with no row (issue #10): a
clear error the publishing router can report, not an IndexError that stops the server."""

from __future__ import annotations

import logging

import httpx
import pytest
from support import aio

from regiodeal.publishing.statistics import gather_statistics
from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.sparql.remote import RemoteSparqlService
from regiodeal.sparql.service import QueryError

ENDPOINT = "http://store.invalid/sparql"


def _no_rows(request: httpx.Request) -> httpx.Response:
    """A store whose every answer is an empty table (e.g. a COUNT it evaluates to no solution)."""
    body = {"head": {"vars": ["triples", "subjects", "n"]}, "results": {"bindings": []}}
    return httpx.Response(200, json=body, headers={"content-type": results.JSON})


def _service() -> RemoteSparqlService:
    settings = Settings(store="sparql+" + ENDPOINT)
    return RemoteSparqlService(settings, ENDPOINT, httpx.MockTransport(_no_rows))


def test_statistics_without_a_row_is_a_clear_error() -> None:
    with pytest.raises(QueryError) as raised:
        aio.run(gather_statistics(_service()))
    message = str(raised.value)
    assert "0 rows" in message and "exactly one row" in message and "COUNT(*)" in message


def test_graph_listing_without_a_count_row_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        known = aio.run(_service().refresh())
    assert known is False
    assert "0 rows, not one with ?n" in caplog.text
