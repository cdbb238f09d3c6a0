"""The search index's rows read page by page (regiodeal.search.build.search_rows, keyset paging,
issue #16) are the rows of one unpaged query, in the same order, at any page size."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import cast

import pytest
from pyoxigraph import QueryResultsFormat, QuerySolutions, Store

from regiodeal.search.build import search_query, search_rows
from regiodeal.settings import get_settings
from regiodeal.sparql.service import SPARQL_JSON, Answer, QueryService
from regiodeal.store.dataset import bundled_dataset


class StoreService:
    """Just enough of a QueryService for `select`: SELECT answers as SPARQL JSON, no row cap."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queries = 0

    async def execute(self, query: str, media_type: str) -> Answer:
        assert media_type == SPARQL_JSON
        self.queries += 1
        solutions = self.store.query(query)
        assert isinstance(solutions, QuerySolutions)
        body = solutions.serialize(format=QueryResultsFormat.JSON)
        assert body is not None
        return Answer(200, SPARQL_JSON, body)


@pytest.fixture(scope="module")
def store() -> Store:
    return bundled_dataset(get_settings())


def _unpaged(store: Store) -> list[dict[str, str]]:
    solutions = store.query(search_query(0, 10**7))
    assert isinstance(solutions, QuerySolutions)
    names = ("s", "type", "p", "text", "lang")
    return [{k: row[k].value for k in names if row[k] is not None} for row in solutions]


@pytest.mark.parametrize("limit", [7, 50, 5000])
def test_the_pages_together_are_the_unpaged_rows(store: Store, limit: int) -> None:
    expected = _unpaged(store)
    service = StoreService(store)
    rows = asyncio.run(search_rows(cast(QueryService, service), limit))
    assert rows == expected
    if limit == 7:
        # a subject with a page of rows or more is read on its own pages (its rows are not lost
        # or repeated when the limit cuts through it)
        per_subject = Counter(row["s"] for row in expected)
        assert max(per_subject.values()) >= limit
    # pages, not one query per subject: at most one keyset page per 1 + limit/2 rows, plus the
    # pages of the subjects read on their own (rough bound; the old OFFSET paging used
    # len/limit + 1 queries, each sorting every row)
    assert service.queries <= 2 * len(expected) // limit + 2 + len(expected) // limit
