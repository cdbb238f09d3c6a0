"""`regiodeal serve --help` names every route of the app and every setting."""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.routing import Mount

from regiodeal.app import create_app
from regiodeal.cli.serve import HELP
from regiodeal.settings import Settings


def test_every_route_is_listed() -> None:
    app = create_app(Settings())
    paths = set()
    for route in app.routes:
        if isinstance(route, Mount):
            paths.add(route.path + "/")
        elif isinstance(route, APIRoute) or hasattr(route, "path"):
            path = route.path.split("{")[0]
            paths.add(path if path == "/" else path.rstrip("/") or path)
    # FastAPI's own schema and docs pages: /openapi.json is named in the /docs line.
    unlisted = sorted(p for p in paths if p not in HELP and p != "/openapi.json")
    assert unlisted == []


def test_every_setting_is_listed() -> None:
    names = [f"REGIODEAL_{name.upper()}" for name in Settings.model_fields]
    assert [name for name in names if name not in HELP] == []
