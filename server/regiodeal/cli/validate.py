"""`regiodeal validate FILE|DIR...`: check deals against the SHACL shapes, in their context.

Exit code 0: passes, no violations (warnings allowed; SHACL's sh:conforms is then false
when there are warnings); 1: at least one violation; 2: unreadable input, or files
together larger than REGIODEAL_VALIDATION_MAX_BYTES (the limit of the HTTP API: validation time
grows with the input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

HELP = "validate deal files (YAML template, Turtle or JSON-LD) against the covenant rules"
DESCRIPTION = """\
Validate one or more deal files against shapes/*.ttl, with the reference data and the published
graph as context. A .yaml/.yml file is the authoring template (examples/new-deal.yaml): it is read
as `regiodeal new` reads it, and each finding names its line and field. Exit code 0: passes,
no violations (warnings allowed; the report's sh:conforms follows SHACL and is false with any
result); 1: violations; 2: unreadable input,
or files together over REGIODEAL_VALIDATION_MAX_BYTES (1,000,000 bytes, the HTTP API's limit).
"""

FORMATS = ("text", "json", "turtle", "csv")
# What --server sends a file as, by its suffix (the API's request body types).
BODY_TYPES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
# The header of the server's report that says whether the deal passes (validation.router).
OUTCOME_HEADER = "Regiodeal-Validation"


def input_files(paths: list[Path]) -> list[Path]:
    """The files to validate: a directory stands for the Turtle and YAML files in it (and
    below it). Raises InputError for a directory without them."""
    from regiodeal.validation import InputError
    from regiodeal.validation.yaml_input import YAML_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in {".ttl", *YAML_SUFFIXES})
        if not found:
            raise InputError(str(path), "a directory without Turtle (*.ttl) or YAML files")
        files += found
    return files


def _run(args: argparse.Namespace) -> int:
    if args.server:  # the server's settings apply (its default language too)
        return _run_on_server(args, args.lang)
    from regiodeal.settings import get_settings

    settings = get_settings()
    lang = args.lang or settings.validation_lang
    # Imported here: the validator's imports take about a second, which --server does not need.
    from regiodeal.validation import InputError, PublishedContext
    from regiodeal.validation.reading import check_size
    from regiodeal.validation.report import render
    from regiodeal.validation.yaml_input import validate_paths

    if args.store_dir is not None:
        settings = settings.model_copy(update={"store_dir": args.store_dir})
    try:
        files = input_files(args.files)
        check_size(files, settings.validation_max_bytes)
        context = PublishedContext.from_settings(settings, published=not args.no_context)
        report = validate_paths(files, context, settings)
    except InputError as exc:
        print(f"regiodeal validate: {exc.text(lang)}", file=sys.stderr)
        return 2
    output = render(report, args.format, lang)
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0 if report.passes else 1


def _run_on_server(args: argparse.Namespace, lang: str | None) -> int:
    """Send one file to a running server's /api/validate and print its report: the server has
    the shapes and the published graph loaded, so no validator starts here."""
    import httpx

    if len(args.files) != 1 or args.files[0].suffix.lower() not in BODY_TYPES:
        suffixes = ", ".join(BODY_TYPES)
        return _fail(f"--server takes one file ({suffixes}), not {' '.join(map(str, args.files))}")
    path = args.files[0]
    try:
        body = path.read_bytes()
        response = httpx.post(
            args.server.rstrip("/") + "/api/validate",
            params={"format": args.format, **({"lang": lang} if lang else {})},
            content=body,
            headers={"Content-Type": BODY_TYPES[path.suffix.lower()]},
            timeout=120,
        )
    except (OSError, httpx.HTTPError) as exc:
        return _fail(f"{path}: {exc}" if isinstance(exc, OSError) else f"{args.server}: {exc}")
    outcome = response.headers.get(OUTCOME_HEADER)
    if response.status_code == 400:  # unreadable input: the message the local validator gives
        # the server names the input "request body" at the start of each line (one per problem)
        lines = _detail(response).splitlines()
        return _fail("\n".join(line.replace("request body", str(path), 1) for line in lines))
    if response.status_code != 200 or outcome not in ("passes", "violations"):
        return _fail(f"{args.server} answered {response.status_code}: {_detail(response)}")
    if args.output:
        args.output.write_text(response.text, encoding="utf-8")
    else:
        sys.stdout.write(response.text)
    return 0 if outcome == "passes" else 1


def _detail(response: httpx.Response) -> str:
    """The message of an error answer: its problem document's `detail`, else its text."""
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return detail if isinstance(detail, str) else response.text.strip()


def _fail(message: str) -> int:
    print(f"regiodeal validate: {message}", file=sys.stderr)
    return 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("validate", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE|DIR",
        help="YAML templates (.yaml, .yml), Turtle (.ttl) or JSON-LD (.jsonld, .json) files, "
        "validated together; a directory stands for every .ttl and .yaml file in it and below it",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="language of messages (default: REGIODEAL_VALIDATION_LANG or nl; with --server, the "
        "server's)",
    )
    parser.add_argument("-o", "--output", type=Path, help="write the report to this file")
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="skip the published graph (reference data is still used)",
    )
    parser.add_argument(
        "--store-dir",
        type=Path,
        help="a store built by `regiodeal serve --store-dir` from the same sources "
        "(REGIODEAL_STORE_DIR): the published graph is read from it, not parsed",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="send the one file to the /api/validate of a running `regiodeal serve` at URL "
        "(e.g. http://127.0.0.1:8000) and print its report: no validator starts here, so it "
        "answers in a fraction of a second; the exit codes are the same",
    )
    parser.set_defaults(func=_run)
