"""The YASGUI page in a real browser (Debian's chromium, driven by Playwright; never downloaded)."""

from __future__ import annotations

from pathlib import Path
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
    assert cell is not None
    # the deals' IRIs are the links' titles (their text becomes the label, see below)
    page.wait_for_selector(".yasr table a[title*='/id/regiodeal/']", timeout=20000)
    assert "Regio Deal" in page.inner_text(".yasr table")


def test_named_queries_are_offered(page) -> None:
    link = page.wait_for_selector("#examples a[data-query='ministries-per-deal']")
    link.click()
    page.wait_for_function("yasgui.getTab().getQuery().includes('rd:ministryParty')")


def test_nothing_loaded_from_elsewhere(page) -> None:
    assert page.outside_requests == []


@pytest.fixture
def fresh(bundled_server: LiveServer, browser):
    """A page in a new browser context (empty localStorage), recording the SPARQL requests."""
    context = browser.new_context()
    page = context.new_page()
    page.sparql_seen = []
    page.on(
        "request",
        lambda request: page.sparql_seen.append(request.url) if "sparql" in request.url else None,
    )
    yield page
    context.close()


def run_and_read_rows(page) -> str:
    """Run the visible tab's query and return its results table's text."""
    page.locator(".yasqe_queryButton >> visible=true").click()
    page.wait_for_selector(".yasr table tbody td >> visible=true", timeout=20000)
    return page.locator(".yasr table >> visible=true").inner_text()


def test_an_example_runs_against_this_server(bundled_server: LiveServer, fresh) -> None:
    own = bundled_server.url + "/sparql"
    fresh.goto(bundled_server.url + "/")
    fresh.wait_for_selector("#examples a[data-query='ministries-per-deal']").click()
    fresh.wait_for_function("yasgui.getTab().getQuery().includes('rd:ministryParty')")
    # The tab the example opened points here, not at YASGUI's default dbpedia.org.
    assert fresh.evaluate("yasgui.getTab().getEndpoint()") == own
    table = run_and_read_rows(fresh)
    assert "Delft" in table, table[:300]  # a deal of this graph: the rows came from here
    assert fresh.sparql_seen and all(url.startswith(own) for url in fresh.sparql_seen)


def test_new_tabs_and_restored_tabs_use_this_server(bundled_server: LiveServer, fresh) -> None:
    own = bundled_server.url + "/sparql"
    fresh.goto(bundled_server.url + "/")
    fresh.wait_for_selector(".yasqe .CodeMirror")
    # A tab saved with another endpoint (as earlier versions of the page did: dbpedia.org) ...
    fresh.evaluate("() => { yasgui.getTab().setEndpoint('https://dbpedia.org/sparql'); }")
    fresh.evaluate("() => { yasgui.addTab(true); }")  # YASGUI's own '+' button
    fresh.reload()
    fresh.wait_for_selector(".yasqe .CodeMirror")
    # ... comes back pointing here, as does every other tab.
    endpoints = fresh.evaluate(
        "Object.keys(yasgui._tabs).map((id) => yasgui.getTab(id).getEndpoint())"
    )
    assert len(endpoints) == 2 and set(endpoints) == {own}
    # What is saved for the next visit (YASGUI's own key for this page) names no other endpoint.
    saved = fresh.evaluate(
        "Object.entries(localStorage).filter(([k]) => k.includes('regiodeal')).map(([, v]) => v)"
    )
    assert saved and not [value for value in saved if "dbpedia.org/sparql" in value], saved


