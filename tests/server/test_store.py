"""Building the on-disk store: named graphs per file, inferences, reuse across restarts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Store
from support.live import free_port

from regiodeal.settings import Settings
from regiodeal.store import build as store_module
from regiodeal.store import inference
from regiodeal.store.dataset import bundled_dataset

RD = "https://w3id.org/regiodeal/def#"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def small_settings(tmp_path: Path) -> Settings:
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    (data / "deals").mkdir(parents=True)
    ontology.mkdir()
    (ontology / "o.ttl").write_text(
        f"@prefix rd: <{RD}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "rd:ministryParty rdfs:subPropertyOf rd:party . rd:party rdfs:subPropertyOf rd:involves .\n"
        "rd:RegioDeal rdfs:subClassOf rd:Agreement . rd:successor owl:inverseOf rd:predecessor .\n"
    )
    (data / "deals" / "a.ttl").write_text(
        f"@prefix rd: <{RD}> . @base <https://w3id.org/regiodeal/id/> .\n"
        "<regiodeal/a> a rd:RegioDeal ; rd:ministryParty <m> ; rd:successor <regiodeal/b> .\n"
        # stated with the property on the right of owl:inverseOf: the rule must work both ways
        "<regiodeal/d> rd:predecessor <regiodeal/c> .\n"
    )
    return Settings(ontology_dir=ontology, data_dir=data, store_dir=tmp_path / "store")


def test_graphs_and_inferences(tmp_path: Path) -> None:
    settings = small_settings(tmp_path)
    info = store_module.build_store(settings, tmp_path / "store")
    store = Store.read_only(str(info.oxigraph_path))
    deal = NamedNode("https://w3id.org/regiodeal/id/regiodeal/a")
    file_graph = NamedNode("https://w3id.org/regiodeal/graph/data/deals/a")
    inferred = NamedNode("https://w3id.org/regiodeal/graph/inferred")

    def has(s, p, o, g) -> bool:
        return any(store.quads_for_pattern(s, NamedNode(RD + p), o, g))

    minister = NamedNode("https://w3id.org/regiodeal/id/m")
    assert has(deal, "ministryParty", minister, file_graph)
    assert has(deal, "ministryParty", minister, DefaultGraph())
    for graph in (DefaultGraph(), inferred):
        assert has(deal, "party", minister, graph)
        assert has(deal, "involves", minister, graph)  # transitive sub-property
        assert has(
            NamedNode("https://w3id.org/regiodeal/id/regiodeal/b"), "predecessor", deal, graph
        )
        # rd:successor owl:inverseOf rd:predecessor, read from right to left:
        # <d> rd:predecessor <c> gives <c> rd:successor <d>.
        assert has(
            NamedNode("https://w3id.org/regiodeal/id/regiodeal/c"),
            "successor",
            NamedNode("https://w3id.org/regiodeal/id/regiodeal/d"),
            graph,
        )
    assert not has(deal, "ministryParty", None, inferred)  # asserted triples are not "inferred"
    assert any(store.quads_for_pattern(deal, None, NamedNode(RD + "Agreement"), inferred))
    assert info.graphs[file_graph.value] == 4
    # By hand: ministryParty ⊑ involves (closure); <a> a rd:Agreement; <a> rd:party <m>;
    # <a> rd:involves <m>; <b> rd:predecessor <a>; <c> rd:successor <d>: six new triples, plus
    # the reference date of the derived facts on the inferred graph itself (no deal has a
    # status, so no status is derived): seven.
    assert info.inferred_triples == 7
    assert info.graphs[inferred.value] == 7


def test_trig_keeps_its_graph_names_and_other_syntaxes_load(tmp_path: Path) -> None:
    settings = small_settings(tmp_path)
    (settings.data_dir / "extra.trig").write_text(
        "<https://example.org/g> { <https://example.org/s> <https://example.org/p> 1 . }\n"
        "<https://example.org/s> <https://example.org/p> 2 .\n"
    )
    (settings.data_dir / "extra.nq").write_text(
        "<https://example.org/s> <https://example.org/p> "
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer> <https://example.org/h> .\n'
    )
    info = store_module.build_store(settings, tmp_path / "store")
    store = Store.read_only(str(info.oxigraph_path))
    s, p = NamedNode("https://example.org/s"), NamedNode("https://example.org/p")

    def graphs_of(value: int) -> set[str]:
        return {
            "default" if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value
            for q in store.quads_for_pattern(s, p, Literal(str(value), datatype=XSD_INTEGER))
        }

    assert graphs_of(1) == {"default", "https://example.org/g"}  # the graph the file names
    assert graphs_of(2) == {"default", "https://w3id.org/regiodeal/graph/data/extra"}
    assert graphs_of(3) == {"default", "https://example.org/h"}


def test_store_dir_is_reused_until_sources_change(tmp_path: Path, monkeypatch) -> None:
    settings = small_settings(tmp_path)
    first = store_module.build_store(settings, tmp_path / "store")

    def fail(*args, **kwargs):
        raise AssertionError("re-parsed although nothing changed")

    monkeypatch.setattr(store_module, "fill", fail)
    again = store_module.build_store(settings, tmp_path / "store")
    assert again.fingerprint == first.fingerprint
    (settings.data_dir / "deals" / "a.ttl").write_text("")  # a change forces a rebuild
    with pytest.raises(AssertionError, match="re-parsed"):
        store_module.build_store(settings, tmp_path / "store")


def test_store_dir_is_rebuilt_when_the_rules_change(tmp_path: Path, monkeypatch) -> None:
    """Same source files, other inference rules: the stored inferences are stale, so rebuild."""
    settings = small_settings(tmp_path)
    store_module.build_store(settings, tmp_path / "store")
    calls: list[int] = []
    real_load = store_module.fill

    def counting_load(*args, **kwargs) -> int:
        calls.append(1)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(store_module, "fill", counting_load)
    monkeypatch.setattr(inference, "RULES_VERSION", inference.RULES_VERSION + "-changed")
    store_module.build_store(settings, tmp_path / "store")
    assert calls == [1]


def test_refuses_a_foreign_directory(tmp_path: Path) -> None:
    settings = small_settings(tmp_path)
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("do not delete")
    with pytest.raises(RuntimeError, match="not a regiodeal store"):
        store_module.build_store(settings, foreign)
    assert (foreign / "thesis.txt").exists()


def test_disk_store_holds_the_bundled_dataset(tmp_path: Path) -> None:
    """The endpoint's store and `regiodeal load` / the catalogue / the tests build one dataset."""
    settings = small_settings(tmp_path)
    info = store_module.build_store(settings, tmp_path / "store")
    on_disk = set(Store.read_only(str(info.oxigraph_path)))
    in_memory = set(bundled_dataset(settings))
    assert on_disk == in_memory
    inferred = NamedNode("https://w3id.org/regiodeal/graph/inferred")
    assert info.inferred_triples == sum(1 for q in in_memory if q.graph_name == inferred) > 0


