"""sparql/named_queries.py without an app or a store: the header of a queries/*.rq file, the
parameters' types and defaults, the errors for bad headers (each message written out by hand
from the code's rules), the VALUES block a binding puts into the query, and loading a
directory."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from regiodeal.sparql.named_queries import (
    NamedQuery,
    Param,
    QueryHeaderError,
    load_named_queries,
    parse_named_query,
    where_group_start,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
BODY = "SELECT * WHERE { ?s ?p ?o }\n"


def write(tmp_path: Path, text: str, name: str = "q") -> NamedQuery:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return parse_named_query(path)


def header_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(QueryHeaderError) as raised:
        write(tmp_path, text)
    return str(raised.value)


# --- the header ---------------------------------------------------------------------------


def test_header_keys_and_languages_ignore_case_and_values_are_stripped(tmp_path: Path) -> None:
    query = write(
        tmp_path,
        "#TITLE@NL:   Titel met spaties   \n"
        "#  Title @en : not a header line (space before @)\n"
        "# title@en-GB: British title\n"
        "# Description: Neutral description\n"
        "# a comment line without a key and colon\n"
        "# note: an unknown key, ignored\n"
        "# description@nl: Beschrijving\n" + BODY,
        name="deals-per-year",
    )
    assert query.name == "deals-per-year"
    assert query.titles == {"nl": "Titel met spaties", "en-gb": "British title"}
    assert query.descriptions == {"": "Neutral description", "nl": "Beschrijving"}
    assert query.params == []
    assert query.sparql.startswith("#TITLE@NL:") and query.sparql.endswith(BODY)


def test_the_header_ends_at_the_first_line_that_is_no_comment(tmp_path: Path) -> None:
    query = write(tmp_path, "# title: T\n\n# title@nl: too late\n# param: n integer 1 x\n" + BODY)
    assert query.titles == {"": "T"}
    assert query.params == []


def test_params_in_order_with_defaults_and_descriptions(tmp_path: Path) -> None:
    query = write(
        tmp_path,
        "# param: deal iri https://w3id.org/regiodeal/id/regiodeal/twente The deal  to  trace\n"
        "# param: year integer -\n"
        "# param:   minimum   decimal   1.50   at least\n"
        "# param: since date 2024-01-31 -\n"
        "# param: active boolean false Only active deals\n" + BODY,
    )
    assert [(p.name, p.type, p.default, p.description) for p in query.params] == [
        ("deal", "iri", "https://w3id.org/regiodeal/id/regiodeal/twente", "The deal  to  trace"),
        ("year", "integer", None, ""),  # `-`: required; no description
        ("minimum", "decimal", "1.50", "at least"),
        ("since", "date", "2024-01-31", "-"),  # a `-` as description is text
        ("active", "boolean", "false", "Only active deals"),
    ]


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("n integer", "`# param: name type default description` expected"),
        ("n", "`# param: name type default description` expected"),
        ("1n integer 1", "invalid parameter name '1n'"),
        ("a-b integer 1", "invalid parameter name 'a-b'"),
        ("format string csv", "invalid parameter name 'format'"),  # ?format= is the API's own
        (
            "n number 1",
            "type 'number' not one of ['boolean', 'date', 'decimal', 'integer', 'iri', 'string']",
        ),
        ("n integer 1.5", "bad default for n: invalid literal for int() with base 10: '1.5'"),
        ("n date 2024-02-30", "bad default for n: day is out of range for month"),
        ("n decimal abc", "bad default for n: [<class 'decimal.ConversionSyntax'>]"),
        ("who iri deal-1 x", "default of who is not an absolute IRI"),
        ("who iri http://x/a<b x", "default of who is not an absolute IRI"),
        ("who iri 1http://x/ x", "default of who is not an absolute IRI"),
    ],
)
def test_bad_param_lines_name_the_file_and_the_fault(
    tmp_path: Path, param: str, message: str
) -> None:
    text = f"# title: T\n# param: {param}\n{BODY}"
    assert header_error(tmp_path, text) == f"{tmp_path / 'q.rq'}: {message}"


@pytest.mark.parametrize(
    "param",
    [
        "_n integer 1",
        "n_2 integer -3",
        "who iri urn:isbn:9789012345678 x",
        "who iri https://example.org/a?b=c#d x",
        "who iri - required",
        "s string - x",
        "b boolean yes x",  # any word but true is false
    ],
)
def test_good_param_lines_load(tmp_path: Path, param: str) -> None:
    assert len(write(tmp_path, f"# param: {param}\n{BODY}").params) == 1


def test_a_query_with_parameters_needs_a_where_group(tmp_path: Path) -> None:
    message = header_error(tmp_path, "# param: n integer 1 x\nSELECT * { ?s ?p ?o }\n")
    expected = "a named query needs an explicit `WHERE {` to take parameters"
    assert message == f"{tmp_path / 'q.rq'}: {expected}"


def test_a_query_without_parameters_needs_no_where(tmp_path: Path) -> None:
    # "param" in the title or a variable is no parameter (before, any "param" in the text made
    # the WHERE group required, so this query did not load).
    query = write(tmp_path, "# title: Parameters of the deals\nSELECT ?param { ?param ?p ?o }\n")
    assert query.params == [] and query.titles == {"": "Parameters of the deals"}


# --- titles and descriptions ----------------------------------------------------------------


def test_title_and_description_fall_back_to_neutral_then_first_then_name() -> None:
    both = NamedQuery("q", "", {"nl": "Titel", "": "Neutral"}, {"nl": "Tekst", "": "Text"})
    assert (both.title("nl"), both.title("en"), both.title()) == ("Titel", "Neutral", "Neutral")
    assert (both.description("nl"), both.description("en")) == ("Tekst", "Text")
    dutch = NamedQuery("q", "", {"nl": "Titel"}, {"nl": "Tekst"})
    assert (dutch.title("en"), dutch.description("en")) == ("Titel", "Tekst")
    english = NamedQuery("q", "", {"en": "Title"}, {"en": "Text"})
    assert (english.title(), english.description()) == ("Title", "Text")  # en by default
    # English by default, also when another language comes first
    dutch_first = NamedQuery("q", "", {"nl": "Titel", "en": "Title"}, {"nl": "Tekst", "en": "Text"})
    assert (dutch_first.title(), dutch_first.description()) == ("Title", "Text")
    bare = NamedQuery("deals-per-year", "")
    assert (bare.title("nl"), bare.description("nl")) == ("deals-per-year", "")


# --- values, defaults and terms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "default", "value"),
    [
        ("integer", "-3", -3),
        ("decimal", "1.50", Decimal("1.50")),
        ("date", "2024-01-31", datetime.date(2024, 1, 31)),
        ("boolean", "true", True),
        ("boolean", "True", True),
        ("boolean", "TRUE", True),
        ("boolean", "false", False),
        ("boolean", "yes", False),
        ("string", "nl", "nl"),
        ("iri", "urn:x", "urn:x"),
        ("integer", None, None),
    ],
)
def test_defaults_become_values_of_the_type(kind: str, default: str, value: object) -> None:
    parsed = Param("p", kind, default).parsed_default()
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("kind", "python_type"),
    [
        ("iri", str),
        ("string", str),
        ("integer", int),
        ("decimal", Decimal),
        ("date", datetime.date),
        ("boolean", bool),
    ],
)
def test_each_type_validates_as_a_python_type(kind: str, python_type: type) -> None:
    assert Param("p", kind, None).python_type is python_type


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("boolean", 1, f'"true"^^<{XSD}boolean>'),  # truthy, not only True
        ("boolean", 0, f'"false"^^<{XSD}boolean>'),
        ("integer", -7, f'"-7"^^<{XSD}integer>'),
        ("decimal", Decimal("0.10"), f'"0.10"^^<{XSD}decimal>'),
        ("date", datetime.date(2025, 12, 3), f'"2025-12-03"^^<{XSD}date>'),
        ("string", 'say "hi"', '"say \\"hi\\""'),
        ("iri", "urn:isbn:1", "<urn:isbn:1>"),
    ],
)
def test_values_become_terms(kind: str, value: object, expected: str) -> None:
    assert str(Param("p", kind, None).term(value)) == expected


def test_an_escape_of_no_character_is_refused_with_the_parameters_name() -> None:
    with pytest.raises(ValueError) as raised:
        Param("label", "string", None).term("x \\uD800 y")
    assert str(raised.value) == (
        "label: \\uD800 is not a Unicode code point (they end at U+10FFFF, surrogates "
        "U+D800-U+DFFF excluded); SPARQL reads such escapes even in strings"
    )


@pytest.mark.parametrize("text", ["\\U0010fffF", "\\ud7ff", "\\uE000", "\\u00e9 \\U0001F600"])
def test_escapes_of_characters_pass(text: str) -> None:
    assert Param("p", "string", None).term(text).value == text


def test_an_iri_that_is_not_absolute_is_refused() -> None:
    with pytest.raises(ValueError):
        Param("p", "iri", None).term("not an iri")


# --- binding ---------------------------------------------------------------------------------


def _query(sparql: str, *params: Param) -> NamedQuery:
    return NamedQuery("q", sparql, params=list(params))


def test_values_go_into_a_values_block_opening_the_where_group() -> None:
    query = _query(
        "SELECT * WHERE { ?deal ?p ?n }",
        Param("deal", "iri", None),
        Param("n", "integer", "5"),
        Param("flag", "boolean", None),
        Param("unused", "string", None),
    )
    bound = query.bind({"deal": "urn:d", "n": 3, "flag": False, "unused": None})
    assert bound == (
        "SELECT * WHERE { VALUES (?deal ?n ?flag) "
        f'{{ (<urn:d> "3"^^<{XSD}integer> "false"^^<{XSD}boolean>) }}  ?deal ?p ?n }}'
    )


def test_no_values_leave_the_query_as_written() -> None:
    query = _query("SELECT * { ?s ?p ?o }", Param("n", "integer", None))  # no WHERE needed
    assert query.bind({}) == "SELECT * { ?s ?p ?o }"
    assert query.bind({"n": None, "other": 1}) == "SELECT * { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("sparql", "offset"),
    [
        ("SELECT * WHERE { }", len("SELECT * WHERE {")),
        ("select * where{ }", len("select * where{")),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", len("CONSTRUCT { ?s ?p ?o } WHERE {")),
        (
            "SELECT ?where { ?where <urn:WHERE> 'WHERE {' } # WHERE {\nWHERE {}",
            len("SELECT ?where { ?where <urn:WHERE> 'WHERE {' } # WHERE {\nWHERE {"),
        ),
    ],
)
def test_the_where_group_opens_after_the_keyword_where(sparql: str, offset: int) -> None:
    # Only the keyword: not a variable, an IRI, a string or a comment that says WHERE.
    assert where_group_start(sparql) == offset
    assert sparql[offset - 1] == "{"


@pytest.mark.parametrize("sparql", ["SELECT * { ?s ?p ?o }", "SELECT ?where { ?where ?p ?o }"])
def test_no_where_keyword_is_an_error(sparql: str) -> None:
    with pytest.raises(QueryHeaderError) as raised:
        where_group_start(sparql)
    assert str(raised.value) == "a named query needs an explicit `WHERE {` to take parameters"


# --- loading a directory --------------------------------------------------------------------


def test_a_directory_loads_its_rq_files_sorted_by_name(tmp_path: Path) -> None:
    for name in ("b-second", "a_first", "c third", "1-digit"):
        (tmp_path / f"{name}.rq").write_text(f"# title: {name}\n{BODY}")
    (tmp_path / "notes.txt").write_text("# title: not a query\n")
    (tmp_path / "README.md").write_text("# title: not a query\n")
    assert [q.name for q in load_named_queries(tmp_path)] == ["a_first", "b-second"]
    assert [q.title() for q in load_named_queries(tmp_path)] == ["a_first", "b-second"]


def test_no_directory_is_no_queries(tmp_path: Path) -> None:
    assert load_named_queries(tmp_path / "missing") == []
    (tmp_path / "file.rq").write_text(BODY)
    assert load_named_queries(tmp_path / "file.rq") == []
