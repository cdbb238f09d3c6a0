"""The YAML template is parsed once per read (it was parsed twice: once for the places of the
fields, once more for the data), and the data is still what PyYAML's own `safe_load` gives."""

from __future__ import annotations

import pytest
import yaml

from regiodeal.authoring import source
from regiodeal.authoring.source import YamlError, read_yaml
from regiodeal.settings import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "new-deal.yaml"


def test_the_template_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    readers: list[object] = []
    original = source.LOADER.__init__

    def counted(self: source.Loader, stream: str) -> None:
        readers.append(stream)
        original(self, stream)  # type: ignore[arg-type]  # self is the loader being made

    monkeypatch.setattr(source.LOADER, "__init__", counted)
    data, places = read_yaml(EXAMPLE.read_text(encoding="utf-8"))
    assert len(readers) == 1  # a second parse of the same text would make this 2
    assert data["deal"] and places.positions[("deal",)].line > 0


def test_the_data_is_that_of_safe_load() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data, _ = read_yaml(text)
    assert data == yaml.safe_load(text)  # PyYAML's own reading of the same text is the oracle


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),  # an empty file: no document, as safe_load gives None
        ("deal: {title: 'x'}\n", {"deal": {"title": "x"}}),
        ("lines: [1, 2.5, '3']\n", {"lines": [1, 2.5, "3"]}),
    ],
)
def test_small_documents(text: str, expected: object) -> None:
    assert read_yaml(text)[0] == expected == yaml.safe_load(text)


def test_a_character_the_reader_refuses_is_a_yaml_error() -> None:
    # the reader refuses control characters (PyYAML's when the loader is made): a YamlError
    with pytest.raises(YamlError) as caught:
        read_yaml("deal: \x07\n")
    assert caught.value.problems[0].en.startswith("YAML")


def test_the_loader_is_released(monkeypatch: pytest.MonkeyPatch) -> None:
    disposed: list[bool] = []
    monkeypatch.setattr(source.LOADER, "dispose", lambda self: disposed.append(True))
    read_yaml("deal: {title: 'x'}\n")
    with pytest.raises(YamlError):
        read_yaml("deal: [unclosed\n")
    assert disposed == [True, True]


def test_the_loader_is_libyamls_when_pyyaml_has_it() -> None:
    # the pure-Python loader took 5-8x longer on the same text (issue #16)
    assert source.LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
