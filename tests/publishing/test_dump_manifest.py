"""Dumps are reused only when the manifest's checksum matches a file that is there."""

from __future__ import annotations

import json
from pathlib import Path

from regiodeal.publishing.dumps import DUMP_NAMES, MANIFEST, _reusable


def test_a_manifest_without_checksums_and_no_files_is_not_reused(tmp_path: Path) -> None:
    # A hand-edited or truncated manifest: null checksums, and the dump files are gone.
    dumps = [{"name": name, "sha256": None} for name in DUMP_NAMES]
    (tmp_path / MANIFEST).write_text(json.dumps({"fingerprint": "f", "dumps": dumps}))
    assert _reusable(tmp_path, "f") is None  # written again; it raised FileNotFoundError
