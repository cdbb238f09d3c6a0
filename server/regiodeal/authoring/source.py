"""A YAML deal file with the place of every key and item, and problems that name that place.

PyYAML composes the text into nodes that carry start marks; walking them once gives, for each
path in the data (`("budget", "lines", 0, "rijk")`), the line and column where the official wrote
it. Errors in the file itself (syntax, a duplicate key, a wrong type, an unknown field) become
`Problem`s with that place and a message in Dutch and in English, without library jargon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's loader (in PyYAML's wheels) reads the template 5-8x faster than the pure-Python one
# (issue #16); the same nodes, marks and data, with libyaml's wording of syntax errors.
Loader = yaml.CSafeLoader | yaml.SafeLoader
LOADER: type[Loader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """A place in the YAML text, 1-based."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the YAML file: where (field path and place) and what, nl and en."""

    field: str  # dotted path as the official wrote it: "budget.lines.0.rijk", "" for the file
    line: int | None
    column: int | None
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass
class SourceMap:
    """Where each key (or list item) of the YAML file starts."""

    positions: dict[PathKey, Position] = field(default_factory=dict)

    def find(self, path: PathKey) -> Position | None:
        """The place of `path`, or of its nearest enclosing key written in the file."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def dotted(path: PathKey) -> str:
    return ".".join(str(part) for part in path)


class YamlError(Exception):
    """The YAML text cannot be read as a deal file; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


def read_yaml(text: str) -> tuple[Any, SourceMap]:
    """The data and the place of every key; YamlError on a syntax error or duplicate key.

    The text is parsed once: the data is constructed from the same nodes that give the places
    (as `yaml.safe_load` constructs it from the nodes it composes)."""
    loader: Loader | None = None
    try:
        loader = LOADER(text)  # its reader refuses some characters: inside the try
        root = loader.get_single_node()
        source = SourceMap()
        data = None
        if root is not None:
            # walked before the data is built: an alias (`*a`) is refused there, so that
            # nested aliases cannot make the walk, pydantic or a message's repr() blow up
            source.positions[()] = _position(root)
            problems: list[Problem] = []
            _walk(root, (), source, problems, set())
            if problems:
                raise YamlError(problems)
            data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or str(exc)
        raise YamlError(
            [
                Problem(
                    "",
                    line,
                    column,
                    f"YAML-syntaxfout: {problem}; controleer de inspringing, dubbele punten "
                    "en aanhalingstekens op deze regel of de regel erboven",
                    f"YAML syntax error: {problem}; check the indentation, colons and quotes "
                    "on this line or the line above",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlError(
            [Problem("", None, None, f"YAML-fout: {exc}", f"YAML error: {exc}")]
        ) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return data, source


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(
    node: yaml.Node, path: PathKey, source: SourceMap, problems: list[Problem], seen: set[int]
) -> None:
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            here = (*path, name)
            if here in source.positions:
                problems.append(_duplicate(here, _position(key), source.positions[here]))
                continue
            source.positions[here] = _position(key)
            _child(value, here, source, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            if id(item) not in seen:
                source.positions[here] = _position(item)
            _child(item, here, source, problems, seen)


def _child(
    node: yaml.Node, path: PathKey, source: SourceMap, problems: list[Problem], seen: set[int]
) -> None:
    """Walk on, unless the node was seen before: then it is an alias (`*a`) of an anchor, and
    the problem is placed at the key it is written under (its node only knows the anchor's)."""
    if id(node) in seen:
        place = source.find(path) or Position(1, 1)
        problems.append(_alias(path, place))
        return
    _walk(node, path, source, problems, seen)


def _alias(path: PathKey, at: Position) -> Problem:
    return Problem(
        dotted(path),
        at.line,
        at.column,
        "verwijzingen (& en *) worden in het sjabloon niet gebruikt; schrijf de waarde voluit",
        "references (& and *) are not used in the template; write the value out in full",
    )


def _duplicate(path: PathKey, at: Position, first: Position) -> Problem:
    name = dotted(path)
    return Problem(
        name,
        at.line,
        at.column,
        f"het veld '{path[-1]}' staat twee keer in dezelfde groep (eerst op regel {first.line}); "
        "houd er één over",
        f"the field '{path[-1]}' appears twice in the same group (first on line {first.line}); "
        "keep one",
    )
