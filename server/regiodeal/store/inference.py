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

Each rule is written as a SPARQL CONSTRUCT over the store's default graph and run inside the
engine as an INSERT (`_staged`); conclusions the default graph lacks go into it and into the named
graph `INFERRED_GRAPH`, so `GRAPH <…/graph/inferred>` lists exactly what was derived. The rules
are re-run until nothing new appears (inverse and sub-property feed each other).
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions, Store, Triple

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


def _staging(inferred_graph: NamedNode) -> NamedNode:
    """A scratch graph for one pass's conclusions, dropped at the end of the pass."""
    return NamedNode(inferred_graph.value + "-staging")


def _staged(rule: str, staging: NamedNode) -> str:
    """`rule` (`CONSTRUCT { template } WHERE { pattern }`) as an INSERT of its template into
    `staging`: the engine writes the conclusions itself, with no triple crossing into Python."""
    head, separator, pattern = rule.partition(" } WHERE {")
    template = head.removeprefix("CONSTRUCT {")
    assert separator and template != head and "{" not in template, rule
    return f"INSERT {{ GRAPH <{staging.value}> {{{template} }} }} WHERE {{{pattern}"


def _promote(staging: NamedNode, inferred_graph: NamedNode) -> str:
    """The staged conclusions the default graph lacks, added to it and to `inferred_graph`.

    The pass's rules all read the default graph as it was before the pass (their conclusions
    wait in `staging`), so that a pass concludes what one pass of CONSTRUCT queries did and the
    non-monotonic derived rules (FILTER NOT EXISTS, sums) see the same graph as before."""
    return (
        f"INSERT {{ ?s ?p ?o . GRAPH <{inferred_graph.value}> {{ ?s ?p ?o }} }} "
        f"WHERE {{ GRAPH <{staging.value}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }} ; "
        f"DROP SILENT GRAPH <{staging.value}>"
    )


def _pass(store: Store, rules: tuple[str, ...], inferred_graph: NamedNode) -> None:
    staging = _staging(inferred_graph)
    operations = [_staged(rule, staging) for rule in rules]
    store.update(_PREFIXES + " ;\n".join([*operations, _promote(staging, inferred_graph)]))


def _size(store: Store, graph: NamedNode) -> int:
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    assert isinstance(count, QuerySolutions)
    return int(next(iter(count))["n"].value)


def _closure(store: Store, rules: tuple[str, ...], inferred_graph: NamedNode) -> int:
    """Run `rules` pass by pass until a pass concludes nothing new (at most MAX_PASSES); return
    how many triples they added. The rules run as SPARQL UPDATE inside the engine: as CONSTRUCT
    queries whose every triple was looked up from Python they took 1.1-1.4 s CPU at 500
    synthetic deals, 1.0 s now (issue #16; docs/architecture.md, "Performance")."""
    before = after = _size(store, inferred_graph)
    for _ in range(MAX_PASSES):
        _pass(store, rules, inferred_graph)
        grown = _size(store, inferred_graph)
        if grown == after:
            break
        after = grown
    return after - before


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
    computed (regiodeal.store.derived). The derived rules run after the RDFS/OWL closure, pass
    by pass too: later derived rules read earlier ones (the year of a computed status change)."""
    total = _closure(store, RULES, inferred_graph)
    when = reference_date or date.today()
    total += _closure(store, derived.rules(when), inferred_graph)
    total += _add(store, derived.participations(store, _PREFIXES), inferred_graph)
    total += _add(store, derived.stamp(inferred_graph, when), inferred_graph)
    return total
