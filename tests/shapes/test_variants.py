"""Further cases of constraints that already have their one case in constraints/.

constraints/ holds exactly one failing case (and its twin) per constraint, so that the count of
cases is the count of constraints. A rule with more than one way to fail (a sub-line amount
without a column, a line that is a sub-line of itself) keeps its other ways here, in the same
W3C SHACL-test format, run the same way.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from constraint_cases import Case, context_for, load_cases, run_case
from rdflib import Graph

from regiodeal.settings import get_settings
from regiodeal.validation import PublishedContext
from regiodeal.validation.shapes import load_shapes

SHAPES = load_shapes(get_settings().shapes_dir)
VARIANTS_DIR = Path(__file__).parent / "variants"
CASES = [case for path in sorted(VARIANTS_DIR.glob("*.trig")) for case in load_cases(path)]


def case_id(case: Case) -> str:
    return f"{case.shape.rsplit('#', 1)[-1]}/{case.name}"


@pytest.fixture(scope="module")
def context(test_context: PublishedContext) -> Graph:
    return context_for(CASES, test_context)


def test_there_are_variants() -> None:
    assert len([case for case in CASES if not case.twin_of]) >= 2


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_variant_gives_exactly_the_expected_results(case: Case, context: Graph) -> None:
    results, fired = run_case(case, SHAPES, context)
    assert results == case.expected, case.comment
    if case.twin_of:
        assert case.expected == Counter(), f"twin {case.name} expects results"
        return
    assert case.constraint in fired, f"{case.constraint} did not fire; fired: {sorted(fired)}"
