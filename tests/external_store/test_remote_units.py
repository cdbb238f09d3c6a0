"""sparql/remote.py against a fake store (httpx.MockTransport, in process, no Virtuoso): what is
sent (form fields, Accept per query form, dataset), each failure of the store as the status and
message a client reads, conversion and the row cap, the blank-node relabelling, the graph list
and when it is read again. Expected messages are written out from the code's wording by hand;
counts and hex labels are computed by hand in the comments."""

from __future__ import annotations

import asyncio
import logging
import types
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from support import aio

from regiodeal.settings import Settings
from regiodeal.sparql import remote, results
from regiodeal.sparql.remote import (
    DEFAULT_COUNT,
    GRAPH_ACCEPT,
    GRAPH_LIST,
    TABULAR_ACCEPT,
    RemoteSparqlService,
    StoreError,
    convert,
    remote_endpoint,
    valid_blank_nodes,
)
from regiodeal.sparql.service import Answer, GraphCounts, QueryScope

ENDPOINT = "http://store.invalid/sparql"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SELECT = "SELECT * WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
NT = (
    b"<http://x/a> <http://x/p> <http://x/b> .\n"
    b"<http://x/b> <http://x/p> <http://x/c> .\n"
    b"<http://x/c> <http://x/p> <http://x/d> .\n"
)
XML_TWO_ROWS = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    b'<head><variable name="x"/><variable name="y"/></head><results>'
    b'<result><binding name="x"><uri>http://x/a</uri></binding>'
    b'<binding name="y"><literal>1</literal></binding></result>'
    b'<result><binding name="x"><uri>http://x/b</uri></binding></result>'
    b"</results></sparql>"
)
Handler = Callable[[httpx.Request], httpx.Response]


def _service(handler: Handler, **settings: object) -> RemoteSparqlService:
    config = Settings(store="sparql+" + ENDPOINT, **settings)
    return RemoteSparqlService(config, ENDPOINT, httpx.MockTransport(handler))


def _answer(body: bytes, media: str) -> Handler:
    return lambda request: httpx.Response(200, content=body, headers={"content-type": media})


def _execute(
    service: RemoteSparqlService, query: str, accept: str | None, scope: QueryScope | None = None
) -> Answer:
    async def run() -> Answer:
        try:
            return await service.execute(query, accept, scope)
        finally:
            await service.close()

    return aio.run(run())


def _form(request: httpx.Request) -> list[tuple[str, str]]:
    return httpx.QueryParams(request.content.decode()).multi_items()


def _rows(*rows: dict[str, str]) -> bytes:
    """SPARQL JSON results with integer ?n and IRI ?g cells (only the cells given)."""
    cells = [
        {
            name: {"type": "uri", "value": value}
            if name == "g"
            else {"type": "literal", "value": value, "datatype": XSD_INTEGER}
            for name, value in row.items()
        }
        for row in rows
    ]
    body = {"head": {"vars": ["g", "n"]}, "results": {"bindings": cells}}
    return httpx.Response(200, json=body).content


def _store(graph_rows: bytes, count_rows: bytes, asked: list[str] | None = None) -> Handler:
    """A store that answers the graph listing and the count (and records the queries)."""

    def handler(request: httpx.Request) -> httpx.Response:
        query = dict(_form(request))["query"]
        if asked is not None:
            asked.append(query)
        if query not in (GRAPH_LIST, DEFAULT_COUNT):  # any other query: two rows
            return httpx.Response(200, content=XML_TWO_ROWS, headers={"content-type": results.XML})
        body = graph_rows if query == GRAPH_LIST else count_rows
        return httpx.Response(200, content=body, headers={"content-type": results.JSON})

    return handler


# --- the store setting -----------------------------------------------------------------------


def test_store_setting_to_endpoint() -> None:
    assert remote_endpoint("embedded") is None
    assert remote_endpoint("sparql+http://h:8890/sparql") == "http://h:8890/sparql"
    assert remote_endpoint("sparql+https://h/sparql") == "https://h/sparql"
    with pytest.raises(ValueError) as raised:
        remote_endpoint("http://h/sparql")
    assert str(raised.value) == (
        "store must be 'embedded' or sparql+http(s)://…, not 'http://h/sparql'"
    )


