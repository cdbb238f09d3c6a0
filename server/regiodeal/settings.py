"""Runtime configuration: one settings object, read from REGIODEAL_* environment variables.

The environment is read here rather than by pydantic-settings, whose import (every source it
supports: dotenv, TOML, YAML, AWS, Azure, GCP) cost every `regiodeal validate` about 0.1 s of
its 0.5 s budget (issue #16). The rules are the ones it applied: the name is REGIODEAL_ plus
the field's name, in any case; a list or mapping is written as JSON; a value given to
`Settings(...)` wins over the environment; unknown names are ignored.
"""

from __future__ import annotations

import json
import os
import typing
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic.fields import FieldInfo

REPO_ROOT = Path(__file__).resolve().parents[2]
STORE_SCHEMES = ("sparql+http://", "sparql+https://")
MIN_QUERY_MEMORY_MB = 256
ENV_PREFIX = "REGIODEAL_"


class Settings(BaseModel):
    """Every knob of the CLI and the server; each field can be set as REGIODEAL_<NAME>."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        return {**from_environment(cls.model_fields, os.environ), **given}

    ontology_dir: Path = REPO_ROOT / "ontology"
    data_dir: Path = REPO_ROOT / "data" / "ttl"
    shapes_dir: Path = REPO_ROOT / "shapes"
    queries_dir: Path = REPO_ROOT / "queries"
    # plain-text source documents, named by each rd:SourceDocument's rd:seedFile
    seeds_dir: Path = REPO_ROOT / "data" / "seeds"
    base_uri: str = "https://w3id.org/regiodeal/"
    # The date at which the inferred graph computes each deal's current status (an end date
    # before it makes a deal 'beeindigd'); None = the day the store is built. See
    # docs/data-conventions.md, "Lifecycle".
    reference_date: date | None = None

    # Validation (`regiodeal validate`); see server/regiodeal/validation/
    # Remote JSON-LD contexts that may be used, each mapped to a local copy: nothing is fetched.
    jsonld_context_allowlist: dict[str, Path] = {}
    validation_lang: str = "nl"  # language of report messages: nl or en

    # Validation over HTTP (POST /api/validate, /validate); see docs/publishing.md
    validation_max_bytes: int = 1_000_000  # uploaded deal (413) or CLI input (exit 2)
    validation_concurrency: int = 2  # validations at once (worker processes); others wait
    validation_timeout: float = 60.0  # seconds, waiting included; then 504 and the work is killed
    # Heap per validation worker beyond its context (RLIMIT_DATA); an input needing more: 507,
    # and the worker is replaced. 0 = no limit. One bad query plan must not take the machine.
    validation_memory_mb: int = 2048

    # Dataset publishing (/catalog, /.well-known/void, /download/); see docs/publishing.md
    downloads_dir: Path | None = None  # where dumps are written; None = downloads/ in the store

    # SPARQL endpoint (`regiodeal serve`); see docs/sparql-endpoint.md
    host: str = "127.0.0.1"
    port: int = 8000
    store_dir: Path | None = None  # persistent pyoxigraph store; None = a temporary one per run
    query_timeout: float = 10.0  # seconds; the worker running an over-long query is killed
    query_workers: int = 2  # worker processes, each with its own read-only store handle
    max_result_rows: int = 10_000  # rows (or triples) returned before truncation
    max_request_bytes: int = 1_000_000  # request body or query string; larger is 413
    federation_allow_list: list[str] = []  # IRI prefixes allowed in SERVICE / FROM (NAMED)
    cors_origins: list[str] = ["*"]
    read_timeout: float = 30.0  # seconds to send a request's head, and again its body; else 408
    # Host header names answered (others: 400); "*" = any. [] = the loopback names, `host` and
    # the host of public_base_url. Page links and redirects are built from the Host header.
    allowed_hosts: list[str] = []
    query_memory_mb: int = 1024  # heap per query worker (RLIMIT_DATA); over it: 507; 0 = no limit
    max_response_bytes: int = 20_000_000  # answer body; more rows are cut (header), none fit: 507
    # Graphs of at most this many quads (all graphs, inferences included) are held in memory by
    # every query worker, loaded from a snapshot in the store directory: 2.5-4.5x faster queries
    # for ~330 bytes per quad per worker (1.3 M quads: 430 MB each). Larger: RocksDB on disk.
    # 0: always on disk.
    memory_store_max_quads: int = 2_000_000
    # uvicorn's access log: a log line per request costs the event loop ~0.1 ms, a measurable
    # share of a point lookup; off unless asked for (a proxy in front usually logs anyway).
    access_log: bool = False

    @field_validator("query_memory_mb")
    @classmethod
    def _memory_floor(cls, value: int) -> int:
        # A worker needs ~200 MB of data segment to start (Python, RocksDB's cache, thread stacks).
        if value != 0 and value < MIN_QUERY_MEMORY_MB:
            raise ValueError(
                f"query_memory_mb must be 0 (no limit) or at least {MIN_QUERY_MEMORY_MB}, "
                f"not {value}: a query worker needs about 200 MB before its first query"
            )
        return value

    @field_validator("validation_memory_mb")
    @classmethod
    def _validation_memory_floor(cls, value: int) -> int:
        if value < 0:
            raise ValueError(f"validation_memory_mb must be 0 (no limit) or positive, not {value}")
        return value

    @field_validator("max_response_bytes")
    @classmethod
    def _positive_bytes(cls, value: int) -> int:
        if value <= 0:
            raise ValueError(f"max_response_bytes must be positive, not {value}")
        return value

    # External SPARQL store instead of the embedded one; see docs/external-store.md
    store: str = "embedded"  # or sparql+http(s)://host:port/path of a SPARQL 1.1 query endpoint
    store_default_graph: str | None = None  # sent as default-graph-uri when a query names none
    store_max_response_bytes: int = 100_000_000  # a larger answer from the store is a 502
    store_user: str | None = None  # `regiodeal load`: credentials for the store's write endpoint
    store_password: str | None = None

    @field_validator("store")
    @classmethod
    def _store_kind(cls, value: str) -> str:
        if value != "embedded" and not value.startswith(STORE_SCHEMES):
            raise ValueError(
                f"store must be 'embedded' or start with {' or '.join(STORE_SCHEMES)}: {value!r}"
            )
        return value

    # Linked-data pages (/id/, /doc/); see docs/linked-data.md
    # This server's public address, mapped to base_uri: https://example.org/ behind a proxy serves
    # https://w3id.org/regiodeal/id/x at https://example.org/id/x. None = from each request.
    public_base_url: str | None = None


def from_environment(
    fields: dict[str, FieldInfo], environ: typing.Mapping[str, str]
) -> dict[str, Any]:
    """The fields set in `environ`, by name; lists and mappings decoded from JSON."""
    names = {f"{ENV_PREFIX}{name}".lower(): name for name in fields}
    values: dict[str, Any] = {}
    for key, raw in environ.items():
        name = names.get(key.lower())
        if name is not None:
            values[name] = _decoded(key, raw, fields[name].annotation)
    return values


def _decoded(key: str, raw: str, annotation: Any) -> Any:
    if typing.get_origin(annotation) not in (list, dict):
        return raw  # pydantic parses numbers, booleans, paths and dates from the text
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        example = '["a", "b"]' if typing.get_origin(annotation) is list else '{"a": "b"}'
        # A ValueError here reaches the caller as pydantic's ValidationError, naming the field.
        raise ValueError(f"{key} must be JSON, such as {example}: {exc}") from None


def reference_date(settings: Settings) -> date:
    """The settings' reference date, or today when none is set."""
    return settings.reference_date or date.today()


@lru_cache
def get_settings() -> Settings:
    return Settings()
