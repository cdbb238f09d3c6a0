"""Rendering a validation report as text (grouped by deal and section), JSON, CSV or Turtle."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from itertools import groupby
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from regiodeal.namespaces import ID, RD
from regiodeal.store.turtle import stable_prefixes
from regiodeal.validation.engine import Finding, Report
from regiodeal.validation.wording import SEVERITY_WORDS

SECTIONS = (
    "identity",
    "parties",
    "budget",
    "goals",
    "results",
    "clauses",
    "dates",
    "provenance",
    "structure",
    "context",
)
SECTION_LABELS = {
    "nl": {
        "identity": "identiteit en status",
        "parties": "partijen",
        "budget": "begroting",
        "goals": "doelen en interventies",
        "results": "beoogde resultaten",
        "clauses": "bepalingen",
        "dates": "data",
        "provenance": "herkomst",
        "structure": "structuur",
        "context": "context (gepubliceerde graaf en referentiedata)",
    },
    "en": {
        "identity": "identity and status",
        "parties": "parties",
        "budget": "budget",
        "goals": "goals and interventions",
        "results": "intended results",
        "clauses": "clauses",
        "dates": "dates",
        "provenance": "provenance",
        "structure": "structure",
        "context": "context (published graph and reference data)",
    },
}
WORDS = {
    "nl": {
        "focus": "knoop",
        "path": "eigenschap",
        "value": "waarde",
        "rule": "regel",
        "basis": "grondslag",
        "no_deal": "(niet bij een deal)",
        "context": "context",
        "summary": "{v} overtreding(en), {w} waarschuwing(en) in {d} deal(s)",
        "ok": "goedgekeurd: geen overtredingen (waarschuwingen toegestaan)",
        "not_ok": "NIET goedgekeurd: er zijn overtredingen",
        "conforms": "SHACL sh:conforms: {c} (onwaar bij elke bevinding, ook een waarschuwing)",
        "times": "{n} keer, bij: {nodes}",
        "at": "in het bestand: regel {line}, kolom {column} ({field})",
    },
    "en": {
        "focus": "focus",
        "path": "path",
        "value": "value",
        "rule": "rule",
        "basis": "legal basis",
        "no_deal": "(not part of a deal)",
        "context": "context",
        "summary": "{v} violation(s), {w} warning(s) in {d} deal(s)",
        "ok": "passes: no violations (warnings allowed)",
        "not_ok": "does NOT pass: there are violations",
        "conforms": "SHACL sh:conforms: {c} (false with any result, a warning too)",
        "times": "{n} times, at: {nodes}",
        "at": "in the file: line {line}, column {column} ({field})",
    },
}


def shorten(iri: str | None) -> str:
    """A compact name for an IRI: a known prefix, `id:` for our own IRIs, else <iri>."""
    if iri is None:
        return "-"
    for prefix, namespace in sorted(stable_prefixes().items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(str(ID)):
        return f"id:{iri[len(str(ID)) :]}"
    return iri if not iri.startswith("http") else f"<{iri}>"


def render(report: Report, fmt: str = "text", lang: str = "nl") -> str:
    renderers: dict[str, Callable[[Report, str], str]] = {
        "text": render_text,
        "json": render_json,
        "csv": render_csv,
        "turtle": render_turtle,
    }
    return renderers[fmt](report, lang)


def render_text(report: Report, lang: str) -> str:
    words = WORDS[lang]
    lines: list[str] = []
    by_deal = groupby(report.findings, key=lambda f: f.deal)
    for deal, findings in by_deal:
        title = f"{report.deals.get(deal, deal)} {shorten(deal)}" if deal else words["no_deal"]
        lines.append(title)
        # by section only: within a section grouped() puts violations first
        ordered = sorted(findings, key=lambda f: _section_rank(f.section))
        for section, items in groupby(ordered, key=lambda f: f.section):
            lines.append(f"  {SECTION_LABELS[lang].get(section, section)}")
            lines.extend(_text_group(group, lang) for group in grouped(list(items), lang))
        lines.append("")
    lines.append(_summary(report, lang))
    return "\n".join(lines) + "\n"


def _section_rank(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


def grouped(findings: list[Finding], lang: str) -> list[list[Finding]]:
    """Repeated findings as one group: the same rule, severity, property and message but for
    the focus node (31 blank nodes with the same provenance defect are one card). Single
    defects come first, then the repeated ones; violations before warnings."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in findings:
        message = finding.text("message", lang).replace(finding.focus, "")
        key = (finding.shape, finding.severity, finding.path or "", message)
        groups.setdefault(key, []).append(finding)
    return sorted(groups.values(), key=lambda g: (g[0].severity != "Violation", len(g) > 1))


def _text_group(group: list[Finding], lang: str) -> str:
    text = _text_finding(group[0], lang)
    if len(group) == 1:
        return text
    nodes = ", ".join(shorten(f.focus) for f in group)
    return text + "\n        " + WORDS[lang]["times"].format(n=len(group), nodes=nodes)


def severity_word(severity: str, lang: str) -> str:
    return SEVERITY_WORDS.get(lang, SEVERITY_WORDS["en"]).get(severity, severity)


