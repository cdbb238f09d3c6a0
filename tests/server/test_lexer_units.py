"""The lexer's escape decoding, the query form and `inspect_query`, and the 406 wording, read
directly (mutation survivors: these paths were only reached through wider tests, or not at all).
"""

from __future__ import annotations

import json

import pytest

from regiodeal.sparql import results
from regiodeal.sparql.guard import QueryRefused, check_query, inspect_query, is_allowed, query_form
from regiodeal.sparql.lexer import BadEscape, unescape
from regiodeal.sparql.negotiation import (
    ALIASES,
    negotiate,
    negotiate_result_types,
    parse_accept,
    parse_content_type,
)
from regiodeal.sparql.service import Answer

# `\users` is no escape, so Python's codec gives up and each escape is decoded on its own.
NO_ESCAPE = "# C:\\users\n"


@pytest.mark.parametrize(
    ("escape", "decoded"),
    [
        ("\\u0041", "A"),  # 0x41 = 65 = "A"
        ("\\u00e9", "\u00e9"),  # lower-case hex digits
        ("\\U0001F600", "\U0001f600"),  # 0x1F600: eight digits, read in base 16
        ("\\U0010FFFF", "\U0010ffff"),  # the last code point is still one
    ],
)
def test_escapes_decode_one_by_one_beside_a_non_escape(escape: str, decoded: str) -> None:
    assert unescape(NO_ESCAPE + escape) == NO_ESCAPE + decoded


def test_an_escape_beyond_the_last_code_point_is_refused_with_its_text() -> None:
    with pytest.raises(BadEscape) as refused:
        unescape(NO_ESCAPE + "\\U00110000")  # 0x110000 = 0x10FFFF + 1
    assert str(refused.value).startswith("\\U00110000 is not a Unicode code point")


@pytest.mark.parametrize(
    ("query", "form"),
    [
        (" SELECT * {}", "SELECT"),
        # the keyword does not start a run: the character right before it is a name character
        # (and the one before that a space, so looking two characters back would miss it)
        (" xSELECT * {}", None),
        ("  xASK {}", None),
    ],
)
def test_a_form_keyword_counts_only_at_the_start_of_a_run(query: str, form: str | None) -> None:
    assert query_form(query) == form


def test_inspect_query_reports_form_services_and_graphs_against_the_base() -> None:
    query = "SELECT * FROM <g> FROM NAMED <h> { SERVICE <s> { ?a ?b ?c } }"
    facts = inspect_query(query, "http://base.example/dir/")
    assert facts.form == "SELECT"
    assert facts.services == ["http://base.example/dir/s"]
    assert facts.from_graphs == ["http://base.example/dir/g", "http://base.example/dir/h"]


def test_inspect_query_without_a_base_keeps_absolute_iris_and_refuses_relative_ones() -> None:
    facts = inspect_query("ASK FROM <http://example.org/g> { }")
    assert (facts.form, facts.services, facts.from_graphs) == ("ASK", [], ["http://example.org/g"])
    with pytest.raises(QueryRefused, match="no base IRI"):
        inspect_query("ASK FROM <g> { }")


def test_the_406_lists_the_media_types_separated_by_commas() -> None:
    answer = negotiate_result_types("SELECT", "image/png")
    assert isinstance(answer, Answer) and answer.status == 406
    assert answer.body.decode() == (
        "Not Acceptable: a SELECT result can be sent as one of: application/sparql-results+json, "
        "application/sparql-results+xml, text/csv, text/tab-separated-values"
    )


JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
TURTLE, NTRIPLES = "text/turtle", "application/n-triples"
GRAPH_LIST = "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"


