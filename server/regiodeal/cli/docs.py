"""`regiodeal docs`: HTML documentation of the ontology, rendered by pyLODE (extra `docs`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from regiodeal.publishing import figures
from regiodeal.publishing.ontology import import_pylode, pylode_html
from regiodeal.settings import Settings, get_settings

HELP = "HTML documentation of the ontology (pyLODE)"
DESCRIPTION = """\
Render the ontology (ontology/*.ttl) as one HTML page, index.html in the output directory, with
pyLODE (extra `docs`: pip install -e '.[docs]'). Exit code 2 when pyLODE is missing.
"""


def ontology_graph(settings: Settings) -> Graph:
    graph = Graph()
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def build_docs(output_dir: Path, settings: Settings | None = None) -> Path:
    """Write `index.html` (the ontology page) into output_dir; returns its path.

    Raises ImportError with an install hint when pyLODE is missing.
    """
    import_pylode()  # before any output: ImportError with the install hint
    settings = settings or get_settings()
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / "index.html"
    target.write_text(pylode_html(ontology_graph(settings)), encoding="utf-8")
    return target


def _write_readme_figures(path: Path) -> int:
    readme = path.read_text(encoding="utf-8")
    try:
        updated = figures.with_figures(readme, figures.readme_block(get_settings()))
    except ValueError as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 1
    if updated != readme:
        path.write_text(updated, encoding="utf-8")
    print(f"{'updated' if updated != readme else 'unchanged'}: the figures in {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "readme", None):
        return _write_readme_figures(Path(args.readme))
    try:
        target = build_docs(Path(args.output))
    except ImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("docs", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "-o", "--output", default="build/docs", help="output directory (default: build/docs)"
    )
    parser.add_argument(
        "--readme",
        nargs="?",
        const="README.md",
        metavar="PATH",
        help="instead: rewrite the figures block of the README (default README.md) from the data",
    )
    parser.set_defaults(func=_run)
