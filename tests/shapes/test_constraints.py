"""One failing case per constraint of every named shape (tests/shapes/constraints/*.trig).

W3C SHACL test-suite style: each case is a small data graph, validated against its shape alone
(with the context a deal gets: reference data, and from tests/shapes/context/published.ttl what
the case refers to), and the expected validation results are written by hand. The
list of constraints is read from the shapes graph, so a new constraint without a case fails
`test_every_constraint_has_a_case`. (tests/shapes/invalid/ holds one realistic deal per named
shape; this is the finer grain: a raised sh:maxInclusive or a dropped sh:minCount is caught here.)
"""

from __future__ import annotations

from collections import Counter

import pytest
from constraint_cases import (
    CASES_DIR,
    Case,
    constraint_keys,
    context_for,
    load_cases,
    named_shapes,
    run_case,
)
from rdflib import Graph

from regiodeal.settings import get_settings
from regiodeal.validation import PublishedContext
from regiodeal.validation.shapes import load_shapes

SHAPES = load_shapes(get_settings().shapes_dir)
CASES = [case for path in sorted(CASES_DIR.glob("*.trig")) for case in load_cases(path)]


def case_id(case: Case) -> str:
    return f"{case.shape.rsplit('#', 1)[-1]}/{case.name}"


@pytest.fixture(scope="module")
def context(test_context: PublishedContext) -> Graph:
    """Reference data and what the cases refer to in tests/shapes/context/published.ttl."""
    return context_for(CASES, test_context)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case_gives_exactly_the_expected_results(case: Case, context: Graph) -> None:
    results, fired = run_case(case, SHAPES, context)
    assert results == case.expected, case.comment
    if case.twin_of:  # a passing twin: the same data put right gives no result at all
        assert case.expected == Counter(), f"twin {case.name} expects results"
        return
    assert case.constraint in fired, f"{case.constraint} did not fire; fired: {sorted(fired)}"


def test_every_constraint_has_a_case() -> None:
    declared = {(str(case.shape), case.constraint) for case in CASES if not case.twin_of}
    every = {
        (str(shape), key)
        for shape in named_shapes(SHAPES)
        for key in constraint_keys(SHAPES, shape)
    }
    assert len(every) > 150
    missing = sorted(every - declared)
    assert missing == [], f"constraints without a case in {CASES_DIR.name}/"
    assert sorted(declared - every) == [], "case names a constraint the shapes do not have"


def test_cases_are_one_per_constraint() -> None:
    counts = Counter((str(case.shape), case.constraint) for case in CASES if not case.twin_of)
    assert [key for key, n in counts.items() if n > 1] == []


def test_twins_put_a_case_of_their_file_right() -> None:
    """A file with twins has one for every case: each rule there fails once and passes once."""
    for path in sorted(CASES_DIR.glob("*.trig")):
        cases = load_cases(path)
        failing = {case.name for case in cases if not case.twin_of}
        twinned = [case.twin_of for case in cases if case.twin_of]
        assert set(twinned) <= failing, f"{path.name}: a twin of no case"
        if twinned:
            assert set(twinned) == failing, f"{path.name}: a case without a twin"
    assert sum(1 for case in CASES if case.twin_of) >= 24
