"""scripts/test.sh: pytest, then lint, layout and type checks; a failure of any fails the run.

The script runs in a copy of the repository whose .venv holds stubs that log their arguments
and fail on request, so that the script's own logic is tested in a second, not the suite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from regiodeal.settings import REPO_ROOT

STUB = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >>"$STUB_LOG"
case " $(basename "$0") $* " in *" $STUB_FAIL "*) exit "${STUB_CODE:-1}" ;; esac
exit 0
"""
# Programs that scripts/test.sh would install with apt-get when missing: stubs stand in.
APT_COMMANDS = ("java", "chromium", "roqet", "virtuoso-t")
CHECKS = ("ruff check", "ruff format --check", "mypy")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "scripts", root / "scripts")
    shutil.copy(REPO_ROOT / "pyproject.toml", root)
    venv_bin, stubs = root / ".venv" / "bin", tmp_path / "stubs"
    for directory, names in ((venv_bin, ("python", "ruff", "mypy")), (stubs, APT_COMMANDS)):
        directory.mkdir(parents=True)
        for name in names:
            (directory / name).write_text(STUB)
            (directory / name).chmod(0o755)
    # The stamp ensure_venv compares with: the venv counts as installed.
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    (root / ".venv" / ".regiodeal-install-stamp").write_text(digest + "\n")
    return root


def run(repo: Path, fail: str = "", code: int = 1) -> tuple[int, list[str]]:
    log = repo / "stub.log"
    env = {
        **os.environ,
        "PATH": f"{repo.parent / 'stubs'}:{os.environ['PATH']}",
        "STUB_LOG": str(log),
        "STUB_FAIL": fail or "no such call",
        "STUB_CODE": str(code),
    }
    result = subprocess.run(
        ["bash", str(repo / "scripts" / "test.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, log.read_text().splitlines()


def test_runs_pytest_then_every_check(repo: Path) -> None:
    code, calls = run(repo)
    assert code == 0
    assert calls[0].startswith("python -m pytest")
    for check in CHECKS:
        assert any(call.startswith(check) for call in calls[1:]), check


@pytest.mark.parametrize("check", CHECKS)
def test_a_failing_check_fails_the_run(repo: Path, check: str) -> None:
    code, calls = run(repo, fail=check)
    assert code == 1
    assert len(calls) == 1 + len(CHECKS)  # the other checks still run and report


def test_pytest_exit_code_is_kept(repo: Path) -> None:
    code, _ = run(repo, fail="python -m pytest", code=5)  # 5: no tests collected
    assert code == 5
