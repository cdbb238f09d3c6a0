"""The query worker pool heals itself: it returns to its size when replacements fail to start,
never hands a query to a dead worker, and never reuses a cancelled query's worker while busy."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store
from support import aio

from regiodeal.sparql import pool as pool_module
from regiodeal.sparql.pool import WorkerCrashed, WorkerPool, start_worker
from regiodeal.sparql.results import JSON
from regiodeal.sparql.service import Answer, Job

EX = "http://example.org/"
# About a second of work on 200+ triples (a 150^3 cross product), then a distinctive answer.
# Three sub-selects of up to 300 rows over the 200 triples below: 200^3 = 8 million rows counted,
# seconds of work on any machine (the tests kill or cancel it long before).
# 200^4 = 1.6e9 rows to count: minutes in any store (in memory too), so the query is still
# running whenever a test kills or cancels it.
SLOW = """SELECT (COUNT(*) AS ?n) WHERE {
  { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } { SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 }
  { SELECT ?g WHERE { ?g ?h ?i } LIMIT 300 } { SELECT ?j WHERE { ?j ?k ?l } LIMIT 300 } }"""


async def running(pool: WorkerPool) -> None:
    """Until the pool's one worker has been handed its job (not a fixed sleep: a loaded machine
    may take longer to get there), and a little more for the job to cross the pipe."""
    for _ in range(200):
        if pool._idle.qsize() == 0:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("pool") / "store"
    store = Store(str(path))
    store.extend(
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}p{i % 7}"), Literal(f"item {i}"))
        for i in range(200)
    )
    store.flush()
    del store  # releases the lock for the read-only workers
    return str(path)


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "RETRY_DELAYS", (0.05, 0.1))


def job(query: str) -> Job:
    return Job(query=query, tabular_type=JSON, graph_type=None, cap=10)


def marker_job(marker: str) -> Job:
    return job(f'SELECT ("{marker}" AS ?m) WHERE {{}}')


def bindings(answer: Answer) -> list[dict]:
    assert answer.status == 200, answer.body
    return json.loads(answer.body)["results"]["bindings"]


def marker_of(answer: Answer) -> str | None:
    rows = bindings(answer)
    return rows[0]["m"]["value"] if rows and "m" in rows[0] else None


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        await asyncio.sleep(0.05)


class FlakyStarts:
    """Stands in for the pool's start function: the first `failures` starts open a store that does
    not exist, so that worker really dies while starting (EOF before "ready")."""

    def __init__(self, pool: WorkerPool, failures: int) -> None:
        self.pool = pool
        self.failures = failures
        self.calls = 0
        self._lock = threading.Lock()
        pool._start_worker = self  # type: ignore[method-assign]

    def __call__(self) -> pool_module._Worker:
        with self._lock:
            self.calls += 1
            fail = self.calls <= self.failures
        path = self.pool.store_path + "-missing" if fail else self.pool.store_path
        return start_worker(self.pool._ctx, path, (), 0)


def kill_idle_workers(pool: WorkerPool) -> None:
    for worker in list(pool._workers):
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.join(5)  # surely dead before the test goes on


def test_pool_returns_to_size_when_replacements_die_while_starting(
    store_path: str, quick_retries: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Two timeouts whose replacements die while starting used to leave 0 workers (503 forever)."""

    async def scenario() -> None:
        pool = WorkerPool(store_path, 2, timeout=20)
        await pool.start()
        try:
            flaky = FlakyStarts(pool, failures=3)
            for _ in range(2):  # each runaway query's worker is killed and replaced
                with pytest.raises(pool_module.QueryTimeout):
                    await pool.run(job(SLOW), timeout=0.2)
            await until(lambda: pool.live_workers == 2, 30, "the pool back at 2 workers")
            answers = await asyncio.gather(*(pool.run(marker_job(f"m{i}")) for i in range(4)))
            assert [marker_of(a) for a in answers] == ["m0", "m1", "m2", "m3"]
            assert flaky.calls == 5  # 3 failed starts retried, then the 2 successors
        finally:
            await pool.close()

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        aio.run(scenario())
    failures = [r for r in caplog.records if "failed to start" in r.getMessage()]
    assert len(failures) == 3


