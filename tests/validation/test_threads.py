"""Validations in several threads of one process agree with validations one at a time.

rdflib's SPARQL parser (pyparsing) settles how to call each parse action on its first calls; two
threads parsing at once for the first time broke it for the rest of the process (every later
validation raised TypeError). The parser must be cold for this, so the check runs in a fresh
interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from regiodeal.settings import REPO_ROOT

INVALID = Path(__file__).parents[1] / "shapes" / "invalid"
PUBLISHED = Path(__file__).parents[1] / "shapes" / "context" / "published.ttl"
NAMES = ["end-before-start", "budget-row-sum", "regiokassier-missing", "status-not-in-code-list"]
CHILD = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from rdflib import Graph
from regiodeal.settings import get_settings
from regiodeal.store.files import parse_files
from regiodeal.validation import PublishedContext, validate_files
from regiodeal.validation.kit import reference_files

published = Graph().parse(sys.argv[1], format="turtle")
context = PublishedContext.build(parse_files(reference_files(get_settings())), published)

def fired(path):
    try:
        return sorted([f.shape, f.focus] for f in validate_files([Path(path)], context).findings)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"

paths = sys.argv[2:]
with ThreadPoolExecutor(len(paths)) as pool:
    together = list(pool.map(fired, paths))
print(json.dumps({"together": together, "after": [fired(p) for p in paths]}))
"""


@pytest.mark.slow  # reason: a fresh interpreter (a cold parser) builds its context: ~10 s of CPU
def test_first_validations_in_threads_agree_with_later_ones() -> None:
    paths = [str(INVALID / f"{name}.ttl") for name in NAMES]
    env_path = str(REPO_ROOT / "server")
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(PUBLISHED), *paths],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    assert result["together"] == result["after"]
    for name, findings in zip(NAMES, result["after"], strict=True):
        assert isinstance(findings, list), findings  # not an error message
        assert any(shape.endswith("Shape") for shape, _ in findings), name