def test_client_limits_follow_the_settings() -> None:
    service = RemoteSparqlService(
        Settings(store="sparql+" + ENDPOINT, query_timeout=2.5, query_workers=3), ENDPOINT
    )
    assert service.client.timeout == httpx.Timeout(2.5, connect=2.5)  # connect: at most 5 s
    assert service.client.follow_redirects is False  # only ever the configured URL
    pool = service.client._transport._pool  # type: ignore[attr-defined]
    assert pool._max_connections == 3  # as many queries at a time as the embedded workers
    slow = RemoteSparqlService(Settings(store="sparql+" + ENDPOINT, query_timeout=60), ENDPOINT)
    assert slow.client.timeout == httpx.Timeout(60, connect=5.0)
    assert (slow.counts, slow.local_store, slow.local_graphs) == (GraphCounts(), None, set())
    aio.run(service.close())
    aio.run(slow.close())


# --- what is sent ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "accept", "store_accept"),
    [
        (SELECT, results.CSV, TABULAR_ACCEPT),
        ("ASK { ?s ?p ?o }", results.JSON, TABULAR_ACCEPT),
        (CONSTRUCT, results.TURTLE, GRAPH_ACCEPT),
        ("DESCRIBE <http://x/a>", None, GRAPH_ACCEPT),
    ],
)
def test_the_store_is_asked_for_the_formats_of_the_query_form(
    query: str, accept: str | None, store_accept: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, text="stop here")

    assert _execute(_service(handler), query, accept).status == 502
    [request] = sent
    assert request.method == "POST" and str(request.url) == ENDPOINT
    assert request.headers["accept"] == store_accept
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert _form(request) == [("query", query)]  # no BASE, no dataset, no default graph


def test_the_store_accept_for_an_unknown_form_lists_both() -> None:
    assert remote._store_accept(None) == f"{TABULAR_ACCEPT}, {GRAPH_ACCEPT}"
    assert remote._store_accept("SELECT") == TABULAR_ACCEPT
    assert remote._store_accept("DESCRIBE") == GRAPH_ACCEPT


def test_a_select_with_only_graph_types_acceptable_is_406_before_forwarding() -> None:
    # Regression: _check returned check_query's facts, which have no form, so every query was
    # forwarded with both Accept lists and this one came back 406 only after the round trip.
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("forwarded")

    answer = _execute(_service(handler), SELECT, results.TURTLE)
    assert answer.status == 406
    assert answer.body.decode() == (
        "Not Acceptable: a SELECT result can be sent as one of: " + ", ".join(results.TABULAR_TYPES)
    )


def test_the_dataset_base_and_default_graph_are_form_fields() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=XML_TWO_ROWS, headers={"content-type": results.XML})

    service = _service(handler, store_default_graph="urn:all")
    service.local_graphs, service._graphs_known = {"urn:a", "urn:b", "urn:c"}, True
    scope = QueryScope(["urn:a", "urn:b"], ["urn:c"], "http://us/sparql")
    assert _execute(service, SELECT, results.CSV, scope).status == 200
    assert _form(sent[0]) == [
        ("query", "BASE <http://us/sparql>\n" + SELECT),
        ("default-graph-uri", "urn:a"),
        ("default-graph-uri", "urn:b"),
        ("named-graph-uri", "urn:c"),
    ]  # a dataset named: not the store's default graph


