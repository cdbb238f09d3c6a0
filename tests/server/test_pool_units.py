"""The query worker pool (regiodeal.sparql.pool) with stand-in workers: forked processes that run a
few lines of Python instead of `worker.serve` (no pyoxigraph, no store), so each test takes a
fraction of a second. A job's query says what the stand-in does: `echo:TEXT` answers TEXT,
`sleep` runs until killed, `exit` exits with status 3, `abort` aborts (SIGABRT, as pyoxigraph
does when an allocation fails). The store path says how it starts: `ok`, `unsandboxed`, `die`
(exit 3 before the greeting), `abort`, `silent` (never greets), `garbage` (a wrong greeting).
tests/server/test_pool.py runs the real workers."""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import logging
import multiprocessing
import os
import re
import resource
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from support import aio

from regiodeal.sparql import pool as pool_module
from regiodeal.sparql.pool import (
    PoolBusy,
    QueryTimeout,
    WorkerCrashed,
    WorkerOutOfMemory,
    WorkerPool,
    WorkerStartFailed,
    start_worker,
)
from regiodeal.sparql.service import Answer, Job
from regiodeal.sparql.worker import memory_message

FORK = multiprocessing.get_context("fork")
LIMIT = 30  # seconds for any one scenario; each takes well under one


def stand_in(
    how: str, conn: Any, allow_list: tuple[str, ...], memory_mb: int, snapshot: str | None = None
) -> None:
    """A worker's main loop in a few lines (runs in the forked child)."""
    faulthandler.disable()  # an abort here is on purpose: no traceback from pytest's handler
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # and no core file
    if how == "die":
        os._exit(3)
    if how == "abort":
        os.abort()
    conn = conn.conn
    if how == "silent":
        time.sleep(60)
    conn.send({"ok": "ready", "unsandboxed": "ready-unsandboxed", "garbage": "hello"}[how])
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if job.query.startswith("echo:"):
            conn.send(Answer(200, "text/plain", job.query[5:].encode()))
        elif job.query == "sleep":
            time.sleep(60)
        elif job.query == "exit":
            os._exit(3)
        elif job.query == "abort":
            os.abort()


FORKING = threading.Lock()


