"""The Jinja templates of every HTML page, and the one way to render them.

Below the routers (linked_data/, publishing/, search/ all render pages), above nothing but
settings and urls: a page gets its language, the site's public base URL and the request.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=Path(str(files("regiodeal") / "templates")))
LANGS = ("nl", "en")


def page_lang(value: str | None) -> str:
    """The page language asked for, Dutch unless it is one we have."""
    return value if value in LANGS else "nl"


def render_page(
    request: Request,
    template: str,
    *,
    lang: str,
    site_root: str,
    status: int = 200,
    **context: Any,
) -> Response:
    """`template` with the context every page shares (base.html): lang and site_root."""
    context.update(lang=lang, site_root=site_root)
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status)
    response.headers["Vary"] = "Accept"
    return response
