"""The dataset's landing page (/dataset, and /catalog for a browser): what the data is, its
licence, publisher, last change, every download with size and checksum, and tables for people
who work in spreadsheets. Dutch, or English with ?lang=en. The DCAT it restates stays at /catalog
for programs (content negotiation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from regiodeal.publishing.description import (
    DESCRIPTION,
    KEYWORDS,
    PUBLISHER_NAME,
    TITLE,
    Publication,
)

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
LICENCES = {CC_BY: "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)"}
LICENCES_EN = {CC_BY: "Creative Commons Attribution 4.0 (CC BY 4.0)"}
MONTHS_NL: tuple[str, ...] = ("januari", "februari", "maart", "april", "mei", "juni", "juli")
MONTHS_NL += ("augustus", "september", "oktober", "november", "december")
MONTHS_EN: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
MONTHS_EN += ("August", "September", "October", "November", "December")


@dataclass(frozen=True)
class Table:
    """A spreadsheet table: a named query's answer as CSV (named_query_router: ?format=csv)."""

    query: str
    nl: str
    en: str


TABLES = (
    Table(
        "contributions-per-deal",
        "Deals met Rijks- en regionale bijdrage en cofinanciering",
        "Deals with Rijk and regional contribution and co-financing",
    ),
    Table(
        "deal-periods",
        "Looptijd per deal (begin, einde, inwerkingtreding)",
        "Term of each deal (start, end, entry into force)",
    ),
    Table(
        "budget-per-goal",
        "Bedragen: begroting per doel of pijler",
        "Amounts: budget per goal or pillar",
    ),
    Table(
        "signatories",
        "Partijen: ondertekenaars en hun functies",
        "Parties: signatories and their functions",
    ),
    Table("deals-per-ministry", "Partijen: deals per ministerie", "Parties: deals per ministry"),
    Table(
        "intended-results",
        "Resultaten: beoogde resultaten met streefwaarde en streefjaar",
        "Results: intended results with target value and year",
    ),
)


def long_date(day: Any, lang: str) -> str:
    """'2 december 2026' / '2 December 2026': how a reader writes a date."""
    months = MONTHS_NL if lang == "nl" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def size_text(size: int, lang: str) -> str:
    """Bytes as kB/MB with one decimal (1000-based, as a file manager shows them)."""
    value, unit = float(size), "B"
    for next_unit in ("kB", "MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, next_unit
    text = f"{value:.0f}" if unit == "B" else f"{value:.1f}"
    return (text if lang == "en" else text.replace(".", ",")) + " " + unit


def landing_context(pub: Publication, site_root: str, lang: str) -> dict[str, Any]:
    nl = lang == "nl"
    downloads = [
        {
            "name": dump.name,
            "href": f"{site_root}download/{dump.name}",
            "description": dump.description_nl if nl else dump.description_en,
            "media_type": dump.media_type,
            "size": size_text(dump.byte_size, lang),
            "bytes": dump.byte_size,
            "sha256": dump.sha256,
        }
        for dump in pub.dumps
    ]
    tables = [
        {
            "title": table.nl if nl else table.en,
            "csv": f"{site_root}api/queries/{table.query}?" + urlencode({"format": "csv"}),
            "xlsx": f"{site_root}api/queries/{table.query}?" + urlencode({"format": "xlsx"}),
            "query": table.query,
        }
        for table in TABLES
    ]
    return {
        "title": TITLE[lang],
        "description": DESCRIPTION[lang],
        "keywords": KEYWORDS[lang],
        "licence": pub.license,
        "licence_name": (LICENCES if nl else LICENCES_EN).get(pub.license, pub.license),
        "publisher": PUBLISHER_NAME,
        "modified": long_date(pub.modified, lang),
        "modified_iso": pub.modified.isoformat(),
        "modified_from": pub.modified_from,
        "content_hash": pub.content_hash,
        "version": pub.version,
        "ontology": pub.ontology,
        "triples": pub.statistics.triples,
        "downloads": downloads,
        "tables": tables,
        "catalog_links": [
            (label, f"{site_root}catalog?format={key}")
            for key, label in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"))
        ],
    }
