"""A validation report as the /validate page shows it: a worklist grouped by report section.

Each item says what is wrong (severity, message), where (focus node, property, value), why
(legal basis: citation and a link to the document part's /doc/ page) and which rule (a link to
its entry on /validate/rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from regiodeal.validation import Finding, Report
from regiodeal.validation.report import SECTION_LABELS, SECTIONS, grouped, shorten
from regiodeal.validation.rules import anchor

TEXTS = {
    "nl": {
        "title": "Deal valideren",
        "intro": "Controleer een nieuwe of gewijzigde Regio Deal (het ingevulde YAML-sjabloon, "
        "Turtle of JSON-LD) tegen de convenantregels. U krijgt een werklijst per onderdeel, met "
        "de grondslag van elke regel en, bij YAML, de regel in uw bestand.",
        "privacy": "Er wordt niets bewaard: uw bestand wordt alleen gelezen om dit rapport te "
        "maken, in een tijdelijke map die direct daarna wordt verwijderd.",
        "file": "Bestand (.yaml, .ttl, .jsonld)",
        "yaml": "YAML-sjabloon",
        "where_yaml": "in uw bestand",
        "guide": "Handleiding: het sjabloon invullen, valideren en het rapport lezen",
        "paste": "Of plak de tekst hier",
        "syntax": "Formaat",
        "auto": "automatisch",
        "submit": "Valideren",
        "rules": "Alle regels",
        "error": "Het bestand kan niet worden gelezen",
        "line": "regel",
        "column": "kolom",
        "empty": "Kies een bestand of plak een deal.",
        "no_findings": "Geen bevindingen.",
        "no_deal": "Er staat geen rd:RegioDeal in de invoer.",
        "deal": "deal",
        "rule": "regel",
        "basis": "grondslag",
        "focus": "knoop",
        "path": "eigenschap",
        "value": "waarde",
        "context": "context",
        "times": "keer",
        "also": "ook bij",
        "Violation": "Overtreding",
        "Warning": "Waarschuwing",
        "Info": "Info",
        "rules_title": "Regels voor Regio Deals",
        "rules_intro": "Elke regel (SHACL-vorm uit shapes/*.ttl) met ernst, melding en grondslag.",
        "description": "toelichting",
        "message": "melding",
        "api": "Via de API: POST /api/validate met Content-Type application/yaml, text/turtle "
        "of application/ld+json; antwoord in JSON, Turtle, CSV of HTML.",
    },
    "en": {
        "title": "Validate a deal",
        "intro": "Check a new or changed Regio Deal (the filled-in YAML template, Turtle or "
        "JSON-LD) against the covenant rules. You get a worklist per part of the deal, with the "
        "legal basis of every rule and, for YAML, the line in your file.",
        "privacy": "Nothing is stored: your file is only read to make this report, in a "
        "temporary directory removed right after.",
        "file": "File (.yaml, .ttl, .jsonld)",
        "yaml": "YAML template",
        "where_yaml": "in your file",
        "guide": "Guide: filling in the template, validating and reading the report",
        "paste": "Or paste the text here",
        "syntax": "Syntax",
        "auto": "automatic",
        "submit": "Validate",
        "rules": "All rules",
        "error": "The input cannot be read",
        "line": "line",
        "column": "column",
        "empty": "Choose a file or paste a deal.",
        "no_findings": "No findings.",
        "no_deal": "The input contains no rd:RegioDeal.",
        "deal": "deal",
        "rule": "rule",
        "basis": "legal basis",
        "focus": "focus node",
        "path": "property",
        "value": "value",
        "context": "context",
        "times": "times",
        "also": "also at",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "rules_title": "Rules for Regio Deals",
        "rules_intro": "Every rule (SHACL shape from shapes/*.ttl) with severity, message and "
        "legal basis.",
        "description": "description",
        "message": "message",
        "api": "Through the API: POST /api/validate with Content-Type application/yaml, "
        "text/turtle or application/ld+json; answer in JSON, Turtle, CSV or HTML.",
    },
}


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass
class WorkItem:
    severity: str
    message: str
    deal: str
    focus: str
    path: str
    value: str
    rule: Link
    rule_name: str
    rule_iri: str
    citation: str
    bases: list[Link]
    contextual: bool
    # a repeated finding: how often, and the other focus nodes (one card, not one per node)
    count: int = 1
    also: list[str] = field(default_factory=list)
    # a deal written as the YAML template: where in the file ("regel 12, kolom 7 (deal.id)")
    place: str = ""


@dataclass
class Section:
    key: str
    label: str
    items: list[WorkItem] = field(default_factory=list)


class Linker:
    """Links to this server: /doc/ pages for our IRIs, /validate/rules anchors for shapes."""

    def __init__(self, site_root: str, base_uri: str, lang: str) -> None:
        self.root = site_root
        self.id_base = base_uri + "id/"
        self.lang = lang

    def doc(self, iri: str) -> str:
        if not iri.startswith(self.id_base):
            return iri
        suffix = "?lang=en" if self.lang == "en" else ""
        return f"{self.root}doc/{iri[len(self.id_base) :]}{suffix}"

    def rule(self, iri: str) -> str:
        suffix = "?lang=en" if self.lang == "en" else ""
        return f"{self.root}validate/rules{suffix}#{anchor(iri)}"


def _value(finding: Finding) -> str:
    # SHACL reports the focus node as value when a SPARQL constraint binds none: not news.
    if finding.value is None or finding.value == finding.focus:
        return ""
    return shorten(finding.value) if finding.value.startswith("http") else finding.value


def work_item(
    finding: Finding, report: Report, lang: str, linker: Linker, group: list[Finding] | None = None
) -> WorkItem:
    group = group or [finding]
    return WorkItem(
        severity=finding.severity,
        message=finding.text("message", lang),
        deal=report.deals.get(finding.deal or "", "") if finding.deal else "",
        focus=shorten(finding.focus),
        path=shorten(finding.path) if finding.path else "",
        value=_value(finding),
        rule=Link(shorten(finding.shape), linker.rule(finding.shape)),
        rule_name=finding.text("shape_name", lang),
        rule_iri=finding.shape,
        citation=finding.text("citation", lang),
        bases=[Link(shorten(b), linker.doc(b)) for b in finding.legal_basis],
        contextual=finding.contextual,
        count=len(group),
        also=[shorten(f.focus) for f in group[1:]],
        place=yaml_place(group, lang),
    )


def yaml_place(group: list[Finding], lang: str) -> str:
    """ "regel 12, kolom 7 (budget.lines.0.rijk)"; for a repeated finding every line."""
    placed = [f for f in group if f.line is not None]
    if not placed:
        return ""
    words = TEXTS[lang]
    first = placed[0]
    text = f"{words['line']} {first.line}, {words['column']} {first.column} ({first.source_field})"
    others = sorted({f.line for f in placed[1:] if f.line is not None and f.line != first.line})
    if others:
        text += f"; {words['also']} {words['line']} " + ", ".join(str(n) for n in others)
    return text


def worklist(report: Report, lang: str, linker: Linker) -> list[Section]:
    """Findings grouped by section in the report's section order, violations first."""
    rank = {section: i for i, section in enumerate(SECTIONS)}
    ordered = sorted(
        report.findings,
        key=lambda f: (rank.get(f.section, len(SECTIONS)), f.severity != "Violation", f.focus),
    )
    labels = SECTION_LABELS[lang]
    return [
        Section(
            key,
            labels.get(key, key),
            [work_item(g[0], report, lang, linker, g) for g in grouped(list(items), lang)],
        )
        for key, items in groupby(ordered, key=lambda f: f.section)
    ]
