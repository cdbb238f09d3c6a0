"""Tests that need a program follow one rule: on CI a missing one fails, elsewhere it skips.

The tests below run the real call sites in a pytest subprocess whose PATH holds no program at
all, once with CI=true and once without.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import programs

ROOT = Path(__file__).resolve().parents[1]
# Every test that needs a program, chosen so that nothing else runs: each must stop at its
# program, before any server starts.
NEEDS_A_PROGRAM = [
    "tests/test_check_cli.py",  # java
    "tests/server/test_query_page.py",  # chromium
    "tests/linked_data/test_query_editor_link.py",  # chromium
    "tests/linked_data/test_deal_page_browser.py",  # chromium
    "tests/publishing/test_validate_page.py::test_upload_in_a_browser",  # chromium
    "tests/server/test_clients.py::test_roqet",  # roqet
    "tests/external_store/test_virtuoso.py",  # virtuoso
    "tests/shapes/test_jena_differential.py",  # jena
]


def run_without_programs(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(empty)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # schemathesis and hypothesis take ~10 s to load
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", *NEEDS_A_PROGRAM],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # hang guard: nothing here should start a server
    )


def summary(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", last)}


def test_missing_programs_skip_outside_ci(tmp_path: Path) -> None:
    result = run_without_programs(tmp_path, ci=False)
    counts = summary(result.stdout)
    assert set(counts) == {"skipped"}, result.stdout[-3000:]
    skips = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skips and all("apt-get install" in line for line in skips), skips


def test_missing_programs_fail_on_ci(tmp_path: Path) -> None:
    result = run_without_programs(tmp_path, ci=True)
    counts = summary(result.stdout)
    assert result.returncode == 1
    assert set(counts) <= {"failed", "errors", "error"}, result.stdout[-3000:]
    packages = ("default-jre-headless", "chromium", "rasqal-utils", "virtuoso-opensource")
    for package in (*packages, "libapache-jena-java"):
        assert f"apt-get install {package}" in result.stdout, package


def test_require_names_the_install_step(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"isql-vt.*apt-get install virtuoso-open"):
        programs.require("virtuoso")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"java not found.*default-jre-headless"):
        programs.require("java")


def test_test_script_installs_every_program() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    for program in programs.PROGRAMS.values():
        entry = program.apt_entry
        assert re.search(rf"^\s+{re.escape(entry)}(\s|$)", script, re.M), entry
