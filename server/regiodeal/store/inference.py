"""Materialised inferences, computed once when the endpoint's store is built.

Three RDFS/OWL rules, enough for researchers to ask for a super-property or super-class and get
every specialisation (e.g. `rd:ministryParty` also yields `rd:party`):

* rdfs:subClassOf (transitive closure, and rdf:type propagated up the hierarchy),
* rdfs:subPropertyOf (transitive closure, and statements propagated to the super-property),
* owl:inverseOf (both directions);

one rule of the data conventions: a document part that lists or mentions a deal (`rd:listsDeal`,
`rd:mentionsDeal`) makes every document it is part of list or mention it too; and, once those
have run, the derived facts of regiodeal.store.derived (the status at the reference date,
computed sums), which depend on a setting and are computed once, not iterated.

Each rule is a SPARQL CONSTRUCT over the store's default graph; new triples go into the default
graph and into the named graph `INFERRED_GRAPH`, so `GRAPH <…/graph/inferred>` lists exactly what
was derived. The rules are re-run until nothing new appears (inverse and sub-property
feed each other).
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryTriples, Store, Triple

from regiodeal.namespaces import sparql_prefixes
from regiodeal.store import derived

# Bump when the rules (or how the sources are read, store.dataset) change, so that a persistent
# store is rebuilt. 5: blank node labels are local to their file.
RULES_VERSION = "5"

_PREFIXES = sparql_prefixes("rdf", "rdfs", "owl", "rd", "dcterms", "prov", "xsd", "skos")

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
    # a deal listed (or mentioned) in an annex paragraph is listed (mentioned) by the whole letter
    "CONSTRUCT { ?whole rd:listsDeal ?deal } "
    "WHERE { ?part rd:listsDeal ?deal ; dcterms:isPartOf+ ?whole }",
    "CONSTRUCT { ?whole rd:mentionsDeal ?deal } "
    "WHERE { ?part rd:mentionsDeal ?deal ; dcterms:isPartOf+ ?whole }",
)

MAX_PASSES = 10


def _new_triples(store: Store, rules: tuple[str, ...] = RULES) -> set[Triple]:
    found: set[Triple] = set()
    for rule in rules:
        triples = store.query(_PREFIXES + rule)
        assert isinstance(triples, QueryTriples)  # every rule is a CONSTRUCT
        for triple in triples:
            if Quad(triple.subject, triple.predicate, triple.object) not in store:
                found.add(triple)  # (a Quad without a graph is in the default graph)
    return found


def _add(store: Store, triples: set[Triple], inferred_graph: NamedNode) -> int:
    store.extend(
        Quad(t.subject, t.predicate, t.object, graph)
        for graph in (DefaultGraph(), inferred_graph)
        for t in triples
    )
    return len(triples)


def materialise(store: Store, inferred_graph: NamedNode, reference_date: date | None = None) -> int:
    """Add the inferences to the default graph and `inferred_graph`; return how many were added.

    `reference_date` (default: today) is the date at which the current status of each deal is
    computed (regiodeal.store.derived)."""
    total = 0
    for _ in range(MAX_PASSES):
        new = _new_triples(store)
        if not new:
            break
        total += _add(store, new, inferred_graph)
    when = reference_date or date.today()
    derived_rules = derived.rules(when)
    for _ in range(MAX_PASSES):  # later derived rules read earlier ones (e.g. a sum of sums)
        new = _new_triples(store, derived_rules)
        if not new:
            break
        total += _add(store, new, inferred_graph)
    total += _add(store, derived.participations(store, _PREFIXES), inferred_graph)
    total += _add(store, derived.stamp(inferred_graph, when), inferred_graph)
    return total
