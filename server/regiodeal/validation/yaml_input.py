"""Validating a deal written as the YAML authoring template, with findings that point back to it.

The template (examples/new-deal.yaml, the input of `regiodeal new`) is checked field by field and
turned into a deal graph by regiodeal.authoring, which remembers for every node and fact the YAML
field it came from; after validation each finding gets that field and its line and column. A
problem in the YAML itself (syntax, a wrong type, an unknown field) is an InputError with one
Dutch and English message per problem, each with its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from regiodeal.settings import Settings, get_settings
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import Report, validate_graph
from regiodeal.validation.reading import InputError, read_file

if TYPE_CHECKING:
    from regiodeal.authoring.template import BuiltDeal

YAML_SUFFIXES = {".yaml", ".yml"}


def read_yaml_deal(name: str, data: bytes) -> BuiltDeal:
    """The deal graph and its YAML origins; InputError if the text is not a filled-in template."""
    # Imported here: the template's models and PyYAML take ~0.1 s, which a Turtle file does not
    # need (regiodeal validate deal.ttl, issue #16).
    from regiodeal.authoring.template import AuthoringError, build_deal

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, "the YAML file is not UTF-8 text") from exc
    try:
        return build_deal(text, name)
    except AuthoringError as exc:
        raise InputError.of_problems(name, exc.problems) from exc
    except RecursionError as exc:  # YAML nested deeper than the parser can follow
        raise InputError(name, "the YAML is nested too deeply") from exc


def locate(report: Report, built: BuiltDeal) -> Report:
    """Give each finding the YAML field, line and column it is about (where it has one)."""
    for finding in report.findings:
        found = built.locate(finding.focus, finding.path, finding.value, finding.deal)
        if found is not None:
            field, place = found
            finding.source_field = field
            finding.line, finding.column = place.line, place.column
    return report


def looks_like_yaml(data: bytes) -> bool:
    """A YAML template: its first line that is not a comment is a top-level `key:` alone
    (`deal:`); Turtle starts with @prefix, PREFIX, an IRI or a prefixed name and more."""
    for raw in data.splitlines()[:200]:
        line = raw.split(b"#", 1)[0].rstrip()
        if not line:
            continue
        return line[:1].isalpha() and line.endswith(b":") and b" " not in line
    return False


def validate_paths(
    paths: list[Path], context: PublishedContext | None = None, settings: Settings | None = None
) -> Report:
    """Like validate_files, but a .yaml/.yml file is read as the authoring template and the
    findings about it point to its lines; all files are validated together as one input."""
    settings = settings or get_settings()
    graph = Graph()
    built: list[BuiltDeal] = []
    for path in paths:
        if path.suffix.lower() not in YAML_SUFFIXES:
            read_file(path, graph, settings)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
        built.append(read_yaml_deal(str(path), data))
        graph += built[-1].graph
    report = validate_graph(graph, context, settings)
    for deal in built:
        locate(report, deal)
    report.files = [str(p) for p in paths]
    return report
