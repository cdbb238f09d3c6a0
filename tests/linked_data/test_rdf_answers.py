"""RDF from /doc/ states each triple once, in every syntax (a CONSTRUCT answer is a bag)."""

from __future__ import annotations

from collections import Counter

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph
from support.apps import TestClient

ID = "https://w3id.org/regiodeal/id/"
SYNTAXES = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdf": RdfFormat.RDF_XML,
}
PATHS = [
    "/doc/regiodeal/delft-west",
    "/doc/organisatie?iri=https://identifier.overheid.nl/tooi/id/gemeente/gm0503",
    "/doc/doel/delft-west/1",
    "/doc/document/convenant-delft-west/artikel-4/lid-2",
]


def body(client: TestClient, path: str, fmt: str) -> bytes:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}format={fmt}")
    assert response.status_code == 200, response.text[:300]
    return response.content


def repeated(data: bytes, fmt: str) -> list:
    """Triples stated more than once (blank node labels are stable within one document)."""
    counts = Counter(q.triple for q in parse(data, SYNTAXES[fmt], base_iri=ID))
    assert counts, "empty description"
    return [t for t, n in counts.items() if n > 1]


@pytest.mark.parametrize("fmt", list(SYNTAXES))
@pytest.mark.parametrize("path", PATHS)
def test_no_triple_is_repeated(client: TestClient, path: str, fmt: str) -> None:
    assert repeated(body(client, path, fmt), fmt) == []


def test_ntriples_lines_are_distinct_and_complete(client: TestClient) -> None:
    lines = [x for x in body(client, PATHS[0], "nt").decode().splitlines() if x.strip()]
    assert len(lines) == len(set(lines))
    # Deduplicating lost nothing: the same graph as the Turtle answer, triple for triple.
    ntriples = Graph().parse(data="\n".join(lines), format="nt")
    turtle = Graph().parse(data=body(client, PATHS[0], "ttl"), format="turtle")
    assert len(ntriples) == len(lines) == len(turtle)
    assert len(lines) > 100  # the deal, its fact sources, memberships and labels


def test_turtle_keeps_the_prefixes(client: TestClient) -> None:
    assert "@prefix rd: <https://w3id.org/regiodeal/def#>" in body(client, PATHS[0], "ttl").decode()