@pytest.mark.parametrize("settle", [0.0, 0.5], ids=["at-once", "after-settling"])
def test_dead_idle_worker_is_never_handed_a_query(store_path: str, settle: float) -> None:
    """A query arriving after an idle worker died is answered, not failed with a 503."""

    async def scenario() -> None:
        pool = WorkerPool(store_path, 1, timeout=20)
        await pool.start()
        try:
            kill_idle_workers(pool)
            await asyncio.sleep(settle)
            assert marker_of(await pool.run(marker_job("after-death"))) == "after-death"
            await until(lambda: pool.live_workers == 1, 10, "one worker")
        finally:
            await pool.close()

    aio.run(scenario())


def test_idle_deaths_are_replaced_without_any_query(store_path: str) -> None:
    async def scenario() -> None:
        pool = WorkerPool(store_path, 2, timeout=20)
        await pool.start()
        try:
            old = set(pool._workers)
            kill_idle_workers(pool)
            await until(
                lambda: pool.live_workers == 2 and not old & pool._workers, 30, "2 new workers"
            )
        finally:
            await pool.close()

    aio.run(scenario())


def test_worker_dying_mid_query_reports_and_is_replaced(store_path: str) -> None:
    async def scenario() -> None:
        pool = WorkerPool(store_path, 1, timeout=20)
        await pool.start()
        try:
            task = asyncio.create_task(pool.run(job(SLOW)))
            await running(pool)
            kill_idle_workers(pool)  # busy, in fact
            with pytest.raises(WorkerCrashed, match="exit code -9"):
                await task
            assert marker_of(await pool.run(marker_job("next"))) == "next"
        finally:
            await pool.close()

    aio.run(scenario())


def test_cancelled_query_does_not_leak_its_answer_to_the_next(store_path: str) -> None:
    """One worker: if the cancelled query's worker were reused while still busy, the next query
    would read the cancelled query's answer."""

    async def scenario() -> None:
        pool = WorkerPool(store_path, 1, timeout=30)
        await pool.start()
        try:
            slow = asyncio.create_task(pool.run(job(SLOW)))
            await running(pool)
            assert not slow.done()  # mid-query
            slow.cancel()
            with pytest.raises(asyncio.CancelledError):
                await slow
            for marker in ("first-after", "second-after"):
                assert marker_of(await pool.run(marker_job(marker))) == marker
        finally:
            await pool.close()

    aio.run(scenario())


def test_worker_started_after_a_failed_start_up_is_not_leaked(
    store_path: str, quick_retries: None
) -> None:
    """start() gives up on one worker and closes the pool while another is still starting: that
    one must be killed when it comes up, not left running without a pool."""
    started: list[pool_module._Worker] = []
    calls = 0
    lock = threading.Lock()

    async def scenario() -> None:
        pool = WorkerPool(store_path, 2, timeout=20)

        def first_slow_then_failing() -> pool_module._Worker:
            nonlocal calls
            with lock:
                calls += 1
                first = calls == 1
            if not first:
                return start_worker(pool._ctx, store_path + "-missing", (), 0)
            time.sleep(1.5)  # still starting when the other slot has failed 3 times
            worker = start_worker(pool._ctx, store_path, (), 0)
            started.append(worker)
            return worker

        pool._start_worker = first_slow_then_failing  # type: ignore[method-assign]
        with pytest.raises(pool_module.WorkerStartFailed):
            await pool.start()
        await until(lambda: bool(started), 30, "the slow worker started")
        await asyncio.sleep(0.5)  # its start-up coroutine has run on

    aio.run(scenario())
    process = started[0].process
    process.join(5)
    assert not process.is_alive()
