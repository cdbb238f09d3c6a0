"""scripts/test.sh: pytest, then lint, layout and type checks; a failure of any fails the run.

The script runs in a copy of the repository whose .venv holds stubs that log their arguments
and fail on request, so that the script's own logic is tested in a second, not the suite.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regiodeal.settings import REPO_ROOT

STUB = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >>"$STUB_LOG"
case " $(basename "$0") $* " in *" $STUB_SLEEP "*) sleep 1 ;; esac
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


def run(repo: Path, fail: str = "", code: int = 1, sleep: str = "") -> tuple[int, list[str]]:
    code, calls, _ = run_with_output(repo, fail, code, sleep)
    return code, calls


def run_with_output(
    repo: Path, fail: str = "", code: int = 1, sleep: str = ""
) -> tuple[int, list[str], str]:
    log = repo / "stub.log"
    env = {
        **os.environ,
        "PATH": f"{repo.parent / 'stubs'}:{os.environ['PATH']}",
        "STUB_LOG": str(log),
        "STUB_FAIL": fail or "no such call",
        "STUB_CODE": str(code),
        "STUB_SLEEP": sleep or "no such call",
    }
    result = subprocess.run(
        ["bash", str(repo / "scripts" / "test.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, log.read_text().splitlines(), result.stdout


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


def test_pytest_runs_on_xdist_workers(repo: Path) -> None:
    _, calls = run(repo)
    assert calls[0].startswith("python -m pytest -n auto --dist loadfile"), calls[0]


def test_each_part_is_timed_on_its_own(repo: Path) -> None:
    """The stub mypy takes 1 s, the others nothing: only mypy's time may show it (a summary
    that timed from the start of the run would give the later parts the earlier ones' time)."""
    _, _, output = run_with_output(repo, sleep="mypy")
    summary = output.strip().splitlines()[-1]
    assert summary.startswith("==> times: "), summary
    times = dict(re.findall(r"(pytest|ruff check|ruff format|mypy) (\d+\.\d) s", summary))
    assert times.keys() == {"pytest", "ruff check", "ruff format", "mypy"}, summary
    assert float(times["mypy"]) >= 1.0, summary
    assert all(float(times[part]) < 1.0 for part in ("pytest", "ruff check", "ruff format"))
