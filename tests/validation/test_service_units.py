"""regiodeal.validation.service, .worker and .pool in the test process: the worker's functions
called directly (the validation itself replaced by a stub: what is tested is the answering, not
SHACL), and the pool run on "processes" that are threads holding a duplicate of the pipe's end,
so that killing, crashing and timing out are seen as the parent sees them: EOF on the pipe and an
exit code.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

import pytest
from rdflib import Graph, URIRef

from regiodeal.settings import REPO_ROOT, Settings
from regiodeal.validation import pool as pool_module
from regiodeal.validation import service as service_module
from regiodeal.validation import worker as worker_module
from regiodeal.validation.engine import Report
from regiodeal.validation.pool import (
    ValidationBusy,
    ValidationPool,
    ValidationTimeout,
    ValidationTooLarge,
    WorkerCrashed,
)
from regiodeal.validation.reading import InputError
from regiodeal.validation.service import ValidationFailed, ValidationService, sniff_syntax
from regiodeal.validation.worker import Job, memory_message, run_job

# --- service ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "syntax"),
    [
        (b"<a> <b> <c> .", "deal.JSONLD", "jsonld"),
        (b"<a> <b> <c> .", "deal.json", "jsonld"),
        (b"{}", "deal.TTL", "turtle"),
        (b"{}", "deal.turtle", "turtle"),
        (b"{}", "deal.Yaml", "yaml"),
        (b"{}", "deal.yml", "yaml"),
        (b' \n {"@id": "x"}', "deal.txt", "jsonld"),
        (b"[]", None, "jsonld"),
        (b"deal:\n  name: x\n", None, "yaml"),
        (b"@prefix ex: <http://example.org/> .", "deal", "turtle"),
        (b"", None, "turtle"),
    ],
)
def test_sniff_syntax(data: bytes, filename: str | None, syntax: str) -> None:
    assert sniff_syntax(data, filename) == syntax


class FakePool:
    def __init__(self, answer: tuple[str, object]) -> None:
        self.answer = answer
        self.jobs: list[Job] = []
        self.closed = False

    async def run(self, job: Job) -> tuple[str, object]:
        self.jobs.append(job)
        return self.answer

    async def close(self) -> None:
        self.closed = True


def validate(answer: tuple[str, object]) -> Report:
    pool = FakePool(answer)
    service = ValidationService(Settings(), pool)  # type: ignore[arg-type]
    try:
        return asyncio.run(service.validate(b"data", "turtle", "deal.ttl"))
    finally:
        assert pool.jobs == [Job(b"data", "turtle", "deal.ttl")]


def test_service_answers(caplog: pytest.LogCaptureFixture) -> None:
    report = Report(files=["deal.ttl"])
    assert validate(("report", report)) is report
    with pytest.raises(InputError) as error:
        validate(("input", ("deal.ttl", "bad", 2, 3, ())))
    assert (error.value.path, error.value.message, error.value.line, error.value.column) == (
        "deal.ttl",
        "bad",
        2,
        3,
    )
    with pytest.raises(ValidationTooLarge, match="^needs more$"):
        validate(("memory", "needs more"))
    level = caplog.at_level(logging.ERROR, logger="regiodeal.validation.service")
    with level, pytest.raises(ValidationFailed) as failed:
        validate(("failed", "Traceback: boom"))
    assert str(failed.value) == "the validator failed on this input; the error has been logged"
    assert [r.getMessage() for r in caplog.records] == [
        "validation of deal.ttl failed:\nTraceback: boom"
    ]


def test_service_start_and_close(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Settings] = []

    class Pool(FakePool):
        def __init__(self, settings: Settings) -> None:
            super().__init__(("report", Report()))
            self.settings = settings

        async def start(self) -> None:
            started.append(self.settings)

    monkeypatch.setattr(service_module, "ValidationPool", Pool)
    settings = Settings()

    async def cycle() -> Pool:
        service = await ValidationService.start(settings)
        assert service.settings is settings
        assert isinstance(service.pool, Pool)
        await service.close()
        return service.pool

    pool = asyncio.run(cycle())
    assert started == [settings]
    assert pool.closed


# --- worker ----------------------------------------------------------------------------------

TURTLE = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> ."


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Graph, object, object]]:
    """validate_graph replaced: records its arguments, answers an empty report."""
    calls: list[tuple[Graph, object, object]] = []

    def validate_graph(graph: Graph, context: object, settings: object) -> Report:
        calls.append((graph, context, settings))
        if (None, None, URIRef("http://example.org/memory")) in graph:
            raise MemoryError
        if (None, None, URIRef("http://example.org/bug")) in graph:
            raise RuntimeError("boom")
        return Report()

    monkeypatch.setattr(worker_module, "validate_graph", validate_graph)
    return calls


def test_run_job_turtle(stub: list[tuple[Graph, object, object]]) -> None:
    settings, context = Settings(), object()
    kind, report = run_job(context, settings, Job(TURTLE, "turtle", "deal.ttl"))  # type: ignore[arg-type]
    assert kind == "report"
    assert isinstance(report, Report)
    assert report.files == ["deal.ttl"]
    ((graph, got_context, got_settings),) = stub
    assert len(graph) == 1
    assert got_context is context and got_settings is settings
    jsonld = (
        b'{"@id": "http://example.org/a", "http://example.org/b": {"@id": "http://example.org/c"}}'
    )
    kind, _ = run_job(context, settings, Job(jsonld, "jsonld", "deal.jsonld"))  # type: ignore[arg-type]
    assert kind == "report"
    assert set(stub[1][0]) == set(stub[0][0])  # the same triple, read as JSON-LD


def test_run_job_yaml(stub: list[tuple[Graph, object, object]]) -> None:
    template = (REPO_ROOT / "examples" / "new-deal.yaml").read_bytes()
    context, settings = object(), Settings()
    kind, report = run_job(context, settings, Job(template, "yaml", "new-deal.yaml"))  # type: ignore[arg-type]
    assert stub[0][1] is context and stub[0][2] is settings
    assert kind == "report", report
    assert isinstance(report, Report)
    assert report.files == ["new-deal.yaml"]
    assert len(stub[0][0]) > 10  # the template's deal, built from YAML


def test_run_job_errors(stub: list[tuple[Graph, object, object]]) -> None:
    settings = Settings(validation_memory_mb=512)
    kind, value = run_job(object(), settings, Job(b"<a> <b>", "turtle", "deal.ttl"))  # type: ignore[arg-type]
    assert kind == "input"
    assert isinstance(value, tuple)
    path, message, line, column, problems = value
    assert (path, line, problems) == ("deal.ttl", 1, ())
    assert message
    assert isinstance(column, int)
    bad_yaml = run_job(object(), settings, Job(b"deal: [", "yaml", "d.yaml"))  # type: ignore[arg-type]
    assert bad_yaml[0] == "input"
    memory = TURTLE.replace(b"/c>", b"/memory>")
    assert run_job(object(), settings, Job(memory, "turtle", "m.ttl")) == (  # type: ignore[arg-type]
        "memory",
        "validating it needs more than 512 MB (REGIODEAL_VALIDATION_MEMORY_MB)",
    )
    kind, text = run_job(object(), settings, Job(TURTLE.replace(b"/c>", b"/bug>"), "turtle", "b"))  # type: ignore[arg-type]
    assert kind == "failed"
    assert isinstance(text, str)
    assert text.startswith("Traceback (most recent call last):")
    assert text.endswith("RuntimeError: boom\n")
    assert '\n  File "' in text  # the traceback's lines as Python prints them


def test_memory_message() -> None:
    assert memory_message(2048) == (
        "validating it needs more than 2048 MB (REGIODEAL_VALIDATION_MEMORY_MB)"
    )


class FakeConnection:
    def __init__(self, jobs: list[Job], end: type[Exception]) -> None:
        self.jobs = jobs
        self.end = end
        self.sent: list[Any] = []

    def send(self, value: Any) -> None:
        self.sent.append(value)

    def recv(self) -> Job:
        if not self.jobs:
            raise self.end
        return self.jobs.pop(0)


@pytest.mark.parametrize("end", [EOFError, OSError])
def test_serve(
    monkeypatch: pytest.MonkeyPatch, stub: list[tuple[Graph, object, object]], end: type
) -> None:
    events: list[object] = []
    context = object()
    settings = Settings(validation_memory_mb=300)

    def from_settings(got: Settings, published: bool = False) -> object:
        events.append(("context", got is settings, published))
        return context

    monkeypatch.setattr(worker_module, "validation_kit", lambda s: events.append(("kit", s)))
    monkeypatch.setattr(worker_module.PublishedContext, "from_settings", from_settings)
    monkeypatch.setattr(worker_module, "data_size", lambda: 123)
    monkeypatch.setattr(
        worker_module, "limit_memory", lambda mb, above: events.append(("limit", mb, above))
    )
    conn = FakeConnection([Job(TURTLE, "turtle", "a"), Job(b"<a>", "turtle", "b")], end)
    worker_module.serve(settings, conn)  # type: ignore[arg-type]
    assert events == [("kit", settings), ("context", True, True), ("limit", 300, 123)]
    assert all(call[2] is settings for call in stub)
    assert conn.sent[0] == "ready"
    assert [answer[0] for answer in conn.sent[1:]] == ["report", "input"]
    assert stub[0][1] is context


# --- pool ------------------------------------------------------------------------------------


class ThreadProcess:
    """A "process" that runs its target in a thread, on its own duplicate of the child's end."""

    def __init__(self, target: Any, args: tuple[Any, ...], daemon: bool) -> None:
        self.target, self.args, self.daemon = target, args, daemon
        self.exitcode: int | None = None
        self.killed = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.conn: Connection | None = None

    def start(self) -> None:
        settings, child = self.args
        self.conn = Connection(os.dup(child.fileno()))
        self.thread.start()

    def _run(self) -> None:
        assert self.conn is not None
        code = self.target(self.args[0], self.conn, self)
        if self.exitcode is None:
            self.exitcode = code
        self.conn.close()

    def kill(self) -> None:
        self.killed.set()
        if self.exitcode is None:
            self.exitcode = -9

    def join(self, timeout: float | None = None) -> None:
        self.thread.join(timeout)


