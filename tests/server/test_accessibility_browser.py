"""axe-core (vendored under tests/support/vendor/axe-core) on every page type in Chromium, at
desktop and phone width: no serious or critical violation of the WCAG 2.0/2.1 A and AA rules."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from support.live import LiveServer

from regiodeal.settings import REPO_ROOT

AXE = REPO_ROOT / "tests" / "support" / "vendor" / "axe-core" / "axe.min.js"
MINISTRY = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"  # BZK
# (path, expected status): one page of every kind the site renders.
PAGES = [
    ("/", 200),  # the SPARQL query page (YASGUI)
    ("/?lang=en", 200),
    ("/doc/", 200),  # the deals index
    ("/doc/regiodeal/delft-west", 200),
    ("/doc/organisatie", 200),
    ("/doc/organisatie?iri=" + quote(MINISTRY, safe=""), 200),
    ("/doc/ministerie", 200),
    ("/doc/thema", 200),
    ("/doc/thema/arbeidsmigratie", 200),
    ("/doc/programma", 200),
    ("/doc/tranche", 200),
    ("/doc/document", 200),
    ("/doc/koppelingen", 200),
    ("/overzicht", 200),
    ("/overview?lang=en", 200),
    ("/def", 200),
    ("/dataset", 200),
    ("/zoeken?q=delft", 200),
    ("/validate", 200),
    ("/validate/rules", 200),
    ("/validate/guide", 200),
    ("/validate/guide?lang=en", 200),
    ("/doc/bestaat-niet", 404),
]
BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


def violations(page, url: str, status: int) -> list[dict[str, object]]:
    answer = page.goto(url, wait_until="load")
    assert answer is not None and answer.status == status, url
    page.wait_for_load_state("networkidle")
    # evaluate() runs through the DevTools protocol, outside the page's CSP (no inline scripts).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, object]] = page.evaluate(RUN_AXE)
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_no_serious_accessibility_violation(
    bundled_server: LiveServer, browser, path: str, status: int, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        found = violations(page, bundled_server.url + path, status)
        assert not found, f"{path} at {width}px: " + "\n".join(map(str, found))
    finally:
        context.close()


def test_axe_finds_a_violation(bundled_server: LiveServer, browser) -> None:
    # The checker itself works here: an image without alt text is a critical violation.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(bundled_server.url + "/dataset", wait_until="load")
        page.evaluate("document.querySelector('main').append(document.createElement('img'))")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        found = page.evaluate(RUN_AXE)
        assert any(v["id"] == "image-alt" and v["impact"] == "critical" for v in found)
    finally:
        context.close()


def test_skip_link_and_buttons_are_nl_design_system(bundled_server: LiveServer, browser) -> None:
    # The first Tab shows the NL Design System skip link on screen; following it lands on main.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(bundled_server.url + "/doc/organisatie", wait_until="load")
        skip = page.locator("a.nl-skip-link")
        box = skip.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 0  # off screen until focused
        page.keyboard.press("Tab")
        box = skip.bounding_box()
        assert box is not None and 0 <= box["y"] < 50 and box["height"] >= 24
        page.keyboard.press("Enter")
        page.wait_for_url("**#main")
        # the vendored components' styles apply (tokens from site.css): the filter button is
        # the site's blue with white text, the search button white with blue text
        colours = page.evaluate(
            """() => [...document.querySelectorAll('form .nl-button')]
                 .map(b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])"""
        )
        assert colours == [
            ["rgb(255, 255, 255)", "rgb(21, 66, 115)"],
            ["rgb(21, 66, 115)", "rgb(255, 255, 255)"],
        ]
    finally:
        context.close()


# Every heading, paragraph, table, form control and link of the content is an NL Design System
# component (static/nl-design-system/README.md), YASGUI's own markup apart.
OFF_COMPONENT = """() => {
  const main = document.querySelector('main');
  const own = (e) => !e.closest('#yasgui');
  const bad = [];
  const need = (selector, test) => {
    for (const e of main.querySelectorAll(selector)) {
      if (own(e) && !test(e)) bad.push(e.outerHTML.slice(0, 90));
    }
  };
  need('h1, h2, h3, h4, h5, h6', (e) => e.classList.contains('nl-heading--level-' + e.tagName[1]));
  need('p', (e) => e.classList.contains('nl-paragraph'));
  need('table', (e) => e.classList.contains('utrecht-table--html-table'));
  need('select', (e) => e.classList.contains('utrecht-select--html-select'));
  need('textarea', (e) => e.classList.contains('utrecht-textarea--html-textarea'));
  need('label:not(.visually-hidden)', (e) => e.classList.contains('utrecht-form-label'));
  need('a[href]', (e) => e.classList.contains('nl-link') || e.classList.contains('badge'));
  return bad;
}"""


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_content_is_nl_design_system_components(
    bundled_server: LiveServer, browser, path: str, status: int
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        answer = page.goto(bundled_server.url + path, wait_until="load")
        assert answer is not None and answer.status == status
        if not page.locator("footer.site").count():
            pytest.skip(f"{path} is not a page of this site's templates (pyLODE's /def)")
        page.wait_for_load_state("networkidle")  # the query page's examples, added by script
        assert page.evaluate(OFF_COMPONENT) == []
    finally:
        context.close()


def test_component_tokens_apply(bundled_server: LiveServer, browser) -> None:
    # The components' styles reach the page with site.css's tokens: without the stylesheet or
    # the tokens, the heading would have the browser's 2em (32 px), the cells no padding, and
    # amounts would be aligned left by the table component's text-align: start.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(bundled_server.url + "/doc/organisatie", wait_until="load")
        style = page.evaluate(
            """() => {
              const s = (q) => getComputedStyle(document.querySelector(q));
              return {
                h1: s('main h1.nl-heading').fontSize,
                cell: s('table.utrecht-table tbody td').paddingLeft,
                num: s('table.utrecht-table tbody td.num').textAlign,
                select: s('select.utrecht-select').borderTopColor,
              };
            }"""
        )
        assert style == {
            "h1": "27.2px",  # 1.7rem
            "cell": "8px",  # .5rem
            "num": "right",
            "select": "rgb(107, 107, 107)",  # #6b6b6b
        }
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("getComputedStyle(document.querySelector('main h1')).fontSize") == (
            "21.6px"  # 1.35rem on a phone
        )
    finally:
        context.close()
