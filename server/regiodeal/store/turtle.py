"""`regiodeal format`: re-serialise Turtle files deterministically.

Every file is written by rdflib's sorted Turtle serializer with one stable prefix set and
`@base <https://w3id.org/regiodeal/id/>`, so that a diff of a data file shows only changed facts.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF
from rdflib.plugins.serializers.turtle import TurtleSerializer

from regiodeal.namespaces import FILE_PREFIXES, ID, PREFIX_IRIS

BASE = str(ID)


def stable_prefixes() -> dict[str, str]:
    """The prefix set every formatted file may use (only the used ones are written)."""
    return PREFIX_IRIS | FILE_PREFIXES


def _relative_ref(uri: str) -> str | None:
    """The part of `uri` after our base, if it is a safe relative reference."""
    if not uri.startswith(BASE):
        return None
    rest = uri[len(BASE) :]
    first_segment = rest.split("/", 1)[0]
    # A ':' in the first segment would read as a scheme; '.', '/', '?', '#' change resolution.
    if not rest or ":" in first_segment or rest[0] in "/?#." or "/." in rest:
        return None
    return rest


class RegiodealTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer, relativising every IRI under our `/id/` base.

    rdflib's own `relativize` keeps IRIs that contain a `/` after the base absolute; our IRIs
    are hierarchical (`regiodeal/delft-west`), so the conventions need the wider rule.
    """

    def relativize(self, uri):  # type: ignore[no-untyped-def]  # signature of the base class
        if isinstance(uri, URIRef) and self.base == BASE:
            rest = _relative_ref(str(uri))
            if rest is not None:
                return URIRef(rest)
        return uri


def _with_canonical_bnodes(graph: Graph) -> Graph:
    """Blank nodes renamed by content hash, so that sorting them is stable between runs."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    canonical = Graph(bind_namespaces="none")
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def _output_graph(source: Graph) -> Graph:
    """A graph with the stable prefixes bound, plus any other prefix the source declared."""
    out = Graph(bind_namespaces="none")  # starts with no prefix at all
    prefixes = stable_prefixes()
    for name, uri in prefixes.items():
        out.bind(name, Namespace(uri))
    ours = set(prefixes.values())
    for name, uri in sorted(source.namespaces()):
        # Keep a file's own prefix for a namespace we have no name for (never for our base). A
        # graph binds each namespace to one prefix, so no namespace gets two here.
        if name and str(uri) not in ours and name not in prefixes and str(uri) != BASE:
            out.bind(name, uri)
    return out


def format_graph(graph: Graph) -> str:
    """Deterministic Turtle for the graph."""
    out = _output_graph(graph)
    for triple in _with_canonical_bnodes(graph):
        out.add(triple)
    # Data files start with @base (conventions); the ontology lives under /def/ and has no
    # /id/ IRIs, so it is written without one.
    is_ontology = (None, RDF.type, OWL.Ontology) in out
    buffer = io.BytesIO()
    # rdflib's Turtle serializer always writes UTF-8 (it ignores an `encoding` argument)
    RegiodealTurtleSerializer(out).serialize(buffer, base=None if is_ontology else BASE)
    return buffer.getvalue().decode("utf-8")


def format_text(text: str) -> str:
    graph = Graph(bind_namespaces="none")
    graph.parse(data=text, format="turtle", publicID=BASE)
    return format_graph(graph)


def format_file(path: Path) -> str:
    """The formatted content of one Turtle file (relative IRIs resolve against the base)."""
    graph = Graph(bind_namespaces="none")
    # publicID: relative IRIs in a file without @base resolve to our base, never to the path.
    graph.parse(path, format="turtle", publicID=BASE)
    return format_graph(graph)


def unformatted(paths: Iterable[Path]) -> list[Path]:
    """The files whose content differs from their formatted form."""
    return [path for path in paths if path.read_text(encoding="utf-8") != format_file(path)]
