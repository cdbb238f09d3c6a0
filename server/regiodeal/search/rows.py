"""The rows the search index is made of (`search_query`), what a saved index is keyed by
(`index_key`), and the index built straight from a pyoxigraph store (`index_from_store`, at store
build: one query, no pages, no time limit). Imports no web framework: the store build's child
process uses it."""

from __future__ import annotations

import hashlib

from pyoxigraph import QuerySolutions, Store

from regiodeal.namespaces import sparql_prefixes
from regiodeal.search.index import KINDS, SearchIndex, entries_from_rows

INDEX_VERSION = 1  # bump when the index's tables or the meaning of its columns change
ROW_NAMES = ("s", "type", "p", "text", "lang")
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


def index_key(fingerprint: str) -> str:
    """What a saved index is valid for: the sources' fingerprint (sources, graph naming, rules,
    reference date: regiodeal.store.manifest.fingerprint), the index's version and its query."""
    digest = hashlib.sha256(f"{fingerprint}|{INDEX_VERSION}|{search_query()}".encode())
    return digest.hexdigest()


def index_from_store(store: Store) -> SearchIndex:
    """The index of every row of `search_query`, read from `store` in one query (the rows and
    their order are those `search_rows` reads page by page through the query service)."""
    solutions = store.query(search_query(0, 10**9))
    assert isinstance(solutions, QuerySolutions)
    rows = [{k: row[k].value for k in ROW_NAMES if row[k] is not None} for row in solutions]
    index = SearchIndex()
    index.add(entries_from_rows(rows))
    return index
