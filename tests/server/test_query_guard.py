"""The pre-execution check of SERVICE / FROM, and content negotiation, without a server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regiodeal.sparql import guard
from regiodeal.sparql.forwarding_guard import check_forwardable
from regiodeal.sparql.guard import QueryRefused, check_query, inspect_query, is_allowed
from regiodeal.sparql.negotiation import ALIASES, negotiate, parse_content_type
from regiodeal.sparql.results import GRAPH_TYPES, TABULAR_TYPES

EVIL = "http://evil.example/sparql"
LOCAL = {"http://example.org/g1"}


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
        f"select * {{ service SILENT <{EVIL}> {{ ?s ?p ?o }} }}",
        "PREFIX e: <http://evil.example/>\nSELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        f"SELECT * {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
        f'SELECT * {{ ?s ?p """a "quoted" \'\'\' thing""" . SERVICE <{EVIL}> {{}} }}',
        "SELECT * { SERVICE ?x { ?s ?p ?o } }",
        "SELECT * { SERVICE undeclared:x { ?s ?p ?o } }",
        f"SELECT * FROM <{EVIL}> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{EVIL}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_query(query, [], LOCAL)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p 'SERVICE <http://evil.example/> {}' }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/> {}",
        "PREFIX ex: <http://example.org/> SELECT * { ?s ex:SERVICE ?service }",
        "SELECT * FROM <http://example.org/g1> { ?s ?p ?o }",
        "SELECT * { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }",
    ],
)
def test_allowed(query: str) -> None:
    check_query(query, ["http://allowed.example/"], LOCAL)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX select: <http://x/> ASK { ?s select:a ?o }", "ASK"),
        ("# SELECT\nCONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }", "CONSTRUCT"),
        ("describe <http://x/>", "DESCRIBE"),
        ("BASE <http://x/> SELECT * {}", "SELECT"),
        ("INSERT DATA { <a> <b> <c> }", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    assert inspect_query(query).form == form


@pytest.mark.parametrize(
    ("accept", "offers", "expected"),
    [
        (None, TABULAR_TYPES, "application/sparql-results+json"),
        ("*/*", GRAPH_TYPES, "text/turtle"),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            TABULAR_TYPES,
            "application/sparql-results+xml",
        ),
        ("text/csv, application/sparql-results+xml;q=0.9", TABULAR_TYPES, "text/csv"),
        ("application/json", TABULAR_TYPES, "application/sparql-results+json"),
        ("text/*;q=0.8, text/tab-separated-values", TABULAR_TYPES, "text/tab-separated-values"),
        ("application/ld+json, */*;q=0.1", GRAPH_TYPES, "application/ld+json"),
        ("text/html", TABULAR_TYPES, None),
        ("text/csv;q=0", TABULAR_TYPES, None),
        ("application/rdf+xml;q=1.0, text/turtle;q=0.2", GRAPH_TYPES, "application/rdf+xml"),
    ],
)
def test_negotiate(accept: str | None, offers: tuple[str, ...], expected: str | None) -> None:
    assert negotiate(accept, offers, ALIASES) == expected


REPORT_TYPES = ("application/json", "text/turtle", "text/csv", "text/html")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/json", "application/json"),
        ("text/plain, text/csv;q=0.5", "text/csv"),
        ("text/*", "text/turtle"),
        ("application/sparql-results+json", None),
    ],
)
def test_negotiate_without_aliases(accept: str, expected: str | None) -> None:
    """Outside SPARQL results, application/json is plain JSON and text/plain is not N-Triples."""
    assert negotiate(accept, REPORT_TYPES) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, ("", None)),
        ("text/turtle", ("text/turtle", None)),
        ('Application/SPARQL-Query; Charset="UTF-8"', ("application/sparql-query", "utf-8")),
        ("text/turtle; q=1 ; charset=latin1", ("text/turtle", "latin1")),
    ],
)
def test_parse_content_type(header: str | None, expected: tuple[str, str | None]) -> None:
    assert parse_content_type(header) == expected


