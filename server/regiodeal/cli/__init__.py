"""The `regiodeal` command: one module per sub-command, named after it.

Each module exposes `register(subparsers)`; the sub-command sets `func`, which returns the exit
code. Modules here parse arguments and print; the work is done by the packages below.

Only the module of the sub-command being run is imported: the others pull in rdflib, pyshacl,
pyoxigraph, FastAPI or httpx, ~1 s of imports that `regiodeal --version` or
`regiodeal validate` should not pay (issue #16). `regiodeal --help` lists the sub-commands from
`COMMANDS` without importing any of them.

May import: everything in `regiodeal` (this is the top of the import graph, with `app`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from regiodeal import __version__

# Sub-command -> its one-line help, as the module's `register` gives it (a test compares them).
COMMANDS: dict[str, str] = {
    "check": "parse every Turtle file and run the OWL reasoners HermiT and Pellet (consistency)",
    "docs": "HTML documentation of the ontology (pyLODE)",
    "format": "re-serialise Turtle files deterministically (sorted, stable prefixes)",
    "validate": "validate deal files (YAML template, Turtle or JSON-LD) against the covenant rules",
    "new": "turn a filled-in YAML template (examples/new-deal.yaml) into a deal in Turtle",
    "serve": "run the SPARQL endpoint and query UI",
    "catalogue": "write the Markdown catalogue of the named queries (docs/queries.md)",
    "load": "load the graph (with inferences) into an external SPARQL store",
}
ALL = frozenset(COMMANDS)


def build_parser(registered: frozenset[str] = ALL) -> argparse.ArgumentParser:
    """The parser; sub-commands not in `registered` get only their name and one-line help
    (enough for `regiodeal --help` and for an unknown command's error), without an import."""
    parser = argparse.ArgumentParser(
        prog="regiodeal",
        description="The open knowledge graph of Dutch Regio Deals.",
    )
    parser.add_argument("--version", action="version", version=f"regiodeal {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, help in COMMANDS.items():
        if name in registered:
            importlib.import_module(f"regiodeal.cli.{name}").register(subparsers)
        else:
            subparsers.add_parser(name, help=help)
    return parser


def _command(argv: Sequence[str]) -> frozenset[str]:
    """The sub-command named on the command line: the first argument that is not an option
    (the top-level parser has only --help and --version, which take no value)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return frozenset({first}) if first in COMMANDS else frozenset()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(_command(arguments)).parse_args(arguments)
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:
        # pydantic's ValidationError (a ValueError; not imported here, as `--version` must not
        # pay for pydantic) of the settings: a REGIODEAL_* variable that is not valid. Said
        # plainly, as `regiodeal serve` says it, rather than as a traceback.
        if getattr(exc, "title", None) != "Settings":
            raise
        print(
            f"regiodeal {args.command}: a REGIODEAL_* setting is not valid: {exc}", file=sys.stderr
        )
        return 2
