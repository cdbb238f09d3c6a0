"""The query worker's code (regiodeal.sparql.worker) called in the test process, on a small
in-memory store with hand-made quads: in the server it runs in spawned processes, where no
in-process test (nor mutmut) reaches it. No store build, no worker process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from regiodeal.sparql import results, worker
from regiodeal.sparql.service import Answer, Job
from regiodeal.sparql.worker import Policy, memory_message, open_store, run_job, serve

EX = "http://example.org/"
G1, G2 = f"{EX}g1", f"{EX}g2"
CSV, JSON, NT, TTL = results.CSV, results.JSON, results.NTRIPLES, results.TURTLE


def quad(s: str, o: str, graph: str | None = None) -> Quad:
    g = NamedNode(graph) if graph else DefaultGraph()
    return Quad(NamedNode(f"{EX}{s}"), NamedNode(f"{EX}p"), Literal(o), g)


@pytest.fixture
def store() -> Store:
    """Default graph: a "one"; g1: b "two", c "three"; g2: d "four"."""
    store = Store()
    store.extend(
        [quad("a", "one"), quad("b", "two", G1), quad("c", "three", G1), quad("d", "four", G2)]
    )
    return store


def job(query: str, **kwargs: Any) -> Job:
    fields: dict[str, Any] = {"tabular_type": CSV, "graph_type": NT, "cap": 100}
    fields.update(kwargs)
    return Job(query=query, **fields)


def text(answer: Answer) -> tuple[int, str, str]:
    return answer.status, answer.media_type, answer.body.decode()


# --- the dataset of the protocol (default-graph-uri, named-graph-uri) ---------------------------

SUBJECTS = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
IN_GRAPHS = "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s"


def test_without_a_dataset_the_query_sees_the_stores_default_graph(store: Store) -> None:
    assert text(run_job(store, job(SUBJECTS))) == (200, CSV, f"s\r\n{EX}a\r\n")
    # every named graph of the store is a named graph of the query
    body = run_job(store, job(IN_GRAPHS)).body.decode()
    assert body == f"g,s\r\n{G1},{EX}b\r\n{G1},{EX}c\r\n{G2},{EX}d\r\n"


def test_default_graph_uri_makes_that_graph_the_default_and_names_none(store: Store) -> None:
    answer = run_job(store, job(SUBJECTS, default_graphs=[G1]))
    assert answer.body.decode() == f"s\r\n{EX}b\r\n{EX}c\r\n"
    # the protocol: naming only default graphs leaves no named graph
    assert run_job(store, job(IN_GRAPHS, default_graphs=[G1])).body.decode() == "g,s\r\n"


def test_named_graph_uri_names_that_graph_and_leaves_an_empty_default(store: Store) -> None:
    assert run_job(store, job(SUBJECTS, named_graphs=[G2])).body.decode() == "s\r\n"
    answer = run_job(store, job(IN_GRAPHS, named_graphs=[G2]))
    assert answer.body.decode() == f"g,s\r\n{G2},{EX}d\r\n"


def test_both_lists_give_both(store: Store) -> None:
    answer = run_job(store, job(SUBJECTS, default_graphs=[G1, G2], named_graphs=[G1]))
    assert answer.body.decode() == f"s\r\n{EX}b\r\n{EX}c\r\n{EX}d\r\n"
    answer = run_job(store, job(IN_GRAPHS, default_graphs=[G1, G2], named_graphs=[G1]))
    assert answer.body.decode() == f"g,s\r\n{G1},{EX}b\r\n{G1},{EX}c\r\n"


def test_a_graph_name_that_is_no_iri_is_a_400(store: Store) -> None:
    status, media_type, body = text(run_job(store, job(SUBJECTS, default_graphs=["not an iri"])))
    assert (status, media_type) == (400, "text/plain")
    assert body.startswith("query evaluation failed: ")


# --- result kinds and the types negotiated for them --------------------------------------------


def test_a_select_with_no_acceptable_tabular_type_is_a_406(store: Store) -> None:
    answer = run_job(store, job(SUBJECTS, tabular_type=None))
    assert text(answer) == (406, "text/plain", "no acceptable media type for a SELECT result")


def test_ask_answers_in_the_tabular_type_or_406(store: Store) -> None:
    ask = "ASK { ?s ?p 'one' }"
    assert text(run_job(store, job(ask, tabular_type=JSON))) == (
        200,
        JSON,
        '{"head": {}, "boolean": true}',
    )
    assert text(run_job(store, job("ASK { ?s ?p 'none' }"))) == (
        200,
        CSV,
        "_askResult\nfalse\n",
    )
    refused = run_job(store, job(ask, tabular_type=None))
    assert text(refused) == (406, "text/plain", "no acceptable media type for a ASK result")


def test_construct_answers_in_the_graph_type_or_406(store: Store) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert text(run_job(store, job(construct))) == (200, NT, f'<{EX}a> <{EX}p> "one" .\n')
    refused = run_job(store, job(construct, graph_type=None))
    assert text(refused) == (
        406,
        "text/plain",
        "no acceptable media type for a CONSTRUCT/DESCRIBE result",
    )


def test_turtle_uses_the_jobs_prefixes(store: Store) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    body = run_job(store, job(construct, graph_type=TTL, prefixes={"ex": EX})).body.decode()
    assert "@prefix ex: <http://example.org/> ." in body
    assert 'ex:a ex:p "one"' in body


def test_a_graph_over_the_byte_cap_is_cut_with_a_message_or_refused(store: Store) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"
    # N-Triples lines of b, c, d: '<http://example.org/b> <http://example.org/p> "two" .\n' is
    # 22 + 1 + 22 + 1 + 5 + 3 = 54 bytes, c's 56, d's 55: 110 bytes hold two, not three (165)
    answer = run_job(store, job(construct, max_bytes=110))
    assert (answer.status, answer.truncated, answer.count) == (200, True, 2)
    assert answer.message == (
        "results truncated to the first 2: more would exceed 110 bytes "
        "(REGIODEAL_MAX_RESPONSE_BYTES)"
    )
    assert len(answer.body) <= 110
    refused = run_job(store, job(construct, max_bytes=20))
    assert refused.status == 507
    assert refused.body.startswith(b"Response too large: the first result alone would exceed the")


def test_a_graph_over_the_row_cap_is_cut_and_marked(store: Store) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = run_job(store, job(construct, cap=2))
    assert (answer.status, answer.truncated, answer.count, answer.message) == (200, True, 2, None)
    assert answer.body.decode().count("\n") == 2


# --- caps: rows and bytes ------------------------------------------------------------------------


def test_a_result_within_the_caps_is_whole(store: Store) -> None:
    answer = run_job(store, job(IN_GRAPHS, cap=3, max_bytes=1000))
    assert (answer.status, answer.truncated, answer.count, answer.message) == (200, False, 3, None)


def test_over_the_row_cap_the_second_run_keeps_the_dataset(store: Store) -> None:
    """Cut by our own writer on a second evaluation: it must run against the same dataset (g1 as
    the default graph: b, c; the store's default graph would give a) and the same base."""
    answer = run_job(store, job(SUBJECTS, cap=1, default_graphs=[G1]))
    assert text(answer) == (200, CSV, f"s\r\n{EX}b\r\n")
    assert (answer.truncated, answer.count, answer.message) == (True, 1, None)
    relative = "SELECT ?s WHERE { ?s <p> ?o } ORDER BY ?s"
    answer = run_job(
        store, job(relative, cap=1, named_graphs=[G2], default_graphs=[G1], base_iri=EX)
    )
    assert text(answer) == (200, CSV, f"s\r\n{EX}b\r\n")
    assert answer.truncated


def test_over_the_byte_cap_the_rows_that_fit_are_sent_with_a_message(store: Store) -> None:
    # "s\r\n" (3 bytes) + "http://example.org/b\r\n" (22): 25 bytes; the row of c would make 47
    answer = run_job(store, job(SUBJECTS, default_graphs=[G1], max_bytes=30))
    assert text(answer) == (200, CSV, f"s\r\n{EX}b\r\n")
    assert (answer.truncated, answer.count) == (True, 1)
    assert answer.message == (
        "results truncated to the first 1: more would exceed 30 bytes "
        "(REGIODEAL_MAX_RESPONSE_BYTES)"
    )


def test_a_first_row_over_the_byte_cap_is_a_507(store: Store) -> None:
    answer = run_job(store, job(SUBJECTS, max_bytes=10))
    assert text(answer) == (
        507,
        "text/plain",
        "Response too large: the first result alone would exceed the limit of 10 bytes "
        "(REGIODEAL_MAX_RESPONSE_BYTES); select fewer or shorter values (e.g. SUBSTR of long "
        "literals)",
    )
    assert (answer.truncated, answer.count) == (False, 0)


def test_written_maps_each_limit_to_its_answer() -> None:
    plain = job("")
    whole = worker._written(CSV, results.Written(b"x", 4), plain)
    assert (whole.status, whole.media_type, whole.body, whole.truncated, whole.count) == (
        200,
        CSV,
        b"x",
        False,
        4,
    )
    rows = worker._written(CSV, results.Written(b"y", 2, results.ROWS_LIMIT), plain)
    assert (rows.status, rows.body, rows.truncated, rows.count, rows.message) == (
        200,
        b"y",
        True,
        2,
        None,
    )


# --- refusals and errors -----------------------------------------------------------------------


def test_the_guard_refuses_before_the_store_is_asked(store: Store) -> None:
    query = "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"
    status, media_type, body = text(run_job(store, job(query)))
    assert (status, media_type) == (400, "text/plain")
    assert body.startswith("Query refused: SERVICE <http://evil.example/sparql> is not allowed")


def test_from_a_graph_of_the_policy_is_admitted_and_others_refused(store: Store) -> None:
    query = f"SELECT ?s FROM <{G1}> WHERE {{ ?s ?p ?o }} ORDER BY ?s"
    admitted = run_job(store, job(query), Policy(local_graphs=frozenset({G1, G2})))
    assert admitted.body.decode() == f"s\r\n{EX}b\r\n{EX}c\r\n"
    refused = run_job(store, job(query))  # no policy: no local graph
    assert refused.status == 400 and refused.body.startswith(f"Query refused: FROM <{G1}>".encode())
    allowed = run_job(store, job(query), Policy(allow_list=(EX,)))  # allow-listed instead
    assert allowed.status == 200


def test_a_relative_from_resolves_against_the_base(store: Store) -> None:
    query = "SELECT ?s FROM <g1> WHERE { ?s ?p ?o } ORDER BY ?s"
    policy = Policy(local_graphs=frozenset({G1}))
    answer = run_job(store, job(query, base_iri=EX), policy)
    assert answer.body.decode() == f"s\r\n{EX}b\r\n{EX}c\r\n"
    # without a base the guard cannot tell which graph is meant
    unresolved = run_job(store, job(query), policy)
    assert text(unresolved) == (
        400,
        "text/plain",
        "Query refused: cannot resolve the relative IRI <g1>: no base IRI",
    )


def test_a_syntax_error_is_a_400_with_the_parsers_message(store: Store) -> None:
    status, media_type, body = text(run_job(store, job("SELECT WHERE {")))
    assert (status, media_type) == (400, "text/plain")
    assert body.startswith("SPARQL syntax error: ")
    assert len(body) > len("SPARQL syntax error: ")


def test_memory_messages() -> None:
    assert memory_message(0) == (
        "Query stopped: the server ran out of memory for it; simplify the query"
    )
    assert memory_message(-5) == memory_message(0)
    assert memory_message(1) == (
        "Query stopped: it needed more than the 1 MB of memory a query may use "
        "(REGIODEAL_QUERY_MEMORY_MB); simplify the query, e.g. with smaller intermediate results"
    )


# --- opening the store ---------------------------------------------------------------------------


class Limits:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[Any, ...]] = []
        monkeypatch.setattr(worker, "limit_memory", self.record)  # never cap the test process
        monkeypatch.setattr(worker, "data_size", lambda: 12345)

    def record(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((*args, kwargs))


def test_a_snapshot_is_loaded_into_memory_and_limited_above_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = Limits(monkeypatch)
    snapshot = tmp_path / "store.nq"
    snapshot.write_text(f'<{EX}a> <{EX}p> "one" <{G1}> .\n<{EX}b> <{EX}p> "two" .\n')
    store = open_store(str(snapshot), 64)
    assert len(store) == 2
    assert [q.graph_name for q in store.quads_for_pattern(None, None, Literal("one"))] == [
        NamedNode(G1)
    ]
    assert limits.calls == [(64, {"above": 12345})]


def test_an_on_disk_store_is_opened_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = Limits(monkeypatch)
    path = tmp_path / "rocks"
    disk = Store(str(path))
    disk.add(quad("a", "one"))
    disk.flush()
    del disk
    store = open_store(str(path), 32)
    assert len(store) == 1
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(quad("b", "two"))
    assert limits.calls == [(32, {})]


# --- the main loop ---------------------------------------------------------------------------


class Pipe:
    """The worker's end of the pipe: hands out `incoming`, then ends with `end`."""

    def __init__(self, incoming: list[object], end: type[Exception] = EOFError) -> None:
        self.incoming = list(incoming)
        self.end = end
        self.sent: list[object] = []
        self.fail_sends = 0  # the next sends of an Answer raise MemoryError

    def recv(self) -> object:
        if not self.incoming:
            raise self.end
        return self.incoming.pop(0)

    def send(self, value: object) -> None:
        if isinstance(value, Answer) and self.fail_sends:
            self.fail_sends -= 1
            raise MemoryError
        self.sent.append(value)


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Limits:
    return Limits(monkeypatch)


@pytest.fixture
def snapshot(tmp_path: Path, limits: Limits) -> str:
    path = tmp_path / "store.nq"
    path.write_text(f'<{EX}b> <{EX}p> "two" <{G1}> .\n<{EX}a> <{EX}p> "one" .\n')
    return str(path)


def sandbox_says(monkeypatch: pytest.MonkeyPatch, installed: bool) -> list[int]:
    calls: list[int] = []

    def deny_network() -> bool:
        calls.append(1)
        return installed

    monkeypatch.setattr(worker.sandbox, "deny_network", deny_network)
    return calls


@pytest.mark.parametrize("end", [EOFError, OSError])
def test_serve_greets_answers_each_job_and_ends_with_the_pipe(
    snapshot: str, limits: Limits, monkeypatch: pytest.MonkeyPatch, end: type[Exception]
) -> None:
    calls = sandbox_says(monkeypatch, True)
    from_g1 = job(f"SELECT ?s FROM <{G1}> WHERE {{ ?s ?p ?o }}")  # a graph of the store: admitted
    pipe = Pipe([job(SUBJECTS), from_g1], end)
    serve(snapshot, pipe)  # type: ignore[arg-type]
    assert calls == [1]
    assert limits.calls == [(0, {"above": 12345})]  # no memory limit unless given
    greeting, first, second = pipe.sent
    assert greeting == "ready"
    assert isinstance(first, Answer) and first.body.decode() == f"s\r\n{EX}a\r\n"
    assert isinstance(second, Answer) and second.body.decode() == f"s\r\n{EX}b\r\n"


def test_serve_without_the_sandbox_says_so(snapshot: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = sandbox_says(monkeypatch, False)
    pipe = Pipe([])
    serve(snapshot, pipe)  # type: ignore[arg-type]
    assert (calls, pipe.sent) == ([1], ["ready-unsandboxed"])


def test_serve_with_an_allow_list_federates_unsealed(
    snapshot: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = sandbox_says(monkeypatch, True)
    allowed = "http://remote.example/"
    query = f"SELECT ?s FROM <{allowed}g> WHERE {{ ?s ?p ?o }}"  # admitted by the allow-list only
    pipe = Pipe([job(query)])
    serve(snapshot, pipe, [allowed])  # type: ignore[arg-type]
    assert calls == []  # no seal: the worker must reach the allow-listed endpoint
    greeting, answer = pipe.sent
    assert greeting == "ready"
    assert isinstance(answer, Answer) and answer.status == 200


def test_serve_answers_a_memory_error_with_a_507_and_goes_on(
    snapshot: str, limits: Limits, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox_says(monkeypatch, True)
    pipe = Pipe([job(SUBJECTS), job(SUBJECTS)])
    pipe.fail_sends = 1
    serve(snapshot, pipe, (), 48)  # type: ignore[arg-type]
    assert limits.calls == [(48, {"above": 12345})]
    _, refused, answered = pipe.sent
    assert isinstance(refused, Answer) and isinstance(answered, Answer)
    assert text(refused) == (507, "text/plain", memory_message(48))
    assert answered.body.decode() == f"s\r\n{EX}a\r\n"


def test_json_of_a_cut_select_is_valid(store: Store) -> None:
    answer = run_job(store, job(IN_GRAPHS, tabular_type=JSON, cap=2))
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [row["s"]["value"] for row in rows] == [f"{EX}b", f"{EX}c"]


class Counting:
    """A store that counts evaluations; from the `switch_at`-th on it answers another query."""

    def __init__(self, store: Store, switch_at: int = 0, other: str = "ASK {}") -> None:
        self.store, self.switch_at, self.other = store, switch_at, other
        self.queries = 0

    def query(self, query: str, **kwargs: Any) -> Any:
        self.queries += 1
        if self.switch_at and self.queries >= self.switch_at:
            query = self.other
        return self.store.query(query, **kwargs)


def test_only_a_cut_select_is_evaluated_twice(store: Store) -> None:
    whole = Counting(store)
    assert run_job(whole, job(IN_GRAPHS, cap=3), None).count == 3  # type: ignore[arg-type]
    assert whole.queries == 1  # pyoxigraph's own writer, one evaluation
    cut = Counting(store)
    assert run_job(cut, job(IN_GRAPHS, cap=2), None).count == 2  # type: ignore[arg-type]
    assert cut.queries == 2


def test_a_second_run_of_another_kind_is_an_error_not_a_wrong_answer(store: Store) -> None:
    changing = Counting(store, switch_at=2)
    answer = run_job(changing, job(IN_GRAPHS, cap=1), None)  # type: ignore[arg-type]
    assert text(answer) == (
        400,
        "text/plain",
        "query evaluation failed: a SELECT query gave another kind of result on its second run",
    )
