"""Checks a query must pass before it is forwarded to an external SPARQL store.

The embedded store parses every query with pyoxigraph, which accepts standard SPARQL 1.1 queries
only. An external store may accept much more through its query endpoint: SPARQL Update, and vendor
extensions. Virtuoso, for instance, runs `INSERT` sent as a query when its SPARQL user may write,
fetches web documents for `DEFINE get:soft "replace"` or `DEFINE input:grab-all`, and exposes SQL
functions as `bif:` / `sql:` names (`bif:http_get` makes an HTTP request). So before forwarding we
require, on the query's code view (`lexer.code_view`, the view the query guard reads, so a keyword
glued to what follows is found: `INSERTDATA{`, `FROMNAMED<…>`):

* the first keyword after the prologue (BASE / PREFIX) is SELECT, ASK, CONSTRUCT or DESCRIBE;
* no update keyword and no `DEFINE` pragma anywhere in the code (a prefix named `address:` is
  refused too: rename it);
* every prefixed name uses a prefix the query declares (standard SPARQL requires this), and no
  prefix is named `bif` or `sql`, declared or not (Virtuoso binds those names itself);
* no IRI in a vendor function namespace.

The SERVICE / FROM allow-list is the query guard's (`guard.check_query`), applied as well. As in
the query guard, the text is checked as written and with \\u escapes decoded.
"""

from __future__ import annotations

import re

from regiodeal.sparql.guard import RUN, QueryRefused
from regiodeal.sparql.lexer import Unreadable, code_view, variants, without_iris

UPDATE_WORDS: tuple[str, ...] = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY")
UPDATE_WORDS += ("MOVE", "ADD", "WITH", "USING")
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
VENDOR_PREFIXES = {"bif", "sql"}
_PROLOGUE = re.compile(
    rf"\s*(?:PREFIX\s*{RUN}*:\s*|BASE\s*)*(?:SELECT|ASK|CONSTRUCT|DESCRIBE)(?!{RUN}|:)"
)
# Prefixed names are read backwards from their colon (in the reversed text), so that each run
# is scanned once (`PREFIXPREFIX…x:` forwards would be scanned from every PREFIX in it).
_DECLARED_REVERSED = re.compile(rf":({RUN}*?)\s*(?i:XIFERP)")
_USED_REVERSED = re.compile(rf":({RUN}*)")
_VENDOR_IRI = re.compile(
    r"(?i)<(?:bif:|sql:|http://www\.openlinksw\.com/schemas/(?:bif|sql)#)[^>]*>"
)


def _check_words(upper: str) -> None:
    for word in UPDATE_WORDS:  # str.find: a fast substring search, linear
        if word in upper:
            raise QueryRefused(f"{READ_ONLY} ({word})")
    if "DEFINE" in upper:
        raise QueryRefused("DEFINE is not SPARQL 1.1; vendor extensions are not forwarded")
    if not _PROLOGUE.match(upper):
        raise QueryRefused("expected SELECT, ASK, CONSTRUCT or DESCRIBE after PREFIX and BASE")


def _glued_declaration(name: str, declared: set[str]) -> bool:
    """`PREFIXx` before a colon: the declaration of `x` written without a space."""
    return name[:6].upper() == "PREFIX" and name[6:] in declared


def _check_prefixes(code: str) -> None:
    backwards = code[::-1]
    declared = {name[::-1] for name in set(_DECLARED_REVERSED.findall(backwards))}
    used = {name[::-1] for name in set(_USED_REVERSED.findall(backwards))}
    used = {name for name in used if not _glued_declaration(name, declared)}
    for prefix in sorted(declared | used):
        if prefix.lower() in VENDOR_PREFIXES:
            raise QueryRefused(f"the prefix {prefix}: names vendor functions; it is not forwarded")
    for prefix in sorted(used - declared):
        raise QueryRefused(f"undeclared prefix {prefix}: declare it with PREFIX {prefix}: <…>")


def _check(text: str) -> None:
    code = code_view(text)
    if match := _VENDOR_IRI.search(code):
        raise QueryRefused(f"{match.group()} is a vendor function namespace; it is not forwarded")
    plain = without_iris(code)
    _check_words(plain.upper())
    _check_prefixes(plain)


def check_forwardable(text: str) -> None:
    """Raise QueryRefused unless `text` is a plain SPARQL 1.1 query safe to send to a store."""
    try:
        texts = variants(text)
    except Unreadable as exc:
        raise QueryRefused(str(exc)) from exc
    for each in texts:
        _check(each)
