"""A small pool of query worker processes, with a hard timeout per query.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so every query runs in a
separate process (regiodeal.sparql.worker) holding its own read-only handle on the on-disk store.
On timeout the process is killed (which really stops the work) and a fresh one is started in the
background. The event loop only waits: it is woken by the pipe becoming readable (add_reader),
which costs less per query than handing the blocking read to a thread.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from regiodeal.sparql import worker as query_worker
from regiodeal.sparql.service import Answer, Job

log = logging.getLogger(__name__)
START_TIMEOUT = 120.0  # seconds for a new worker to open the store


class QueryTimeout(Exception):
    """The query ran longer than the limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class WorkerCrashed(Exception):
    """The worker died while running the query (e.g. out of memory)."""


@dataclass(eq=False)  # identity-hashed: kept in a set
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


async def _readable(conn: Connection) -> None:
    """Wait until the pipe has data (or is closed because the worker died)."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


class WorkerPool:
    def __init__(
        self, store_path: str, size: int, timeout: float, allow_list: tuple[str, ...] = ()
    ) -> None:
        self.store_path = store_path
        self.allow_list = allow_list  # empty: workers seal themselves off from the network
        self.size = max(1, size)
        self.timeout = timeout
        # spawn, not fork: the server process has threads and an event loop that must not be copied
        self._ctx = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(
            max_workers=self.size * 2 + 2, thread_name_prefix="sparql"
        )
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._warned = False

    def _spawn_blocking(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=query_worker.serve,
            args=(self.store_path, child, self.allow_list),
            daemon=True,
        )
        process.start()
        child.close()  # so that the parent's recv() sees EOF when the worker dies
        greeting = parent.recv() if parent.poll(START_TIMEOUT) else None
        if greeting not in ("ready", "ready-unsandboxed"):
            process.kill()
            raise RuntimeError("query worker did not start")
        if greeting == "ready-unsandboxed" and not self._warned:
            self._warned = True
            log.warning(
                "query workers run without the network sandbox (seccomp unavailable on this "
                "platform): the query guard is the only protection against SERVICE requests"
            )
        return _Worker(process, parent)

    async def _add_worker(self) -> None:
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, self._spawn_blocking)
        self._workers.add(worker)
        self._idle.put_nowait(worker)

    async def start(self) -> None:
        await asyncio.gather(*(self._add_worker() for _ in range(self.size)))

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` and start a successor, without making the caller wait for either."""
        self._workers.discard(worker)
        loop = asyncio.get_running_loop()

        async def replace() -> None:
            await loop.run_in_executor(self._threads, worker.kill)
            await self._add_worker()

        task = asyncio.create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Run `job` on a free worker; the limit covers waiting for one and running the query."""
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        try:
            # asyncio.timeout, not wait_for: no extra task per query (this is the hot path)
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError as exc:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s") from exc
        try:
            worker.conn.send(job)
            async with asyncio.timeout_at(deadline):
                await _readable(worker.conn)
            # uvloop's add_reader makes the fd non-blocking; a large answer needs blocking reads.
            os.set_blocking(worker.conn.fileno(), True)
            # The worker sends its whole answer at once, so this read does not wait on the query.
            answer: Answer = worker.conn.recv()
        except TimeoutError as exc:
            self._replace(worker)
            raise QueryTimeout(f"the query did not finish within {limit:g} s") from exc
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerCrashed("the query worker stopped while running the query") from exc
        except asyncio.CancelledError:
            # The request was cancelled mid-query: the worker may still be busy, so replace it
            # rather than hand a half-finished conversation to the next request.
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return answer

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