class ThreadContext:
    def __init__(self) -> None:
        self.processes: list[ThreadProcess] = []

    def Pipe(self) -> tuple[Connection, Connection]:  # noqa: N802  # as multiprocessing's
        return Pipe()

    def Process(self, target: Any, args: tuple[Any, ...], daemon: bool) -> ThreadProcess:  # noqa: N802
        process = ThreadProcess(target, args, daemon)
        self.processes.append(process)
        return process


def fake_serve(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
    """Answers by the job's data: report, memory, sleep (until killed), exit N (dies)."""
    conn.send("ready")
    while True:
        while not conn.poll(0.01):  # a thread cannot be killed: it stops when told to
            if process.killed.is_set():
                return -9
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return 0
        if job.data == b"sleep":
            process.killed.wait(30)
            return -9
        if job.data.startswith(b"exit "):
            return int(job.data.split()[1])
        if job.data == b"memory":
            conn.send(("memory", "too much"))
        else:
            conn.send(("report", job.data.decode()))


def make_pool(monkeypatch: pytest.MonkeyPatch, serve: Any = fake_serve, **settings: Any) -> Any:
    monkeypatch.setattr(pool_module.validation_worker, "serve", serve)
    settings.setdefault("validation_timeout", 30.0)
    pool = ValidationPool(Settings(**settings))
    context = ThreadContext()
    pool._ctx = context  # type: ignore[assignment]
    return pool, context


def job(data: bytes) -> Job:
    return Job(data, "turtle", "x")


async def settle(pool: ValidationPool) -> None:
    """Wait for the background replacements to finish."""
    while pool._tasks:
        await asyncio.sleep(0.01)


def test_pool_runs_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=0)

    async def scenario() -> None:
        await pool.start()
        assert pool.size == 1
        assert len(pool._workers) == 1
        assert await pool.run(job(b"one")) == ("report", "one")
        assert await pool.run(job(b"two")) == ("report", "two")  # the worker came back
        assert len(context.processes) == 1
        assert context.processes[0].daemon
        await pool.close()
        assert pool._workers == set()
        assert context.processes[0].killed.is_set()

    asyncio.run(scenario())