@pytest.mark.parametrize(
    ("form", "accept", "expected"),
    [
        ("SELECT", "application/json", (JSON, None)),  # an alias of SPARQL JSON; no RDF type
        ("CONSTRUCT", "text/plain", (None, NTRIPLES)),  # an alias of N-Triples
        ("CONSTRUCT", "text/turtle", (None, TURTLE)),
        ("ASK", "text/xml, text/turtle;q=0.5", (XML, TURTLE)),  # both lists negotiated
        ("DESCRIBE", None, (JSON, TURTLE)),  # anything: each list's first
        (None, "text/csv", ("text/csv", None)),  # form unknown: one fitting list is enough
    ],
)
def test_result_types_per_form(
    form: str | None, accept: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert negotiate_result_types(form, accept) == expected


@pytest.mark.parametrize(
    ("form", "accept", "message"),
    [
        ("CONSTRUCT", "text/csv", f"a CONSTRUCT result can be sent as one of: {GRAPH_LIST}"),
        ("DESCRIBE", "application/json", f"a DESCRIBE result can be sent as one of: {GRAPH_LIST}"),
        ("ASK", "text/turtle", f"a ASK result can be sent as one of: {JSON}, {XML}"),
        (None, "image/png", f"a query result can be sent as one of: {JSON}, {XML}, text/csv"),
    ],
)
def test_result_types_406(form: str | None, accept: str, message: str) -> None:
    answer = negotiate_result_types(form, accept)
    assert isinstance(answer, Answer) and answer.status == 406
    assert answer.body.decode().startswith("Not Acceptable: " + message)


def test_the_unknown_form_406_lists_all_eight_types() -> None:
    answer = negotiate_result_types(None, "image/png")
    assert isinstance(answer, Answer)
    assert answer.body.decode().endswith(f"text/tab-separated-values, {GRAPH_LIST}")


def test_charset_is_unquoted_and_lower_cased_whole() -> None:
    # x-user-defined (WHATWG Encoding): a leading "X" is part of the name, only quotes go
    assert parse_content_type('text/html; charset="X-User-Defined"') == (
        "text/html",
        "x-user-defined",
    )


def test_a_service_variable_is_named_as_such_in_the_refusal() -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }")
    assert str(refused.value).startswith("SERVICE followed by a variable is not allowed")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, [("*/*", 1.0)]),
        ("  ", [("*/*", 1.0)]),
        ("TEXT/CSV; Q=0.3", [("text/csv", 0.3)]),
        ("text/csv;q=2", [("text/csv", 1.0)]),  # q is at most 1
        ("text/csv;q=-1", [("text/csv", 0.0)]),  # and at least 0
        ("text/csv;q=high", [("text/csv", 0.0)]),  # unreadable: not acceptable
        ("text/csv;q=0.5=1", [("text/csv", 0.0)]),  # the value is all after the first "="
        (", text/csv;level=1, ", [("text/csv", 1.0)]),  # empty parts skipped, not the end
    ],
)
def test_parse_accept(header: str | None, expected: list[tuple[str, float]]) -> None:
    assert parse_accept(header) == expected


ADVICE = "is not allowed: write the IRI in full as <http://…>"
ALLOW = " (only IRIs in REGIODEAL_FEDERATION_ALLOW_LIST)"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * { SERVICE $e { } }", f"SERVICE followed by a variable {ADVICE}{ALLOW}"),
        (
            "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { } }",
            f"SERVICE followed by 'e:' {ADVICE}{ALLOW}",  # the code view keeps the prefix
        ),
        ("SELECT * FROM ?g { }", f"FROM followed by a variable {ADVICE}"),  # no allow-list hint
    ],
)
def test_refusals_say_what_to_write_instead(query: str, message: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query(query)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("accept", "offers", "expected"),
    [
        # the real name (q=0.2) outranks its alias (q=0.9): JSON gets 0.2, XML 0.5 wins
        (
            f"{JSON};q=0.2, application/json;q=0.9, {XML};q=0.5",
            (JSON, XML),
            XML,
        ),
        # an alias (q=0.1) outranks application/* (q=0.9): XML gets 0.1, CSV 0.5 wins
        (
            "application/*;q=0.9, application/xml;q=0.1, text/csv;q=0.5",
            (XML, "text/csv"),
            "text/csv",
        ),
        # text/* (q=0.1) outranks */* (q=0.9): CSV gets 0.1, JSON 0.5 wins
        (f"*/*;q=0.9, text/*;q=0.1, {JSON};q=0.5", ("text/csv", JSON), JSON),
    ],
)
def test_the_most_specific_range_decides_not_the_highest_q(
    accept: str, offers: tuple[str, ...], expected: str
) -> None:
    assert negotiate(accept, offers, ALIASES) == expected


def test_an_empty_allow_list_entry_is_skipped_not_the_end_of_the_list() -> None:
    assert is_allowed("http://a.example/sparql", ["", "http://a.example"])


def test_an_allow_list_entry_ending_in_hash_is_its_own_boundary() -> None:
    assert is_allowed("http://a.example/ns#endpoint", ["http://a.example/ns#"])
    assert not is_allowed("http://a.example/nsx", ["http://a.example/ns#"])


