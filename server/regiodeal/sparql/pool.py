"""A pool of query worker processes that keeps itself at its size, with a hard timeout per query.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so every query runs in a
separate process (regiodeal.sparql.worker) holding its own store (a read-only handle on the
on-disk one, and an in-memory copy from the snapshot once loaded).
On timeout, on a cancelled request, or when a worker dies, the process is killed and a successor
is started in the background; a successor that fails to start is retried with back-off (logged as
an error each time) for as long as the pool is open, so the pool always returns to its size.
Each worker's process sentinel is watched, so a worker that dies while idle is replaced at once
and never handed a query. The event loop only waits: it is woken by the pipe becoming readable
(add_reader), which costs less per query than handing the blocking read to a thread.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import SpawnContext

from regiodeal.processes import WorkerProcess, exit_code, readable, take_idle
from regiodeal.sparql import worker as query_worker
from regiodeal.sparql.service import Answer, Job
from regiodeal.sparql.worker import memory_message

log = logging.getLogger(__name__)

START_TIMEOUT = 120.0  # seconds for a new worker to open the store
START_ATTEMPTS = 3  # at pool start-up; after that the server refuses to start rather than limp
RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # seconds between attempts; the last repeats


class QueryTimeout(Exception):
    """The query ran longer than the limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class WorkerCrashed(Exception):
    """The worker died while running the query."""


class WorkerOutOfMemory(WorkerCrashed):
    """The worker died on its memory limit (REGIODEAL_QUERY_MEMORY_MB) while running the query."""


class WorkerStartFailed(RuntimeError):
    """A new worker process exited or stayed silent before it had opened the store."""


@dataclass(eq=False)  # identity-hashed: kept in a set
class _Worker(WorkerProcess):
    sandboxed: bool = True  # cut off from the network, or allowed to federate
    busy: bool = False  # running a query: run() handles its death
    retired: bool = False  # killed or dead: never handed a query again


def start_worker(
    ctx: SpawnContext,
    store_path: str,
    allow_list: tuple[str, ...],
    memory_mb: int,
    snapshot: str | None = None,
) -> _Worker:
    """Start one worker process and wait (blocking) until it has opened the store (it loads the
    snapshot, if any, after that, while it answers)."""
    parent, child = ctx.Pipe()
    process = ctx.Process(
        target=query_worker.serve,
        args=(store_path, child, allow_list, memory_mb, snapshot),
        daemon=True,
    )
    process.start()
    child.close()  # so that the parent's recv() sees EOF when the worker dies
    try:
        greeting = parent.recv() if parent.poll(START_TIMEOUT) else None
    except (EOFError, OSError):  # it died while starting
        greeting = None
    if greeting not in ("ready", "ready-unsandboxed"):
        process.kill()
        process.join(5)
        parent.close()
        message = f"query worker did not start (exit code {process.exitcode})"
        if process.exitcode == -signal.SIGABRT and memory_mb > 0:
            message += f"; is {memory_mb} MB (REGIODEAL_QUERY_MEMORY_MB) too little?"
        raise WorkerStartFailed(message)
    return _Worker(process, parent, sandboxed=greeting == "ready")


