"""The report renderers on hand-made findings (no SHACL run): text layout, JSON, CSV, Turtle.

Fast, so that scripts/mutation_recheck.py can judge validation/report.py's mutants with it.
Every expected text is written out by hand from the layout the renderers promise: one block
per deal, sections in the fixed order, violations first, repeated findings as one card.
"""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from regiodeal.namespaces import ID, RD
from regiodeal.validation.engine import Finding, Report
from regiodeal.validation.report import render, severity_word, shorten

DEAL = str(ID) + "deal/a"
GOAL1, GOAL2 = str(ID) + "goal/1", str(ID) + "goal/2"
OUTSIDE = "https://example.org/x"


def finding(**fields: object) -> Finding:
    defaults: dict[str, object] = {
        "deal": DEAL,
        "section": "budget",
        "severity": "Violation",
        "shape": str(RD) + "AmountShape",
        "shape_name": {"nl": "Bedrag", "en": "Amount"},
        "message": {"nl": "Bedrag ontbreekt", "en": "Amount missing"},
        "focus": str(ID) + "budget/1",
        "path": str(RD) + "amount",
        "value": "12,5",
        "legal_basis": (str(ID) + "art/3",),
        "citation": {"nl": "art. 3 lid 1", "en": "art. 3(1)"},
        "contextual": False,
    }
    return Finding(**{**defaults, **fields})  # type: ignore[arg-type]


def goal(focus: str) -> Finding:
    return finding(
        section="provenance",
        severity="Warning",
        shape=str(RD) + "SourceShape",
        shape_name={"": "Bron"},
        message={"": f"{focus} heeft geen bron"},
        focus=focus,
        path=None,
        value=None,
        legal_basis=(),
        citation={},
    )


CONTEXT = finding(
    deal=None,
    section="context",
    shape=str(RD) + "ContextShape",
    shape_name={"nl": "Context"},
    message={"nl": "Buiten bereik"},
    focus=OUTSIDE,
    path=None,
    value=OUTSIDE,  # the focus as value: SHACL's way of binding none, shown as "-"
    legal_basis=(),
    citation={"nl": "bijlage"},
    contextual=True,
    source_field="budget.amount",
    line=4,
    column=7,
)
# The warnings come first in the list: the text puts the deal's violation before them.
REPORT = Report(
    findings=[goal(GOAL1), goal(GOAL2), finding(), CONTEXT],
    deals={DEAL: "Regio Deal A"},
    files=["deal.ttl"],
)

TEXT_NL = """\
Regio Deal A id:deal/a
  begroting
    [Overtreding] Bedrag ontbreekt
        knoop: id:budget/1   eigenschap: rd:amount   waarde: '12,5'
        regel: rd:AmountShape - Bedrag
        grondslag: art. 3 lid 1 id:art/3
  herkomst
    [Waarschuwing] https://w3id.org/regiodeal/id/goal/1 heeft geen bron
        knoop: id:goal/1   eigenschap: -   waarde: -
        regel: rd:SourceShape - Bron
        grondslag: \n\
        2 keer, bij: id:goal/1, id:goal/2

(niet bij een deal)
  context (gepubliceerde graaf en referentiedata)
    [Overtreding] (context) Buiten bereik
        in het bestand: regel 4, kolom 7 (budget.amount)
        knoop: <https://example.org/x>   eigenschap: -   waarde: -
        regel: rd:ContextShape - Context
        grondslag: bijlage

2 overtreding(en), 2 waarschuwing(en) in 1 deal(s): NIET goedgekeurd: er zijn overtredingen
SHACL sh:conforms: false (onwaar bij elke bevinding, ook een waarschuwing)
"""


def test_text_report_in_dutch() -> None:
    assert render(REPORT, "text", "nl") == TEXT_NL


def test_text_report_in_english_and_passing() -> None:
    report = Report(findings=[goal(GOAL1)], deals={DEAL: "Deal A"})
    assert render(report, "text", "en") == (
        "Deal A id:deal/a\n"
        "  provenance\n"
        "    [Warning] https://w3id.org/regiodeal/id/goal/1 heeft geen bron\n"
        "        focus: id:goal/1   path: -   value: -\n"
        "        rule: rd:SourceShape - Bron\n"
        "        legal basis: \n"
        "\n"
        "0 violation(s), 1 warning(s) in 1 deal(s): passes: no violations (warnings allowed)\n"
        "SHACL sh:conforms: false (false with any result, a warning too)\n"
    )
    assert render(Report(), "text", "en") == (
        "0 violation(s), 0 warning(s) in 0 deal(s): passes: no violations (warnings allowed)\n"
        "SHACL sh:conforms: true (false with any result, a warning too)\n"
    )


