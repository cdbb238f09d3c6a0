"""Reading the files to validate (validation/reading.py) and the term conversion of
validation/terms.py, without a SHACL run: every error message written out in full, by hand.

Line and column numbers are counted by hand in the small inputs below (1-based). The wording of
a Turtle syntax error after "Turtle syntax error: " is pyoxigraph's; the part before it, the
place and the framing (`file:line:column: ...`) are ours.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from regiodeal.authoring import source
from regiodeal.authoring.source import Problem
from regiodeal.settings import Settings, get_settings
from regiodeal.validation import reading
from regiodeal.validation.reading import (
    InputError,
    check_size,
    parse_data,
    parse_turtle,
    read_data,
    read_file,
    read_files,
)
from regiodeal.validation.terms import to_rdflib

E = "http://example.org/"
ID = "https://w3id.org/regiodeal/id/"


def error_of(call: object, *args: object) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


# ------------------------------------------------------------------ InputError and its text


def test_input_error_names_file_line_and_column() -> None:
    assert str(InputError("deal.ttl", "kapot", 3, 7)) == "deal.ttl:3:7: kapot"
    assert str(InputError("deal.ttl", "kapot", 3)) == "deal.ttl:3: kapot"
    assert str(InputError("deal.ttl", "kapot")) == "deal.ttl: kapot"
    # a column without a line says nothing: the file alone
    assert str(InputError("deal.ttl", "kapot", None, 7)) == "deal.ttl: kapot"


def test_input_error_of_problems_speaks_both_languages() -> None:
    problems = [
        Problem("deal.id", 2, 3, "deal.id: ontbreekt", "deal.id: is missing"),
        Problem("", None, None, "bestand leeg", "file empty"),
        Problem("budget", 9, None, "begroting fout", "budget wrong"),
    ]
    error = InputError.of_problems("d.yaml", problems)
    # the first problem, in English, is the error's own message and place
    assert (error.path, error.message, error.line, error.column) == (
        "d.yaml",
        "deal.id: is missing",
        2,
        3,
    )
    assert error.problems == tuple(problems)
    assert error.text("nl") == (
        "d.yaml:2:3: deal.id: ontbreekt\nd.yaml: bestand leeg\nd.yaml:9: begroting fout"
    )
    assert error.text("en") == (
        "d.yaml:2:3: deal.id: is missing\nd.yaml: file empty\nd.yaml:9: budget wrong"
    )
    assert str(error) == error.text("en")


def test_broken_yaml_template_says_where_in_dutch_and_english() -> None:
    from regiodeal.validation.yaml_input import read_yaml_deal

    # line 3 opens a flow list that is never closed: PyYAML notices at the end, line 4 column 1
    error = error_of(read_yaml_deal, "d.yaml", b"deal:\n  id: x\n  name: [unclosed\n")
    assert (error.line, error.column) == (4, 1)
    # the parser's own words: libyaml's, or PyYAML's pure-Python parser's where libyaml is absent
    problem = (
        "did not find expected ',' or ']'"
        if source.LOADER is yaml.CSafeLoader
        else "expected ',' or ']', but got '<stream end>'"
    )
    assert error.text("nl") == (
        f"d.yaml:4:1: YAML-syntaxfout: {problem}; controleer de "
        "inspringing, dubbele punten en aanhalingstekens op deze regel of de regel erboven"
    )
    assert error.text("en") == (
        f"d.yaml:4:1: YAML syntax error: {problem}; check the "
        "indentation, colons and quotes on this line or the line above"
    )


# ------------------------------------------------------------------ Turtle


def test_turtle_syntax_error_gives_line_and_column() -> None:
    # line 3: the object is missing; the '.' stands in column 8 ("  ex:d " is 7 characters)
    data = b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n"
    error = error_of(parse_turtle, "deal.ttl", data, Graph())
    assert (error.path, error.line, error.column) == ("deal.ttl", 3, 8)
    assert error.message == "Turtle syntax error: . is not a valid RDF object"
    assert str(error) == "deal.ttl:3:8: Turtle syntax error: . is not a valid RDF object"


def test_turtle_error_at_the_end_of_the_file() -> None:
    # an unclosed string from line 1 column 9 to the end; pyoxigraph names where it began
    error = error_of(read_data, "in.ttl", b'<a> <b> "x .\n', "turtle")
    assert str(error) == "in.ttl:1:9: Turtle syntax error: Unexpected end of file"


def test_turtle_is_read_with_our_base_and_prefixes(tmp_path: Path) -> None:
    graph = Graph()
    graph.bind("ex", "http://other.example/")  # already bound: not overridden
    data = (
        b"@prefix ex: <http://example.org/> .\n@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        b"<deal/proef> ex:p ex:o ; ex:q _:b1 .\n_:b1 ex:r 'x'@nl, 'y', 2, 'z'^^ex:t .\n"
    )
    assert parse_turtle("in.ttl", data, graph) is graph
    deal = URIRef(ID + "deal/proef")  # the relative IRI resolved against id/
    assert graph.value(deal, URIRef(E + "p")) == URIRef(E + "o")
    blank = graph.value(deal, URIRef(E + "q"))
    assert isinstance(blank, BNode)
    assert set(graph.objects(blank, URIRef(E + "r"))) == {
        Literal("x", lang="nl"),
        Literal("y"),  # a plain string: no datatype, as rdflib's own parser reads it
        Literal("2", datatype=XSD.integer),
        Literal("z", datatype=URIRef(E + "t")),
    }
    assert Literal("y").datatype is None and len(graph) == 6
    namespaces = dict(graph.namespaces())
    assert str(namespaces["ex"]) == "http://other.example/"
    assert str(namespaces["rd"]) == "https://w3id.org/regiodeal/def#"


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_bytes(b"_:b1 <http://example.org/p> 1 .\n")
    (tmp_path / "b.ttl").write_bytes(b"_:b1 <http://example.org/p> 2 .\n")
    graph = read_files([tmp_path / "a.ttl", tmp_path / "b.ttl"], get_settings())
    assert len(set(graph.subjects())) == 2  # the same label, two nodes


def test_a_triple_term_is_not_turtle_1_1() -> None:
    data = b"<http://e/a> <http://e/b> <<( <http://e/a> <http://e/b> <http://e/c> )>> .\n"
    with pytest.raises(TypeError, match=r"^not a Turtle 1\.1 term: <Triple "):
        parse_turtle("in.ttl", data, Graph())


# ------------------------------------------------------------------ files and directories


def test_files_are_read_into_one_graph_by_their_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_bytes(b"<http://example.org/a> <http://example.org/p> 1 .\n")
    (tmp_path / "b.JSON").write_text(
        json.dumps({"@id": E + "b", E + "p": 2}), encoding="utf-8"
    )  # upper-case suffix: still JSON-LD
    (tmp_path / "c.jsonld").write_text(json.dumps({"@id": E + "c", E + "p": 3}), encoding="utf-8")
    graph = read_files([tmp_path / "a.ttl", tmp_path / "b.JSON", tmp_path / "c.jsonld"])
    assert {str(s) for s in graph.subjects()} == {E + "a", E + "b", E + "c"}


def test_json_is_not_read_as_turtle(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    error = error_of(read_file, tmp_path / "a.json", Graph(), get_settings())
    assert str(error) == f"{tmp_path / 'a.json'}:1:2: JSON syntax error: " + (
        "Expecting property name enclosed in double quotes"
    )


def test_a_directory_or_a_missing_file_cannot_be_read(tmp_path: Path) -> None:
    error = error_of(read_file, tmp_path, Graph(), get_settings())
    assert str(error) == f"{tmp_path}: cannot read file: Is a directory"
    missing = tmp_path / "weg.ttl"
    error = error_of(read_files, [missing])
    assert str(error) == f"{missing}: cannot read file: No such file or directory"


def test_the_first_unreadable_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "good.ttl").write_bytes(b"<http://example.org/a> <http://example.org/p> 1 .\n")
    (tmp_path / "bad.ttl").write_bytes(b"<a> <b> .\n")
    (tmp_path / "worse.ttl").write_bytes(b"@@@\n")
    error = error_of(
        read_files, [tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "worse.ttl"]
    )
    assert error.path == str(tmp_path / "bad.ttl") and error.line == 1


def test_size_limit_names_the_file_that_passes_it(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_bytes(b"x" * 600)
    (tmp_path / "b.ttl").write_bytes(b"x" * 500)
    check_size([tmp_path / "a.ttl", tmp_path / "b.ttl"], 1100)  # exactly the limit: allowed
    error = error_of(check_size, [tmp_path / "a.ttl", tmp_path / "b.ttl"], 1099)
    assert str(error) == (
        f"{tmp_path / 'b.ttl'}: the input is 1,100 bytes, over the validation limit of "
        "1,099 bytes; split it, or raise REGIODEAL_VALIDATION_MAX_BYTES"
    )
    error = error_of(check_size, [tmp_path / "a.ttl", tmp_path / "b.ttl"], 599)
    assert error.path == str(tmp_path / "a.ttl")  # 600 > 599 already at the first file
    error = error_of(check_size, [tmp_path / "a.ttl", tmp_path / "weg.ttl"], 10_000)
    assert str(error) == f"{tmp_path / 'weg.ttl'}: cannot read file: No such file or directory"


# ------------------------------------------------------------------ JSON-LD


def test_json_syntax_error_gives_line_and_column() -> None:
    # line 2: the value after the colon is missing; column 8 is the "}" (7 characters before it)
    error = error_of(read_data, "in.jsonld", b'{\n  "a": }\n', "jsonld")
    assert str(error) == "in.jsonld:2:8: JSON syntax error: Expecting value"


def test_json_that_is_not_utf8_or_too_deep_is_an_input_error() -> None:
    error = error_of(read_data, "in.jsonld", b'{"a": "\xff"}', "jsonld")
    assert str(error).startswith("in.jsonld: JSON syntax error: 'utf-8' codec can't decode")
    assert (error.line, error.column) == (None, None)
    error = error_of(read_data, "in.jsonld", b"[" * 100_000 + b"]" * 100_000, "jsonld")
    assert str(error) == "in.jsonld: cannot read the input: RecursionError"


@pytest.mark.parametrize(
    ("raised", "name"), [(ValueError("x"), "ValueError"), (UnicodeError("x"), "UnicodeError")]
)
def test_any_reading_failure_of_a_body_is_an_input_error(
    monkeypatch: pytest.MonkeyPatch, raised: Exception, name: str
) -> None:
    def broken(*args: object) -> Graph:
        raise raised

    monkeypatch.setattr(reading, "parse_data", broken)
    error = error_of(read_data, "body", b"", "turtle")
    assert str(error) == f"body: cannot read the input: {name}"


def test_read_data_uses_the_settings_given(tmp_path: Path) -> None:
    local = tmp_path / "ctx.jsonld"
    local.write_text(json.dumps({"@context": {"p": E + "p"}}), encoding="utf-8")
    settings = Settings(jsonld_context_allowlist={"https://example.org/ctx": local})
    body = json.dumps({"@context": "https://example.org/ctx", "@id": E + "a", "p": 1})
    graph = read_data("in.jsonld", body.encode(), "jsonld", settings)
    assert list(graph) == [(URIRef(E + "a"), URIRef(E + "p"), Literal(1))]
    error = error_of(read_data, "in.jsonld", body.encode(), "jsonld")  # default settings
    assert "refused" in error.message


def test_jsonld_errors_of_the_parser_and_of_iris() -> None:
    error = error_of(read_data, "in.jsonld", b'{"@context": 5, "@id": "http://e/a"}', "jsonld")
    assert str(error) == "in.jsonld: JSON-LD error: 'int' object has no attribute 'get'"
    bad_datatype = {"@id": E + "a", E + "p": {"@value": "x", "@type": "http://e/t y"}}
    error = error_of(read_data, "in.jsonld", json.dumps(bad_datatype).encode(), "jsonld")
    assert str(error) == (
        "in.jsonld: JSON-LD error: invalid IRI <http://e/t y>: Invalid IRI code point ' '"
    )
    relative = {"@context": {"a": {"@id": "x"}}, "a": 1}  # term IRI "x": no scheme
    error = error_of(read_data, "in.jsonld", json.dumps(relative).encode(), "jsonld")
    assert str(error) == (
        "in.jsonld: JSON-LD error: invalid IRI <x>: No scheme found in an absolute IRI"
    )


def test_jsonld_iris_are_checked_in_every_position() -> None:
    # each IRI once valid, and then the bad one as subject, predicate, object, datatype
    good = {"@id": E + "s", E + "p": [{"@id": E + "o"}, {"@value": "1", "@type": E + "t"}]}
    assert len(read_data("in.jsonld", json.dumps(good).encode(), "jsonld")) == 2
    for bad in (
        {"@id": "http://e/x<x", E + "p": 1},
        {"@id": E + "s", "http://e/x<x": 1},
        {"@id": E + "s", E + "p": {"@id": "http://e/x<x"}},
        {"@id": E + "s", E + "p": {"@value": "1", "@type": "http://e/x<x"}},
    ):
        error = error_of(read_data, "in.jsonld", json.dumps(bad).encode(), "jsonld")
        assert error.message == "JSON-LD error: invalid IRI <http://e/x<x>: " + (
            "Invalid IRI code point '<'"
        )


def test_jsonld_memory_error_is_not_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(self: Graph, *args: object, **kwargs: object) -> Graph:
        raise MemoryError

    monkeypatch.setattr(Graph, "parse", exhausted)
    with pytest.raises(MemoryError):
        read_data("in.jsonld", b'{"@id": "http://e/a"}', "jsonld")


def test_jsonld_is_added_to_the_graph_given() -> None:
    graph = Graph()
    graph.add((URIRef(E + "x"), URIRef(E + "p"), Literal(0)))
    body = json.dumps({"@id": E + "a", E + "p": 1}).encode()
    assert parse_data("in.jsonld", body, "jsonld", graph, get_settings()) is graph
    assert len(graph) == 2
    turtle = b"<http://example.org/b> <http://example.org/p> 2 .\n"
    assert parse_data("in.ttl", turtle, "turtle", graph, get_settings()) is graph
    assert len(graph) == 3


REFUSED = (
    "in.jsonld: remote JSON-LD @context 'https://evil.example/ctx' refused: not fetched; "
    "allow it by mapping the URL to a local file in REGIODEAL_JSONLD_CONTEXT_ALLOWLIST"
)


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "https://evil.example/ctx", "@id": E + "a"},
        {"@context": [{"p": E + "p"}, "https://evil.example/ctx"], "@id": E + "a"},
        [{"@id": E + "a", E + "p": {"@context": "https://evil.example/ctx", "@id": E + "b"}}],
        {"@context": {"@import": "https://evil.example/ctx"}, "@id": E + "a"},
        {"@context": {"p": {"@id": E + "p", "@context": "https://evil.example/ctx"}}},
    ],
    ids=["top", "in-a-list", "nested-node", "import", "scoped"],
)
def test_remote_contexts_are_refused_wherever_they_are(document: object) -> None:
    error = error_of(read_data, "in.jsonld", json.dumps(document).encode(), "jsonld")
    assert str(error) == REFUSED


def test_allowed_contexts_are_read_from_their_local_file(tmp_path: Path) -> None:
    wrapped = tmp_path / "wrapped.jsonld"  # {"@context": {...}}: its inside is used
    wrapped.write_text(json.dumps({"@context": {"p": E + "p"}}), encoding="utf-8")
    bare = tmp_path / "bare.jsonld"  # the context object itself
    bare.write_text(json.dumps({"q": E + "q"}), encoding="utf-8")
    settings = Settings(
        jsonld_context_allowlist={"https://x.example/w": wrapped, "https://x.example/b": bare}
    )
    document = [
        {"@context": "https://x.example/w", "@id": E + "a", "p": 1},
        {"@context": ["https://x.example/w", "https://x.example/b"], "@id": E + "b", "q": 2},
        # @import of an allowed context, plus a term of the importing context itself
        {"@context": {"@import": "https://x.example/b", "r": E + "r"}, "@id": E + "c", "q": 3},
        {"@context": {"@import": "https://x.example/b", "q": E + "q2"}, "@id": E + "d", "q": 4},
        # @import of a wrapped file: its inside is merged with the importing context's terms
        {
            "@context": {"@import": "https://x.example/w", "r": E + "r"},
            "@id": E + "i",
            "p": 7,
            "r": 8,
        },
        # a scoped context (the term's own "@context") that names an allowed one
        {
            "@context": {"s": {"@id": E + "s", "@context": "https://x.example/w"}},
            "@id": E + "e",
            "s": {"@id": E + "f", "p": 5},
        },
        # a scoped context without a remote reference stays as written
        {
            "@context": {"t": {"@id": E + "t", "@type": "@id"}, "r": E + "r"},
            "@id": E + "g",
            "t": E + "h",
            "r": 6,
        },
    ]
    graph = read_data("in.jsonld", json.dumps(document).encode(), "jsonld", settings)
    triples = {
        (str(s)[len(E) :], str(p)[len(E) :], o if isinstance(o, URIRef) else o.toPython())
        for s, p, o in graph
    }
    assert triples == {
        ("a", "p", 1),
        ("b", "q", 2),
        ("c", "q", 3),
        ("d", "q2", 4),  # the importing context's own term wins over the imported one
        ("e", "s", URIRef(E + "f")),
        ("f", "p", 5),
        ("g", "t", URIRef(E + "h")),
        ("g", "r", 6),
        ("i", "p", 7),
        ("i", "r", 8),
    }


def test_a_context_may_be_null() -> None:
    # "@context": null resets the context: kept as it is, not refused or looked up
    document = {"@id": E + "a", E + "p": {"@context": None, "@id": E + "b"}}
    graph = read_data("in.jsonld", json.dumps(document).encode(), "jsonld")
    assert list(graph) == [(URIRef(E + "a"), URIRef(E + "p"), URIRef(E + "b"))]


def test_an_import_of_a_list_is_not_merged(tmp_path: Path) -> None:
    local = tmp_path / "c.jsonld"
    local.write_text(json.dumps({"p": E + "p"}), encoding="utf-8")
    settings = Settings(jsonld_context_allowlist={"https://x.example/c": local})
    # "@import" of a list resolves to a list, which is not a context object: nothing merged
    document = {"@context": {"@import": ["https://x.example/c"]}, "@id": E + "a", "p": 1}
    graph = read_data("in.jsonld", json.dumps(document).encode(), "jsonld", settings)
    assert len(graph) == 0  # "p" is no term, so the value is dropped


# ------------------------------------------------------------------ terms.to_rdflib


def test_store_terms_as_rdflib_reads_them() -> None:
    assert to_rdflib(ox.NamedNode(E + "a")) == URIRef(E + "a")
    blank = to_rdflib(ox.BlankNode("b7"))
    assert isinstance(blank, BNode) and str(blank) == "b7"
    assert to_rdflib(ox.Literal("tekst", language="nl")) == Literal("tekst", lang="nl")
    plain = to_rdflib(ox.Literal("tekst"))
    assert plain == Literal("tekst") and plain.datatype is None  # type: ignore[attr-defined]
    # a canonical decimal without a point gets ".0", as the Turtle shorthand reads
    whole = to_rdflib(ox.Literal("25000000", datatype=ox.NamedNode(str(XSD.decimal))))
    assert str(whole) == "25000000.0" and whole.datatype == XSD.decimal  # type: ignore[attr-defined]
    part = to_rdflib(ox.Literal("2.5", datatype=ox.NamedNode(str(XSD.decimal))))
    assert str(part) == "2.5" and part.datatype == XSD.decimal  # type: ignore[attr-defined]
    number = to_rdflib(ox.Literal("25", datatype=ox.NamedNode(str(XSD.integer))))
    assert str(number) == "25" and number.datatype == XSD.integer  # type: ignore[attr-defined]
    triple = ox.Triple(ox.NamedNode(E + "a"), ox.NamedNode(E + "b"), ox.NamedNode(E + "c"))
    with pytest.raises(TypeError, match=r"^no rdflib term for <http://example.org/a> "):
        to_rdflib(triple)


def test_read_files_passes_the_settings_on(tmp_path: Path) -> None:
    local = tmp_path / "ctx.jsonld"
    local.write_text(json.dumps({"p": E + "p"}), encoding="utf-8")
    settings = Settings(jsonld_context_allowlist={"https://example.org/ctx": local})
    deal = tmp_path / "deal.jsonld"
    deal.write_text(
        json.dumps({"@context": "https://example.org/ctx", "@id": E + "a", "p": 1}),
        encoding="utf-8",
    )
    graph = read_files([deal], settings)
    assert list(graph) == [(URIRef(E + "a"), URIRef(E + "p"), Literal(1))]
    # without settings: the default ones, whose allow-list is empty
    error = error_of(read_files, [deal])
    assert str(error) == (
        f"{deal}: remote JSON-LD @context 'https://example.org/ctx' refused: not fetched; allow "
        "it by mapping the URL to a local file in REGIODEAL_JSONLD_CONTEXT_ALLOWLIST"
    )


def test_turtle_error_keeps_a_colon_of_its_own() -> None:
    # only pyoxigraph's "Parser error at line 2 column 3: " is cut, not the "ex: " after it
    error = error_of(read_data, "x.ttl", b"\n  ex:a ex:b ex:c .\n", "turtle")
    assert str(error) == "x.ttl:2:3: Turtle syntax error: The prefix ex: has not been declared"


def test_a_namespace_bound_already_keeps_its_prefix() -> None:
    graph = Graph()
    graph.bind("regio", "https://w3id.org/regiodeal/def#")
    data = b"@prefix rd: <https://w3id.org/regiodeal/def#> .\nrd:a rd:b rd:c .\n"
    parse_turtle("in.ttl", data, graph)
    prefixes = {str(ns): prefix for prefix, ns in graph.namespaces()}
    assert prefixes["https://w3id.org/regiodeal/def#"] == "regio"


def test_two_blank_nodes_of_one_file_are_two_nodes() -> None:
    data = b"_:x <http://example.org/p> _:y .\n_:y <http://example.org/p> _:x .\n"
    graph = parse_turtle("in.ttl", data, Graph())
    assert len(set(graph.subjects())) == 2  # _:x and _:y, each once as subject and object
    assert {(s, o) for s, _, o in graph} == {(s, o) for o, _, s in graph}


def test_jsonld_relative_iris_resolve_against_our_id_base() -> None:
    body = json.dumps({"@id": "regiodeal/proef", E + "p": {"@id": "organisatie/x"}}).encode()
    graph = read_data("in.jsonld", body, "jsonld")
    assert list(graph) == [
        (URIRef(ID + "regiodeal/proef"), URIRef(E + "p"), URIRef(ID + "organisatie/x"))
    ]


@pytest.fixture
def no_fetch(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """rdflib's loader of remote contexts, replaced: a test must never reach the network."""
    import rdflib.plugins.shared.jsonld.context as rdflib_context

    fetched: list[str] = []

    def fetch(source: object, *args: object, **kwargs: object) -> object:
        fetched.append(str(source))
        raise RuntimeError(f"fetch of {source}")

    monkeypatch.setattr(rdflib_context, "source_to_json", fetch)
    return fetched


