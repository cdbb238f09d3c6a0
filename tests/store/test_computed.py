"""Computed figures (docs/data-conventions.md, "Computed figures"): sums of printed budget rows
where a table prints no total, only in the inferred graph, flagged and traced to their rows."""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import QuerySolutions, Store

from regiodeal.namespaces import sparql_prefixes
from regiodeal.settings import get_settings
from regiodeal.store.dataset import inferred_graph

PREFIXES = sparql_prefixes("rd", "prov", "rdf")
APPLICATION = "<https://w3id.org/regiodeal/id/regiodeal/rijswijk-den-haag>"


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]


def test_the_application_regional_total_is_the_sum_of_its_rows(query_store: Store) -> None:
    store = query_store
    found = select(
        store,
        "SELECT ?value ?about ?computed (COUNT(?row) AS ?rows) WHERE { "
        f"?figure rd:figureOf {APPLICATION} ; rdf:value ?value ; rd:aboutProperty ?about ; "
        "rd:computed ?computed ; prov:wasDerivedFrom ?row } GROUP BY ?value ?about ?computed",
    )
    by_property = {about.rsplit("#")[1]: (Decimal(v), c, int(n)) for v, about, c, n in found}
    # 003 tabel 1 (x1000): REGIO 18.630 + 12.150 + 12.045 = 42.825; RIJKSBIJDRAGE
    # 15.805 + 12.150 + 12.045 = 40.000; three top-level rows each (sub-lines not summed again)
    assert by_property == {
        "regionalContribution": (Decimal(42_825_000), "true", 3),
        "rijkContribution": (Decimal(40_000_000), "true", 3),
    }
    shortcut = select(
        store, f"SELECT ?v WHERE {{ {APPLICATION} rd:computedRegionalContribution ?v }}"
    )
    assert [Decimal(v) for (v,) in shortcut] == [Decimal(42_825_000)]
    # the printed properties are untouched: the application prints no regional contribution
    assert select(store, f"SELECT ?v WHERE {{ {APPLICATION} rd:regionalContribution ?v }}") == []


def test_computed_figures_are_only_in_the_inferred_graph_and_only_without_printed_totals(
    query_store: Store,
) -> None:
    settings = get_settings()
    store = query_store
    inferred = inferred_graph(settings).value
    outside = select(
        store,
        "SELECT ?g ?s WHERE { GRAPH ?g { ?s rd:computed|rd:computedRegionalContribution"
        f"|rd:computedRijkContribution ?v }} FILTER(?g != <{inferred}>) }}",
    )
    assert outside == []
    # every budget that prints a totals row (000, 001, 002) gets no computed figure
    with_totals = select(
        store,
        "SELECT ?deal WHERE { ?deal rd:budget ?b . ?b rd:rijkAmount ?t ; rd:regionalAmount ?r . "
        "?deal rd:computedRijkContribution|rd:computedRegionalContribution ?c }",
    )
    assert with_totals == []
