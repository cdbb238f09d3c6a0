"""English labels (docs/data-conventions.md, "English"): the content is Dutch as printed; every
deal, ministry, dated ministry name, goal and intervention also has one English label marked as
a translation (rd:translatedLabel, a sub-property of rdfs:label), every code-list concept and
organisation type an English label of its own vocabulary, and quotes stay as printed."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from support.added import added_deals

from regiodeal.namespaces import ID, RD

# The kinds whose Dutch label is a name or title as printed (or as TOOI gives it), so that the
# English one is a translation by the project.
TRANSLATED_KINDS = (RD.RegioDeal, RD.Ministry, RD.MinistryName, RD.Goal, RD.Intervention)
ORG = "http://www.w3.org/ns/org#"
TOOI = "https://identifier.overheid.nl/tooi/id/"


def literals(graph: Graph, node: URIRef, predicate: URIRef, lang: str | None) -> list[Literal]:
    return [
        value
        for value in graph.objects(node, predicate)
        if isinstance(value, Literal) and value.language == lang
    ]


def translation_problems(graph: Graph, kinds=TRANSLATED_KINDS) -> list[str]:
    """Every resource of the kinds without exactly one Dutch label and one English translation,
    or with an English rdfs:label that is not marked as a translation."""
    # A deal added through the YAML template (regiodeal new) has its Dutch name only; its
    # translation is added when it is curated, like its other reference data.
    skip = added_deals(graph)
    problems = []
    for kind in kinds:
        for node in sorted(set(graph.subjects(RDF.type, kind)) - skip):
            dutch = literals(graph, node, RDFS.label, "nl")
            english = literals(graph, node, RD.translatedLabel, "en")
            unmarked = literals(graph, node, RDFS.label, "en")
            if len(dutch) != 1 or len(english) != 1 or unmarked:
                problems.append(f"{node}: nl {dutch}, translated {english}, unmarked {unmarked}")
    return problems


def test_every_deal_ministry_goal_and_intervention_has_one_marked_english_label(
    graph: Graph,
) -> None:
    assert translation_problems(graph) == []
    # every kind is there to be checked (an empty kind would pass trivially)
    for kind in TRANSLATED_KINDS:
        assert any(graph.subjects(RDF.type, kind)), kind


def unmarked_english(graph: Graph) -> list[str]:
    """Resources of the data (our /id/ IRIs and TOOI's) with an English rdfs:label that is not
    marked as a translation; the code lists' concepts and schemes are vocabulary, exempt."""
    vocabulary = set(graph.subjects(RDF.type, SKOS.Concept)) | set(
        graph.subjects(RDF.type, SKOS.ConceptScheme)
    )
    return sorted(
        f"{node} {value}"
        for node, value in graph.subject_objects(RDFS.label)
        if isinstance(value, Literal)
        and value.language == "en"
        and str(node).startswith((str(ID), TOOI))
        and node not in vocabulary
    )


def test_no_english_label_in_the_data_is_left_unmarked(graph: Graph) -> None:
    # tranches, programmes, NPLV focus areas, clause standards included
    assert unmarked_english(graph) == []
    assert (
        ID["tranche/5"],
        RD.translatedLabel,
        Literal("Fifth tranche of Regio Deals", lang="en"),
    ) in graph
    probe = Graph()
    probe.add((ID["tranche/9"], RDFS.label, Literal("Ninth tranche", lang="en")))
    probe.add((ID["thema/x"], RDF.type, SKOS.Concept))
    probe.add((ID["thema/x"], RDFS.label, Literal("theme x", lang="en")))
    assert len(unmarked_english(probe)) == 1  # the tranche, not the concept


def test_the_translation_check_can_fail() -> None:
    deal = ID["regiodeal/proef"]
    graph = Graph()
    graph.add((deal, RDF.type, RD.RegioDeal))
    graph.add((deal, RDFS.label, Literal("Regio Deal Proef", lang="nl")))
    assert len(translation_problems(graph)) == 1  # no English label
    graph.add((deal, RDFS.label, Literal("Regio Deal Test", lang="en")))
    assert len(translation_problems(graph)) == 1  # English, but not marked as a translation
    graph.remove((deal, RDFS.label, Literal("Regio Deal Test", lang="en")))
    graph.add((deal, RD.translatedLabel, Literal("Regio Deal Test", lang="en")))
    assert translation_problems(graph) == []
    graph.remove((deal, RDFS.label, Literal("Regio Deal Proef", lang="nl")))
    assert len(translation_problems(graph)) == 1  # the Dutch as printed is gone


def test_the_printed_dutch_is_kept_beside_the_translation(graph: Graph) -> None:
    # data/ttl/deals/delft-west.ttl, from 000 art. 1: goal 1 as printed (with its typo,
    # discrepantie/delft-west/1) and its translation; the Rijswijk application's deal name
    goal = ID["doel/delft-west/1"]
    assert literals(graph, goal, RDFS.label, "nl") == [
        Literal(
            "Het creëren van kanselijkheid voor jeugd en jongeren in het onderwijs en op de "
            "arbeidsmarkt",
            lang="nl",
        )
    ]
    deal = ID["regiodeal/rijswijk-den-haag"]
    assert literals(graph, deal, RD.translatedLabel, "en") == [
        Literal("Regio Deal Rijswijk and Den Haag (6th-tranche application)", lang="en")
    ]
    # the ministries' English names come from scripts/build_reference.py (ENGLISH_NAMES)
    bzk = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")
    assert literals(graph, bzk, RD.translatedLabel, "en") == [
        Literal("Ministry of the Interior and Kingdom Relations", lang="en")
    ]


def test_every_code_list_concept_and_scheme_has_a_dutch_and_an_english_label(
    graph: Graph,
) -> None:
    # the code lists are the project's own vocabulary, bilingual from the start: their English
    # skos:prefLabel is no translation of a printed name, so it is not marked as one
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(graph.subjects(SKOS.inScheme, None))
    assert len(schemes) >= 10 and len(concepts) >= 100
    for node in sorted(schemes | concepts):
        for lang in ("nl", "en"):
            assert len(literals(graph, node, SKOS.prefLabel, lang)) == 1, (node, lang)


def test_every_organisation_type_has_a_dutch_and_an_english_label(graph: Graph) -> None:
    kinds = set(graph.transitive_subjects(RDFS.subClassOf, URIRef(ORG + "Organization")))
    ours = {kind for kind in kinds if str(kind).startswith(str(RD))}
    # ontology/regiodeal.ttl: rd:Ministry, rd:Municipality, rd:Province, ... under org:Organization
    assert {RD.Ministry, RD.Municipality, RD.Province} <= ours
    for kind in sorted(ours):
        for lang in ("nl", "en"):
            assert len(literals(graph, kind, RDFS.label, lang)) == 1, (kind, lang)


def test_quotes_stay_as_printed(graph: Graph) -> None:
    # rd:quote is the source's own words: a plain string, never a tagged (translated) literal
    tagged = [q for q in graph.objects(None, RD.quote) if getattr(q, "language", None)]
    assert tagged == []
    assert any(graph.objects(None, RD.quote))
