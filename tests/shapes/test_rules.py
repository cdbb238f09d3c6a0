"""Each file in invalid/ breaks exactly one rule; each file in valid/ conforms without findings.

The expectation is in the file's comment header, `# expect: rd:SomeShape <focus IRI>` (relative
IRIs against https://w3id.org/regiodeal/id/), one line per expected (shape, focus node) pair.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regiodeal.namespaces import ID, RD
from regiodeal.validation import PublishedContext, validate_files

HERE = Path(__file__).parent
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
VALID = sorted((HERE / "valid").glob("*.ttl"))
EXPECT = re.compile(r"^# expect: rd:(\w+) <([^>]+)>\s*$")


def expectations(path: Path) -> set[tuple[str, str]]:
    expected = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            shape, focus = match.groups()
            focus_iri = focus if focus.startswith("http") else str(ID) + focus
            expected.add((str(RD[shape]), focus_iri))
    return expected


def test_enough_cases() -> None:
    assert len(INVALID) >= 20
    shapes = {shape for path in INVALID for shape, _ in expectations(path)}
    assert len(shapes) >= 20, "each invalid file should exercise a different rule"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_deal_fires_exactly_the_expected_shape(
    path: Path, test_context: PublishedContext
) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' header"
    report = validate_files([path], test_context)
    fired = {(f.shape, f.focus) for f in report.findings}
    assert fired == expected


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_deal_has_no_findings(path: Path, test_context: PublishedContext) -> None:
    report = validate_files([path], test_context)
    assert report.conforms
    assert [(f.shape, f.focus, f.text("message", "en")) for f in report.findings] == []


def test_messages_are_specific(test_context: PublishedContext) -> None:
    """The VAT message names the amount, the percentage and the limit, in both languages."""
    report = validate_files([HERE / "invalid" / "vat-above-3-percent.ttl"], test_context)
    (finding,) = report.findings
    # 400 000 of 10 000 000 is 4 %; the maximum 3 % is 300 000: written the local way.
    assert "EUR 400,000" in finding.message["en"] and "4.0%" in finding.message["en"]
    assert "€ 300.000" in finding.message["nl"] and "3,0 %" in finding.message["nl"]
    assert finding.severity == "Violation"
    assert str(ID) + "document/convenant-delft-west/artikel-4/lid-2" in finding.legal_basis


def test_deviation_allowed_turns_vat_into_warning(test_context: PublishedContext) -> None:
    report = validate_files(
        [HERE / "invalid" / "vat-above-3-percent-deviation-allowed.ttl"], test_context
    )
    assert report.passes and [f.severity for f in report.findings] == ["Warning"]
    assert not report.conforms  # SHACL: any result, a warning too, makes sh:conforms false
    # The shared check's solution fills this shape's message too: 4% of 10 mln, limit 300000.
    message = report.findings[0].message["en"]
    assert "are 4.0% of the national contribution EUR 10,000,000" in message
    assert "(EUR 300,000" in message and "{?" not in message


def test_context_findings_are_flagged(test_context: PublishedContext) -> None:
    report = validate_files([HERE / "invalid" / "context-unknown-ministry.ttl"], test_context)
    assert [f.contextual for f in report.findings] == [True]
    assert [f.section for f in report.findings] == ["context"]
    local = validate_files([HERE / "invalid" / "end-before-start.ttl"], test_context)
    assert [f.contextual for f in local.findings] == [False, False]
