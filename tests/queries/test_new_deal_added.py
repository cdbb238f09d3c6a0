"""Issue #14: adding a validated deal to data/ttl/deals/ must not break the test suite.

The whole-graph tests count by hand from the sources (tests/queries/conftest.py explains how they
leave an added deal out); this runs them on a copy of data/ttl with the example deal of
examples/new-deal.yaml added, as `regiodeal new` writes it, through REGIODEAL_DATA_DIR.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regiodeal.authoring.template import deal_turtle
from regiodeal.settings import REPO_ROOT, Settings

from .conftest import added_deal_files

# The tests that count or sum over all deals, and the rules every deal file follows.
WHOLE_GRAPH_TESTS = (
    "tests/queries/test_query_library.py",
    "tests/data/test_graph_wide.py",
    "tests/linked_data/test_overview.py",
    "tests/linked_data/test_pages.py",
)


@pytest.mark.slow  # reason: a second pytest run builds the graph's store three times (~3 min)
def test_whole_graph_tests_pass_with_the_example_deal_added(tmp_path: Path) -> None:
    data = tmp_path / "ttl"
    shutil.copytree(REPO_ROOT / "data" / "ttl", data)
    example = REPO_ROOT / "examples" / "new-deal.yaml"
    added = data / "deals" / "voorbeeldwijk.ttl"
    added.write_text(deal_turtle(example), encoding="utf-8")
    # the copy has the deal, and the counting tests will know it for an added one
    assert added_deal_files(Settings(data_dir=data)) == [added]
    server = str(REPO_ROOT / "server")
    env = {
        **os.environ,
        "REGIODEAL_DATA_DIR": str(data),
        "PYTHONPATH": os.pathsep.join(filter(None, [server, os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "pytest", *WHOLE_GRAPH_TESTS, "-q", "-n", "0"]
    command += ["-p", "no:cacheprovider", "-m", "not slow"]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
