"""Validation work grows linearly with the input: counted in graph look-ups, not timed.

A shape whose SPARQL constraint joins every triple of a budget with every budget line does
quadratic work (10,000 lines did not finish in 600 s); the benchmark measures the time
(benchmarks/bench_validate.py --lines), this test the growth of the look-ups on rdflib graphs:
pySHACL's (bulk=False), and the fast path's own (its context, labels and literals; the compiled
queries run in pyoxigraph, which the benchmark times).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

from regiodeal.validation import PublishedContext, validate_graph

from .budget import budget_deal


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts triple-pattern look-ups on any rdflib graph."""
    count = [0]
    triples = Graph.triples

    def counted(self, pattern, *args, **kwargs):  # type: ignore[no-untyped-def]  # rdflib's own
        count[0] += 1
        return triples(self, pattern, *args, **kwargs)

    monkeypatch.setattr(Graph, "triples", counted)
    yield count


def test_budget_deals_conform(test_context: PublishedContext) -> None:
    """The generated deals are valid: the cost below is that of checking, not of reporting."""
    report = validate_graph(budget_deal(30), test_context)
    assert [(f.shape, f.focus) for f in report.findings] == []


@pytest.mark.parametrize("bulk", [True, False], ids=["compiled", "pyshacl"])
def test_lookups_grow_linearly_with_budget_lines(
    test_context: PublishedContext, lookups: list[int], bulk: bool
) -> None:
    costs = {}
    validate_graph(budget_deal(1), test_context, bulk=bulk)  # once-per-process work done first
    for lines in (40, 80):
        deal = budget_deal(lines)
        lookups[0] = 0
        validate_graph(deal, test_context, bulk=bulk)
        costs[lines] = lookups[0]
    # Twice the lines, twice the look-ups (plus the deal's fixed part); quadratic work gives ~4x.
    assert 0 < costs[80] < 2.3 * costs[40], costs  # (0: the look-ups were not counted)
    assert costs[80] > costs[40], costs  # the lines' own look-ups are among them
