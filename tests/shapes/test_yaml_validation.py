"""Validating the YAML template directly: each kind of YAML error names its line in Dutch and
English, and each finding points back to the field and line the official wrote.

The line and column numbers below are counted by hand in the YAML texts of this file (1-based;
the column is where the key, or the list item's dash content, starts).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from regiodeal.authoring.template import AuthoringError, build_deal
from regiodeal.namespaces import RD
from regiodeal.settings import REPO_ROOT
from regiodeal.validation import InputError, PublishedContext
from regiodeal.validation.report import render
from regiodeal.validation.service import YAML, sniff_syntax
from regiodeal.validation.yaml_input import read_yaml_deal, validate_paths

EXAMPLE = REPO_ROOT / "examples" / "new-deal.yaml"
PROEF = """deal:
  id: proef
  name: Regio Deal Proef
  status: aanvraag
  start_date: 2025-01-01
  end_date: 2024-12-31
document:
  title: Aanvraag Regio Deal Proef
parties:
  regional: [gemeente:gm0503]
budget:
  lines:
    - label: Regel 1
      rijk: 100
      regional: 100
      total: 300
"""
# Lines 5-6: the start date is after the end date; line 16: 100 + 100 = 200, not 300.


def problems(text: str) -> list[tuple[int | None, int | None, str, str]]:
    with pytest.raises(AuthoringError) as caught:
        build_deal(text, "deal.yaml")
    return [(p.line, p.column, p.nl, p.en) for p in caught.value.problems]


def test_syntax_error_names_line_and_column() -> None:
    # line 3: an unclosed flow list; PyYAML notices it at the end of the text (line 4, col 1)
    [(line, column, nl, en)] = problems("deal:\n  id: x\n  name: [unclosed\n")
    assert (line, column) == (4, 1)
    assert nl.startswith("YAML-syntaxfout") and en.startswith("YAML syntax error")


def test_tab_indentation_is_a_syntax_error_with_its_line() -> None:
    [(line, column, nl, _)] = problems("deal:\n\tid: x\n")
    assert (line, column) == (2, 1)
    assert "inspringing" in nl


def test_duplicate_key_names_both_lines() -> None:
    text = "deal:\n  id: a\n  id: b\n"  # `id` on line 2, again on line 3 (column 3)
    [(line, column, nl, en)] = problems(text)
    assert (line, column) == (3, 3)
    assert "eerst op regel 2" in nl and "first on line 2" in en


def test_unknown_field_suggests_the_right_name() -> None:
    text = PROEF.replace("  status: aanvraag", "  staus: aanvraag")  # line 4
    found = problems(text)
    unknown = [p for p in found if "staus" in p[2]]
    assert unknown and unknown[0][:2] == (4, 3)
    assert "bedoelt u 'status'?" in unknown[0][2] and "did you mean 'status'?" in unknown[0][3]
    # and `status` itself is now missing: reported at the `deal:` group, line 1
    missing = [p for p in found if "deal.status" in p[2] and "ontbreekt" in p[2]]
    assert missing and missing[0][:2] == (1, 1)


def test_dutch_thousands_separators_are_explained() -> None:
    text = PROEF.replace("      rijk: 100", "      rijk: 10.000.000")  # line 14, column 7
    [(line, column, nl, en)] = problems(text)
    assert (line, column) == (14, 7)
    assert "budget.lines.0.rijk" in nl
    assert "schrijf 10000000" in nl and "write 10000000" in en
    assert "^" not in nl + en and "\\d" not in nl + en  # no regular expressions


def test_wrong_types_say_what_belongs_there() -> None:
    cases = {
        "  end_date: 31-12-2024": (6, "JJJJ-MM-DD"),
        "  status: getekend": (4, "kies uit 'ondertekend' of 'aanvraag'"),
        "  regional: [Delft]": (10, "geen partijcode"),
        "  id: Proef Wijk": (2, "alleen kleine letters"),
    }
    originals = {
        "  end_date: 31-12-2024": "  end_date: 2024-12-31",
        "  status: getekend": "  status: aanvraag",
        "  regional: [Delft]": "  regional: [gemeente:gm0503]",
        "  id: Proef Wijk": "  id: proef",
    }
    for new, (line, words) in cases.items():
        [(got_line, _, nl, _)] = problems(PROEF.replace(originals[new], new))
        assert got_line == line and words in nl, (new, got_line, nl)


def test_a_list_where_a_group_belongs() -> None:
    # the `budget:` key (line 11) holds a list (line 12) where a group of fields belongs
    [(line, _, nl, en)] = problems(PROEF.replace("budget:\n  lines:", "budget:\n  - lines:"))
    assert line == 11 and "groep velden" in nl and "group of fields" in en


def test_not_a_template_at_all() -> None:
    [(line, _, nl, _)] = problems("- a\n- b\n")
    assert line == 1 and "geen ingevuld sjabloon" in nl


def test_unknown_goal_number_names_its_line() -> None:
    text = PROEF.replace("    - label: Regel 1\n", '    - label: Regel 1\n      goal: "9"\n')
    [(line, column, nl, en)] = problems(text)  # goal is inserted as line 14
    assert (line, column) == (14, 7)
    assert "doel '9'" in nl and "goal '9'" in en


def test_unquoted_article_asks_for_quotes() -> None:
    text = PROEF.replace("  lines:\n", "  article: 4.10\n  lines:\n")  # line 12
    [(line, _, nl, en)] = problems(text)
    assert line == 12 and "aanhalingstekens" in nl and "in quotes" in en


def test_unknown_articles_key_suggests_a_section() -> None:
    [(line, column, nl, en)] = problems(PROEF + 'articles:\n  budgett: "4.2"\n')  # line 18
    assert (line, column) == (18, 3)
    assert "bedoelt u 'budget'?" in nl and "did you mean 'budget'?" in en


def test_input_error_carries_every_problem_in_both_languages() -> None:
    text = PROEF.replace("  status: aanvraag", "  status: getekend").replace(
        "      rijk: 100", "      rijk: honderd"
    )
    with pytest.raises(InputError) as caught:
        read_yaml_deal("deal.yaml", text.encode())
    error = caught.value
    assert [p.line for p in error.problems] == [4, 14]
    assert error.text("nl").splitlines()[0].startswith("deal.yaml:4:3: deal.status:")
    assert "is not a number" in error.text("en")
    assert (error.line, error.column) == (4, 3)


def test_findings_point_to_the_yaml_line(tmp_path: Path, test_context: PublishedContext) -> None:
    path = tmp_path / "proef.yaml"
    path.write_text(PROEF, encoding="utf-8")
    report = validate_paths([path], test_context)
    located = {
        f.shape.rsplit("#", 1)[-1]: (f.source_field, f.line, f.column) for f in report.findings
    }
    assert located["BudgetRowSumShape"] == ("budget.lines.0.total", 16, 7)
    assert located["EndAfterStartShape"] == ("deal.start_date", 5, 3)
    # a missing fact (no goals) points to the deal's group, line 1
    assert located["DealGoalsShape"] == ("deal", 1, 1)
    assert "regel 16, kolom 7 (budget.lines.0.total)" in render(report, "text", "nl")
    assert "line 16, column 7 (budget.lines.0.total)" in render(report, "text", "en")


def test_turtle_report_carries_the_line(tmp_path: Path, test_context: PublishedContext) -> None:
    path = tmp_path / "proef.yaml"
    path.write_text(PROEF, encoding="utf-8")
    report = validate_paths([path], test_context)
    graph = Graph().parse(data=render(report, "turtle", "en"), format="turtle")
    row_sum = next(
        r
        for r in graph.subjects(SH.sourceShape, RD.BudgetRowSumShape)
        if (r, SH.resultPath, RD.totalAmount) in graph
    )
    assert graph.value(row_sum, RD.sourceLine) == Literal(16)
    assert graph.value(row_sum, RD.sourceColumn) == Literal(7)
    assert graph.value(row_sum, RD.sourceField) == Literal("budget.lines.0.total")


def test_turtle_findings_have_no_yaml_place(tmp_path: Path, test_context: PublishedContext) -> None:
    path = tmp_path / "proef.ttl"
    path.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n<regiodeal/x> a rd:RegioDeal .\n",
        encoding="utf-8",
    )
    report = validate_paths([path], test_context)
    assert report.findings and all(f.line is None for f in report.findings)


def test_yaml_is_recognised_without_a_name() -> None:
    assert sniff_syntax(PROEF.encode()) == YAML
    assert sniff_syntax(b"# comment\n\ndeal:\n  id: x\n") == YAML
    assert sniff_syntax(b"@prefix rd: <https://w3id.org/regiodeal/def#> .\n") != YAML
    assert sniff_syntax(b"rd:x a rd:RegioDeal .\n") != YAML
    assert sniff_syntax(b"", "deal.yml") == YAML


def test_aliases_are_refused_before_they_can_grow() -> None:
    # nine levels of nine aliases would be 9**9 nodes if followed; the first alias (under the
    # key `a1`, line 2, column 1) is refused instead
    lines = ["a0: &a0 [x]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
    ]
    [first, *_] = problems("\n".join(lines) + "\n")
    assert (first[0], first[1]) == (2, 1)
    assert "& en *" in first[2] and "& and *" in first[3]


def test_mutated_templates_give_input_errors_or_graphs_never_a_crash() -> None:
    """150 random byte mutations of the example: each is a readable deal or an InputError with
    messages in both languages; no other exception (the server would answer 500)."""
    rng = random.Random(14)
    example = EXAMPLE.read_text(encoding="utf-8")
    alphabet = ":-#[]{}&*!|>'\"\t\n 0123456789.,ax\u00e9"
    errors = 0
    for _ in range(150):
        text = list(example)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(text))
            choice = rng.random()
            if choice < 0.4:
                del text[at]
            elif choice < 0.7:
                text.insert(at, rng.choice(alphabet))
            else:
                text[at] = rng.choice(alphabet)
        try:
            built = read_yaml_deal("deal.yaml", "".join(text).encode("utf-8"))
        except InputError as exc:
            errors += 1
            assert exc.problems and all(p.nl and p.en for p in exc.problems), exc
            continue
        assert len(built.graph) > 0
        Graph().parse(data=built.graph.serialize(format="turtle"), format="turtle")
    assert errors > 0  # the mutations did break some files


SUB_LINES = """deal:
  id: proef
  name: Regio Deal Proef
  status: aanvraag