def test_sections_in_their_fixed_order_unknown_last() -> None:
    findings = [
        finding(section="odd", message={"nl": "vreemd"}),
        finding(section="dates", message={"nl": "datum"}),
        finding(section="identity", message={"nl": "naam"}),
        finding(section="dates", severity="Warning", message={"nl": "datum later"}),
    ]
    text = render(Report(findings=findings, deals={DEAL: "A"}), "text", "nl")
    order = [text.index(word) for word in ("identiteit en status", "  data", "  odd")]
    assert order == sorted(order)
    assert text.index("] datum\n") < text.index("] datum later\n")
    # A deal without a label: its IRI stands for it.
    unlabeled = render(Report(findings=[finding()]), "text", "nl")
    assert unlabeled.startswith(f"{DEAL} id:deal/a\n")
    assert unlabeled.endswith(
        "in 0 deal(s): NIET goedgekeurd: er zijn overtredingen\n"
        + ("SHACL sh:conforms: false (onwaar bij elke bevinding, ook een waarschuwing)\n")
    )


def test_single_findings_before_repeated_ones_violations_first() -> None:
    findings = [goal(GOAL1), goal(GOAL2), finding(section="provenance", severity="Warning")]
    text = render(Report(findings=findings, deals={DEAL: "A"}), "text", "nl")
    assert text.index("Bedrag ontbreekt") < text.index("heeft geen bron")
    mixed = [finding(severity="Warning", message={"nl": "w"}), finding(message={"nl": "v"})]
    text = render(Report(findings=mixed, deals={DEAL: "A"}), "text", "nl")
    assert text.index("[Overtreding] v") < text.index("[Waarschuwing] w")
    # Differing only in the value: still one card (the key is shape, severity, path, message).
    same = [finding(focus=GOAL1, value="1"), finding(focus=GOAL2, value="2")]
    text = render(Report(findings=same, deals={DEAL: "A"}), "text", "nl")
    assert text.count("Bedrag ontbreekt") == 1 and "2 keer, bij: id:goal/1, id:goal/2" in text
    # Different paths: two cards.
    paths = [finding(path=str(RD) + "a"), finding(path=str(RD) + "b")]
    text = render(Report(findings=paths, deals={DEAL: "A"}), "text", "nl")
    assert text.count("Bedrag ontbreekt") == 2 and "keer" not in text


def test_shorten() -> None:
    assert shorten(None) == "-"
    assert shorten(str(RD) + "Goal") == "rd:Goal"
    assert shorten("https://identifier.overheid.nl/tooi/id/gemeente/gm0503") == "gemeente:gm0503"
    assert shorten(str(ID) + "deal/a") == "id:deal/a"
    # A slash after the namespace: not a prefixed name.
    assert shorten(str(RD) + "a/b") == "<https://w3id.org/regiodeal/def#a/b>"
    assert shorten("https://example.org/x") == "<https://example.org/x>"
    assert shorten("urn:isbn:1") == "urn:isbn:1"


def test_value_shown_by_kind() -> None:
    iri = render(Report(findings=[finding(value=str(RD) + "Goal")]), "text", "en")
    assert "value: rd:Goal\n" in iri
    plain = render(Report(findings=[finding(value="x'y")]), "text", "en")
    assert 'value: "x\'y"\n' in plain


EXPECTED_DICTS = [
    {
        "deal": DEAL,
        "section": "provenance",
        "severity": "Warning",
        "severity_label": "Warning",
        "context": False,
        "shape": str(RD) + "SourceShape",
        "rule": "Bron",
        "message": f"{GOAL1} heeft geen bron",
        "focus": GOAL1,
        "path": None,
        "value": None,
        "component": None,
        "legal_basis": [],
        "citation": "",
        "yaml_field": None,
        "line": None,
        "column": None,
    },
    {
        "deal": None,
        "section": "context",
        "severity": "Violation",
        "severity_label": "Violation",
        "context": True,
        "shape": str(RD) + "ContextShape",
        "rule": "Context",
        "message": "Buiten bereik",
        "focus": OUTSIDE,
        "path": None,
        "value": OUTSIDE,
        "component": None,
        "legal_basis": [],
        "citation": "bijlage",
        "yaml_field": "budget.amount",
        "line": 4,
        "column": 7,
    },
]


