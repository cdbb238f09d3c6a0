"""The start-up behind a ready server (regiodeal.app, regiodeal.deps; issue #16): the validation
workers, the dataset's description and the search index are prepared after the server accepts
requests; a request that needs one waits for it, and a preparation that fails is answered 503 with
its reason in the log. Stand-ins for the pool and the work: no worker process, no store."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import HTTPException
from support import aio

from regiodeal import app as app_module
from regiodeal import deps as deps_module
from regiodeal.deps import prepared
from regiodeal.settings import Settings
from regiodeal.sparql.embedded import EmbeddedSparqlService
from regiodeal.store.manifest import StoreInfo
from regiodeal.validation.engine import Report
from regiodeal.validation.pool import ValidationBusy, WorkerCrashed
from regiodeal.validation.worker import Job


class GatedPool:
    """A validation pool whose start waits for `gate` (and then fails with `error`, if any)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.gate = asyncio.Event()
        self.error = error
        self.size = 2
        self.jobs: list[Job] = []
        self.closed = 0

    async def start(self) -> None:
        await self.gate.wait()
        if self.error is not None:
            raise self.error

    async def run(self, job: Job) -> tuple[str, object]:
        self.jobs.append(job)
        return "report", Report(files=[job.name])

    async def close(self) -> None:
        self.closed += 1


def behind(pool: GatedPool, timeout: float = 5.0) -> app_module.ValidationBehind:
    settings = Settings(validation_timeout=timeout)
    return app_module.ValidationBehind(settings, pool)  # type: ignore[arg-type]


def test_a_validation_waits_for_the_workers_starting_behind() -> None:
    async def scenario() -> Report:
        pool = GatedPool()
        service = behind(pool)
        try:
            waiting = asyncio.create_task(service.validate(b"x", "turtle", "deal.ttl"))
            await asyncio.sleep(0.05)
            assert not waiting.done() and pool.jobs == []  # nothing sent to a pool not started
            pool.gate.set()
            return await asyncio.wait_for(waiting, 5)
        finally:
            await service.close()

    report = aio.run(scenario())
    assert report.files == ["deal.ttl"]


def test_workers_still_starting_at_the_limit_are_busy() -> None:
    async def scenario() -> None:
        pool = GatedPool()
        service = behind(pool, timeout=0.1)
        try:
            with pytest.raises(ValidationBusy, match=r"still starting after 0\.1 s"):
                await service.validate(b"x", "turtle", "deal.ttl")
            assert pool.jobs == []
            assert not service.started.done()  # the start goes on for the next request
        finally:
            await service.close()

    aio.run(scenario())


def test_workers_that_did_not_start_are_answered_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> GatedPool:
        pool = GatedPool(RuntimeError("validation worker did not start (see its traceback)"))
        pool.gate.set()
        service = behind(pool)
        try:
            for _ in range(2):  # every request, not only the one that waited
                with pytest.raises(WorkerCrashed, match="validation workers did not start"):
                    await service.validate(b"x", "turtle", "deal.ttl")
        finally:
            await service.close()
        return pool

    with caplog.at_level(logging.ERROR, logger=app_module.__name__):
        pool = aio.run(scenario())
    assert pool.jobs == [] and pool.closed == 2  # closed on the failure, and at shutdown
    [record] = caplog.records
    assert "validation workers did not start" in record.getMessage()
    assert "validation worker did not start (see its traceback)" in str(record.exc_info[1])


def test_closing_stops_a_start_in_progress() -> None:
    async def scenario() -> app_module.ValidationBehind:
        pool = GatedPool()
        service = behind(pool)
        await asyncio.sleep(0)
        await asyncio.wait_for(service.close(), 5)  # the gate is never opened
        return service

    service = aio.run(scenario())
    assert service.started.cancelled()


def request_for(state: SimpleNamespace) -> Any:
    return SimpleNamespace(app=SimpleNamespace(state=state))


