"""Inspect a SPARQL query before it runs: its form, and every IRI it could make the engine fetch.

pyoxigraph executes `SERVICE <iri>` by making an HTTP request, so a query must never reach it
with a SERVICE to a host the operator has not allow-listed. pyoxigraph does not expose its
parsed algebra, so the guard reads the query's code view (`lexer.code_view`: strings, comments,
variables and local names blanked) and over-approximates what the engine's PEG parser could
read as a SERVICE or FROM clause:

* the keyword anywhere in a run of name characters, glued or not (`SERVICESILENT<…>`,
  `1SERVICE x:a`), and inside the text of IRIs as well (where the engine may read `<` as
  "less than");
* whatever could follow as its target: an IRI, a prefixed name, a variable, with or without
  SILENT / NAMED.

A target must be a full IRI written `<…>` that the allow-list admits (SERVICE) or a graph of the
store (FROM); a prefixed name, a variable or anything the guard cannot read is refused with a
message saying how to write it. The guard may refuse a harmless query (an IRI ending in
`/service#x`, a prefix named `myservice:`); it never lets a SERVICE through:
`tests/server/test_guard_fuzz.py` checks that against pyoxigraph itself, and the worker's network
sandbox (`sandbox`) makes a miss harmless when no federation is allowed.

Every search below runs in C over the code view and cannot re-scan text (a pattern that looks
ahead stops at the end of the run it looks into), so the guard is linear in the query's length
(`benchmarks/bench_guard.py`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from regiodeal.sparql.lexer import IRI, NAME, Unreadable, code_view, variants, without_iris

RUN = rf"[{NAME}.%]"
# The guard searches the upper-cased code view, so each pattern can start with a literal, which
# the regex engine finds with a fast substring search.
_SECOND = r"(?:SILENT|NAMED)"
# A run that holds the keyword and ends in a colon: the engine may read the keyword followed by
# a prefixed name (`SERVICEx:`, `servicesilentx:a`). Searched in the reversed text from each
# colon back over its own run only, so no run is scanned twice.
_IN_RUN_REVERSED = re.compile(rf":(?={RUN}*?(ECIVRES|MORF))")
# The keyword (and SILENT/NAMED) ending a run, then a target: `<`, a variable, a prefixed name;
# inside an IRI also `#`, which could start a comment that hides the IRI's end.
_TARGET = rf"{_SECOND}?(?!{RUN}|:)\s*(?:{_SECOND}(?!{RUN}|:)\s*)?(<|[?$]|{RUN}*:"
_AFTER = {word: re.compile(rf"{word}{_TARGET})") for word in ("SERVICE", "FROM")}
_AFTER_INSIDE = {word: re.compile(rf"{word}{_TARGET}|#)") for word in ("SERVICE", "FROM")}
_IRI_CHAR = r"[^<>\"{}|^`\\\x00-\x20]"
_IRI_WITH_KEYWORD = re.compile(rf"<({_IRI_CHAR}*?(?:SERVICE|FROM){_IRI_CHAR}*)>")
_BASE = re.compile(rf"BASE\s*({IRI.pattern})")
_FORM = re.compile(rf"(SELECT|ASK|CONSTRUCT|DESCRIBE)(?!{RUN}|:)")
_RUN_CHAR = re.compile(RUN)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


class QueryRefused(ValueError):
    """The query names an IRI the server will not contact, or cannot be inspected safely."""


@dataclass
class QueryFacts:
    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None: let the parser say
    services: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)  # FROM and FROM NAMED


def _how_to_write(keyword: str, target: str) -> QueryRefused:
    what = "a variable" if target in ("?", "$") else f"{target!r}"
    return QueryRefused(
        f"{keyword} followed by {what} is not allowed: write the IRI in full as <http://…>"
        + (" (only IRIs in REGIODEAL_FEDERATION_ALLOW_LIST)" if keyword == "SERVICE" else "")
    )


def _absolute(iri: str, bases: list[str]) -> list[str]:
    if _SCHEME.match(iri):
        return [iri]
    if not bases:
        raise QueryRefused(f"cannot resolve the relative IRI <{iri}>: no base IRI")
    return sorted({urljoin(base, iri) for base in bases})


def _targets(code: str, upper: str, bases: list[str], inside: bool) -> list[tuple[str, str]]:
    """(keyword, IRI) for every reading of SERVICE / FROM in `code` (`upper`: the same, upper
    case); QueryRefused when a reading's target is not a full IRI."""
    if match := _IN_RUN_REVERSED.search(upper[::-1]):
        colon = len(upper) - match.start()
        raise _how_to_write(match.group(1)[::-1], code[max(0, colon - 40) : colon])
    found = []
    for keyword, pattern in (_AFTER_INSIDE if inside else _AFTER).items():
        for match in pattern.finditer(upper):
            iri = IRI.match(code, match.start(1)) if match.group(1) == "<" else None
            if iri is None:
                raise _how_to_write(keyword, code[match.start(1) : match.end(1)][-40:])
            found += [(keyword, each) for each in _absolute(iri.group()[1:-1], bases)]
    return found


