"""Messages an official can read: things by their label, amounts and percentages the local way.

A filled-in SHACL message names nodes by IRI and numbers as their lexical form ("€ 12300000.0",
"3.00%"). Here every IRI in a message that the data or reference graph labels becomes its label
(a TOOI municipality "gemeente Delft"), amounts after "€"/"EUR" are written as "€ 12.300.000"
in Dutch and "EUR 12,300,000" in English, and percentages as "3,0 %" / "3.0%".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from regiodeal.namespaces import RD

SEVERITY_WORDS = {
    "nl": {"Violation": "Overtreding", "Warning": "Waarschuwing", "Info": "Info"},
    "en": {"Violation": "Violation", "Warning": "Warning", "Info": "Info"},
}
# What a TOOI organisation is, by its class: "gemeente Delft", "municipality of Delft".
KIND_WORDS = {
    RD.Municipality: {"nl": "gemeente {}", "en": "municipality of {}"},
    RD.Province: {"nl": "provincie {}", "en": "province of {}"},
}
IRI = re.compile(r"https?://[^\s<>\"'{}|\\^`]+[^\s<>\"'{}|\\^`.,;:)]")
AMOUNT = re.compile(r"(€|EUR) (-?\d+(?:\.\d+)?)(?![\d.]*\d)")
PERCENT = re.compile(r"(-?\d+(?:\.\d+)?) ?%")


def label(graph: Graph, iri: URIRef, lang: str) -> str | None:
    """The node's label in `lang` (else any), with its kind for municipalities and provinces. An
    English translation (rd:translatedLabel, a sub-property of rdfs:label that the files state
    without the inference the store adds) counts as a label in its language."""
    texts: dict[str, str] = {}
    for predicate in (RDFS.label, SKOS.prefLabel, RD.translatedLabel):
        for value in graph.objects(iri, predicate):
            if isinstance(value, Literal):
                texts.setdefault(value.language or "", str(value))
    text = texts.get(lang) or texts.get("") or next(iter(texts.values()), None)
    if text is None:
        return None
    for kind, words in KIND_WORDS.items():
        if (iri, RDF.type, kind) in graph:
            return words[lang].format(text)
    return text


def humanise(text: str, lang: str, graph: Graph | None) -> str:
    """Labels for IRIs (where the graph has one), local number formats."""
    if graph is not None:
        text = IRI.sub(lambda m: _labelled(graph, m.group(0), lang), text)
    text = AMOUNT.sub(lambda m: f"{m.group(1)} {format_amount(m.group(2), lang)}", text)
    return PERCENT.sub(lambda m: format_percent(m.group(1), lang), text)


def _labelled(graph: Graph, iri: str, lang: str) -> str:
    found = label(graph, URIRef(iri), lang)
    return found if found else iri


def format_amount(lexical: str, lang: str) -> str:
    """12300000.0 -> '12.300.000' (nl) or '12,300,000' (en); cents kept when there are any."""
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if lang == "nl":  # swap the separators: 12,300,000.50 -> 12.300.000,50
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def format_percent(lexical: str, lang: str) -> str:
    """3.00 -> '3,0 %' (nl) or '3.0%' (en): one decimal, as the covenants print percentages."""
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical + "%"
    text = f"{value:.1f}"
    return f"{text.replace('.', ',')} %" if lang == "nl" else f"{text}%"


def integer_hint(value: Literal, lang: str) -> str:
    """For an integer where a decimal is asked: how to write it ('write 12300000.0')."""
    if value.datatype not in (XSD.integer, XSD.int, XSD.long) and not (
        value.datatype is None and str(value).isdigit()
    ):
        return ""
    written = f"{value}.0"
    if lang == "nl":
        return f" Schrijf {written}: bedragen zijn decimale getallen met een punt."
    return f" Write {written}: amounts are decimal numbers with a point."
