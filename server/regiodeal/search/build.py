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


def search_query(offset: int, limit: int = PAGE) -> str:
    types = " ".join(f"<{type_iri}>" for type_iri, _ in KINDS)
    return f"""{sparql_prefixes("rd", "rdfs", "skos", "dcterms", "foaf")}
SELECT ?s ?type ?p ?text (LANG(?text) AS ?lang) WHERE {{
  VALUES ?type {{ {types} }}
  ?s a ?type . FILTER isIRI(?s)
  OPTIONAL {{ VALUES ?p {{ {TEXT_PROPERTIES} }} ?s ?p ?text . FILTER isLiteral(?text) }}
}}
ORDER BY ?s ?type ?p ?text
LIMIT {limit} OFFSET {offset}"""


async def build_search_index(service: QueryService) -> SearchIndex:
    rows: list[dict[str, str]] = []
    offset = 0
    while True:
        page = (await select(service, search_query(offset))).values()
        rows.extend(page)
        if len(page) < PAGE:
            break
        offset += PAGE
    index = SearchIndex()
    await run_in_threadpool(index.add, entries_from_rows(rows))
    return index
