"""`regiodeal new deal.yaml -o deal.ttl`: a new deal from a filled-in YAML template, as Turtle.

The YAML (see examples/new-deal.yaml) is checked by the pydantic models below, so that a wrong
field is reported by its place in the file ("budget.lines.0.rijk: ..."). The Turtle follows
docs/data-conventions.md; the YAML file itself is recorded as the rd:SourceDocument, with one
rd:DocumentPart per YAML section, so every fact keeps its provenance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as Lit
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from regiodeal.namespaces import ID, ORG, RD, TOOI_ID
from regiodeal.store.turtle import format_graph

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Amount = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
Year = Annotated[int, Field(ge=1990, le=2100)]
PartyRef = Annotated[
    str,
    Field(
        pattern=r"^(ministerie:mnre\d{4}|gemeente:gm\d{4}|provincie:pv\d{2}|organisatie:[a-z0-9-]+)$"
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not silently lost


class Deal(Strict):
    id: Slug
    name: str = Field(min_length=3)
    citation_title: str | None = None
    status: Literal["ondertekend", "aanvraag"]
    tranche: Annotated[int, Field(ge=1, le=20)] | None = None
    legal_instrument: Literal["specifieke-uitkering", "decentralisatie-uitkering"] | None = None
    funding_source: Slug | None = None
    funding_ministry: PartyRef | None = None  # the ministry that reserves the Rijk money
    signing_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    rijk_contribution: Amount | None = None
    regional_contribution: Amount | None = None
    deviation_allowed: bool | None = None


class Document(Strict):
    title: str = Field(min_length=3)
    date: dt.date | None = None


class Organisation(Strict):
    id: Slug
    name: str
    kind: Literal[
        "public-body", "wgr-body", "bes-body", "water-board", "organisation", "alliance"
    ] = "organisation"


class Parties(Strict):
    ministries: list[PartyRef] = []
    regional: list[PartyRef] = []
    regiokassier: PartyRef | None = None
    partners: list[PartyRef] = []
    organisations: list[Organisation] = []


class Signature(Strict):
    """One signature block: who signed, in which function, on behalf of which party, when."""

    on_behalf_of: PartyRef
    person: str | None = None
    function: str | None = None
    date: dt.date | None = None


class Goal(Strict):
    number: str
    title: str
    type: Slug = "doel"
    themes: list[Slug] = []


class Intervention(Strict):
    number: str
    title: str
    goal: str
    themes: list[Slug] = []


class Totals(Strict):
    rijk: Amount | None = None
    regional: Amount | None = None
    total: Amount | None = None


class Line(Totals):
    """A budget line: its amounts as a totals row has them, with a label and maybe a goal."""

    label: str
    goal: str | None = None


class Budget(Strict):
    lines: list[Line] = []
    execution_costs: Line | None = None
    totals: Totals | None = None


class Result(Strict):
    indicator: str
    goal: str | None = None
    baseline: Decimal | None = None
    baseline_year: Year | None = None
    target: Decimal | None = None
    target_year: Year | None = None
    unit: str | None = None


class Clause(Strict):
    type: Slug
    notice_period_months: Annotated[int, Field(ge=1)] | None = None
    response_weeks: Annotated[int, Field(ge=1)] | None = None


class DealFile(Strict):
    """The whole YAML file; cross-references (goal numbers) are checked after the fields."""

    deal: Deal
    document: Document
    parties: Parties
    signatures: list[Signature] = []
    goals: list[Goal] = []
    interventions: list[Intervention] = []
    budget: Budget | None = None
    results: list[Result] = []
    clauses: list[Clause] = []

    @model_validator(mode="after")
    def _goals_exist(self) -> DealFile:
        known = {g.number for g in self.goals}
        references: list[tuple[str, str | None]] = [
            (f"interventions.{i}.goal", x.goal) for i, x in enumerate(self.interventions)
        ]
        references += [(f"results.{i}.goal", r.goal) for i, r in enumerate(self.results)]
        if self.budget:
            references += [
                (f"budget.lines.{i}.goal", b.goal) for i, b in enumerate(self.budget.lines)
            ]
        for where, number in references:
            if number is not None and number not in known:
                raise ValueError(
                    f"{where}: goal {number!r} is not one of the goals {sorted(known)}"
                )
        return self


class AuthoringError(Exception):
    """A YAML file that cannot become a deal; the message names the file and the field."""


def load_deal_file(path: Path) -> DealFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise AuthoringError(f"{where}: YAML syntax error: {exc.problem}") from exc
    except OSError as exc:
        raise AuthoringError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    try:
        return DealFile.model_validate(data)
    except ValidationError as exc:
        raise AuthoringError(f"{path}: invalid deal file:\n{_explain(exc)}") from exc


def _explain(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "(file)"
        lines.append(f"  {field}: {error['msg']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- to RDF


class Builder:
    """Turns a validated DealFile into a graph following docs/data-conventions.md."""

    def __init__(self, spec: DealFile, source_name: str) -> None:
        self.spec = spec
        self.slug = spec.deal.id
        self.deal = ID[f"regiodeal/{self.slug}"]
        self.document = ID[f"document/invoer-{self.slug}"]
        self.source_name = source_name
        self.graph = Graph()

    def build(self) -> Graph:
        self._document()
        self._deal()
        self._parties()
        self._signatures()
        self._goals()
        self._interventions()
        self._budget()
        self._results()
        self._clauses()
        return self.graph

    def part(self, section: str) -> URIRef:
        return ID[f"document/invoer-{self.slug}/{section}"]

    def add(self, s: URIRef | BNode, p: URIRef, o: object) -> None:
        if o is not None:
            self.graph.add((s, p, o if isinstance(o, URIRef | BNode | Lit) else Lit(o)))

    def fact(self, prop: URIRef, value: object, section: str = "deal") -> None:
        """A deal-level property with its fact source (conventions: one per property and part)."""
        if value is None:
            return
        self.add(self.deal, prop, value)
        if any(True for _ in self.graph.objects(self.deal, RD.factSource) if self._about(_, prop)):
            return
        source = BNode()
        self.add(self.deal, RD.factSource, source)
        self.add(source, RDF.type, RD.FactSource)
        self.add(source, RD.aboutProperty, prop)
        self.add(source, PROV.wasDerivedFrom, self.part(section))

    def _about(self, source: Node, prop: URIRef) -> bool:
        return (source, RD.aboutProperty, prop) in self.graph

    def _document(self) -> None:
        doc = self.spec.document
        kind = "convenant" if self.spec.deal.status == "ondertekend" else "aanvraag"
        self.add(self.document, RDF.type, RD.SourceDocument)
        self.add(self.document, DCTERMS.title, Lit(doc.title, lang="nl"))
        self.add(self.document, DCTERMS.type, Lit(kind))
        self.add(self.document, DCTERMS.format, Lit("application/yaml"))
        self.add(self.document, DCTERMS.source, Lit(self.source_name))
        if doc.date:
            self.add(self.document, DCTERMS.date, Lit(doc.date, datatype=XSD.date))
        for section in (
            "deal",
            "parties",
            "signatures",
            "goals",
            "interventions",
            "budget",
            "results",
            "clauses",
        ):
            part = self.part(section)
            self.add(part, RDF.type, RD.DocumentPart)
            self.add(part, DCTERMS.isPartOf, self.document)
            self.add(part, RDFS.label, Lit(f"YAML-sectie '{section}'", lang="nl"))
            self.add(part, RD.number, Lit(section))

    def _deal(self) -> None:
        d = self.spec.deal
        self.add(self.deal, RDF.type, RD.RegioDeal)
        self.add(self.deal, RDFS.label, Lit(d.name, lang="nl"))
        self.add(self.deal, PROV.wasDerivedFrom, self.document)
        self.fact(RD.status, ID[f"status/{d.status}"])
        self.fact(RD.citationTitle, d.citation_title and Lit(d.citation_title))
        self.fact(RD.tranche, d.tranche and ID[f"tranche/{d.tranche}"])
        self.fact(
            RD.legalInstrument,
            d.legal_instrument and ID[f"juridisch-instrument/{d.legal_instrument}"],
        )
        self.fact(
            RD.fundingSource, d.funding_source and ID[f"financieringsbron/{d.funding_source}"]
        )
        self.fact(RD.fundingProvider, d.funding_ministry and party_iri(d.funding_ministry))
        for prop, date in (
            (RD.signingDate, d.signing_date),
            (RD.startDate, d.start_date),
            (RD.endDate, d.end_date),
        ):
            self.fact(prop, date and Lit(date, datatype=XSD.date))
        for prop, amount in (
            (RD.rijkContribution, d.rijk_contribution),
            (RD.regionalContribution, d.regional_contribution),
        ):
            self.fact(prop, _amount(amount))
        self.fact(
            RD.deviationAllowed, None if d.deviation_allowed is None else Lit(d.deviation_allowed)
        )

    def _parties(self) -> None:
        p = self.spec.parties
        for ref in p.ministries:
            self.fact(RD.ministryParty, party_iri(ref), "parties")
        for ref in p.regional:
            self.fact(RD.regionalParty, party_iri(ref), "parties")
        self.fact(RD.regiokassier, p.regiokassier and party_iri(p.regiokassier), "parties")
        for ref in p.partners:
            self.fact(RD.partner, party_iri(ref), "parties")
        kinds = {
            "public-body": RD.PublicBody,
            "wgr-body": RD.WgrPublicBody,
            "bes-body": RD.BESPublicBody,
            "water-board": RD.WaterBoard,
            "organisation": ORG.Organization,
            "alliance": RD.Alliance,
        }
        for org in p.organisations:
            iri = ID[f"organisatie/{org.id}"]
            self.add(iri, RDF.type, kinds[org.kind])
            self.add(iri, RDFS.label, Lit(org.name, lang="nl"))

    def _signatures(self) -> None:
        for n, block in enumerate(self.spec.signatures, start=1):
            iri = ID[f"ondertekening/{self.slug}/{n}"]
            self.fact(RD.signature, iri, "signatures")
            self.add(iri, RDF.type, RD.Signature)
            self.add(iri, RD.order, Lit(n))
            self.add(iri, RD.onBehalfOf, party_iri(block.on_behalf_of))
            self.add(iri, PROV.wasDerivedFrom, self.part("signatures"))
            self.add(iri, RD.printedName, block.person and Lit(block.person))
            self.add(iri, RD.functionTitle, block.function and Lit(block.function, lang="nl"))
            self.add(iri, RD.signingDate, block.date and Lit(block.date, datatype=XSD.date))

    def goal_iri(self, number: str) -> URIRef:
        return ID[f"doel/{self.slug}/{number}"]

    def _goals(self) -> None:
        for goal in self.spec.goals:
            iri = self.goal_iri(goal.number)
            self.fact(RD.hasGoal, iri, "goals")
            self._titled(iri, RD.Goal, goal.title, goal.number, "goals", goal.themes)
            self.add(iri, RD.goalType, ID[f"soort-doel/{goal.type}"])

    def _interventions(self) -> None:
        for item in self.spec.interventions:
            iri = ID[f"interventie/{self.slug}/{item.number}"]
            self.fact(RD.hasIntervention, iri, "interventions")
            self._titled(
                iri, RD.Intervention, item.title, item.number, "interventions", item.themes
            )
            self.add(iri, RD.contributesToGoal, self.goal_iri(item.goal))

    def _titled(
        self, iri: URIRef, cls: URIRef, title: str, number: str, section: str, themes: list[str]
    ) -> None:
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, Lit(title, lang="nl"))
        self.add(iri, RD.number, Lit(number))
        self.add(iri, PROV.wasDerivedFrom, self.part(section))
        for theme in themes:
            self.add(iri, RD.theme, ID[f"thema/{theme}"])

    def _budget(self) -> None:
        budget = self.spec.budget
        if budget is None:
            return
        iri = ID[f"begroting/{self.slug}"]
        self.fact(RD.budget, iri, "budget")
        self.add(iri, RDF.type, RD.Budget)
        self.add(iri, PROV.wasDerivedFrom, self.part("budget"))
        self._amounts(iri, budget.totals)
        lines = [(line, RD.BudgetLine) for line in budget.lines]
        if budget.execution_costs:
            lines.append((budget.execution_costs, RD.ExecutionCostsLine))
        for order, (line, cls) in enumerate(lines, start=1):
            self._line(iri, order, line, cls)

    def _line(self, budget: URIRef, order: int, line: Line, cls: URIRef) -> None:
        iri = ID[f"begroting/{self.slug}/regel-{order}"]
        self.add(budget, RD.budgetLine, iri)
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, Lit(line.label))
        self.add(iri, RD.order, Lit(order))
        self.add(iri, PROV.wasDerivedFrom, self.part("budget"))
        if line.goal is not None:
            self.add(iri, RD.forGoal, self.goal_iri(line.goal))
        self._amounts(iri, line)

    def _amounts(self, iri: URIRef, row: Totals | None) -> None:
        if row is None:
            return
        for prop, value in (
            (RD.rijkAmount, row.rijk),
            (RD.regionalAmount, row.regional),
            (RD.totalAmount, row.total),
        ):
            self.add(iri, prop, _amount(value))

    def _results(self) -> None:
        for n, result in enumerate(self.spec.results, start=1):
            iri = ID[f"resultaat/{self.slug}/{n}"]
            self.fact(RD.intendedResult, iri, "results")
            self.add(iri, RDF.type, RD.IntendedResult)
            self.add(iri, RD.indicator, Lit(result.indicator, lang="nl"))
            self.add(iri, RD.order, Lit(n))
            self.add(iri, PROV.wasDerivedFrom, self.part("results"))
            self.add(iri, RD.resultOf, result.goal and self.goal_iri(result.goal))
            self.add(iri, RD.baselineValue, _amount(result.baseline))
            self.add(iri, RD.targetValue, _amount(result.target))
            self.add(iri, RD.baselineYear, result.baseline_year and Lit(result.baseline_year))
            self.add(iri, RD.targetYear, result.target_year and Lit(result.target_year))
            self.add(iri, RD.unit, result.unit and Lit(result.unit))

    def _clauses(self) -> None:
        for clause in self.spec.clauses:
            iri = ID[f"bepaling/{self.slug}/{clause.type}"]
            self.fact(RD.clause, iri, "clauses")
            cls = RD.Obligation if clause.type == "voortgangsrapportage" else RD.Clause
            self.add(iri, RDF.type, cls)
            self.add(iri, RD.clauseType, ID[f"soort-bepaling/{clause.type}"])
            self.add(iri, PROV.wasDerivedFrom, self.part("clauses"))
            self.add(
                iri,
                RD.noticePeriodMonths,
                clause.notice_period_months and Lit(clause.notice_period_months),
            )
            self.add(iri, RD.responseWeeks, clause.response_weeks and Lit(clause.response_weeks))


def _amount(value: Decimal | None) -> Lit | None:
    # Amounts are xsd:decimal in euro (conventions); "1.0" keeps the decimal form for integers.
    if value is None:
        return None
    return Lit(
        Decimal(value).quantize(Decimal("0.1")) if value == value.to_integral() else value,
        datatype=XSD.decimal,
    )


def party_iri(ref: str) -> URIRef:
    """`ministerie:mnre1034` -> TOOI IRI; `organisatie:slug` -> our own organisation IRI."""
    prefix, local = ref.split(":", 1)
    if prefix == "organisatie":
        return ID[f"organisatie/{local}"]
    return URIRef(f"{TOOI_ID}{prefix}/{local}")


def deal_turtle(path: Path) -> str:
    spec = load_deal_file(path)
    return format_graph(Builder(spec, path.name).build())
