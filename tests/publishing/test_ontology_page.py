"""/def: the ontology at its namespace, as a page (pyLODE) and as RDF, and every term's anchor."""

from __future__ import annotations

import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF
from support.apps import TestClient

from regiodeal.cli.docs import ontology_graph
from regiodeal.publishing.ontology import (
    MAIN_ONTOLOGY,
    OntologyDocument,
    local_name,
    main_header_only,
    term_list,
)
from regiodeal.settings import get_settings

NAMESPACE = "https://w3id.org/regiodeal/def#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph(get_settings())


def own_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        term
        for kind in kinds
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(NAMESPACE)
    }


def test_every_term_iri_resolves_to_an_anchor_in_the_page(
    bundled_client: TestClient, ontology: Graph
) -> None:
    page = bundled_client.get("/def", headers={"accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    terms = own_terms(ontology)
    assert URIRef(NAMESPACE + "RegioDeal") in terms
    # https://w3id.org/regiodeal/def#X is /def plus the fragment X: the page must have id="X".
    missing = [str(t) for t in terms if f'id="{local_name(t)}"' not in page.text]
    assert missing == []


@pytest.mark.parametrize(
    ("accept", "fmt", "syntax"),
    [
        ("text/turtle", None, "turtle"),
        ("application/ld+json", None, "json-ld"),
        ("application/rdf+xml", None, "xml"),
        (BROWSER, "ntriples", "nt"),  # ?format= wins over a browser's Accept
    ],
)
def test_the_ontology_as_rdf(
    bundled_client: TestClient, ontology: Graph, accept: str, fmt: str | None, syntax: str
) -> None:
    params = {"format": fmt} if fmt else {}
    answer = bundled_client.get("/def", params=params, headers={"accept": accept})
    assert answer.status_code == 200
    assert "Accept" in answer.headers["vary"]
    assert isomorphic(Graph().parse(data=answer.content, format=syntax), ontology)


def test_without_pylode_a_plain_list_with_the_same_anchors(
    ontology: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pylode", None)  # `import pylode` raises ImportError
    document = OntologyDocument(ontology, NAMESPACE)
    assert document.html() is None
    listed = {term["id"] for kind in term_list(ontology, NAMESPACE) for term in kind["terms"]}
    assert listed == {local_name(t) for t in own_terms(ontology)}


def test_page_graph_has_only_the_main_ontology_header(ontology: Graph) -> None:
    """ontology/validation.ttl is an owl:Ontology of its own (imported by the main one); pyLODE
    would merge both headers into one title, so the page gets the main header and every term."""
    module = URIRef("https://w3id.org/regiodeal/def/validation")
    assert {module, MAIN_ONTOLOGY} <= set(ontology.subjects(RDF.type, OWL.Ontology))
    assert (MAIN_ONTOLOGY, OWL.imports, module) in ontology
    page = main_header_only(ontology)
    assert set(page.subjects(RDF.type, OWL.Ontology)) == {MAIN_ONTOLOGY}
    assert own_terms(page) == own_terms(ontology)
    assert URIRef(NAMESPACE + "legalBasis") in own_terms(page)
