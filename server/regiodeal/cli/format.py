"""`regiodeal format`: re-serialise Turtle files deterministically (see store.turtle)."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from regiodeal.cli.common import verdict
from regiodeal.store.files import turtle_files
from regiodeal.store.turtle import BASE, format_file, unformatted


def _run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files] if args.files else turtle_files()
    unreadable = [path for path in paths if not _parses(path)]
    if unreadable:
        return 1  # never rewrite a file that does not parse; `regiodeal check` shows where
    if args.check:
        return _report_check(paths, show_diff=args.diff)
    for path in paths:
        formatted = format_file(path)
        if path.read_text(encoding="utf-8") != formatted:
            path.write_text(formatted, encoding="utf-8")
            print(f"formatted {path}")
    return 0


def _parses(path: Path) -> bool:
    try:
        Graph().parse(path, format="turtle", publicID=BASE)
    except Exception as exc:  # rdflib raises BadSyntax and plain exceptions alike
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"cannot format {path}: {first_line}", file=sys.stderr)
        return False
    return True


def _report_check(paths: Sequence[Path], show_diff: bool) -> int:
    bad = unformatted(paths)
    for path in bad:
        print(f"not formatted: {path}")
        if show_diff:
            old = path.read_text(encoding="utf-8").splitlines(keepends=True)
            new = format_file(path).splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, str(path), "formatted"))
    failure = f"{len(bad)} of {len(paths)} files need `regiodeal format`"
    return verdict(bool(bad), failure, f"{len(paths)} files formatted")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "format", help="re-serialise Turtle files deterministically (sorted, stable prefixes)"
    )
    parser.add_argument("files", nargs="*", help="Turtle files (default: ontology + data/ttl)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 listing unformatted files"
    )
    parser.add_argument("--diff", action="store_true", help="with --check: show the changes")
    parser.set_defaults(func=_run)