def test_an_allowed_context_may_not_name_a_remote_one(tmp_path: Path, no_fetch: list[str]) -> None:
    # A bug this found: the local copy of an allowed context was handed to rdflib as it was, so
    # an "@import" or scoped context in it was fetched from the network.
    imports = tmp_path / "imports.jsonld"
    imports.write_text(
        json.dumps({"@context": {"@import": "https://evil.example/ctx", "p": E + "p"}}),
        encoding="utf-8",
    )
    scoped = tmp_path / "scoped.jsonld"
    scoped.write_text(
        json.dumps({"s": {"@id": E + "s", "@context": "https://evil.example/ctx"}}),
        encoding="utf-8",
    )
    listed = tmp_path / "listed.jsonld"
    listed.write_text(json.dumps({"@context": ["https://evil.example/ctx"]}), encoding="utf-8")
    settings = Settings(
        jsonld_context_allowlist={
            "https://x.example/imports": imports,
            "https://x.example/scoped": scoped,
            "https://x.example/listed": listed,
        }
    )
    for url in (
        "https://x.example/imports",
        "https://x.example/scoped",
        "https://x.example/listed",
    ):
        body = json.dumps({"@context": url, "@id": E + "a", "p": 1}).encode()
        error = error_of(read_data, "in.jsonld", body, "jsonld", settings)
        assert str(error) == REFUSED, url
    assert no_fetch == []


