"""`regiodeal new`: the example YAML becomes a conforming deal; bad YAML names the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import PROV

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
    parts = set(graph.subjects(None, document))
    assert ID["document/invoer-voorbeeldwijk/budget"] in parts
    for line in graph.objects(ID["begroting/voorbeeldwijk"], RD.budgetLine):
        assert graph.value(line, PROV.wasDerivedFrom) in parts


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
