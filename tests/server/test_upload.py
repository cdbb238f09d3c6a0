"""`regiodeal load` against a store in the test process (store.upload): what is sent, in what
order, how blank nodes travel, and what a failing or incomplete store gives. The store is a
pyoxigraph Store behind httpx.MockTransport, speaking the Graph Store protocol and SPARQL 1.1
Update/Query as Virtuoso does for `load` (tests/external_store has the real Virtuoso)."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    parse,
)

from regiodeal.store.upload import (
    GraphUpload,
    Uploader,
    UploadError,
    chunks,
    graphs_to_load,
    upload,
)

EX = "http://example.org/"
QUERY_URL = "http://store.invalid/sparql"
GSP_URL = "http://store.invalid/graph-crud"


def iri(name: str) -> NamedNode:
    return NamedNode(EX + name)


A, B = BlankNode("a"), BlankNode("b")
# Five triples: two plain ones, and three joined by the blank nodes _:a and _:b (a component of 3).
TRIPLES = [
    Triple(iri("s1"), iri("p"), Literal("one")),
    Triple(iri("s2"), iri("p"), A),
    Triple(A, iri("q"), B),
    Triple(B, iri("q"), Literal("deep")),
    Triple(iri("s3"), iri("p"), Literal("three")),
]


class FakeStore:
    """A SPARQL store: GSP PUT/POST, SPARQL Update, SELECT answered as JSON; every request kept."""

    def __init__(self, drop_one: bool = False, fail_with: int | None = None) -> None:
        self.store = Store()
        self.requests: list[tuple[str, str]] = []  # (method or 'update'/'query', graph or text)
        self.drop_one = drop_one
        self.fail_with = fail_with

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.fail_with:
            return httpx.Response(self.fail_with, text="no write permission")
        if str(request.url).startswith(GSP_URL):
            if request.headers.get("content-type") != "text/turtle":
                return httpx.Response(415, text="send text/turtle")
            graph = NamedNode(request.url.params["graph"])
            self.requests.append((request.method, graph.value))
            if request.method == "PUT":
                self.store.remove_graph(graph) if graph in set(self.store.named_graphs()) else None
            quads = parse(request.content, format=RdfFormat.TURTLE)
            self.store.extend([Quad(q.subject, q.predicate, q.object, graph) for q in quads])
            return httpx.Response(201)
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if "update" in form:
            self.requests.append(("update", form["update"]))
            self.store.update(form["update"])
            return httpx.Response(200)
        self.requests.append(("query", form["query"]))
        if request.headers.get("accept") != "application/sparql-results+json":
            return httpx.Response(406, text="ask for application/sparql-results+json")
        if self.drop_one:  # a store that lost a triple on the way
            self.store.remove(next(iter(self.store)))
            self.drop_one = False
        answer = self.store.query(form["query"]).serialize(format=QueryResultsFormat.JSON)
        return httpx.Response(200, content=answer)

    def graph(self, name: str) -> set[str]:
        """The graph's triples as N-Triples lines, blank nodes renamed in order of appearance."""
        quads = list(self.store.quads_for_pattern(None, None, None, NamedNode(name)))
        return {str(q.triple) for q in quads}


def uploader(fake: FakeStore, gsp: bool) -> Uploader:
    loader = Uploader(QUERY_URL, GSP_URL if gsp else None, auth=None)
    loader.client = httpx.Client(transport=httpx.MockTransport(fake.handle))
    return loader


def test_chunks_never_split_a_blank_node_component() -> None:
    # size 2: [s1, s2-_:a] is full; the component (s2 _:a, _:a _:b, _:b) must stay together, so
    # s2's triple goes with it: components are {s1}, {s2,_:a,_:b chain}, {s3}.
    got = [len(chunk) for chunk in chunks(TRIPLES, 2)]
    assert got == [1, 3, 1]
    assert [t for chunk in chunks(TRIPLES, 2) for t in chunk] == [
        TRIPLES[0],
        TRIPLES[1],
        TRIPLES[2],
        TRIPLES[3],
        TRIPLES[4],
    ]
    assert [len(chunk) for chunk in chunks(TRIPLES, 10)] == [5]
    # two components of their own ({x _:c, _:c y} and {x _:d, _:d y}) may go apart
    c, d = BlankNode("c"), BlankNode("d")
    two = [
        Triple(iri("x"), iri("p"), c),
        Triple(c, iri("p"), iri("y")),
        Triple(iri("x"), iri("p"), d),
        Triple(d, iri("p"), iri("y")),
    ]
    assert [chunk for chunk in chunks(two, 2)] == [two[:2], two[2:]]
    # a chunk may reach the size exactly: {s1} + the component of 3 make 4, then {s3}
    assert [len(chunk) for chunk in chunks(TRIPLES, 4)] == [4, 1]


