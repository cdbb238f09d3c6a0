"""The /validate and /validate/rules pages: plain HTTP (no JavaScript needed) and in Chromium."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
from rdflib import URIRef
from rdflib.namespace import RDF, SH
from support.apps import TestClient

from regiodeal.settings import REPO_ROOT, get_settings
from regiodeal.validation.shapes import load_shapes

from .conftest import SHAPES_TESTS, ValidationServer, leftovers

EXAMPLE = SHAPES_TESTS / "invalid" / "end-before-start.ttl"
MESSAGE_NL = "Begindatum 2024-06-02 ligt niet vóór de einddatum."
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"


def page(client: TestClient, path: str) -> httpx.Response:
    return client.get(path)


def upload(client: TestClient, path: Path, lang: str = "nl") -> httpx.Response:
    return client.post(
        f"/validate?lang={lang}",
        files={"file": (path.name, path.read_bytes(), "text/turtle")},
        data={"syntax": "auto", "text": ""},
    )


def test_form_without_javascript(validation_client: TestClient) -> None:
    text = page(validation_client, "/validate").text
    assert 'enctype="multipart/form-data"' in text and 'method="post"' in text
    assert (
        'type="file" name="file"' in text
        and '<textarea class="utrecht-textarea utrecht-textarea--html-textarea" name="text"' in text
    )
    assert "Er wordt niets bewaard" in text
    assert "<script" not in text
    english = page(validation_client, "/validate?lang=en").text
    assert "Nothing is stored" in english and 'lang="en"' in english


def test_upload_shows_the_worklist(validation_client: TestClient, scratch: Path) -> None:
    response = upload(validation_client, EXAMPLE)
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert MESSAGE_NL in text
    assert 'id="section-dates"' in text  # grouped by report section
    assert "validate/rules#EndAfterStartShape" in text
    basis = re.search(r'class="nl-link legal-basis" href="([^"]+artikel-19/lid-1)"', response.text)
    assert basis, "legal basis links to the document part"
    assert validation_client.get(basis.group(1)).status_code == 200  # a real /doc/ page
    assert leftovers(scratch) == []


def test_pasted_text_and_syntax_error(validation_client: TestClient) -> None:
    response = validation_client.post(
        "/validate?lang=en",
        files={"file": ("", b"", "application/octet-stream")},
        data={"syntax": "turtle", "text": '<a> <b> "c" ,, .'},
    )
    assert response.status_code == 400
    assert "line 1, column 14" in response.text
    assert "&lt;a&gt; &lt;b&gt;" in response.text  # the pasted text is kept (and escaped)


def test_empty_form_and_oversized_upload(validation_client: TestClient) -> None:
    empty = validation_client.post("/validate", data={"text": " "})
    assert empty.status_code == 400 and "Kies een bestand" in empty.text
    big = validation_client.post(
        "/validate",
        files={"file": ("big.ttl", b"#" * 70_000, "text/turtle")},
    )
    assert big.status_code == 413


def test_rules_page_lists_every_named_shape(validation_client: TestClient) -> None:
    text = page(validation_client, "/validate/rules?lang=en").text
    shapes = load_shapes(get_settings().shapes_dir)
    named = {
        str(s).rsplit("#", 1)[-1]
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert len(named) > 30
    missing = [name for name in named if f'id="{name}"' not in text]
    assert missing == []
    entry = text.split('id="EndAfterStartShape"', 1)[1].split('class="rule-entry"', 1)[0]
    assert "Violation" in entry and "artikel-19/lid-1" in entry


def test_upload_in_a_browser(validation_server: ValidationServer, browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(validation_server.url + "/validate")
        tab.set_input_files("input[name=file]", str(EXAMPLE))
        tab.click("form.validate button[type=submit]")
        item = tab.wait_for_selector("li.finding.Violation", timeout=30_000)
        assert item is not None
        worklist = tab.inner_text("section.report")
        assert MESSAGE_NL in worklist
        assert "Niet goedgekeurd" in worklist and "sh:conforms: false" in worklist
        tab.locator("li.finding", has_text=MESSAGE_NL).scroll_into_view_if_needed()
        tab.screenshot(path=str(tmp_path / "validate.png"), full_page=False)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "validate.png"), full_page=False)
        # the rule link leads to the rule's entry
        tab.click("li.finding a.rule >> nth=0")
        tab.wait_for_selector(".rule-entry:target")
    finally:
        context.close()
    assert (tmp_path / "validate.png").stat().st_size > 10_000
    assert leftovers(validation_server) == []


def test_jsonld_upload_with_an_invalid_iri_is_400(validation_client: TestClient) -> None:
    body = b'{"@id": "_:a", "@type": "https://w3id.org/regiodeal/def#RegioDeal", "http://x/a b": 1}'
    response = validation_client.post(
        "/validate?lang=en",
        files={"file": ("deal.jsonld", body, "application/ld+json")},
        data={"syntax": "auto", "text": ""},
    )
    assert response.status_code == 400
    assert "invalid IRI &lt;http://x/a b&gt;" in response.text
