"""Serialising query results within a row cap and a byte cap: SPARQL JSON/XML/CSV/TSV and RDF.

A SELECT result is first written by pyoxigraph's own writer (`native_select`), in Rust, into a
sink that stops it once the body would exceed the byte cap; the rows are then counted from the
body's row separators. That count is never below the true one, so a body within both caps is
sent as it is. A result over a cap (or one that looks it) is written again by our own writers
(`write_select`), which read the solutions row by row and stop exactly at the cap, on a fresh
evaluation of the query (the worker re-runs it). Graph syntaxes (Turtle groups triples, so a
triple has no size of its own) are serialised by pyoxigraph and cut back until they fit.
Imported by the worker processes: keep it free of web-framework imports.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    serialize,
)

if TYPE_CHECKING:
    from typing_extensions import Buffer  # collections.abc from Python 3.12

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
# The settings that cut a result short, named in the truncation message.
ROWS_LIMIT = "REGIODEAL_MAX_RESULT_ROWS"
BYTES_LIMIT = "REGIODEAL_MAX_RESPONSE_BYTES"
# Triples are gathered (before serialising) up to this many times the byte cap in N-Triples size:
# Turtle with prefixes is smaller than N-Triples, so gathering only the cap would under-fill it.
GATHER_FACTOR = 2
GATHER_CHUNK = 64  # triples measured at once; bounds how far gathering overshoots
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


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Triple):
        # A triple term in Turtle 1.2 / SPARQL 1.2 syntax, as pyoxigraph's own TSV writer has it
        # (its str() leaves out the brackets, which makes the cell unreadable as one term).
        inner = " ".join(_tsv_term(getattr(term, p)) for p in ("subject", "predicate", "object"))
        return f"<<( {inner} )>>"
    return str(term)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


Row = Sequence[Term | None]


class _JsonRows:
    def __init__(self, variables: list[str]) -> None:
        self.keys = [_dumps(v) + ":" for v in variables]
        self.head = f'{{"head":{_dumps({"vars": variables})},"results":{{"bindings":['
        self.tail = "]}}"
        self.separator = ""
        # Results repeat the same IRIs and values over and over: encode each distinct term once.
        self.encoded: dict[Term, str] = {}

    def _fragment(self, term: Term) -> str:
        text = self.encoded.get(term)
        if text is None:
            text = self.encoded[term] = _dumps(_json_term(term))
        return text

    def row(self, row: Row) -> str:
        cells = ",".join(
            k + self._fragment(t) for k, t in zip(self.keys, row, strict=True) if t is not None
        )
        text = self.separator + "{" + cells + "}"
        self.separator = ","
        return text


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


class _XmlRows:
    def __init__(self, variables: list[str]) -> None:
        self.variables = variables
        names = "".join(f'<variable name="{v}"/>' for v in variables)
        self.head = f"{_XML_HEAD}<head>{names}</head>\n<results>\n"
        self.tail = "</results>\n</sparql>\n"

    def row(self, row: Row) -> str:
        cells = "".join(
            f'<binding name="{v}">{_xml_term(t)}</binding>'
            for v, t in zip(self.variables, row, strict=True)
            if t is not None
        )
        return f"<result>{cells}</result>\n"


class _CsvRows:
    def __init__(self, variables: list[str]) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")
        self.head = self._line(variables)
        self.tail = ""

    def _line(self, cells: list[str]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(cells)
        return self.buffer.getvalue()

    def row(self, row: Row) -> str:
        return self._line([_csv_term(t) for t in row])


class _TsvRows:
    def __init__(self, variables: list[str]) -> None:
        self.head = "\t".join(f"?{v}" for v in variables) + "\n"
        self.tail = ""

    def row(self, row: Row) -> str:
        # TSV results write terms in their SPARQL/N-Triples syntax (pyoxigraph's str()).
        return "\t".join(_tsv_term(t) for t in row) + "\n"


class RowWriter(Protocol):
    """What write_select needs of a format: its text before, per row and after the rows."""

    head: str
    tail: str

    def row(self, row: Row) -> str: ...


_ROW_WRITERS: dict[str, Callable[[list[str]], RowWriter]] = {
    JSON: _JsonRows,
    XML: _XmlRows,
    CSV: _CsvRows,
    TSV: _TsvRows,
}


@dataclass
class Written:
    """A serialised result, with how many rows (or triples) it holds and which limit cut it."""

    body: bytes
    count: int
    limit: str | None = None  # ROWS_LIMIT, BYTES_LIMIT, or None when nothing was left out


def write_select(
    media_type: str,
    variables: list[str],
    solutions: Iterable[Row],
    row_cap: int | None = None,
    byte_cap: int | None = None,
) -> Written:
    """Write rows until the row cap, or until the next row would take the body over `byte_cap`.

    Rows are counted and measured as they are written, so a huge result (or one huge value) is
    never held in full. A body with count 0 and limit BYTES_LIMIT means not even the head and
    the first row fit: the caller refuses rather than send an empty result as if complete.
    """
    writer = _ROW_WRITERS[media_type](variables)
    head, tail = writer.head.encode(), writer.tail.encode()
    room = _unlimited(byte_cap) - len(head) - len(tail)
    if room < 0:
        return Written(head + tail, 0, BYTES_LIMIT)
    rows_left = _unlimited(row_cap)
    columns = range(len(variables))
    parts, limit = [head], None
    for solution in solutions:
        if rows_left == 0:
            limit = ROWS_LIMIT
            break
        fragment = writer.row([solution[i] for i in columns]).encode()
        room -= len(fragment)
        if room < 0:
            limit = BYTES_LIMIT
            break
        parts.append(fragment)
        rows_left -= 1
    parts.append(tail)
    return Written(b"".join(parts), len(parts) - 2, limit)


NATIVE_FORMATS = {
    JSON: QueryResultsFormat.JSON,
    XML: QueryResultsFormat.XML,
    CSV: QueryResultsFormat.CSV,
    TSV: QueryResultsFormat.TSV,
}


class _Overflow(Exception):
    """The body went over the byte cap: the native writer is stopped."""


class _CappedSink(io.BytesIO):
    """A binary stream for pyoxigraph's writer that refuses to grow past `cap` bytes."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap
        self.overflowed = False

    def write(self, data: Buffer, /) -> int:
        if self.tell() + memoryview(data).nbytes > self.cap:
            self.overflowed = True
            raise _Overflow
        return super().write(data)


