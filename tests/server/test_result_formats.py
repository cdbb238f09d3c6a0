"""Our result writers, called directly on small hand-made solutions, against the W3C formats.

Every expected body is written by hand from the specs: SPARQL 1.1 Query Results JSON Format
(terms as {"type": "uri"|"bnode"|"literal", "value", "xml:lang"|"datatype"}, an unbound variable
left out of its binding), the SPARQL Query Results XML Format (<uri>, <bnode>, <literal> with
xml:lang or datatype, <binding name>), SPARQL 1.1 Query Results CSV and TSV Formats (CSV: the
plain strings, RFC 4180 quoting and CRLF; TSV: `?var` header, terms in Turtle/N-Triples syntax,
empty for unbound) and, for triple terms, their SPARQL 1.2 drafts ("triple" / <triple>, and the
Turtle 1.2 `<<( s p o )>>` in TSV). Fast: no store, no server (these tests are what
scripts/mutation_recheck.py judges the mutants of sparql/results.py with).
"""

from __future__ import annotations

import json

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from regiodeal.sparql import results
from regiodeal.sparql.results import BYTES_LIMIT, CSV, JSON, NTRIPLES, ROWS_LIMIT, TSV, XML

EX = "http://example.org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
IRI = NamedNode(EX + "a?b=1&c=2")  # `&` must be escaped in XML
BNODE = BlankNode("b0")
PLAIN = Literal('say "hi", <me> & go')
TAGGED = Literal("chat", language="fr")
TYPED = Literal("42", datatype=NamedNode(XSD_INTEGER))
STRING = Literal("s", datatype=NamedNode(XSD_STRING))  # a simple literal: no datatype written
TRIPLE = Triple(NamedNode(EX + "s"), NamedNode(EX + "p"), Literal("x", language="en"))
VARIABLES = ["x", "y"]
# Every term kind, each once as ?x; ?y unbound in the first and last rows.
ROWS: list[list] = [
    [IRI, None],
    [BNODE, PLAIN],
    [TAGGED, TYPED],
    [STRING, IRI],  # IRI again: the JSON writer's cache of encoded terms must give the same text
    [TRIPLE, None],
]

XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def body(media_type: str, rows: list[list] = ROWS) -> str:
    return results.write_select(media_type, VARIABLES, rows).body.decode()


def test_json_terms_as_the_spec_writes_them() -> None:
    uri = {"type": "uri", "value": EX + "a?b=1&c=2"}
    expected = {
        "head": {"vars": ["x", "y"]},
        "results": {
            "bindings": [
                {"x": uri},
                {
                    "x": {"type": "bnode", "value": "b0"},
                    "y": {"type": "literal", "value": PLAIN.value},
                },
                {
                    "x": {"type": "literal", "value": "chat", "xml:lang": "fr"},
                    "y": {"type": "literal", "value": "42", "datatype": XSD_INTEGER},
                },
                {"x": {"type": "literal", "value": "s"}, "y": uri},
                {
                    "x": {
                        "type": "triple",
                        "value": {
                            "subject": {"type": "uri", "value": EX + "s"},
                            "predicate": {"type": "uri", "value": EX + "p"},
                            "object": {"type": "literal", "value": "x", "xml:lang": "en"},
                        },
                    }
                },
            ]
        },
    }
    text = body(JSON)
    assert json.loads(text) == expected
    # Compact (the byte cap counts every byte) and UTF-8 rather than \u escapes.
    assert text == json.dumps(expected, separators=(",", ":"))
    assert body(JSON, [[Literal("één"), None]]).endswith(
        '{"x":{"type":"literal","value":"één"}}]}}'
    )


def test_json_with_no_rows_and_no_variables() -> None:
    assert body(JSON, []) == '{"head":{"vars":["x","y"]},"results":{"bindings":[]}}'
    written = results.write_select(JSON, [], [[], []])
    assert written.body == b'{"head":{"vars":[]},"results":{"bindings":[{},{}]}}'
    assert written.count == 2 and written.limit is None