def test_pool_size(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=3)

    async def scenario() -> None:
        await pool.start()
        assert pool.size == 3
        assert len(pool._workers) == 3
        assert pool._idle.qsize() == 3
        await pool.close()

    asyncio.run(scenario())
    assert len(context.processes) == 3


def test_pool_replaces_a_worker_after_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=1)

    async def scenario() -> None:
        await pool.start()
        assert await pool.run(job(b"memory")) == ("memory", "too much")
        await settle(pool)
        assert context.processes[0].killed.is_set()
        assert len(context.processes) == 2
        assert pool._workers and all(w.process is context.processes[1] for w in pool._workers)
        assert await pool.run(job(b"after")) == ("report", "after")
        await pool.close()

    asyncio.run(scenario())


def test_pool_timeout_and_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_successor(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        if len(context.processes) > 1:  # the successor of the killed worker starts late
            time.sleep(1.0)
        return fake_serve(settings, conn, process)

    pool, context = make_pool(
        monkeypatch, serve=slow_successor, validation_concurrency=1, validation_timeout=0.5
    )

    async def scenario() -> None:
        await pool.start()
        slow = asyncio.create_task(pool.run(job(b"sleep")))
        while pool._idle.qsize():
            await asyncio.sleep(0.01)
        with pytest.raises(ValidationBusy) as busy:
            await pool.run(job(b"waits"))
        assert str(busy.value) == "all 1 validation workers stayed busy for 0.5 s"
        with pytest.raises(ValidationTimeout) as timeout:
            await slow
        assert str(timeout.value) == (
            "the validation took longer than REGIODEAL_VALIDATION_TIMEOUT (0.5 s)"
            " and its work was stopped"
        )
        await settle(pool)
        assert context.processes[0].killed.is_set()
        assert len(context.processes) == 2
        assert await pool.run(job(b"next")) == ("report", "next")
        await pool.close()

    asyncio.run(scenario())


def test_pool_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=1)

    async def scenario() -> None:
        await pool.start()
        task = asyncio.create_task(pool.run(job(b"sleep")))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await settle(pool)
        assert context.processes[0].killed.is_set()
        assert await pool.run(job(b"next")) == ("report", "next")
        await pool.close()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("code", "memory_mb", "error", "message"),
    [
        (
            1,
            100,
            ValidationTooLarge,
            "validating it needs more than 100 MB"
            " (REGIODEAL_VALIDATION_MEMORY_MB); the worker stopped with exit code 1",
        ),
        (
            -6,
            100,
            ValidationTooLarge,
            "validating it needs more than 100 MB"
            " (REGIODEAL_VALIDATION_MEMORY_MB); the worker stopped with exit code -6",
        ),
        (
            -9,
            100,
            ValidationTooLarge,
            "validating it needs more than 100 MB"
            " (REGIODEAL_VALIDATION_MEMORY_MB); the worker stopped with exit code -9",
        ),
        (1, 0, WorkerCrashed, "the validation worker stopped while validating (exit code 1)"),
        (
            1,
            1,
            ValidationTooLarge,
            "validating it needs more than 1 MB"
            " (REGIODEAL_VALIDATION_MEMORY_MB); the worker stopped with exit code 1",
        ),
        (3, 100, WorkerCrashed, "the validation worker stopped while validating (exit code 3)"),
    ],
)
def test_pool_worker_dies(
    monkeypatch: pytest.MonkeyPatch, code: int, memory_mb: int, error: type, message: str
) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=1, validation_memory_mb=memory_mb)

    async def scenario() -> None:
        await pool.start()
        with pytest.raises(error) as raised:
            await pool.run(job(f"exit {code}".encode()))
        assert str(raised.value) == message
        await settle(pool)
        assert len(context.processes) == 2
        assert await pool.run(job(b"next")) == ("report", "next")
        await pool.close()

    asyncio.run(scenario())


