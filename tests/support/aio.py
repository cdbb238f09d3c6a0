"""Running a coroutine from a test, whatever else runs in the test process.

Playwright's sync API (the session's browser) keeps an event loop running in the main thread,
so `asyncio.run` there fails with "cannot be called from a running event loop" in any test that
happens to run after a browser test. A thread of its own has no running loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
