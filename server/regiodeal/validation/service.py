"""Validating a submitted deal for the HTTP API and the /validate page, with regiodeal.validation.

The body is read with the same reader as `regiodeal validate` (from memory: nothing submitted is
written to disk or kept), so the findings are the CLI's. Each validation runs in a worker
process (regiodeal.validation.pool), at most `validation_concurrency` at once; one that takes
longer than `validation_timeout` seconds, waiting included, is stopped by killing its worker.
"""

from __future__ import annotations

import logging

from regiodeal.settings import Settings
from regiodeal.validation.engine import Report
from regiodeal.validation.pool import (
    ValidationBusy,
    ValidationPool,
    ValidationTimeout,
    ValidationTooLarge,
    WorkerCrashed,
)
from regiodeal.validation.reading import JSONLD, TURTLE, YAML, InputError
from regiodeal.validation.worker import Job
from regiodeal.validation.yaml_input import looks_like_yaml

__all__ = [
    "JSONLD",
    "TURTLE",
    "YAML",
    "ValidationBusy",
    "ValidationFailed",
    "ValidationService",
    "ValidationTimeout",
    "ValidationTooLarge",
    "WorkerCrashed",
    "sniff_syntax",
]
log = logging.getLogger(__name__)


class ValidationFailed(Exception):
    """The validator itself failed on this input (a bug: logged with its traceback)."""


def sniff_syntax(data: bytes, filename: str | None = None) -> str:
    """By the file name's suffix; else JSON-LD for a body starting with '{' or '[', the YAML
    template for one whose first line is a key alone (`deal:`), else Turtle."""
    name = (filename or "").lower()
    if name.endswith((".jsonld", ".json")):
        return JSONLD
    if name.endswith((".ttl", ".turtle")):
        return TURTLE
    if name.endswith((".yaml", ".yml")):
        return YAML
    if data.lstrip()[:1] in (b"{", b"["):
        return JSONLD
    return YAML if looks_like_yaml(data) else TURTLE


class ValidationService:
    """One per app: the worker processes, each holding the published context (indexed once)."""

    def __init__(self, settings: Settings, pool: ValidationPool) -> None:
        self.settings = settings
        self.pool = pool

    @classmethod
    async def start(cls, settings: Settings) -> ValidationService:
        """Start the workers and wait until each has parsed the reference data and shapes."""
        pool = ValidationPool(settings)
        await pool.start()
        return cls(settings, pool)

    async def validate(self, data: bytes, syntax: str, name: str) -> Report:
        """The report; InputError, ValidationBusy, ValidationTimeout, WorkerCrashed otherwise."""
        kind, value = await self.pool.run(Job(data, syntax, name))
        if kind == "report":
            assert isinstance(value, Report)
            return value
        if kind == "input":
            assert isinstance(value, tuple)
            raise InputError(*value)
        if kind == "memory":
            raise ValidationTooLarge(str(value))
        log.error("validation of %s failed:\n%s", name, value)
        raise ValidationFailed("the validator failed on this input; the error has been logged")

    async def close(self) -> None:
        await self.pool.close()
