"""The YASGUI page in a real browser (Debian's chromium, driven by Playwright; never downloaded)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import LiveServer


@pytest.fixture(scope="module")
def page(bundled_server: LiveServer, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.outside_requests = []  # every request to another host: there must be none

        def record(request) -> None:
            if urlsplit(request.url).netloc not in (urlsplit(bundled_server.url).netloc, ""):
                page.outside_requests.append(request.url)

        page.on("request", record)
        page.goto(bundled_server.url + "/")
        yield page
    finally:
        context.close()


def test_runs_a_query_and_shows_the_table(page) -> None:
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate(
        "() => { yasgui.getTab().setQuery('PREFIX rd: <https://w3id.org/regiodeal/def#> "
        "SELECT ?deal WHERE { ?deal a rd:RegioDeal } ORDER BY ?deal'); return true; }"
    )
    page.click(".yasqe_queryButton")
    cell = page.wait_for_selector(
        ".yasr table.dataTable tbody td a, .yasr table tbody td", timeout=20000
    )
    table = page.inner_text(".yasr table")
    assert "regiodeal/" in table, table[:500]
    assert cell is not None


def test_named_queries_are_offered(page) -> None:
    link = page.wait_for_selector("#examples a[data-query='ministries-per-deal']")
    link.click()
    page.wait_for_function("yasgui.getTab().getQuery().includes('rd:ministryParty')")


def test_nothing_loaded_from_elsewhere(page) -> None:
    assert page.outside_requests == []
