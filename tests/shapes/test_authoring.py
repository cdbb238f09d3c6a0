"""`regiodeal new`: the example YAML becomes a conforming deal; bad YAML names the field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDFS, XSD

from regiodeal.authoring.template import AuthoringError, deal_turtle, load_deal_file
from regiodeal.cli import main
from regiodeal.namespaces import ID, RD
from regiodeal.settings import REPO_ROOT
from regiodeal.validation import PublishedContext, validate_files

EXAMPLE = REPO_ROOT / "examples" / "new-deal.yaml"


def test_example_is_marked_as_invented() -> None:
    head = EXAMPLE.read_text(encoding="utf-8")[:400]
    assert "VOORBEELD" in head and "INVENTED" in head


def test_example_becomes_a_conforming_deal(tmp_path: Path, test_context: PublishedContext) -> None:
    out = tmp_path / "deal.ttl"
    assert main(["new", str(EXAMPLE), "-o", str(out)]) == 0
    graph = Graph().parse(out, format="turtle")
    deal = ID["regiodeal/voorbeeldwijk"]
    assert (deal, RD.rijkContribution, None) in graph
    report = validate_files([out], test_context)
    assert report.conforms
    assert report.findings == []


def test_example_conforms_in_the_bundled_context(tmp_path: Path) -> None:
    """Also against the real published graph: title unique, envelope not exceeded."""
    out = tmp_path / "deal.ttl"
    out.write_text(deal_turtle(EXAMPLE), encoding="utf-8")
    report = validate_files([out], PublishedContext.from_settings())
    assert report.conforms, [f.text("message", "en") for f in report.violations]


def test_every_fact_has_provenance_in_the_yaml_document() -> None:
    graph = Graph().parse(data=deal_turtle(EXAMPLE), format="turtle")
    document = ID["document/invoer-voorbeeldwijk"]
    parts = set(graph.transitive_subjects(DCTERMS.isPartOf, document)) - {document}
    assert ID["document/invoer-voorbeeldwijk/budget"] in parts
    lines = list(graph.objects(ID["begroting/voorbeeldwijk"], RD.budgetLine))
    assert len(lines) == 3  # two lines and the execution-costs line of the example
    for line in lines:
        assert graph.value(line, PROV.wasDerivedFrom) in parts


def test_article_references_become_document_parts() -> None:
    """The example says `budget: article: "4.2"` and `articles: end_date: "19.1"`: the budget
    lines cite "Artikel 4, lid 2" (part of artikel 4, part of the document), and the end date's
    fact source cites artikel 19 lid 1, not the YAML section."""
    graph = Graph().parse(data=deal_turtle(EXAMPLE), format="turtle")
    base = "document/invoer-voorbeeldwijk"
    paragraph = ID[f"{base}/artikel-4/lid-2"]
    assert str(graph.value(paragraph, RDFS.label)) == "Artikel 4, lid 2"
    assert graph.value(paragraph, DCTERMS.isPartOf) == ID[f"{base}/artikel-4"]
    assert graph.value(ID[f"{base}/artikel-4"], DCTERMS.isPartOf) == ID[base]
    line = ID["begroting/voorbeeldwijk/regel-1"]
    assert graph.value(line, PROV.wasDerivedFrom) == paragraph
    deal = ID["regiodeal/voorbeeldwijk"]
    sources = [
        s for s in graph.objects(deal, RD.factSource) if (s, RD.aboutProperty, RD.endDate) in graph
    ]
    assert [graph.value(s, PROV.wasDerivedFrom) for s in sources] == [
        ID[f"{base}/artikel-19/lid-1"]
    ]
    # the wijzigingen clause has its own article 16, over the section's article 6
    clause = ID["bepaling/voorbeeldwijk/wijzigingen"]
    assert graph.value(clause, PROV.wasDerivedFrom) == ID[f"{base}/artikel-16"]
    assert (
        graph.value(ID["bepaling/voorbeeldwijk/opzegging"], PROV.wasDerivedFrom)
        == ID[f"{base}/artikel-6"]
    )


def test_regional_financing_table() -> None:
    """The example's table: financieel 6,000,000 + 1,000,000 = 7,000,000; in natura 2,000,000 +
    1,000,000 = 3,000,000; totaal 8,000,000 + 2,000,000 = 10,000,000 (= regional_contribution)."""
    graph = Graph().parse(data=deal_turtle(EXAMPLE), format="turtle")
    rows = {
        graph.value(row, RD.order).toPython(): row
        for row in graph.objects(ID["begroting/voorbeeldwijk"], RD.regionalFinancingLine)
    }
    assert sorted(rows) == [1, 2, 3]
    total = rows[3]
    assert graph.value(total, RD.contributionKind) == ID["soort-bijdrage/totaal"]
    assert graph.value(total, RD.publicAmount).toPython() == Decimal("8000000")
    assert graph.value(total, RD.totalAmount).toPython() == Decimal("10000000")
    assert graph.value(rows[2], RD.contributionKind) == ID["soort-bijdrage/in-natura"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("      rijk: 5000000 ", "      rijk: vijf miljoen ", "budget.lines.0.rijk"),
        ("  rijk_contribution: 10000000", "  rijk_contribution: -10", "deal.rijk_contribution"),
        ("  status: ondertekend", "  status: getekend", "deal.status"),
        ("  end_date: 2029-12-31", "  end_date: 31-12-2029", "deal.end_date"),
        ("    - gemeente:gm0503               #", "    - Delft  #", "parties.regional.0"),
        ("  id: voorbeeldwijk", "  id: Voorbeeld Wijk", "deal.id"),
        ('(verzonnen)\n    goal: "2"', '(verzonnen)\n    goal: "9"', "interventions.1.goal"),
        ("  tranche: 6", "  trance: 6", "deal.trance"),
        ('    draft_due: "--06-15"', "    draft_due: 15 juni", "clauses.9.draft_due"),
        ("    meetings_per_year: 1 ", "    meetings_per_year: 0 ", "clauses.10.meetings_per_year"),
    ],
)
def test_bad_field_is_named(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(AuthoringError) as caught:
        load_deal_file(path)
    assert field in str(caught.value)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "deal:\n  id: x\n  name: [unclosed\n")
    with pytest.raises(AuthoringError) as caught:
        load_deal_file(path)
    assert "YAML syntax error" in str(caught.value) and f"{path}:" in str(caught.value)


def test_cli_reports_bad_yaml_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken(tmp_path, "  status: ondertekend", "  status: getekend")
    assert main(["new", str(path)]) == 2
    assert "deal.status" in capsys.readouterr().err


def test_new_does_not_overwrite_without_force(tmp_path: Path) -> None:
    from regiodeal.cli import main

    target = tmp_path / "deal.ttl"
    target.write_text("# mine\n", encoding="utf-8")
    example = str(Path(__file__).parents[2] / "examples" / "new-deal.yaml")
    assert main(["new", example, "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert main(["new", example, "-o", str(target), "--force"]) == 0
    assert "rd:RegioDeal" in target.read_text(encoding="utf-8")


def test_clause_parameters_become_typed_values() -> None:
    # examples/new-deal.yaml: voortgangsrapportage draft_due "--06-15", submission_due
    # "--07-15"; rijk-regio-overleg meetings_per_year 1
    graph = Graph().parse(data=deal_turtle(EXAMPLE), format="turtle")
    report = ID["bepaling/voorbeeldwijk/voortgangsrapportage"]
    assert str(graph.value(report, RD.draftDueDate)) == "--06-15"
    assert graph.value(report, RD.submissionDueDate).datatype == XSD.gMonthDay
    overleg = ID["bepaling/voorbeeldwijk/rijk-regio-overleg"]
    assert graph.value(overleg, RD.meetingsPerYear).toPython() == Decimal("1")


def test_a_day_that_is_not_a_day_is_explained_in_dutch(tmp_path: Path) -> None:
    path = _broken(tmp_path, '    draft_due: "--06-15"', "    draft_due: 15 juni")
    with pytest.raises(AuthoringError) as caught:
        load_deal_file(path)
    assert "geen dag van het jaar" in caught.value.render("nl")
    assert "--06-15" in caught.value.render("en") and "^--" not in caught.value.render("en")


def test_meeting_less_than_yearly_is_a_warning(
    tmp_path: Path, test_context: PublishedContext
) -> None:
    path = _broken(tmp_path, "    meetings_per_year: 1 ", "    meetings_per_year: 0.5 ")
    out = tmp_path / "deal.ttl"
    out.write_text(deal_turtle(path), encoding="utf-8")
    findings = validate_files([out], test_context).findings
    fired = [f for f in findings if f.shape.endswith("MeetingsPerYearStandardShape")]
    assert [f.severity for f in fired] == ["Warning"]


def test_printed_units_get_their_unit_code() -> None:
    # examples/new-deal.yaml, results: "procent" with unit_code procent; "meldingen per jaar"
    # with unit_code aantal and unit_per jaar (docs/data-conventions.md, units)
    graph = Graph().parse(data=deal_turtle(EXAMPLE), format="turtle")
    percent, reports = ID["resultaat/voorbeeldwijk/1"], ID["resultaat/voorbeeldwijk/2"]
    assert str(graph.value(percent, RD.unit)) == "procent"
    assert list(graph.objects(percent, RD.unitCode)) == [ID["eenheid/procent"]]
    assert list(graph.objects(percent, RD.unitPer)) == []
    assert list(graph.objects(reports, RD.unitCode)) == [ID["eenheid/aantal"]]
    assert list(graph.objects(reports, RD.unitPer)) == [ID["eenheid/jaar"]]


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "    unit_code: procent ",
            "    # unit_code: procent ",
            "results.0.unit",
            "zonder unit_code",
        ),
        ("    unit: procent ", "    # unit: procent ", "results.0.unit_code", "zonder unit"),
    ],
)
def test_a_unit_and_its_code_come_together(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    with pytest.raises(AuthoringError) as caught:
        load_deal_file(_broken(tmp_path, old, new))
    [problem] = caught.value.problems
    assert problem.field == field and words in problem.text("nl")
    # examples/new-deal.yaml: unit on line 146, unit_code on 147; the problem is at the one given
    assert problem.line == {"results.0.unit": 146, "results.0.unit_code": 147}[field]


def test_a_unit_code_outside_the_code_list_is_a_violation(
    tmp_path: Path, test_context: PublishedContext
) -> None:
    path = _broken(tmp_path, "    unit_code: aantal ", "    unit_code: meldingen ")
    out = tmp_path / "deal.ttl"
    out.write_text(deal_turtle(path), encoding="utf-8")
    findings = validate_files([out], test_context).findings
    assert [f.shape.endswith("ResultCodesShape") for f in findings] == [True]
