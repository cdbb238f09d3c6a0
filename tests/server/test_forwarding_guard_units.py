"""sparql/forwarding_guard.py: which queries may be forwarded to an external store, and the
exact refusal a client reads (no store, no app). The rules are those of the module docstring;
each expectation below is read off them by hand."""

from __future__ import annotations

import pytest

from regiodeal.sparql.forwarding_guard import READ_ONLY, check_forwardable
from regiodeal.sparql.guard import QueryRefused

WHERE = "SELECT * WHERE { ?s ?p ?o }"


def refusal(query: str) -> str:
    with pytest.raises(QueryRefused) as raised:
        check_forwardable(query)
    return str(raised.value)


@pytest.mark.parametrize(
    "word", ["INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"]
)
def test_each_update_keyword_after_a_query_is_refused_by_name(word: str) -> None:
    # After a valid query, so only the keyword check can refuse it (the form check passes).
    message = f"this endpoint is read-only: SPARQL Update is not accepted ({word})"
    assert refusal(f"{WHERE} {word} <urn:x>") == message
    assert refusal(f"{WHERE} {word.lower()} <urn:x>") == message  # keywords ignore case
    assert READ_ONLY == "this endpoint is read-only: SPARQL Update is not accepted"


def test_using_is_refused_by_name() -> None:
    # No update word before it: `USING` is found on its own.
    assert refusal(f"{WHERE} USING <urn:g>").endswith("(USING)")


def test_the_first_update_word_of_the_list_is_named() -> None:
    # DELETE … INSERT … WHERE: the list is searched in its order, INSERT first.
    assert refusal(f"{WHERE} DELETE {{ }} INSERT {{ }} WHERE {{ }}").endswith("(INSERT)")


def test_an_escaped_update_keyword_is_refused() -> None:
    # \u0049 is "I": the engine reads INSERT, so does the guard (the decoded variant).
    assert refusal(WHERE + " \\u0049NSERT DATA { }").endswith("(INSERT)")


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX get: <http://x/> SELECT * WHERE { } DEFINE get:soft 'replace'",
        "PREFIX input: <http://x/> SELECT * WHERE { } define input:grab-all 'yes'",
    ],
)
def test_define_anywhere_is_refused(query: str) -> None:
    # The prefixes are declared and the query starts with SELECT: only DEFINE is wrong.
    assert refusal(query) == "DEFINE is not SPARQL 1.1; vendor extensions are not forwarded"


@pytest.mark.parametrize(
    "query",
    [
        "DESCRIBEX <urn:x>",
        "SELECTED * {}",
        "ASK:x {}",
        "VALUES ?x { 1 } SELECT * {}",
        "PREFIX a: <http://a/> JSON {}",
        "",
    ],
)
def test_a_query_must_start_with_a_query_form(query: str) -> None:
    expected = "expected SELECT, ASK, CONSTRUCT or DESCRIBE after PREFIX and BASE"
    assert refusal(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX a: <http://a/> BASE <http://b/> PREFIX b:<http://c/> ASK { ?s a:p b:o }",
        "prefix a: <http://a/> base <http://b/> construct { ?s a:p ?o } where { ?s a:p ?o }",
        "DESCRIBE <urn:x>",
        "PREFIXx:<http://x/> SELECT * { ?s x:p ?o }",  # a declaration written without a space
        "prefixx:<http://x/> select * { ?s x:p ?o }",
        "PREFIXab:<http://x/> SELECT * { ?s ab:p ?o }",
        "SELECT * { ?s ?p ?o } # INSERT DATA and DEFINE in a comment",
        "SELECT * { ?s ?p 'DELETE WHERE' }",
        "SELECT ?insert { ?insert <http://x/DROP> ?o }",
    ],
)
def test_plain_queries_are_forwarded(query: str) -> None:
    check_forwardable(query)


def test_a_prefix_ending_in_a_declared_prefix_is_still_undeclared() -> None:
    # `abcdefx:` is not the glued declaration `PREFIXx:`, although it ends in the declared x.
    query = "PREFIX x: <http://x/> SELECT * { ?s abcdefx:p ?o }"
    assert refusal(query) == "undeclared prefix abcdefx: declare it with PREFIX abcdefx: <…>"


@pytest.mark.parametrize(
    ("query", "prefix"),
    [
        ("SELECT (bif:http_get('x') AS ?x) {}", "bif"),  # used, not declared
        ("PREFIX bif: <http://example.org/> SELECT * {}", "bif"),  # declared, not used
        ("PREFIX Bif: <http://example.org/> SELECT * {}", "Bif"),
        ("SELECT * { ?s SQL:x ?o }", "SQL"),
        ("PREFIX sql: <http://x/> SELECT * { ?s bif:x ?o }", "bif"),  # the first in sorted order
    ],
)
def test_vendor_prefixes_are_refused_declared_or_not(query: str, prefix: str) -> None:
    message = f"the prefix {prefix}: names vendor functions; it is not forwarded"
    assert refusal(query) == message


def test_the_first_undeclared_prefix_in_sorted_order_is_named() -> None:
    query = "PREFIX c: <http://c/> SELECT * { ?s b:x ?o . ?s a:y c:z }"
    assert refusal(query) == "undeclared prefix a: declare it with PREFIX a: <…>"


@pytest.mark.parametrize(
    "iri",
    [
        "<bif:http_get>",
        "<sql:exec>",
        "<BIF:http_get>",
        "<http://www.openlinksw.com/schemas/bif#http_get>",
        "<http://www.openlinksw.com/schemas/sql#exec>",
    ],
)
def test_vendor_function_iris_are_refused(iri: str) -> None:
    message = f"{iri} is a vendor function namespace; it is not forwarded"
    assert refusal(f"SELECT * {{ ?s ?p ?o FILTER({iri}(?o)) }}") == message


def test_an_escape_of_no_character_is_refused_with_the_lexers_reason() -> None:
    message = refusal('SELECT * { ?s ?p "\\U00110000" }')
    assert message == "\\U00110000 is not a Unicode code point (escapes go up to \\U0010FFFF)"
