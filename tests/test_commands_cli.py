"""The `regiodeal` command explains itself: every sub-command and option has a help text, and
`serve --help` names every route the server answers and every REGIODEAL_* setting."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator

import pytest

from regiodeal.app import create_app
from regiodeal.cli import build_parser
from regiodeal.settings import REPO_ROOT, Settings


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


def _help_of_each(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_the_lazy_listing_gives_each_sub_command_its_own_help() -> None:
    # `regiodeal --help` lists the sub-commands from COMMANDS without importing their modules;
    # each line must be the help the module itself registers.
    assert _help_of_each(build_parser(frozenset())) == _help_of_each(build_parser())


# What `regiodeal ARGS` has imported when argparse is done with it (--version and --help exit).
IMPORTED = """
import sys
from regiodeal.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("rdflib", "pyshacl", "pyoxigraph", "fastapi", "httpx", "uvicorn", "owlready2",
         "pydantic_settings", "regiodeal.store.build")
print(" ".join(m for m in heavy if m in sys.modules))
"""


def _imported(*argv: str) -> set[str]:
    command = [sys.executable, "-c", IMPORTED, *argv]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "server")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return set(result.stdout.splitlines()[-1].split())


@pytest.mark.parametrize(
    "argv", [("--version",), ("--help",), ("new", "--help"), ("validate", "--help")]
)
def test_the_command_imports_no_heavy_library_it_does_not_need(argv: tuple[str, ...]) -> None:
    # ~1 s of imports (rdflib's SPARQL grammar, pySHACL, FastAPI) made `--version` take 2 s.
    assert _imported(*argv) == set()


def test_validate_imports_what_validation_needs_and_not_the_server() -> None:
    deal = str(REPO_ROOT / "tests" / "shapes" / "valid" / "signed-covenant.ttl")
    # every shape compiles to pyoxigraph queries (validation/bulk.py): pySHACL is not needed;
    # a store is only read (store/manifest.py), never built (issue #16)
    assert _imported("validate", "--no-context", deal) == {"rdflib", "pyoxigraph"}


def test_validate_on_a_server_imports_only_the_http_client() -> None:
    # the point of --server is not to start a validator: no rdflib, pySHACL or pyoxigraph. The
    # port is closed, so the command fails (exit 2) after importing what it uses.
    deal = str(REPO_ROOT / "tests" / "shapes" / "valid" / "signed-covenant.ttl")
    assert _imported("validate", deal, "--server", "http://127.0.0.1:9") == {"httpx"}


def test_a_setting_that_is_not_valid_is_said_plainly() -> None:
    # a list setting that is not JSON: before, `regiodeal validate` ended in pydantic's traceback
    deal = str(REPO_ROOT / "tests" / "shapes" / "valid" / "signed-covenant.ttl")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "server"), "REGIODEAL_CORS_ORIGINS": "x"}
    command = [sys.executable, "-m", "regiodeal.cli", "validate", "--no-context", deal]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "regiodeal validate: a REGIODEAL_* setting is not valid" in result.stderr
    assert "REGIODEAL_CORS_ORIGINS must be JSON" in result.stderr
