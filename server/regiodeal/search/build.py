"""Building the search index from the graph, through the query service (so an external store
works too), page by page under the row cap; or opening the one saved in the store directory
(`open_search_index`): the store build writes it (regiodeal.store.build), and a server that
finds none for its data builds it here and saves it for the next start."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from regiodeal.search.index import SEARCH_INDEX, SearchIndex, entries_from_rows
from regiodeal.search.rows import PAGE, index_key, search_query
from regiodeal.sparql.service import QueryService, select

log = logging.getLogger(__name__)
__all__ = ["PAGE", "build_search_index", "open_search_index", "search_query", "search_rows"]


async def search_rows(service: QueryService, limit: int = PAGE) -> list[dict[str, str]]:
    """Every row of `search_query`, in its order, page by page under the row cap.

    Each page starts after the last subject the previous page completed (keyset paging), not
    at an OFFSET: an OFFSET page sorts and skips every row before it, so the pages together
    cost the square of the graph, and at 1,500 synthetic deals on a loaded machine one page
    passed the query time limit and the server did not start (issue #16). A full page's last
    subject may be cut off by the limit: its rows are read again with the next page."""
    rows: list[dict[str, str]] = []
    after: str | None = None
    while True:
        page = (await select(service, search_query(limit=limit, after=after))).values()
        if len(page) < limit:
            return rows + page
        last = page[-1]["s"]
        complete = [row for row in page if row["s"] != last]
        if not complete:  # one subject with a page of rows or more: its own pages
            complete = await _rows_of(service, last, limit)
        rows.extend(complete)
        after = complete[-1]["s"]


async def _rows_of(service: QueryService, subject: str, limit: int) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    while True:
        page = (await select(service, search_query(len(rows), limit, subject=subject))).values()
        rows.extend(page)
        if len(page) < limit:
            return rows


async def build_search_index(service: QueryService) -> SearchIndex:
    rows = await search_rows(service)
    index = SearchIndex()
    await run_in_threadpool(index.add, entries_from_rows(rows))
    return index


async def open_search_index(service: QueryService) -> SearchIndex:
    """The index saved in the local store's directory for its data, else one built from the
    graph (and saved there, when the service has a local store, for the next start)."""
    info = service.local_store
    if info is None:  # an external store: nowhere to keep it
        return await build_search_index(service)
    path = Path(info.path) / SEARCH_INDEX
    key = index_key(info.fingerprint)
    index = await run_in_threadpool(SearchIndex.load, path, key)
    if index is not None:
        return index
    index = await build_search_index(service)
    try:
        await run_in_threadpool(index.save, path, key)
    except (OSError, ValueError) as exc:  # sqlite3.Error is neither; a read-only directory is
        log.warning("search index not saved in %s: %s", path, exc)
    return index
