"""regiodeal.validation.router against a fake validation service (no worker processes, no
SHACL run): the status codes, content negotiation, headers and error bodies of POST /api/validate
and the /validate pages, in Dutch and English. The fake records what the router sent it and
answers a hand-made report or raises the error a test asks for.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from regiodeal.authoring.source import Problem
from regiodeal.deps import validation_service
from regiodeal.settings import Settings
from regiodeal.validation import InputError
from regiodeal.validation import router as router_module
from regiodeal.validation.engine import Finding, Report
from regiodeal.validation.pool import (
    ValidationBusy,
    ValidationTimeout,
    ValidationTooLarge,
    WorkerCrashed,
)
from regiodeal.validation.router import choose_format, router
from regiodeal.validation.service import ValidationFailed

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

LIMIT = 1000
DEAL = "https://w3id.org/regiodeal/id/deal/test"


def finding(severity: str = "Violation") -> Finding:
    return Finding(
        deal=DEAL,
        section="finance",
        severity=severity,
        shape="https://w3id.org/regiodeal/def/shapes#S",
        shape_name={"nl": "Vorm", "en": "Shape"},
        message={"nl": "Bedrag ontbreekt", "en": "Amount missing"},
        focus=DEAL,
        path=None,
        value=None,
        legal_basis=(),
        citation={},
        contextual=False,
    )


class FakeService:
    def __init__(self) -> None:
        self.calls: list[tuple[bytes, str, str]] = []
        self.outcome: Report | Exception = Report(deals={DEAL: "Test"})

    async def validate(self, data: bytes, syntax: str, name: str) -> Report:
        self.calls.append((data, syntax, name))
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def client(service: FakeService) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    app.state.settings = Settings(validation_max_bytes=LIMIT, validation_lang="nl")
    app.dependency_overrides[validation_service] = lambda: service
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


TTL = {"Content-Type": "text/turtle"}


def post(client: TestClient, body: bytes = b"<a> <b> <c> .", **headers: str) -> Any:
    params = headers.pop("params", None)
    return client.post(
        "/api/validate", content=body, headers={**TTL, **headers}, params=params or {}
    )


# --- choosing the report format --------------------------------------------------------------


def test_choose_format() -> None:
    assert choose_format("text/csv", "turtle") == "turtle"
    assert choose_format(None, None) == "json"
    assert choose_format("*/*", None) == "json"
    assert choose_format("text/turtle", None) == "turtle"
    assert choose_format("text/csv", None) == "csv"
    assert choose_format("text/html", None) == "html"
    assert choose_format("text/plain", None) == "text"
    assert choose_format("application/json;q=0.5, text/plain", None) == "text"
    assert choose_format("image/png", None) is None


def test_not_acceptable(client: TestClient, service: FakeService) -> None:
    response = post(client, Accept="image/png")
    assert response.status_code == 406
    assert response.json() == {
        "detail": "Not Acceptable: the report is offered as application/json, text/turtle,"
        " text/csv, text/html, text/plain"
    }
    assert service.calls == []


@pytest.mark.parametrize(
    ("accept", "media", "start"),
    [
        ("application/json", "application/json", "{"),
        ("text/turtle", "text/turtle", "@prefix"),
        ("text/csv", "text/csv", "deal,"),
        ("text/plain", "text/plain", ""),
    ],
)
def test_report_formats(
    client: TestClient, service: FakeService, accept: str, media: str, start: str
) -> None:
    response = post(client, Accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert response.headers["regiodeal-validation"] == "passes"
    assert response.text.startswith(start)
    assert service.calls == [(b"<a> <b> <c> .", "turtle", "request body")]


def test_report_json_and_outcome(client: TestClient, service: FakeService) -> None:
    service.outcome = Report(findings=[finding()], deals={DEAL: "Test"})
    response = post(client)
    assert response.headers["regiodeal-validation"] == "violations"
    body = response.json()
    assert body["conforms"] is False
    # the server's language (nl) unless ?lang= says otherwise
    assert body["findings"][0]["message"] == "Bedrag ontbreekt"
    english = post(client, params={"lang": "en"}).json()
    assert english["findings"][0]["message"] == "Amount missing"
    # ?format= overrides Accept
    turtle = post(client, Accept="application/json", params={"format": "turtle"})
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    # a warning alone passes
    service.outcome = Report(findings=[finding("Warning")], deals={DEAL: "Test"})
    assert post(client).headers["regiodeal-validation"] == "passes"


def test_report_as_html(client: TestClient, service: FakeService) -> None:
    service.outcome = Report(findings=[finding()], deals={DEAL: "Test"})
    response = post(client, Accept="text/html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Bedrag ontbreekt" in response.text
    assert '<h1 class="nl-heading nl-heading--level-1">Deal valideren</h1>' in response.text
    english = post(client, Accept="text/html", params={"lang": "en"})
    assert "Amount missing" in english.text
    assert "Validate a deal</h1>" in english.text


# --- the body --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "syntax"),
    [
        ("text/turtle", "turtle"),
        ("application/x-turtle", "turtle"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/yaml", "yaml"),
        ("application/x-yaml", "yaml"),
        ("text/yaml", "yaml"),
        ("text/x-yaml", "yaml"),
        ("text/turtle; charset=UTF-8", "turtle"),
        ("text/turtle; charset=us-ascii", "turtle"),
    ],
)
def test_body_types(
    client: TestClient, service: FakeService, content_type: str, syntax: str
) -> None:
    response = post(client, **{"Content-Type": content_type})
    assert response.status_code == 200, response.text
    assert service.calls[0][1] == syntax


@pytest.mark.parametrize(
    ("content_type", "named"),
    [
        ("text/html", "'text/html'"),
        ("text/turtle; charset=latin-1", "'text/turtle'"),
        ("", "'(none)'"),
    ],
)
def test_unsupported_media_type(
    client: TestClient, service: FakeService, content_type: str, named: str
) -> None:
    response = post(client, **{"Content-Type": content_type})
    assert response.status_code == 415
    assert response.json() == {
        "detail": f"Unsupported Media Type {named}: send text/turtle, application/ld+json"
        " or application/yaml (UTF-8)"
    }
    assert service.calls == []


def test_payload_too_large(client: TestClient, service: FakeService) -> None:
    exact = post(client, b"#" * LIMIT)
    assert exact.status_code == 200
    response = post(client, b"#" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == {"detail": f"Payload Too Large: the limit is {LIMIT} bytes"}
    assert len(service.calls) == 1


def test_declared_length() -> None:
    class Request:
        def __init__(self, length: str | None) -> None:
            self.headers = {} if length is None else {"content-length": length}

    declared = router_module._declared_too_large
    assert declared(Request("11"), 10)  # type: ignore[arg-type]
    assert not declared(Request("10"), 10)  # type: ignore[arg-type]
    assert not declared(Request(None), 0)  # type: ignore[arg-type]
    assert not declared(Request("many"), 10)  # type: ignore[arg-type]

    class Body(Request):
        async def body(self) -> bytes:
            return b"x" * 11

    assert asyncio.run(router_module._read_limited(Body("5"), 10)) is None  # type: ignore[arg-type]
    assert asyncio.run(router_module._read_limited(Body("11"), 11)) == b"x" * 11  # type: ignore[arg-type]
    assert asyncio.run(router_module._read_limited(Body("12"), 11)) is None  # type: ignore[arg-type]


# --- unreadable input and a validator that cannot answer ------------------------------------

PROBLEMS = (
    Problem("deal.name", 3, 5, "Naam ontbreekt", "Name missing"),
    Problem("", None, None, "Leeg", "Empty"),
)


def test_input_error(client: TestClient, service: FakeService) -> None:
    service.outcome = InputError("request body", "bad token", 2, 7)
    response = post(client)
    assert response.status_code == 400
    assert response.json() == {"detail": "request body:2:7: bad token", "line": 2, "column": 7}


def test_input_error_with_problems(client: TestClient, service: FakeService) -> None:
    service.outcome = InputError.of_problems("request body", list(PROBLEMS))
    nl = post(client).json()
    assert nl == {
        "detail": "request body:3:5: Naam ontbreekt\nrequest body: Leeg",
        "line": 3,
        "column": 5,
        "problems": [
            {"field": "deal.name", "line": 3, "column": 5, "message": "Naam ontbreekt"},
            {"field": "", "line": None, "column": None, "message": "Leeg"},
        ],
    }
    en = post(client, params={"lang": "en"}).json()
    assert en["detail"] == "request body:3:5: Name missing\nrequest body: Empty"
    assert [p["message"] for p in en["problems"]] == ["Name missing", "Empty"]


def test_input_error_as_html(client: TestClient, service: FakeService) -> None:
    service.outcome = InputError("request body", "bad token", 2, 7)
    response = post(client, Accept="text/html")
    assert response.status_code == 400
    assert "<code>bad token</code>" in response.text


@pytest.mark.parametrize(
    ("error", "status", "detail"),
    [
        (ValidationBusy("x"), 503, "Service busy: x; try again later"),
        (WorkerCrashed("x"), 503, "Service busy: x; try again later"),
        (ValidationTimeout("x"), 504, "Validation timeout: x; send a smaller input"),
        (ValidationFailed("x"), 500, "Validation failed: x"),
        (ValidationTooLarge("x"), 507, "Input too large to validate: x; send a smaller input"),
    ],
)
def test_unavailable(
    client: TestClient, service: FakeService, error: Exception, status: int, detail: str
) -> None:
    service.outcome = error
    response = post(client)
    assert response.status_code == status
    assert response.json() == {"detail": detail}
    page = post(client, Accept="text/html")
    assert page.status_code == status
    assert f'<div class="error" role="alert">{detail}</div>' in page.text


# --- the pages -------------------------------------------------------------------------------


def test_validate_page(client: TestClient) -> None:
    nl = client.get("/validate")
    assert nl.status_code == 200
    assert "Deal valideren</h1>" in nl.text
    assert 'action="http://testserver/validate?lang=nl#result"' in nl.text
    assert 'spellcheck="false"></textarea>' in nl.text  # an empty form
    en = client.get("/validate", params={"lang": "en"})
    assert "Validate a deal</h1>" in en.text
    assert 'action="http://testserver/validate?lang=en#result"' in en.text


def upload(client: TestClient, lang: str = "nl", **fields: Any) -> Any:
    files = fields.pop("files", None)
    return client.post("/validate", params={"lang": lang}, data=fields, files=files)


def test_upload_a_file(client: TestClient, service: FakeService) -> None:
    service.outcome = Report(findings=[finding()], deals={DEAL: "Test"})
    response = upload(client, files={"file": ("deal.yaml", b"deal:\n  name: x\n")})
    assert response.status_code == 200
    assert "Bedrag ontbreekt" in response.text
    assert 'spellcheck="false"></textarea>' in response.text  # no text was pasted
    upload(client, files={"file": ("deal.ttl", b"{}")})  # the name decides, not the body
    assert service.calls == [
        (b"deal:\n  name: x\n", "yaml", "deal.yaml"),
        (b"{}", "turtle", "deal.ttl"),
    ]


def test_upload_pasted_text(client: TestClient, service: FakeService) -> None:
    page = upload(client, text='{"@id": "x"}')
    assert ">{&#34;@id&#34;: &#34;x&#34;}</textarea>" in page.text  # the text stays
    upload(client, "en", text="<a> <b> <c> .", syntax="jsonld")
    upload(client, text="<a> <b> <c> .", syntax="nonsense")
    assert service.calls == [
        (b'{"@id": "x"}', "jsonld", "tekst"),
        (b"<a> <b> <c> .", "jsonld", "text"),
        (b"<a> <b> <c> .", "turtle", "tekst"),
    ]


def test_upload_nothing(client: TestClient, service: FakeService) -> None:
    nl = upload(client, text="  \n ")
    assert nl.status_code == 400
    assert 'spellcheck="false">  \n </textarea>' in nl.text
    assert "Kies een bestand of plak een deal." in nl.text
    en = upload(client, "en", files={"file": ("x.ttl", b"  ")})
    assert en.status_code == 400
    assert "Choose a file or paste a deal." in en.text
    assert service.calls == []


def test_upload_a_file_without_a_name_takes_the_text(
    client: TestClient, service: FakeService
) -> None:
    response = upload(client, text="<a> <b> <c> .", files={"file": ("", b"")})
    assert response.status_code == 200
    assert service.calls == [(b"<a> <b> <c> .", "turtle", "tekst")]


def test_upload_too_large(client: TestClient, service: FakeService) -> None:
    exact = upload(client, files={"file": ("x.ttl", b"#" * LIMIT)})
    assert exact.status_code == 200
    over = upload(client, files={"file": ("x.ttl", b"#" * (LIMIT + 1))})
    assert over.status_code == 413
    assert f'<div class="error" role="alert">{LIMIT} bytes max.</div>' in over.text
    # pasted text: the same limit and the same answer as a file (it was the parser's 400)
    pasted_exact = upload(client, text="#" * LIMIT)
    assert pasted_exact.status_code == 200
    pasted = upload(client, text="#" * (LIMIT + 1))
    assert pasted.status_code == 413
    assert f'<div class="error" role="alert">{LIMIT} bytes max.</div>' in pasted.text
    huge = upload(client, text="#" * (LIMIT + 64_001))
    assert huge.status_code == 413
    assert f"{LIMIT} bytes max." in huge.text
    assert len(service.calls) == 2  # the two of exactly LIMIT bytes


def test_upload_a_bad_form(client: TestClient, service: FakeService) -> None:
    """A form the parser refuses is answered on the page (it was Starlette's JSON error)."""
    many = "&".join(f"f{i}=x" for i in range(11))
    response = client.post(
        "/validate",
        content=many.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    expected = "Too many fields. Maximum number of fields is 10."
    assert f'<div class="error" role="alert">{expected}</div>' in response.text
    files = {f"file{i}": (f"x{i}.ttl", b"x") for i in range(2)}
    response = client.post("/validate", files=files)
    assert response.status_code == 400
    assert "Too many files. Maximum number of files is 1." in response.text
    assert service.calls == []


def test_upload_errors(client: TestClient, service: FakeService) -> None:
    service.outcome = InputError("deal.ttl", "bad token", 2, 7)
    response = upload(client, text="<a> <b> <c>")
    assert response.status_code == 400
    assert "<code>bad token</code>" in response.text
    assert "&lt;a&gt; &lt;b&gt; &lt;c&gt;</textarea>" in response.text  # the text stays
    service.outcome = ValidationTimeout("slow")
    response = upload(client, text="<a> <b> <c>")
    assert response.status_code == 504
    assert "Validation timeout: slow; send a smaller input" in response.text
    assert "&lt;a&gt; &lt;b&gt; &lt;c&gt;</textarea>" in response.text


def test_guide_and_template(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = client.get("/validate/guide")
    assert guide.status_code == 200
    assert "<h1" in guide.text
    template = client.get("/validate/template")
    assert template.status_code == 200
    assert template.headers["content-type"] == "text/plain; charset=utf-8"
    assert template.headers["content-disposition"] == 'inline; filename="new-deal.yaml"'
    expected = (router_module.REPO_ROOT / "examples" / "new-deal.yaml").read_text("utf-8")
    assert template.text == expected
    monkeypatch.setattr(router_module, "REPO_ROOT", Path("/nonexistent"))
    missing = client.get("/validate/guide", params={"lang": "en"})
    assert missing.status_code == 404
    name = router_module.GUIDES["en"]
    assert missing.json() == {"detail": f"Not Found: {name} is not installed with this server"}
    missing = client.get("/validate/template")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Not Found: new-deal.yaml is not installed with this server"
    }


def test_rules_page(client: TestClient) -> None:
    nl = client.get("/validate/rules")
    assert nl.status_code == 200
    assert "Regels voor Regio Deals" in nl.text
    en = client.get("/validate/rules", params={"lang": "en"})
    assert "Rules for Regio Deals" in en.text


def test_open_validation_service(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []

    class Started:
        async def close(self) -> None:
            events.append("closed")

    async def start(settings: Settings) -> Started:
        events.append("started")
        return Started()

    monkeypatch.setattr(router_module.ValidationService, "start", start)

    async def use() -> None:
        async with router_module.open_validation_service(Settings()) as service:
            assert isinstance(service, Started)
            events.append("used")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        asyncio.run(use())
    assert events == ["started", "used", "closed"]


def test_openapi_text() -> None:
    assert router_module.REPORT_RESPONSES[200]["description"].endswith(
        "The header Regiodeal-Validation says `passes` (no violations) or `violations`."
    )
    assert json.dumps(sorted(router_module.REPORT_RESPONSES[200]["content"])) == json.dumps(
        ["application/json", "text/csv", "text/html", "text/plain", "text/turtle"]
    )
