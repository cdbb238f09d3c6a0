"""Named queries: `queries/*.rq` files with a comment header, offered as a typed web API.

Header format (documented in queries/README.md): leading `#` lines of the form

    # title@en: Deals by national contribution      (or `# title:` for one language-neutral title)
    # title@nl: Deals naar rijksbijdrage
    # description@en: ...                           (or `# description:`)
    # param: deal iri https://w3id.org/regiodeal/id/regiodeal/delft-west The deal to trace

A param line is `name type default description`; type is one of PARAM_TYPES; default `-` makes the
parameter required. A parameter binds the query variable of the same name: the validated value is
made into a pyoxigraph term (which checks IRIs and escapes literals) and its N-Triples form is
put in a `VALUES` block opening the query's WHERE group, so FILTERs see it. Raw input never becomes
query text.
"""

from __future__ import annotations

import builtins
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from regiodeal.sparql.lexer import ESCAPE, TOKEN

XSD = "http://www.w3.org/2001/XMLSchema#"
# type name -> (Python type for validation, XSD datatype of the bound literal; "" = IRI / string)
PARAM_TYPES: dict[str, tuple[type, str]] = {
    "iri": (str, ""),
    "string": (str, ""),
    "integer": (int, XSD + "integer"),
    "decimal": (Decimal, XSD + "decimal"),
    "date": (datetime.date, XSD + "date"),
    "boolean": (bool, XSD + "boolean"),
}
RESERVED = {"format"}
IRI_PATTERN = r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# SPARQL reads \u and \U code-point escapes anywhere in a query, even inside a string.
_HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z]+)(?:@(?P<lang>[A-Za-z-]+))?\s*:\s*(?P<value>.*)$")


class QueryHeaderError(ValueError):
    """A named query's header is malformed (reported with the file name)."""


@dataclass
class Param:
    name: str
    type: str
    default: str | None  # None = required
    description: str = ""

    @property
    def python_type(self) -> builtins.type:  # `type` here is the field above
        return PARAM_TYPES[self.type][0]

    def term(self, value: object) -> NamedNode | Literal:
        """The value as an RDF term; NamedNode raises ValueError unless it is an absolute IRI."""
        if self.type == "iri":
            return NamedNode(str(value))
        if self.type == "string":
            return Literal(_checked_escapes(self.name, str(value)))
        if self.type == "boolean":
            lexical = "true" if value else "false"
        elif isinstance(value, datetime.date):
            lexical = value.isoformat()
        else:
            lexical = str(value)
        return Literal(lexical, datatype=NamedNode(PARAM_TYPES[self.type][1]))

    def parsed_default(self) -> object:
        """The default converted to the parameter's Python type (validated at start-up)."""
        if self.default is None:
            return None
        if self.type == "boolean":
            return self.default.lower() == "true"
        if self.type == "date":
            return datetime.date.fromisoformat(self.default)
        if self.type == "decimal":
            return Decimal(self.default)
        return self.python_type(self.default)


def _checked_escapes(name: str, text: str) -> str:
    """`text`, unless it holds a code-point escape of no character (SPARQL would read it as one)."""
    for match in ESCAPE.finditer(text):
        value = int(match.group(1) or match.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise ValueError(
                f"{name}: {match.group()} is not a Unicode code point (they end at U+10FFFF, "
                "surrogates U+D800-U+DFFF excluded); SPARQL reads such escapes even in strings"
            )
    return text


@dataclass
class NamedQuery:
    name: str
    sparql: str
    titles: dict[str, str] = field(default_factory=dict)  # language ("" = neutral) -> title
    descriptions: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    def title(self, language: str = "en") -> str:
        return (
            self.titles.get(language)
            or self.titles.get("")
            or next(iter(self.titles.values()), self.name)
        )

    def bind(self, values: dict[str, object]) -> str:
        """The query text with `values` (parameter name -> validated value) in a VALUES block."""
        terms = {
            p.name: str(p.term(values[p.name]))
            for p in self.params
            if values.get(p.name) is not None
        }
        if not terms:
            return self.sparql
        block = " VALUES ({}) {{ ({}) }} ".format(
            " ".join(f"?{n}" for n in terms), " ".join(terms.values())
        )
        at = where_group_start(self.sparql)
        return self.sparql[:at] + block + self.sparql[at:]

    def description(self, language: str = "en") -> str:
        return (
            self.descriptions.get(language)
            or self.descriptions.get("")
            or next(iter(self.descriptions.values()), "")
        )


def where_group_start(sparql: str) -> int:
    """Offset just after the `{` opening the top-level WHERE group (WHERE is required)."""
    seen_where = False
    for match in TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group().upper() == "WHERE":
            seen_where = True
        elif seen_where and match.group() == "{":
            return match.end()
    raise QueryHeaderError("a named query needs an explicit `WHERE {` to take parameters")


def _param(value: str, source: Path) -> Param:
    parts = value.split(None, 3)
    if len(parts) < 3:
        raise QueryHeaderError(f"{source}: `# param: name type default description` expected")
    name, kind, default = parts[:3]
    if not _NAME.match(name) or name in RESERVED:
        raise QueryHeaderError(f"{source}: invalid parameter name {name!r}")
    if kind not in PARAM_TYPES:
        raise QueryHeaderError(f"{source}: type {kind!r} not one of {sorted(PARAM_TYPES)}")
    param = Param(
        name, kind, None if default == "-" else default, parts[3] if len(parts) > 3 else ""
    )
    try:
        param.parsed_default()
    except (ValueError, InvalidOperation) as exc:
        raise QueryHeaderError(f"{source}: bad default for {name}: {exc}") from exc
    if kind == "iri" and param.default and not re.match(IRI_PATTERN, param.default):
        raise QueryHeaderError(f"{source}: default of {name} is not an absolute IRI")
    return param


def parse_named_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, sparql=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, lang, value = (
            match["key"].lower(),
            (match["lang"] or "").lower(),
            match["value"].strip(),
        )
        if key == "title":
            query.titles[lang] = value
        elif key == "description":
            query.descriptions[lang] = value
        elif key == "param":
            query.params.append(_param(value, path))
    if query.params:  # where bind() will put the VALUES block: fail at start-up, not per request
        try:
            where_group_start(text)
        except QueryHeaderError as exc:
            raise QueryHeaderError(f"{path}: {exc}") from exc
    return query


def load_named_queries(directory: Path) -> list[NamedQuery]:
    """Every *.rq in `directory`, sorted by name; a bad header fails loudly at start-up."""
    if not directory.is_dir():
        return []
    paths = sorted(directory.glob("*.rq"))
    return [parse_named_query(p) for p in paths if _NAME.match(p.stem.replace("-", "_"))]
