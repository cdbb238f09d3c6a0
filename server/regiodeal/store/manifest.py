"""What a built store directory says about itself: its manifest (`regiodeal-store.json`, read
as a `StoreInfo`) and the fingerprint of the sources it was built from.

Apart from build.py so that what only reads a store (the validation context of
`regiodeal validate`, the publishing and SPARQL routers) need not import the build, with its
search index, process pool and inference (issue #16: 0.02-0.05 s of every validation command).

May import: `regiodeal.settings` and `regiodeal.store.inference` (for its rules' version).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path

from regiodeal.settings import Settings, reference_date
from regiodeal.store import inference

log = logging.getLogger(__name__)
SKIP = ("path", "checksum")  # not in the checksum: the directory may move

MANIFEST = "regiodeal-store.json"
STORE_SUBDIR = "oxigraph"
SNAPSHOT = "snapshot.nq"  # N-Quads: the query workers' in-memory stores are loaded from it
# RocksDB's lock file and info logs: not data, and RocksDB may write them on any open.
UNCHECKED_PREFIXES = ("LOCK", "LOG")


@dataclass
class StoreInfo:
    """What the server needs to know about a built store (also saved as the manifest)."""

    path: str
    fingerprint: str
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triple count
    default_graph_triples: int = 0
    inferred_triples: int = 0
    files: dict[str, str] = field(default_factory=dict)  # store file name -> sha256, as built
    quads: int = 0  # in all graphs, default graph included
    snapshot: str = ""  # sha256 of SNAPSHOT; "" when the graph is too large to hold in memory
    checksum: str = ""  # of the fields above except `path` (the directory may move)

    @property
    def oxigraph_path(self) -> Path:
        return Path(self.path) / STORE_SUBDIR

    @property
    def snapshot_path(self) -> Path | None:
        """The snapshot the query workers load into memory; None: they read RocksDB."""
        return Path(self.path) / SNAPSHOT if self.snapshot else None

    @property
    def worker_store(self) -> str:
        """What a query worker opens (regiodeal.sparql.worker.open_store): snapshot or RocksDB."""
        return str(self.snapshot_path or self.oxigraph_path)

    def content_checksum(self) -> str:
        # shallow: asdict's deep copy of 18,000 graph counts cost each `regiodeal validate`
        # ~0.1 s at 15,000 deals (issue #16); the fields are JSON values either way
        fields = {
            f.name: getattr(self, f.name) for f in dataclass_fields(self) if f.name not in SKIP
        }
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def fingerprint(files: Sequence[str | Path], settings: Settings) -> str:
    """Changes whenever a source file, the graph naming, the inference rules or the reference
    date (a new day, when none is set) change. `files` as `dataset.source_names` gives them
    (a Path hashes as its text)."""
    digest = hashlib.sha256()
    rules = f"rules={inference.RULES_VERSION}|reference={reference_date(settings).isoformat()}"
    digest.update(f"{settings.base_uri}|{rules}".encode())
    for path in files:
        stat = os.stat(path)
        digest.update(f"|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def read_manifest(directory: Path) -> StoreInfo | None:
    path = directory / MANIFEST
    if not path.exists():
        return None
    try:
        return StoreInfo(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError) as exc:
        log.warning("unreadable store manifest %s (%s); the store is rebuilt", path, exc)
        return None