def test_worker_that_does_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def silent(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        return 1

    def wrong(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        conn.send("hello")
        return 0

    for serve in (silent, wrong):
        pool, context = make_pool(monkeypatch, serve=serve, validation_concurrency=1)
        with pytest.raises(RuntimeError, match=r"^validation worker did not start \(see its"):
            pool._spawn_blocking()
        assert context.processes[0].killed.is_set()


def test_replacement_that_fails_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    def once(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        calls.append(1)
        if len(calls) > 1:
            return 1  # the successor never says ready
        return fake_serve(settings, conn, process)

    pool, context = make_pool(monkeypatch, serve=once, validation_concurrency=1)

    async def scenario() -> None:
        await pool.start()
        with caplog.at_level(logging.ERROR, logger="regiodeal.validation.pool"):
            await pool.run(job(b"memory"))
            await settle(pool)
        assert pool._workers == set()
        await pool.close()

    asyncio.run(scenario())
    assert [r.getMessage() for r in caplog.records] == [
        "could not start a validation worker; 0 left"
    ]


def test_close_cancels_replacements(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, context = make_pool(monkeypatch, validation_concurrency=2)

    async def scenario() -> None:
        await pool.start()
        worker = next(iter(pool._workers))
        pool._replace(worker)
        assert len(pool._tasks) == 1
        (task,) = pool._tasks
        await pool.close()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()
        assert pool._workers == set()
        # the pool's workers are killed; the one being replaced is left to its replacement
        # task (cancelled here before it ran): a daemon process, ended when the server exits
        assert [p.killed.is_set() for p in context.processes].count(True) == 1
        assert len(context.processes) == 2

    asyncio.run(scenario())


def test_pool_uses_spawned_processes_and_enough_threads() -> None:
    """spawn, not fork: the server's threads and event loop must not be copied into a worker;
    one thread per worker plus two, so that starting and killing never wait for a thread."""
    pool = ValidationPool(Settings(validation_concurrency=3))
    try:
        assert pool._ctx.get_start_method() == "spawn"
        assert pool._threads._max_workers == 5
    finally:
        pool._threads.shutdown()


def test_worker_that_never_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def mute(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        process.killed.wait(60)  # silent until killed: without the time limit, a hang
        return -9

    monkeypatch.setattr(pool_module, "START_TIMEOUT", 0.2)
    pool, context = make_pool(monkeypatch, serve=mute, validation_concurrency=1)
    with pytest.raises(RuntimeError, match="did not start"):
        pool._spawn_blocking()
    assert context.processes[0].killed.is_set()


def test_close_does_not_wait_for_a_starting_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_successor(settings: Settings, conn: Connection, process: ThreadProcess) -> int:
        if len(context.processes) > 1:
            process.killed.wait(3)
        return fake_serve(settings, conn, process)

    pool, context = make_pool(monkeypatch, serve=slow_successor, validation_concurrency=1)

    async def scenario() -> float:
        await pool.start()
        pool._replace(next(iter(pool._workers)))
        while len(context.processes) < 2:  # the successor is starting
            await asyncio.sleep(0.01)
        started = time.monotonic()
        await pool.close()
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0
    for process in context.processes:
        process.kill()