def test_xml_terms_and_escapes_as_the_spec_writes_them() -> None:
    uri = "<uri>http://example.org/a?b=1&amp;c=2</uri>"
    plain = '<literal>say "hi", &lt;me&gt; &amp; go</literal>'
    tagged = '<literal xml:lang="fr">chat</literal>'
    typed = '<literal datatype="http://www.w3.org/2001/XMLSchema#integer">42</literal>'
    triple = (
        "<triple><subject><uri>http://example.org/s</uri></subject>"
        "<predicate><uri>http://example.org/p</uri></predicate>"
        '<object><literal xml:lang="en">x</literal></object></triple>'
    )
    x, y = '<binding name="x">', '<binding name="y">'
    end = "</binding>"
    expected = (
        XML_HEAD + '<head><variable name="x"/><variable name="y"/></head>\n<results>\n'
        f"<result>{x}{uri}{end}</result>\n"
        f"<result>{x}<bnode>b0</bnode>{end}{y}{plain}{end}</result>\n"
        f"<result>{x}{tagged}{end}{y}{typed}{end}</result>\n"
        f"<result>{x}<literal>s</literal>{end}{y}{uri}{end}</result>\n"
        f"<result>{x}{triple}{end}</result>\n"
        "</results>\n</sparql>\n"
    )
    assert body(XML) == expected


def test_xml_attribute_values_are_escaped() -> None:
    # A datatype IRI with `&` and a quote-free language tag: both written as XML attributes.
    odd = Literal("v", datatype=NamedNode(EX + "t?a&b"))
    assert '<literal datatype="http://example.org/t?a&amp;b">v</literal>' in body(
        XML, [[odd, None]]
    )


def test_csv_plain_strings_quoted_per_rfc_4180() -> None:
    expected = (
        "x,y\r\n"
        "http://example.org/a?b=1&c=2,\r\n"
        '_:b0,"say ""hi"", <me> & go"\r\n'
        "chat,42\r\n"
        "s,http://example.org/a?b=1&c=2\r\n"
    )
    assert body(CSV, ROWS[:4]) == expected
    # A line break inside a value is quoted, not a new row.
    assert body(CSV, [[Literal("two\nlines"), None]]) == 'x,y\r\n"two\nlines",\r\n'


def test_tsv_terms_in_turtle_syntax() -> None:
    expected = (
        "?x\t?y\n"
        "<http://example.org/a?b=1&c=2>\t\n"
        '_:b0\t"say \\"hi\\", <me> & go"\n'
        f'"chat"@fr\t"42"^^<{XSD_INTEGER}>\n'
        '"s"\t<http://example.org/a?b=1&c=2>\n'
        '<<( <http://example.org/s> <http://example.org/p> "x"@en )>>\t\n'
    )
    assert body(TSV) == expected
    # A triple term nested in a triple term's object.
    nested = Triple(NamedNode(EX + "r"), NamedNode(EX + "q"), TRIPLE)
    assert body(TSV, [[nested, BNODE]]).endswith(
        "<<( <http://example.org/r> <http://example.org/q> "
        '<<( <http://example.org/s> <http://example.org/p> "x"@en )>> )>>\t_:b0\n'
    )
    # Tabs and line breaks inside a literal are escaped: one line per row, one tab per column.
    assert body(TSV, [[Literal("a\tb\nc"), None]]) == '?x\t?y\n"a\\tb\\nc"\t\n'


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_select_writers_are_write_select_without_caps(media_type: str) -> None:
    writer = results.SELECT_WRITERS[media_type]
    assert writer(VARIABLES, ROWS) == results.write_select(media_type, VARIABLES, ROWS).body
    assert writer(VARIABLES, ROWS) == body(media_type).encode()


ONE_COLUMN = [[Literal(f"v{i}")] for i in range(3)]  # rows of equal length in every format


