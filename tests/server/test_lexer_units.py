"""The lexer's escape decoding, the query form and `inspect_query`, and the 406 wording, read
directly (mutation survivors: these paths were only reached through wider tests, or not at all).
"""

from __future__ import annotations

import pytest

from regiodeal.sparql.guard import QueryRefused, inspect_query, query_form
from regiodeal.sparql.lexer import BadEscape, unescape
from regiodeal.sparql.negotiation import negotiate_result_types
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
