"""`regiodeal format`: re-serialise Turtle files deterministically (see store.turtle)."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from regiodeal.cli.common import verdict
from regiodeal.settings import get_settings
from regiodeal.store.files import turtle_files
from regiodeal.store.turtle import BASE, format_file

HELP = "re-serialise Turtle files deterministically (sorted, stable prefixes)"
DESCRIPTION = """\
Rewrite Turtle files in the canonical form: rdflib's sorted Turtle with one stable prefix set and,
for data files, @base <https://w3id.org/regiodeal/id/>, so that a diff shows only changed facts. A
file that does not parse is never rewritten (exit code 1).
"""


def _run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files] if args.files else turtle_files()
    unreadable = [path for path in paths if not _parses(path)]
    if unreadable:
        return 1  # never rewrite a file that does not parse; `regiodeal check` shows where
    if args.check:
        return _report_check(paths, _what(args.files), show_diff=args.diff)
    for path in paths:
        formatted = format_file(path)
        if path.read_text(encoding="utf-8") != formatted:
            path.write_text(formatted, encoding="utf-8")
            print(f"formatted {path}")
    return 0


def _what(files: Sequence[str]) -> str:
    if files:
        return "as given"
    settings = get_settings()
    return f"all of {_shown(settings.ontology_dir)}/ and {_shown(settings.data_dir)}/"


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def _parses(path: Path) -> bool:
    try:
        Graph().parse(path, format="turtle", publicID=BASE)
    except Exception as exc:  # rdflib raises BadSyntax and plain exceptions alike
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"cannot format {path}: {first_line}", file=sys.stderr)
        return False
    return True


def _changes(path: Path) -> list[str]:
    """The unified diff from the file to its canonical form (empty: nothing would change)."""
    old = path.read_text(encoding="utf-8").splitlines(keepends=True)
    new = format_file(path).splitlines(keepends=True)
    return list(difflib.unified_diff(old, new, str(path), f"{path} (formatted)"))


def _report_check(paths: Sequence[Path], what: str, show_diff: bool) -> int:
    """Change nothing: name each file that would change, and by how many lines."""
    changed = 0
    for path in paths:
        diff = _changes(path)
        if not diff:
            continue
        changed += 1
        added = sum(1 for line in diff[2:] if line.startswith("+"))
        removed = sum(1 for line in diff[2:] if line.startswith("-"))
        print(f"would reformat {path}: {removed} line(s) out, {added} line(s) in")
        if show_diff:
            sys.stdout.writelines(diff)
    checked = f"checked {len(paths)} Turtle file(s) ({what})"
    hint = "`regiodeal format` rewrites them" + ("" if show_diff else "; --diff shows how")
    return verdict(
        bool(changed),
        f"{checked}: {changed} would be reformatted; {hint}",
        f"{checked}: all in the canonical form, nothing would change",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("format", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="Turtle files (default: ontology/ and data/ttl/)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing: name each file that would be reformatted and exit 1 if any",
    )
    parser.add_argument("--diff", action="store_true", help="with --check: show the changes")
    parser.set_defaults(func=_run)