def test_json_report() -> None:
    report = Report(findings=[goal(GOAL1), CONTEXT], deals={DEAL: "Deal A"}, files=["a.ttl"])
    text = render(report, "json", "en")
    assert text.endswith("}\n") and '\n  "conforms": false,' in text  # indented, one key a line
    assert json.loads(text) == {
        "conforms": False,
        "passes": False,
        "violations": 1,
        "warnings": 1,
        "files": ["a.ttl"],
        "deals": {DEAL: "Deal A"},
        "findings": EXPECTED_DICTS,
    }
    assert '"message": "Buiten bereik"' in render(report, "json", "nl")
    assert "é" in render(Report(findings=[goal("café")]), "json", "nl")  # UTF-8, not \u00e9


def test_csv_report() -> None:
    report = Report(findings=[finding(component=str(SH) + "DatatypeConstraintComponent"), CONTEXT])
    text = render(report, "csv", "en")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "deal", "section", "severity", "severity_label", "context", "shape", "rule", "message",
        "focus", "path", "value", "component", "legal_basis", "citation", "yaml_field", "line",
        "column",
    ]  # fmt: skip
    assert rows[1] == [
        DEAL, "budget", "Violation", "Violation", "False", str(RD) + "AmountShape", "Amount",
        "Amount missing", str(ID) + "budget/1", str(RD) + "amount", "12,5",
        str(SH) + "DatatypeConstraintComponent", str(ID) + "art/3", "art. 3(1)", "", "", "",
    ]  # fmt: skip
    assert rows[2][4] == "True" and rows[2][-3:] == ["budget.amount", "4", "7"]
    assert len(rows) == 3 and "\r" not in text and text.endswith("7\n")
    two = render(Report(findings=[finding(legal_basis=("urn:a", "urn:b"))]), "csv", "nl")
    assert list(csv.reader(io.StringIO(two)))[1][12] == "urn:a urn:b"
    assert list(csv.reader(io.StringIO(two)))[1][3] == "Overtreding"


def result_of(graph: Graph, focus: URIRef | Literal) -> URIRef | BNode:
    (result,) = graph.subjects(SH.focusNode, focus)
    return result  # type: ignore[return-value]


