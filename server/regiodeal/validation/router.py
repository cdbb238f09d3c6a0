"""Validation over HTTP: `POST /api/validate`, the `/validate` page and the `/validate/rules` page.

The findings are those of `regiodeal validate` (regiodeal.validation, via ValidationService).
Turtle, JSON-LD or the YAML authoring template (findings then name its lines). Bad input is
answered, never stored: 400 (a syntax error names line and column), 413
over `validation_max_bytes`, 415 for another content type, 503 if the validator is busy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from regiodeal.deps import PublicBaseDep, SettingsDep, ValidationServiceDep
from regiodeal.settings import REPO_ROOT, Settings
from regiodeal.sparql.negotiation import negotiate, parse_content_type
from regiodeal.validation import InputError, Report
from regiodeal.validation.guide import GUIDES, render_guide
from regiodeal.validation.report import SECTION_LABELS, render
from regiodeal.validation.rules import rules
from regiodeal.validation.service import (
    JSONLD,
    TURTLE,
    YAML,
    ValidationBusy,
    ValidationFailed,
    ValidationService,
    ValidationTimeout,
    ValidationTooLarge,
    WorkerCrashed,
    sniff_syntax,
)
from regiodeal.validation.shapes import load_shapes
from regiodeal.validation.worklist import TEXTS, Linker, worklist

TEMPLATES = Jinja2Templates(directory=Path(str(files("regiodeal") / "templates")))

# Report media types, in order of preference when the client accepts several equally.
REPORT_TYPES = {
    "json": "application/json",
    "turtle": "text/turtle",
    "csv": "text/csv",
    "html": "text/html",
    "text": "text/plain",  # the report `regiodeal validate` prints
}
# On every report: whether the deal passes (no violations), for a client that reads the report
# as text, such as `regiodeal validate --server`. Its exit code follows it.
OUTCOME_HEADER = "Regiodeal-Validation"
BODY_TYPES = {
    "text/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "application/ld+json": JSONLD,
    "application/json": JSONLD,
    # the YAML authoring template (examples/new-deal.yaml); findings name its lines
    "application/yaml": YAML,
    "application/x-yaml": YAML,
    "text/yaml": YAML,
    "text/x-yaml": YAML,
}
Lang = Literal["nl", "en"]
Format = Literal["json", "turtle", "csv", "html", "text"]

OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One or more deals (tests/shapes/valid/ has examples). Nothing is stored.",
        "content": {
            "text/turtle": {"schema": {"type": "string"}},
            "application/ld+json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report: conforms (warnings allowed) or the findings. The header "
        f"{OUTCOME_HEADER} says `passes` (no violations) or `violations`.",
        "content": {media: {} for media in REPORT_TYPES.values()},
    },
    400: {
        "description": "Unreadable input: message, line and column (for a YAML template "
        "`problems`: each with field, line, column and message)"
    },
    406: {"description": "No offered report format is acceptable"},
    413: {"description": "Body larger than REGIODEAL_VALIDATION_MAX_BYTES"},
    415: {"description": "Content type other than text/turtle or application/ld+json"},
    503: {"description": "Validator busy or the report took too long"},
}


def choose_format(accept: str | None, override: str | None) -> str | None:
    """?format= wins; else the Accept range with the highest q (most specific match decides)."""
    if override:
        return override
    media = negotiate(accept, tuple(REPORT_TYPES.values()))  # application/json: plain JSON
    return next((name for name, offer in REPORT_TYPES.items() if offer == media), None)


def _declared_too_large(request: Request, limit: int) -> bool:
    try:
        return int(request.headers.get("content-length", "0")) > limit
    except ValueError:
        return False


class Pages:
    """Renders the two pages and the HTML report for one request."""

    def __init__(self, request: Request, settings: Settings, root: str, lang: str) -> None:
        self.request = request
        self.settings = settings
        self.lang = lang
        self.root = root  # public base URL, ending in '/'
        self.linker = Linker(self.root, settings.base_uri, lang)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context = {
            "request": self.request,
            "lang": self.lang,
            "site_root": self.root,
            "t": TEXTS[self.lang],
            **context,
        }
        return TEMPLATES.TemplateResponse(self.request, template, context, status_code=status)

    def form(
        self,
        report: Report | None = None,
        error: InputError | None = None,
        problem: str | None = None,
        status: int = 200,
        text: str = "",
    ) -> HTMLResponse:
        sections = worklist(report, self.lang, self.linker) if report else None
        return self.render(
            "validate.html",
            status,
            title=TEXTS[self.lang]["title"],
            report=report,
            sections=sections,
            error=error,
            problem=problem,
            text=text,
        )


def _problem(
    status: int, message: str, error: InputError | None = None, lang: str = "en"
) -> JSONResponse:
    body: dict[str, Any] = {"detail": message}
    if error is not None:
        body.update(line=error.line, column=error.column)
        if error.problems:
            body["problems"] = [
                {"field": p.field, "line": p.line, "column": p.column, "message": p.text(lang)}
                for p in error.problems
            ]
    return JSONResponse(body, status_code=status)


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None if it is over `limit` (declared or actual)."""
    if _declared_too_large(request, limit):
        return None
    body = await request.body()
    return None if len(body) > limit else body


