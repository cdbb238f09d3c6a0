"""Finding and parsing the bundled Turtle files (ontology, reference data, deals, sources)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from regiodeal.settings import Settings, get_settings


def turtle_files(settings: Settings | None = None) -> list[Path]:
    """Every Turtle file of the graph in a stable order: ontology first, then data."""
    settings = settings or get_settings()
    files: list[Path] = []
    for root in (settings.ontology_dir, settings.data_dir):
        files.extend(sorted(root.rglob("*.ttl")))
    return files


def parse_files(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """Parse the files into one graph; a syntax error propagates with the file named."""
    graph = graph if graph is not None else Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def load_graph(settings: Settings | None = None) -> Graph:
    """The whole bundled graph (ontology + data) as one rdflib Graph."""
    return parse_files(turtle_files(settings))
