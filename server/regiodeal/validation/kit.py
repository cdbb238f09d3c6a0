"""The fixed inputs of every validation: the shapes graph, what bulk.py compiles of it, and the
reference data (ontology and data/ttl/reference), parsed once.

Parsing them with rdflib and compiling the shapes took about 0.6 s of CPU on every
`regiodeal validate` (issue #16). With a store directory (`settings.store_dir`) they are kept
there as a pickle, `validation-kit.pickle`, keyed by the content of the shapes and reference
files, the code that compiles the shapes (bulk.py) and the rdflib version: reading it back takes
about a tenth of the time. Any change of those gives another key, and the kit is built again.

A pickle runs code when it is read: the store directory must be writable only by whoever runs
the server (as the store files and the dumps in it must be).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import Graph

from regiodeal.settings import Settings
from regiodeal.store.files import parse_files
from regiodeal.validation import bulk
from regiodeal.validation.bulk import Plan, plan

log = logging.getLogger(__name__)
KIT = "validation-kit.pickle"  # in the store directory
KIT_VERSION = 2  # bump when the Kit changes shape or meaning


@dataclass(frozen=True)
class Kit:
    key: str
    reference: Graph  # ontology + reference data; never changed by its users
    shapes: Graph
    plan: Plan  # bulk.plan(shapes)


def reference_files(settings: Settings) -> list[Path]:
    """Ontology and reference data: the fixed part of every validation context."""
    return sorted(settings.ontology_dir.rglob("*.ttl")) + sorted(
        (settings.data_dir / "reference").rglob("*.ttl")
    )


def shapes_files(settings: Settings) -> list[Path]:
    return sorted(settings.shapes_dir.glob("*.ttl"))  # as shapes.load_shapes reads them


def kit_key(settings: Settings) -> str:
    """Changes with the content (and place: relative IRIs) of every file the kit is parsed from,
    with the compiler of the shapes and with rdflib (whose objects the pickle holds)."""
    digest = hashlib.sha256(f"{KIT_VERSION}|{rdflib.__version__}|".encode())
    digest.update(Path(bulk.__file__).read_bytes())
    for path in shapes_files(settings) + reference_files(settings):
        digest.update(f"|{path.resolve()}|".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_KITS: dict[tuple[Path | None, ...], Kit] = {}
_LOCK = threading.Lock()


def validation_kit(settings: Settings) -> Kit:
    """The kit of these settings, once per process (as load_shapes parsed the shapes once)."""
    place = (settings.shapes_dir, settings.ontology_dir, settings.data_dir, settings.store_dir)
    with _LOCK:
        if place not in _KITS:
            _KITS[place] = _load(settings)
        return _KITS[place]


def _load(settings: Settings) -> Kit:
    key = kit_key(settings)
    path = settings.store_dir / KIT if settings.store_dir is not None else None
    cached = _read(path, key) if path is not None else None
    if cached is not None:
        return cached
    shapes = parse_files(shapes_files(settings))  # not load_shapes: its cache knows no changes
    kit = Kit(key, parse_files(reference_files(settings)), shapes, plan(shapes))
    if path is not None and path.parent.is_dir():
        _write(path, kit)
    return kit


def _read(path: Path, key: str) -> Kit | None:
    try:
        with path.open("rb") as stream:
            kit = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 -- a damaged or foreign file: built again
        log.warning("validation kit %s not used (%s); building it again", path, exc)
        return None
    if not isinstance(kit, Kit) or kit.key != key:
        return None  # other sources or another version of the code
    return kit


def _write(path: Path, kit: Kit) -> None:
    keep_pickled(path, kit, "validation kit not cached")


def keep_pickled(path: Path, content: object, failure: str) -> None:
    """`content` pickled to `path`, written whole then renamed, so that a reader never sees half
    a file (each process writes its own partial file). A store directory that cannot be written
    only means the content is not kept: `failure` is logged with the path and the error."""
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        partial.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    except OSError as exc:
        log.warning("%s in %s: %s", failure, path, exc)
        partial.unlink(missing_ok=True)