def test_build_in_a_child_process_builds_the_same_store(tmp_path: Path) -> None:
    settings = small_settings(tmp_path)
    here = store_module.build_store(settings, tmp_path / "here")
    there = store_module.build_store_in_child(settings, tmp_path / "there")
    assert there.graphs == here.graphs and there.quads == here.quads > 0
    assert set(Store.read_only(str(there.oxigraph_path))) == set(
        Store.read_only(str(here.oxigraph_path))
    )


def test_reuse_starts_no_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = small_settings(tmp_path)
    built = store_module.build_store(settings, tmp_path / "store")

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reused store needs no build process")

    monkeypatch.setattr(store_module, "ProcessPoolExecutor", no_child)
    assert store_module.build_store_in_child(settings, tmp_path / "store") == built


def test_build_error_in_the_child_is_raised_as_it_was(tmp_path: Path) -> None:
    settings = small_settings(tmp_path)
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("do not delete")
    with pytest.raises(RuntimeError, match="not a regiodeal store"):
        store_module.build_store_in_child(settings, foreign)
    assert (foreign / "thesis.txt").exists()
    broken = settings.data_dir / "deals" / "broken.ttl"
    broken.write_text("<a> <b> .\n")  # no object
    with pytest.raises(SyntaxError, match="broken.ttl"):
        store_module.build_store(settings, tmp_path / "in-process")
    with pytest.raises(SyntaxError, match="broken.ttl"):
        store_module.build_store_in_child(settings, tmp_path / "in-child")


@pytest.mark.slow
def test_serve_with_a_broken_source_exits_with_the_error(tmp_path: Path) -> None:
    """`regiodeal serve` whose store build fails (in its child process) says why and exits
    non-zero rather than hang. Slow: a server start (about 10 s)."""
    settings = small_settings(tmp_path)
    (settings.data_dir / "deals" / "broken.ttl").write_text("<a> <b> .\n")  # no object
    env = {
        **os.environ,
        "REGIODEAL_ONTOLOGY_DIR": str(settings.ontology_dir),
        "REGIODEAL_DATA_DIR": str(settings.data_dir),
    }
    command = [sys.executable, "-m", "regiodeal.cli", "serve", "--port", str(free_port())]
    command += ["--store-dir", str(tmp_path / "store")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3  # uvicorn's exit code for a failed start-up
    assert "broken.ttl" in done.stderr and "SyntaxError" in done.stderr
    assert "Application startup failed" in done.stderr
