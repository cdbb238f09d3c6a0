"""`regiodeal format`: deterministic output, @base relativisation, --check exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from regiodeal.settings import REPO_ROOT
from regiodeal.store.turtle import format_text, unformatted

# Every Turtle file of the repository's graph is held to the format, so that a diff shows facts,
# not reordering (the guide: "Turtle files are formatted deterministically").
OWN_FILES = sorted(
    [*(REPO_ROOT / "ontology").glob("*.ttl"), *(REPO_ROOT / "data" / "ttl").rglob("*.ttl")]
)

MESSY = """
@prefix z: <https://w3id.org/regiodeal/def#> .
<https://w3id.org/regiodeal/id/regiodeal/b> z:factSource [ z:aboutProperty z:endDate ],
    [ z:aboutProperty z:startDate ] ; z:regiokassier
    <https://identifier.overheid.nl/tooi/id/gemeente/gm0503> .
<https://w3id.org/regiodeal/id/regiodeal/a> a z:RegioDeal .
"""


def test_own_files_are_formatted() -> None:
    # one test over all files: parsing each is the cost, a test per file would add set-up
    assert len(OWN_FILES) > 100  # the glob found the data (ontology, reference, web, deals)
    assert unformatted(OWN_FILES) == [], "run: regiodeal format"


def test_output_is_stable_and_uses_conventions() -> None:
    first = format_text(MESSY)
    assert first == format_text(first) == format_text(MESSY)  # idempotent, blank nodes too
    assert first.startswith("@base <https://w3id.org/regiodeal/id/> .\n")
    assert "@prefix rd: <https://w3id.org/regiodeal/def#> ." in first  # stable name, not z:
    assert "<regiodeal/a> a rd:RegioDeal" in first
    assert "rd:regiokassier gemeente:gm0503" in first
    assert "w3id.org/regiodeal/id/regiodeal" not in first.split("\n", 1)[1]


def test_ontology_is_written_without_base() -> None:
    text = format_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/regiodeal/def> a owl:Ontology .\n"
    )
    assert "@base" not in text


def test_unsafe_relative_iri_stays_absolute() -> None:
    # 'a:b' relative to the base would be read as an IRI with scheme 'a'.
    text = format_text("<https://w3id.org/regiodeal/id/a:b> a <https://w3id.org/regiodeal/id/x> .")
    assert "<https://w3id.org/regiodeal/id/a:b>" in text and "<x>" in text


def test_check_mode_exit_codes(tmp_path: Path) -> None:
    messy = tmp_path / "messy.ttl"
    messy.write_text(MESSY, encoding="utf-8")
    clean = tmp_path / "clean.ttl"
    clean.write_text(format_text(MESSY), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "regiodeal.cli", "format", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    failed = run("--check", str(messy), str(clean))
    assert failed.returncode == 1
    assert f"would reformat {messy}:" in failed.stdout and str(clean) not in failed.stdout
    assert run("--check", str(clean)).returncode == 0
    assert run(str(messy)).returncode == 0  # rewrites the file
    assert messy.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")


def test_file_that_does_not_parse_is_left_alone(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    command = [sys.executable, "-m", "regiodeal.cli", "format", str(broken)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"cannot format {broken}" in result.stderr
    assert broken.read_text(encoding="utf-8") == "<a> <b> .\n"
