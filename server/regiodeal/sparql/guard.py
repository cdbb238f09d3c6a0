"""Inspect a SPARQL query before it runs: its form, and every IRI it would make the engine fetch.

pyoxigraph executes `SERVICE <iri>` by making an HTTP request, so a query must never reach it with
a SERVICE to a host the operator has not allow-listed. We cannot get the algebra from pyoxigraph,
and rdflib's parser costs tens of milliseconds per query, so this is a small tokenizer following the
SPARQL 1.1 lexical grammar: comments, strings and IRIs are skipped as whole tokens, so that the
keyword SERVICE (or FROM) hidden inside them is not mistaken for one, and a keyword outside them is
never missed. It errs on the side of refusing: a SERVICE on a variable, or an IRI it cannot resolve,
is refused. The text is checked as written and again with \\u escapes decoded, in case an engine
decodes them before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w:%\-\u00b7]|\\.|\.(?=[\w:%\-\u00b7]))*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}


class QueryRefused(ValueError):
    """The query names an IRI the server will not contact, or cannot be inspected safely."""


@dataclass
class QueryFacts:
    form: str | None = (
        None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None if not found: let the parser say)
    )
    services: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "other", m.group())
        for m in TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


class _Resolver:
    """Turns IRI tokens and prefixed names into absolute IRIs, following PREFIX and BASE."""

    def __init__(self) -> None:
        self.base = ""
        self.prefixes: dict[str, str] = {}

    def resolve(self, kind: str, text: str) -> str:
        if kind == "iri":
            return urljoin(self.base, text[1:-1]) if self.base else text[1:-1]
        if kind == "pname":
            prefix, _, local = text.partition(":")
            if prefix not in self.prefixes:
                raise QueryRefused(f"undeclared prefix {prefix}: cannot check {text}")
            return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        raise QueryRefused(f"expected an IRI, found {text!r}")


def _collect(tokens: list[tuple[str, str]], base: str) -> QueryFacts:
    facts, resolver = QueryFacts(), _Resolver()
    resolver.base = base
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        word = text.upper() if kind == "word" else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ("other", "")
        if word == "BASE" and nxt[0] == "iri":
            resolver.base = resolver.resolve(*nxt)
        elif word == "PREFIX" and nxt[0] == "pname" and i + 2 < len(tokens):
            resolver.prefixes[nxt[1].rstrip(":")] = resolver.resolve(*tokens[i + 2])
        elif word in QUERY_FORMS and facts.form is None:
            facts.form = word
        elif word == "SERVICE":
            j = i + 2 if nxt[0] == "word" and nxt[1].upper() == "SILENT" else i + 1
            target = tokens[j] if j < len(tokens) else ("other", "")
            if target[0] == "var":
                raise QueryRefused("SERVICE with a variable endpoint is not allowed")
            facts.services.append(resolver.resolve(*target))
        elif word == "FROM":
            named = nxt[0] == "word" and nxt[1].upper() == "NAMED"
            target = tokens[i + 2] if named and i + 2 < len(tokens) else nxt
            graphs = facts.from_named_graphs if named else facts.from_graphs
            graphs.append(resolver.resolve(*target))
        i += 1
    return facts


@lru_cache(maxsize=512)  # named queries and UI re-runs repeat the same text
def inspect_query(text: str, base: str = "") -> QueryFacts:
    """Facts of the query as written, with SERVICE/FROM also collected from its unescaped form."""
    facts = _collect(_tokens(text), base)
    unescaped = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if unescaped != text:
        extra = _collect(_tokens(unescaped), base)
        facts.services += extra.services
        facts.from_graphs += extra.from_graphs
        facts.from_named_graphs += extra.from_named_graphs
    return facts


def is_allowed(iri: str, allow_list: list[str]) -> bool:
    return any(iri.startswith(prefix) for prefix in allow_list if prefix)


def check_query(
    text: str, allow_list: list[str], local_graphs: set[str], base: str = ""
) -> QueryFacts:
    """Refuse a SERVICE not allow-listed, or a FROM (NAMED) graph neither local nor allowed."""
    facts = inspect_query(text, base)
    for iri in facts.services:
        if not is_allowed(iri, allow_list):
            raise QueryRefused(
                f"SERVICE <{iri}> is not allowed: this endpoint only federates with IRIs listed in "
                "REGIODEAL_FEDERATION_ALLOW_LIST"
            )
    for iri in facts.from_graphs + facts.from_named_graphs:
        if iri not in local_graphs and not is_allowed(iri, allow_list):
            raise QueryRefused(
                f"FROM <{iri}> names a graph that is not in this store; the endpoint never fetches "
                "graphs from the web (list the store's graphs with SELECT DISTINCT ?g "
                "{ GRAPH ?g {} })"
            )
    return facts