def test_result_iris_link_to_this_server_with_labels(bundled_server: LiveServer, page) -> None:
    # a deal and a TOOI ministry in the results: each links to its page here, shows its label,
    # keeps the IRI on hover
    page.goto(bundled_server.url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate(
        "() => { yasgui.getTab().setQuery('PREFIX rd: <https://w3id.org/regiodeal/def#> "
        "SELECT ?deal ?ministry WHERE { VALUES ?deal "
        "{ <https://w3id.org/regiodeal/id/regiodeal/delft-west> } "
        "?deal rd:fundingProvider ?ministry }'); }"
    )
    page.locator(".yasqe_queryButton >> visible=true").click()
    deal = page.wait_for_selector(
        ".yasr table a[title='https://w3id.org/regiodeal/id/regiodeal/delft-west']", timeout=20000
    )
    page.wait_for_function(
        "() => document.querySelector(\".yasr table a[title$='delft-west']\")"
        ".textContent === 'Regio Deal Delft West'"
    )
    assert deal.get_attribute("href") == bundled_server.url + "/doc/regiodeal/delft-west"
    # 000 art. 4 lid 2: VRO reserveert (fundingProvider): TOOI mnre1171
    ministry = page.locator(".yasr table a[title$='/ministerie/mnre1171']")
    href = ministry.get_attribute("href")
    assert href is not None and href.startswith(bundled_server.url + "/doc/organisatie?iri=")
    assert ministry.inner_text().startswith("Ministerie van")


def test_chart_view_of_a_result_with_numbers(bundled_server: LiveServer, page) -> None:
    # deals per tranche: the chart view draws one bar per tranche, the longest the widest
    page.goto(bundled_server.url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate(
        "() => { yasgui.getTab().setQuery('PREFIX rd: <https://w3id.org/regiodeal/def#> "
        "SELECT ?tranche (COUNT(?deal) AS ?deals) WHERE { ?deal a rd:RegioDeal ; "
        "rd:tranche ?tranche } GROUP BY ?tranche ORDER BY ?tranche'); }"
    )
    page.locator(".yasqe_queryButton >> visible=true").click()
    page.wait_for_selector(".yasr table tbody td >> visible=true", timeout=20000)
    page.locator(".yasr .select_chart >> visible=true").click()
    page.wait_for_selector(".yasr .result-chart svg rect.bar")
    values = [
        float(v)
        for v in page.eval_on_selector_all(
            ".yasr .result-chart rect.bar", "rs => rs.map(r => r.dataset.value)"
        )
    ]
    widths = page.eval_on_selector_all(
        ".yasr .result-chart rect.bar", "rs => rs.map(r => Number(r.getAttribute('width')))"
    )
    assert len(values) == 6 and sum(values) > 0  # tranches 1-6
    assert widths[values.index(max(values))] == 640
    text = page.inner_text(".yasr .result-chart")
    assert "Tranche" in text or "tranche" in text  # the tranche's label, not its IRI
    shots = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "query-result-chart.png"))


# Three rows whose values are YASR's own English words: the interface is translated, the data
# never is.
WORDS_QUERY = 'SELECT ?word WHERE { VALUES ?word { "Table" "Response" "All" } }'


def run_in(page, url: str, query: str) -> None:
    page.goto(url)
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("(q) => { yasgui.getTab().setQuery(q); }", query)
    page.locator(".yasqe_queryButton >> visible=true").click()
    page.wait_for_selector(".yasr table tbody td >> visible=true", timeout=20000)


def test_result_interface_in_dutch(bundled_server: LiveServer, fresh) -> None:
    run_in(fresh, bundled_server.url + "/", WORDS_QUERY)
    assert fresh.evaluate("document.documentElement.lang") == "nl"
    fresh.wait_for_function(
        "() => /^3 resultaten in [0-9,]+ seconden?$/"
        ".test(document.querySelector('.yasr_response_chip').innerText.trim())"
    )
    header = fresh.inner_text(".yasr_header")
    assert "Tabel" in header and "Antwoord" in header and "Grafiek" in header
    for english in ("Table", "Response", "Simple view", "Ellipse", "Page size", "results"):
        assert english not in header, english
    assert fresh.get_attribute(".yasr .tableFilter", "placeholder") == "Resultaten filteren"
    # a plugin button's accessible name holds its visible (translated) text
    assert fresh.get_attribute(".yasr .select_table", "aria-label") == "Weergave Tabel"
    assert fresh.inner_text(".yasr .dt-info").strip() == "1 tot en met 3 van 3 rijen"
    assert fresh.get_attribute(".yasr .yasr_downloadIcon, .yasr button[title*='ownload']",
                               "title") == "Resultaat downloaden"  # fmt: skip
    # the data stay as they are
    cells = fresh.locator(".yasr table tbody td").all_inner_texts()
    assert {"Table", "Response", "All"} <= {cell.strip() for cell in cells}
    shots = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    fresh.screenshot(path=str(shots / "query-result-dutch.png"))
    # one row: singular
    fresh.evaluate("() => { yasgui.getTab().setQuery('SELECT ?x WHERE { VALUES ?x { 1 } }'); }")
    fresh.locator(".yasqe_queryButton >> visible=true").click()
    fresh.wait_for_function(
        "() => /^1 resultaat in /.test(document.querySelector('.yasr_response_chip').innerText)"
    )
    assert fresh.inner_text(".yasr .dt-info").strip() == "1 tot en met 1 van 1 rij"


def test_result_interface_stays_english_in_english(bundled_server: LiveServer, fresh) -> None:
    run_in(fresh, bundled_server.url + "/?lang=en", WORDS_QUERY)
    assert fresh.evaluate("document.documentElement.lang") == "en"
    fresh.wait_for_function(
        "() => /^3 results in /.test(document.querySelector('.yasr_response_chip').innerText)"
    )
    assert "Table" in fresh.inner_text(".yasr_header")
    assert fresh.get_attribute(".yasr .tableFilter", "placeholder") == "Filter query results"
    assert fresh.inner_text(".yasr .dt-info").strip() == "Showing 1 to 3 of 3 entries"
