"""pydantic's findings on a deal file, said in Dutch and English for an official.

Each error becomes a `Problem` at the line of the field it is about: "did you mean
'rijk_contribution'?" for a misspelt key, the fix for a number written the Dutch way
("10.000.000"), the allowed values of a code, and never a regular expression.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from regiodeal.authoring.source import PathKey, Problem, SourceMap, dotted

DUTCH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
PARTY_HINT_NL = (
    "een TOOI-code zoals ministerie:mnre1034 (BZK), gemeente:gm0503 (Delft) of provincie:pv28 "
    "(Zuid-Holland), of organisatie:<naam> voor een organisatie onder parties.organisations"
)
PARTY_HINT_EN = (
    "a TOOI code such as ministerie:mnre1034 (BZK), gemeente:gm0503 (Delft) or provincie:pv28 "
    "(Zuid-Holland), or organisatie:<name> for an organisation under parties.organisations"
)


def problems_from(exc: ValidationError, model: type[BaseModel], source: SourceMap) -> list[Problem]:
    return [_problem(error, model, source) for error in exc.errors()]


def at_field(source: SourceMap, where: PathKey, nl: str, en: str) -> Problem:
    """A problem with a field the official wrote: its path, line and column, and the message
    in both languages after the path (the way every message of the template reads)."""
    return _placed(source, where, where, nl, en)


def _problem(error: ErrorDetails, model: type[BaseModel], source: SourceMap) -> Problem:
    loc: PathKey = tuple(error["loc"])
    where = loc[:-1] if error["type"] == "missing" else loc
    nl, en = _say(error, loc, model)
    return _placed(source, loc, where, nl, en)


def _placed(source: SourceMap, path: PathKey, where: PathKey, nl: str, en: str) -> Problem:
    """A problem about the field at `path`, placed at the line of `where` (a missing field is
    placed at its parent), its messages after the path ('(bestand)'/'(file)' for the root)."""
    place = source.find(where)
    return Problem(
        dotted(path),
        place.line if place else None,
        place.column if place else None,
        f"{dotted(path) or '(bestand)'}: {nl}",
        f"{dotted(path) or '(file)'}: {en}",
    )


def _say(error: ErrorDetails, loc: PathKey, model: type[BaseModel]) -> tuple[str, str]:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown(loc, model)
    if kind == "missing":
        return "dit verplichte veld ontbreekt", "this required field is missing"
    if (
        kind.startswith(("decimal", "int", "float"))
        and "parsing" in kind
        or kind
        in (
            "decimal_type",
            "int_type",
            "int_from_float",
        )
    ):
        return _number(value)
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return (
            f"moet minstens {bound} zijn, niet {value!r}",
            f"must be at least {bound}, not {value!r}",
        )
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return (
            f"mag hoogstens {bound} zijn, niet {value!r}",
            f"must be at most {bound}, not {value!r}",
        )
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        return (
            f"{value!r} is geen toegestane waarde; kies uit {str(allowed).replace(' or ', ' of ')}",
            f"{value!r} is not an allowed value; choose from {allowed}",
        )
    if kind.startswith("date"):
        return (
            f"{value!r} is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-11-03",
            f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2025-11-03",
        )
    if kind == "string_pattern_mismatch":
        return _pattern(str(ctx.get("pattern", "")), value)
    if kind.startswith("bool"):
        return f"{value!r}: schrijf true of false", f"{value!r}: write true or false"
    if kind == "list_type":
        return (
            "hier hoort een lijst (regels die met '- ' beginnen)",
            "a list belongs here (lines starting with '- ')",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            "hier hoort een groep velden (naam: waarde, ingesprongen)",
            "a group of fields belongs here (name: value, indented)",
        )
    if kind == "string_too_short":
        return "is te kort of leeg", "is too short or empty"
    if kind == "value_error":
        # our own validators write "Dutch||English"
        text = str(ctx.get("error", error["msg"]))
        nl, _, en = text.partition("||")
        return nl, en or nl
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (
                f'schrijf {value} tussen aanhalingstekens: "{value}" (een nummer als tekst)',
                f'write {value} in quotes: "{value}" (a number as text)',
            )
        return f"{value!r}: hier hoort tekst", f"{value!r}: text belongs here"
    message = error["msg"]
    return message, message


def _unknown(loc: PathKey, model: type[BaseModel]) -> tuple[str, str]:
    name = str(loc[-1])
    known = sorted(_model_at(model, loc[:-1]).model_fields)
    close = difflib.get_close_matches(name, known, n=1)
    nl = f"onbekend veld '{name}'"
    en = f"unknown field '{name}'"
    if close:
        nl += f"; bedoelt u '{close[0]}'?"
        en += f"; did you mean '{close[0]}'?"
    listing = ", ".join(known)
    return f"{nl} (velden hier: {listing})", f"{en} (fields here: {listing})"


def _number(value: Any) -> tuple[str, str]:
    text = str(value)
    if DUTCH_NUMBER.match(text):
        plain = text.replace(".", "").replace(",", ".")
        return (
            f"'{text}' is de Nederlandse schrijfwijze; schrijf {plain} (zonder punten tussen de "
            "duizendtallen, een punt voor decimalen)",
            f"'{text}' is written the Dutch way; write {plain} (no separators between the "
            "thousands, a point for decimals)",
        )
    return (
        f"{text!r} is geen getal; schrijf een bedrag voluit in euro's, bijvoorbeeld 12300000 "
        "voor '€ 12,3 mln.'",
        f"{text!r} is not a number; write an amount in full euros, e.g. 12300000 for '€ 12,3 mln.'",
    )


def _pattern(pattern: str, value: Any) -> tuple[str, str]:
    if pattern.startswith("^--"):
        return (
            f"{value!r} is geen dag van het jaar; schrijf --MM-DD, bijvoorbeeld '--06-15' voor "
            "15 juni",
            f"{value!r} is not a day of the year; write --MM-DD, e.g. '--06-15' for 15 June",
        )
    if pattern.startswith("^(ministerie"):
        return f"{value!r} is geen partijcode; schrijf {PARTY_HINT_NL}", (
            f"{value!r} is not a party code; write {PARTY_HINT_EN}"
        )
    return (
        f"{value!r}: alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld "
        "'voorbeeldwijk' of 'regio-envelop'",
        f"{value!r}: lower-case letters, digits and hyphens only, e.g. 'voorbeeldwijk' or "
        "'regio-envelop'",
    )


def _model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel]:
    """The model class that holds the fields at `path` (list indices pass through)."""
    current = model
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            return current
        current = inner
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin in (list, Union, types.UnionType) or origin is not None:
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
