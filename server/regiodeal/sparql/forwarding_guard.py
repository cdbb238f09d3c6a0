"""Checks a query must pass before it is forwarded to an external SPARQL store.

The embedded store parses every query with pyoxigraph, which accepts standard SPARQL 1.1 queries
only. An external store may accept much more through its query endpoint: SPARQL Update, and vendor
extensions. Virtuoso, for instance, runs `INSERT` sent as a query when its SPARQL user may write,
fetches web documents for `DEFINE get:soft "replace"` or `DEFINE input:grab-all`, and exposes SQL
functions as `bif:` / `sql:` names (`bif:http_get` makes an HTTP request). So before forwarding we
require, with the same tokenizer as the query guard (strings, IRIs and comments are whole tokens):

* the first keyword after the prologue (BASE / PREFIX) is SELECT, ASK, CONSTRUCT or DESCRIBE;
* no update keyword and no `DEFINE` pragma anywhere outside strings, IRIs and comments;
* every prefixed name uses a prefix the query declares (standard SPARQL requires this; Virtuoso
  pre-declares `bif:` and `sql:`);
* no IRI in a vendor function namespace.

As in the query guard, the text is checked as written and with \\u escapes decoded.
"""

from __future__ import annotations

import re

from regiodeal.sparql.guard import QUERY_FORMS, TOKEN, UPDATE_WORDS, QueryRefused

PROLOGUE_WORDS = {"BASE", "PREFIX"}
VENDOR_WORDS = {"DEFINE"}
VENDOR_NAMESPACES = (
    "bif:",
    "sql:",
    "http://www.openlinksw.com/schemas/bif#",
    "http://www.openlinksw.com/schemas/sql#",
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


def _tokens(text: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "other", m.group())
        for m in TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


def _check_word(word: str, seen_form: bool) -> None:
    if word in UPDATE_WORDS:
        raise QueryRefused(f"{READ_ONLY} ({word})")
    if word in VENDOR_WORDS:
        raise QueryRefused(f"{word} is not SPARQL 1.1; vendor extensions are not forwarded")
    if not seen_form and word not in PROLOGUE_WORDS and word not in QUERY_FORMS:
        raise QueryRefused(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {word}")


def _check_tokens(tokens: list[tuple[str, str]]) -> None:
    declared: set[str] = set()
    seen_form = False
    previous = ""
    for kind, text in tokens:
        if kind == "word":
            word = text.upper()
            _check_word(word, seen_form)
            seen_form = seen_form or word in QUERY_FORMS
        elif kind == "iri" and text[1:-1].lower().startswith(VENDOR_NAMESPACES):
            raise QueryRefused(f"{text} is a vendor function namespace; it is not forwarded")
        elif kind == "pname":
            prefix = text.partition(":")[0]
            if previous == "PREFIX":
                declared.add(prefix)
            elif prefix not in declared:
                raise QueryRefused(f"undeclared prefix {prefix}: in {text}")
        previous = text.upper() if kind == "word" else ""


def check_forwardable(text: str) -> None:
    """Raise QueryRefused unless `text` is a plain SPARQL 1.1 query safe to send to a store."""
    _check_tokens(_tokens(text))
    unescaped = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if unescaped != text:
        _check_tokens(_tokens(unescaped))
