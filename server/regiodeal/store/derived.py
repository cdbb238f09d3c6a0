"""Facts the store derives from the data at load, so that they are never stored stale and never
confused with what a source prints (docs/data-conventions.md, "Lifecycle" and "Computed figures").

* **Status at the reference date**: `rd:currentStatus` is `status/beeindigd` for a signed deal
  whose `rd:endDate` lies before the reference date, `status/niet-geselecteerd` for a proposal
  with a dated change to it on or before that date, and the deal's stated `rd:status` otherwise.
  An ended deal also gets an `rd:StatusChange` to `status/beeindigd`, dated on its end date,
  derived from the document part that states the end date and flagged `rd:computed true`.
* **Year of a status change**: `rd:year` of every dated `rd:StatusChange` (sources that give
  only a year state `rd:year` themselves), so that one property answers "in which year".
* **Computed contributions**: where a budget table prints no total for the Rijk or the regional
  column, the sum of its top-level rows (no `rd:subLineOf`) becomes
  `rd:computedRijkContribution` / `rd:computedRegionalContribution` on the deal, and an
  `rd:ComputedFigure` node `id:berekend/{deal}/{property}` with `rdf:value`, `rd:aboutProperty`
  (the printed property it stands in for), `rd:figureOf` the deal, `prov:wasDerivedFrom` each row
  summed and `rd:computed true`. A printed amount is never overwritten or duplicated.
* **Participations**: each value of a role property of a deal (the `rd:shortcut` of a concept
  of the code list `scheme/rol`: rd:ministryParty, rd:partner, rd:regiokassier, ...) becomes an
  `rd:Participation` `id:deelname/{deal}/{role}/{md5 of the organisation}` with
  `rd:participant`, `rd:role`, `rd:computed true` and its source: the organisation's own
  passage when that lies within a part the deal's fact source names for the property, else
  every part the fact source names; `rd:exactSource` says whether that is one part.

Each item but the participations (computed in Python, see `participations`) is a SPARQL
CONSTRUCT, run by regiodeal.store.inference after the RDFS/OWL closure.
"""

from __future__ import annotations

import hashlib
from datetime import date

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store, Triple
from rdflib.namespace import PROV, RDF, XSD

from regiodeal.namespaces import ID, RD

ENDED = f"<{ID}status/beeindigd>"
SIGNED = f"<{ID}status/ondertekend>"
NOT_SELECTED = f"<{ID}status/niet-geselecteerd>"


def _date(when: date) -> str:
    return f'"{when.isoformat()}"^^xsd:date'


# (column on the rows and on the printed totals row, the deal-level property it stands in for,
# the computed shortcut property)
SUMMED_COLUMNS = (
    ("rijkAmount", "rijkContribution", "computedRijkContribution"),
    ("regionalAmount", "regionalContribution", "computedRegionalContribution"),
)


def _column_sum(column: str, printed: str, shortcut: str) -> str:
    """The sum of a budget's top-level rows in `column`, for a budget without a printed total."""
    top_level_rows = (
        f"?budget rd:budgetLine ?line . ?line rd:{column} ?amount . "
        "FILTER NOT EXISTS { ?line rd:subLineOf ?parent }"
    )
    return (
        f"CONSTRUCT {{ ?deal rd:{shortcut} ?sum . ?figure a rd:ComputedFigure ; "
        f"rd:computed true ; rd:figureOf ?deal ; rd:aboutProperty rd:{printed} ; "
        "rdf:value ?sum ; prov:wasDerivedFrom ?row } WHERE { "
        "{ SELECT ?deal ?budget (SUM(?amount) AS ?sum) WHERE { ?deal rd:budget ?budget . "
        f"{top_level_rows} FILTER NOT EXISTS {{ ?budget rd:{column} ?total }} }} "
        "GROUP BY ?deal ?budget } "
        f"?budget rd:budgetLine ?row . ?row rd:{column} ?rowAmount . "
        "FILTER NOT EXISTS { ?row rd:subLineOf ?rowParent } "
        'BIND(IRI(CONCAT(REPLACE(STR(?deal), "/id/regiodeal/", "/id/berekend/"), '
        f'"/{printed}")) AS ?figure) }}'
    )


PARTICIPATION_QUERIES = {
    # (deal, role, property, organisation) for every value of a role's shortcut property
    "values": "SELECT ?deal ?role ?property ?agent WHERE { "
    f"?role rd:shortcut ?property ; skos:inScheme <{ID}scheme/rol> . "
    "?deal a rd:RegioDeal ; ?property ?agent }",
    # the parts a deal's fact source names for a property
    "stated": "SELECT ?deal ?property ?part WHERE { ?deal a rd:RegioDeal ; rd:factSource ?s . "
    "?s rd:aboutProperty ?property ; prov:wasDerivedFrom ?part }",
    # an organisation's own passage and every part that passage lies within
    # (each agent once: an organisation named by many deals, or by one deal through several
    # properties, is not joined with its passages once per deal and property)
    "own": "SELECT ?agent ?own ?within WHERE { "
    "{ SELECT DISTINCT ?agent WHERE { ?deal a rd:RegioDeal ; ?p ?agent } } "
    "?agent prov:wasDerivedFrom ?own . ?own dcterms:isPartOf* ?within }",
}
Node = NamedNode | BlankNode | Literal


