"""`regiodeal validate` on what people pass it: a directory, a YAML template, related deals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from regiodeal.cli import main
from regiodeal.settings import REPO_ROOT

DEALS = REPO_ROOT / "data" / "ttl" / "deals"
TEMPLATE = REPO_ROOT / "examples" / "new-deal.yaml"
TWENTE = "https://w3id.org/regiodeal/id/regiodeal/twente"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_directory_stands_for_its_turtle_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ii").mkdir()
    shutil.copy(DEALS / "twente.ttl", tmp_path)
    shutil.copy(DEALS / "twente-ii.ttl", tmp_path / "ii")
    (tmp_path / "notes.txt").write_text("not RDF, not read")
    # Without the published graph the document parts they cite are unknown: violations (1).
    code, out, err = run([str(tmp_path), "--no-context", "--format", "json"], capsys)
    assert code == 1, err
    report = json.loads(out)
    assert sorted(Path(f).name for f in report["files"]) == ["twente-ii.ttl", "twente.ttl"]


def test_a_directory_without_turtle_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("title: x\n")
    code, out, err = run([str(tmp_path)], capsys)
    assert code == 2 and out == ""
    assert f"{tmp_path}: a directory without Turtle (*.ttl) or YAML files" in err


def test_a_yaml_template_is_validated_directly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(TEMPLATE), "--format", "json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["passes"] and report["files"] == [str(TEMPLATE)]
    assert list(report["deals"]) == ["https://w3id.org/regiodeal/id/regiodeal/voorbeeldwijk"]


def test_a_directory_stands_for_its_yaml_files_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(TEMPLATE, tmp_path / "deal.yml")
    code, out, err = run([str(tmp_path), "--format", "json"], capsys)
    assert code == 0, err
    assert [Path(f).name for f in json.loads(out)["files"]] == ["deal.yml"]


def test_a_deal_that_another_names_as_predecessor_is_counted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # twente-ii links to twente (rd:predecessor); both are deals of their own in the report.
    files = [str(DEALS / "twente-ii.ttl"), str(DEALS / "twente.ttl"), "--no-context"]
    _, out, _ = run([*files, "--lang", "en"], capsys)
    assert "in 2 deal(s): does NOT pass" in out  # --no-context: violations
    _, out, _ = run([*files, "--format", "json"], capsys)
    assert sorted(json.loads(out)["deals"]) == [TWENTE, TWENTE + "-ii"]
