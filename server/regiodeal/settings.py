"""Runtime configuration: one settings object, read from environment variables (prefix REGIODEAL_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Every knob of the CLI and the server; each field can be set as REGIODEAL_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="REGIODEAL_", extra="ignore")

    ontology_dir: Path = REPO_ROOT / "ontology"
    data_dir: Path = REPO_ROOT / "data" / "ttl"
    shapes_dir: Path = REPO_ROOT / "shapes"
    queries_dir: Path = REPO_ROOT / "queries"
    base_uri: str = "https://w3id.org/regiodeal/"


@lru_cache
def get_settings() -> Settings:
    return Settings()
