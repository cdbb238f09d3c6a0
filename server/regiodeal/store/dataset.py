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
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from regiodeal.settings import Settings, reference_date
from regiodeal.store import inference
from regiodeal.store.files import names_under

# Extra RDF syntaxes accepted in the data directories besides Turtle (test suites ship N-Triples).
EXTRA_FORMATS: dict[str, RdfFormat] = {
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
}


def source_files(settings: Settings) -> list[Path]:
    """Turtle files (regiodeal.store.files.turtle_files) plus any .nt/.nq/.trig in the same dirs."""
    return [Path(name) for name in source_names(settings)]


def source_names(settings: Settings) -> list[str]:
    """`source_files` as strings: what the sources' fingerprint hashes (issue #16: making Path
    objects of 18,000 files was a tenth of `regiodeal validate` at 15,000 deals)."""
    suffixes = (".ttl", *EXTRA_FORMATS)
    found = [names_under(root, suffixes) for root in (settings.ontology_dir, settings.data_dir)]
    # the order of turtle_files, then the other syntaxes per directory and suffix
    turtle = [name for named in found for name in named[".ttl"]]
    return turtle + [name for named in found for s in EXTRA_FORMATS for name in named[s]]


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
    """The quads of a TriG or N-Quads file: in the graph they state, or else in the file's own.

    A blank node label is local to its file (RDF 1.1 Semantics, merging graphs): `_:b1` in two
    files is two nodes, as rdflib reads them for validation."""
    own_graph = graph_name(path, settings)
    quads = parse(
        path=str(path), format=_rdf_format(path), base_iri=path.as_uri(), rename_blank_nodes=True
    )
    for quad in quads:
        graph = own_graph if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name
        yield Quad(quad.subject, quad.predicate, quad.object, graph)


# Copies every statement of every graph into the default graph, keeping its blank nodes.
COPY_TO_DEFAULT_GRAPH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def load_sources(store: Store, files: list[Path], settings: Settings) -> None:
    """Load `files` into an empty in-memory `store`: each file in its named graph (or the graphs
    it states), then every triple also in the default graph.

    Turtle and N-Triples are parsed by the engine (no Python per triple); each load is one parse,
    so blank node labels are local to their file, as in `_quads_of_file`. Without that, files
    that share labels (the synthetic benchmark's clones, N-Triples written from one parse) shared
    blank nodes: at 500 synthetic deals the clones shared their fact sources, and the
    participations derived from them grew with the square of the number of deals (issue #16).
    """
    for path in files:
        fmt = _rdf_format(path)
        if fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):
            store.load(
                path=str(path),
                format=fmt,
                base_iri=path.as_uri(),
                to_graph=graph_name(path, settings),
            )
        else:
            store.extend(_quads_of_file(path, settings))
    store.update(COPY_TO_DEFAULT_GRAPH)


def fill(store: Store, files: list[Path], settings: Settings) -> int:
    """Load `files` into an empty in-memory `store` and materialise the inferences; return how
    many were inferred (regiodeal.store.build copies the result to disk in one bulk load)."""
    load_sources(store, files, settings)
    return inference.materialise(store, inferred_graph(settings), reference_date(settings))


def bundled_dataset(settings: Settings) -> Store:
    """The sources plus inferences in memory, exactly as the embedded store holds them."""
    store = Store()
    fill(store, source_files(settings), settings)
    return store
