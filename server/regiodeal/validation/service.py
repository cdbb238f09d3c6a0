"""Validating a submitted deal for the HTTP API and the /validate page, with regiodeal.validation.

The body is written to a temporary directory (removed as soon as the report is made) and read with
the same reader as `regiodeal validate`, so the findings are the CLI's. Validation runs in a
thread, at most `validation_concurrency` at once, and the client waits at most
`validation_timeout` seconds: pySHACL cannot be interrupted, but the size limit bounds its work.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from regiodeal.settings import Settings
from regiodeal.validation import InputError, PublishedContext, Report, read_files, validate_graph
from regiodeal.validation.shapes import load_shapes

TURTLE = "turtle"
JSONLD = "jsonld"
SUFFIXES = {TURTLE: ".ttl", JSONLD: ".jsonld"}


class ValidationBusy(Exception):
    """No validation slot became free, or the report took longer than the time limit."""


def sniff_syntax(data: bytes, filename: str | None = None) -> str:
    """JSON-LD for a .jsonld/.json name or a body starting with '{' or '['; else Turtle."""
    if filename and filename.lower().endswith((".jsonld", ".json")):
        return JSONLD
    if filename and filename.lower().endswith((".ttl", ".turtle")):
        return TURTLE
    return JSONLD if data.lstrip()[:1] in (b"{", b"[") else TURTLE


class ValidationService:
    """One per app: the published context (indexed once) and the slots for concurrent reports."""

    def __init__(self, settings: Settings, context: PublishedContext) -> None:
        self.settings = settings
        self.context = context
        self._slots = asyncio.Semaphore(max(1, settings.validation_concurrency))

    @classmethod
    def build(cls, settings: Settings) -> ValidationService:
        """Blocking: parses reference data, the published graph and the shapes."""
        load_shapes(settings.shapes_dir)  # warm the per-process cache
        return cls(settings, PublishedContext.from_settings(settings, published=True))

    def validate_now(self, data: bytes, syntax: str, name: str) -> Report:
        """Blocking: read `data` as `syntax` (InputError if unreadable) and validate it."""
        with tempfile.TemporaryDirectory(prefix="regiodeal-validate-") as directory:
            path = Path(directory) / f"upload{SUFFIXES[syntax]}"
            path.write_bytes(data)
            try:
                graph = read_files([path], self.settings)
            except InputError as exc:
                raise InputError(name, exc.message, exc.line, exc.column) from exc
            except (RecursionError, ValueError, UnicodeError) as exc:
                # e.g. JSON nested deeper than the parser's recursion limit
                raise InputError(name, f"cannot read the input: {type(exc).__name__}") from exc
        report = validate_graph(graph, self.context, self.settings)
        report.files = [name]
        return report

    async def validate(self, data: bytes, syntax: str, name: str) -> Report:
        """Off the event loop, within the concurrency and time limits (ValidationBusy)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.validation_timeout
        try:
            async with asyncio.timeout_at(deadline):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise ValidationBusy("all validation slots are busy; try again later") from exc
        task = asyncio.ensure_future(run_in_threadpool(self.validate_now, data, syntax, name))
        # The slot is freed when the thread ends, even if the client has stopped waiting.
        task.add_done_callback(_release(self._slots))
        try:
            async with asyncio.timeout_at(deadline):
                return await asyncio.shield(task)
        except TimeoutError as exc:
            raise ValidationBusy(
                f"the report took longer than {self.settings.validation_timeout:g} s"
            ) from exc


def _release(slots: asyncio.Semaphore) -> Callable[[asyncio.Future[Report]], None]:
    def done(task: asyncio.Future[Report]) -> None:
        slots.release()
        if not task.cancelled():
            task.exception()  # retrieved: no "exception never retrieved" warning after a timeout

    return done
