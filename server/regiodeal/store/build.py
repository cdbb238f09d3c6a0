"""The endpoint's pyoxigraph store: built once on disk, then opened read-only by query workers.

It holds the bundled dataset (regiodeal.store.dataset: source files, named graphs, inferences).
A store directory holds a `regiodeal-store.json` manifest with a fingerprint of the sources; a
restart with unchanged sources reuses the directory instead of re-parsing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Store

from regiodeal.settings import Settings
from regiodeal.store import inference
from regiodeal.store.dataset import fill, source_files

MANIFEST = "regiodeal-store.json"
STORE_SUBDIR = "oxigraph"


@dataclass
class StoreInfo:
    """What the server needs to know about a built store (also saved as the manifest)."""

    path: str
    fingerprint: str
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triple count
    default_graph_triples: int = 0
    inferred_triples: int = 0

    @property
    def oxigraph_path(self) -> Path:
        return Path(self.path) / STORE_SUBDIR


def fingerprint(files: list[Path], settings: Settings) -> str:
    """Changes whenever a source file, the graph naming or the inference rules change."""
    digest = hashlib.sha256()
    digest.update(f"{settings.base_uri}|rules={inference.RULES_VERSION}".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _count(store: Store, graph: NamedNode | DefaultGraph) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def read_manifest(directory: Path) -> StoreInfo | None:
    try:
        return StoreInfo(**json.loads((directory / MANIFEST).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _prepare_directory(directory: Path) -> None:
    """Empty a stale store directory, but never a directory that is not one of ours."""
    if directory.exists() and any(directory.iterdir()):
        if not (directory / MANIFEST).exists() and not (directory / STORE_SUBDIR).exists():
            raise RuntimeError(
                f"{directory} is not empty and not a regiodeal store; refusing to use it"
            )
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)


def build_store(settings: Settings, directory: Path) -> StoreInfo:
    """Build (or reuse, when the fingerprint matches) the on-disk store in `directory`."""
    files = source_files(settings)
    expected = fingerprint(files, settings)
    existing = read_manifest(directory)
    if existing and existing.fingerprint == expected and existing.oxigraph_path.exists():
        existing.path = str(directory)
        return existing
    _prepare_directory(directory)
    info = StoreInfo(path=str(directory), fingerprint=expected)
    store = Store(str(info.oxigraph_path))
    info.inferred_triples = fill(store, files, settings)
    store.optimize()
    info.graphs = {
        g.value: _count(store, g) for g in store.named_graphs() if isinstance(g, NamedNode)
    }
    info.default_graph_triples = _count(store, DefaultGraph())
    store.flush()
    del store  # releases the RocksDB lock before the read-only workers open the directory
    (directory / MANIFEST).write_text(json.dumps(asdict(info), indent=2, sort_keys=True))
    return info
