"""The query-service contract (regiodeal.sparql.service) and the embedded service
(regiodeal.sparql.embedded) in the test process, over a stand-in worker pool: how pool errors
become answers, what a job carries, how the service is opened and closed. No store, no worker."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support import aio

from regiodeal.namespaces import PREFIX_IRIS
from regiodeal.settings import Settings
from regiodeal.sparql import embedded, pool
from regiodeal.sparql.embedded import EmbeddedSparqlService, open_embedded_service
from regiodeal.sparql.service import (
    SPARQL_JSON,
    Answer,
    GraphCounts,
    Job,
    QueryError,
    QueryScope,
    Rows,
    select,
    text_answer,
)
from regiodeal.store.manifest import StoreInfo

EX = "http://example.org/"

# --- service.py -------------------------------------------------------------------------------


def test_job_and_answer_defaults() -> None:
    job = Job("ASK {}", None, None, 5)
    assert (job.default_graphs, job.named_graphs, job.prefixes, job.base_iri, job.max_bytes) == (
        None,
        None,
        {},
        None,
        None,
    )
    assert Job("ASK {}", None, None, 5).prefixes is not job.prefixes  # one dict per job
    answer = Answer(200, "text/csv", b"x")
    assert (answer.truncated, answer.count, answer.message) == (False, 0, None)


def test_text_answer_is_plain_utf8() -> None:
    assert text_answer(418, "théière") == Answer(418, "text/plain", "théière".encode())


def test_query_error_carries_its_status_and_message() -> None:
    error = QueryError(415, "Unsupported charset")
    assert (error.status, str(error)) == (415, "Unsupported charset")
    assert error.answer() == Answer(415, "text/plain", b"Unsupported charset")
    of = QueryError.of(Answer(504, "text/plain", "Query timeout: 10 s \xe9".encode() + b"\xff"))
    assert (of.status, str(of)) == (504, "Query timeout: 10 s \xe9\ufffd")  # bad bytes replaced


def test_scope_lists_default_then_named_graphs() -> None:
    assert QueryScope().graphs == []
    assert QueryScope(default_graphs=["a"]).graphs == ["a"]
    assert QueryScope(named_graphs=["b"]).graphs == ["b"]
    assert QueryScope(["a", "c"], ["b"], "http://base/").graphs == ["a", "c", "b"]
    assert (QueryScope().default_graphs, QueryScope().named_graphs, QueryScope().base_iri) == (
        None,
        None,
        None,
    )


def test_graph_counts_default_to_nothing() -> None:
    counts = GraphCounts()
    assert (counts.graphs, counts.default_graph_triples) == ({}, 0)


@dataclass
class Fixed:
    answer: Answer
    asked: list[tuple[str, str | None]] = field(default_factory=list)
    counts: GraphCounts = field(default_factory=GraphCounts)
    local_store: StoreInfo | None = None

    async def execute(self, query: str, accept: str | None, scope: Any = None) -> Answer:
        self.asked.append((query, accept))
        return self.answer

    async def close(self) -> None:
        pass


def test_select_reads_sparql_json_rows() -> None:
    body = {
        "head": {"vars": ["s", "n"]},
        "results": {
            "bindings": [
                {"s": {"type": "uri", "value": f"{EX}a"}, "n": {"type": "literal", "value": "1"}},
                {"s": {"type": "uri", "value": f"{EX}b"}},
            ]
        },
    }
    service = Fixed(Answer(200, SPARQL_JSON, json.dumps(body).encode()))
    rows = aio.run(select(service, "SELECT ?s ?n {}"))
    assert service.asked == [("SELECT ?s ?n {}", "application/sparql-results+json")]
    assert rows.variables == ["s", "n"]
    assert rows.bindings[1] == {"s": {"type": "uri", "value": f"{EX}b"}}
    assert rows.values() == [{"s": f"{EX}a", "n": "1"}, {"s": f"{EX}b"}]


def test_select_raises_the_services_error() -> None:
    service = Fixed(Answer(503, "text/plain", b"Service busy"))
    with pytest.raises(QueryError) as caught:
        aio.run(select(service, "SELECT * {}"))
    assert (caught.value.status, str(caught.value)) == (503, "Service busy")


def test_rows_values_of_no_rows() -> None:
    assert Rows(["x"], []).values() == []


# --- embedded.py ------------------------------------------------------------------------------


class FakePool:
    """Answers each job with `answer`, or raises `error`; records jobs and closing."""

    def __init__(self, answer: Answer | None = None, error: Exception | None = None) -> None:
        self.answer = answer or Answer(200, SPARQL_JSON, b"{}")
        self.error = error
        self.jobs: list[Job] = []
        self.closed = 0

    async def run(self, job: Job) -> Answer:
        self.jobs.append(job)
        if self.error:
            raise self.error
        return self.answer

    async def close(self) -> None:
        self.closed += 1


INFO = StoreInfo(path="/nowhere", fingerprint="f", graphs={f"{EX}g": 3}, default_graph_triples=7)


def service(fake: FakePool, **settings: Any) -> EmbeddedSparqlService:
    return EmbeddedSparqlService(Settings(**settings), INFO, fake)  # type: ignore[arg-type]


def test_the_service_states_its_store() -> None:
    embedded_service = service(FakePool())
    assert embedded_service.local_store is INFO
    assert embedded_service.counts == GraphCounts({f"{EX}g": 3}, 7)
    assert embedded_service.counts.graphs is not INFO.graphs  # a copy: counts may change
    assert embedded_service.local_graphs == {f"{EX}g"}


def test_a_query_becomes_a_job_with_the_limits() -> None:
    fake = FakePool(Answer(200, "text/csv", b"s\r\n"))
    embedded_service = service(fake, max_result_rows=12, max_response_bytes=3456)
    scope = QueryScope([f"{EX}g"], [], "http://host/sparql")
    answer = aio.run(embedded_service.execute("SELECT * WHERE { ?s ?p ?o }", "text/csv", scope))
    assert answer == Answer(200, "text/csv", b"s\r\n")
    [job] = fake.jobs
    assert (job.query, job.tabular_type, job.graph_type) == (
        "SELECT * WHERE { ?s ?p ?o }",
        "text/csv",
        None,  # text/csv has no graph form
    )
    assert (job.cap, job.max_bytes, job.default_graphs, job.named_graphs, job.base_iri) == (
        12,
        3456,
        [f"{EX}g"],
        [],
        "http://host/sparql",
    )
    assert job.prefixes == PREFIX_IRIS


def test_the_guard_is_left_to_the_worker() -> None:
    """The embedded service hands even a SERVICE query to the pool: its worker checks it."""
    fake = FakePool()
    query = "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }"
    assert aio.run(service(fake).execute(query, None)).status == 200
    assert [job.query for job in fake.jobs] == [query]
    assert fake.jobs[0].tabular_type == SPARQL_JSON  # no Accept: JSON for a table


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (
            pool.QueryTimeout("the query did not finish within 10 s"),
            504,
            "Query timeout: the query did not finish within 10 s (limit REGIODEAL_QUERY_TIMEOUT); "
            "simplify the query",
        ),
        (
            pool.PoolBusy("all 2 query workers stayed busy for 10 s"),
            503,
            "Service busy: all 2 query workers stayed busy for 10 s; try again later",
        ),
        (pool.WorkerOutOfMemory("Query stopped: 64 MB"), 507, "Query stopped: 64 MB"),
        (
            pool.WorkerCrashed("exit code -11"),
            503,
            "Query failed: exit code -11",
        ),
    ],
    ids=["timeout", "busy", "memory", "crash"],
)
def test_pool_errors_become_answers(error: Exception, status: int, body: str) -> None:
    answer = aio.run(service(FakePool(error=error)).execute("ASK {}", None))
    assert answer == Answer(status, "text/plain", body.encode())


def test_other_errors_are_not_swallowed() -> None:
    with pytest.raises(KeyError):
        aio.run(service(FakePool(error=KeyError("x"))).execute("ASK {}", None))


def test_closing_the_service_closes_the_pool() -> None:
    fake = FakePool()
    aio.run(service(fake).close())
    assert fake.closed == 1


class Opened:
    """Stand-ins for the store build and the pool that open_embedded_service uses."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        start_error: Exception | None = None,
        snapshot: str = "",
    ):
        self.built: list[Path] = []
        self.pools: list[Any] = []
        opened = self

        def build(settings: Settings, directory: Path) -> StoreInfo:
            assert directory.is_dir() or settings.store_dir is not None
            self.built.append(directory)
            return StoreInfo(
                path=str(directory), fingerprint="f", graphs={f"{EX}g": 1}, snapshot=snapshot
            )

        class Pool(FakePool):
            def __init__(self, *args: Any) -> None:
                super().__init__()
                self.args = args
                self.started = 0
                opened.pools.append(self)

            async def start(self, first: int | None = None) -> None:
                self.started += 1
                self.first = first
                if start_error:
                    raise start_error

        monkeypatch.setattr(embedded, "build_store_in_child", build)
        monkeypatch.setattr(embedded, "WorkerPool", Pool)


