"""Materialised RDFS/OWL inferences, computed once when the endpoint's store is built.

Only three rules, enough for researchers to ask for a super-property or super-class and get every
specialisation (e.g. `rd:ministryParty` also yields `rd:party`):

* rdfs:subClassOf (transitive closure, and rdf:type propagated up the hierarchy),
* rdfs:subPropertyOf (transitive closure, and statements propagated to the super-property),
* owl:inverseOf (both directions).

Each rule is a SPARQL CONSTRUCT over the store's default graph; new triples go into the default
graph and into the named graph `INFERRED_GRAPH`, so `GRAPH <…/graph/inferred>` lists exactly what
was derived. The rules are re-run until nothing new appears (inverse and sub-property
feed each other).
"""

from __future__ import annotations

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryTriples, Store, Triple

from regiodeal.namespaces import sparql_prefixes

# Bump when the rules change, so that a persistent store is rebuilt.
RULES_VERSION = "1"

_PREFIXES = sparql_prefixes("rdf", "rdfs", "owl")

RULES: tuple[str, ...] = (
    # class and property hierarchies are transitive
    "CONSTRUCT { ?a rdfs:subClassOf ?c } WHERE { ?a rdfs:subClassOf/rdfs:subClassOf+ ?c }",
    "CONSTRUCT { ?a rdfs:subPropertyOf ?c } WHERE { ?a rdfs:subPropertyOf/rdfs:subPropertyOf+ ?c }",
    # an instance of a class is an instance of its super-classes
    "CONSTRUCT { ?x a ?super } "
    "WHERE { ?c rdfs:subClassOf ?super . ?x a ?c . FILTER(isIRI(?super)) }",
    # a statement with a sub-property also holds with the super-property
    "CONSTRUCT { ?s ?super ?o } WHERE { ?p rdfs:subPropertyOf ?super . ?s ?p ?o . "
    "FILTER(isIRI(?super)) }",
    # owl:inverseOf, both ways
    "CONSTRUCT { ?o ?q ?s } WHERE { ?p owl:inverseOf ?q . ?s ?p ?o . FILTER(!isLiteral(?o)) }",
    "CONSTRUCT { ?o ?p ?s } WHERE { ?p owl:inverseOf ?q . ?s ?q ?o . FILTER(!isLiteral(?o)) }",
)

MAX_PASSES = 10


def _new_triples(store: Store) -> set[Triple]:
    found: set[Triple] = set()
    for rule in RULES:
        triples = store.query(_PREFIXES + rule)
        assert isinstance(triples, QueryTriples)  # every rule is a CONSTRUCT
        for triple in triples:
            pattern = (triple.subject, triple.predicate, triple.object)
            if not any(store.quads_for_pattern(*pattern, DefaultGraph())):
                found.add(triple)
    return found


def materialise(store: Store, inferred_graph: NamedNode) -> int:
    """Add the inferences to the default graph and `inferred_graph`; return how many were added."""
    total = 0
    for _ in range(MAX_PASSES):
        new = _new_triples(store)
        if not new:
            break
        quads = [
            Quad(t.subject, t.predicate, t.object, graph)
            for graph in (DefaultGraph(), inferred_graph)
            for t in new
        ]
        store.extend(quads)
        total += len(new)
    return total
