"""The RDFS/OWL rules and the document-part rule of store.inference over a small hand-made graph
(issue #11, mutation score). The expected inferred graph is written out by hand from the rules in
the module's docstring; the whole graph is compared, so an extra triple fails as much as a
missing one. No bundled data, no RocksDB."""

from __future__ import annotations

from datetime import date

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple

from regiodeal.store import inference

EX = "http://example.org/"
RD = "https://w3id.org/regiodeal/def#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INFERRED = NamedNode("https://w3id.org/regiodeal/graph/inferred")
REFERENCE = date(2024, 6, 30)
STAMP = (
    f"<{INFERRED.value}>",
    f"<{RD}referenceDate>",
    '"2024-06-30"^^<http://www.w3.org/2001/XMLSchema#date>',
)

# C ⊑ B ⊑ A (and B ⊑ a blank node, an OWL restriction: C ⊑ it too, but no type is propagated
# to it);
# p ⊑ q ⊑ r; inv owl:inverseOf q (so ?s inv ?o gives ?o q ?s, which then gives ?o r ?s: a
# second pass); <whole> has part <part>, which has part <para>, which lists <deal1> and
# mentions <deal2>.
GRAPH = f"""@prefix ex: <{EX}> . @prefix rdfs: <{RDFS}> . @prefix rd: <{RD}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix dcterms: <http://purl.org/dc/terms/> .
ex:C rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:A , [ a owl:Restriction ] .
ex:x a ex:C .
ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf ex:r .
ex:s ex:p ex:o .
ex:inv owl:inverseOf ex:q .
ex:m ex:inv ex:n .
ex:m ex:inv "a literal has no inverse" .
ex:k ex:q "literal values are kept" .
ex:para rd:listsDeal ex:deal1 ; rd:mentionsDeal ex:deal2 ; dcterms:isPartOf ex:part .
ex:part dcterms:isPartOf ex:whole .
"""


def ex(name: str) -> str:
    return f"<{EX}{name}>"


SUB_CLASS, SUB_PROPERTY, A = f"<{RDFS}subClassOf>", f"<{RDFS}subPropertyOf>", f"<{RDF_TYPE}>"

EXPECTED = {
    # class hierarchy: C ⊑ A by transitivity; x is a B and an A (not the blank restriction)
    (ex("C"), SUB_CLASS, ex("A")),
    (ex("C"), SUB_CLASS, "_:blank"),  # the closure itself keeps blank super-classes
    (ex("x"), A, ex("B")),
    (ex("x"), A, ex("A")),
    # property hierarchy: p ⊑ r; s p o gives s q o and s r o
    (ex("p"), SUB_PROPERTY, ex("r")),
    (ex("s"), ex("q"), ex("o")),
    (ex("s"), ex("r"), ex("o")),
    # inverses both ways: m inv n gives n q m (and so n r m); s q o gives o inv s; and the
    # q statements derived above give their inverses too
    (ex("n"), ex("q"), ex("m")),
    (ex("n"), ex("r"), ex("m")),
    (ex("o"), ex("inv"), ex("s")),
    (ex("k"), ex("r"), '"literal values are kept"'),
    # a paragraph's deals are listed / mentioned by every document it is part of
    (ex("part"), f"<{RD}listsDeal>", ex("deal1")),
    (ex("whole"), f"<{RD}listsDeal>", ex("deal1")),
    (ex("part"), f"<{RD}mentionsDeal>", ex("deal2")),
    (ex("whole"), f"<{RD}mentionsDeal>", ex("deal2")),
    STAMP,
}


def _store() -> Store:
    store = Store()
    store.load(GRAPH.encode(), format=RdfFormat.TURTLE)
    return store


def _term(term: object) -> str:
    return "_:blank" if str(term).startswith("_:") else str(term)


def _triples(store: Store, graph: NamedNode | DefaultGraph) -> set[tuple[str, str, str]]:
    """The graph's triples as N-Triples terms, every blank node written `_:blank`."""
    return {
        (_term(q.subject), _term(q.predicate), _term(q.object))
        for q in store.quads_for_pattern(None, None, None, graph)
    }


def test_the_inferred_graph_holds_exactly_what_the_rules_derive() -> None:
    store = _store()
    stated = _triples(store, DefaultGraph())
    assert inference.materialise(store, INFERRED, REFERENCE) == len(EXPECTED) == 16
    assert _triples(store, INFERRED) == EXPECTED
    # every inference is in the default graph too, next to what was stated
    assert _triples(store, DefaultGraph()) == stated | EXPECTED
    assert set(store.named_graphs()) == {INFERRED}


def test_a_second_run_adds_only_the_stamp_again() -> None:
    store = _store()
    inference.materialise(store, INFERRED, REFERENCE)
    before = set(store)
    # nothing new to infer; the stamp is counted again (it is already there)
    assert inference.materialise(store, INFERRED, REFERENCE) == 1
    assert set(store) == before


def test_new_triples_leaves_out_only_what_the_default_graph_has() -> None:
    s, p, o = NamedNode(EX + "s"), NamedNode(EX + "p"), NamedNode(EX + "o")
    rule = (f"PREFIX ex: <{EX}>\nCONSTRUCT {{ ex:s ex:p ex:o }} WHERE {{}}",)
    store = Store()
    store.add(Quad(s, p, o, DefaultGraph()))
    assert inference._new_triples(store, rule) == set()  # stated: not new
    store = Store()
    store.add(Quad(s, p, o, NamedNode(EX + "g")))
    # in a named graph only: new for the default graph, where the rules put their triples
    assert inference._new_triples(store, rule) == {Triple(s, p, o)}
