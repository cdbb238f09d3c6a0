"""`regiodeal docs` as a command: it prints what it wrote, and no log records of its libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_docs_prints_no_debug_or_info_records(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "regiodeal.cli", "docs", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / 'index.html'}\n"
    # pyLODE's import turned on DEBUG logging: "DEBUG:asyncio:Using selector: EpollSelector".
    assert result.stderr == ""
