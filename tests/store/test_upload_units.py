"""store.upload request by request (issue #11, mutation score): the exact bodies, parameters and
headers `regiodeal load` sends, the error text of a refusing store, the client's settings and
the progress line. The store is a recording httpx.MockTransport (no network, no server); the
expected requests are written out by hand from the Graph Store HTTP Protocol and SPARQL 1.1
Update/Query (tests/server/test_upload.py checks the same code against a pyoxigraph store)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import httpx
import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Store, Triple

from regiodeal.store import upload as upload_module
from regiodeal.store.upload import (
    GraphUpload,
    Uploader,
    UploadError,
    chunks,
    graphs_to_load,
    ntriples,
    upload,
)

EX = "http://example.org/"
QUERY_URL = "http://store.invalid/sparql"
GSP_URL = "http://store.invalid/crud"
S, P, OBJ = NamedNode(EX + "s"), NamedNode(EX + "p"), NamedNode(EX + "o")
ONE = Triple(S, P, OBJ)
ONE_LINE = f"<{EX}s> <{EX}p> <{EX}o> .\n"  # N-Triples of ONE, by hand


class Recorder:
    """Answers every request with `status` (a count query with `count`) and keeps them all."""

    def __init__(self, status: int = 200, count: int = 1, text: str = "") -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.count, self.text = status, count, text

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status >= 300:
            return httpx.Response(self.status, text=self.text)
        body = {"results": {"bindings": [{"n": {"type": "literal", "value": str(self.count)}}]}}
        return httpx.Response(self.status, content=json.dumps(body).encode())

    def form(self, index: int) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.requests[index].content.decode()).items()}


def uploader(recorder: Recorder, gsp: bool) -> Uploader:
    loader = Uploader(QUERY_URL, GSP_URL if gsp else None, auth=None)
    loader.client = httpx.Client(transport=httpx.MockTransport(recorder.handle))
    return loader


def test_the_client_waits_two_minutes_follows_no_redirect_and_sends_the_credentials() -> None:
    auth = httpx.BasicAuth("dba", "secret")
    loader = Uploader(QUERY_URL, GSP_URL, auth=auth)
    assert loader.query_url == QUERY_URL and loader.gsp_url == GSP_URL
    assert loader.client.timeout == httpx.Timeout(120.0)
    assert loader.client.follow_redirects is False
    assert loader.client.auth is auth
    assert Uploader(QUERY_URL, None, auth=None).gsp_url is None


def test_graph_store_protocol_puts_the_first_chunk_and_posts_the_rest() -> None:
    recorder = Recorder()
    loader = uploader(recorder, gsp=True)
    loader.send_chunk(EX + "g", [ONE], first=True)
    loader.send_chunk(EX + "g", [ONE], first=False)
    put, post = recorder.requests
    assert (put.method, post.method) == ("PUT", "POST")
    for request in (put, post):
        assert str(request.url) == f"{GSP_URL}?graph=http%3A%2F%2Fexample.org%2Fg"
        assert request.headers["content-type"] == "text/turtle"
        assert request.content.decode() == ONE_LINE


def test_sparql_update_drops_the_graph_before_the_first_chunk_only() -> None:
    recorder = Recorder()
    loader = uploader(recorder, gsp=False)
    loader.send_chunk(EX + "g", [ONE], first=True)
    loader.send_chunk(EX + "g", [ONE], first=False)
    assert [(r.method, str(r.url)) for r in recorder.requests] == [("POST", QUERY_URL)] * 2
    insert = f"INSERT DATA {{ GRAPH <{EX}g> {{\n{ONE_LINE}}} }}"
    assert recorder.form(0) == {"update": f"DROP SILENT GRAPH <{EX}g> ;\n{insert}"}
    assert recorder.form(1) == {"update": insert}


def test_count_asks_for_json_results_of_the_graph() -> None:
    recorder = Recorder(count=42)
    assert uploader(recorder, gsp=True).count(EX + "g") == 42
    (request,) = recorder.requests
    assert (request.method, str(request.url)) == ("POST", QUERY_URL)
    assert request.headers["accept"] == "application/sparql-results+json"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}"
    assert recorder.form(0) == {"query": query}


@pytest.mark.parametrize(
    ("status", "refused"), [(200, False), (299, False), (300, True), (500, True)]
)
def test_any_status_from_300_on_is_an_error_that_quotes_the_answer(
    status: int, refused: bool
) -> None:
    text = "  " + "x" * 600 + "  "  # stripped, then cut at 500 characters
    recorder = Recorder(status=status, text=text)
    loader = uploader(recorder, gsp=False)
    if not refused:
        assert loader.count(EX + "g") == 1
        return
    with pytest.raises(UploadError) as caught:
        loader.count(EX + "g")
    assert str(caught.value) == f"counting <{EX}g>: {status} from {QUERY_URL}: " + "x" * 500


def test_a_refused_post_names_the_method() -> None:
    with pytest.raises(UploadError, match=rf"^POST graph <{EX}g>: 403 from {GSP_URL}\?graph="):
        uploader(Recorder(status=403, text="no"), gsp=True).send_chunk(EX + "g", [ONE], False)


def test_ntriples_of_nothing_is_empty() -> None:
    assert ntriples([]) == b""
    assert ntriples([ONE]) == ONE_LINE.encode()


def test_progress_lines_number_the_graphs_and_time_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter([10.0, 12.25, 20.0, 20.04])  # start and end of each graph: 2.25 s, 0.04 s
    monkeypatch.setattr(upload_module.time, "monotonic", lambda: next(clock))
    recorder = Recorder(count=1)
    graphs = [GraphUpload(EX + "g", [ONE]), GraphUpload(EX + "h", [ONE, Triple(S, P, S)])]
    assert upload(uploader(recorder, gsp=True), graphs, chunk_size=1) == 1
    assert capsys.readouterr().out == (
        f"[1/2] <{EX}g> 1 triples, 2.2 s: ok\n"  # 2.25 rounds half to even
        f"[2/2] <{EX}h> 2 triples, 0.0 s: MISMATCH: the store has 1\n"
    )
    # g: PUT + count; h in two chunks of one: PUT, POST, count
    assert [r.method for r in recorder.requests] == ["PUT", "POST", "PUT", "POST", "POST"]
    assert [r.url.params.get("graph") for r in recorder.requests] == [
        EX + "g",
        None,
        EX + "h",
        EX + "h",
        None,
    ]


def test_mismatches_are_counted_one_per_graph() -> None:
    graphs = [GraphUpload(EX + name, [ONE, Triple(S, P, S)]) for name in "ghk"]
    assert upload(uploader(Recorder(count=1), gsp=False), graphs, chunk_size=10) == 3
    assert upload(uploader(Recorder(count=2), gsp=False), graphs, chunk_size=10) == 0


def test_graphs_to_load_sends_only_named_graphs_in_iri_order() -> None:
    store = Store()
    store.add(Quad(S, P, OBJ, DefaultGraph()))
    for name in ("graph/b", "graph/a", "graph/c"):
        store.add(Quad(S, P, Literal(name), NamedNode(EX + name)))
    store.add(Quad(S, P, Literal("in a blank graph"), BlankNode("g")))
    loads = graphs_to_load(store, EX + "all", named=True)
    assert [g.iri for g in loads] == [EX + "all", EX + "graph/a", EX + "graph/b", EX + "graph/c"]
    assert loads[0].triples == [ONE]
    assert loads[1].triples == [Triple(S, P, Literal("graph/a"))]


def test_a_triple_between_two_blank_nodes_joins_their_components() -> None:
    a, b, c = BlankNode("a"), BlankNode("b"), BlankNode("c")
    triples = [
        Triple(S, P, a),  # component of a
        Triple(S, P, b),  # component of b ...
        Triple(c, P, OBJ),  # component of c ...
        Triple(b, P, c),  # ... joins b and c
        Triple(a, P, OBJ),
        Triple(S, P, OBJ),  # no blank node: a component of its own
    ]
    got = list(chunks(triples, 1))
    assert got == [[triples[0], triples[4]], [triples[1], triples[2], triples[3]], [triples[5]]]
    # a longer chain joined from both ends (the union-find's roots are followed, not the first
    # parent): d-e, f-g, then e-f joins them, then d's component gets a triple of g's
    d, e, f, g = (BlankNode(x) for x in "defg")
    chain = [Triple(d, P, e), Triple(f, P, g), Triple(e, P, f), Triple(g, P, OBJ), Triple(S, P, d)]
    assert list(chunks(chain, 1)) == [chain]
