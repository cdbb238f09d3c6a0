"""The index pages and the overview in Debian's chromium: no sideways scroll on a phone (390 px),
the overview's charts drawn, and the filter
form works without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.live import LiveServer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
PATHS = ("organisatie", "ministerie", "thema", "programma", "tranche", "document", "koppelingen")
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("kind", PATHS)
def test_index_page_fits_a_phone(live: LiveServer, browser, kind: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live.url}/doc/{kind}", wait_until="load")
        assert page.locator("table.listing tbody tr").count() > 0
        assert page.evaluate(SIDEWAYS) <= 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"index-{kind}-phone.png"))
    finally:
        context.close()


def test_filter_form_narrows_the_organisations(live: LiveServer, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live.url}/doc/organisatie", wait_until="load")
        before = page.locator("table.listing tbody tr").count()
        page.select_option("select[name=provincie]", "Limburg")
        page.click("form.filters button")
        page.wait_for_url("**provincie=Limburg**")
        rows = page.locator("table.listing tbody tr")
        assert 0 < rows.count() < before
        provinces = page.locator("table.listing tbody td:nth-child(3)").all_inner_texts()
        assert set(provinces) == {"Limburg"}
        assert page.evaluate(SIDEWAYS) <= 1
        page.screenshot(path=str(SCREENSHOTS / "index-organisatie.png"))
    finally:
        context.close()


def test_overview_charts_fit_a_phone(live: LiveServer, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live.url}/overzicht", wait_until="load")
        charts = page.locator("svg.chart")
        sections = page.locator("section.chart-section").count()
        assert charts.count() == sections >= 10  # each chart section has its drawing
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box is not None and 0 < box["width"] <= 390 and box["height"] > 0
        # every chart is drawn: bars with a width, and its data table beside it
        assert page.locator("svg.chart rect.bar").count() > 20
        assert page.locator("table.chart-data").count() == sections
        assert page.locator("svg.tile-map rect.tile").count() == 12
        # the two boundary maps: twelve provinces each, every one drawn with an area
        for chart in ("kaart-deals-provincie", "kaart-geld-provincie"):
            provinces = page.locator(f"#{chart}-svg path.province")
            assert provinces.count() == 12
            for index in range(12):
                box = provinces.nth(index).bounding_box()
                assert box is not None and box["width"] > 3 and box["height"] > 3
        assert page.evaluate(SIDEWAYS) <= 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "overview-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=True)
        page.locator("#kaart-provincies").screenshot(path=str(SCREENSHOTS / "overview-map.png"))
        for chart in ("kaart-deals-provincie", "kaart-geld-provincie"):
            page.locator(f"#{chart}").screenshot(path=str(SCREENSHOTS / f"overview-{chart}.png"))
    finally:
        context.close()
