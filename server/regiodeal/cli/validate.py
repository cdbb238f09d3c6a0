"""`regiodeal validate FILE...`: check deals against the SHACL shapes, in their published context.

Exit code 0: conforms (warnings allowed); 1: at least one violation; 2: unreadable input, or files
together larger than REGIODEAL_VALIDATION_MAX_BYTES (the limit of the HTTP API: validation time
grows with the input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regiodeal.settings import get_settings
from regiodeal.validation import InputError, PublishedContext, validate_files
from regiodeal.validation.reading import check_size
from regiodeal.validation.report import render

FORMATS = ("text", "json", "turtle", "csv")


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        check_size(args.files, settings.validation_max_bytes)
        context = PublishedContext.from_settings(settings, published=not args.no_context)
        report = validate_files(args.files, context, settings)
    except InputError as exc:
        print(f"regiodeal validate: {exc}", file=sys.stderr)
        return 2
    output = render(report, args.format, args.lang or settings.validation_lang)
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0 if report.conforms else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate deal files (Turtle or JSON-LD) against the SHACL covenant rules",
        description="Validate one or more deal files against shapes/*.ttl, with the reference data "
        "and the published graph as context. Exit code 0: conforms (warnings allowed); "
        "1: violations; 2: unreadable input, or files together over REGIODEAL_VALIDATION_MAX_BYTES "
        "(default 1,000,000 bytes, the HTTP API's limit).",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="Turtle (.ttl) or JSON-LD (.jsonld, .json) files, validated together",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="language of messages (default: REGIODEAL_VALIDATION_LANG or nl)",
    )
    parser.add_argument("-o", "--output", type=Path, help="write the report to this file")
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="skip the published graph (reference data is still used)",
    )
    parser.set_defaults(func=_run)
