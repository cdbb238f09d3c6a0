"""store.dataset and store.files over a small fixture directory (issue #11, mutation score): which
files make the dataset and in what order, the named graph of each file, the formats, blank node
labels local to their file, relative IRIs, and the default graph as the union. The expected
graph names and quads are written out by hand from docs/sparql-endpoint.md (dataset layout)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store
from rdflib import Graph, URIRef

from regiodeal.settings import REPO_ROOT, Settings
from regiodeal.store import dataset, files
from regiodeal.store.dataset import (
    bundled_dataset,
    fill,
    graph_name,
    inferred_graph,
    load_sources,
    source_files,
)

EX = "http://example.org/"
S, P = NamedNode(EX + "s"), NamedNode(EX + "p")
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """ontology/ with a Turtle and an N-Triples file; data/ with Turtle at two depths, N-Triples,
    N-Quads, TriG, and a file of another kind (ignored)."""
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    (data / "a").mkdir(parents=True)
    ontology.mkdir()
    (ontology / "o.ttl").write_text(f"<{EX}s> <{EX}p> 1 .\n")
    (ontology / "x.nt").write_text(f'<{EX}s> <{EX}p> "ont-nt" .\n')
    (data / "b.ttl").write_text(f"<{EX}s> <{EX}p> <rel> ; <{EX}q> [ <{EX}p> 2 ] .\n")
    (data / "a" / "c.ttl").write_text(f"<{EX}s> <{EX}q> _:same .\n_:same <{EX}p> 3 .\n")
    (data / "w.nt").write_text(f'<{EX}s> <{EX}p> "nt" .\n')
    (data / "y.nq").write_text(f'<{EX}s> <{EX}p> "nq" <{EX}g> .\n<{EX}s> <{EX}p> "nq-default" .\n')
    (data / "z.trig").write_text(
        f"<{EX}h> {{ <{EX}s> <{EX}p> <rel> }}\n<{EX}s> <{EX}q> _:same .\n_:same <{EX}p> 4 .\n"
    )
    (data / "notes.txt").write_text("not RDF")
    return Settings(
        ontology_dir=ontology,
        data_dir=data,
        base_uri="http://base.example/",
        reference_date=date(2024, 6, 30),
    )


def test_turtle_files_ontology_first_then_data_each_sorted(settings: Settings) -> None:
    ontology, data = settings.ontology_dir, settings.data_dir
    assert files.turtle_files(settings) == [
        ontology / "o.ttl",
        data / "a" / "c.ttl",
        data / "b.ttl",
    ]


def test_turtle_files_default_to_the_bundled_graph() -> None:
    found = files.turtle_files()
    assert found[0].parent == REPO_ROOT / "ontology"
    assert REPO_ROOT / "data" / "ttl" / "reference" / "codelists.ttl" in found
    assert all(path.suffix == ".ttl" for path in found)


def test_source_files_add_the_other_syntaxes_after_the_turtle(settings: Settings) -> None:
    ontology, data = settings.ontology_dir, settings.data_dir
    assert source_files(settings) == [
        ontology / "o.ttl",
        data / "a" / "c.ttl",
        data / "b.ttl",
        ontology / "x.nt",
        data / "w.nt",
        data / "y.nq",
        data / "z.trig",
    ]


def test_parse_files_into_a_new_graph_or_the_one_given(settings: Settings) -> None:
    paths = [settings.ontology_dir / "o.ttl", settings.data_dir / "b.ttl"]
    graph = files.parse_files(paths)
    assert len(graph) == 4  # 1 + 3 (b.ttl: <rel>, the blank node and its value)
    given = Graph()
    given.add((URIRef(EX + "t"), URIRef(EX + "p"), URIRef(EX + "o")))
    assert files.parse_files(paths[:1], given) is given and len(given) == 2


def test_load_graph_parses_the_turtle_files_of_the_settings(settings: Settings) -> None:
    # o.ttl 1 triple, a/c.ttl 2, b.ttl 3; the .nt/.nq/.trig files are not Turtle files
    assert len(files.load_graph(settings)) == 6


def test_graph_names_follow_the_directory_and_the_path(settings: Settings) -> None:
    ontology, data = settings.ontology_dir, settings.data_dir
    assert graph_name(ontology / "o.ttl", settings) == NamedNode(
        "http://base.example/graph/ontology/o"
    )
    assert graph_name(data / "a" / "c.ttl", settings) == NamedNode(
        "http://base.example/graph/data/a/c"
    )
    assert inferred_graph(settings) == NamedNode("http://base.example/graph/inferred")
    assert dataset._rdf_format(data / "w.nt") == RdfFormat.N_TRIPLES
    assert dataset._rdf_format(data / "y.nq") == RdfFormat.N_QUADS
    assert dataset._rdf_format(data / "z.trig") == RdfFormat.TRIG
    assert dataset._rdf_format(data / "b.ttl") == RdfFormat.TURTLE


def _graph(store: Store, name: str) -> set[str]:
    graph = DefaultGraph() if name == "default" else NamedNode(name)
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, graph)}


def test_load_sources_puts_each_file_in_its_graph_and_all_in_the_default(
    settings: Settings,
) -> None:
    store = Store()
    load_sources(store, source_files(settings), settings)
    data = settings.data_dir
    graph = "http://base.example/graph/"
    # relative IRIs resolve against the file itself
    rel_b = rel_z = (data / "rel").as_uri()
    assert _graph(store, graph + "ontology/o") == {
        f'<{EX}s> <{EX}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    }
    assert _graph(store, graph + "ontology/x") == {f'<{EX}s> <{EX}p> "ont-nt"'}
    assert _graph(store, graph + "data/w") == {f'<{EX}s> <{EX}p> "nt"'}
    assert f"<{EX}s> <{EX}p> <{rel_b}>" in _graph(store, graph + "data/b")
    assert len(_graph(store, graph + "data/b")) == 3
    # N-Quads and TriG keep the graphs they name; their default graph is the file's
    assert _graph(store, EX + "g") == {f'<{EX}s> <{EX}p> "nq"'}
    assert _graph(store, graph + "data/y") == {f'<{EX}s> <{EX}p> "nq-default"'}
    assert _graph(store, EX + "h") == {f"<{EX}s> <{EX}p> <{rel_z}>"}
    assert len(_graph(store, graph + "data/z")) == 2
    assert {str(g) for g in store.named_graphs()} == {
        f"<{graph}{name}>"
        for name in ("ontology/o", "ontology/x", "data/a/c", "data/b", "data/w", "data/y", "data/z")
    } | {f"<{EX}g>", f"<{EX}h>"}
    # the default graph is the union (one <s> <p> <rel> for both files: the same IRI)
    union = set().union(*(_graph(store, str(g)[1:-1]) for g in store.named_graphs()))
    assert _graph(store, "default") == union
    # _:same in c.ttl and in z.trig are two nodes: two values 3 and 4 on two blank nodes
    values = {
        q.subject: q.object.value
        for q in store.quads_for_pattern(None, P, None, DefaultGraph())
        if isinstance(q.subject, BlankNode) and q.object.value in ("3", "4")
    }
    assert sorted(values.values()) == ["3", "4"]


def test_quads_of_a_trig_file(settings: Settings) -> None:
    path = settings.data_dir / "z.trig"
    quads = list(dataset._quads_of_file(path, settings))
    own = NamedNode("http://base.example/graph/data/z")
    assert Quad(S, P, NamedNode((settings.data_dir / "rel").as_uri()), NamedNode(EX + "h")) in quads
    assert len(quads) == 3 and sum(q.graph_name == own for q in quads) == 2
    (blank,) = {q.object for q in quads if q.predicate == NamedNode(EX + "q")}
    assert isinstance(blank, BlankNode) and blank.value != "same"  # renamed: local to the file
    assert Quad(blank, P, Literal("4", datatype=NamedNode(XSD_INTEGER)), own) in quads


def test_fill_and_bundled_dataset_infer_at_the_reference_date(settings: Settings) -> None:
    store = Store()
    # nothing to infer in the fixture: the one inferred triple is the stamp of the reference date
    assert fill(store, source_files(settings), settings) == 1
    stamp = Quad(
        NamedNode("http://base.example/graph/inferred"),
        NamedNode("https://w3id.org/regiodeal/def#referenceDate"),
        Literal("2024-06-30", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        NamedNode("http://base.example/graph/inferred"),
    )
    assert stamp in store
    again = bundled_dataset(settings)  # the same, from the settings' own file list
    assert len(again) == len(store) > 1
    assert {q for q in again if not _blank(q)} == {q for q in store if not _blank(q)}


def _blank(quad: Quad) -> bool:
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)


def test_only_trig_and_n_quads_are_read_in_python(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turtle and N-Triples go to the engine's own loader in one call per file (issue #16: no
    Python per triple); only the files that may name graphs are read quad by quad."""
    read_in_python: list[str] = []
    real = dataset._quads_of_file

    def spy(path: Path, settings: Settings):  # type: ignore[no-untyped-def]
        read_in_python.append(path.name)
        return real(path, settings)

    monkeypatch.setattr(dataset, "_quads_of_file", spy)
    load_sources(Store(), source_files(settings), settings)
    assert read_in_python == ["y.nq", "z.trig"]
