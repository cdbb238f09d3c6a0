"""The settings read REGIODEAL_* environment variables by the rules pydantic-settings applied
before settings.py read them itself (issue #16): each case here fails if one rule is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from regiodeal.settings import Settings


def test_a_variable_sets_its_field_parsed_to_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIODEAL_QUERY_WORKERS", "3")
    monkeypatch.setenv("REGIODEAL_ACCESS_LOG", "true")
    monkeypatch.setenv("REGIODEAL_STORE_DIR", "/srv/store")
    monkeypatch.setenv("REGIODEAL_REFERENCE_DATE", "2026-01-31")
    settings = Settings()
    assert settings.query_workers == 3
    assert settings.access_log is True
    assert settings.store_dir == Path("/srv/store")
    assert str(settings.reference_date) == "2026-01-31"


def test_names_are_matched_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("regiodeal_query_timeout", "2.5")
    assert Settings().query_timeout == 2.5


def test_lists_and_mappings_are_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIODEAL_ALLOWED_HOSTS", '["data.example.org", "*"]')
    monkeypatch.setenv("REGIODEAL_JSONLD_CONTEXT_ALLOWLIST", '{"https://a.example/c": "c.json"}')
    settings = Settings()
    assert settings.allowed_hosts == ["data.example.org", "*"]
    assert settings.jsonld_context_allowlist == {"https://a.example/c": Path("c.json")}


def test_a_list_that_is_not_json_is_an_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REGIODEAL_CORS_ORIGINS", "https://a.example")
    with pytest.raises(ValidationError, match=r"REGIODEAL_CORS_ORIGINS must be JSON, such as \["):
        Settings()


def test_a_value_given_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIODEAL_PORT", "9000")
    assert Settings(port=8123).port == 8123
    assert Settings().port == 9000


def test_unknown_names_and_other_prefixes_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIODEAL_NO_SUCH_SETTING", "x")
    monkeypatch.setenv("PORT", "9001")  # no prefix: not ours
    assert Settings(no_such_setting="y").port == 8000  # the default


def test_a_bad_value_is_still_refused_by_the_field_validators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REGIODEAL_STORE", "http://no-scheme.example/sparql")
    with pytest.raises(ValidationError, match="store must be 'embedded'"):
        Settings()
