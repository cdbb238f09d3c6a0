"""`regiodeal validate`: exit codes 0/1/2, the four formats, readable errors, no remote fetches."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from regiodeal.authoring.template import deal_turtle
from regiodeal.cli import main
from regiodeal.settings import REPO_ROOT, Settings
from regiodeal.validation import InputError, read_files

HERE = Path(__file__).parent
BROKEN = HERE / "invalid" / "end-before-start.ttl"


@pytest.fixture(scope="module")
def good_deal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "deal.ttl"
    path.write_text(deal_turtle(REPO_ROOT / "examples" / "new-deal.yaml"), encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_conforming_deal_exits_0(good_deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(good_deal), "--lang", "en"], capsys)
    assert code == 0
    assert "passes: no violations" in out


def test_violations_exit_1_and_are_grouped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(BROKEN), "--lang", "nl"], capsys)
    assert code == 1
    assert "Regio Deal Testwijk (testgeval) id:regiodeal/test-deal" in out
    assert "\n  data\n" in out  # the section heading
    assert "rd:EndAfterStartShape" in out and "artikel-19/lid-1" in out


def test_turtle_syntax_error_exits_2_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix rd: <https://w3id.org/regiodeal/def#> .\n<a> rd:b "c" ,, .\n')
    code, out, err = run([str(bad)], capsys)
    assert code == 2 and out == ""
    assert f"{bad}:2:" in err and "syntax error" in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / "nope.ttl")], capsys)
    assert code == 2 and "cannot read" in err


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(BROKEN), "--format", "json", "--lang", "en"], capsys)
    document = json.loads(out)
    assert code == 1 and document["conforms"] is False
    finding = next(f for f in document["findings"] if f["shape"].endswith("#EndAfterStartShape"))
    assert finding["severity"] == "Violation" and finding["section"] == "dates"
    assert finding["context"] is False and finding["value"] == "2024-06-02"
    assert "Start date" in finding["message"]


def test_csv_format(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(BROKEN), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"deal", "severity", "shape", "message", "legal_basis"} <= set(rows[0])


def test_turtle_format_is_a_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(BROKEN), "--format", "turtle"], capsys)
    report = Graph().parse(data=out, format="turtle")
    assert (None, SH.conforms, None) in report
    assert len(set(report.subjects(SH.resultSeverity, SH.Violation))) >= 1


def _jsonld(context: object) -> str:
    return json.dumps(
        {
            "@context": context,
            "@id": "https://w3id.org/regiodeal/id/regiodeal/json-test",
            "@type": "rd:RegioDeal",
            "rd:status": {"@id": "https://w3id.org/regiodeal/id/status/aanvraag"},
        }
    )


def test_jsonld_with_inline_context_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deal.jsonld"
    path.write_text(_jsonld({"rd": "https://w3id.org/regiodeal/def#"}))
    assert len(read_files([path], Settings())) == 2


def test_remote_jsonld_context_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deal.jsonld"
    path.write_text(_jsonld("https://example.org/context.jsonld"))
    with pytest.raises(InputError, match="refused"):
        read_files([path], Settings())
    code, _, err = run([str(path)], capsys)
    assert code == 2 and "not fetched" in err


def test_allow_listed_jsonld_context_uses_the_local_copy(tmp_path: Path) -> None:
    local = tmp_path / "context.json"
    local.write_text(json.dumps({"@context": {"rd": "https://w3id.org/regiodeal/def#"}}))
    path = tmp_path / "deal.jsonld"
    path.write_text(_jsonld(["https://example.org/context.jsonld"]))
    settings = Settings(jsonld_context_allowlist={"https://example.org/context.jsonld": local})
    assert len(read_files([path], settings)) == 2


def test_nested_remote_context_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deal.jsonld"
    path.write_text(
        _jsonld(
            {"@import": "https://example.org/x.jsonld", "rd": "https://w3id.org/regiodeal/def#"}
        )
    )
    with pytest.raises(InputError, match="refused"):
        read_files([path], Settings())


def test_owl_imports_are_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An owl:imports in the input is data, never fetched (pySHACL runs with do_owl_imports off)."""
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/x> owl:imports <http://192.0.2.1/never.ttl> .\n"
    )
    code, _, _ = run([str(path)], capsys)
    assert code == 0


def test_jsonld_with_an_invalid_iri_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """rdflib's JSON-LD reader takes any string as an IRI; the report then failed to render."""
    path = tmp_path / "deal.jsonld"
    path.write_text(
        json.dumps(
            {"@id": "_:a", "@type": "https://w3id.org/regiodeal/def#RegioDeal", "http://x/a b": 1}
        )
    )
    code, out, err = run([str(path), "--format", "turtle"], capsys)
    assert code == 2 and out == ""
    assert f"{path}: JSON-LD error: invalid IRI <http://x/a b>" in err


def test_input_over_the_size_limit_exits_2(
    good_deal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTTP API's limit holds for the CLI too: files together, named where it is passed."""
    size = good_deal.stat().st_size
    limited = Settings(validation_max_bytes=size + 10)
    monkeypatch.setattr("regiodeal.settings.get_settings", lambda: limited)  # read at run time
    assert run([str(good_deal)], capsys)[0] == 0  # one file fits
    code, out, err = run([str(good_deal), str(BROKEN)], capsys)
    assert code == 2 and out == ""
    assert f"regiodeal validate: {BROKEN}: the input is " in err
    assert f"over the validation limit of {size + 10:,} bytes" in err
    assert "REGIODEAL_VALIDATION_MAX_BYTES" in err
