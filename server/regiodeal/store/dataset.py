"""The bundled dataset: which files it is made of, their named graphs and the inferences.

Every consumer builds it here: the embedded store (store.build, on disk), `regiodeal load`
(store.upload), `regiodeal catalogue` and the tests (`bundled_dataset`, in memory). Layout (see
docs/sparql-endpoint.md):

* every triple of every source file is in the **default graph** (so plain queries see everything,
  at pyoxigraph's full speed: no union over graphs at query time);
* the same triples are also in a **named graph per file**, `{base_uri}graph/{dir}/{path}` without
  the extension (e.g. `…/graph/data/deals/delft-west`), so `GRAPH ?g` tells where a fact comes from.
  TriG / N-Quads files keep the graph names they state;
* materialised inferences (regiodeal.store.inference) are in the default graph and in
  `{base_uri}graph/inferred`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from regiodeal.settings import Settings, reference_date
from regiodeal.store import inference
from regiodeal.store.files import turtle_files

# Extra RDF syntaxes accepted in the data directories besides Turtle (test suites ship N-Triples).
EXTRA_FORMATS: dict[str, RdfFormat] = {
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
}


def source_files(settings: Settings) -> list[Path]:
    """Turtle files (regiodeal.store.files.turtle_files) plus any .nt/.nq/.trig in the same dirs."""
    files = list(turtle_files(settings))
    for root in (settings.ontology_dir, settings.data_dir):
        for suffix in EXTRA_FORMATS:
            files.extend(sorted(root.rglob(f"*{suffix}")))
    return files


def _root_label(path: Path, settings: Settings) -> tuple[str, Path]:
    if path.is_relative_to(settings.ontology_dir):
        return "ontology", settings.ontology_dir
    return "data", settings.data_dir


def graph_name(path: Path, settings: Settings) -> NamedNode:
    """The named graph of one source file, e.g. …/graph/data/deals/delft-west."""
    label, root = _root_label(path, settings)
    relative = path.relative_to(root).with_suffix("").as_posix()
    return NamedNode(f"{settings.base_uri}graph/{label}/{relative}")


def inferred_graph(settings: Settings) -> NamedNode:
    return NamedNode(f"{settings.base_uri}graph/inferred")


def _rdf_format(path: Path) -> RdfFormat:
    return EXTRA_FORMATS.get(path.suffix, RdfFormat.TURTLE)


def _quads_of_file(path: Path, settings: Settings) -> Iterator[Quad]:
    """Each quad twice: in its file's named graph (or the one it states) and the default graph."""
    own_graph = graph_name(path, settings)
    for quad in parse(path=str(path), format=_rdf_format(path), base_iri=path.as_uri()):
        graph = own_graph if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name
        yield Quad(quad.subject, quad.predicate, quad.object, graph)
        yield Quad(quad.subject, quad.predicate, quad.object, DefaultGraph())


def load_sources(store: Store, files: list[Path], settings: Settings) -> None:
    # One bulk load for all files: each bulk_extend call writes and ingests its own RocksDB files.
    store.bulk_extend(chain.from_iterable(_quads_of_file(path, settings) for path in files))


def fill(store: Store, files: list[Path], settings: Settings) -> int:
    """Load `files` into `store` and materialise the inferences; return how many were inferred."""
    load_sources(store, files, settings)
    return inference.materialise(store, inferred_graph(settings), reference_date(settings))


def bundled_dataset(settings: Settings) -> Store:
    """The sources plus inferences in memory, exactly as the embedded store holds them."""
    store = Store()
    fill(store, source_files(settings), settings)
    return store