def parts(media_type: str) -> tuple[bytes, list[bytes], bytes]:
    """Head, the three rows and tail of ONE_COLUMN in `media_type`, written by hand."""
    if media_type == JSON:
        rows = [b'{"x":{"type":"literal","value":"v%d"}}' % i for i in range(3)]
        return (
            b'{"head":{"vars":["x"]},"results":{"bindings":[',
            [
                rows[0],
                b"," + rows[1],
                b"," + rows[2],
            ],
            b"]}}",
        )
    if media_type == XML:
        head = XML_HEAD + '<head><variable name="x"/></head>\n<results>\n'
        rows = [
            b'<result><binding name="x"><literal>v%d</literal></binding></result>\n' % i
            for i in range(3)
        ]
        return head.encode(), rows, b"</results>\n</sparql>\n"
    if media_type == CSV:
        return b"x\r\n", [b"v%d\r\n" % i for i in range(3)], b""
    return b"?x\n", [b'"v%d"\n' % i for i in range(3)], b""


def capped_select(media_type: str, row_cap: int | None = None, byte_cap: int | None = None):
    return results.write_select(media_type, ["x"], iter(ONE_COLUMN), row_cap, byte_cap)


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_row_cap(media_type: str) -> None:
    head, rows, tail = parts(media_type)
    assert capped_select(media_type) == results.Written(head + b"".join(rows) + tail, 3, None)
    assert capped_select(media_type, row_cap=3) == results.Written(head + b"".join(rows) + tail, 3)
    assert capped_select(media_type, row_cap=2) == results.Written(
        head + rows[0] + rows[1] + tail, 2, ROWS_LIMIT
    )
    assert capped_select(media_type, row_cap=0) == results.Written(head + tail, 0, ROWS_LIMIT)
    empty = results.write_select(media_type, ["x"], [], 0)
    assert empty == results.Written(head + tail, 0, None)


@pytest.mark.parametrize("media_type", results.TABULAR_TYPES)
def test_byte_cap_stops_before_the_row_that_would_not_fit(media_type: str) -> None:
    head, rows, tail = parts(media_type)
    full = head + b"".join(rows) + tail
    assert capped_select(media_type, byte_cap=len(full)) == results.Written(full, 3)
    two = head + rows[0] + rows[1] + tail
    for cap in (len(full) - 1, len(two)):
        assert capped_select(media_type, byte_cap=cap) == results.Written(two, 2, BYTES_LIMIT)
    # Head and tail fit but no row: count 0 (the caller refuses); nothing fits at all: the same.
    bare = head + tail
    for cap in (len(bare), len(bare) + len(rows[0]) - 1, len(bare) - 1, 0):
        assert capped_select(media_type, byte_cap=cap) == results.Written(bare, 0, BYTES_LIMIT)
    # No rows at all and exactly room for head and tail: complete, not cut.
    no_rows = results.write_select(media_type, ["x"], [], None, len(bare))
    assert no_rows == results.Written(bare, 0, None)


def test_capped() -> None:
    assert results.capped(iter([1, 2, 3]), 2) == ([1, 2], True)
    assert results.capped(iter([1, 2, 3]), 3) == ([1, 2, 3], False)
    assert results.capped(iter([1, 2, 3]), 0) == ([], True)
    assert results.capped(iter([]), 0) == ([], False)


def test_rows_at_most() -> None:
    json_two = b'{"head":{"vars":["x"]},"results":{"bindings":[{},{}]}}'
    assert results.rows_at_most(JSON, json_two) == 2
    assert results.rows_at_most(JSON, b'{"head":{"vars":["x"]},"results":{"bindings":[{}]}}') == 1
    assert results.rows_at_most(JSON, b'{"head":{"vars":[]},"results":{"bindings":[]}}') == 0
    assert results.rows_at_most(XML, b"<results><result></result><result/></results>") == 1
    assert results.rows_at_most(CSV, b"x\r\n1\r\n2\r\n") == 2
    assert results.rows_at_most(TSV, b"?x\n") == 0
    assert results.rows_at_most(TSV, b"") == 0


def test_capped_sink_takes_exactly_its_cap() -> None:
    sink = results._CappedSink(5)
    assert sink.write(b"1234") == 4
    assert sink.write(b"5") == 1
    assert not sink.overflowed
    with pytest.raises(results._Overflow):
        sink.write(b"6")
    assert sink.overflowed and sink.getvalue() == b"12345"


