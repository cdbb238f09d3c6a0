"""Building the search index from the graph, through the query service (so an external store
works too), page by page under the row cap."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from regiodeal.namespaces import sparql_prefixes
from regiodeal.search.index import KINDS, SearchIndex, entries_from_rows
from regiodeal.sparql.service import QueryService, select

PAGE = 5000  # rows per query, under the default row cap (REGIODEAL_MAX_RESULT_ROWS = 10000)
TEXT_PROPERTIES = (
    "rdfs:label skos:prefLabel dcterms:title foaf:name rd:abbreviation "
    "skos:definition rdfs:comment rd:quote dcterms:description rd:indicator"
)


def search_query(
    offset: int = 0, limit: int = PAGE, after: str | None = None, subject: str | None = None
) -> str:
    """The text rows of the indexed subjects, ordered by subject IRI: all of them, those whose
    IRI sorts after `after` (keyset paging), or those of `subject` only."""
    types = " ".join(f"<{type_iri}>" for type_iri, _ in KINDS)
    condition = ""
    if subject is not None:
        condition = f"FILTER (?s = <{subject}>)"
    elif after is not None:
        escaped = after.replace("\\", "\\\\").replace('"', '\\"')
        condition = f'FILTER (STR(?s) > "{escaped}")'
    # ORDER BY the IRI's string, the same comparison as the keyset's FILTER on any store
    return f"""{sparql_prefixes("rd", "rdfs", "skos", "dcterms", "foaf")}
SELECT ?s ?type ?p ?text (LANG(?text) AS ?lang) WHERE {{
  VALUES ?type {{ {types} }}
  ?s a ?type . FILTER isIRI(?s) {condition}
  OPTIONAL {{ VALUES ?p {{ {TEXT_PROPERTIES} }} ?s ?p ?text . FILTER isLiteral(?text) }}
}}
ORDER BY (STR(?s)) ?type ?p ?text
LIMIT {limit} OFFSET {offset}"""


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
