"""A page's 'Query-editor' link opens the YASGUI page with that page's query in a new tab
(Debian's chromium, driven by Playwright; never downloaded)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from support.live import LiveServer


def editor_link(live: LiveServer, path: str) -> str:
    page = httpx.get(live.url + path, timeout=30).text  # the live server's own links
    found = re.search(r'<a class="nl-link" href="([^"]+)">Query-editor</a>', page)
    assert found, "no query-editor link on " + path
    return unescape(found.group(1))


def editor_text(page) -> str:
    """The text of the editor on screen (each tab has its own; the others are hidden)."""
    editor = page.locator(".yasqe .CodeMirror >> visible=true")
    editor.wait_for()
    shown = editor.locator(".CodeMirror-code").inner_text()
    # CodeMirror draws only the lines in view; getValue() is the whole text the user would run.
    value = editor.evaluate("element => element.CodeMirror.getValue()")
    assert value.splitlines()[0] in shown
    return value


@pytest.mark.parametrize("path", ["/doc/regiodeal/delft-west", "/doc/"])
def test_editor_link_opens_the_pages_query(live: LiveServer, browser, path: str) -> None:
    link = editor_link(live, path)
    query = parse_qs(urlsplit(link).query)["query"][0]
    context = browser.new_context()  # fresh localStorage: no tabs from an earlier test
    try:
        page = context.new_page()
        page.goto(link, wait_until="load")
        assert editor_text(page) == query
        tabs = page.evaluate("Object.keys(yasgui._tabs).length")
        assert tabs == 2  # YASGUI's own first tab, and ours beside it
        assert "query=" not in page.url  # a reload does not open it again
        page.reload(wait_until="load")
        assert page.evaluate("Object.keys(yasgui._tabs).length") == 2
    finally:
        context.close()


def test_editor_link_runs_against_this_server(live: LiveServer, browser) -> None:
    own = live.url + "/sparql"
    link = editor_link(live, "/doc/")  # the index's SELECT: one row per deal
    context = browser.new_context()
    try:
        page = context.new_page()
        sent: list[str] = []
        page.on("request", lambda request: sent.append(request.url))
        page.goto(link, wait_until="load")
        editor_text(page)
        assert page.evaluate("yasgui.getTab().getEndpoint()") == own
        page.locator(".yasqe_queryButton >> visible=true").click()
        page.wait_for_selector(".yasr table tbody td >> visible=true", timeout=20000)
        table = page.locator(".yasr table >> visible=true").inner_text()
        assert "Delft" in table, table[:300]
        assert any(url.startswith(own) for url in sent)
        assert not [url for url in sent if "dbpedia" in url]
    finally:
        context.close()


def test_without_query_nothing_is_added(live: LiveServer, browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live.url + "/", wait_until="load")
        assert "CONSTRUCT" not in editor_text(page)
        assert page.evaluate("Object.keys(yasgui._tabs).length") == 1
    finally:
        context.close()
