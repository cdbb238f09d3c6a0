"""The worker process both pools share (regiodeal.processes.WorkerProcess)."""

from __future__ import annotations

import threading
import time
from typing import Any

from regiodeal.processes import WorkerProcess


class SlowPipe:
    """A pipe end whose close takes a while, as os.close may: the window in which a second
    caller would see it still open."""

    def __init__(self) -> None:
        self.closes = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self.closes += 1
        time.sleep(0.1)
        self._closed = True


class Process:
    def __init__(self) -> None:
        self.kills = 0

    def kill(self) -> None:
        self.kills += 1

    def join(self, timeout: float) -> None:
        pass


def test_killed_once_when_a_replacement_and_close_kill_at_the_same_time() -> None:
    """Regression: the pool's close() killed a worker while a replacement's thread was killing it;
    both closed the pipe, the second with EBADF (or closing a file that had reused the number)."""
    pipe, process = SlowPipe(), Process()
    worker = WorkerProcess(process, pipe)  # type: ignore[arg-type]
    threads = [threading.Thread(target=worker.kill) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    worker.kill()  # and once more, later
    assert (pipe.closes, process.kills) == (1, 1)


def test_workers_are_told_apart_by_identity() -> None:
    """Kept in sets by the pools: two workers with equal fields are two workers."""
    pipe: Any = SlowPipe()
    process: Any = Process()
    assert len({WorkerProcess(process, pipe), WorkerProcess(process, pipe)}) == 2
