"""Serialising query results, with a row cap: SPARQL JSON/XML/CSV/TSV and RDF graph syntaxes.

We write the four result formats ourselves (rather than pyoxigraph's `serialize`) because the row
cap must stop reading the solution iterator early, which pyoxigraph's serialiser cannot do.
Imported by the worker processes: keep it free of web-framework imports.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"

# In order of preference when the client accepts several equally.
TABULAR_TYPES = (JSON, XML, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# Common aliases clients send, mapped to what we produce.
ALIASES = {
    "application/json": JSON,
    "application/sparql-results+json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    "application/json+ld": JSONLD,
}
RDF_FORMATS = {
    TURTLE: RdfFormat.TURTLE,
    NTRIPLES: RdfFormat.N_TRIPLES,
    JSONLD: RdfFormat.JSON_LD,
    RDFXML: RdfFormat.RDF_XML,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Term = NamedNode | BlankNode | Literal | Triple
T = TypeVar("T")


def capped(items: Iterable[T], cap: int) -> tuple[list[T], bool]:
    """The first `cap` items and whether there were more."""
    out: list[T] = []
    for item in items:
        if len(out) == cap:
            return out, True
        out.append(item)
    return out, False


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Triple):
        inner = "".join(
            f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
        )
        return f"<triple>{inner}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def select_json(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    # Results repeat the same IRIs and values over and over: encode each distinct term once.
    encoded: dict[Term, str] = {}

    def fragment(term: Term) -> str:
        text = encoded.get(term)
        if text is None:
            text = encoded[term] = _dumps(_json_term(term))
        return text

    keys = [_dumps(v) + ":" for v in variables]
    bindings = ",".join(
        "{"
        + ",".join(k + fragment(t) for k, t in zip(keys, row, strict=True) if t is not None)
        + "}"
        for row in rows
    )
    head = _dumps({"vars": variables})
    return f'{{"head":{head},"results":{{"bindings":[{bindings}]}}}}'.encode()


def _xml_rows(variables: list[str], rows: list[list[Term | None]]) -> Iterator[str]:
    for row in rows:
        cells = "".join(
            f'<binding name="{v}">{_xml_term(t)}</binding>'
            for v, t in zip(variables, row, strict=True)
            if t is not None
        )
        yield f"<result>{cells}</result>\n"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def select_xml(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    head = "".join(f'<variable name="{v}"/>' for v in variables)
    body = "".join(_xml_rows(variables, rows))
    return f"{_XML_HEAD}<head>{head}</head>\n<results>\n{body}</results>\n</sparql>\n".encode()


def select_csv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_term(t) for t in row] for row in rows)
    return buffer.getvalue().encode()


def select_tsv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    # TSV results write terms in their SPARQL/N-Triples syntax, which is pyoxigraph's str().
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


SELECT_WRITERS = {JSON: select_json, XML: select_xml, CSV: select_csv, TSV: select_tsv}


def boolean(media_type: str, value: bool) -> bytes:
    word = "true" if value else "false"
    if media_type == JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == XML:
        return f"{_XML_HEAD}<head/>\n<boolean>{word}</boolean>\n</sparql>\n".encode()
    # CSV/TSV have no boolean form; like Jena, one column `_askResult`.
    return f"_askResult\n{word}\n".encode()


def graph(media_type: str, triples: list[Triple], prefixes: dict[str, str] | None = None) -> bytes:
    rdf_format = RDF_FORMATS[media_type]
    if rdf_format != RdfFormat.TURTLE:
        prefixes = None
    return serialize(triples, format=rdf_format, prefixes=prefixes) or b""
