"""The source documents the page queries report, on a small graph written here (issue #16).

The documents a cited part belongs to are found by walking dcterms:isPartOf+ up from the part and
checking the document reached with `source_document` (an EXISTS and FILTERed variable predicates,
so that pyoxigraph does not read every source document of the graph). Each case below is one
way that check could go wrong; the expected triples are read off the graph by hand.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store, Triple

from regiodeal.linked_data.graph_queries import neighbourhood_query
from regiodeal.linked_data.part_page import part_query
from regiodeal.linked_data.resource_page import resource_query
from regiodeal.linked_data.theme_page import theme_query

BASE = "https://w3id.org/regiodeal/"
ID = BASE + "id/"
RD = "https://w3id.org/regiodeal/def#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"

DEAL, INTERVENTION, THEME = ID + "regiodeal/x", ID + "interventie/x/1", ID + "thema/t"
DOC = ID + "document/d"  # an rd:SourceDocument with two titles and a type
ARTICLE, PARAGRAPH = DOC + "/artikel-1", DOC + "/artikel-1/lid-1"  # parts of DOC, two levels
NOTE = ID + "document/n"  # titled and typed, but not an rd:SourceDocument
NOTE_PART = NOTE + "/p"
UNTYPED = ID + "document/u"  # an rd:SourceDocument without dcterms:type
UNTYPED_PART = UNTYPED + "/p"


def nn(iri: str) -> NamedNode:
    return NamedNode(iri)


def lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


GRAPH: list[tuple[str, str, NamedNode | Literal]] = [
    (DEAL, RDF_TYPE, nn(RD + "RegioDeal")),
    (DEAL, RD + "hasIntervention", nn(INTERVENTION)),
    (INTERVENTION, RDF_TYPE, nn(RD + "Intervention")),
    (INTERVENTION, RD + "theme", nn(THEME)),
    (INTERVENTION, PROV, nn(PARAGRAPH)),
    (INTERVENTION, PROV, nn(NOTE_PART)),
    (INTERVENTION, PROV, nn(UNTYPED_PART)),
    (DOC, RDF_TYPE, nn(RD + "SourceDocument")),
    (DOC, DCT + "title", lit("Convenant", "nl")),
    (DOC, DCT + "title", lit("Covenant", "en")),
    (DOC, DCT + "alternative", lit("Afkorting")),  # not a title: never reported as one
    (DOC, DCT + "type", lit("convenant")),
    (ARTICLE, RDF_TYPE, nn(RD + "DocumentPart")),
    (ARTICLE, DCT + "isPartOf", nn(DOC)),
    (PARAGRAPH, RDF_TYPE, nn(RD + "DocumentPart")),
    (PARAGRAPH, DCT + "isPartOf", nn(ARTICLE)),
    (NOTE, DCT + "title", lit("Notitie")),
    (NOTE, DCT + "type", lit("notitie")),
    (NOTE_PART, DCT + "isPartOf", nn(NOTE)),
    (UNTYPED, RDF_TYPE, nn(RD + "SourceDocument")),
    (UNTYPED, DCT + "title", lit("Zonder soort")),
    (UNTYPED_PART, DCT + "isPartOf", nn(UNTYPED)),
]

# What a page reports of DOC for a cited PARAGRAPH (and nothing of NOTE or UNTYPED): the path
# PARAGRAPH -> ARTICLE -> DOC shortened to PARAGRAPH isPartOf DOC, both titles, the type.
PARAGRAPH_DOC = {
    (PARAGRAPH, DCT + "isPartOf", nn(DOC)),
    (DOC, DCT + "title", lit("Convenant", "nl")),
    (DOC, DCT + "title", lit("Covenant", "en")),
    (DOC, DCT + "type", lit("convenant")),
}
NOT_DOCUMENTS = {NOTE, UNTYPED}


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    store.extend(Quad(nn(s), nn(p), o) for s, p, o in GRAPH)
    return store


Stated = tuple[str, str, object]  # subject and predicate IRIs, the object as a pyoxigraph term


def constructed(store: Store, query: str) -> set[Stated]:
    return {
        (t.subject.value, t.predicate.value, t.object)  # type: ignore[union-attr]
        for t in store.query(query)  # type: ignore[union-attr]
        if isinstance(t, Triple)
    }


def document_triples(triples: set[Stated]) -> set[Stated]:
    """What the document branch adds: the isPartOf shortcuts from a cited part to its document
    (not in GRAPH, which states one level at a time) and the title and type of a document."""
    stated = set(GRAPH)
    shortcuts = {t for t in triples if t[1] == DCT + "isPartOf" and t not in stated}
    documents = (DOC, *NOT_DOCUMENTS)
    facts = {t for t in triples if t[0] in documents and t[1] in (DCT + "title", DCT + "type")}
    return shortcuts | facts


def test_resource_page_names_the_document_of_each_part_it_cites(store: Store) -> None:
    # INTERVENTION cites PARAGRAPH (DOC two levels up), NOTE_PART (NOTE: no rd:SourceDocument)
    # and UNTYPED_PART (UNTYPED: no dcterms:type): only DOC is a document a page can name.
    # Fails if the rd:SourceDocument check is dropped (NOTE appears), if dcterms:type becomes
    # optional (UNTYPED appears), if the title filter lets dcterms:alternative through, or if the
    # path walks one step only (ARTICLE instead of DOC).
    triples = constructed(store, resource_query(INTERVENTION, BASE))
    assert document_triples(triples) == PARAGRAPH_DOC
    assert not {s for s, _, _ in triples} & NOT_DOCUMENTS


def test_deal_page_names_the_documents_of_the_parts_two_steps_away(store: Store) -> None:
    # The deal's neighbourhood reaches INTERVENTION and its three parts (two steps), whose own
    # statements (NOTE_PART isPartOf NOTE, ...) bring the labels of NOTE and UNTYPED (a title is a
    # label), but the only shortcut to a document is PARAGRAPH's to DOC.
    triples = constructed(store, neighbourhood_query(DEAL, BASE))
    labels_of_parents = {
        (NOTE, DCT + "title", lit("Notitie")),
        (NOTE, DCT + "type", lit("notitie")),
        (UNTYPED, DCT + "title", lit("Zonder soort")),
    }
    assert document_triples(triples) == PARAGRAPH_DOC | labels_of_parents


def test_theme_page_names_the_documents_of_the_parts_its_interventions_cite(store: Store) -> None:
    triples = constructed(store, theme_query(THEME))
    assert document_triples(triples) == PARAGRAPH_DOC
    assert (DEAL, RD + "hasIntervention", nn(INTERVENTION)) in triples


def test_part_page_names_its_own_document(store: Store) -> None:
    # The part page of PARAGRAPH walks up itself: PARAGRAPH isPartOf DOC with DOC's title and type
    # (its own isPartOf ARTICLE is among its statements, ARTICLE untitled).
    triples = constructed(store, part_query(PARAGRAPH, BASE))
    assert document_triples(triples) == PARAGRAPH_DOC
    assert (PARAGRAPH, DCT + "isPartOf", nn(ARTICLE)) in triples