# Graphs: N-Triples lines of equal length, so sizes are computed by hand.
def triple(i: int) -> Triple:
    return Triple(NamedNode(f"{EX}s{i}"), NamedNode(EX + "p"), Literal("v"))


TRIPLES = [triple(i) for i in range(100, 300)]  # 200 triples, more than three gathering chunks


def line(i: int) -> bytes:
    return b'<http://example.org/s%d> <http://example.org/p> "v" .\n' % i


LINE = len(line(100))  # 55 bytes: 25 + 1 + 22 + 1 + 3 + 2 (" .") + 1 (newline)


def nt(count: int) -> bytes:
    return b"".join(line(i) for i in range(100, 100 + count))


def triples_of(text: bytes, rdf_format: RdfFormat = RdfFormat.TURTLE) -> list[Triple]:
    return [quad.triple for quad in parse(text, format=rdf_format)]


def test_graph_serialisations() -> None:
    one = [Triple(NamedNode(EX + "s"), NamedNode(EX + "p"), Literal("x", language="en"))]
    prefixes = {"ex": EX}
    expected_nt = b'<http://example.org/s> <http://example.org/p> "x"@en .\n'
    assert LINE == 55
    assert results.graph(NTRIPLES, one) == expected_nt
    # Prefixes are for Turtle only; N-Triples has none.
    assert results.graph(NTRIPLES, one, prefixes) == expected_nt
    assert results.graph(NTRIPLES, []) == b""
    turtle = results.graph(results.TURTLE, one, prefixes)
    assert b"@prefix ex: <http://example.org/> ." in turtle and b"ex:s ex:p " in turtle
    assert b"ex:" not in results.graph(results.TURTLE, one)
    for media_type in results.GRAPH_TYPES:
        text = results.graph(media_type, one, prefixes)
        rdf_format = results.RDF_FORMATS[media_type]
        assert triples_of(text, rdf_format) == one, media_type
    rdfxml = results.graph(results.RDFXML, one, prefixes)
    assert b"ex:" not in rdfxml and b"xmlns:ex" not in rdfxml


def write_nt(row_cap: int | None = None, byte_cap: int | None = None, count: int = 200):
    return results.write_graph(NTRIPLES, iter(TRIPLES[:count]), row_cap, byte_cap)


def test_graph_row_cap() -> None:
    assert write_nt() == results.Written(nt(200), 200)
    assert write_nt(row_cap=200) == results.Written(nt(200), 200)
    assert write_nt(row_cap=199) == results.Written(nt(199), 199, ROWS_LIMIT)
    # Around the gathering chunk of 64 triples.
    assert write_nt(row_cap=64, count=64) == results.Written(nt(64), 64)
    assert write_nt(row_cap=64) == results.Written(nt(64), 64, ROWS_LIMIT)
    assert write_nt(row_cap=65) == results.Written(nt(65), 65, ROWS_LIMIT)
    assert write_nt(row_cap=63) == results.Written(nt(63), 63, ROWS_LIMIT)
    assert write_nt(row_cap=0) == results.Written(b"", 0, ROWS_LIMIT)
    assert results.write_graph(NTRIPLES, [], 0) == results.Written(b"", 0)


def test_graph_byte_cap() -> None:
    assert write_nt(byte_cap=200 * LINE) == results.Written(nt(200), 200)
    assert write_nt(byte_cap=200 * LINE - 1) == results.Written(nt(199), 199, BYTES_LIMIT)
    assert write_nt(byte_cap=10 * LINE) == results.Written(nt(10), 10, BYTES_LIMIT)
    assert write_nt(byte_cap=10 * LINE - 1) == results.Written(nt(9), 9, BYTES_LIMIT)
    assert write_nt(byte_cap=100 * LINE + 1) == results.Written(nt(100), 100, BYTES_LIMIT)
    # Not even one triple fits: an empty body, count 0, and the byte limit (the caller refuses).
    assert write_nt(byte_cap=LINE - 1) == results.Written(b"", 0, BYTES_LIMIT)
    assert write_nt(byte_cap=0, count=1) == results.Written(b"", 0, BYTES_LIMIT)
    # Both caps: the one that bites first names the limit.
    assert write_nt(row_cap=5, byte_cap=10 * LINE) == results.Written(nt(5), 5, ROWS_LIMIT)
    assert write_nt(row_cap=20, byte_cap=10 * LINE) == results.Written(nt(10), 10, BYTES_LIMIT)


