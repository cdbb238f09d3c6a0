"""The ontology at its namespace: /def serves the namespace document, so every term IRI
(https://w3id.org/regiodeal/def#Term) resolves to its anchor in it.

HTML is pyLODE's documentation (extra `docs`), rendered once on first request, in a thread; without
pyLODE a plain list of the terms (with the same #Term anchors) stands in. Turtle, JSON-LD,
N-Triples and RDF/XML by content negotiation or ?format=. `regiodeal docs` renders the same page.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from regiodeal.sparql.results import JSONLD, NTRIPLES, RDFXML, TURTLE
from regiodeal.sparql.service_description import SERIALISERS

INSTALL_HINT = "pyLODE is not installed: pip install -e '.[docs]'"
TERM_KINDS = (
    (OWL.Class, "Klassen", "Classes"),
    (OWL.ObjectProperty, "Objecteigenschappen", "Object properties"),
    (OWL.DatatypeProperty, "Data-eigenschappen", "Datatype properties"),
)
# pyLODE writes one <style> element into its page: on /def inline styles are allowed (scripts
# are not: its only <script> is a JSON-LD data block, which browsers do not run).
ONTOLOGY_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
RDF_OFFERS = (TURTLE, JSONLD, NTRIPLES, RDFXML)


def import_pylode() -> Any:  # pyLODE has no type information
    """pyLODE's OntPub, leaving the root logger as it was.

    Importing pyLODE calls logging.basicConfig(level=DEBUG) (pylode/profiles/supermodel/
    loader.py), which would print every DEBUG and INFO record of every library from then on.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub  # optional dependency
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


MAIN_ONTOLOGY = URIRef("https://w3id.org/regiodeal/def")


def main_header_only(ontology: Graph) -> Graph:
    """The ontology with one owl:Ontology header, the main one: pyLODE merges every header it
    finds into one title, so the imported module's header (ontology/validation.ttl) is left out
    of the page; its terms stay."""
    page = Graph()
    for prefix, namespace in ontology.namespaces():
        page.bind(prefix, namespace)
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != MAIN_ONTOLOGY}
    for triple in ontology:
        if triple[0] not in modules:
            page.add(triple)
    return page


def pylode_html(ontology: Graph) -> str:
    """pyLODE's page; ImportError (with the install hint) when pyLODE is missing."""
    OntPub = import_pylode()
    # sort_subjects: a stable page order, so that two builds of one ontology are identical.
    return str(OntPub(ontology=main_header_only(ontology), sort_subjects=True).make_html())


def anchor_every_term(page: str, ids: list[str]) -> str:
    """pyLODE changes the case of some ids (rd:deviationAllowed at id="deviationallowed",
    rd:CitationTitleInUse at id="Citationtitleinuse") while its own links keep the term's name:
    add the exact anchor before each such element, so that every term IRI
    https://w3id.org/regiodeal/def#Term lands on its entry."""
    taken = set(ids)
    for term_id in ids:
        if f'id="{term_id}"' in page:
            continue
        pattern = r'<[a-z0-9]+[^<>]*\bid="(' + re.escape(term_id) + r')"[^<>]*>'
        for found in re.finditer(pattern, page, flags=re.IGNORECASE):
            if found[1] in taken:  # another term's own anchor
                continue
            anchor = f'<span id="{html.escape(term_id)}"></span>'
            page = page[: found.start()] + anchor + page[found.start() :]
            break
    return page


def add_missing_terms(page: str, terms: list[dict[str, Any]]) -> str:
    """Terms pyLODE left out of its page (some datatype properties), in a section of their own
    before </body>, each at its #Term anchor with its labels and definitions."""
    missing = [t for t in terms if f'id="{t["id"]}"' not in page]
    if not missing:
        return page
    entries = []
    for term in missing:
        label = term["labels"].get("en") or term["labels"].get("nl") or term["id"]
        definition = term["defs"].get("en") or term["defs"].get("nl") or ""
        entries.append(
            f'<dt id="{html.escape(term["id"])}"><code>{html.escape(term["iri"])}</code> '
            f"{html.escape(label)}</dt><dd>{html.escape(definition)}</dd>"
        )
    section = (
        '<section id="more-terms"><h2>More terms</h2><dl>' + "".join(entries) + "</dl></section>"
    )
    at = page.rfind("</body>")
    return page[:at] + section + page[at:] if at >= 0 else page + section


def accessible(page: str) -> str:
    """What axe-core found on pyLODE's page: no lang on <html> (the ontology's titles, labels and
    definitions are Dutch first; pyLODE's own headings are English), and its grey side-banner
    text (#808080 on white: 3.9:1, under the 4.5:1 of WCAG AA) darkened to #595959 (7:1)."""
    page = page.replace("<html>", '<html lang="nl">', 1)
    return page.replace("color: grey;", "color: #595959;")


def local_name(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _by_language(graph: Graph, term: URIRef, predicate: URIRef) -> dict[str | None, str]:
    return {
        value.language: str(value)
        for value in graph.objects(term, predicate)
        if isinstance(value, Literal)
    }


def term_list(ontology: Graph, namespace: str) -> list[dict[str, Any]]:
    """The ontology's own terms by kind, for the page without pyLODE."""
    kinds = []
    for kind, nl, en in TERM_KINDS:
        terms = []
        own = {t for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef)}
        for term in sorted(t for t in own if str(t).startswith(namespace)):
            labels = _by_language(ontology, term, RDFS.label)
            definitions = _by_language(ontology, term, SKOS.definition)
            terms.append(
                {"id": local_name(term), "iri": str(term), "labels": labels, "defs": definitions}
            )
        kinds.append({"nl": nl, "en": en, "terms": terms})
    return kinds


@dataclass
class OntologyDocument:
    """The ontology graph and its renderings, each made once."""

    graph: Graph
    namespace: str  # e.g. https://w3id.org/regiodeal/def#
    _html: str | None = None
    _serialised: dict[str, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rdf(self, media_type: str) -> bytes:
        with self._lock:
            if media_type not in self._serialised:
                body = self.graph.serialize(format=SERIALISERS[media_type], encoding="utf-8")
                self._serialised[media_type] = body
            return self._serialised[media_type]

    def html(self) -> str | None:
        """pyLODE's page, or None without pyLODE (the caller renders term_list instead)."""
        with self._lock:
            if self._html is None:
                try:
                    page = pylode_html(self.graph)
                except ImportError:
                    return None
                kinds = term_list(self.graph, self.namespace)
                terms = [term for kind in kinds for term in kind["terms"]]
                page = anchor_every_term(page, [term["id"] for term in terms])
                self._html = accessible(add_missing_terms(page, terms))
            return self._html