class WorkerPool:
    def __init__(
        self,
        store_path: str,
        size: int,
        timeout: float,
        allow_list: tuple[str, ...] = (),
        memory_mb: int = 0,
        snapshot: str | None = None,
    ) -> None:
        self.store_path = store_path  # RocksDB, answered from at once
        self.snapshot = snapshot  # N-Quads, loaded into memory by each worker while it answers
        self.allow_list = allow_list  # empty: workers seal themselves off from the network
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb  # per worker; 0 = no limit
        # spawn, not fork: the server process has threads and an event loop that must not be copied
        self._ctx = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(
            max_workers=self.size * 2 + 2, thread_name_prefix="sparql"
        )
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._dying: set[_Worker] = set()  # retired, to be killed by a replacement task
        self._closed = False
        self._warned = False
        self._full = asyncio.Event()  # set once every worker of the pool has greeted

    @property
    def live_workers(self) -> int:
        """Workers started and not retired (the pool's size once every replacement is up)."""
        return len(self._workers)

    def _start_worker(self) -> _Worker:
        """Blocking; runs in a thread. Tests replace it to make starts fail."""
        return start_worker(
            self._ctx, self.store_path, self.allow_list, self.memory_mb, self.snapshot
        )

    async def _add_worker(self, attempts: int | None = None) -> None:
        """Start a worker and put it to work; retry with back-off, `attempts` times or forever."""
        loop = asyncio.get_running_loop()
        for attempt in itertools.count(1):
            try:
                worker = await loop.run_in_executor(self._threads, self._start_worker)
                break
            except Exception as exc:  # any failure to start is retried: the pool must refill
                if self._closed or (attempts is not None and attempt >= attempts):
                    raise
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                log.error(
                    "query worker failed to start (attempt %d: %s); %d of %d workers running; "
                    "retrying in %g s",
                    attempt,
                    exc,
                    len(self._workers),
                    self.size,
                    delay,
                )
                await asyncio.sleep(delay)
        if self._closed:  # closed while it started (the thread pool is shut down too)
            worker.kill()
            return
        if not worker.sandboxed and not self._warned:
            self._warned = True
            log.warning(
                "query workers run without the network sandbox (seccomp unavailable on this "
                "platform): the query guard is the only protection against SERVICE requests"
            )
        self._workers.add(worker)
        loop.add_reader(worker.process.sentinel, self._exited, worker)
        self._idle.put_nowait(worker)
        if len(self._workers) >= self.size:
            self._full.set()

    async def start(self, first: int | None = None) -> None:
        """Start the pool's workers and return when `first` of them (None: all) have greeted; the
        others start behind, after those, each retried until it starts (as a replacement is):
        on a starved CPU, one worker alone greets in a fraction of the time two starting at once
        take (issue #16), and a query meanwhile waits for a free worker, within its time limit.
        A worker waited for that fails START_ATTEMPTS times closes the pool and raises
        WorkerStartFailed: the server does not start."""
        waited = self.size if first is None else max(1, min(first, self.size))
        try:
            await asyncio.gather(*(self._add_worker(START_ATTEMPTS) for _ in range(waited)))
        except BaseException:
            await self.close()
            raise
        for _ in range(self.size - waited):
            self._track(asyncio.create_task(self._add_worker()))

    async def filled(self) -> None:
        """Until the pool has reached its size once (the workers started behind have greeted):
        start-up work that queries (regiodeal.app) waits for it, so that it does not hold the
        only worker while the first requests arrive."""
        await self._full.wait()

    def _exited(self, worker: _Worker) -> None:
        """The worker's process ended. An idle one is replaced here; run() handles a busy one."""
        asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if not worker.busy and not worker.retired:
            log.error(
                "idle query worker %s stopped (exit code %s); starting another",
                worker.process.pid,
                worker.process.exitcode,
            )
            self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` and start a successor, without making the caller wait for either."""
        if worker.retired:
            return
        worker.retired = True
        self._workers.discard(worker)
        loop = asyncio.get_running_loop()
        loop.remove_reader(worker.process.sentinel)
        if self._closed:
            worker.kill()
            return

        async def replace() -> None:
            await loop.run_in_executor(self._threads, worker.kill)
            self._dying.discard(worker)
            await self._add_worker()

        self._dying.add(worker)  # close() kills it if the task is cancelled before it does

        self._track(asyncio.create_task(replace()))

    def _track(self, task: asyncio.Task[None]) -> None:
        """Keep a background start (a replacement, or a worker not waited for) until it ends;
        close() cancels it."""
        self._tasks.add(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not self._closed:
            log.error("starting a query worker failed", exc_info=task.exception())

    async def _take(self, job: Job, deadline: float, limit: float) -> _Worker:
        """A live worker that has been sent `job`; one found dead before the job is replaced."""
        while True:
            worker = await take_idle(
                self._idle,
                deadline,
                lambda: PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s"),
            )
            if worker.retired:  # died while idle; its successor is on its way
                continue
            try:
                worker.conn.send(job)
            except OSError:  # died while idle, before the job reached it
                self._replace(worker)
                continue
            except BaseException:  # the job could not be pickled: nothing was sent
                self._idle.put_nowait(worker)
                raise
            worker.busy = True
            return worker

    async def _crash(self, worker: _Worker) -> WorkerCrashed:
        """The error for a worker that died mid-query, by its exit status; replaces it."""
        code = await exit_code(worker, self._threads, self._replace)
        # pyoxigraph (Rust) and RocksDB abort when an allocation fails: that is the memory limit.
        if code == -signal.SIGABRT and self.memory_mb > 0:
            return WorkerOutOfMemory(memory_message(self.memory_mb))
        return WorkerCrashed(f"the query worker stopped while running the query (exit code {code})")

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Run `job` on a free worker; the limit covers waiting for one and running the query."""
        limit = self.timeout if timeout is None else timeout
        deadline = asyncio.get_running_loop().time() + limit
        worker = await self._take(job, deadline, limit)
        try:
            async with asyncio.timeout_at(deadline):
                await readable(worker.conn)
            # uvloop's add_reader makes the fd non-blocking; a large answer needs blocking reads.
            os.set_blocking(worker.conn.fileno(), True)
            # The worker sends its whole answer at once, so this read does not wait on the query.
            answer: Answer = worker.conn.recv()
        except TimeoutError as exc:
            self._replace(worker)
            raise QueryTimeout(f"the query did not finish within {limit:g} s") from exc
        except (EOFError, OSError) as exc:
            raise await self._crash(worker) from exc
        except BaseException:
            # Cancelled mid-query (client gone, server stopping): the worker may still be busy, so
            # replace it rather than hand a half-finished conversation to the next request.
            self._replace(worker)
            raise
        worker.busy = False
        self._idle.put_nowait(worker)
        return answer

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        loop = asyncio.get_running_loop()
        for worker in list(self._workers):
            loop.remove_reader(worker.process.sentinel)
            worker.kill()
        for worker in list(self._dying):
            worker.kill()
        self._workers.clear()
        self._dying.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