def _text_finding(finding: Finding, lang: str) -> str:
    words = WORDS[lang]
    flag = f" ({words['context']})" if finding.contextual else ""
    basis = finding.text("citation", lang)
    if finding.legal_basis:
        basis += " " + " ".join(shorten(b) for b in finding.legal_basis)
    where = (
        f"{words['focus']}: {shorten(finding.focus)}   {words['path']}: {shorten(finding.path)}"
        f"   {words['value']}: {_value(finding)}"
    )
    rule = f"{shorten(finding.shape)} - {finding.text('shape_name', lang)}"
    place = []
    if finding.line is not None:
        place.append(
            "        "
            + words["at"].format(
                line=finding.line, column=finding.column, field=finding.source_field
            )
        )
    return "\n".join(
        [
            f"    [{severity_word(finding.severity, lang)}]{flag} {finding.text('message', lang)}",
            *place,
            f"        {where}",
            f"        {words['rule']}: {rule}",
            f"        {words['basis']}: {basis}",
        ]
    )


def _value(finding: Finding) -> str:
    # SHACL reports the focus node as value when a SPARQL constraint binds none: not news.
    value = finding.value
    if value is None or value == finding.focus:
        return "-"
    return shorten(value) if value.startswith("http") else repr(value)


def _summary(report: Report, lang: str) -> str:
    words = WORDS[lang]
    counts = words["summary"].format(
        v=len(report.violations), w=len(report.warnings), d=len(report.deals)
    )
    verdict = words["ok"] if report.passes else words["not_ok"]
    conforms = words["conforms"].format(c=str(report.conforms).lower())
    return f"{counts}: {verdict}\n{conforms}"


def as_dicts(report: Report, lang: str) -> list[dict[str, object]]:
    return [
        {
            "deal": f.deal,
            "section": f.section,
            "severity": f.severity,
            "severity_label": severity_word(f.severity, lang),
            "context": f.contextual,
            "shape": f.shape,
            "rule": f.text("shape_name", lang),
            "message": f.text("message", lang),
            "focus": f.focus,
            "path": f.path,
            "value": f.value,
            "component": f.component,
            "legal_basis": list(f.legal_basis),
            "citation": f.text("citation", lang),
            # a deal written as the YAML template: the field and place in that file
            "yaml_field": f.source_field,
            "line": f.line,
            "column": f.column,
        }
        for f in report.findings
    ]


def render_json(report: Report, lang: str) -> str:
    document = {
        "conforms": report.conforms,  # SHACL: false with any result
        "passes": report.passes,  # no violations (exit code 0)
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "files": report.files,
        "deals": report.deals,
        "findings": as_dicts(report, lang),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: Report, lang: str) -> str:
    out = io.StringIO()
    columns = [
        "deal",
        "section",
        "severity",
        "severity_label",
        "context",
        "shape",
        "rule",
        "message",
        "focus",
        "path",
        "value",
        "component",
        "legal_basis",
        "citation",
        "yaml_field",
        "line",
        "column",
    ]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in as_dicts(report, lang):
        row["legal_basis"] = " ".join(row["legal_basis"])  # type: ignore[arg-type]
        writer.writerow(row)
    return out.getvalue()


def render_turtle(report: Report, lang: str) -> str:
    """A sh:ValidationReport; each result also carries section, context flag and legal basis."""
    graph = Graph()
    for prefix, namespace in stable_prefixes().items():
        graph.bind(prefix, namespace)
    graph.bind("sh", SH)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms)))
    for finding in report.findings:
        result = BNode()
        graph.add((node, SH.result, result))
        _result_triples(graph, result, finding)
    return graph.serialize(format="turtle")


def _result_triples(graph: Graph, result: BNode, finding: Finding) -> None:
    graph.add((result, RDF.type, SH.ValidationResult))
    graph.add((result, SH.resultSeverity, SH[finding.severity]))
    graph.add((result, SH.focusNode, _term(finding.focus)))
    graph.add((result, SH.sourceShape, URIRef(finding.shape)))
    if finding.component:
        graph.add((result, SH.sourceConstraintComponent, URIRef(finding.component)))
    if finding.path:
        graph.add((result, SH.resultPath, URIRef(finding.path)))
    if finding.value is not None:
        graph.add((result, SH.value, _value_term(finding)))
    for language, text in finding.message.items():
        graph.add((result, SH.resultMessage, Literal(text, lang=language or None)))
    graph.add((result, RD.reportSection, Literal(finding.section)))
    graph.add((result, RD.contextual, Literal(finding.contextual, datatype=XSD.boolean)))
    for basis in finding.legal_basis:
        graph.add((result, RD.legalBasis, URIRef(basis)))
    if finding.line is not None:
        graph.add((result, RD.sourceLine, Literal(finding.line)))
        graph.add((result, RD.sourceColumn, Literal(finding.column)))
        graph.add((result, RD.sourceField, Literal(finding.source_field)))


def _value_term(finding: Finding) -> URIRef | BNode | Literal:
    """sh:value as it was: a literal keeps its datatype or language, a blank node stays one."""
    text = cast(str, finding.value)
    if finding.value_datatype:
        return Literal(text, datatype=URIRef(finding.value_datatype))
    if finding.value_lang:
        return Literal(text, lang=finding.value_lang)
    if text.startswith("_:"):
        return BNode(text[2:])
    return _term(text)


def _term(text: str) -> URIRef | Literal:
    return URIRef(text) if text.startswith(("http://", "https://", "urn:")) else Literal(text)