@pytest.mark.parametrize(
    ("scope", "sent"),
    [
        (QueryScope(), [("default-graph-uri", "urn:all")]),
        (QueryScope(named_graphs=["urn:c"]), [("named-graph-uri", "urn:c")]),
        (QueryScope(default_graphs=["urn:a"]), [("default-graph-uri", "urn:a")]),
    ],
)
def test_the_loaded_graph_is_the_default_unless_a_dataset_is_named(
    scope: QueryScope, sent: list[tuple[str, str]]
) -> None:
    forms: list[list[tuple[str, str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        forms.append(_form(request))
        return httpx.Response(200, content=XML_TWO_ROWS, headers={"content-type": results.XML})

    service = _service(handler, store_default_graph="urn:all")
    service.local_graphs, service._graphs_known = {"urn:a", "urn:c"}, True
    assert _execute(service, SELECT, results.CSV, scope).status == 200
    assert forms == [[("query", SELECT), *sent]]


# --- the dataset must be in the store --------------------------------------------------------


def test_a_protocol_graph_not_in_the_store_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("forwarded")

    service = _service(handler)
    service.local_graphs, service._graphs_known = {"urn:a"}, True
    answer = _execute(service, SELECT, None, QueryScope(["urn:a"], ["urn:b"]))
    assert answer.status == 400
    assert answer.body.decode() == (
        "Query refused: graph <urn:b> is not in the external store (or its graph list could "
        "not be read); list the graphs with SELECT DISTINCT ?g { GRAPH ?g {} }"
    )


def test_an_allow_listed_graph_may_be_named_and_a_relative_from_resolves_against_us() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=XML_TWO_ROWS, headers={"content-type": results.XML})

    service = _service(handler, federation_allow_list=["http://allowed.example/"])
    service.local_graphs, service._graphs_known = {"http://us/g"}, True
    scope = QueryScope(["http://allowed.example/g"], None, "http://us/sparql")
    # <g> against the base http://us/sparql is http://us/g, a graph of the store
    query = "SELECT * FROM <g> WHERE { ?s ?p ?o }"
    assert _execute(service, query, results.CSV, scope).status == 200
    assert len(sent) == 1


def test_a_relative_from_without_a_base_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("forwarded")

    service = _service(handler)
    service.local_graphs, service._graphs_known = {"g"}, True
    answer = _execute(service, "SELECT * FROM <g> WHERE { ?s ?p ?o }", results.CSV)
    assert answer.status == 400
    assert answer.body == b"Query refused: cannot resolve the relative IRI <g>: no base IRI"


# --- conversion ------------------------------------------------------------------------------


def test_select_answer_is_rewritten_in_the_negotiated_format_and_capped() -> None:
    service = _service(_answer(XML_TWO_ROWS, results.XML + "; charset=UTF-8"), max_result_rows=1)
    answer = _execute(service, SELECT, results.CSV)
    assert (answer.status, answer.media_type, answer.truncated, answer.count) == (
        200,
        results.CSV,
        True,
        1,
    )
    assert answer.body == b"x,y\r\nhttp://x/a,1\r\n"  # SPARQL 1.1 CSV, first row only
    whole = _execute(_service(_answer(XML_TWO_ROWS, results.XML)), SELECT, results.CSV)
    assert (whole.truncated, whole.count) == (False, 2)
    assert whole.body == b"x,y\r\nhttp://x/a,1\r\nhttp://x/b,\r\n"


def test_ask_answer_is_a_boolean_in_the_negotiated_format() -> None:
    body = b'{"head": {}, "boolean": false}'
    answer = _execute(_service(_answer(body, results.JSON)), "ASK {}", results.XML)
    assert (answer.status, answer.media_type) == (200, results.XML)
    assert b"<boolean>false</boolean>" in answer.body
    body = b'{"head": {}, "boolean": true}'
    answer = _execute(_service(_answer(body, results.JSON)), "ASK {}", results.CSV)
    assert (answer.status, answer.body) == (200, b"_askResult\ntrue\n")


def test_graph_answer_is_rewritten_capped_and_uses_our_prefixes() -> None:
    service = _service(_answer(NT, "text/plain"), max_result_rows=2)
    answer = _execute(service, CONSTRUCT, results.NTRIPLES)
    assert (answer.status, answer.media_type, answer.truncated, answer.count) == (
        200,
        results.NTRIPLES,
        True,
        2,
    )
    assert answer.body == b"".join(NT.splitlines(keepends=True)[:2])  # the first two triples
    deal = (
        b"<https://w3id.org/regiodeal/id/regiodeal/twente> "
        b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        b"<https://w3id.org/regiodeal/def#RegioDeal> .\n"
    )
    turtle = _execute(_service(_answer(deal, "application/n-triples")), CONSTRUCT, results.TURTLE)
    assert (turtle.status, turtle.truncated, turtle.count) == (200, False, 1)
    assert b"@prefix rd: <https://w3id.org/regiodeal/def#>" in turtle.body
    assert b"rd:RegioDeal" in turtle.body


def test_a_construct_that_gets_a_select_answer_is_406() -> None:
    # A store that answers a CONSTRUCT with a result table: nothing we may send as Turtle.
    answer = _execute(_service(_answer(XML_TWO_ROWS, results.XML)), CONSTRUCT, results.TURTLE)
    assert (answer.status, answer.media_type) == (406, "text/plain")
    assert answer.body == b"Not Acceptable: the query gave a SELECT/ASK result"


def test_a_select_that_gets_a_graph_answer_is_406() -> None:
    answer = _execute(_service(_answer(NT, "application/n-triples")), SELECT, results.CSV)
    assert (answer.status, answer.media_type) == (406, "text/plain")
    assert answer.body == b"Not Acceptable: the query gave a CONSTRUCT/DESCRIBE graph"


def test_convert_both_ways_when_both_types_are_negotiated() -> None:
    table = convert(XML_TWO_ROWS, results.XML, results.TSV, results.TURTLE, 10, {})
    assert table.media_type == results.TSV and table.body.startswith(b"?x\t?y\n")
    graph = convert(NT, "application/n-triples", results.TSV, results.NTRIPLES, 10, {})
    assert (graph.media_type, graph.count, graph.body) == (results.NTRIPLES, 3, NT)


@pytest.mark.parametrize(
    ("media", "body", "message"),
    [
        ("text/html", b"<html>", "the external store answered in an unexpected format 'text/html'"),
        ("", b"", "the external store answered in an unexpected format ''"),
        (
            results.XML,
            b"<spar",
            "the external store's answer could not be read: ",
        ),
        ("text/turtle", b"<http://x/a> <http://x/p> .", "the external store's answer could not "),
    ],
)
def test_an_unreadable_answer_is_502(media: str, body: bytes, message: str) -> None:
    with pytest.raises(StoreError) as raised:
        convert(body, media, results.CSV, results.TURTLE, 10, {})
    assert raised.value.status == 502 and str(raised.value).startswith(message)


def test_virtuoso_blank_node_labels_become_hex_labels() -> None:
    # "nodeID://b1" in hex: 6e 6f 64 65 49 44 3a 2f 2f 62 31; the new label is b + that.
    label = b"b6e6f646549443a2f2f6231"
    xml = b"<bnode>nodeID://b1</bnode><uri>nodeID://b1</uri><bnode></bnode>"
    assert (
        valid_blank_nodes(xml)
        == b"<bnode>" + label + b"</bnode><uri>nodeID://b1</uri><bnode>b</bnode>"
    )
    json = b'{"type" : "bnode", "value": "nodeID://b1"}, {"type":"bnode","value":"x"}'
    assert valid_blank_nodes(json) == (
        b'{"type" : "bnode", "value": "' + label + b'"}, {"type":"bnode","value":"b78"}'
    )
    untouched = b'{"value": "nodeID://b1", "type": "bnode"} {"type": "uri", "value": "u"}'
    assert valid_blank_nodes(untouched) == untouched


def test_virtuoso_blank_nodes_are_read_and_keep_their_joins() -> None:
    body = (
        b'{"head": {"vars": ["a", "b"]}, "results": {"bindings": ['
        b'{"a": {"type": "bnode", "value": "nodeID://b7"}, "b": {"type": "bnode", "value": "nodeID://b7"}},'
        b'{"a": {"type": "bnode", "value": "nodeID://b8"}, "b": {"type": "uri", "value": "http://x/"}}]}}'
    )
    answer = _execute(_service(_answer(body, results.JSON)), SELECT, results.TSV)
    # hex("nodeID://b7") = 6e6f646549443a2f2f6237
    assert answer.body == (
        b"?a\t?b\n_:b6e6f646549443a2f2f6237\t_:b6e6f646549443a2f2f6237\n"
        b"_:b6e6f646549443a2f2f6238\t<http://x/>\n"
    )


# --- failures of the store -------------------------------------------------------------------


def _failing(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("exc", "status", "message"),
    [
        (httpx.PoolTimeout("pool"), 503, "Service busy: no connection to the store became free"),
        (httpx.ConnectError("refused"), 503, "the external store is unreachable: refused"),
        (httpx.ConnectTimeout("no SYN-ACK"), 503, "the external store is unreachable: no SYN-ACK"),
        (
            httpx.ReadTimeout("read"),
            504,
            "Query timeout: no answer from the external store within 10.0 s "
            "(limit REGIODEAL_QUERY_TIMEOUT); simplify the query",
        ),
        (
            httpx.RemoteProtocolError("cut off"),
            502,
            "the external store failed: RemoteProtocolError('cut off')",
        ),
    ],
)
def test_transport_failures_are_clear_answers(exc: Exception, status: int, message: str) -> None:
    answer = _execute(_service(_failing(exc)), SELECT, None)
    assert (answer.status, answer.media_type, answer.body.decode()) == (
        status,
        "text/plain",
        message,
    )


@pytest.mark.parametrize(
    ("status", "body", "answered", "message"),
    [
        (
            400,
            b"  syntax error at line 1 \n",
            400,
            "Query rejected by the external store: syntax error at line 1",
        ),
        (
            500,
            b"Virtuoso 42000 Error",
            502,
            "the external store answered 500: Virtuoso 42000 Error",
        ),
        (204, b"", 502, "the external store answered 204: "),
        (503, b"\xff busy", 502, "the external store answered 503: \ufffd busy"),
        (500, b" " + b"x" * 2500, 502, "the external store answered 500: " + "x" * 2000),
    ],
)
def test_error_statuses_pass_the_stores_message_on(
    status: int, body: bytes, answered: int, message: str
) -> None:
    service = _service(lambda request: httpx.Response(status, content=body))
    answer = _execute(service, SELECT, None)
    assert (answer.status, answer.body.decode()) == (answered, message)


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


@pytest.mark.parametrize(("size", "fits"), [(1000, True), (1001, False)])
def test_the_answer_may_be_as_large_as_the_limit_over_several_chunks(size: int, fits: bool) -> None:
    # A SELECT answer in JSON padded with spaces to `size` bytes, sent in chunks of 300 bytes
    # (each below the limit of 1000): only the sum can exceed it.
    head = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    body = head + b" " * (size - len(head))
    parts = [body[i : i + 300] for i in range(0, size, 300)]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=_chunks(*parts), headers={"content-type": results.JSON})

    answer = _execute(_service(handler, store_max_response_bytes=1000), SELECT, results.CSV)
    if fits:
        assert (answer.status, answer.body) == (200, b"x\r\n")
    else:
        assert answer.status == 502
        assert answer.body.decode() == (
            "the external store's answer is larger than 1000 bytes "
            "(REGIODEAL_STORE_MAX_RESPONSE_BYTES); add a LIMIT"
        )


# --- the graph list ----------------------------------------------------------------------------


def test_refresh_reads_the_graphs_and_counts_in_place() -> None:
    asked: list[str] = []
    graphs = _rows({"g": "urn:b", "n": "7"}, {"g": "urn:a", "n": "5"}, {"n": "3"})
    service = _service(_store(graphs, _rows({"n": "12"}), asked))
    counts = service.counts
    assert aio.run(service.refresh()) is True
    assert asked == [GRAPH_LIST, DEFAULT_COUNT]
    assert service.counts is counts  # the service description holds this object
    assert counts == GraphCounts({"urn:a": 5, "urn:b": 7}, 12)  # the row without ?g left out
    assert service.local_graphs == {"urn:a", "urn:b"}
    assert service._graphs_known is True


def test_refresh_asks_for_the_loaded_graph_as_the_default_graph() -> None:
    forms: list[list[tuple[str, str]]] = []
    accepts: list[str] = []
    inner = _store(_rows(), _rows({"n": "0"}))

    def handler(request: httpx.Request) -> httpx.Response:
        forms.append(_form(request))
        accepts.append(request.headers["accept"])
        return inner(request)

    assert aio.run(_service(handler, store_default_graph="urn:all").refresh()) is True
    assert forms == [
        [("query", GRAPH_LIST), ("default-graph-uri", "urn:all")],
        [("query", DEFAULT_COUNT), ("default-graph-uri", "urn:all")],
    ]
    assert accepts == [TABULAR_ACCEPT, TABULAR_ACCEPT]


@pytest.mark.parametrize(
    ("count_rows", "logged"),
    [
        (
            _rows({"n": "1"}, {"n": "2"}),
            f"2 rows, not one with ?n, for the count {DEFAULT_COUNT!r}",
        ),
        (_rows({"g": "urn:a"}), f"1 rows, not one with ?n, for the count {DEFAULT_COUNT!r}"),
        (b"{not json", "could not list the graphs of http://store.invalid/sparql: "),
    ],
)
def test_a_bad_count_is_a_failed_refresh_that_changes_nothing(
    count_rows: bytes, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    service = _service(_store(_rows({"g": "urn:a", "n": "5"}), count_rows))
    with caplog.at_level(logging.WARNING, logger="regiodeal.sparql.remote"):
        assert aio.run(service.refresh()) is False
    assert logged in caplog.text
    assert (service.counts, service.local_graphs, service._graphs_known) == (
        GraphCounts(),
        set(),
        False,
    )


def test_a_graph_listing_in_another_format_is_a_failed_refresh(
    caplog: pytest.LogCaptureFixture,
) -> None:
    service = _service(_answer(NT, "text/turtle"))
    with caplog.at_level(logging.WARNING, logger="regiodeal.sparql.remote"):
        assert aio.run(service.refresh()) is False
    assert caplog.messages == [
        "could not list the graphs of http://store.invalid/sparql: unexpected format 'text/turtle'"
    ]


def test_a_boolean_graph_listing_says_so(caplog: pytest.LogCaptureFixture) -> None:
    service = _service(_answer(b'{"head": {}, "boolean": true}', results.JSON))
    with caplog.at_level(logging.WARNING, logger="regiodeal.sparql.remote"):
        assert aio.run(service.refresh()) is False
    assert caplog.messages == [
        "could not list the graphs of http://store.invalid/sparql: "
        "the external store answered a SELECT query with a boolean"
    ]


def test_the_graph_list_is_read_when_a_dataset_is_named_at_most_every_10_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [0.0]  # a fresh service lists at once, even when the clock starts at 0
    monkeypatch.setattr(remote, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    asked: list[str] = []
    up = [False]
    store = _store(_rows({"g": "urn:a", "n": "5"}), _rows({"n": "5"}))

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(dict(_form(request))["query"])
        return store(request) if up[0] else httpx.Response(500, text="starting")

    service = _service(handler)
    named = QueryScope(default_graphs=["urn:a"])

    async def run(scope: QueryScope | None) -> int:
        return (await service.execute(SELECT, results.CSV, scope)).status

    async def scenario() -> list[object]:
        seen: list[object] = []
        seen.append(await run(None))  # no dataset: no graph listing, the query only
        seen.append(list(asked))
        asked.clear()
        seen.append(await run(named))  # listing fails: refused, urn:a is not known
        seen.append(list(asked))
        asked.clear()
        clock[0] += 9.9
        up[0] = True
        seen.append(await run(named))  # 9.9 s later: not asked again, still refused
        seen.append(list(asked))
        clock[0] += 0.1
        seen.append(await run(named))  # 10 s after the failure: listed, then the query
        seen.append(list(asked))
        asked.clear()
        clock[0] += 100
        seen.append(await run(named))  # known now: never listed again
        seen.append(list(asked))
        await service.close()
        return seen

    assert aio.run(scenario()) == [
        502,
        [SELECT],
        400,
        [GRAPH_LIST],
        400,
        [],
        200,
        [GRAPH_LIST, DEFAULT_COUNT, SELECT],
        200,
        [SELECT],
    ]


def test_refresh_is_retried_every_10_s_until_the_store_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    answers = iter([False, False, True])

    async def refresh() -> bool:
        return next(answers)

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    service = _service(_failing(AssertionError("not asked")))
    monkeypatch.setattr(service, "refresh", refresh)
    monkeypatch.setattr(remote.asyncio, "sleep", sleep)
    aio.run(service._refresh_until_known())
    assert slept == [10.0, 10.0]


def test_close_stops_the_background_refresh() -> None:
    service = _service(_failing(AssertionError("not asked")))

    async def scenario() -> tuple[bool, bool]:
        service._refresher = asyncio.create_task(asyncio.sleep(3600))
        await service.close()
        await asyncio.sleep(0)
        return service._refresher.cancelled(), service.client.is_closed

    assert aio.run(scenario()) == (True, True)
