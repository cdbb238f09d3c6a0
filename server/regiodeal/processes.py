"""What the query pool (sparql.pool) and the validation pool (validation.pool) share: a worker
process with its end of the pipe, killed as one; taking an idle worker within a deadline;
waiting on the pipe from the event loop; the exit status of a worker that died; and the heap
limit a worker sets on itself.

The event loop is woken by the pipe becoming readable (add_reader), which costs less per job than
handing the blocking read to a thread; a worker that dies closes its end, which wakes it too.
"""

from __future__ import annotations

import asyncio
import resource
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar


@dataclass(eq=False)  # identity-hashed: kept in a set
class WorkerProcess:
    process: BaseProcess
    conn: Connection
    _killing: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def kill(self) -> None:
        """Kill the process and close the pipe, once: a replacement kills its predecessor in a
        thread while the pool's close() may kill it too, and a second close() of the pipe would
        close whatever file has since been given the same descriptor number."""
        with self._killing:
            if self.conn.closed:
                return
            self.process.kill()
            self.process.join(5)
            self.conn.close()


W = TypeVar("W", bound=WorkerProcess)


async def take_idle(idle: asyncio.Queue[W], deadline: float, busy: Callable[[], Exception]) -> W:
    """The next idle worker; the error `busy()` makes if none is free by `deadline` (loop time)."""
    try:
        # asyncio.timeout, not wait_for: no extra task per job (this is the hot path)
        async with asyncio.timeout_at(deadline):
            return await idle.get()
    except TimeoutError as exc:
        raise busy() from exc


async def exit_code(worker: W, threads: Executor, replace: Callable[[W], None]) -> int | None:
    """The exit status of a worker that stopped mid-job, waited for off the event loop (a
    blocking join would stall every other request); the worker is replaced either way."""
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(threads, worker.process.join, 5)
    finally:
        replace(worker)
    return worker.process.exitcode


async def readable(conn: Connection) -> None:
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


def limit_memory(memory_mb: int, above: int = 0) -> None:
    """Cap this process's heap at `memory_mb` (0: no cap) more than `above` bytes. RLIMIT_DATA
    rather than RLIMIT_AS: RocksDB reserves address space it never uses (VmSize ~450 MB against
    ~80 MB of data after opening the store), which RLIMIT_AS would count."""
    if memory_mb <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = above + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def data_size() -> int:
    """This process's data segment in bytes (what RLIMIT_DATA counts); 0 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
