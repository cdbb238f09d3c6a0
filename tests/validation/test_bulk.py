"""The fast path (regiodeal.validation.bulk: constraints as whole-graph queries on pyoxigraph,
pySHACL for the rest) reports exactly what pySHACL reports over all shapes.

Differential: each input is validated twice on the same data graph, `bulk=True` and
`bulk=False`, and the two sets of results must be equal, at two levels:
- the SHACL report: focus node, path, value (with its datatype), source shape, constraint
  component, source constraint, severity, and the messages with their placeholders filled;
- the findings a reader gets (messages localised, labelled, numbers formatted).
Inputs: every bundled deal file (in the whole published graph), the valid and invalid test deals,
the W3C-style constraint cases of tests/shapes/constraints/ (each file's cases together), and a
generated deal with 300 budget lines and planted defects (each of which must be found).
`test_a_missing_check_is_noticed` shows the comparison fails when the fast path drops a check.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from regiodeal.namespaces import ID, RD
from regiodeal.settings import get_settings
from regiodeal.validation import PublishedContext, validate_graph
from regiodeal.validation import bulk as bulk_module
from regiodeal.validation.engine import PreparedQueryGraph, shacl_results, top_results
from regiodeal.validation.reading import read_files
from regiodeal.validation.shapes import load_shapes

from .budget import budget_deal

sys.path.insert(0, str(Path(__file__).parents[1] / "shapes"))  # the constraint cases' reader
from constraint_cases import context_for, load_cases, shape_only  # noqa: E402

SETTINGS = get_settings()
SHAPES = load_shapes(SETTINGS.shapes_dir)
TESTS = Path(__file__).parents[1]
DEAL_FILES = sorted((SETTINGS.data_dir / "deals").glob("*.ttl"))
TEST_DEALS = sorted((TESTS / "shapes" / "invalid").glob("*.ttl")) + sorted(
    (TESTS / "shapes" / "valid").glob("*.ttl")
)
CASE_FILES = sorted((TESTS / "shapes" / "constraints").glob("*.trig"))
RESULT_KEYS = (
    SH.focusNode,
    SH.resultPath,
    SH.value,
    SH.sourceShape,
    SH.sourceConstraintComponent,
    SH.sourceConstraint,
    SH.resultSeverity,
)

Signature = tuple[object, ...]


def report_signatures(results: Graph, described: set[Node]) -> Counter[Signature]:
    """Each validation result about a node of the input as a comparable tuple."""
    signatures: Counter[Signature] = Counter()
    # as the report: context nodes are not the submitter's, sh:detail results are not results
    for result in top_results(results, described):
        fields = [_text(results.value(result, key)) for key in RESULT_KEYS]
        messages = sorted(_numbers(str(m)) for m in results.objects(result, SH.resultMessage))
        signatures[(*fields, tuple(messages))] += 1
    return signatures


NUMBER = re.compile(r"-?\d+\.\d+|-?\d+")


def _numbers(message: str) -> str:
    """Numbers a query computed in their canonical form: rdflib writes 0.03 * 10000000.0 as
    300000.000, pyoxigraph as 300000 (the findings, compared as well, format both alike)."""
    return NUMBER.sub(lambda m: format(Decimal(m.group(0)).normalize(), "f"), message)


def _text(node: Node | None) -> str:
    # n3(): a literal with its datatype ("1000.0"^^xsd:decimal), a blank node with its id
    return "-" if node is None else node.n3()


def both_reports(data: Graph, context: PublishedContext) -> tuple[Counter, Counter]:
    data_graph = context.graph_for(data, into=PreparedQueryGraph())
    data_graph += data
    described = set(data.subjects())
    fast = shacl_results(data_graph, SHAPES, bulk=True)
    plain = shacl_results(data_graph, SHAPES, bulk=False)
    return report_signatures(fast, described), report_signatures(plain, described)


def finding_signatures(data: Graph, context: PublishedContext, bulk: bool) -> list[Signature]:
    report = validate_graph(data, context, SETTINGS, bulk=bulk)
    signatures: list[Signature] = [
        (
            f.deal,
            f.severity,
            f.shape,
            f.focus,
            f.path,
            f.value,
            f.value_datatype,
            f.component,
            tuple(sorted(f.message.items())),
        )
        for f in report.findings
    ]
    return sorted(signatures, key=repr)


def assert_same(fast: Counter, plain: Counter) -> None:
    only_fast, only_plain = fast - plain, plain - fast
    assert not only_fast and not only_plain, {"only fast": only_fast, "only pySHACL": only_plain}


@pytest.fixture(scope="module")
def published() -> PublishedContext:
    return PublishedContext.from_settings(SETTINGS)


@pytest.mark.parametrize("path", DEAL_FILES, ids=[p.stem for p in DEAL_FILES])
def test_bundled_deals(path: Path, published: PublishedContext) -> None:
    data = read_files([path], SETTINGS)
    assert_same(*both_reports(data, published))
    assert finding_signatures(data, published, True) == finding_signatures(data, published, False)


@pytest.mark.parametrize("path", TEST_DEALS, ids=[f"{p.parent.name}/{p.stem}" for p in TEST_DEALS])
def test_test_deals(path: Path, test_context: PublishedContext) -> None:
    data = read_files([path], SETTINGS)
    fast, plain = both_reports(data, test_context)
    assert_same(fast, plain)
    if path.parent.name == "invalid":
        assert fast, "an invalid test deal gives results"
    assert finding_signatures(data, test_context, True) == finding_signatures(
        data, test_context, False
    )


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_constraint_cases(path: Path, test_context: PublishedContext) -> None:
    """Each case against its shape alone, as tests/shapes/test_constraints.py runs it."""
    cases = load_cases(path)
    context = context_for(cases, test_context)
    for case in cases:
        shapes = shape_only(SHAPES, case.shape)
        added = [triple for triple in case.data if triple not in context]
        for triple in added:
            context.add(triple)
        try:
            described = set(case.data.subjects())
            fast = report_signatures(shacl_results(context, shapes, bulk=True), described)
            plain = report_signatures(shacl_results(context, shapes, bulk=False), described)
        finally:
            for triple in added:
                context.remove(triple)
        assert_same(fast, plain)
        assert bool(fast) == bool(case.constraint), case.name  # a failing case fails


# --- a large deal with planted defects ---------------------------------------------------------

LINES = 300
BUDGET = ID["begroting/test-deal"]


def _line(i: int) -> URIRef:
    return ID[f"begroting/test-deal/regel-{i}"]


def planted_deal() -> tuple[Graph, set[tuple[str, str]]]:
    """budget_deal(LINES) with one defect per line below, and the (shape, focus) each gives."""
    deal = budget_deal(LINES)
    expected: set[tuple[str, str]] = set()

    def plant(shape: str, line: int) -> None:
        expected.add((str(RD[shape]), str(_line(line))))

    deal.set((_line(5), RD.rijkAmount, Literal("-1000.0", datatype=XSD.decimal)))
    plant("AmountShape", 5)  # negative (and the row no longer adds up)
    plant("BudgetRowSumShape", 5)
    deal.set((_line(7), RD.regionalAmount, Literal("-7.0", datatype=XSD.decimal)))
    plant("AmountShape", 7)  # negative
    deal.add((_line(9), RD.unknownProperty, Literal("x")))
    plant("BudgetLineShape", 9)  # closed
    deal.set((_line(11), RD.totalAmount, Literal("1999.0", datatype=XSD.decimal)))
    plant("BudgetRowSumShape", 11)
    deal.set((_line(13), RD.forGoal, ID["doel/andere-deal/1"]))
    plant("BudgetLineGoalShape", 13)
    deal.remove((_line(15), RDFS.label, None))
    plant("BudgetLineShape", 15)  # no label
    deal.add((_line(17), RD.order, Literal(170)))
    plant("BudgetLineShape", 17)  # two orders
    deal.remove((_line(19), RDF.type, None))  # no longer a budget line
    expected.add((str(RD.BudgetShape), str(BUDGET)))
    deal.add((_line(21), RD.order, Literal("21")))
    plant("BudgetLineShape", 21)  # order not an integer
    return deal, expected


def test_string_amount_in_a_line(test_context: PublishedContext) -> None:
    """A budget line's amount written as a string is reported by its datatype. (Not compared
    with pySHACL alone: rdflib's SUM in rd:BudgetColumnSumShape raises SPARQLTypeError on it.)"""
    deal = budget_deal(30)
    deal.set((_line(7), RD.regionalAmount, Literal("12,3 mln.")))
    report = validate_graph(deal, test_context, SETTINGS)
    found = {(f.shape, f.focus, f.component) for f in report.findings}
    assert (str(RD.AmountShape), str(_line(7)), str(SH.DatatypeConstraintComponent)) in found


