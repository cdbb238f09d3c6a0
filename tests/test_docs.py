"""`regiodeal docs`: pyLODE renders the ontology; a missing pyLODE gives a clear message."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from regiodeal.cli import docs


def test_docs_page_documents_every_class(tmp_path: Path) -> None:
    page = docs.build_docs(tmp_path / "docs").read_text(encoding="utf-8")
    assert "<title>Regio Deal" in page
    for label in ("Ministerie", "Begrotingsregel", "rijksbijdrage", "regiokassier"):
        assert label in page, label


def test_missing_pylode_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pylode", None)  # makes `import pylode` raise ImportError
    assert docs._run(argparse.Namespace(output=str(tmp_path))) == 2
    assert "pip install -e '.[docs]'" in capsys.readouterr().err
    assert not (tmp_path / "index.html").exists()
