"""The /validate worklist (validation/worklist.py) and the rules page (validation/rules.py) as
data, without a SHACL run: a hand-made report becomes the sections and cards written out here,
and the rules of shapes/*.ttl are compared with a table read by hand from those files.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from regiodeal.settings import get_settings
from regiodeal.validation.engine import Finding, Report
from regiodeal.validation.rules import Rule, anchor, rules
from regiodeal.validation.shapes import load_shapes
from regiodeal.validation.worklist import (
    TEXTS,
    Link,
    Linker,
    Section,
    WorkItem,
    work_item,
    worklist,
    yaml_place,
)

RD = "https://w3id.org/regiodeal/def#"
ID = "https://w3id.org/regiodeal/id/"
SITE = "https://site.example/regiodeal/"
DEAL = ID + "regiodeal/proef"


def finding(
    section: str = "dates",
    severity: str = "Violation",
    focus: str = DEAL,
    shape: str = RD + "EndAfterStartShape",
    message: str = "fout",
    **fields: object,
) -> Finding:
    values: dict[str, object] = {
        "deal": DEAL,
        "section": section,
        "severity": severity,
        "shape": shape,
        "shape_name": {"nl": "Regel", "en": "Rule"},
        "message": {"nl": message, "en": message + " (en)"},
        "focus": focus,
        "path": RD + "startDate",
        "value": "2025-01-01",
        "legal_basis": (),
        "citation": {"nl": "Convenant", "en": "Covenant"},
        "contextual": False,
    }
    values.update(fields)
    return Finding(**values)  # type: ignore[arg-type]


# ------------------------------------------------------------------ links


def test_links_go_to_doc_pages_and_rule_anchors() -> None:
    dutch = Linker(SITE, "https://w3id.org/regiodeal/", "nl")
    english = Linker(SITE, "https://w3id.org/regiodeal/", "en")
    part = ID + "document/convenant-delft-west/artikel-4"
    assert dutch.doc(part) == SITE + "doc/document/convenant-delft-west/artikel-4"
    assert english.doc(part) == SITE + "doc/document/convenant-delft-west/artikel-4?lang=en"
    # not one of our things: linked as it is
    assert dutch.doc("https://wetten.overheid.nl/x") == "https://wetten.overheid.nl/x"
    assert english.doc("https://w3id.org/regiodeal/def#x") == "https://w3id.org/regiodeal/def#x"
    assert dutch.rule(RD + "EndAfterStartShape") == SITE + "validate/rules#EndAfterStartShape"
    assert english.rule(RD + "EndAfterStartShape") == (
        SITE + "validate/rules?lang=en#EndAfterStartShape"
    )


# ------------------------------------------------------------------ one card


def test_a_finding_as_a_card_with_every_field() -> None:
    report = Report(deals={DEAL: "Regio Deal Proef"})
    basis = ID + "document/convenant-delft-west/artikel-19/lid-1"
    found = finding(
        legal_basis=(basis, "https://example.org/elders"),
        contextual=True,
        shape_name={"nl": "Einddatum na begindatum", "en": "End date after start date"},
    )
    linker = Linker(SITE, "https://w3id.org/regiodeal/", "en")
    assert work_item(found, report, "en", linker) == WorkItem(
        severity="Violation",
        message="fout (en)",
        deal="Regio Deal Proef",
        focus="id:regiodeal/proef",
        path="rd:startDate",
        value="2025-01-01",
        rule=Link("rd:EndAfterStartShape", SITE + "validate/rules?lang=en#EndAfterStartShape"),
        rule_name="End date after start date",
        rule_iri=RD + "EndAfterStartShape",
        citation="Covenant",
        bases=[
            Link(
                "id:document/convenant-delft-west/artikel-19/lid-1",
                SITE + "doc/document/convenant-delft-west/artikel-19/lid-1?lang=en",
            ),
            Link("<https://example.org/elders>", "https://example.org/elders"),
        ],
        contextual=True,
        count=1,
        also=[],
        place="",
    )


def test_card_fields_that_may_be_missing() -> None:
    linker = Linker(SITE, "https://w3id.org/regiodeal/", "nl")
    report = Report(deals={DEAL: "Regio Deal Proef"})
    # no deal, no path, the value is the focus node (SPARQL constraints without ?value)
    item = work_item(finding(deal=None, path=None, value=DEAL), report, "nl", linker)
    assert (item.deal, item.path, item.value) == ("", "", "")
    # a deal the report has no label for; no value at all
    item = work_item(finding(deal=ID + "regiodeal/ander", value=None), report, "nl", linker)
    assert (item.deal, item.value) == ("", "")
    # an IRI value is shortened, other text is kept
    item = work_item(finding(value=ID + "organisatie/x"), report, "nl", linker)
    assert item.value == "id:organisatie/x"
    item = work_item(finding(value="honderd"), report, "nl", linker)
    assert (item.value, item.message, item.rule_name, item.citation) == (
        "honderd",
        "fout",
        "Regel",
        "Convenant",
    )


def test_a_repeated_finding_is_one_card_with_the_others() -> None:
    linker = Linker(SITE, "https://w3id.org/regiodeal/", "nl")
    group = [finding(focus=ID + f"node/{n}") for n in (1, 2, 3)]
    item = work_item(group[0], Report(), "nl", linker, group)
    assert (item.focus, item.count, item.also) == ("id:node/1", 3, ["id:node/2", "id:node/3"])


# ------------------------------------------------------------------ the place in a YAML file


def placed(line: int | None, column: int | None = 3, field: str = "deal.end_date") -> Finding:
    return finding(line=line, column=column, source_field=field)


def test_yaml_place_in_both_languages() -> None:
    assert yaml_place([placed(12, 7, "budget.lines.0.rijk")], "nl") == (
        "regel 12, kolom 7 (budget.lines.0.rijk)"
    )
    assert yaml_place([placed(12, 7, "budget.lines.0.rijk")], "en") == (
        "line 12, column 7 (budget.lines.0.rijk)"
    )
    assert yaml_place([placed(None)], "nl") == ""  # Turtle input: no place
    assert yaml_place([], "en") == ""


def test_yaml_place_of_a_repeated_finding_lists_the_other_lines() -> None:
    # the first placed finding leads; the others' lines sorted, once, without the first's line
    group = [placed(None), placed(9), placed(30), placed(9), placed(4), placed(None), placed(30)]
    assert yaml_place(group, "nl") == "regel 9, kolom 3 (deal.end_date); ook bij regel 4, 30"
    assert yaml_place(group, "en") == "line 9, column 3 (deal.end_date); also at line 4, 30"
    item = work_item(
        group[1], Report(), "en", Linker(SITE, "https://w3id.org/regiodeal/", "en"), group
    )
    # two placed findings: the second's line is the other one
    assert yaml_place([placed(9), placed(5)], "nl") == (
        "regel 9, kolom 3 (deal.end_date); ook bij regel 5"
    )
    assert item.place == "line 9, column 3 (deal.end_date); also at line 4, 30"


# ------------------------------------------------------------------ the worklist


def test_worklist_orders_sections_and_violations_first() -> None:
    linker = Linker(SITE, "https://w3id.org/regiodeal/", "nl")
    findings = [
        finding("dates", "Warning", ID + "a", message="w-dates"),
        finding("nieuw", "Violation", ID + "a", message="unknown section"),
        finding("dates", "Violation", ID + "z", message="v-dates-z"),
        finding("identity", "Info", ID + "a", message="i-identity"),
        finding("dates", "Violation", ID + "b", message="v-dates-b"),
        finding("context", "Warning", ID + "a", message="w-context"),
    ]
    sections = worklist(Report(findings=findings), "nl", linker)
    assert [(s.key, s.label) for s in sections] == [
        ("identity", "identiteit en status"),
        ("dates", "data"),
        ("context", "context (gepubliceerde graaf en referentiedata)"),
        ("nieuw", "nieuw"),  # a section without a label: its key, last
    ]
    assert [[item.message for item in s.items] for s in sections] == [
        ["i-identity"],
        ["v-dates-b", "v-dates-z", "w-dates"],  # violations first, then by focus node
        ["w-context"],
        ["unknown section"],
    ]
    english = worklist(Report(findings=findings), "en", linker)
    assert [s.label for s in english] == [
        "identity and status",
        "dates",
        "context (published graph and reference data)",
        "nieuw",
    ]
    assert english[1].items[0].message == "v-dates-b (en)"


def test_worklist_groups_repeated_findings() -> None:
    linker = Linker(SITE, "https://w3id.org/regiodeal/", "nl")
    findings = [finding("provenance", focus=ID + f"n/{n}", message="geen bron") for n in (3, 1, 2)]
    findings.append(finding("provenance", focus=ID + "n/0", message="ander"))
    [section] = worklist(Report(findings=findings), "nl", linker)
    assert section == Section(
        "provenance",
        "herkomst",
        [
            work_item(findings[3], Report(), "nl", linker),
            work_item(findings[1], Report(), "nl", linker, [findings[1], findings[2], findings[0]]),
        ],
    )
    assert [(i.message, i.count, i.also) for i in section.items] == [
        ("ander", 1, []),
        ("geen bron", 3, ["id:n/2", "id:n/3"]),
    ]
    assert worklist(Report(), "nl", linker) == []


def test_texts_have_the_same_keys_in_both_languages() -> None:
    assert set(TEXTS["nl"]) == set(TEXTS["en"])


# ------------------------------------------------------------------ rules page: anchors


def test_anchor_is_the_local_name() -> None:
    assert anchor(RD + "EndAfterStartShape") == "EndAfterStartShape"
    assert anchor("https://example.org/shapes/a/LastShape") == "LastShape"
    assert anchor("https://example.org/x#a#B") == "B"  # after the last '#'
    assert anchor("https://example.org/x#a/b/C") == "C"  # and then after the last '/'
    assert anchor("Plain") == "Plain"


# ------------------------------------------------------------------ rules page: shapes/*.ttl

# Read by hand from shapes/*.ttl: every named shape (an IRI typed sh:NodeShape or
# sh:PropertyShape), its rd:reportSection ("structure" where it has none), its sh:severity
# (the structural shapes of structure.ttl state none, so Violation, SHACL's default) and whether
# it has rd:contextual true (the five of context.ttl).
V, W = "Violation", "Warning"
TABLE = {
    # context.ttl
    "KnownMinistryShape": ("context", V, True),
    "KnownOrganisationShape": ("context", W, True),
    "UniqueCitationTitleShape": ("context", V, True),
    "TrancheEnvelopeShape": ("context", V, True),
    "DatedMinistryShape": ("context", V, True),
    # rules.ttl
    "MinistryPartyShape": ("parties", V, False),
    "RegionalPartyShape": ("parties", V, False),
    "PartnerNotPartyShape": ("parties", V, False),
    "RegiokassierShape": ("parties", V, False),
    "RegiokassierPublicShape": ("parties", V, False),
    "SignedDealShape": ("identity", V, False),
    "ApplicationShape": ("identity", V, False),
    "RegionalContributionShape": ("budget", W, False),
    "ExecutionCostsMaxShape": ("budget", V, False),
    "ExecutionCostsDeviationShape": ("budget", W, False),
    "BudgetRowSumShape": ("budget", V, False),
    "BudgetColumnSumShape": ("budget", V, False),
    "BudgetMatchesContributionShape": ("budget", V, False),
    "SubLinesWithinLineShape": ("budget", V, False),
    "SubLineSameBudgetShape": ("budget", V, False),
    "RegionalFinancingRowSumShape": ("budget", V, False),
    "RegionalFinancingColumnSumShape": ("budget", V, False),
    "BudgetLineGoalShape": ("budget", V, False),
    "DealGoalsShape": ("goals", V, False),
    "ResultMeasurableShape": ("results", W, False),
    "ResultYearOrderShape": ("results", V, False),
    "EndAfterStartShape": ("dates", V, False),
    "StartAfterSigningShape": ("dates", V, False),
    "StandardClausesShape": ("clauses", W, False),
    "NoticePeriodPresentShape": ("clauses", V, False),
    "NoticePeriodStandardShape": ("clauses", W, False),
    "ResponseWeeksStandardShape": ("clauses", W, False),
    "MeetingsPerYearStandardShape": ("clauses", W, False),
    "ReportingDatesStandardShape": ("clauses", W, False),
    "ReportingDatesOrderShape": ("clauses", V, False),
    "KeyFactSourceShape": ("provenance", V, False),
    "SignaturesShape": ("parties", V, False),
    "FundingMinistryPartyShape": ("parties", V, False),
    "MinistryNotRegionalShape": ("parties", V, False),
    "SpecificGrantShape": ("identity", V, False),
    "DecentralisationGrantShape": ("parties", V, False),
    "RijkContributionLimitsShape": ("budget", V, False),
    "RegionalContributionMatchesShape": ("budget", V, False),
    "StartDayAfterSigningShape": ("dates", V, False),
    "SigningInEnvelopePeriodShape": ("dates", V, False),
    "ResultYearInTermShape": ("results", W, False),
    "GoalResultShape": ("results", W, False),
    "DocumentTypeShape": ("provenance", V, False),
    # structure.ttl
    "RegioDealShape": ("identity", V, False),
    "DealSourceDocumentShape": ("provenance", V, False),
    "AmountShape": ("budget", V, False),
    "BudgetShape": ("budget", V, False),
    "BudgetLineShape": ("budget", V, False),
    "RegionalFinancingLineShape": ("budget", V, False),
    "GoalShape": ("goals", V, False),
    "InterventionShape": ("goals", V, False),
    "IntendedResultShape": ("results", V, False),
    "ClauseShape": ("clauses", V, False),
    "SignatureShape": ("parties", V, False),
    "ProgrammeReferenceShape": ("goals", V, False),
    "DerivedFromPartShape": ("provenance", V, False),
    "FactSourceShape": ("provenance", V, False),
    "DocumentPartShape": ("provenance", V, False),
    "SourceDocumentShape": ("provenance", V, False),
    "DiscrepancyShape": ("provenance", V, False),
    "TrancheShape": ("identity", V, False),
    "ThemeShape": ("goals", V, False),
    "FinancialCommitmentShape": ("budget", V, False),
    "ResultCodesShape": ("results", V, False),
}
ORDER = ("identity", "parties", "budget", "goals", "results", "clauses", "dates", "provenance")


@pytest.fixture(scope="module")
def real_rules() -> list[Rule]:
    return rules(load_shapes(get_settings().shapes_dir))


def test_every_shape_of_shapes_ttl_is_a_rule(real_rules: list[Rule]) -> None:
    assert {r.anchor: (r.section, r.severity, r.contextual) for r in real_rules} == TABLE
    assert all(r.iri == RD + r.anchor for r in real_rules)
    # sorted by report section (context last, as it is last in the report), then by name
    expected = sorted(TABLE, key=lambda a: ((*ORDER, "context").index(TABLE[a][0]), a))
    assert [r.anchor for r in real_rules] == expected


def test_a_rule_carries_its_texts_from_the_shape(real_rules: list[Rule]) -> None:
    # shapes/rules.ttl, rd:PartnerNotPartyShape (a property shape with its own message)
    [partner] = [r for r in real_rules if r.anchor == "PartnerNotPartyShape"]
    assert partner.name == {"nl": "Een partner is geen partij", "en": "A partner is not a party"}
    assert partner.message == {
        "nl": "{$value} is zowel partner (steunverklaring) als partij van de deal.",
        "en": "{$value} is both a partner (declaration of support) and a party of the deal.",
    }
    assert partner.description["en"] == (
        "Organisations that commit to the deal by a declaration of support (partners) do not "
        "sign as a party; one organisation is not both."
    )
    assert partner.legal_basis == (ID + "document/convenant-delft-west/partners",)
    assert partner.citation["en"] == (
        "Covenant Delft West, Partners (the alliances commit as Partners by a declaration of "
        "support)"
    )
    # rd:MinistryPartyShape: the message is that of its sh:sparql constraint; two legal bases
    [ministry] = [r for r in real_rules if r.anchor == "MinistryPartyShape"]
    assert ministry.message["en"] == (
        "The signed deal has no ministry party (rd:ministryParty); a Regio Deal is concluded by "
        "at least one minister."
    )
    assert ministry.legal_basis == (
        ID + "document/convenant-delft-west/begripsbepaling",
        ID + "document/convenant-delft-west/partijen",
    )


# ------------------------------------------------------------------ rules page: small graphs

EX = "https://example.org/shapes#"


def shapes_graph(turtle: str) -> Graph:
    prefixes = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        f"@prefix ex: <{EX}> .\n"
    )
    return Graph().parse(data=prefixes + turtle, format="turtle")


def test_severity_from_the_shape_its_property_shapes_or_the_default() -> None:
    graph = shapes_graph(
        """
        ex:Own a sh:NodeShape ; sh:severity sh:Info ;
            sh:property [ sh:path ex:p ; sh:severity sh:Warning ] .
        ex:FromProperty a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:severity sh:Warning ] .
        ex:None a sh:NodeShape ; sh:property [ sh:path ex:p ] .
        ex:Odd a sh:PropertyShape ; sh:path ex:p ; sh:severity ex:Grave .
        ex:Bare a sh:NodeShape .
        """
    )
    severity = {r.anchor: r.severity for r in rules(graph)}
    assert severity == {
        "Own": "Info",
        "FromProperty": "Warning",
        "None": "Violation",
        "Odd": "Violation",  # not one of SHACL's three: read as a violation
        "Bare": "Violation",
    }


def test_messages_own_first_then_of_constraints_and_property_shapes() -> None:
    graph = shapes_graph(
        """
        ex:Own a sh:NodeShape ; sh:message "eigen"@nl ;
            sh:sparql [ sh:message "sparql"@nl, "sparql"@en ] .
        ex:Sparql a sh:NodeShape ; sh:sparql [ sh:message "s-nl"@nl, "s-en"@en ] .
        ex:Property a sh:NodeShape ;
            sh:property [ sh:path ex:p ; sh:message "p-nl"@nl ; sh:name "not a message"@en ] .
        ex:Mixed a sh:NodeShape ; sh:sparql [ sh:message "s-nl"@nl ] ;
            sh:property [ sh:path ex:p ; sh:message "p-en"@en ] .
        ex:Plain a sh:NodeShape ; sh:message "untagged" .
        ex:Nothing a sh:NodeShape ; sh:property [ sh:path ex:p ] .
        ex:Linked a sh:NodeShape ; sh:node ex:Other ; sh:not [ sh:message "niet"@nl ] .
        ex:Other sh:message "ander"@nl .
        """
    )
    messages = {r.anchor: r.message for r in rules(graph)}
    assert messages == {
        "Own": {"nl": "eigen", "en": "sparql"},
        "Sparql": {"nl": "s-nl", "en": "s-en"},
        "Property": {"nl": "p-nl"},
        "Mixed": {"nl": "s-nl", "en": "p-en"},
        "Plain": {"": "untagged"},
        "Nothing": {},
        "Linked": {},  # messages of sh:node or sh:not shapes are theirs, not this rule's
    }


def test_only_named_shapes_are_rules_sorted_by_section() -> None:
    graph = shapes_graph(
        """
        ex:B a sh:NodeShape ; rd:reportSection "budget" ; sh:name "b"@en ;
            sh:description "B-beschrijving"@nl ; rd:legalBasis ex:art2, ex:art1 ;
            rd:legalBasisCitation "artikel 1 en 2"@nl ; rd:contextual true .
        ex:A a sh:NodeShape ; rd:reportSection "budget" .
        ex:Z a sh:PropertyShape ; sh:path ex:p ; rd:reportSection "identity" .
        ex:New a sh:NodeShape ; rd:reportSection "nieuw" .
        ex:Structure a sh:NodeShape .
        ex:Context a sh:NodeShape ; rd:reportSection "context" .
        ex:NotAShape sh:message "geen vorm"@nl .
        ex:AboutShapes rd:says sh:NodeShape .
        [] a sh:NodeShape ; rd:reportSection "identity" .
        """
    )
    found = rules(graph)
    assert [(r.anchor, r.section) for r in found] == [
        ("Z", "identity"),
        ("A", "budget"),
        ("B", "budget"),
        ("Structure", "structure"),
        ("Context", "context"),
        ("New", "nieuw"),  # a section the report does not know: last
    ]
    assert found[2] == Rule(
        iri=EX + "B",
        anchor="B",
        section="budget",
        severity="Violation",
        name={"en": "b"},
        description={"nl": "B-beschrijving"},
        message={},
        legal_basis=(EX + "art1", EX + "art2"),
        citation={"nl": "artikel 1 en 2"},
        contextual=True,
    )
    assert found[1].contextual is False and found[1].legal_basis == ()
    assert not any(isinstance(URIRef(r.iri), BNode) for r in found)
    graph.add((BNode(), RDF.type, SH.PropertyShape))
    graph.add((URIRef(EX + "Lit"), SH.name, Literal("x")))
    assert len(rules(graph)) == 6
