"""The validation kit kept in the store directory (issue #16): read back, it validates exactly as
the parsed shapes and reference data do; it is built again when a shape changes or the file is
damaged or of other sources."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from regiodeal.settings import Settings, get_settings
from regiodeal.validation import kit as kit_module
from regiodeal.validation.bulk import Plan
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import validate_graph
from regiodeal.validation.kit import KIT, Kit, kit_key

DEAL = get_settings().data_dir / "deals" / "delft-west.ttl"


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no kit in memory yet."""
    monkeypatch.setattr(kit_module, "_KITS", {})


def with_store(store_dir: Path, **changes: object) -> Settings:
    return get_settings().model_copy(update={"store_dir": store_dir, **changes})


def test_kit_read_back_validates_as_the_parsed_shapes(tmp_path: Path) -> None:
    settings = with_store(tmp_path)
    written = kit_module.validation_kit(settings)
    assert (tmp_path / KIT).is_file()
    kit_module._KITS.clear()  # the next process reads the file
    read_back = kit_module.validation_kit(settings)
    assert read_back is not written and read_back.key == written.key
    context = PublishedContext.from_settings(get_settings())
    data = Graph().parse(DEAL)
    plain = validate_graph(data, context, get_settings())  # no store: parsed as before
    kept = validate_graph(data, context, settings)
    assert plain.findings  # (a comparison of two empty reports would prove nothing)
    assert kept.findings == plain.findings


def test_changed_shape_builds_the_kit_again(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes"
    shutil.copytree(get_settings().shapes_dir, shapes)
    settings = with_store(tmp_path / "store", shapes_dir=shapes)
    (tmp_path / "store").mkdir()
    before = kit_module._load(settings)
    deal_shapes = shapes / "structure.ttl"
    text = deal_shapes.read_text(encoding="utf-8")
    end = text.index('"@nl', text.index('sh:message "'))  # the end of the first Dutch message
    deal_shapes.write_text(text[:end] + " (gewijzigd)" + text[end:], encoding="utf-8")
    after = kit_module._load(settings)
    assert after.key != before.key
    changed = {
        str(m) for m in after.shapes.objects(None, SH.message) if str(m).endswith("(gewijzigd)")
    }
    assert len(changed) == 1  # the edited message, not a stale kit from the file


def test_damaged_kit_is_built_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = with_store(tmp_path)
    (tmp_path / KIT).write_bytes(b"not a pickle")
    kit = kit_module._load(settings)
    assert "not used" in caplog.text
    assert len(kit.plan.checks) > 0 and len(kit.reference) > 0
    assert pickle.loads((tmp_path / KIT).read_bytes()).key == kit.key  # replaced


def test_kit_of_other_sources_is_not_believed(tmp_path: Path) -> None:
    settings = with_store(tmp_path)
    empty = Kit("other sources", Graph(), Graph(), Plan())
    (tmp_path / KIT).write_bytes(pickle.dumps(empty))
    kit = kit_module._load(settings)
    assert kit.key == kit_key(settings) and len(kit.shapes) > 0


def test_key_follows_the_content_of_reference_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(get_settings().data_dir / "reference", data / "reference")
    settings = with_store(tmp_path, data_dir=data)
    before = kit_key(settings)
    first = sorted((data / "reference").rglob("*.ttl"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert kit_key(settings) != before