def _report_response(report: Report, fmt: str, lang: str, pages: Pages) -> Response:
    if fmt == "html":
        return pages.form(report=report)
    media = REPORT_TYPES[fmt]
    body = render(report, fmt, lang)
    outcome = "passes" if report.passes else "violations"
    headers = {"Vary": "Accept", OUTCOME_HEADER: outcome}
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)


@asynccontextmanager
async def open_validation_service(settings: Settings) -> AsyncIterator[ValidationService]:
    """The app's validation service (its worker processes), for as long as the app runs."""
    service = await ValidationService.start(settings)
    try:
        yield service
    finally:
        await service.close()


def _unavailable(exc: Exception) -> tuple[int, str]:
    """Status and message when no report could be made (busy, too slow, crashed, failed)."""
    if isinstance(exc, ValidationTimeout):
        return 504, f"Validation timeout: {exc}; send a smaller input"
    if isinstance(exc, ValidationFailed):
        return 500, f"Validation failed: {exc}"
    if isinstance(exc, ValidationTooLarge):
        return 507, f"Input too large to validate: {exc}; send a smaller input"
    return 503, f"Service busy: {exc}; try again later"


UNAVAILABLE = (
    ValidationBusy,
    ValidationTimeout,
    WorkerCrashed,
    ValidationFailed,
    ValidationTooLarge,
)


router = APIRouter(tags=["validation"])
LangParam = Annotated[Lang | None, Query(description="language of messages")]


@router.post(
    "/api/validate",
    summary="Validate a deal against the covenant rules (same findings as regiodeal validate)",
    openapi_extra=OPENAPI_BODY,
    responses=REPORT_RESPONSES,
)
async def validate_api(
    request: Request,
    settings: SettingsDep,
    service: ValidationServiceDep,
    root: PublicBaseDep,
    format: Annotated[Format | None, Query(description="overrides Accept")] = None,
    lang: LangParam = None,
) -> Response:
    lang_ = lang or settings.validation_lang
    limit = settings.validation_max_bytes
    fmt = choose_format(request.headers.get("accept"), format)
    if fmt is None:
        offered = ", ".join(REPORT_TYPES.values())
        return _problem(406, f"Not Acceptable: the report is offered as {offered}")
    media, charset = parse_content_type(request.headers.get("content-type"))
    syntax = BODY_TYPES.get(media)
    if syntax is None or charset not in (None, "utf-8", "us-ascii"):
        accepted = "text/turtle, application/ld+json or application/yaml (UTF-8)"
        return _problem(415, f"Unsupported Media Type {media or '(none)'!r}: send {accepted}")
    data = await _read_limited(request, limit)
    if data is None:
        return _problem(413, f"Payload Too Large: the limit is {limit} bytes")
    pages = Pages(request, settings, root, lang_)
    try:
        report = await service.validate(data, syntax, "request body")
    except InputError as exc:
        if fmt == "html":
            return pages.form(error=exc, status=400)
        return _problem(400, exc.text(lang_), exc, lang_)
    except UNAVAILABLE as exc:
        status, message = _unavailable(exc)
        if fmt == "html":
            return pages.form(problem=message, status=status)
        return _problem(status, message)
    return _report_response(report, fmt, lang_, pages)


