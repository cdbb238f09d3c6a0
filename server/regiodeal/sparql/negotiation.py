"""HTTP content negotiation, the one place for it: SPARQL results, RDF, HTML and reports.

`negotiate` picks the best media type we offer for an Accept header (RFC 9110);
`negotiate_result_types` applies it to a query's result form; `parse_content_type` reads the
Content-Type of a request or response. The routers and the query services all use these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from regiodeal.sparql import results
from regiodeal.sparql.service import Answer, text_answer

HTML = "text/html"
# The RDF syntaxes a document is offered in, best first (pages add HTML in front or behind).
RDF_TYPES = (results.TURTLE, results.JSONLD, results.NTRIPLES, results.RDFXML)
# Other names clients send for the SPARQL result and RDF types we write (text/plain for
# N-Triples, application/json for SPARQL JSON): pass `ALIASES` where those are offered. Elsewhere
# (a JSON report, a JSON error) application/json means plain JSON.
ALIASES: Mapping[str, str] = results.ALIASES
TABULAR_FORMS = {"SELECT", "ASK"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media_range = fields[0].lower()
        if not media_range:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media_range, q))
    return ranges


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """The media type and its charset parameter, lower-cased ('' and None when absent)."""
    fields = [f.strip() for f in (header or "").split(";")]
    charset = None
    for param in fields[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].lower(), charset


def _quality(offer: str, ranges: list[tuple[str, float]], aliases: Mapping[str, str]) -> float:
    """q of the most specific range matching `offer` (exact beats type/* beats */*)."""
    best: tuple[int, float] | None = None
    kind = offer.split("/")[0]
    for media_range, q in ranges:
        if aliases.get(media_range, media_range) == offer:
            # an alias ranks just below the real name
            specificity = 3 if media_range == offer else 2
        elif media_range == f"{kind}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or (specificity, q) > best:
            best = (specificity, q)
    return best[1] if best else 0.0


def negotiate(
    accept: str | None, offers: Sequence[str], aliases: Mapping[str, str] | None = None
) -> str | None:
    """The acceptable offer with the highest q; ties go to the earlier offer. None if none fits.

    `aliases` maps other names of a media type to the offer they stand for."""
    ranges = parse_accept(accept)
    scored = [(_quality(offer, ranges, aliases or {}), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None


def _not_acceptable(form: str, offers: tuple[str, ...]) -> Answer:
    return text_answer(
        406, f"Not Acceptable: a {form} result can be sent as one of: {', '.join(offers)}"
    )


def negotiate_result_types(
    form: str | None, accept: str | None
) -> tuple[str | None, str | None] | Answer:
    """The media types to answer a query of `form` in (tabular, graph), or the 406 to send.

    The form decides which list applies; both are negotiated for a query whose form is unknown."""
    tabular = negotiate(accept, results.TABULAR_TYPES, ALIASES)
    graph = negotiate(accept, results.GRAPH_TYPES, ALIASES)
    if form is not None and form in TABULAR_FORMS and tabular is None:
        return _not_acceptable(form, results.TABULAR_TYPES)
    if form is not None and form in GRAPH_FORMS and graph is None:
        return _not_acceptable(form, results.GRAPH_TYPES)
    if tabular is None and graph is None:
        return _not_acceptable("query", results.TABULAR_TYPES + results.GRAPH_TYPES)
    return tabular, graph
