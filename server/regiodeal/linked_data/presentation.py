"""Turning an rdflib graph into what a page shows: labels in the page language, money, sources.

Money format (documented in docs/linked-data.md): whole euros with thousands separators, as the
covenants print them in full: nl "€ 5.300.000", en "€5,300,000"; ratios with two decimals
(nl "1,00", en "1.00").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDFS, SKOS, XSD
from rdflib.term import Node

from regiodeal.linked_data.addresses import Addresses
from regiodeal.namespaces import RD

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)
# For nodes without a name (discrepancies, programme references, signatures, some results):
# the start of what they say reads better than the last segment of their IRI ("8").
TEXT_PROPERTIES = (RD.indicator, RDFS.comment, RD.quote)
SHORT_TEXT = 80  # characters


@dataclass(frozen=True)
class Ref:
    """A link as a page shows it."""

    label: str
    href: str


def literal_in(graph: Graph, node: Node, predicate: URIRef, lang: str) -> str | None:
    """The value of `predicate` in `lang`, else Dutch, else without language, else any."""
    values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
    for wanted in (lang, "nl", None):
        for value in values:
            if value.language == wanted:
                return str(value)
    return str(values[0]) if values else None


def short_text(text: str, limit: int = SHORT_TEXT) -> str:
    """The first `limit` characters, cut at a word boundary, with '…' if anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def label(graph: Graph, node: Node, lang: str) -> str:
    for predicate in LABEL_PROPERTIES:
        text = literal_in(graph, node, predicate, lang)
        if text:
            return text
    for predicate in TEXT_PROPERTIES:
        text = literal_in(graph, node, predicate, lang)
        if text:
            return short_text(text)
    if isinstance(node, URIRef):
        return str(node).rstrip("/").rsplit("/", 1)[-1]
    return str(node)


def ref(graph: Graph, node: Node, addresses: Addresses) -> Ref:
    return Ref(label(graph, node, addresses.lang), addresses.href(str(node)))


def refs(graph: Graph, nodes: Iterable[Node], addresses: Addresses) -> list[Ref]:
    return sorted({ref(graph, n, addresses) for n in nodes}, key=lambda r: r.label.lower())


def ordered(graph: Graph, nodes: Iterable[Node]) -> list[Node]:
    """Nodes in rd:order (then by IRI), as the document lists them."""

    def key(node: Node) -> tuple[int, NaturalKey]:
        order = graph.value(node, RD.order)
        return (int(str(order)) if order is not None else 10**9, natural(str(node)))

    return sorted(set(nodes), key=key)


NaturalKey = list[tuple[int, int, str]]


def natural(text: str) -> NaturalKey:
    """A sort key in which discrepantie/x/2 comes before discrepantie/x/13."""
    parts: NaturalKey = []
    number = ""
    for char in text + "\0":
        if char.isdigit():
            number += char
            continue
        if number:
            parts.append((0, int(number), ""))
            number = ""
        parts.append((1, 0, char))
    return parts


def amount(value: Node | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(value: Decimal | Node | None, lang: str) -> str:
    number = value if isinstance(value, Decimal) else amount(value)
    if number is None:
        return ""
    whole = f"{number:,.0f}" if number == number.to_integral() else f"{number:,.2f}"
    if lang == "en":
        return "€" + whole
    return "€ " + whole.replace(",", "_").replace(".", ",").replace("_", ".")


MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def long_date(day: date, lang: str) -> str:
    """'31 december 2028' / '31 December 2028': a date as a reader writes it."""
    return f"{day.day} {MONTHS['en' if lang == 'en' else 'nl'][day.month - 1]} {day.year}"


def date_text(value: Node | None, lang: str) -> str:
    """An xsd:date as a reader writes it ('31 december 2028'); anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, Literal) and value.datatype == XSD.date:
        day = value.toPython()
        if isinstance(day, date):
            return long_date(day, lang)
    return str(value)


def ratio(numerator: Decimal | None, denominator: Decimal | None, lang: str) -> str:
    if numerator is None or not denominator:
        return ""
    text = f"{numerator / denominator:.2f}"
    return text if lang == "en" else text.replace(".", ",")


def number_text(value: Node | None, lang: str) -> str:
    """A count or measure as printed: no trailing '.0'."""
    number = amount(value)
    if number is None:
        return "" if value is None else str(value)
    text = f"{number.normalize():f}"
    return text if lang == "en" else text.replace(".", ",")


def document_of(graph: Graph, part: Node) -> Node | None:
    """The source document a part belongs to (the page queries add that link)."""
    for parent in graph.objects(part, DCTERMS.isPartOf):
        if graph.value(parent, DCTERMS.title) is not None:
            return parent
    if graph.value(part, DCTERMS.title) is not None:
        return part
    return None


def citation(graph: Graph, part: Node, addresses: Addresses) -> Ref:
    """'Artikel 4, lid 2 — Convenant Regio Deal Delft West', linking to the part's page."""
    lang = addresses.lang
    document = document_of(graph, part)
    document_name = ""
    if document is not None:
        title = label(graph, document, lang)
        kind = literal_in(graph, document, DCTERMS.type, lang) or ""
        document_name = title if kind.lower() in title.lower() else f"{kind.capitalize()} {title}"
        document_name = document_name.strip()
    if document is None or document == part:
        text = document_name or label(graph, part, lang)
    else:
        text = f"{label(graph, part, lang)} — {document_name}"
    return Ref(text, addresses.href(str(part)))


def sources(graph: Graph, node: Node, addresses: Addresses) -> list[Ref]:
    """The document parts a node was derived from."""
    parts = [p for p in graph.objects(node, PROV.wasDerivedFrom) if isinstance(p, URIRef)]
    return sorted({citation(graph, p, addresses) for p in parts}, key=lambda r: r.label)


def fact_sources(graph: Graph, subject: Node, prop: URIRef, addresses: Addresses) -> list[Ref]:
    """Where a deal-level property is stated (rd:factSource with rd:aboutProperty)."""
    found: set[Ref] = set()
    for fact in graph.objects(subject, RD.factSource):
        if isinstance(fact, BNode | URIRef) and graph.value(fact, RD.aboutProperty) == prop:
            found |= set(sources(graph, fact, addresses))
    return sorted(found, key=lambda r: r.label)
