"""The theme scheme (docs/data-conventions.md, "Themes"): a two-level SKOS hierarchy whose
narrower concepts come from what a seed document funds, stated in both directions."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import SKOS

from regiodeal.namespaces import ID, RD

SCHEME = ID["scheme/thema"]
# the narrower concepts and the top theme each sits under, read from the seeds: 001 art. 3
# 2.5.1/2.5.2 (instapeconomie, wijkbedrijf), 2.3.1 (Jongerenpunt 070), 1.2.1 (Jongerenraad),
# 2.1.3 c and 002 art. 4 onderdeel 3 d (bedrijfscontactfunctionaris)
NARROWER = {
    "wijkbedrijf": "wijkbedrijven-instapeconomie",
    "instapeconomie": "wijkbedrijven-instapeconomie",
    "jongerenpunt": "jongeren-school-werk",
    "jongerenraad": "bewonersparticipatie",
    "bedrijfscontactfunctionaris": "ondernemerschap",
}


def concepts(graph: Graph) -> set:
    return set(graph.subjects(SKOS.inScheme, SCHEME))


def test_broader_and_narrower_are_stated_both_ways(graph: Graph) -> None:
    # the store does not materialise SKOS inverses: a concept stated only with skos:broader
    # would be missing from a skos:narrower walk (the Linked Data page of its parent)
    broader = {(c, p) for c, p in graph.subject_objects(SKOS.broader) if c in concepts(graph)}
    narrower = {(c, p) for p, c in graph.subject_objects(SKOS.narrower) if p in concepts(graph)}
    assert broader == narrower
    expected = {(ID[f"thema/{c}"], ID[f"thema/{p}"]) for c, p in NARROWER.items()}
    assert expected <= broader


def test_narrower_themes_are_not_top_concepts_and_top_themes_are(graph: Graph) -> None:
    for concept in concepts(graph):
        has_broader = (concept, SKOS.broader, None) in graph
        is_top = (concept, SKOS.topConceptOf, SCHEME) in graph
        assert has_broader != is_top, concept


def test_every_theme_has_dutch_and_english_label_and_definition(graph: Graph) -> None:
    for concept in concepts(graph):
        for prop in (SKOS.prefLabel, SKOS.definition):
            langs = {v.language for v in graph.objects(concept, prop)}
            assert {"nl", "en"} <= langs, (concept, prop, langs)


def test_an_intervention_with_a_narrower_theme_keeps_its_top_theme(graph: Graph) -> None:
    # queries that match rd:theme directly (deals-per-theme, recurring-themes) still count it
    for node, theme in graph.subject_objects(RD.theme):
        for parent in graph.objects(theme, SKOS.broader):
            assert (node, RD.theme, parent) in graph, (node, theme, parent)
