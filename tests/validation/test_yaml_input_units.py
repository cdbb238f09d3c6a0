"""validation/yaml_input.py without a SHACL run: reading the template, pointing findings at its
lines, recognising YAML, and validate_paths with the engine replaced by a stand-in that returns
a report written here.

Lines and columns are counted by hand in PROEF (1-based; the column is where the key starts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from regiodeal.authoring import template
from regiodeal.settings import Settings
from regiodeal.validation import yaml_input
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import Finding, Report
from regiodeal.validation.reading import InputError
from regiodeal.validation.yaml_input import locate, looks_like_yaml, read_yaml_deal, validate_paths

PROEF = """deal:
  id: proef
  name: Regio Deal Proef
  status: aanvraag
  start_date: 2025-01-01
  end_date: 2024-12-31
document:
  title: Aanvraag Regio Deal Proef
parties:
  regional: [gemeente:gm0503]
"""
DEAL = "https://w3id.org/regiodeal/id/regiodeal/proef"
RD = "https://w3id.org/regiodeal/def#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def finding(
    focus: str, path: str | None = None, value: str | None = None, deal: str | None = None
) -> Finding:
    return Finding(
        deal=deal,
        section="dates",
        severity="Violation",
        shape=RD + "EndAfterStartShape",
        shape_name={},
        message={"en": "m"},
        focus=focus,
        path=path,
        value=value,
        legal_basis=(),
        citation={},
        contextual=False,
    )


def test_template_is_read_into_a_deal_graph() -> None:
    built = read_yaml_deal("p.yaml", PROEF.encode())
    labels = set(built.graph.objects(URIRef(DEAL), URIRef(LABEL)))
    assert [str(label) for label in labels] == ["Regio Deal Proef"]


def test_unreadable_templates_are_input_errors() -> None:
    with pytest.raises(InputError) as caught:
        read_yaml_deal("p.yaml", b"deal:\n  name: \xff\n")
    assert str(caught.value) == "p.yaml: the YAML file is not UTF-8 text"
    with pytest.raises(InputError) as caught:
        read_yaml_deal("p.yaml", b"deal:\n  idd: proef\n")
    # the first problem (a missing id, placed at its group "deal:" on line 1) leads
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "deal.id: this required field is missing",
        1,
        1,
    )
    assert len(caught.value.problems) > 1


def test_too_deep_yaml_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(text: str, name: str) -> object:
        raise RecursionError

    # imported when first needed (the CLI's other commands do not load the authoring code)
    monkeypatch.setattr(template, "build_deal", deep)
    with pytest.raises(InputError) as caught:
        read_yaml_deal("p.yaml", b"deal:\n")
    assert str(caught.value) == "p.yaml: the YAML is nested too deeply"


def test_findings_get_the_field_line_and_column_they_are_about() -> None:
    built = read_yaml_deal("p.yaml", PROEF.encode())
    fact = finding(DEAL, RD + "endDate", "2024-12-31")  # line 6: "  end_date: ..."
    node = finding(DEAL)  # the deal node itself: "deal:" on line 1
    by_deal = finding("https://example.org/elsewhere", deal=DEAL)  # only its deal is known
    unknown = finding("https://example.org/elsewhere")
    report = Report(findings=[fact, node, by_deal, unknown])
    assert locate(report, built) is report
    assert (fact.source_field, fact.line, fact.column) == ("deal.end_date", 6, 3)
    assert (node.source_field, node.line, node.column) == ("deal", 1, 1)
    assert (by_deal.source_field, by_deal.line, by_deal.column) == ("deal", 1, 1)
    assert (unknown.source_field, unknown.line, unknown.column) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"deal:\n  id: x\n", True),
        (b"# a comment\n\n   \ndeal:   # the deal\n", True),
        (b"deal: proef\n", False),  # a key with a value on its line: not the template's start
        (b"  deal:\n", False),  # indented
        (b"@prefix rd: <https://w3id.org/regiodeal/def#> .\n", False),
        (b"rd:x a rd:RegioDeal .\n", False),
        (b"PREFIX rd:\n", False),  # a space in it
        (b"<x>:\n", False),  # does not start with a letter
        (b"deal\n", False),  # no colon
        (b"", False),
        (b"# only a comment\n", False),
        (b"\n" * 199 + b"deal:\n", True),  # line 200: still looked at
        (b"\n" * 200 + b"deal:\n", False),  # line 201: not
    ],
)
def test_yaml_is_recognised_by_its_first_line(text: bytes, expected: bool) -> None:
    assert looks_like_yaml(text) is expected


def test_validate_paths_reads_yaml_and_turtle_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "proef.YML").write_text(PROEF, encoding="utf-8")
    (tmp_path / "extra.ttl").write_text(
        "<https://example.org/a> <https://example.org/p> 1 .\n", encoding="utf-8"
    )
    seen: list[tuple[Graph, object, object]] = []
    fact = finding(DEAL, RD + "startDate", "2025-01-01")  # line 5

    def engine(graph: Graph, context: object, settings: object) -> Report:
        seen.append((graph, context, settings))
        return Report(findings=[fact])

    monkeypatch.setattr(yaml_input, "validate_graph", engine)
    context = object()
    settings = Settings()
    paths = [tmp_path / "extra.ttl", tmp_path / "proef.YML"]
    report = validate_paths(paths, context, settings)  # type: ignore[arg-type]
    [(graph, given_context, given_settings)] = seen
    assert given_context is context and given_settings is settings
    assert (URIRef("https://example.org/a"), None, None) in graph  # the Turtle file
    assert (URIRef(DEAL), URIRef(LABEL), None) in graph  # and the YAML deal, in one graph
    assert report.files == [str(tmp_path / "extra.ttl"), str(tmp_path / "proef.YML")]
    assert (fact.source_field, fact.line, fact.column) == ("deal.start_date", 5, 3)


def test_validate_paths_default_settings_and_unreadable_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []

    def engine(graph: Graph, context: PublishedContext | None, settings: Settings) -> Report:
        seen.append(settings)
        return Report()

    monkeypatch.setattr(yaml_input, "validate_graph", engine)
    (tmp_path / "a.yaml").write_text(PROEF, encoding="utf-8")
    validate_paths([tmp_path / "a.yaml"])
    assert isinstance(seen[0], Settings)
    folder = tmp_path / "map.yaml"  # a directory with a YAML name
    folder.mkdir()
    with pytest.raises(InputError) as caught:
        validate_paths([folder])
    assert str(caught.value) == f"{folder}: cannot read file: Is a directory"


TWO_PARTIES = """deal:
  id: proef
  name: Regio Deal Proef
  status: aanvraag