def test_planted_defects(test_context: PublishedContext) -> None:
    deal, expected = planted_deal()
    fast, plain = both_reports(deal, test_context)
    assert_same(fast, plain)
    report = validate_graph(deal, test_context, SETTINGS)
    found = {(f.shape, f.focus) for f in report.findings}
    assert expected <= found, expected - found
    assert finding_signatures(deal, test_context, True) == finding_signatures(
        deal, test_context, False
    )


@pytest.fixture
def one_check_dropped(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fast path without the check of rd:BudgetRowSumShape (as a compiler bug would)."""
    real_run = bulk_module.run

    def run(checks, store, data, results):  # type: ignore[no-untyped-def]  # as bulk.run
        kept = [c for c in checks if c.shape != RD.BudgetRowSumShape]
        real_run(kept, store, data, results)

    monkeypatch.setattr("regiodeal.validation.engine.run", run)
    yield


def test_a_missing_check_is_noticed(
    test_context: PublishedContext, one_check_dropped: None
) -> None:
    deal, _ = planted_deal()
    fast, plain = both_reports(deal, test_context)
    missing = plain - fast
    assert missing and all(s[3] == RD.BudgetRowSumShape.n3() for s in missing), missing
    with pytest.raises(AssertionError):
        assert_same(fast, plain)


def test_most_constraints_run_in_bulk() -> None:
    """What pySHACL still gets is small: no budget-line shape keeps a target there."""
    plan = bulk_module.plan(SHAPES)
    budget_line_shapes = set(SHAPES.subjects(SH.targetClass, RD.BudgetLine))
    assert budget_line_shapes
    for shape in budget_line_shapes:
        assert (shape, SH.targetClass, None) not in plan.residual, shape
    assert len(plan.checks) > 100
