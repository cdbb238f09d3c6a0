"""The `regiodeal` command: one module per sub-command, named after it.

Each module exposes `register(subparsers)`; the sub-command sets `func`, which returns the exit
code. Modules here parse arguments and print; the work is done by the packages below.

May import: everything in `regiodeal` (this is the top of the import graph, with `app`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from regiodeal import __version__
from regiodeal.cli import catalogue, check, docs, format, load, new, serve, validate

COMMANDS = (check, docs, format, validate, new, serve, catalogue, load)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regiodeal",
        description="The open knowledge graph of Dutch Regio Deals.",
    )
    parser.add_argument("--version", action="version", version=f"regiodeal {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
