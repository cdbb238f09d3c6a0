"""The README's figures are what the data holds: generated, checked here against an independent
count over the Turtle files with rdflib (no pyoxigraph, no inference engine of ours)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, RDFS

from regiodeal.namespaces import RD
from regiodeal.publishing import figures
from regiodeal.settings import REPO_ROOT, get_settings
from regiodeal.store.dataset import bundled_dataset
from regiodeal.store.files import load_graph, parse_files


def _instances(graph: Graph, ontology: Graph, cls: URIRef) -> set[object]:
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def test_the_readme_block_is_what_the_data_gives() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = figures.readme_block(get_settings())
    assert block in readme, "README figures are stale: run `regiodeal docs --readme`"


def test_the_figures_equal_an_independent_count() -> None:
    settings = get_settings()
    data = load_graph(settings)
    ontology = parse_files(sorted(settings.ontology_dir.glob("*.ttl")))
    counted = dict(figures.figures(bundled_dataset(settings), settings))
    assert counted["Regio Deals and proposals"] == len(_instances(data, ontology, RD.RegioDeal))
    assert counted["tranches"] == len(_instances(data, ontology, RD.Tranche))
    assert counted["organisations"] == len(_instances(data, ontology, ORG.Organization))
    assert counted["source documents"] == len(_instances(data, ontology, RD.SourceDocument))
    assert counted["web publications"] == len(_instances(data, ontology, RD.WebPublication))
    statuses = {k: v for k, v in counted.items() if k.startswith("status ")}
    assert sum(statuses.values()) == len(set(data.subjects(RD.status, None)))


def test_a_readme_without_a_block_is_an_error_not_a_silent_no_op() -> None:
    with pytest.raises(ValueError, match="no figures block"):
        figures.with_figures("# no block here\n", "x")


def test_only_the_block_is_replaced() -> None:
    readme = f"before\n{figures.START}\nold\n{figures.END}\nafter\n"
    assert figures.with_figures(readme, "new") == "before\nnew\nafter\n"
