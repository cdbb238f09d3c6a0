"""validation/kit.py on a tiny tree of shapes, ontology and reference files (no SHACL run, no
real data): which files make the kit, its key, the per-process cache and the pickle in the
store directory (written whole, read back, refused when it is of other sources)."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph, URIRef

from regiodeal.settings import Settings
from regiodeal.validation import bulk
from regiodeal.validation import kit as kit_module
from regiodeal.validation.bulk import Plan
from regiodeal.validation.kit import (
    KIT,
    KIT_VERSION,
    Kit,
    kit_key,
    reference_files,
    shapes_files,
    validation_kit,
)

EX = "https://example.org/"
SHAPE = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    f"<{EX}S> a sh:NodeShape ; sh:targetClass <{EX}C> ; "
    f"sh:property [ sh:path <{EX}p> ; sh:minCount 1 ] .\n"
)


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kit_module, "_KITS", {})


def tree(root: Path, store: bool = True) -> Settings:
    """shapes/{a,b}.ttl (+ sub/c.ttl and a .txt, not read), ontology/x.ttl and
    ontology/sub/y.ttl, data/reference/r.ttl and data/reference/sub/s.ttl (+ data/deals/d.ttl,
    not read)."""
    files = {
        "shapes/b.ttl": SHAPE,
        "shapes/a.ttl": f"<{EX}a> <{EX}p> 1 .\n",
        "shapes/sub/c.ttl": f"<{EX}c> <{EX}p> 1 .\n",
        "shapes/notes.txt": "not turtle",
        "ontology/x.ttl": f"<{EX}x> <{EX}p> 1 .\n",
        "ontology/sub/y.ttl": f"<{EX}y> <{EX}p> 1 .\n",
        "data/reference/r.ttl": f"<{EX}r> <{EX}p> 1 .\n",
        "data/reference/sub/s.ttl": f"<{EX}s> <{EX}p> 1 .\n",
        "data/deals/d.ttl": f"<{EX}d> <{EX}p> 1 .\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    if store:
        (root / "store").mkdir()
    return Settings(
        shapes_dir=root / "shapes",
        ontology_dir=root / "ontology",
        data_dir=root / "data",
        store_dir=root / "store" if store else None,
    )


def test_the_files_a_kit_is_made_of(tmp_path: Path) -> None:
    settings = tree(tmp_path)
    assert shapes_files(settings) == [tmp_path / "shapes/a.ttl", tmp_path / "shapes/b.ttl"]
    assert reference_files(settings) == [
        tmp_path / "ontology/sub/y.ttl",
        tmp_path / "ontology/x.ttl",
        tmp_path / "data/reference/r.ttl",
        tmp_path / "data/reference/sub/s.ttl",
    ]


def test_the_key_is_the_digest_of_version_code_places_and_contents(tmp_path: Path) -> None:
    settings = tree(tmp_path)
    digest = hashlib.sha256(f"{KIT_VERSION}|{rdflib.__version__}|".encode())
    digest.update(Path(bulk.__file__).read_bytes())
    for name in ("shapes/a.ttl", "shapes/b.ttl", "ontology/sub/y.ttl", "ontology/x.ttl"):
        digest.update(f"|{(tmp_path / name).resolve()}|".encode())
        digest.update((tmp_path / name).read_bytes())
    for name in ("data/reference/r.ttl", "data/reference/sub/s.ttl"):
        digest.update(f"|{(tmp_path / name).resolve()}|".encode())
        digest.update((tmp_path / name).read_bytes())
    assert kit_key(settings) == digest.hexdigest()


def test_the_key_changes_with_the_version_and_rdflib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tree(tmp_path)
    before = kit_key(settings)
    monkeypatch.setattr(rdflib, "__version__", "0.0.0")
    assert kit_key(settings) != before


def test_a_kit_is_made_once_per_process_and_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = tree(tmp_path, store=False)
    caplog.set_level(logging.WARNING, logger="regiodeal.validation.kit")
    kit = validation_kit(settings)
    assert caplog.records == []  # no store directory: no kit file looked for
    assert kit.key == kit_key(settings)
    assert (URIRef(EX + "S"), None, None) in kit.shapes
    assert (URIRef(EX + "a"), None, None) in kit.shapes
    assert (URIRef(EX + "c"), None, None) not in kit.shapes  # shapes/sub is not read
    assert {str(s) for s in kit.reference.subjects()} == {EX + n for n in "xyrs"}
    assert kit.plan is bulk.plan(kit.shapes)  # compiled from these shapes (plan is cached)
    assert validation_kit(settings) is kit
    assert not list(tmp_path.rglob(KIT))  # no store directory: nothing written
    for field in ("shapes_dir", "ontology_dir", "data_dir", "store_dir"):
        other = settings.model_copy(update={field: tmp_path / "elsewhere"})
        assert validation_kit(other) is not kit, field


def test_the_kit_is_kept_in_the_store_directory_and_read_back(tmp_path: Path) -> None:
    settings = tree(tmp_path)
    written = kit_module._load(settings)
    stored = pickle.loads((tmp_path / "store" / KIT).read_bytes())
    assert isinstance(stored, Kit) and stored.key == written.key
    assert not [p for p in (tmp_path / "store").iterdir() if p.name != KIT]  # no partial file
    # the next process reads it: the same content, not parsed again
    marker = Kit(written.key, Graph(), Graph(), Plan())
    (tmp_path / "store" / KIT).write_bytes(pickle.dumps(marker))
    read_back = kit_module._load(settings)
    assert read_back.key == written.key and len(read_back.shapes) == 0


def test_a_store_directory_that_does_not_exist_gets_no_kit(tmp_path: Path) -> None:
    settings = tree(tmp_path, store=False).model_copy(update={"store_dir": tmp_path / "nog-niet"})
    kit = kit_module._load(settings)
    assert len(kit.shapes) > 0 and not (tmp_path / "nog-niet").exists()


def test_kits_not_believed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = tree(tmp_path)
    path = tmp_path / "store" / KIT
    caplog.set_level(logging.WARNING, logger="regiodeal.validation.kit")
    for foreign in (Kit("other sources", Graph(), Graph(), Plan()), {"key": kit_key(settings)}):
        path.write_bytes(pickle.dumps(foreign))
        assert kit_module._read(path, kit_key(settings)) is None
    assert caplog.records == []  # not damaged, only of other sources: no warning
    path.write_bytes(b"not a pickle")
    assert kit_module._read(path, kit_key(settings)) is None
    [record] = caplog.records
    assert record.getMessage() == (
        f"validation kit {path} not used (invalid load key, 'n'.); building it again"
    )
    caplog.clear()
    assert kit_module._read(tmp_path / "store" / "missing", "key") is None
    assert caplog.records == []  # no file yet: the normal first start


def test_a_read_only_store_keeps_no_kit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tree(tmp_path)
    path = tmp_path / "store" / KIT
    caplog.set_level(logging.WARNING, logger="regiodeal.validation.kit")

    def refuse(self: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    kit_module._write(path, Kit("k", Graph(), Graph(), Plan()))
    assert list((tmp_path / "store").iterdir()) == []  # the partial file removed too
    [record] = caplog.records
    assert record.getMessage() == (
        f"validation kit not cached in {path}: [Errno 13] Permission denied"
    )
    assert kit_module._load(settings).key == kit_key(settings)  # validation goes on


def test_the_partial_file_is_named_for_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / KIT
    names: list[str] = []

    def record(self: Path, target: Path) -> Path:
        names.append(self.name)
        return Path(os.rename(self, target) or target)

    monkeypatch.setattr(Path, "replace", record)
    kit_module._write(path, Kit("k", Graph(), Graph(), Plan()))
    assert names == [f"{KIT}.{os.getpid()}"]
    assert pickle.loads(path.read_bytes()).key == "k"


def test_a_kit_that_cannot_be_written_leaves_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / KIT
    caplog.set_level(logging.WARNING, logger="regiodeal.validation.kit")

    def full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    kit_module._write(path, Kit("k", Graph(), Graph(), Plan()))  # no partial file to remove
    assert list(tmp_path.iterdir()) == []
    [record] = caplog.records
    assert record.getMessage() == (
        f"validation kit not cached in {path}: [Errno 28] No space left on device"
    )