LONG = EX + "a/rather/long/namespace/to/make/n-triples/much/larger/than/turtle/"


def test_gathering_stops_at_twice_the_cap_in_n_triples() -> None:
    # With a prefix, the Turtle of all 200 triples fits the cap, but their N-Triples are more
    # than twice the cap: gathering stops early and the limit says the result was cut.
    many = [
        Triple(NamedNode(f"{LONG}s{i}"), NamedNode(LONG + "p"), Literal("v")) for i in range(200)
    ]
    prefixes = {"l": LONG}
    whole_turtle = len(results.graph(results.TURTLE, many, prefixes))
    whole_nt = len(results.graph(NTRIPLES, many))
    cap = whole_turtle + 10
    assert whole_nt > 2 * cap
    written = results.write_graph(results.TURTLE, iter(many), None, cap, prefixes)
    assert written.limit == BYTES_LIMIT and 0 < written.count < 200
    assert len(written.body) <= cap
    assert triples_of(written.body) == many[: written.count]
    # Without the cap, all of them and no limit.
    assert results.write_graph(results.TURTLE, iter(many), None, None, prefixes).count == 200


def test_turtle_is_cut_to_fit() -> None:
    # Turtle sizes are not additive (prefixes, grouping): cut until it fits.
    for cap in (60, 200, 1000, 3000):
        written = results.write_graph(results.TURTLE, iter(TRIPLES), None, cap, {"ex": EX})
        assert len(written.body) <= cap
        assert written.limit == BYTES_LIMIT and written.count > 0
        assert triples_of(written.body) == TRIPLES[: written.count]


def test_gathering_measures_all_it_gathered() -> None:
    many = [
        Triple(NamedNode(f"{LONG}s{i}"), NamedNode(LONG + "p"), Literal("v")) for i in range(200)
    ]
    prefixes = {"l": LONG}
    # Twice the cap holds one chunk's N-Triples but not all: gathering stops after the second.
    # (s128 to s191 is the largest chunk: it has no shorter numbers.)
    cap = len(results.graph(NTRIPLES, many[128:192])) // 2 + 1
    assert len(results.graph(results.TURTLE, many, prefixes)) <= cap
    assert len(results.graph(NTRIPLES, many)) > 2 * cap
    written = results.write_graph(results.TURTLE, iter(many), None, cap, prefixes)
    assert written.limit == BYTES_LIMIT and written.count < 200
    # All gathered, over the budget, but nothing left out: complete, no limit.
    few = many[:64]
    cap = len(results.graph(results.TURTLE, few, prefixes)) + 10
    assert len(results.graph(NTRIPLES, few)) > 2 * cap
    written = results.write_graph(results.TURTLE, iter(few), None, cap, prefixes)
    assert written == results.Written(results.graph(results.TURTLE, few, prefixes), 64)


def test_turtle_keeps_its_prefixes_and_refuses_when_they_alone_overflow() -> None:
    prefixes = {"ex": EX}
    whole = results.write_graph(results.TURTLE, iter(TRIPLES[:3]), None, None, prefixes)
    assert whole.body.startswith(b"@prefix ex: <http://example.org/> .")
    cut = results.write_graph(results.TURTLE, iter(TRIPLES), None, 1000, prefixes)
    assert cut.body.startswith(b"@prefix ex: <http://example.org/> .") and cut.count < 200
    # The prefix line alone is over the cap: nothing fits.
    tiny = results.write_graph(results.TURTLE, iter(TRIPLES), None, 10, prefixes)
    assert tiny.count == 0 and tiny.limit == BYTES_LIMIT
    # RDF/XML has a body even with no triple (the rdf:RDF element): over the cap, count 0.
    bare = results.write_graph(results.RDFXML, iter(TRIPLES), None, 10)
    assert bare.count == 0 and bare.limit == BYTES_LIMIT