def rows_at_most(media_type: str, body: bytes) -> int:
    """How many rows pyoxigraph's writer put in `body`, or more, never fewer.

    Counted from what separates rows in each format: JSON rows are joined by `},{`, which no
    other structure of the format writes (a literal containing that text adds to the count);
    every XML row opens with `<result>` (literal text is escaped); TSV writes one line per row
    and CSV at least one (a quoted value may span lines), after the header line.
    """
    if media_type == JSON:
        return 0 if body.endswith(b"[]}}") else body.count(b"},{") + 1
    if media_type == XML:
        return body.count(b"<result>")
    return max(0, body.count(b"\n") - 1)


def native_select(
    media_type: str, result: QuerySolutions, row_cap: int, byte_cap: int | None
) -> Written | None:
    """The whole result written by pyoxigraph, when it fits both caps; None when it does not
    (or may not): the caller then writes a fresh evaluation with `write_select`."""
    sink = _CappedSink(_unlimited(byte_cap))
    try:
        result.serialize(sink, format=NATIVE_FORMATS[media_type])
    except (_Overflow, OSError, ValueError):
        if sink.overflowed:  # pyoxigraph may wrap our exception in its own
            return None
        raise
    body = sink.getvalue()
    count = rows_at_most(media_type, body)
    return Written(body, count) if count <= row_cap else None


def _unlimited(cap: int | None) -> int:
    return sys.maxsize if cap is None else cap


def select_json(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    return write_select(JSON, variables, rows).body


def select_xml(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    return write_select(XML, variables, rows).body


def select_csv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    return write_select(CSV, variables, rows).body


def select_tsv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    return write_select(TSV, variables, rows).body


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


def _gather(
    triples: Iterable[Triple], row_cap: int, budget: int
) -> tuple[list[Triple], str | None]:
    """The first triples up to `row_cap`, stopping once their N-Triples exceed `budget` bytes;
    and the limit that stopped it (None if the triples ran out first)."""
    kept: list[Triple] = []
    size = 0
    iterator = iter(triples)
    while chunk := list(islice(iterator, GATHER_CHUNK)):
        if len(kept) + len(chunk) > row_cap:
            kept += chunk[: row_cap - len(kept)]
            return kept, ROWS_LIMIT
        # Measured a chunk at a time: pyoxigraph's writer is much cheaper than str() per triple.
        size += len(serialize(chunk, format=RdfFormat.N_TRIPLES) or b"")
        kept += chunk
        if size > budget:
            more = next(iterator, None) is not None
            return kept, BYTES_LIMIT if more else None
    return kept, None


def write_graph(
    media_type: str,
    triples: Iterable[Triple],
    row_cap: int | None = None,
    byte_cap: int | None = None,
    prefixes: dict[str, str] | None = None,
) -> Written:
    """Serialise the first triples that fit both caps; count 0 with BYTES_LIMIT: none fits."""
    room = _unlimited(byte_cap)
    kept, limit = _gather(triples, _unlimited(row_cap), GATHER_FACTOR * room)
    body = graph(media_type, kept, prefixes)
    while len(body) > room:
        limit = BYTES_LIMIT
        if not kept:
            break
        # Cut in proportion to the excess; each pass keeps strictly fewer triples.
        kept = kept[: min(len(kept) - 1, len(kept) * room // len(body))]
        body = graph(media_type, kept, prefixes)
    return Written(body, len(kept), limit)
