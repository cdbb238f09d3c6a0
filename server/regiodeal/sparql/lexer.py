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
from operator import itemgetter

# PN_CHARS (grammar [164]-[169]) as far as Python's \w reaches them.
NAME = r"\w\-\u00b7\u0300-\u036f\u203f\u2040"
_IRI_CHARS = r"[^<>\"{}|^`\\\x00-\x20]"
IRIREF = rf"<{_IRI_CHARS}*>"
_STRINGS = (
    r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'"
    r'|"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"'
)
# Unrolled loops ("normal* (special normal*)*") so that no alternation runs per character.
_LOCAL = rf":[{NAME}.:%]*(?:\\.[{NAME}.:%]*)*"
# Group 1 is what stays of a match: text that cannot start a token of interest, and a `<` that
# starts no IRI (taken in bulk, so
# that ordinary text costs one match, not one per character), an IRI as it is, a variable as its
# sigil, a prefixed name as its colon; the optional tail (a variable's name, a local name) and
# strings and comments leave nothing (an unmatched group). itemgetter(1) is a C callable: no
# Python frame per match.
_CONTENT = re.compile(
    rf"((?:[^<'\"#?$:]+|<(?!{_IRI_CHARS}*>))+|{IRIREF}|[?$](?=[{NAME}])|:|[?$])"
    rf"(?:(?<=[?$])[{NAME}]+|(?<=:){_LOCAL[1:]})?"
    rf"|{_STRINGS}|\#[^\r\n]*",
    re.DOTALL,
)
_KEEP = itemgetter(1)
# Whole tokens, for reading trusted query text (the named queries' WHERE group): IRIs, strings,
# comments and variables are skipped whole, so a WHERE or `{` inside them is never taken.
TOKEN = re.compile(
    rf"(?P<skip>{IRIREF}|{_STRINGS}|\#[^\r\n]*|[?$][{NAME}]+|\s+)|(?P<word>[A-Za-z]+)|(?P<other>.)",
    re.DOTALL,
)
IRI = re.compile(IRIREF)
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class BadEscape(ValueError):
    """A \\u or \\U escape that names no Unicode code point."""


def code_view(text: str) -> str:
    """The query as the engine's code: strings and comments dropped, a variable reduced to its
    `?`, a prefixed name's local part to its colon (`ex:from` -> `ex:`), IRIs kept whole.

    Dropping glues what stood around a string or comment together (`'a'SERVICE` -> `SERVICE`);
    that can only add keyword readings, never remove one, as a comment keeps its line end."""
    return _CONTENT.sub(_KEEP, text)


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
    """The text as written and, if it has escapes, decoded: the guards check both."""
    decoded = unescape(text)
    return (text,) if decoded == text else (text, decoded)