@router.get("/validate", response_class=HTMLResponse, include_in_schema=False)
async def validate_page(
    request: Request, settings: SettingsDep, root: PublicBaseDep, lang: Lang = "nl"
) -> HTMLResponse:
    return Pages(request, settings, root, lang).form()


@router.post("/validate", response_class=HTMLResponse, include_in_schema=False)
async def validate_upload(
    request: Request,
    settings: SettingsDep,
    service: ValidationServiceDep,
    root: PublicBaseDep,
    lang: Lang = "nl",
) -> HTMLResponse:
    pages = Pages(request, settings, root, lang)
    return await _upload(request, service, pages, settings.validation_max_bytes)


@router.get("/validate/guide", response_class=HTMLResponse, include_in_schema=False)
async def guide_page(
    request: Request, settings: SettingsDep, root: PublicBaseDep, lang: Lang = "nl"
) -> Response:
    """The officials' guide (docs/), rendered from its Markdown in the site's layout."""
    path = REPO_ROOT / "docs" / GUIDES[lang]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return _problem(404, f"Not Found: {path.name} is not installed with this server")
    guide = render_guide(text, root)
    pages = Pages(request, settings, root, lang)
    return pages.render("validate_guide.html", title=guide.title, guide_html=guide.html)


@router.get("/validate/template", include_in_schema=False)
async def template_file() -> Response:
    """The YAML template the guide starts from (examples/new-deal.yaml), to save and fill in."""
    path = REPO_ROOT / "examples" / "new-deal.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return _problem(404, f"Not Found: {path.name} is not installed with this server")
    # text/plain: shown in the browser (a YAML media type would only be downloaded)
    return Response(
        text,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="new-deal.yaml"'},
    )


@router.get("/validate/rules", response_class=HTMLResponse, include_in_schema=False)
async def rules_page(
    request: Request, settings: SettingsDep, root: PublicBaseDep, lang: Lang = "nl"
) -> HTMLResponse:
    pages = Pages(request, settings, root, lang)
    shape_rules = rules(load_shapes(settings.shapes_dir))
    return pages.render(
        "validate_rules.html",
        title=TEXTS[lang]["rules_title"],
        rules=shape_rules,
        linker=pages.linker,
        section_labels=SECTION_LABELS[lang],
    )


FORM_ROOM = 64_000  # bytes of a form beyond the deal itself: boundaries, headers, fields


async def _upload(
    request: Request, service: ValidationService, pages: Pages, limit: int
) -> HTMLResponse:
    """The page's form: a file (multipart) or pasted text, validated like the API's body."""
    text = TEXTS[pages.lang]
    if await _read_limited(request, limit + FORM_ROOM) is None:  # room for the form's own fields
        return pages.form(problem=f"{limit} bytes max.", status=413)
    try:
        # A pasted text over the limit must get the 413 below, not the parser's 400: the body
        # is already bounded, so its parts may be as large as the body.
        form = await request.form(max_files=1, max_fields=10, max_part_size=limit + FORM_ROOM)
    except HTTPException as exc:  # inside an app Starlette raises this for a MultiPartException
        return pages.form(problem=str(exc.detail), status=exc.status_code)
    upload, pasted = form.get("file"), str(form.get("text") or "")
    data, name = b"", "tekst" if pages.lang == "nl" else "text"
    if isinstance(upload, UploadFile) and upload.filename:
        data, name = await upload.read(limit + 1), upload.filename
    elif pasted.strip():
        data = pasted.encode("utf-8")
    if not data.strip():
        return pages.form(problem=text["empty"], status=400, text=pasted)
    if len(data) > limit:
        return pages.form(problem=f"{limit} bytes max.", status=413)
    syntax = str(form.get("syntax") or "auto")
    syntax = syntax if syntax in (TURTLE, JSONLD, YAML) else sniff_syntax(data, name)
    try:
        report = await service.validate(data, syntax, name)
    except InputError as exc:
        return pages.form(error=exc, status=400, text=pasted)
    except UNAVAILABLE as exc:
        status, message = _unavailable(exc)
        return pages.form(problem=message, status=status, text=pasted)
    return pages.form(report=report, text=pasted)
