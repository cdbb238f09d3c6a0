"""Validation work grows linearly with the input: counted in graph look-ups, not timed.

A shape whose SPARQL constraint joins every triple of a budget with every budget line does
quadratic work (10,000 lines did not finish in 600 s); the benchmark measures the time
(benchmarks/bench_validate.py --lines), this test the growth.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from regiodeal.validation import PublishedContext, validate_graph
from regiodeal.validation.engine import PreparedQueryGraph

from .budget import budget_deal


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts triple-pattern look-ups on the graph pySHACL validates."""
    count = [0]
    triples = PreparedQueryGraph.triples

    def counted(self, pattern, *args, **kwargs):  # type: ignore[no-untyped-def]  # rdflib's own
        count[0] += 1
        return triples(self, pattern, *args, **kwargs)

    monkeypatch.setattr(PreparedQueryGraph, "triples", counted)
    yield count


def test_budget_deals_conform(test_context: PublishedContext) -> None:
    """The generated deals are valid: the cost below is that of checking, not of reporting."""
    report = validate_graph(budget_deal(30), test_context)
    assert [(f.shape, f.focus) for f in report.findings] == []


def test_lookups_grow_linearly_with_budget_lines(
    test_context: PublishedContext, lookups: list[int]
) -> None:
    costs = {}
    for lines in (40, 80):
        lookups[0] = 0
        validate_graph(budget_deal(lines), test_context)
        costs[lines] = lookups[0]
    # Twice the lines, twice the look-ups (plus the deal's fixed part); quadratic work gives ~4x.
    assert costs[80] < 2.3 * costs[40], costs
