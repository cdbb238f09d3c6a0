"""Index pages for every kind (organisations, ministries, themes, programmes, tranches, source
documents): one SELECT per kind (listing_kinds), sorted and filtered here, as HTML, CSV or XLSX.

Sorting and filtering happen on the rows the query returned, not in SPARQL: the lists are short
(one row per organisation, theme, …), and one query per kind keeps the page's "SPARQL" link the
same whatever the reader sorts by. A multi-valued cell (the tranches of an organisation's deals)
is a GROUP_CONCAT joined by SEPARATOR; a filter matches any of its values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.presentation import long_date, money, natural
from regiodeal.sparql.service import Rows

SEPARATOR = " | "
ORDERS = ("asc", "desc")
NUMERIC = ("count", "money", "number")


@dataclass(frozen=True)
class QueryInput:
    """What a listing's query depends on besides the data."""

    lang: str
    id_base: str  # e.g. https://w3id.org/regiodeal/id/
    queries_dir: Path


@dataclass(frozen=True)
class Column:
    """A column: `key` is the SPARQL variable; `link` the variable with the IRI to link to."""

    key: str
    nl: str
    en: str
    kind: str = "text"  # text, count, number, money, date, url, list
    link: str = ""

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass(frozen=True)
class Filter:
    """A ?param= that keeps the rows whose `column` holds the chosen value."""

    param: str
    column: str
    nl: str
    en: str


@dataclass(frozen=True)
class Listing:
    path: str  # e.g. "doc/organisatie" (no leading "/")
    nl: str
    en: str
    intro_nl: str
    intro_en: str
    key: str  # the variable with each row's IRI: one row per key (first answer wins)
    query: Callable[[QueryInput], str]
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    default_sort: str = "label"

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def sorts(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


def distinct_rows(rows: Rows, key: str) -> list[dict[str, str]]:
    """One row per `key`: a resource with two labels or types may come back twice."""
    seen: dict[str, dict[str, str]] = {}
    for row in rows.values():
        seen.setdefault(row.get(key, ""), row)
    return list(seen.values())


def values_of(row: Mapping[str, str], column: str) -> list[str]:
    text = row.get(column, "")
    return [v for v in text.split(SEPARATOR) if v] if text else []


def filter_options(listing: Listing, rows: list[dict[str, str]]) -> dict[str, list[str]]:
    return {
        f.param: sorted({v for row in rows for v in values_of(row, f.column)}, key=natural)
        for f in listing.filters
    }


def apply_filters(
    listing: Listing, rows: list[dict[str, str]], chosen: Mapping[str, str]
) -> list[dict[str, str]]:
    for f in listing.filters:
        wanted = chosen.get(f.param)
        if wanted:
            rows = [row for row in rows if wanted in values_of(row, f.column)]
    return rows


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(re.split(r" [|/] ", text)[0])
    except InvalidOperation:
        return None


def sort_rows(
    listing: Listing, rows: list[dict[str, str]], sort: str, order: str
) -> list[dict[str, str]]:
    """Sorted by `sort`; rows without a value last in either order, ties by label."""
    column = listing.column(sort)
    present = [r for r in rows if r.get(sort)]
    missing = [r for r in rows if not r.get(sort)]

    def tie(row: dict[str, str]) -> Any:
        return natural(row.get("label", "").casefold())

    def key(row: dict[str, str]) -> Any:
        if column.numeric:
            return _decimal(row[sort]) or Decimal(0)
        return natural(row[sort].casefold())

    present.sort(key=tie)
    present.sort(key=key, reverse=order == "desc")
    missing.sort(key=tie)
    return present + missing


def cell(column: Column, row: Mapping[str, str], addresses: Addresses) -> dict[str, str]:
    """What a page shows in a cell: text, and a link where the column has one."""
    raw = row.get(column.key, "")
    lang = addresses.lang
    text = raw
    if column.kind == "money" and raw:
        # several amounts: GROUP_CONCAT with " | " or " / " (programme-per-tranche)
        text = " / ".join(money(_decimal(v), lang) for v in re.split(r" [|/] ", raw))
    elif column.kind == "date" and raw:
        text = _date_text(raw, lang)
    elif column.kind == "list":
        text = ", ".join(sorted(values_of(row, column.key), key=natural))
    href = ""
    if column.link and row.get(column.link):
        href = addresses.href(row[column.link])
    elif column.kind == "url":
        href = raw
    if column.link and not text:
        text = row.get(column.link, "").rstrip("/").rsplit("/", 1)[-1]
    return {"text": text, "href": href, "value": raw}


def _date_text(raw: str, lang: str) -> str:
    try:
        return long_date(date.fromisoformat(raw[:10]), lang)
    except ValueError:
        return raw


def table(listing: Listing, rows: list[dict[str, str]]) -> list[list[str]]:
    """The rows as a spreadsheet: the IRI, then every column's value as the graph has it."""
    header = [listing.key] + [c.key for c in listing.columns]
    body = [
        [row.get(listing.key, "")] + [row.get(c.key, "") for c in listing.columns] for row in rows
    ]
    return [header, *body]


def page_context(
    listing: Listing,
    rows: list[dict[str, str]],
    all_rows: list[dict[str, str]],
    addresses: Addresses,
    state: Mapping[str, str],
) -> dict[str, Any]:
    """Everything listing.html shows; `state` holds sort, order and the chosen filters."""
    lang = addresses.lang
    sort, order = state["sort"], state["order"]
    kept = {f.param: state[f.param] for f in listing.filters if state.get(f.param)}
    headers = []
    for column in listing.columns:
        next_order = "desc" if column.key == sort and order == "asc" else "asc"
        headers.append(
            {
                "name": column.name(lang),
                "href": addresses.page(listing.path, **kept, sort=column.key, order=next_order),
                "arrow": ("▲" if order == "asc" else "▼") if column.key == sort else "",
                "aria": ("ascending" if order == "asc" else "descending")
                if column.key == sort
                else "none",
                "numeric": column.numeric,
                "key": column.key,
            }
        )
    options = filter_options(listing, all_rows)
    filters = [
        {
            "param": f.param,
            "name": f.en if lang == "en" else f.nl,
            "options": options[f.param],
            "chosen": state.get(f.param, ""),
        }
        for f in listing.filters
    ]
    current = {**kept, "sort": sort, "order": order}
    return {
        "title": listing.title(lang),
        "intro": listing.intro_en if lang == "en" else listing.intro_nl,
        "headers": headers,
        "rows": [[cell(c, row, addresses) for c in listing.columns] for row in rows],
        "numeric": [c.numeric for c in listing.columns],
        "urls": [c.kind == "url" for c in listing.columns],
        "filters": filters,
        "total": len(all_rows),
        "action": addresses.public_base + listing.path,
        "sort": sort,
        "order": order,
        "downloads": [
            (name, addresses.page(listing.path, **current, format=key))
            for key, name in (("csv", "CSV"), ("xlsx", "XLSX"))
        ],
    }
