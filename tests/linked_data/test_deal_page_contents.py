"""The deal page's table of contents, dates written as a reader writes them, and a note shared by
several results said once."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from support.apps import TestClient

from regiodeal.namespaces import RD


def test_table_of_contents_links_every_section_shown(client: TestClient) -> None:
    page = unescape(client.get("/doc/regiodeal/delft-west").text)
    toc = page[
        page.index('<nav class="toc"') : page.index("</nav>", page.index('<nav class="toc"'))
    ]
    targets = re.findall(r'<a class="nl-link" href="#([^"]+)">', toc)
    sections = re.findall(r'<section id="([^"]+)">', page)
    # every section on the page, in page order, and nothing that is not there
    assert targets == sections
    assert {"geld", "partijen", "doelen", "resultaten"} <= set(targets)


def test_dates_in_words(client: TestClient) -> None:
    # Convenant Regio Deal Delft West, artikel 13: "... en eindigt op 31 december 2028."
    nl = unescape(client.get("/doc/regiodeal/delft-west").text)
    en = unescape(client.get("/doc/regiodeal/delft-west", params={"lang": "en"}).text)
    assert "<dt>Einddatum</dt>" in nl and "31 december 2028" in nl
    assert "31 December 2028" in en
    assert "2028-12-31" not in nl.split("</dl>")[0]  # the key facts show no ISO date
    index = unescape(client.get("/doc/", params={"sort": "end", "order": "desc"}).text)
    assert "31 december 2028" in index


def test_a_comment_shared_by_several_results_is_said_once(client: TestClient, graph: Graph) -> None:
    deal = URIRef("https://w3id.org/regiodeal/id/regiodeal/delft-west")
    comments = Counter(
        str(c)
        for r in graph.objects(deal, RD.intendedResult)
        for c in graph.objects(r, RDFS.comment)
        if getattr(c, "language", None) == "nl"
    )
    shared = [text for text, n in comments.items() if n > 1]
    assert shared  # the covenant's note under its table of results, on each result
    page = unescape(client.get("/doc/regiodeal/delft-west").text)
    part = page[page.index('<section id="resultaten">') :]
    part = part[: part.index("</section>")]
    for text in shared:
        assert part.count(text) == 1
