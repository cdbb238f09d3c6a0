"""Every page type at phone width (390 × 844): nothing scrolls sideways (long TOOI addresses and
checksums wrap), and the header search leads to a result page. Screenshots go to
build/screenshots/ (not committed) for a reviewer."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from support.live import LiveServer

from regiodeal.settings import REPO_ROOT

SHOTS = REPO_ROOT / "build" / "screenshots"
MINISTRY = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"  # BZK
PAGES = [
    "/",
    "/doc/",
    "/doc/regiodeal/delft-west",
    "/doc/organisatie?iri=" + quote(MINISTRY, safe=""),
    "/doc/thema/arbeidsmigratie",
    "/dataset",
    "/zoeken?q=delft",
    "/validate",
    "/validate/rules",
    "/validate/guide",
]


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_at_390px(bundled_server: LiveServer, phone, path: str) -> None:
    page = phone.new_page()
    try:
        answer = page.goto(bundled_server.url + path)
        assert answer is not None and answer.status == 200, path
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/").replace("/", "_").split("?")[0] or "home"
        page.screenshot(path=str(Path(SHOTS / f"phone-{name}.png")), full_page=False)
        assert width <= 390, f"{path} is {width}px wide at 390px"
    finally:
        page.close()


def test_search_from_the_header_to_a_result_page(bundled_server: LiveServer, phone) -> None:
    page = phone.new_page()
    try:
        page.goto(bundled_server.url + "/doc/")
        page.fill("#site-search", "delfd west")
        page.press("#site-search", "Enter")
        page.wait_for_selector("#deal a")
        page.click("#deal a >> nth=0")
        page.wait_for_selector("h1")
        assert "Delft West" in page.inner_text("h1")
    finally:
        page.close()


def test_phone_menu_folds_open_without_javascript(bundled_server: LiveServer, browser) -> None:
    # JavaScript off: the details/summary menu must work on its own. The header is one row of
    # brand, language and "Menu" plus the search field (not three rows of links); the menu
    # opens as a list over the page and leads to the charts.
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(bundled_server.url + "/doc/regiodeal/delft-west")
        assert not page.locator("nav.menu-wide").is_visible()
        summary = page.locator("details.menu-small summary")
        link = page.locator("details.menu-small nav a", has_text="Grafieken")
        assert summary.is_visible() and not link.is_visible()
        header = page.locator("header.site").bounding_box()
        # brand/language/menu row + search row: about 2 × 40 px; three rows of links were 120+
        assert header is not None and header["height"] < 100, header
        summary.click()
        assert link.is_visible()
        menu = page.locator("details.menu-small nav").bounding_box()
        assert menu is not None and menu["width"] == 390  # the screen's width, not wider
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-menu-open.png"))
        link.click()
        page.wait_for_url("**/overzicht")
    finally:
        context.close()


def test_wide_screen_shows_the_menu_as_a_row(bundled_server: LiveServer, browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(bundled_server.url + "/doc/")
        assert page.locator("nav.menu-wide a", has_text="Grafieken").is_visible()
        assert not page.locator("details.menu-small").is_visible()
    finally:
        context.close()