def _rows(store: Store, prefixes: str, name: str) -> list[tuple[Node, ...]]:
    solutions = store.query(prefixes + PARTICIPATION_QUERIES[name])
    assert isinstance(solutions, QuerySolutions)
    return [tuple(row) for row in solutions]


def participations(store: Store, prefixes: str) -> set[Triple]:
    """The rd:Participation nodes (see the module docstring), computed in Python: a SPARQL
    version with FILTER NOT EXISTS over dcterms:isPartOf* took minutes."""
    stated: dict[tuple[Node, Node], set[Node]] = {}
    for deal, prop, part in _rows(store, prefixes, "stated"):
        stated.setdefault((deal, prop), set()).add(part)
    # agent -> part -> the agent's own passages that lie within that part: per value, the
    # passages within any stated part are a union over the stated parts, not a scan of every
    # passage of the agent (which grew with the number of deals naming the agent)
    own: dict[Node, dict[Node, set[Node]]] = {}
    for agent, passage, within in _rows(store, prefixes, "own"):
        own.setdefault(agent, {}).setdefault(within, set()).add(passage)
    triples: set[Triple] = set()
    for deal, role, prop, agent in _rows(store, prefixes, "values"):
        parts = stated.get((deal, prop), set())
        passages_within = own.get(agent, {})
        exact = set().union(*(passages_within.get(part, set()) for part in parts))
        sources = exact or parts
        node = NamedNode(
            f"{ID}deelname/{_after(deal, '/id/regiodeal/')}/{_after(role, '/id/rol/')}/"
            + hashlib.md5(str(agent.value).encode()).hexdigest()  # noqa: S324  (a name, no secret)
        )
        assert isinstance(deal, NamedNode) and isinstance(agent, NamedNode | BlankNode)
        triples |= {
            Triple(deal, _rd("participation"), node),
            Triple(node, NamedNode(str(RDF.type)), _rd("Participation")),
            Triple(node, _rd("participant"), agent),
            Triple(node, _rd("role"), role),
            Triple(node, _rd("computed"), Literal(True)),
            Triple(node, _rd("exactSource"), Literal(len(sources) == 1)),
            *(Triple(node, NamedNode(str(PROV.wasDerivedFrom)), s) for s in sources),
        }
    return triples


def _rd(name: str) -> NamedNode:
    return NamedNode(str(RD[name]))


def _after(term: Node, marker: str) -> str:
    return str(term.value).split(marker, 1)[1]


def rules(reference_date: date) -> tuple[str, ...]:
    """The CONSTRUCT queries of the derived facts at `reference_date`."""
    ref = _date(reference_date)
    return (
        # the status at the reference date: not selected once a selection passed the proposal
        # over (a seed application keeps its stated status 'aanvraag'), ended after the end
        # date, else as stated
        "CONSTRUCT { ?deal rd:currentStatus ?current } WHERE { "
        "?deal a rd:RegioDeal ; rd:status ?status . OPTIONAL { ?deal rd:endDate ?end } "
        "OPTIONAL { ?deal rd:statusChange ?passed . "
        f"?passed rd:newStatus {NOT_SELECTED} ; dcterms:date ?passedOn . "
        f"FILTER(?passedOn <= {ref}) }} "
        f"BIND(IF(BOUND(?passed), {NOT_SELECTED}, "
        f"IF(?status = {SIGNED} && BOUND(?end) && ?end < {ref}, {ENDED}, ?status)) "
        "AS ?current) }",
        # the moment it ended, from the part that states the end date
        "CONSTRUCT { ?deal rd:statusChange ?change . ?change a rd:StatusChange ; "
        f"rd:newStatus {ENDED} ; dcterms:date ?end ; rd:computed true ; "
        "prov:wasDerivedFrom ?part } WHERE { "
        f"?deal a rd:RegioDeal ; rd:status {SIGNED} ; rd:endDate ?end . FILTER(?end < {ref}) "
        "OPTIONAL { ?deal rd:factSource ?source . "
        "?source rd:aboutProperty rd:endDate ; prov:wasDerivedFrom ?part } "
        f'BIND(IRI(CONCAT(REPLACE(STR(?deal), "/id/regiodeal/", "/id/statuswijziging/"), '
        '"/beeindigd")) AS ?change) }',
        # the year of each dated status change
        "CONSTRUCT { ?change rd:year ?year } WHERE { "
        "?change a rd:StatusChange ; dcterms:date ?date . BIND(YEAR(?date) AS ?year) }",
        *(_column_sum(*columns) for columns in SUMMED_COLUMNS),
    )


def stamp(inferred_graph: NamedNode, reference_date: date) -> set[Triple]:
    """The reference date the inferred graph was computed at, on the graph's own IRI."""
    when = Literal(reference_date.isoformat(), datatype=NamedNode(str(XSD.date)))
    return {Triple(inferred_graph, NamedNode(str(RD.referenceDate)), when)}
