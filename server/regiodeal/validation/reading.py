"""Reading the files to validate: Turtle or JSON-LD, with errors that say where and never a fetch.

Turtle is parsed by pyoxigraph, whose syntax errors carry line and column, and its triples are
copied into an rdflib graph (the engine pyshacl works on): three times faster than parsing again
with rdflib (10,000 budget lines: 3 s of the validation's 8). JSON-LD may only name remote
contexts that the settings allow-list maps to a local file: rdflib would otherwise download
whatever URL the input names. rdflib's JSON-LD reader accepts any string as an IRI, so every IRI
it produced is then checked by the same IRI rules as Turtle's (pyoxigraph's). The size limit is
that of the HTTP API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from regiodeal.namespaces import ID
from regiodeal.settings import Settings, get_settings

if TYPE_CHECKING:  # PyYAML with it: only a YAML template needs it (regiodeal.validation.yaml_input)
    from regiodeal.authoring.source import Problem

JSONLD_SUFFIXES = {".jsonld", ".json"}
TURTLE = "turtle"
JSONLD = "jsonld"
YAML = "yaml"  # the authoring template (regiodeal.validation.yaml_input)


@dataclass
class InputError(Exception):
    """A file that cannot be read; line and column are 1-based where known.

    A YAML template can have several problems, each with its place and a message in Dutch and
    English (`problems`); `message`, `line` and `column` are then those of the first, in English.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    problems: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """`file:line:column: message`, one line per problem, in `lang` where it has one."""
        if not self.problems:
            return f"{_where(self.path, self.line, self.column)}: {self.message}"
        return "\n".join(
            f"{_where(self.path, p.line, p.column)}: {p.text(lang)}" for p in self.problems
        )

    @classmethod
    def of_problems(cls, path: str, problems: list[Problem]) -> InputError:
        first = problems[0]
        return cls(path, first.en, first.line, first.column, tuple(problems))


def _where(path: str, line: int | None, column: int | None) -> str:
    where = path
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def read_files(paths: list[Path], settings: Settings | None = None) -> Graph:
    """All files parsed into one graph; the first unreadable file raises InputError."""
    settings = settings or get_settings()
    graph = Graph()
    for path in paths:
        read_file(path, graph, settings)
    return graph


