"""`regiodeal new deal.yaml -o deal.ttl`: a new deal from a filled-in YAML template, as Turtle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "turn a filled-in YAML template (examples/new-deal.yaml) into a deal in Turtle"
DESCRIPTION = """\
Read a deal YAML file (see examples/new-deal.yaml), check every field and write the deal as Turtle
following docs/data-conventions.md. Exit code 2 on a bad file.
"""


def _run(args: argparse.Namespace) -> int:
    # Here, not at the top: `regiodeal new --help` need not load rdflib and the YAML reader.
    from regiodeal.authoring.template import AuthoringError, deal_turtle
    from regiodeal.settings import get_settings

    try:
        turtle = deal_turtle(args.file)
    except AuthoringError as exc:
        lang = args.lang or get_settings().validation_lang
        print(f"regiodeal new: {exc.render(lang)}", file=sys.stderr)
        return 2
    if args.output and args.output.exists() and not args.force:
        print(
            f"regiodeal new: {args.output} bestaat al; niet overschreven (gebruik --force om het "
            f"te vervangen) / already exists; not overwritten (use --force to replace it)",
            file=sys.stderr,
        )
        return 2
    if args.output:
        args.output.write_text(turtle, encoding="utf-8")
        print(
            f"wrote {args.output}; check it with: regiodeal validate {args.file}", file=sys.stderr
        )
    else:
        sys.stdout.write(turtle)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("new", help=HELP, description=DESCRIPTION)
    parser.add_argument("file", type=Path, help="the filled-in YAML file")
    parser.add_argument("-o", "--output", type=Path, help="write the Turtle here (default: stdout)")
    parser.add_argument(
        "--force", action="store_true", help="replace the --output file if it already exists"
    )
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="language of error messages (default: REGIODEAL_VALIDATION_LANG or nl)",
    )
    parser.set_defaults(func=_run)