def test_a_dependency_waits_for_its_preparation() -> None:
    async def scenario() -> object:
        state = SimpleNamespace()
        gate = asyncio.Event()

        async def work() -> str:
            await gate.wait()
            return "the index"

        app = SimpleNamespace(state=state)
        state.preparing = {}
        app_module._prepare_behind(app, "search_index", work, 0.0)  # type: ignore[arg-type]
        waiting = asyncio.create_task(prepared(request_for(state), "search_index"))
        await asyncio.sleep(0.05)
        assert not waiting.done() and not hasattr(state, "search_index")
        gate.set()
        value = await asyncio.wait_for(waiting, 5)
        assert state.search_index == "the index"  # set on the state for every later request
        return value

    assert aio.run(scenario()) == "the index"


def test_a_failed_preparation_is_503_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> HTTPException:
        state = SimpleNamespace(preparing={})

        async def work() -> str:
            raise OSError("search-index.sqlite: disk I/O error")

        app = SimpleNamespace(state=state)
        task = app_module._prepare_behind(app, "search_index", work, 0.0)  # type: ignore[arg-type]
        await asyncio.gather(task, return_exceptions=True)
        with pytest.raises(HTTPException) as caught:
            await prepared(request_for(state), "search_index")
        return caught.value

    with caplog.at_level(logging.ERROR, logger=app_module.__name__):
        error = aio.run(scenario())
    assert error.status_code == 503
    assert error.detail == (
        "Service unavailable: the search index could not be prepared at start-up "
        "(see the server's log)"
    )
    [record] = caplog.records
    assert record.getMessage() == "start-up: the search index could not be prepared"
    assert "disk I/O error" in str(record.exc_info[1])


def test_a_preparation_that_takes_too_long_is_503_with_retry_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request never waits on the start-up without a limit; the preparation goes on."""
    monkeypatch.setattr(deps_module, "PREPARING_WAIT", 0.05)

    async def scenario() -> tuple[HTTPException, object]:
        state = SimpleNamespace(preparing={})
        gate = asyncio.Event()

        async def work() -> str:
            await gate.wait()
            return "the description"

        app = SimpleNamespace(state=state)
        task = app_module._prepare_behind(app, "publication", work, 0.0)  # type: ignore[arg-type]
        with pytest.raises(HTTPException) as caught:
            await prepared(request_for(state), "publication")
        gate.set()  # the timed-out request did not cancel the preparation
        return caught.value, await asyncio.wait_for(task, 5)

    error, done = aio.run(scenario())
    assert error.status_code == 503
    assert error.headers == {"Retry-After": "10"}
    assert "publication is still being prepared" in error.detail
    assert done == "the description"


def test_a_state_set_directly_is_returned() -> None:
    """An app (or a test) that sets the state itself, with nothing being prepared."""
    state = SimpleNamespace(publication="set")
    assert aio.run(prepared(request_for(state), "publication")) == "set"


class FillingPool:
    def __init__(self) -> None:
        self.full = asyncio.Event()

    async def filled(self) -> None:
        await self.full.wait()


def embedded_over(pool: FillingPool) -> EmbeddedSparqlService:
    info = StoreInfo(path="/nowhere", fingerprint="f")
    return EmbeddedSparqlService(Settings(), info, pool)  # type: ignore[arg-type]


def test_start_up_queries_wait_for_the_query_workers_started_behind() -> None:
    """The VoID statistics would hold the only worker up (up to the query time limit) while the
    first requests wait: the description is prepared once every worker is up."""

    async def scenario() -> None:
        pool = FillingPool()
        waiting = asyncio.create_task(app_module._workers_started(embedded_over(pool)))
        await asyncio.sleep(0.05)
        assert not waiting.done()
        pool.full.set()
        await asyncio.wait_for(waiting, 5)

    aio.run(scenario())


def test_start_up_queries_go_ahead_without_a_worker_that_never_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_module, "WORKERS_WAIT", 0.05)

    async def scenario() -> None:
        await asyncio.wait_for(app_module._workers_started(embedded_over(FillingPool())), 5)

    aio.run(scenario())  # not filled, yet done: the description is not held up for ever
