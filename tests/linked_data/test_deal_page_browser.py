"""The Delft West deal page in Debian's chromium (driven by Playwright; never downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from support.live import LiveServer

from regiodeal.namespaces import RD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# Tables wider than their wrapper (which would scroll sideways): {class: [table, wrapper] widths}.
TABLES_OVERFLOW = """() => Object.fromEntries([...document.querySelectorAll('.table-wrap table')]
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => [t.className, [t.scrollWidth, t.parentElement.clientWidth]]))"""
CELLS_OFF_SCREEN = """table => [...document.querySelectorAll(table + ' th, ' + table + ' td')]
    .filter(c => c.getClientRects().length && c.getBoundingClientRect().right > innerWidth + 1)
    .map(c => c.innerText)"""


@pytest.mark.parametrize("width", [1200, 390])  # desktop and phone
def test_budget_table_is_visible(live: LiveServer, browser, tmp_path: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(live.url + "/doc/regiodeal/delft-west", wait_until="load")
        table = page.locator("table.budget")
        table.scroll_into_view_if_needed()
        assert table.is_visible()
        # Convenant Delft West, artikel 4 lid 2: "1. Doel 1 € 5,3 mln. € 5,3 mln. € 10,6 mln."
        first_row = page.locator("table.budget tbody tr").first.inner_text()
        assert "5.300.000" in first_row and "10.600.000" in first_row
        # Nothing wider than the screen except inside the scrollable table wrapper.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        # ... and no table scrolls sideways inside its wrapper either: a scrolled-off "Totaal"
        # column is easily missed. Every budget cell lies within the screen.
        assert page.evaluate(TABLES_OVERFLOW) == {}
        assert page.evaluate(CELLS_OFF_SCREEN, "table.budget") == []
        total = page.locator("table.budget tr.total td").last
        assert total.inner_text() == "€ 24.600.000" and total.is_visible()
        page.screenshot(path=str(tmp_path / f"deal-delft-west-{width}.png"), full_page=True)
        if width == 1200:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.goto(live.url + "/doc/regiodeal/delft-west#geld")
            page.screenshot(path=str(SCREENSHOTS / "deal-delft-west.png"))
        else:
            page.screenshot(path=str(SCREENSHOTS / "deal-delft-west-phone.png"))
    finally:
        context.close()


def test_index_at_desktop_width(live: LiveServer, browser, graph: Graph) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live.url + "/doc/", wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert page.evaluate(TABLES_OVERFLOW) == {}
        assert page.evaluate(CELLS_OFF_SCREEN, "table.deals") == []
        # A deal's name is not squeezed into a narrow column by the long column names.
        first = page.locator("table.deals tbody tr td").first.bounding_box()
        assert first is not None and first["width"] >= 300
        # one row per deal in the data (an independent rdflib count over the Turtle files)
        assert page.locator("table.deals tbody tr").count() == len(
            set(graph.subjects(RDF.type, RD.RegioDeal))
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "index.png"))
    finally:
        context.close()