def check_size(paths: list[Path], limit: int) -> None:
    """InputError naming the file at which the files together pass `limit` bytes."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError as exc:
            raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
        if total > limit:
            raise InputError(
                str(path),
                f"the input is {total:,} bytes, over the validation limit of {limit:,} bytes; "
                "split it, or raise REGIODEAL_VALIDATION_MAX_BYTES",
            )


def read_file(path: Path, graph: Graph, settings: Settings) -> Graph:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    syntax = JSONLD if path.suffix.lower() in JSONLD_SUFFIXES else TURTLE
    return parse_data(str(path), data, syntax, graph, settings)


def read_data(name: str, data: bytes, syntax: str, settings: Settings | None = None) -> Graph:
    """A submitted body (no file): InputError if it cannot be read, whatever goes wrong."""
    try:
        return parse_data(name, data, syntax, Graph(), settings or get_settings())
    except (RecursionError, ValueError, UnicodeError) as exc:
        # e.g. JSON nested deeper than the parser's recursion limit
        raise InputError(name, f"cannot read the input: {type(exc).__name__}") from exc


def parse_data(name: str, data: bytes, syntax: str, graph: Graph, settings: Settings) -> Graph:
    if syntax == JSONLD:
        return _parse_jsonld(name, data, graph, settings)
    return parse_turtle(name, data, graph)


def parse_turtle(name: str, data: bytes, graph: Graph) -> Graph:
    """Parse Turtle into `graph`; a syntax error names line and column."""
    terms = _Terms()
    parser = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=str(ID))
    try:
        # pyoxigraph parses lazily and raises on the first bad token.
        triples = [(terms.of(q.subject), terms.of(q.predicate), terms.of(q.object)) for q in parser]
    except SyntaxError as exc:
        message = exc.msg.split(": ", 1)[-1] if exc.msg else str(exc)
        raise InputError(name, f"Turtle syntax error: {message}", exc.lineno, exc.offset) from exc
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=False)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Terms:
    """pyoxigraph terms as the rdflib terms rdflib's own Turtle parser makes: a plain string
    without a datatype, and a blank node new to this parse (pyoxigraph keeps a label such as
    `_:b1` as it is, which would join blank nodes of different files read into one graph)."""

    def __init__(self) -> None:
        self.blank: dict[str, BNode] = {}

    def of(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self.blank.setdefault(term.value, BNode())
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)
        raise TypeError(f"not a Turtle 1.1 term: {term!r}")  # RDF 1.2 triple terms


def _parse_jsonld(name: str, data: bytes, graph: Graph, settings: Settings) -> Graph:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        raise InputError(
            name, f"JSON syntax error: {getattr(exc, 'msg', exc)}", line, column
        ) from exc
    document = _inline_contexts(name, document, settings)
    parsed = Graph()
    try:
        parsed.parse(data=json.dumps(document), format="json-ld", base=str(ID))
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError(name, f"JSON-LD error: {exc}") from exc
    _check_iris(name, parsed)
    graph += parsed
    return graph


def _check_iris(name: str, graph: Graph) -> None:
    """Every IRI (subject, predicate, object, datatype) must be one Turtle would accept."""
    seen: set[str] = set()
    for triple in graph:
        for term in triple:
            iri = term.datatype if isinstance(term, Literal) else term
            if isinstance(iri, URIRef) and iri not in seen:
                seen.add(iri)
                try:
                    ox.NamedNode(str(iri))
                except ValueError as exc:
                    raise InputError(name, f"JSON-LD error: invalid IRI <{iri}>: {exc}") from exc


def _inline_contexts(name: str, node: Any, settings: Settings) -> Any:
    """Replace every remote "@context" reference by its allow-listed local copy, or refuse."""
    if isinstance(node, list):
        return [_inline_contexts(name, item, settings) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _inline_contexts(name, value, settings) for key, value in node.items()}
    if "@context" in node:
        result["@context"] = _resolve_context(name, node["@context"], settings)
    return result


def _resolve_context(
    name: str, context: Any, settings: Settings, chain: tuple[str, ...] = ()
) -> Any:
    """`chain`: the allow-listed URLs being resolved (a local context may name others)."""
    if isinstance(context, list):
        return [_resolve_context(name, item, settings, chain) for item in context]
    if isinstance(context, dict):
        return _resolve_context_object(name, context, settings, chain)
    if not isinstance(context, str):
        return context
    local = settings.jsonld_context_allowlist.get(context)
    if local is None:
        raise InputError(
            name,
            f"remote JSON-LD @context {context!r} refused: not fetched; allow it by mapping the "
            "URL to a local file in REGIODEAL_JSONLD_CONTEXT_ALLOWLIST",
        )
    if context in chain:
        raise InputError(name, f"JSON-LD @context {context!r} names itself (through {local})")
    loaded = json.loads(Path(local).read_text(encoding="utf-8"))
    inside = loaded.get("@context", loaded) if isinstance(loaded, dict) else loaded
    # the local copy may itself name remote contexts (@import, scoped): never fetched either
    return _resolve_context(name, inside, settings, (*chain, context))


def _resolve_context_object(
    name: str, context: dict[str, Any], settings: Settings, chain: tuple[str, ...] = ()
) -> Any:
    """A local context may still name remote ones: "@import" and scoped term contexts."""
    resolved: dict[str, Any] = {}
    if "@import" in context:
        imported = _resolve_context(name, context["@import"], settings, chain)
        if isinstance(imported, dict):
            resolved.update(imported)
    for key, value in context.items():
        if key == "@import":
            continue
        if isinstance(value, dict) and "@context" in value:
            value = {
                **value,
                "@context": _resolve_context(name, value["@context"], settings, chain),
            }
        resolved[key] = value
    return resolved
