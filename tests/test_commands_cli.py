"""The `regiodeal` command explains itself: every sub-command and option has a help text, and
`serve --help` names every route the server answers and every REGIODEAL_* setting."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator

import pytest

from regiodeal.app import create_app
from regiodeal.cli import build_parser
from regiodeal.settings import Settings


def sub_commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(sub_commands()))
def test_sub_command_has_a_description_and_option_help(name: str) -> None:
    parser = sub_commands()[name]
    assert parser.description, f"regiodeal {name} has no description"
    undocumented = [
        action.dest
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert undocumented == [], f"regiodeal {name}: options without help"


def route_paths(routes: Iterable[object]) -> Iterator[str]:
    """Every path the app answers, through included routers."""
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's wrapper of a router
        if included is not None:
            yield from route_paths(included.routes)
        else:
            yield route.path  # type: ignore[attr-defined]


def documented_form(path: str) -> str:
    path = path.replace("{path:path}", "{path}")
    # One route per named query (queries/*.rq): the help names their pattern.
    return re.sub(r"^/api/queries/[^/]+$", "/api/queries/{name}", path)


SERVE_HELP = sub_commands()["serve"].format_help()


def test_serve_help_names_every_route() -> None:
    paths = {documented_form(p) for p in route_paths(create_app(Settings()).routes)}
    paths.discard("/docs/oauth2-redirect")  # Swagger UI's own helper page under /docs
    missing = [
        path
        for path in sorted(paths)
        if not re.search(rf"(?<![\w/.]){re.escape(path)}(?![\w-])", SERVE_HELP)
    ]
    assert missing == []


def test_serve_help_names_every_setting() -> None:
    missing = [
        f"REGIODEAL_{name.upper()}"
        for name in Settings.model_fields
        if f"REGIODEAL_{name.upper()}" not in SERVE_HELP
    ]
    assert missing == []


def test_serve_help_says_where_the_server_listens() -> None:
    assert "http://127.0.0.1:8000/" in " ".join(SERVE_HELP.split())