class ChildEnd:
    """The child's end of a pipe; closing it in the parent ends a start (see Pipe)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)

    def close(self) -> None:
        self.conn.close()
        if FORKING.locked():
            FORKING.release()


class StandInContext:
    """What start_worker asks of a multiprocessing context, forking the stand-in instead.

    A fork copies every descriptor of the parent: a worker forked while another start holds the
    child's end of its pipe (or its sentinel's write end) would keep that worker's death from
    being seen. So one start at a time, from Pipe() until start_worker closes the child's end
    (the real pool spawns, which passes a child only its own descriptors)."""

    def Pipe(self) -> Any:  # noqa: N802 (multiprocessing's name)
        # bounded: a start that failed before closing the child's end must not hang the rest
        FORKING.acquire(timeout=1)
        parent, child = FORK.Pipe()
        return parent, ChildEnd(child)

    def Process(self, target: Any, args: tuple[Any, ...], daemon: bool) -> Any:  # noqa: N802
        if target is not pool_module.query_worker.serve or daemon is not True:
            FORKING.release()
            raise AssertionError(f"not a daemon running worker.serve: {target}, {daemon}")
        return FORK.Process(target=stand_in, args=args, daemon=daemon)


CTX: Any = StandInContext()


def job(query: str) -> Job:
    return Job(query=query, tabular_type="text/plain", graph_type=None, cap=10)


def new_pool(
    size: int = 1, timeout: float = 5.0, how: str = "ok", memory_mb: int = 0
) -> WorkerPool:
    pool = WorkerPool(how, size, timeout, memory_mb=memory_mb)
    pool._ctx = CTX
    return pool


async def echo(pool: WorkerPool, text: str) -> str:
    answer = await pool.run(job(f"echo:{text}"))
    return answer.body.decode()


async def until(condition: Callable[[], bool], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        await asyncio.sleep(0.01)


def pids(pool: WorkerPool) -> set[int]:
    return {w.process.pid for w in pool._workers}


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "RETRY_DELAYS", (0.01, 0.02))
    monkeypatch.setattr(pool_module, "START_TIMEOUT", 1.0)


def scenario(body: Callable[[WorkerPool], Any], **kwargs: Any) -> None:
    async def run() -> None:
        pool = new_pool(**kwargs)
        try:
            async with asyncio.timeout(LIMIT):
                await pool.start()
                await body(pool)
        finally:
            await pool.close()

    aio.run(run())


def bounded(coroutine: Any) -> Any:
    """Run `coroutine`, failing rather than hanging when a start or a replacement never ends."""
    return aio.run(asyncio.wait_for(coroutine, LIMIT))


# --- start_worker ---------------------------------------------------------------------------------


def test_a_worker_that_greets_is_started() -> None:
    worker = start_worker(CTX, "ok", (), 0)
    try:
        assert worker.sandboxed is True and worker.busy is False and worker.retired is False
        assert worker.process.is_alive()
    finally:
        worker.kill()
    unsandboxed = start_worker(CTX, "unsandboxed", (), 0)
    unsandboxed.kill()
    assert unsandboxed.sandboxed is False
    assert not unsandboxed.process.is_alive()


@pytest.mark.parametrize(
    ("how", "memory_mb", "message"),
    [
        ("die", 64, "query worker did not start (exit code 3)"),
        ("silent", 0, "query worker did not start (exit code -9)"),  # killed after START_TIMEOUT
        ("garbage", 0, "query worker did not start (exit code -9)"),
        ("abort", 0, "query worker did not start (exit code -6)"),
        (
            "abort",
            1,
            "query worker did not start (exit code -6); is 1 MB (REGIODEAL_QUERY_MEMORY_MB) "
            "too little?",
        ),
        (
            "abort",
            64,
            "query worker did not start (exit code -6); is 64 MB (REGIODEAL_QUERY_MEMORY_MB) "
            "too little?",
        ),
    ],
)
def test_a_worker_that_does_not_greet_fails_to_start(
    how: str, memory_mb: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "silent":
        monkeypatch.setattr(pool_module, "START_TIMEOUT", 0.3)
    started = time.monotonic()
    with pytest.raises(WorkerStartFailed) as caught:
        start_worker(CTX, how, (), memory_mb)
    assert str(caught.value) == message
    assert time.monotonic() - started < 5  # START_TIMEOUT is 1 s or less here


def test_start_worker_passes_the_store_allow_list_and_memory(monkeypatch) -> None:
    seen: list[tuple[Any, ...]] = []

    class Recording(StandInContext):
        def Process(self, target: Any, args: tuple[Any, ...], daemon: bool) -> Any:  # noqa: N802
            seen.append((args[0], args[2], args[3], args[4]))
            return super().Process(target, args, daemon)

    start_worker(Recording(), "ok", ("http://a/",), 77).kill()
    start_worker(Recording(), "ok", (), 0, snapshot="/s/snapshot.nq").kill()
    assert seen == [("ok", ("http://a/",), 77, None), ("ok", (), 0, "/s/snapshot.nq")]


def test_the_pool_starts_its_workers_with_its_allow_list_and_memory_limit() -> None:
    seen: list[tuple[Any, ...]] = []

    class Recording(StandInContext):
        def Process(self, target: Any, args: tuple[Any, ...], daemon: bool) -> Any:  # noqa: N802
            seen.append((args[0], args[2], args[3]))
            return super().Process(target, args, daemon)

    async def body() -> None:
        pool = WorkerPool("ok", 1, 1.0, ("http://a.example/",), 96)
        pool._ctx = Recording()
        await pool.start()
        await pool.close()

    bounded(body())
    assert seen == [("ok", ("http://a.example/",), 96)]


# --- the pool at work ---------------------------------------------------------------------------


def test_a_pool_starts_its_size_and_answers() -> None:
    async def body(pool: WorkerPool) -> None:
        assert pool.live_workers == 2 and pool._idle.qsize() == 2
        answers = await asyncio.gather(*(echo(pool, f"m{i}") for i in range(5)))
        assert answers == ["m0", "m1", "m2", "m3", "m4"]
        assert pool._idle.qsize() == 2  # both back at work
        assert not any(w.busy for w in pool._workers)

    scenario(body, size=2)


def test_a_pool_has_at_least_one_worker() -> None:
    pool = WorkerPool("ok", 0, 1.0)
    assert pool.size == 1
    assert (pool.store_path, pool.timeout, pool.allow_list, pool.memory_mb) == ("ok", 1.0, (), 0)
    # spawn, not fork: the server's threads and event loop must not be copied into a worker
    assert pool._ctx.get_start_method() == "spawn"


def test_a_query_over_the_limit_is_stopped_and_its_worker_replaced() -> None:
    async def body(pool: WorkerPool) -> None:
        [old] = list(pool._workers)
        with pytest.raises(QueryTimeout, match=r"^the query did not finish within 0\.3 s$"):
            await pool.run(job("sleep"), timeout=0.3)
        assert old.retired and old not in pool._workers
        await until(lambda: pool.live_workers == 1, "a successor")
        assert not old.process.is_alive()  # killed before its successor was started
        assert pool._dying == set()  # no longer held for close() to kill
        assert await echo(pool, "after") == "after"

    scenario(body)


def test_the_pools_own_limit_applies_without_one_given() -> None:
    async def body(pool: WorkerPool) -> None:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match=r"within 0\.25 s"):
            await pool.run(job("sleep"))
        assert 0.2 < time.monotonic() - started < 3

    scenario(body, timeout=0.25)


def test_waiting_for_a_worker_counts_against_the_limit() -> None:
    async def body(pool: WorkerPool) -> None:
        slow = asyncio.create_task(pool.run(job("sleep"), timeout=30))
        await until(lambda: pool._idle.qsize() == 0, "the worker taken")
        with pytest.raises(PoolBusy, match=r"^all 1 query workers stayed busy for 0\.2 s$"):
            await pool.run(job("echo:x"), timeout=0.2)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow

    scenario(body)


@pytest.mark.parametrize(
    ("query", "memory_mb", "error", "message"),
    [
        (
            "exit",
            0,
            WorkerCrashed,
            "the query worker stopped while running the query (exit code 3)",
        ),
        (
            "exit",
            64,
            WorkerCrashed,
            "the query worker stopped while running the query (exit code 3)",
        ),
        (
            "abort",
            0,
            WorkerCrashed,
            "the query worker stopped while running the query (exit code -6)",
        ),
        ("abort", 64, WorkerOutOfMemory, memory_message(64)),
        ("abort", 1, WorkerOutOfMemory, memory_message(1)),
    ],
)
def test_a_worker_dying_mid_query_is_reported_by_its_exit(query, memory_mb, error, message) -> None:
    async def body(pool: WorkerPool) -> None:
        [old] = list(pool._workers)
        with pytest.raises(WorkerCrashed) as caught:
            await pool.run(job(query))
        assert type(caught.value) is error and str(caught.value) == message
        assert old.retired
        assert await echo(pool, "next") == "next"
        assert pool.live_workers == 1 and old not in pool._workers

    scenario(body, memory_mb=memory_mb)


def test_a_cancelled_query_retires_its_worker() -> None:
    async def body(pool: WorkerPool) -> None:
        [old] = list(pool._workers)
        task = asyncio.create_task(pool.run(job("sleep")))
        await until(lambda: old.busy, "the query sent")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert old.retired
        assert await echo(pool, "fresh") == "fresh"
        assert old not in pool._workers

    scenario(body)


def test_a_worker_found_dead_when_sent_a_job_is_replaced(caplog) -> None:
    async def body(pool: WorkerPool) -> None:
        [old] = list(pool._workers)
        old.process.kill()
        old.process.join(5)  # dead, and the loop has not yet run the sentinel's callback
        assert await echo(pool, "still") == "still"
        assert old.retired and old not in pool._workers

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        scenario(body)
    # replaced by _take, not reported as an idle death
    assert not [r for r in caplog.records if "idle query worker" in r.getMessage()]


def test_an_idle_death_is_replaced_and_logged(caplog) -> None:
    victim_pid: list[int] = []

    async def body(pool: WorkerPool) -> None:
        before = pids(pool)
        victim = next(iter(pool._workers))
        victim_pid.append(victim.process.pid)
        os.kill(victim.process.pid, signal.SIGKILL)
        await until(lambda: victim.retired and pool.live_workers == 2, "a successor")
        assert len(before & pids(pool)) == 1
        assert sorted([await echo(pool, "a"), await echo(pool, "b")]) == ["a", "b"]

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        scenario(body, size=2)
    # the exit code is None when the log line is written before the process is reaped
    [message] = [r.getMessage() for r in caplog.records]
    assert re.fullmatch(
        rf"idle query worker {victim_pid[0]} stopped \(exit code (-9|None)\); starting another",
        message,
    ), message


def test_a_job_that_cannot_be_sent_leaves_the_worker_idle() -> None:
    async def body(pool: WorkerPool) -> None:
        unpicklable = job("echo:x")
        unpicklable.prefixes = {"f": lambda: None}  # type: ignore[dict-item]
        with pytest.raises(Exception, match="pickle"):
            await pool.run(unpicklable)
        [worker] = list(pool._workers)
        assert not worker.busy and not worker.retired and pool._idle.qsize() == 1
        assert await echo(pool, "ok") == "ok"

    scenario(body)


# --- starting, restarting, closing ---------------------------------------------------------------


def test_start_up_gives_up_after_three_attempts(caplog) -> None:
    pool = new_pool(how="die")
    calls: list[int] = []
    original = pool._start_worker

    def counted() -> Any:
        calls.append(1)
        return original()

    pool._start_worker = counted  # type: ignore[method-assign]
    with (
        caplog.at_level(logging.ERROR, logger=pool_module.__name__),
        pytest.raises(WorkerStartFailed, match=r"exit code 3"),
    ):
        bounded(pool.start())
    assert len(calls) == 3
    assert pool._closed and pool.live_workers == 0
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "query worker failed to start (attempt 1: query worker did not start (exit code 3)); "
        "0 of 1 workers running; retrying in 0.01 s",
        "query worker failed to start (attempt 2: query worker did not start (exit code 3)); "
        "0 of 1 workers running; retrying in 0.02 s",
    ]


def test_a_pool_started_on_its_first_worker_answers_and_fills_up_behind() -> None:
    """The server is ready on one worker (issue #16): start(first=1) returns while the second
    is still starting, a query is answered meanwhile, and the pool reaches its size after."""
    gate = threading.Event()

    async def body() -> None:
        pool = new_pool(size=2)
        starts: list[str] = []

        def start() -> Any:
            starts.append("start")
            if len(starts) == 2:  # the second start waits until the test lets it go on
                assert gate.wait(10)
            return start_worker(CTX, "ok", (), 0)

        pool._start_worker = start  # type: ignore[method-assign]
        try:
            await pool.start(first=1)
            assert pool.live_workers == 1  # waiting for both would hang here on the gate
            filled = asyncio.create_task(pool.filled())
            assert await echo(pool, "early") == "early"
            assert not filled.done()  # start-up queries still wait for the second worker
            gate.set()
            await until(lambda: pool.live_workers == 2, "the second worker, started behind")
            await asyncio.wait_for(filled, 5)
            answers = await asyncio.gather(echo(pool, "a"), echo(pool, "b"))
            assert answers == ["a", "b"] and len(starts) == 2
        finally:
            gate.set()
            await pool.close()

    bounded(body())


def test_a_first_worker_that_never_starts_still_fails_the_start(caplog) -> None:
    """Ready on one worker must not mean ready on none: the start fails with the worker's exit
    and no worker is left starting behind."""
    pool = new_pool(size=2, how="die")
    with (
        caplog.at_level(logging.ERROR, logger=pool_module.__name__),
        pytest.raises(WorkerStartFailed, match=r"^query worker did not start \(exit code 3\)$"),
    ):
        bounded(pool.start(first=1))
    assert pool._closed and pool.live_workers == 0 and pool._tasks == set()
    assert len(caplog.records) == 2  # attempts 1 and 2 logged, the third raised


def test_a_worker_started_behind_is_retried_until_it_starts(caplog) -> None:
    async def body() -> None:
        pool = new_pool(size=2)
        hows = iter(["ok", "die", "die"])
        pool._start_worker = lambda: start_worker(CTX, next(hows, "ok"), (), 0)  # type: ignore[method-assign]
        try:
            await pool.start(first=1)
            await until(lambda: pool.live_workers == 2, "the worker behind, third attempt")
        finally:
            await pool.close()

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        bounded(body())
    failed = [r.getMessage() for r in caplog.records if "failed to start" in r.getMessage()]
    assert [m.split(";")[1].strip() for m in failed] == ["1 of 2 workers running"] * 2


def test_a_replacement_is_retried_until_it_starts(caplog, monkeypatch) -> None:
    monkeypatch.setattr(pool_module, "RETRY_DELAYS", (0.01, 0.02, 0.03))

    async def body(pool: WorkerPool) -> None:
        hows = iter(["die"] * 5)
        pool._start_worker = lambda: start_worker(CTX, next(hows, "ok"), (), 0)  # type: ignore[method-assign]
        with pytest.raises(QueryTimeout):
            await pool.run(job("sleep"), timeout=0.2)
        await until(lambda: pool.live_workers == 1, "the sixth start")
        assert await echo(pool, "back") == "back"

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        scenario(body)
    delays = [
        r.getMessage().rsplit(" ", 2)[1]
        for r in caplog.records
        if "failed to start" in r.getMessage()
    ]
    assert delays == ["0.01", "0.02", "0.03", "0.03", "0.03"]  # the last delay repeats
    assert "0 of 1 workers running" in caplog.records[0].getMessage()


def test_an_unsandboxed_pool_warns_once(caplog) -> None:
    async def body(pool: WorkerPool) -> None:
        with pytest.raises(QueryTimeout):
            await pool.run(job("sleep"), timeout=0.2)
        await until(lambda: pool.live_workers == 2, "a successor")

    with caplog.at_level(logging.WARNING, logger=pool_module.__name__):
        scenario(body, size=2, how="unsandboxed")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        "query workers run without the network sandbox (seccomp unavailable on this platform): "
        "the query guard is the only protection against SERVICE requests"
    ]


def test_a_sandboxed_pool_does_not_warn(caplog) -> None:
    async def body(pool: WorkerPool) -> None:
        assert await echo(pool, "x") == "x"

    with caplog.at_level(logging.WARNING, logger=pool_module.__name__):
        scenario(body)
    assert [r for r in caplog.records if r.levelno == logging.WARNING] == []


def test_close_kills_every_worker_and_pending_replacement() -> None:
    async def body() -> None:
        pool = new_pool(size=2)
        await pool.start()
        workers = list(pool._workers)
        gate = asyncio.Event()

        async def never(*args: Any) -> None:
            await gate.wait()

        pool._add_worker = never  # type: ignore[method-assign]
        with pytest.raises(QueryTimeout):
            await pool.run(job("sleep"), timeout=0.2)
        [task] = list(pool._tasks)
        await pool.close()
        assert pool.live_workers == 0
        await asyncio.sleep(0)
        assert task.cancelled() or task.done()
        for worker in workers:
            worker.process.join(5)
            assert not worker.process.is_alive()

    bounded(body())


def test_close_does_not_wait_for_a_worker_still_starting() -> None:
    """A start blocks a thread for up to START_TIMEOUT; close() must not wait for it."""

    async def body() -> float:
        pool = new_pool()

        def slow_start() -> Any:
            time.sleep(1.5)
            return start_worker(CTX, "ok", (), 0)

        pool._start_worker = slow_start  # type: ignore[method-assign]
        starting = asyncio.create_task(pool.start())
        await asyncio.sleep(0.2)
        began = time.monotonic()
        await pool.close()
        took = time.monotonic() - began
        starting.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await starting
        return took

    assert bounded(body()) < 1.0


def test_after_close_a_death_is_not_replaced() -> None:
    async def body() -> None:
        pool = new_pool()
        await pool.start()
        [worker] = list(pool._workers)
        await pool.close()
        pool._replace(worker)  # what a late callback does
        assert worker.retired and pool._tasks == set()
        assert not worker.process.is_alive()

    bounded(body())


def test_a_failed_replacement_is_logged(caplog) -> None:
    async def body(pool: WorkerPool) -> None:
        async def broken(*args: Any) -> None:
            raise RuntimeError("cannot start")

        pool._add_worker = broken  # type: ignore[method-assign]
        with pytest.raises(QueryTimeout):
            await pool.run(job("sleep"), timeout=0.2)
        await until(lambda: not pool._tasks, "the replacement task done")

    with caplog.at_level(logging.ERROR, logger=pool_module.__name__):
        scenario(body)
    [record] = [r for r in caplog.records if r.getMessage() == "starting a query worker failed"]
    assert record.exc_info is not None and str(record.exc_info[1]) == "cannot start"


def test_replacing_twice_starts_one_successor() -> None:
    async def body(pool: WorkerPool) -> None:
        [worker] = list(pool._workers)
        pool._replace(worker)
        pool._replace(worker)
        assert len(pool._tasks) == 1
        await until(lambda: pool.live_workers == 1 and worker not in pool._workers, "a successor")
        await until(lambda: not pool._tasks, "the replacement done")

    scenario(body)
