"""The deal page's table of contents, and dates written as a reader writes them."""

from __future__ import annotations

import re
from html import unescape

from support.apps import TestClient


def test_table_of_contents_links_every_section_shown(client: TestClient) -> None:
    page = unescape(client.get("/doc/regiodeal/delft-west").text)
    toc = page[
        page.index('<nav class="toc"') : page.index("</nav>", page.index('<nav class="toc"'))
    ]
    targets = re.findall(r'<a href="#([^"]+)">', toc)
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
