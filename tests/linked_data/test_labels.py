"""Nodes without a name are shown by the start of what they say, never by their IRI's last
segment; sources on theme pages name their document."""

from __future__ import annotations

import re
from html import unescape

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from support.apps import TestClient

from regiodeal.linked_data.presentation import SHORT_TEXT, label, short_text

ID = "https://w3id.org/regiodeal/id/"
# data/ttl/deals/delft-west.ttl, discrepantie/delft-west/1 (rdfs:comment @nl and @en).
DISCREPANCY_1_NL = "Doel 1 heet in artikel 1, in de kop 'Aanpak doel 1' en in aanpak 1.2 'het…"
DISCREPANCY_1_EN = "Goal 1 reads 'kanselijkheid' in article 1, in the heading 'Aanpak doel 1' and…"


def page(client: TestClient, path: str, **params: str) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text[:300]
    return unescape(response.text)


def link_texts(html: str, target: str) -> list[str]:
    """The text of every link to `target` (an /id/ path), language parameter ignored."""
    link = rf'<a class="nl-link" href="[^"]*/id/{re.escape(target)}(?:\?[^"]*)?">([^<]*)</a>'
    return re.findall(link, html)


def test_short_text_cuts_at_a_word() -> None:
    text = "Doel 1 heet in artikel 1, in de kop 'Aanpak doel 1' en in aanpak 1.2 'het creëren'"
    short = short_text(text)
    assert short == DISCREPANCY_1_NL
    assert len(short) <= SHORT_TEXT
    assert short_text("  Kort\n  genoeg ") == "Kort genoeg"
    assert short_text("x" * 200) == "x" * (SHORT_TEXT - 1) + "…"


def test_label_prefers_a_name_then_text_in_the_page_language() -> None:
    graph, node = Graph(), URIRef(ID + "discrepantie/x/8")
    assert label(graph, node, "nl") == "8"  # nothing else known: the IRI's last segment
    graph.add((node, RDFS.comment, Literal("Een opmerking.", lang="nl")))
    graph.add((node, RDFS.comment, Literal("A remark.", lang="en")))
    assert label(graph, node, "en") == "A remark."
    assert label(graph, node, "nl") == "Een opmerking."
    graph.add((node, RDFS.label, Literal("Naam", lang="nl")))
    assert label(graph, node, "en") == "Naam"


@pytest.mark.parametrize(("lang", "expected"), [("nl", DISCREPANCY_1_NL), ("en", DISCREPANCY_1_EN)])
def test_part_page_names_its_discrepancies(client: TestClient, lang: str, expected: str) -> None:
    # Discrepantie 1 is derived from artikel 1 and located there (delft-west.ttl).
    html = page(client, "/doc/document/convenant-delft-west/artikel-1", lang=lang)
    texts = link_texts(html, "discrepantie/delft-west/1")
    assert texts == [expected, expected]  # "Afgeleid uit dit onderdeel" and "Tegenstrijdigheden"
    assert link_texts(html, "discrepantie/delft-west/13")[0].startswith(
        "De drie doelen heten" if lang == "nl" else "The three goals are called"
    )


def test_part_page_names_a_programme_reference_by_its_quote(client: TestClient) -> None:
    # programmaverwijzing/delft-west/10: rd:quote "Vanuit de Regio Deal wordt bijgedragen aan ..."
    html = page(client, "/doc/document/convenant-delft-west/artikel-1")
    assert link_texts(html, "programmaverwijzing/delft-west/10") == [
        "Vanuit de Regio Deal wordt bijgedragen aan de doelstellingen van Gebiedsplan…"
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/doc/doel/delft-west/1", "discrepantie/delft-west/1"),  # via rd:discrepancy
        ("/doc/interventie/delft-west/2.1", "discrepantie/delft-west/12"),
        ("/doc/resultaat/delft-west/1", "discrepantie/delft-west/9"),
    ],
)
def test_resource_pages_name_linked_discrepancies(
    client: TestClient, path: str, target: str
) -> None:
    texts = link_texts(page(client, path), target)
    assert texts, f"no link to {target}"
    for text in texts:
        assert len(text) > 20 and text != target.rsplit("/", 1)[-1]


def test_discrepancy_page_title(client: TestClient) -> None:
    html = page(client, "/doc/discrepantie/delft-west/8")
    title = re.search(r'<h1 class="nl-heading nl-heading--level-1">(.*?)</h1>', html).group(1)
    assert title.startswith("De begripsbepaling definieert de 'Alliantieraad Wij West'")


def test_theme_sources_name_the_document(client: TestClient) -> None:
    html = page(client, "/doc/thema/ontmoetingsplekken")
    # Delft West artikel 2, aanpak 2.1 Buurtfabriek; Den Haag Zuidwest artikel 4, onderdeel 1 a.
    part = "document/convenant-delft-west/artikel-2/aanpak-2.1"
    assert link_texts(html, part) == [
        "Artikel 2, aanpak 2.1 Buurtfabriek — Convenant Regio Deal Delft West"
    ]
    part = "document/convenant-den-haag-zuidwest/artikel-4/onderdeel-1/a"
    assert link_texts(html, part) == [
        "Artikel 4, onderdeel 1, sub a — Convenant Regio Deal Den Haag Zuidwest"
    ]
    sources = re.findall(r'<span class="source">(.*?)</span>', html)
    assert sources and all(" — " in s for s in sources)
