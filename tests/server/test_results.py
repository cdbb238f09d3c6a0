"""Our result serialisers (needed for the row cap) agree with pyoxigraph's own."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results

from regiodeal.sparql import results
from regiodeal.store.files import turtle_files

QUERY = """
SELECT ?s ?p ?o ?missing WHERE {
  { ?s ?p ?o } UNION { BIND(<x:a> AS ?s) BIND("tab\\there \\"quoted\\", comma"@nl AS ?o) }
  UNION { BIND(BNODE("b") AS ?s) BIND(12.5 AS ?o) }
} LIMIT 3000
"""


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    for path in turtle_files()[:10]:
        store.extend(parse(path=str(path), format=RdfFormat.TURTLE, base_iri=path.as_uri()))
    return store


def rows(store: Store) -> tuple[list[str], list[list]]:
    solutions = store.query(QUERY)
    variables = [v.value for v in solutions.variables]
    return variables, [[s[i] for i in range(len(variables))] for s in solutions]


def test_json_matches_pyoxigraph(store: Store) -> None:
    variables, table = rows(store)
    native = store.query(QUERY).serialize(format=QueryResultsFormat.JSON)
    ours = results.select_json(variables, table)
    native_doc, our_doc = json.loads(native), json.loads(ours)
    # blank node labels are per-serialisation; compare everything else
    for doc in (native_doc, our_doc):
        for binding in doc["results"]["bindings"]:
            for value in binding.values():
                if value["type"] == "bnode":
                    value["value"] = "b"
    assert our_doc == native_doc


@pytest.mark.parametrize(
    ("writer", "fmt"),
    [
        (results.select_xml, QueryResultsFormat.XML),
        (results.select_tsv, QueryResultsFormat.TSV),
    ],
)
def test_xml_and_tsv_parse_back(store: Store, writer, fmt) -> None:
    variables, table = rows(store)
    parsed = parse_query_results(writer(variables, table), format=fmt)
    assert [v.value for v in parsed.variables] == variables
    back = [[s[i] for i in range(len(variables))] for s in parsed]
    assert len(back) == len(table)
    for ours, theirs in zip(back, table, strict=True):
        for a, b in zip(ours, theirs, strict=True):
            assert (a is None) == (b is None)
            if a is not None and type(a).__name__ != "BlankNode":
                assert a == b


SEPARATORS = """SELECT ?o WHERE { VALUES ?o { "a},{b" "<result>" "line\\nbreak" 1 2 } }"""


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_native_rows_are_never_undercounted(store: Store, media_type: str) -> None:
    # 5 rows; the literals imitate each format's row separator, so the count may exceed 5
    # (by at most one per imitation) but must never fall below it.
    written = results.native_select(media_type, store.query(SEPARATORS), 100, None)
    assert written is not None and written.limit is None
    assert 5 <= written.count <= 7
    assert written.body == store.query(SEPARATORS).serialize(
        format=results.NATIVE_FORMATS[media_type]
    )


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_native_writer_gives_way_over_either_cap(store: Store, media_type: str) -> None:
    full = store.query(QUERY).serialize(format=results.NATIVE_FORMATS[media_type])
    assert results.native_select(media_type, store.query(QUERY), 3000, len(full)) is not None
    # one byte less, or one row less than the 3000 the query returns: our writer must cut
    assert results.native_select(media_type, store.query(QUERY), 3000, len(full) - 1) is None
    assert results.native_select(media_type, store.query(QUERY), 2999, None) is None


def test_empty_json_result_counts_no_rows(store: Store) -> None:
    written = results.native_select(
        results.JSON, store.query("SELECT ?x WHERE { FILTER(false) }"), 1, None
    )
    assert written is not None and written.count == 0
