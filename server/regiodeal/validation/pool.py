"""A small pool of validation worker processes, with a hard time limit per validation.

pySHACL cannot be interrupted and a thread cannot be killed, so every validation runs in a worker
process (regiodeal.validation.worker). When a validation runs past the time limit, or its client
goes away, the worker is killed (which really stops the work and frees its slot) and a fresh one
is started in the background. Workers are started with `spawn`: the server has threads and an
event loop that must not be copied into them.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ThreadPoolExecutor

from regiodeal.processes import WorkerProcess, exit_code, readable, take_idle
from regiodeal.settings import Settings
from regiodeal.validation import worker as validation_worker
from regiodeal.validation.worker import READY, Answer, Job, memory_message

START_TIMEOUT = 180.0  # seconds for a new worker to parse the reference data and published graph
log = logging.getLogger(__name__)
OUT_OF_MEMORY = (1, -signal.SIGABRT, -signal.SIGKILL)  # exit codes of a worker that ran out


class ValidationBusy(Exception):
    """No worker became free within the time limit."""


class ValidationTimeout(Exception):
    """The validation ran longer than the time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker died while validating."""


class ValidationTooLarge(Exception):
    """Validating the input needed more heap than a worker may use (validation_memory_mb)."""


_Worker = WorkerProcess


class ValidationPool:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = max(1, settings.validation_concurrency)
        self.timeout = settings.validation_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(
            max_workers=self.size + 2, thread_name_prefix="validation"
        )
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn_blocking(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=validation_worker.serve, args=(self.settings, child), daemon=True
        )
        process.start()
        child.close()  # so that the parent's recv() sees EOF when the worker dies
        try:
            ready = parent.poll(START_TIMEOUT) and parent.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            process.kill()
            parent.close()
            raise RuntimeError("validation worker did not start (see its traceback above)")
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
            try:
                await self._add_worker()
            except Exception:
                log.exception("could not start a validation worker; %d left", len(self._workers))

        task = asyncio.create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _crash(self, worker: _Worker) -> Exception:
        """Why `worker` stopped. A job's own errors are answered, not raised, so a worker that
        dies mid-job ran out of memory: a MemoryError raised again while handling one (exit code
        1), an allocation failing in pyoxigraph's or Python's C code (SIGABRT), or the kernel's
        OOM killer (SIGKILL). Waits for the exit status off the event loop, then replaces it."""
        code = await exit_code(worker, self._threads, self._replace)
        if code in OUT_OF_MEMORY and self.settings.validation_memory_mb > 0:
            message = memory_message(self.settings.validation_memory_mb)
            return ValidationTooLarge(f"{message}; the worker stopped with exit code {code}")
        return WorkerCrashed(f"the validation worker stopped while validating (exit code {code})")

    def _busy(self) -> ValidationBusy:
        return ValidationBusy(
            f"all {self.size} validation workers stayed busy for {self.timeout:g} s"
        )

    async def run(self, job: Job) -> Answer:
        """Run `job` on a free worker; the limit covers waiting for one and validating."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await take_idle(self._idle, deadline, self._busy)
        try:
            worker.conn.send(job)
            async with asyncio.timeout_at(deadline):
                await readable(worker.conn)
            # uvloop's add_reader makes the fd non-blocking; a large report needs blocking reads.
            os.set_blocking(worker.conn.fileno(), True)
            answer: Answer = worker.conn.recv()  # sent whole: this read does not wait on work
        except TimeoutError as exc:
            self._replace(worker)
            raise ValidationTimeout(
                f"the validation took longer than REGIODEAL_VALIDATION_TIMEOUT ({self.timeout:g} s)"
                " and its work was stopped"
            ) from exc
        except (EOFError, OSError) as exc:
            raise await self._crash(worker) from exc
        except asyncio.CancelledError:
            # The client went away mid-validation: stop the work rather than let it hold the slot.
            self._replace(worker)
            raise
        if answer[0] == "memory":  # a heap near its limit is no state to take the next job in
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        return answer

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
