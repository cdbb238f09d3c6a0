"""/zoeken and /search: the full-text index over the graph, HTML and JSON, typo-tolerant."""

from __future__ import annotations

from rdflib import Graph
from support.apps import TestClient

from regiodeal.search.index import Entry, SearchIndex

RD = "https://w3id.org/regiodeal/def#"


def search(client: TestClient, q: str, path: str = "/zoeken") -> dict:
    answer = client.get(path, params={"q": q, "format": "json"})
    assert answer.status_code == 200
    return answer.json()


def hit_iris(result: dict, kind: str) -> list[str]:
    return [
        hit["iri"] for group in result["groups"] if group["kind"] == kind for hit in group["hits"]
    ]


def test_a_deal_by_name_and_with_a_typo(client: TestClient, graph: Graph) -> None:
    delft = "https://w3id.org/regiodeal/id/regiodeal/delft-west"
    assert delft in hit_iris(search(client, "delft west"), "deal")
    assert delft in hit_iris(search(client, "delfd west"), "deal")  # one letter wrong
    # Every deal whose Dutch label holds "Twente" is found for "Twnete" (two letters swapped).
    query = (
        "SELECT ?d WHERE { ?d a <" + RD + "RegioDeal> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l . FILTER CONTAINS(?l, 'Twente') }"
    )
    twente = {str(row[0]) for row in graph.query(query)}
    assert twente and twente <= set(hit_iris(search(client, "Twnete"), "deal"))


def test_results_grouped_by_kind_with_marked_snippets(client: TestClient) -> None:
    result = search(client, "Binnenlandse Zaken")
    ministries = [g for g in result["groups"] if g["kind"] == "ministry"]
    assert ministries and "Binnenlandse Zaken" in ministries[0]["hits"][0]["label"]
    assert "<mark>" in ministries[0]["hits"][0]["snippet"]
    assert ministries[0]["hits"][0]["href"].startswith("http://testserver/doc/organisatie?iri=")


def test_english_path_and_html_page(client: TestClient) -> None:
    assert search(client, "arbeidsmarkt", "/search")["lang"] == "en"
    page = client.get("/zoeken", params={"q": "arbeidsmarkt"})
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="theme"' in page.text and "<mark>" in page.text
    assert 'value="arbeidsmarkt"' in page.text  # the header's box keeps what was asked


def test_snippets_are_escaped() -> None:
    index = SearchIndex()
    index.add([Entry("https://x/id/regiodeal/a", {RD + "RegioDeal"}, {"nl": ["<b>Deal</b>"]}, [])])
    [hit] = index.search("deal")["deal"]
    assert "<b>" not in hit.snippet_html and "&lt;b&gt;" in hit.snippet_html