document:
  title: Aanvraag Regio Deal Proef
parties:
  regional:
    - gemeente:gm0503
    - gemeente:gm0599
"""
# line 10, column 7: the second item of parties.regional


def test_a_finding_about_one_value_of_a_list_points_to_that_item() -> None:
    built = read_yaml_deal("p.yaml", TWO_PARTIES.encode())
    second = finding(
        DEAL,
        RD + "regionalParty",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0599",
    )
    locate(Report(findings=[second]), built)
    assert (second.source_field, second.line, second.column) == ("parties.regional.1", 10, 7)


def test_the_file_name_goes_with_the_deal_and_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = read_yaml_deal("mijn-proef.yaml", TWO_PARTIES.encode())
    source = URIRef("http://purl.org/dc/terms/source")
    document = URIRef("https://w3id.org/regiodeal/id/document/invoer-proef")
    assert [str(o) for o in built.graph.objects(document, source)] == ["mijn-proef.yaml"]
    with pytest.raises(InputError) as caught:
        read_yaml_deal("p.yaml", b"deal:\n  idd: proef\n")
    assert caught.value.path == "p.yaml"
    # through validate_paths: the file's name is its path
    graphs: list[Graph] = []

    def engine(graph: Graph, context: object, settings: object) -> Report:
        graphs.append(graph)
        return Report()

    monkeypatch.setattr(yaml_input, "validate_graph", engine)
    (tmp_path / "proef.yaml").write_text(TWO_PARTIES, encoding="utf-8")
    validate_paths([tmp_path / "proef.yaml"])
    assert [str(o) for o in graphs[0].objects(document, source)] == ["proef.yaml"]


def test_validate_paths_passes_the_settings_to_the_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_input, "validate_graph", lambda graph, context, settings: Report())
    local = tmp_path / "ctx.jsonld"
    local.write_text('{"p": "https://example.org/p"}', encoding="utf-8")
    settings = Settings(jsonld_context_allowlist={"https://example.org/ctx": local})
    deal = tmp_path / "deal.jsonld"
    deal.write_text(
        '{"@context": "https://example.org/ctx", "@id": "https://example.org/a", "p": 1}',
        encoding="utf-8",
    )
    assert validate_paths([deal], None, settings).files == [str(deal)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"deal: # een # twee\n", True),  # the comment starts at the first '#'
        (b"x:\n", True),  # a key of one letter
    ],
)
def test_yaml_start_edge_cases(text: bytes, expected: bool) -> None:
    assert looks_like_yaml(text) is expected
