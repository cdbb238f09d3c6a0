"""`regiodeal format --check`: says what it checked and what would change, and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from regiodeal.cli import main
from regiodeal.store.turtle import format_text

TEXT = """@prefix rd: <https://w3id.org/regiodeal/def#> .
<https://w3id.org/regiodeal/id/regiodeal/a> a rd:RegioDeal ; rd:name "A" .
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A file in the canonical form, and the same with two blank lines more at its end."""
    clean = tmp_path / "clean.ttl"
    clean.write_text(format_text(TEXT), encoding="utf-8")
    padded = tmp_path / "padded.ttl"
    padded.write_text(format_text(TEXT) + "\n\n", encoding="utf-8")
    return clean, padded


def test_check_names_what_would_change(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, padded = files
    before = padded.read_text(encoding="utf-8")
    assert main(["format", "--check", str(clean), str(padded)]) == 1
    out, err = capsys.readouterr()
    assert out == f"would reformat {padded}: 2 line(s) out, 0 line(s) in\n"
    assert err.startswith("checked 2 Turtle file(s) (as given): 1 would be reformatted;")
    assert padded.read_text(encoding="utf-8") == before  # --check changes nothing


def test_check_with_diff_shows_the_change(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, padded = files
    assert main(["format", "--check", "--diff", str(padded)]) == 1
    out = capsys.readouterr().out
    assert f"--- {padded}\n+++ {padded} (formatted)\n" in out
    assert out.endswith("-\n-\n")  # the two blank lines that would go


def test_check_of_clean_files_says_nothing_would_change(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, _ = files
    assert main(["format", "--check", str(clean)]) == 0
    out = capsys.readouterr().out
    assert (
        out
        == "checked 1 Turtle file(s) (as given): all in the canonical form, nothing would change\n"
    )


def test_check_without_files_names_the_directories(tmp_path: Path) -> None:
    (tmp_path / "onto").mkdir()
    (tmp_path / "data" / "deals").mkdir(parents=True)
    for path in (tmp_path / "onto" / "o.ttl", tmp_path / "data" / "deals" / "d.ttl"):
        path.write_text(format_text(TEXT), encoding="utf-8")
    env = {
        **os.environ,
        "REGIODEAL_ONTOLOGY_DIR": str(tmp_path / "onto"),
        "REGIODEAL_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "regiodeal.cli", "format", "--check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("checked 2 Turtle file(s) (all of onto/ and data/):")