@pytest.mark.parametrize("gsp", [True, False], ids=["graph-store-protocol", "sparql-update"])
def test_every_triple_arrives_and_is_counted(gsp: bool, capsys) -> None:
    fake = FakeStore()
    graph = EX + "graph/all"
    assert upload(uploader(fake, gsp), [GraphUpload(graph, TRIPLES)], chunk_size=2) == 0
    quads = list(fake.store.quads_for_pattern(None, None, None, NamedNode(graph)))
    assert len(quads) == 5
    plain = {str(q.triple) for q in quads if not any(isinstance(t, BlankNode) for t in q.triple)}
    assert plain == {str(TRIPLES[0]), str(TRIPLES[4])}
    # s2 -> _:a -> _:b -> "deep" is still one chain (its triples travelled in one request)
    (to_a,) = [q for q in quads if q.subject == iri("s2")]
    (to_b,) = [q for q in quads if q.subject == to_a.object]
    (deep,) = [q for q in quads if q.subject == to_b.object]
    assert deep.object == Literal("deep")
    out = capsys.readouterr().out
    assert f"[1/1] <{graph}> 5 triples" in out and out.rstrip().endswith(": ok")


def test_graph_store_protocol_replaces_then_adds() -> None:
    fake = FakeStore()
    graph = EX + "g"
    fake.store.add(Quad(iri("old"), iri("p"), iri("o"), NamedNode(graph)))  # an earlier load
    upload(uploader(fake, gsp=True), [GraphUpload(graph, TRIPLES)], chunk_size=2)
    assert [m for m, _ in fake.requests] == ["PUT", "POST", "POST", "query"]
    assert all(g == graph for m, g in fake.requests if m in ("PUT", "POST"))
    assert f"<{EX}old>" not in " ".join(fake.graph(graph))


def test_sparql_update_drops_the_graph_first() -> None:
    fake = FakeStore()
    graph = EX + "g"
    fake.store.add(Quad(iri("old"), iri("p"), iri("o"), NamedNode(graph)))
    upload(uploader(fake, gsp=False), [GraphUpload(graph, TRIPLES)], chunk_size=10)
    (kind, first), (kind2, _) = fake.requests[0], fake.requests[1]
    assert kind == "update" and first.startswith(f"DROP SILENT GRAPH <{graph}> ;")
    assert f"INSERT DATA {{ GRAPH <{graph}> {{" in first
    assert kind2 == "query"
    assert len(fake.graph(graph)) == 5 and f"<{EX}old>" not in " ".join(fake.graph(graph))


def test_a_lost_triple_is_reported_as_a_mismatch(capsys) -> None:
    fake = FakeStore(drop_one=True)  # loses one triple of the first graph, none of the second
    graphs = [GraphUpload(EX + "g", TRIPLES), GraphUpload(EX + "h", TRIPLES)]
    assert upload(uploader(fake, gsp=True), graphs, chunk_size=10) == 1
    out = capsys.readouterr().out
    assert f"[1/2] <{EX}g> 5 triples" in out and "MISMATCH: the store has 4" in out
    assert f"[2/2] <{EX}h> 5 triples" in out and out.rstrip().endswith(": ok")


@pytest.mark.parametrize("gsp", [True, False], ids=["graph-store-protocol", "sparql-update"])
def test_a_refusing_store_is_an_upload_error_naming_the_request(gsp: bool) -> None:
    fake = FakeStore(fail_with=401)
    with pytest.raises(UploadError) as caught:
        upload(uploader(fake, gsp), [GraphUpload(EX + "g", TRIPLES)], chunk_size=10)
    message = str(caught.value)
    what = f"PUT graph <{EX}g>" if gsp else f"INSERT DATA into <{EX}g>"
    assert message.startswith(what + ": 401 from ")
    assert message.endswith("no write permission")


def test_graphs_to_load_default_graph_first_then_each_named_graph() -> None:
    store = Store()
    store.add(Quad(iri("s"), iri("p"), iri("o"), DefaultGraph()))
    store.add(Quad(iri("s"), iri("p"), iri("o"), iri("graph/b")))
    store.add(Quad(iri("t"), iri("p"), iri("o"), iri("graph/a")))
    store.add(Quad(iri("u"), iri("p"), iri("o"), iri("graph/a")))
    loads = graphs_to_load(store, EX + "all", named=True)
    assert [(g.iri, len(g.triples)) for g in loads] == [
        (EX + "all", 1),
        (EX + "graph/a", 2),
        (EX + "graph/b", 1),
    ]
    assert [g.iri for g in graphs_to_load(store, EX + "all", named=False)] == [EX + "all"]