document:
  title: Aanvraag Regio Deal Proef
parties:
  regional: [gemeente:gm0503]
budget:
  lines:
    - label: Doel 1
      other: 1000
      sub_lines:
        - label: Deel a
          other: 600
        - label: Deel b
          other: 400
  totals:
    other: 1000
"""


def test_sub_lines_are_numbered_on_and_keep_their_line() -> None:
    """Doel 1 is regel-1, its sub-lines regel-2 (line 14) and regel-3 (line 16), each
    rd:subLineOf regel-1; the totals row has the 'other' column (1000 = 600 + 400)."""
    built = build_deal(SUB_LINES, "deal.yaml")
    g, base = built.graph, "https://w3id.org/regiodeal/id/begroting/proef"
    parent = URIRef(f"{base}/regel-1")
    subs = sorted(str(s) for s in g.subjects(RD.subLineOf, parent))
    assert subs == [f"{base}/regel-2", f"{base}/regel-3"]
    assert g.value(URIRef(f"{base}/regel-3"), RD.otherAmount) == Literal(
        Decimal("400.0"), datatype=XSD.decimal
    )
    assert g.value(URIRef(base), RD.otherAmount) is not None
    field, place = built.locate(f"{base}/regel-3", str(RD.otherAmount), None, None) or ("", None)
    assert field == "budget.lines.0.sub_lines.1.other" and place and place.line == 17


GUIDE = REPO_ROOT / "docs" / "handleiding-validatie.md"
GUIDE_EN = REPO_ROOT / "docs" / "validation-guide.md"


def _example_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_guides_worked_example_is_what_validation_says(
    tmp_path: Path, test_context: PublishedContext
) -> None:
    """The guide's steps on examples/new-deal.yaml: its line numbers and messages are the
    validator's (a changed template or message must change the guide too)."""
    guide, guide_en = GUIDE.read_text(encoding="utf-8"), GUIDE_EN.read_text(encoding="utf-8")
    step1 = _example_with(
        tmp_path, ("  rijk_contribution: 10000000 ", "  rijk_contribution: 10.000.000 ")
    )
    with pytest.raises(InputError) as caught:
        validate_paths([step1], test_context)
    first = caught.value.text("nl").replace(str(step1), "deal.yaml")
    assert first in guide
    assert caught.value.text("en").replace(str(step1), "deal.yaml").split("; write")[0] in guide_en
    step2 = _example_with(
        tmp_path,
        ("    total: 600000", "    total: 700000"),
        ("  start_date: 2025-11-04 ", "  start_date: 2025-11-03 "),
    )
    report = validate_paths([step2], test_context)
    text = render(report, "text", "nl")
    places = [line.strip() for line in text.splitlines() if "in het bestand:" in line]
    assert len(places) == 3 and all(place in guide for place in places), places
    for finding in report.findings:
        assert f"line {finding.line}" in guide_en
