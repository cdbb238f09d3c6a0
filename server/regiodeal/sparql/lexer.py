"""The one tokenizer both query guards share: SPARQL 1.1's terminals, read in linear time.

The guards do not need every token; they need to know which characters of a query the engine
could read as *code* (keywords, prefixed names, punctuation) and which it reads as content
(strings, comments, variables, the local part of a prefixed name). `code_view` returns the query
with the content blanked out and IRIs kept, using one regular expression in one C-level pass
(`re.sub` with a template, no Python per token): linear, and about 10 ms for 1 MB. The guards
then search the code view with patterns that cannot re-scan text (see `guard`).

Terminals follow the SPARQL 1.1 grammar ([139] IRIREF, [156]-[159] strings, [143]-[144] VAR1/2,
[140]-[142] prefixed names, comments). Two things about pyoxigraph's parser shape the rest:

* It is a PEG, not a longest-match lexer: a keyword is matched wherever the grammar expects one,
  whatever follows, so `SERVICESILENT<…>`, `SERVICEx:` (SERVICE, then `x:`) and `1SERVICE x:a`
  (the number 1, then SERVICE) are SERVICE patterns to it. The guards therefore look for keywords
  anywhere in a run of name characters, not only as whole words.
* Where the tokenizer sees an IRI, the engine may see "less than": `FILTER(?a<?b)SERVICEx:#>` is
  a FILTER and a SERVICE to it. So the guards also read the inside of every IRI as code
  (`iri_insides`).
"""

from __future__ import annotations

import re

# PN_CHARS (grammar [164]-[169]) as far as Python's \w reaches them.
NAME = r"\w\-\u00b7\u0300-\u036f\u203f\u2040"
_IRI_CHARS = r"[^<>\"{}|^`\\\x00-\x20]"
IRIREF = rf"<{_IRI_CHARS}*+>"
# Possessive runs (`*+`): a string that never closes fails after one scan to the end of the text
# instead of giving the run back one character at a time (4x slower over 1 MB). They cannot
# change what matches: each run stops only at a character the next part must start with.
_STRINGS = (
    r"'''[^'\\]*+(?:(?:\\.|'(?!''))[^'\\]*+)*+'''"
    r'|"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"""'
    r"|'[^'\\\n\r]*+(?:\\.[^'\\\n\r]*+)*+'"
    r'|"[^"\\\n\r]*+(?:\\.[^"\\\n\r]*+)*+"'
)
# Unrolled loops ("normal* (special normal*)*") so that no alternation runs per character.
_LOCAL = rf":[{NAME}.:%]*+(?:\\.[{NAME}.:%]*+)*+"
# The pattern matches at every position, so the code view is the concatenation of group 1 over
# all matches (`findall`, in C, no Match object per token). Group 1 is what stays of a match:
# text that cannot start a token of interest, and a `<` that starts no IRI (taken in bulk, so
# that ordinary text costs one match, not one per character), an IRI as it is, a variable as its
# sigil, a prefixed name as its colon, a quote that opens no string; the optional tail (a
# variable's name, a local name) and strings and comments leave nothing (group 1 is empty).
_CONTENT = re.compile(
    rf"{_STRINGS}|\#[^\r\n]*"
    rf"|((?:[^<'\"#?$:]+|<(?!{_IRI_CHARS}*>))+|{IRIREF}|[?$](?=[{NAME}])|:|[?$]|['\"])"
    rf"(?:(?<=[?$])[{NAME}]+|(?<=:){_LOCAL[1:]})?",
    re.DOTALL,
)
# Whole tokens, for reading trusted query text (the named queries' WHERE group): IRIs, strings,
# comments and variables are skipped whole, so a WHERE or `{` inside them is never taken.
TOKEN = re.compile(
    rf"(?P<skip>{IRIREF}|{_STRINGS}|\#[^\r\n]*|[?$][{NAME}]+|\s+)|(?P<word>[A-Za-z]+)|(?P<other>.)",
    re.DOTALL,
)
IRI = re.compile(IRIREF)
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


# Each mark can start a token the tokenizer must match on its own (a string, an IRI, a variable,
# a prefixed name, a comment), and each match costs ~0.2 µs of regex machinery whatever its length:
# 1 MB of nothing but such tokens (`"x"x"x…`) would take 100-200 ms. Counting the marks first
# (`str.count`, C, ~0.3 ms per MB each) bounds that work to ~25 ms (benchmarks/bench_guard.py);
# real queries stay far below the limit (a VALUES block of 20,000 IRIs has 20,000 marks).
MAX_MARKS = 25_000
MARKS = "<'\"#?$:"


class Unreadable(ValueError):
    """A query the guards refuse to read; the message says why."""


class BadEscape(Unreadable):
    """A \\u or \\U escape that names no Unicode code point."""


class TooManyTokens(Unreadable):
    """More strings, IRIs, variables, prefixed names and comments than the guard reads."""


def check_marks(text: str) -> None:
    """TooManyTokens when `text` holds more than MAX_MARKS characters that can start a token."""
    marks = sum(text.count(mark) for mark in MARKS)
    if marks > MAX_MARKS:
        raise TooManyTokens(
            f"the query has {marks:,} quotes, angle brackets, colons, ?, $ and # characters; "
            f"this endpoint reads at most {MAX_MARKS:,} (split the query or shorten its VALUES)"
        )


def code_view(text: str) -> str:
    """The query as the engine's code: strings and comments dropped, a variable reduced to its
    `?`, a prefixed name's local part to its colon (`ex:from` -> `ex:`), IRIs kept whole.

    Dropping glues what stood around a string or comment together (`'a'SERVICE` -> `SERVICE`);
    that can only add keyword readings, never remove one, as a comment keeps its line end."""
    check_marks(text)
    return "".join(_CONTENT.findall(text))


def without_iris(code: str) -> str:
    """A code view with its IRIs blanked (for checks where an IRI's text never matters)."""
    return IRI.sub(" ", code)


def _code_point(match: re.Match[str]) -> str:
    value = int(match.group(1) or match.group(2), 16)
    if value > 0x10FFFF:
        raise BadEscape(
            f"{match.group()} is not a Unicode code point (escapes go up to \\U0010FFFF)"
        )
    return chr(value)


def unescape(text: str) -> str:
    """The text with SPARQL's \\u / \\U code-point escapes decoded (BadEscape if one is invalid).

    Python's raw_unicode_escape codec does exactly this decoding, in C; where it stops at a `\\u`
    that is no escape (a `\\users` in a comment), each escape is decoded on its own instead.
    """
    if "\\u" not in text and "\\U" not in text:
        return text
    try:
        return text.encode("raw_unicode_escape").decode("raw_unicode_escape")
    except UnicodeDecodeError:
        return ESCAPE.sub(_code_point, text)


def variants(text: str) -> tuple[str, ...]:
    """The text as written and, if it has escapes, decoded: the guards check both.

    Unreadable (BadEscape, TooManyTokens) when the guards cannot read it within their bounds."""
    check_marks(text)
    decoded = unescape(text)
    return (text,) if decoded == text else (text, decoded)
