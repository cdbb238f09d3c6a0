"""`regiodeal format` (store.turtle) in pieces (issue #11, mutation score): which IRIs become
relative to `@base`, which of a file's own prefixes are kept (prefix de-duplication), blank
nodes, the ontology without `@base`, and `unformatted`. Expected texts are written by hand from
docs/data-conventions.md ("Turtle files"); no subprocess, no bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from regiodeal.namespaces import FILE_PREFIXES, PREFIX_IRIS
from regiodeal.store import turtle
from regiodeal.store.turtle import (
    BASE,
    RegiodealTurtleSerializer,
    format_file,
    format_graph,
    format_text,
    stable_prefixes,
    unformatted,
)

RD = "https://w3id.org/regiodeal/def#"
OTHER = "http://other.example/ns#"


def test_stable_prefixes_are_the_bound_ones_and_the_file_ones() -> None:
    prefixes = stable_prefixes()
    assert prefixes == {**PREFIX_IRIS, **FILE_PREFIXES}
    assert prefixes["rd"] == RD and prefixes["foaf"] == "http://xmlns.com/foaf/0.1/"
    assert len(prefixes) == len(PREFIX_IRIS) + len(FILE_PREFIXES) == 19


@pytest.mark.parametrize(
    ("iri", "relative"),
    [
        (BASE + "regiodeal/delft-west", "regiodeal/delft-west"),
        (BASE + "x", "x"),
        (BASE + "web/a:b", "web/a:b"),  # a ':' after the first segment is no scheme
        (BASE + "a.b/c", "a.b/c"),  # a '.' inside a segment is harmless
        (BASE + "x/a:b/c", "x/a:b/c"),  # only the first segment counts, not all but the last
        (BASE + "Xanten", "Xanten"),  # only '/', '?', '#', '.' are refused first
        (BASE, None),  # the base itself: an empty reference
        (BASE + "a:b", None),  # 'a:' would read as a scheme
        (BASE + "/x", None),
        (BASE + "?x", None),
        (BASE + "#x", None),
        (BASE + ".x", None),
        (BASE + "a/./b", None),
        (BASE + "a/../b", None),
        ("https://w3id.org/regiodeal/def#x", None),  # not under the base
        ("http://example.org/https://w3id.org/regiodeal/id/x", None),
    ],
)
def test_relative_references(iri: str, relative: str | None) -> None:
    assert turtle._relative_ref(iri) == relative


def test_the_serializer_relativises_only_iris_and_only_under_our_base() -> None:
    serializer = RegiodealTurtleSerializer(Graph())
    serializer.base = BASE
    assert serializer.relativize(URIRef(BASE + "regiodeal/a/b")) == URIRef("regiodeal/a/b")
    assert serializer.relativize(URIRef(BASE + "a:b")) == URIRef(BASE + "a:b")
    assert serializer.relativize(Literal(BASE + "x")) == Literal(BASE + "x")
    serializer.base = "https://example.org/"
    assert serializer.relativize(URIRef(BASE + "x")) == URIRef(BASE + "x")


def _bound(text: str) -> dict[str, str]:
    """The prefixes the formatted text of `text` would bind: its @prefix lines are what it uses,
    _output_graph says what it may use."""
    source = Graph(bind_namespaces="none")
    source.parse(data=text, format="turtle", publicID=BASE)
    return {name: str(uri) for name, uri in turtle._output_graph(source).namespaces()}


def test_a_files_own_prefix_is_kept_only_for_a_namespace_we_have_no_name_for() -> None:
    bound = _bound(
        f"@prefix zz: <{OTHER}> .\n"  # an unknown namespace: kept under the file's name
        f"@prefix myrd: <{RD}> .\n"  # our namespace under another name: rd: is used
        "@prefix gemeente: <http://clash.example/> .\n"  # one of our names: not taken over
        f"@prefix idp: <{BASE}> .\n"  # the base: written relative, never a prefix
        "@prefix : <http://empty.example/> .\n"  # the empty name is never kept
        "<a> <b> <c> .\n"
    )
    assert bound == {**stable_prefixes(), "zz": OTHER}


def test_the_formatted_text_uses_the_stable_names_and_one_per_namespace() -> None:
    text = format_text(
        f"@prefix myrd: <{RD}> .\n@prefix zz: <{OTHER}> .\n"
        '<regiodeal/a> a myrd:RegioDeal ; zz:p "x" .\n'
    )
    assert text == (
        "@base <https://w3id.org/regiodeal/id/> .\n"
        f"@prefix rd: <{RD}> .\n"
        f"@prefix zz: <{OTHER}> .\n"
        "\n"
        "<regiodeal/a> a rd:RegioDeal ;\n"
        '    zz:p "x" .\n'
        "\n"
    )


def test_blank_nodes_are_renamed_by_content_and_a_graph_without_them_is_kept() -> None:
    plain = Graph()
    plain.add((URIRef(BASE + "a"), URIRef(RD + "p"), Literal("x")))
    assert turtle._with_canonical_bnodes(plain) is plain
    one, two = Graph(), Graph()
    for graph, label in ((one, "first"), (two, "second")):
        node = BNode(label)
        graph.add((URIRef(BASE + "a"), URIRef(RD + "p"), node))
        graph.add((node, URIRef(RD + "name"), Literal("b")))
    canonical = turtle._with_canonical_bnodes(one)
    assert len(canonical) == 2 and set(canonical) == set(turtle._with_canonical_bnodes(two))
    assert list(canonical.namespaces()) == []  # a bare graph: no prefixes of its own
    assert format_graph(one) == format_graph(two)


def test_an_ontology_is_written_without_base_and_data_with_it() -> None:
    graph = Graph(bind_namespaces="none")
    graph.bind("rd", Namespace(RD))
    graph.add((URIRef(RD.rstrip("#")), URIRef(RD + "p"), URIRef(BASE + "x")))
    assert format_graph(graph).startswith("@base <https://w3id.org/regiodeal/id/> .\n")
    assert "<x>" in format_graph(graph)
    graph.parse(
        data=f"<{RD.rstrip('#')}> a <http://www.w3.org/2002/07/owl#Ontology> .", format="turtle"
    )
    text = format_graph(graph)
    assert "@base" not in text and f"<{BASE}x>" in text


def test_a_file_without_base_resolves_against_ours(tmp_path: Path) -> None:
    path = tmp_path / "deal.ttl"
    path.write_text(f'@prefix rd: <{RD}> .\n<regiodeal/a> rd:name "A" .\n', encoding="utf-8")
    expected = (
        "@base <https://w3id.org/regiodeal/id/> .\n"
        f"@prefix rd: <{RD}> .\n\n"
        '<regiodeal/a> rd:name "A" .\n\n'
    )
    assert format_file(path) == expected
    assert unformatted([path]) == [path]
    path.write_text(expected, encoding="utf-8")
    assert unformatted([path]) == []