# Issue #10: keywords glued to what follows, as pyoxigraph's PEG parser reads them.
GLUED = [
    "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { servicesilent<http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEx: { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE: { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICESILENTx:a { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { ?s ?p 1SERVICE x:a { } }",
    # `<` read as less-than by the engine, as an IRI by a tokenizer
    "PREFIX x: <http://127.0.0.1:9/> SELECT * { VALUES ?a {1} FILTER(?a<?b)SERVICEx:#>\n{ } }",
    "SELECT * { VALUES ?a {1} FILTER(?a<?b)SERVICE#>\n<http://127.0.0.1:9/x> { } }",
    "PREFIXy:<http://127.0.0.1:9/> SELECT * WHERE { SERVICE y:a { } }",
    "SELECT * FROMNAMED<http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o = "\\U00110000") }',
]


@pytest.mark.parametrize("query", GLUED)
def test_glued_keywords_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_query(query, [], LOCAL, "http://127.0.0.1:8000/sparql")


FORWARDING_REFUSED = [
    "SELECT * WHERE { ?s ?p ?o } INSERTDATA{<http://a> <http://b> <http://c>}",
    "PREFIX bif: <http://www.openlinksw.com/schemas/bif#> SELECT (bif:http_get('x') AS ?x) {}",
    "PREFIX bif: <http://example.org/> SELECT (bif:http_get('x') AS ?x) {}",
    "SELECT * WHERE { ?s ?p ?o } DEFINE get:soft 'replace'",
    "PREFIXx:<http://x/> SELECT * { ?s ?p ?o } DELETEWHERE{?s ?p ?o}",
]


@pytest.mark.parametrize("query", FORWARDING_REFUSED)
def test_forwarding_guard_refuses_glued_updates_and_vendor_prefixes(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_forwardable(query)


LEGITIMATE = [
    # words that contain a keyword but are no keyword: variables, local names, IRIs, strings
    "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?from WHERE { ?x prov:wasDerivedFrom ?from }",
    "PREFIX schema: <http://schema.org/> SELECT * { ?s schema:serviceType ?service }",
    "SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?e }",
    "SELECT * { ?s ?p 'customer service <http://x/>' } # a SERVICE <http://y/> comment",
]


@pytest.mark.parametrize("query", LEGITIMATE)
def test_keywords_inside_names_strings_and_comments_are_not_refused(query: str) -> None:
    assert check_query(query, [], LOCAL).services == []
    check_forwardable(query)


def test_allow_list_entries_end_at_a_boundary() -> None:
    assert is_allowed("http://allowed.example/sparql", ["http://allowed.example"])
    assert not is_allowed("http://allowed.example.evil.net/", ["http://allowed.example"])


def _with_marks(count: int) -> str:
    # `?v` is one mark (the `?`); the braces, spaces and letters are none.
    return "SELECT * WHERE { VALUES ?v { 1 } " + "?v " * (count - 1) + "}"


def _query_guard(query: str) -> None:
    check_query(query, [], set())


@pytest.mark.parametrize("check", [_query_guard, check_forwardable])
def test_a_query_with_more_marks_than_the_guard_reads_is_refused(
    check: Callable[[str], None],
) -> None:
    # 25,000 is lexer.MAX_MARKS: one `?v` in VALUES plus 24,999 in the body is exactly the
    # limit and passes; one more is refused, with the count and the limit in the message.
    check(_with_marks(25_000))
    with pytest.raises(QueryRefused, match=r"25,001 .* at most 25,000"):
        check(_with_marks(25_001))


def test_a_dense_query_is_refused_before_it_is_tokenised() -> None:
    # 1 MB of `"x` is 500,000 quote marks: refused by the count, not read token by token.
    with pytest.raises(QueryRefused, match="500,000"):
        check_forwardable("SELECT * WHERE { " + '"x' * 500_000 + " }")


def test_the_form_of_an_unreadable_query_is_left_to_the_parser() -> None:
    assert inspect_query("SELECT * { ?s ?p ?o }").form == "SELECT"
    assert guard.query_form("SELECT * { " + "?s " * 25_001 + "}") is None