def test_allowed_contexts_may_name_each_other_but_not_themselves(
    tmp_path: Path, no_fetch: list[str]
) -> None:
    first = tmp_path / "first.jsonld"
    first.write_text(
        json.dumps({"@context": {"@import": "https://x.example/second", "p": E + "p"}}),
        encoding="utf-8",
    )
    second = tmp_path / "second.jsonld"
    second.write_text(json.dumps({"q": E + "q"}), encoding="utf-8")
    itself = tmp_path / "itself.jsonld"
    itself.write_text(json.dumps({"@context": "https://x.example/itself"}), encoding="utf-8")
    settings = Settings(
        jsonld_context_allowlist={
            "https://x.example/first": first,
            "https://x.example/second": second,
            "https://x.example/itself": itself,
        }
    )
    body = {"@context": "https://x.example/first", "@id": E + "a", "p": 1, "q": 2}
    graph = read_data("in.jsonld", json.dumps(body).encode(), "jsonld", settings)
    assert set(graph) == {
        (URIRef(E + "a"), URIRef(E + "p"), Literal(1)),
        (URIRef(E + "a"), URIRef(E + "q"), Literal(2)),
    }
    # the same allowed context twice side by side is no loop
    body = {"@context": ["https://x.example/second", "https://x.example/second"], "@id": E + "b"}
    read_data("in.jsonld", json.dumps({**body, "q": 3}).encode(), "jsonld", settings)
    body = {"@context": "https://x.example/itself", "@id": E + "a"}
    error = error_of(read_data, "in.jsonld", json.dumps(body).encode(), "jsonld", settings)
    assert str(error) == (
        f"in.jsonld: JSON-LD @context 'https://x.example/itself' names itself (through {itself})"
    )
    assert no_fetch == []