def _insides(upper: str) -> str:
    """The inside of every IRI that mentions a keyword, one per line, each followed by the `>`
    the engine would read after it. Read as code as it stands (nothing blanked): that can only
    add readings."""
    return "".join(f"{inside}\n> " for inside in _IRI_WITH_KEYWORD.findall(upper))


def _form(upper: str) -> str | None:
    """The query form: the first form keyword that starts a run (else None: the parser says)."""
    match = _FORM.search(upper)
    if match is None or (match.start() and _RUN_CHAR.match(upper, match.start() - 1)):
        return None
    return match.group(1)


def _collect(text: str, base: str) -> QueryFacts:
    """SERVICE and FROM IRIs of one variant of the text (no form: see `query_form`)."""
    mentions = text.upper()  # str.upper and `in` run in C: a fast way to find no keyword at all
    if "SERVICE" not in mentions and "FROM" not in mentions:
        return QueryFacts()
    code = code_view(text)
    upper = code.upper()
    bases = [base] if base else []
    for match in _BASE.finditer(upper):  # each BASE resolves against the one before it
        declared = code[match.start(1) + 1 : match.end(1) - 1]
        bases.append(urljoin(bases[-1], declared) if bases else declared)
    facts = QueryFacts()
    insides = _insides(upper)
    readings = _targets(code, upper, bases, False) + _targets(insides, insides, bases, True)
    for keyword, iri in readings:
        (facts.services if keyword == "SERVICE" else facts.from_graphs).append(iri)
    return facts


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, for content negotiation (None when
    the guard cannot read it: the parser will say what is wrong)."""
    try:
        return _form(without_iris(code_view(text).upper()))
    except Unreadable:
        return None


def inspect_query(text: str, base: str = "") -> QueryFacts:
    """Form, SERVICE and FROM IRIs of the query as written and with \\u escapes decoded."""
    facts = fetched_iris(text, base)
    return QueryFacts(query_form(text), list(facts.services), list(facts.from_graphs))


@lru_cache(maxsize=512)  # named queries and UI re-runs repeat the same text
def fetched_iris(text: str, base: str = "") -> QueryFacts:
    """SERVICE and FROM IRIs of the query as written and with \\u escapes decoded."""
    try:
        texts = variants(text)
    except Unreadable as exc:
        raise QueryRefused(str(exc)) from exc
    facts = _collect(texts[0], base)
    for decoded in texts[1:]:
        extra = _collect(decoded, base)
        facts.services += extra.services
        facts.from_graphs += extra.from_graphs
    return facts


def is_allowed(iri: str, allow_list: Sequence[str]) -> bool:
    """True when `iri` is an allow-listed IRI or lies under one (at a `/` or `#` boundary).

    A bare host entry such as `http://example.org` admits `http://example.org/…` only, never
    `http://example.org.evil.net/`.
    """
    for entry in allow_list:
        if not entry:
            continue
        boundary = entry if entry.endswith(("/", "#")) else entry + "/"
        if iri == entry or iri.startswith(boundary):
            return True
    return False


def check_query(
    text: str, allow_list: Sequence[str], local_graphs: Container[str], base: str = ""
) -> QueryFacts:
    """Refuse a SERVICE not allow-listed, or a FROM (NAMED) graph neither local nor allowed."""
    facts = fetched_iris(text, base)
    for iri in facts.services:
        if not is_allowed(iri, allow_list):
            raise QueryRefused(
                f"SERVICE <{iri}> is not allowed: this endpoint only federates with IRIs listed in "
                "REGIODEAL_FEDERATION_ALLOW_LIST"
            )
    for iri in facts.from_graphs:
        if iri not in local_graphs and not is_allowed(iri, allow_list):
            raise QueryRefused(
                f"FROM <{iri}> names a graph that is not in this store; the endpoint never fetches "
                "graphs from the web (list the store's graphs with SELECT DISTINCT ?g "
                "{ GRAPH ?g {} })"
            )
    return facts
