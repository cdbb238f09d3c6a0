"""A value we do not offer (?lang=de, ?sort=x, ?format=pdf) is a 400 naming the allowed values:
a page for a browser, JSON or plain text for a program; never FastAPI's JSON 422/400."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest
from support.apps import BASE_URL, TestClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DEAL = "/doc/regiodeal/delft-west"
TOOI_DELFT = "https://identifier.overheid.nl/tooi/id/gemeente/gm0503"


def get(client: TestClient, path: str, accept: str, **params: str) -> httpx.Response:
    return client.get(path, params=params, headers={"Accept": accept})


@pytest.mark.parametrize(
    ("path", "params", "name", "allowed"),
    [
        (DEAL, {"lang": "xx"}, "lang", ["nl", "en"]),
        ("/doc/", {"lang": "de"}, "lang", ["nl", "en"]),
        ("/doc/regiodeal", {"sort": "bogus"}, "sort", ["label", "tranche", "rijk", "end"]),
        ("/doc/", {"order": "up"}, "order", ["asc", "desc"]),
        ("/doc/organisatie", {"iri": TOOI_DELFT, "lang": "fr"}, "lang", ["nl", "en"]),
        ("/doc/thema/ontmoetingsplekken", {"lang": "EN"}, "lang", ["nl", "en"]),
        (DEAL, {"format": "pdf"}, "format", ["html", "ttl", "jsonld", "nt", "rdf"]),
    ],
)
def test_browser_gets_an_html_400_naming_the_allowed_values(
    client: TestClient, path: str, params: dict, name: str, allowed: list[str]
) -> None:
    response = get(client, path, BROWSER, **params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    page = unescape(response.text)
    assert f"?{name}=" in page
    assert params[name] in page  # the value the reader typed, repeated back
    for value in allowed:
        assert f"<code>{value}</code>" in page
        # ... and a link that asks again with that value, keeping the other parameters.
        link = re.search(rf'<a class="nl-link" href="([^"]*[?&]{name}={value}(?:&[^"]*)?)"', page)
        assert link, value
        for other, given in params.items():
            if other != name:
                assert httpx.QueryParams(link.group(1).split("?", 1)[1])[other] == given


def test_a_correct_link_from_the_400_page_works(client: TestClient) -> None:
    page = unescape(get(client, DEAL, BROWSER, lang="xx").text)
    english = re.search(r'<a class="nl-link" href="([^"]+\?lang=en)"', page).group(1)
    assert english.endswith("/doc/regiodeal/delft-west?lang=en")
    response = client.get(english.replace(english.split("/doc/")[0], BASE_URL))
    assert response.status_code == 200
    assert "National contribution (Rijk)" in response.text


def test_rdf_client_gets_plain_text(client: TestClient) -> None:
    response = get(client, DEAL, "text/turtle", lang="xx")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.strip() == "Unsupported value 'xx' for ?lang=; allowed: nl, en"


def test_format_parameter_decides_over_accept(client: TestClient) -> None:
    # ?format=ttl asks for data, so the error is text even from a browser; ?format=html a page.
    as_text = get(client, DEAL, BROWSER, lang="xx", format="ttl")
    assert as_text.status_code == 400
    assert as_text.headers["content-type"].startswith("text/plain")
    as_page = get(client, DEAL, "text/turtle", lang="xx", format="html")
    assert as_page.status_code == 400
    assert as_page.headers["content-type"].startswith("text/html")


def test_json_client_gets_json(client: TestClient) -> None:
    response = get(client, "/doc/", "application/json", sort="bogus")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unsupported value 'bogus' for ?sort=; allowed: "
        "label, tranche, status, rijk, regional, ratio, end",
        "parameter": "sort",
        "value": "bogus",
        "allowed": ["label", "tranche", "status", "rijk", "regional", "ratio", "end"],
    }


def test_markup_in_the_value_is_escaped(client: TestClient) -> None:
    response = get(client, DEAL, BROWSER, lang="<script>alert(1)</script>")
    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_a_long_value_is_shortened(client: TestClient) -> None:
    response = get(client, DEAL, "text/plain", lang="x" * 5000)
    assert response.status_code == 400
    assert len(response.text) < 300


@pytest.mark.parametrize("params", [{"lang": "en"}, {"sort": "rijk", "order": "desc"}])
def test_good_values_still_work(client: TestClient, params: dict) -> None:
    assert get(client, "/doc/", BROWSER, **params).status_code == 200
