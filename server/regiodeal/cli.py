"""The `regiodeal` command: one sub-command per module, each registering its own arguments."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`; the sub-command sets `func` returning an exit code.
COMMAND_MODULES = (
    "regiodeal.check",
    "regiodeal.docs",
    "regiodeal.formatting",
    "regiodeal.validate_cli",
    "regiodeal.authoring",
    "regiodeal.serve",
    "regiodeal.catalogue",
    "regiodeal.store_upload",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regiodeal",
        description="The open knowledge graph of Dutch Regio Deals.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # sub-command not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
