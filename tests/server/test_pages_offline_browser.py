"""Every HTML page in a real browser (Debian's chromium via Playwright) under the server's
Content-Security-Policy: the API docs render from the vendored Swagger UI and ReDoc, nothing is
requested from another host, and no page runs into the policy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from support.live import LiveServer

# Reported by Chromium in the console for anything a Content-Security-Policy blocked.
BLOCKED = "Content Security Policy"


@dataclass
class Visit:
    page: object
    outside: list[str] = field(default_factory=list)  # requests to another host
    blocked: list[str] = field(default_factory=list)  # what the policy refused


@pytest.fixture
def visit(browser, bundled_server: LiveServer) -> Iterator[object]:
    own = urlsplit(bundled_server.url).netloc
    pages = []

    def open_page(path: str) -> Visit:
        page = browser.new_page()
        seen = Visit(page)

        def record(request) -> None:
            if urlsplit(request.url).netloc not in (own, ""):
                seen.outside.append(request.url)

        def console(message) -> None:
            if BLOCKED in message.text:
                seen.blocked.append(message.text)

        page.on("request", record)
        page.on("console", console)
        page.goto(bundled_server.url + path)
        pages.append(page)
        return seen

    yield open_page
    for page in pages:
        page.close()


def test_swagger_ui_renders_from_this_server(visit) -> None:
    seen = visit("/docs")
    seen.page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20000)
    text = seen.page.inner_text(".swagger-ui")
    assert "/sparql" in text and "/api/queries" in text
    seen.page.wait_for_load_state("networkidle")
    assert seen.outside == [] and seen.blocked == []


def test_redoc_renders_from_this_server(visit) -> None:
    seen = visit("/redoc")
    seen.page.wait_for_selector("h1", timeout=20000)
    seen.page.wait_for_selector("text=Named queries", timeout=20000)
    assert "Regio Deals knowledge graph" in seen.page.inner_text("h1")
    seen.page.wait_for_load_state("networkidle")
    assert seen.outside == [] and seen.blocked == []


@pytest.mark.parametrize("path", ["/", "/doc/", "/doc/regiodeal/delft-west", "/validate"])
def test_pages_run_within_the_policy(visit, path: str) -> None:
    seen = visit(path)
    seen.page.wait_for_load_state("networkidle")
    assert seen.page.inner_text("body").strip()
    assert seen.outside == [] and seen.blocked == []