def test_open_embedded_service_builds_starts_and_closes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened = Opened(monkeypatch)
    settings = Settings(
        store_dir=tmp_path,
        query_workers=3,
        query_timeout=7.5,
        federation_allow_list=["http://a.example/"],
        query_memory_mb=512,
    )

    async def scenario() -> None:
        async with open_embedded_service(settings) as opened_service:
            [fake] = opened.pools
            assert fake.started == 1 and fake.closed == 0
            assert fake.first == 1  # ready on one worker, the others start behind (#16)
            assert opened_service.pool is fake
            assert opened_service.settings is settings
            assert opened_service.counts.graphs == {f"{EX}g": 1}
        assert fake.closed == 1

    aio.run(scenario())
    assert opened.built == [tmp_path]
    [fake] = opened.pools
    worker_store = str(tmp_path / "oxigraph")  # no snapshot: the RocksDB store only
    assert fake.args == (worker_store, 3, 7.5, ("http://a.example/",), 512, None)
    assert tmp_path.is_dir()  # the configured store stays


def test_workers_are_given_the_rocksdb_store_and_the_snapshot_to_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened = Opened(monkeypatch, snapshot="abc")

    async def scenario() -> None:
        async with open_embedded_service(Settings(store_dir=tmp_path)):
            pass

    aio.run(scenario())
    [fake] = opened.pools
    # RocksDB answers at once; the snapshot is loaded into memory while it does
    assert fake.args[0] == str(tmp_path / "oxigraph")
    assert fake.args[-1] == str(tmp_path / "snapshot.nq")


def test_a_temporary_store_is_removed_after_use_or_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Opened(monkeypatch)

    async def use() -> Path:
        async with open_embedded_service(Settings(store_dir=None)):
            [directory] = opened.built
            assert directory.is_dir()
            assert directory.name.startswith("regiodeal-store-")
            return directory

    directory = aio.run(use())
    assert not directory.exists()

    failing = Opened(monkeypatch, start_error=pool.WorkerStartFailed("no worker"))

    async def fail() -> None:
        async with open_embedded_service(Settings(store_dir=None)):
            raise AssertionError("not reached")

    with pytest.raises(pool.WorkerStartFailed):
        aio.run(fail())
    [directory] = failing.built
    assert not directory.exists()
