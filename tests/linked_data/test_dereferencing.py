"""/id/ answers 303 to /doc/; /doc/ negotiates HTML and four RDF syntaxes; 404 and 406."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDFS
from support.apps import BASE_URL, TestClient, app_client

RD = Namespace("https://w3id.org/regiodeal/def#")
ID = "https://w3id.org/regiodeal/id/"
DELFT_WEST = URIRef(ID + "regiodeal/delft-west")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def get(client: TestClient, path: str, **kwargs) -> httpx.Response:
    return client.get(path, **kwargs)


def test_id_answers_303_to_doc_keeping_the_query(client: TestClient) -> None:
    response = get(client, "/id/regiodeal/delft-west?lang=en")
    assert response.status_code == 303
    assert response.headers["location"] == BASE_URL + "/doc/regiodeal/delft-west?lang=en"


def test_tooi_id_redirects_to_the_organisation_page(client: TestClient) -> None:
    iri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0518"
    response = get(client, "/id/organisatie", params={"iri": iri})
    assert response.status_code == 303
    assert "/doc/organisatie?iri=" in response.headers["location"]


def _graph(response: httpx.Response, syntax: str) -> Graph:
    return Graph().parse(data=response.content, format=syntax, publicID=str(DELFT_WEST))


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_doc_negotiates_rdf(client: TestClient, media_type: str) -> None:
    response = get(client, "/doc/regiodeal/delft-west", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "accept" in response.headers["vary"].lower()
    graph = _graph(response, RDF_TYPES[media_type])
    # Convenant Regio Deal Delft West, artikel 4 lid 2: "VRO reserveert maximaal € 12,3 mln."
    rijk = graph.value(DELFT_WEST, RD.rijkContribution)
    assert Decimal(str(rijk)) == Decimal("12300000")
    # ... and the fact source of that amount is artikel 4, lid 2 (a blank node in the closure).
    parts = {
        graph.value(fact, PROV.wasDerivedFrom)
        for fact in graph.objects(DELFT_WEST, RD.factSource)
        if graph.value(fact, RD.aboutProperty) == RD.rijkContribution
    }
    assert parts == {URIRef(ID + "document/convenant-delft-west/artikel-4/lid-2")}
    # Labels of linked IRIs come along: the regiokassier (artikel 5) is gemeente Delft.
    delft = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0503")
    assert graph.value(DELFT_WEST, RD.regiokassier) == delft
    assert Literal("Delft", lang="nl") in set(graph.objects(delft, RDFS.label))


def test_description_holds_only_asserted_triples(client: TestClient) -> None:
    # rd:party is inferred from rd:ministryParty; a description states what the documents say.
    response = get(client, "/doc/regiodeal/delft-west?format=nt")
    graph = _graph(response, "nt")
    assert graph.value(DELFT_WEST, RD.party) is None
    assert graph.value(DELFT_WEST, RD.ministryParty) is not None


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ],
)  # noqa: E501
def test_format_parameter_overrides_accept(client: TestClient, fmt: str, media_type: str) -> None:
    response = get(
        client, f"/doc/regiodeal/delft-west?format={fmt}", headers={"Accept": "image/png"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)


def test_html_wins_for_a_browser(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = get(client, "/doc/regiodeal/delft-west", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")
    assert '<h1 class="nl-heading nl-heading--level-1">Regio Deal Delft West</h1>' in response.text


def test_q_values_choose_turtle(client: TestClient) -> None:
    accept = "text/html;q=0.5, text/turtle;q=0.9"
    response = get(client, "/doc/regiodeal/delft-west", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/turtle")


def test_unknown_resource_is_404_with_a_helpful_page(client: TestClient) -> None:
    response = get(client, "/doc/regiodeal/bestaat-niet")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "/doc/" in response.text  # a way back to the list of deals
    rdf = get(client, "/doc/regiodeal/bestaat-niet", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/doc/organisatie?iri=https://example.org/not-tooi",
        "/doc/organisatie?iri=",  # (without ?iri= it is the index of organisations)
        "/doc/regiodeal/delft-west%3E%20%3Fs",  # would break out of <...> in a query
        "/doc/..%2F..%2Fetc",
    ],
)
def test_odd_addresses_are_404_never_500(client: TestClient, path: str) -> None:
    assert get(client, path).status_code == 404


MARKUP = '<script>alert("x")</script><b>'


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/doc/organisatie", {"iri": "https://identifier.overheid.nl/tooi/id/" + MARKUP}),
        ("/doc/organisatie", {"iri": MARKUP}),
        ("/doc/regiodeal/" + MARKUP, {}),
    ],
)
def test_404_page_escapes_what_it_repeats(client: TestClient, path: str, params: dict) -> None:
    """The 404 page names the address the reader asked for; markup in it is shown, not run."""
    response = get(client, path, params=params, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "<script>" not in response.text and "<b>" not in response.text
    assert "&lt;script&gt;alert(" in response.text


def test_unsupported_accept_is_406(client: TestClient) -> None:
    response = get(client, "/doc/regiodeal/delft-west", headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_unknown_format_is_400(client: TestClient) -> None:
    assert get(client, "/doc/regiodeal/delft-west?format=pdf").status_code == 400


@pytest.fixture(scope="module")
def proxied(bundled_store: Path) -> Iterator[TestClient]:
    """The bundled graph served behind a proxy at https://example.org/regiodeal/."""
    with app_client(store_dir=bundled_store, public_base_url="https://example.org/regiodeal/") as c:
        yield c


def test_public_base_url_maps_links(proxied: TestClient) -> None:
    page = get(proxied, "/doc/regiodeal/delft-west")
    assert 'href="https://example.org/regiodeal/id/doel/delft-west/1"' in page.text
    redirect = get(proxied, "/id/regiodeal/delft-west")
    assert redirect.headers["location"] == "https://example.org/regiodeal/doc/regiodeal/delft-west"
    # The RDF keeps the graph's own namespace.
    graph = Graph().parse(
        data=get(proxied, "/doc/regiodeal/delft-west?format=nt").text, format="nt"
    )
    assert (DELFT_WEST, RD.rijkContribution, None) in graph
    assert graph.value(DELFT_WEST, RD.durationYears) == Literal(4)
