"""`regiodeal validate --server URL`: the report of a running server, printed as the local
validator prints it, with the same exit codes (issue #16: one deal in a fraction of a second)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHAPES_TESTS, ValidationServer

VALID = SHAPES_TESTS / "valid" / "signed-covenant.ttl"
# EndAfterStartShape is a violation: the local validator exits 1 on it.
INVALID = SHAPES_TESTS / "invalid" / "end-before-start.ttl"
TEMPLATE = Path(__file__).parents[2] / "examples" / "new-deal.yaml"


def validate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regiodeal.cli", "validate", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def local_env(validation_settings: dict[str, object]) -> dict[str, str]:
    """The local validator on the data the server has, so both judge in the same context."""
    import os

    return {**os.environ, "REGIODEAL_DATA_DIR": str(validation_settings["data_dir"])}


@pytest.mark.parametrize(
    ("path", "code", "lang", "fmt"),
    [
        (VALID, 0, "nl", "text"),
        (INVALID, 1, "nl", "text"),
        (INVALID, 1, "en", "text"),
        (INVALID, 1, "en", "csv"),
        (TEMPLATE, 0, "nl", "text"),
    ],
    ids=["valid", "violation-nl", "violation-en", "violation-csv", "yaml-template"],
)
def test_the_server_reports_what_the_local_validator_reports(
    validation_server: ValidationServer,
    local_env: dict[str, str],
    path: Path,
    code: int,
    lang: str,
    fmt: str,
) -> None:
    options = [str(path), "--lang", lang, "--format", fmt]
    local = validate(*options, env=local_env)
    remote = validate(*options, "--server", validation_server.url)
    assert (local.returncode, remote.returncode) == (code, code), local.stderr + remote.stderr
    assert remote.stdout == local.stdout
    assert remote.stdout.strip()


def test_more_than_one_file_or_a_directory_is_refused(validation_server: ValidationServer) -> None:
    for args in ([str(VALID), str(INVALID)], [str(SHAPES_TESTS / "valid")]):
        result = validate(*args, "--server", validation_server.url)
        assert result.returncode == 2
        assert "--server takes one file" in result.stderr and not result.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken.ttl", "<a> <b> .\n"),  # no object
        ("broken.yaml", "deal:\n  name: [\n"),  # YAML syntax
        ("unknown-field.yaml", "deal:\n  nmae: Regio Deal X\n"),  # a field problem
    ],
)
def test_unreadable_input_is_exit_2_with_the_local_message(
    validation_server: ValidationServer,
    local_env: dict[str, str],
    tmp_path: Path,
    name: str,
    text: str,
) -> None:
    path = tmp_path / name
    path.write_text(text)
    local = validate(str(path), env=local_env)
    remote = validate(str(path), "--server", validation_server.url)
    assert (local.returncode, remote.returncode) == (2, 2)
    assert remote.stderr == local.stderr and str(path) in remote.stderr
    assert not remote.stdout


def test_no_server_is_exit_2(tmp_path: Path) -> None:
    from support.live import free_port

    result = validate(str(VALID), "--server", f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 2 and not result.stdout
    assert "regiodeal validate: http://127.0.0.1:" in result.stderr