def test_a_context_naming_itself_in_any_way_is_named(tmp_path: Path, no_fetch: list[str]) -> None:
    url = "https://x.example/loop"
    ways = {
        "list": {"@context": [url]},
        "import": {"@context": {"@import": url}},
        "scoped": {"@context": {"s": {"@id": E + "s", "@context": url}}},
    }
    for way, content in ways.items():
        local = tmp_path / f"{way}.jsonld"
        local.write_text(json.dumps(content), encoding="utf-8")
        settings = Settings(jsonld_context_allowlist={url: local})
        body = json.dumps({"@context": url, "@id": E + "a"}).encode()
        error = error_of(read_data, "in.jsonld", body, "jsonld", settings)
        assert str(error) == (
            f"in.jsonld: JSON-LD @context '{url}' names itself (through {local})"
        ), way


def test_a_local_context_file_may_be_a_list(tmp_path: Path, no_fetch: list[str]) -> None:
    terms = tmp_path / "terms.jsonld"
    terms.write_text(json.dumps({"p": E + "p"}), encoding="utf-8")
    listed = tmp_path / "listed.jsonld"  # the file is a JSON list of contexts
    listed.write_text(json.dumps(["https://x.example/terms"]), encoding="utf-8")
    settings = Settings(
        jsonld_context_allowlist={
            "https://x.example/terms": terms,
            "https://x.example/listed": listed,
        }
    )
    body = json.dumps({"@context": "https://x.example/listed", "@id": E + "a", "p": 1})
    graph = read_data("in.jsonld", body.encode(), "jsonld", settings)
    assert list(graph) == [(URIRef(E + "a"), URIRef(E + "p"), Literal(1))]