@pytest.mark.parametrize(
    ("query", "target"),
    [
        # SERVICE and a prefixed name glued into one run: the refusal quotes the code up to the
        # colon (the local part is not code), from its start when it is shorter than 40
        ("SELECT * { servicex:a {} }", "SELECT * { servicex:"),
        # "?" is what stays of a variable in the code view: 23 characters, all quoted
        ("SELECT ?alpha ?beta ?gamma ?delta { FROMx:a ?p ?o }", "SELECT ? ? ? ? { FROMx:"),
        # the string goes too: 11 + 7 + 8 + 8 + 9 = 43 characters of code up to the colon, of
        # which the last 40 are quoted ("SEL" is cut)
        (
            "SELECT * { ?s ?p 'a string that is not code' . ?s ?p ?o . ?s ?p ?o . SERVICEx:a {} }",
            "ECT * { ? ?  . ? ? ? . ? ? ? . SERVICEx:",
        ),
    ],
)
def test_a_keyword_glued_to_a_prefixed_name_is_refused_with_the_code_before_it(
    query: str, target: str
) -> None:
    keyword = "FROM" if "FROMx" in query else "SERVICE"
    with pytest.raises(QueryRefused) as refused:
        inspect_query(query)
    assert str(refused.value).startswith(f"{keyword} followed by {target!r} {ADVICE}")


def test_check_query_resolves_from_against_the_base_and_lists_the_local_graph() -> None:
    facts = check_query("SELECT * FROM <g> { }", [], {"http://b.example/g"}, "http://b.example/")
    assert facts.from_graphs == ["http://b.example/g"]
    with pytest.raises(QueryRefused, match=r"^cannot resolve the relative IRI <g>: no base IRI$"):
        check_query("SELECT * FROM <g> { }", [], {"g"})


def test_check_query_admits_a_from_graph_on_the_allow_list() -> None:
    facts = check_query("SELECT * FROM <http://a.example/g> { }", ["http://a.example/"], set())
    assert facts.from_graphs == ["http://a.example/g"]


def test_check_query_refusals_in_full() -> None:
    with pytest.raises(QueryRefused) as service:
        check_query("SELECT * { SERVICE <http://evil.example/s> { } }", [], set())
    assert str(service.value) == (
        "SERVICE <http://evil.example/s> is not allowed: this endpoint only federates with IRIs "
        "listed in REGIODEAL_FEDERATION_ALLOW_LIST"
    )
    with pytest.raises(QueryRefused) as graph:
        check_query("SELECT * FROM <http://evil.example/g> { }", [], set())
    assert str(graph.value) == (
        "FROM <http://evil.example/g> names a graph that is not in this store; the endpoint never "
        "fetches graphs from the web (list the store's graphs with SELECT DISTINCT ?g "
        "{ GRAPH ?g {} })"
    )


@pytest.mark.parametrize(
    ("query", "base", "graphs"),
    [
        ("BASE <http://b.example/dir/> SELECT * FROM <g> { }", "", ["http://b.example/dir/g"]),
        # each BASE resolves against the one before it; a relative IRI is read against every
        # base in force (sorted): <sub/> against http://b.example/dir/ is .../dir/sub/
        (
            "BASE <http://b.example/dir/> BASE <sub/> SELECT * FROM <g> { }",
            "",
            ["http://b.example/dir/g", "http://b.example/dir/sub/g"],
        ),
        # with the request's base first: three bases, the third from the second, not the first
        (
            "BASE <http://b.example/dir/> BASE <sub/> SELECT * FROM <g> { }",
            "http://param.example/",
            ["http://b.example/dir/g", "http://b.example/dir/sub/g", "http://param.example/g"],
        ),
    ],
)
def test_base_declarations_resolve_from_graphs(query: str, base: str, graphs: list[str]) -> None:
    assert inspect_query(query, base).from_graphs == graphs


def test_a_long_prefix_after_service_is_quoted_by_its_last_40_characters() -> None:
    prefix = "p" * 45  # 45 letters and the colon: 46 characters, the last 40 quoted
    with pytest.raises(QueryRefused) as refused:
        inspect_query(f"SELECT * {{ SERVICE {prefix}:x {{ }} }}")
    assert str(refused.value).startswith(f"SERVICE followed by '{'p' * 39}:' {ADVICE}")


def test_a_fragment_resolves_against_the_declared_base_exactly() -> None:
    # the base is the text between < and >, nothing after it (a fragment keeps the whole base)
    facts = inspect_query("BASE <http://b.example/dir/> SELECT * FROM <#f> { }")
    assert facts.from_graphs == ["http://b.example/dir/#f"]


@pytest.mark.parametrize("value", [True, False])
def test_ask_answers_in_each_result_format(value: bool) -> None:
    word = "true" if value else "false"
    assert json.loads(results.boolean(JSON, value)) == {"head": {}, "boolean": value}
    assert results.boolean(XML, value).decode() == (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n"
    )
    # CSV and TSV have no boolean: one column, as Jena writes it
    assert results.boolean("text/csv", value) == f"_askResult\n{word}\n".encode()
    assert results.boolean("text/tab-separated-values", value) == f"_askResult\n{word}\n".encode()