def test_turtle_report() -> None:
    typed = finding(value="12.5", value_datatype=str(XSD.decimal), component=str(SH) + "X")
    tagged = finding(focus="urn:t", value="hallo", value_lang="nl", message={"": "m", "en": "e"})
    blank = finding(focus="https://example.org/b", value="_:n1", path=None)
    plain = finding(focus="local", value="urn:v", legal_basis=("urn:a", "urn:b"))
    report = Report(findings=[typed, tagged, blank, plain, CONTEXT])
    text = render(report, "turtle", "nl")
    assert "@prefix rd: <https://w3id.org/regiodeal/def#> ." in text
    assert "@prefix sh: <http://www.w3.org/ns/shacl#> ." in text
    graph = Graph().parse(data=text, format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    assert len(set(graph.objects(node, SH.result))) == 5
    assert len(set(graph.subjects(RDF.type, SH.ValidationResult))) == 5

    first = result_of(graph, URIRef(str(ID) + "budget/1"))
    assert graph.value(first, SH.resultSeverity) == SH.Violation
    assert graph.value(first, SH.sourceShape) == URIRef(str(RD) + "AmountShape")
    assert graph.value(first, SH.sourceConstraintComponent) == URIRef(str(SH) + "X")
    assert graph.value(first, SH.resultPath) == URIRef(str(RD) + "amount")
    assert graph.value(first, SH.value) == Literal("12.5", datatype=XSD.decimal)
    assert set(graph.objects(first, SH.resultMessage)) == {
        Literal("Bedrag ontbreekt", lang="nl"),
        Literal("Amount missing", lang="en"),
    }
    assert graph.value(first, RD.reportSection) == Literal("budget")
    assert graph.value(first, RD.contextual) == Literal(False, datatype=XSD.boolean)
    assert graph.value(first, RD.legalBasis) == URIRef(str(ID) + "art/3")
    assert graph.value(first, RD.sourceLine) is None

    second = result_of(graph, URIRef("urn:t"))
    assert graph.value(second, SH.value) == Literal("hallo", lang="nl")
    assert set(graph.objects(second, SH.resultMessage)) == {Literal("m"), Literal("e", lang="en")}
    assert graph.value(second, SH.sourceConstraintComponent) is None

    third = result_of(graph, URIRef("https://example.org/b"))
    assert isinstance(graph.value(third, SH.value), BNode)
    assert graph.value(third, SH.resultPath) is None

    fourth = result_of(graph, Literal("local"))  # not an IRI: the focus as a literal
    assert graph.value(fourth, SH.value) == URIRef("urn:v")
    assert set(graph.objects(fourth, RD.legalBasis)) == {URIRef("urn:a"), URIRef("urn:b")}

    context = result_of(graph, URIRef(OUTSIDE))
    assert graph.value(context, RD.contextual) == Literal(True, datatype=XSD.boolean)
    assert graph.value(context, RD.sourceLine) == Literal(4)
    assert graph.value(context, RD.sourceColumn) == Literal(7)
    assert graph.value(context, RD.sourceField) == Literal("budget.amount")
    assert graph.value(context, SH.value) == URIRef(OUTSIDE)

    empty = Graph().parse(data=render(Report(), "turtle", "en"), format="turtle")
    assert set(empty.objects(None, SH.conforms)) == {Literal(True)}
    assert set(empty.objects(None, SH.result)) == set()


def test_defaults_are_the_dutch_text_report() -> None:
    # `regiodeal validate` without --format and --lang: the text report in Dutch
    assert render(REPORT) == TEXT_NL


def test_severity_words_fall_back_to_english_and_to_the_name() -> None:
    # a language without words gets the English ones; an unknown severity is shown as it is
    assert severity_word("Violation", "de") == "Violation"
    assert severity_word("Warning", "nl") == "Waarschuwing"
    assert severity_word("Debug", "nl") == "Debug"


def test_json_findings_in_the_language_asked() -> None:
    # finding() has a message and a shape name in both languages (nl "Bedrag ontbreekt")
    report = Report(findings=[finding()], deals={DEAL: "Deal A"}, files=["a.ttl"])
    (english,) = json.loads(render(report, "json", "en"))["findings"]
    (dutch,) = json.loads(render(report, "json", "nl"))["findings"]
    assert (english["message"], english["severity_label"]) == ("Amount missing", "Violation")
    assert (dutch["message"], dutch["severity_label"]) == ("Bedrag ontbreekt", "Overtreding")


def test_text_finding_in_english_with_two_legal_bases() -> None:
    # finding() carries nl and en texts: the English report shows the English message, shape name
    # and citation; two legal bases are listed with a space between them
    two = finding(legal_basis=(str(ID) + "art/3", str(ID) + "art/4"))
    text = render(Report(findings=[two], deals={DEAL: "Deal A"}), "text", "en")
    assert "    [Violation] Amount missing\n" in text
    assert "        rule: rd:AmountShape - Amount\n" in text
    assert "        legal basis: art. 3(1) id:art/3 id:art/4\n" in text


def test_an_http_value_is_an_iri_in_the_turtle_report() -> None:
    # http:// as well as https:// and urn: values are IRIs (sh:value), other text a literal
    plain_http = finding(value="http://example.org/y")
    graph = Graph().parse(data=render(Report(findings=[plain_http]), "turtle", "nl"))
    assert URIRef("http://example.org/y") in set(graph.objects(None, SH.value))


def test_findings_with_other_messages_are_separate_cards() -> None:
    # same rule, severity and property, but a message that differs in more than the focus node:
    # two cards, not one card "2 times"
    first = finding(focus=str(ID) + "budget/1", message={"nl": "Bedrag ontbreekt"})
    second = finding(focus=str(ID) + "budget/2", message={"nl": "Bedrag is negatief"})
    text = render(Report(findings=[first, second], deals={DEAL: "Deal A"}), "text", "nl")
    assert "[Overtreding] Bedrag ontbreekt\n" in text
    assert "[Overtreding] Bedrag is negatief\n" in text
    assert "keer, bij:" not in text
