"""`regiodeal new deal.yaml -o deal.ttl`: a new deal from a filled-in YAML template, as Turtle.

The YAML (see examples/new-deal.yaml) is checked by the pydantic models below, so that a wrong
field is reported by its place in the file ("budget.lines.0.rijk: ..."). The Turtle follows
docs/data-conventions.md; the YAML file itself is recorded as the rd:SourceDocument, with one
rd:DocumentPart per YAML section, so every fact keeps its provenance.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as Lit
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from regiodeal.authoring.messages import at_field, problems_from
from regiodeal.authoring.source import (
    PathKey,
    Position,
    Problem,
    SourceMap,
    YamlError,
    dotted,
    read_yaml,
)
from regiodeal.namespaces import ID, ORG, RD, TOOI_ID
from regiodeal.store.turtle import format_graph

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Amount = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
Year = Annotated[int, Field(ge=1990, le=2100)]
# A day of every year, as xsd:gMonthDay writes it: "--06-15" for 15 June
DayOfYear = Annotated[str, Field(pattern=r"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
PartyRef = Annotated[
    str,
    Field(
        pattern=r"^(ministerie:mnre\d{4}|gemeente:gm\d{4}|provincie:pv\d{2}|organisatie:[a-z0-9-]+)$"
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not silently lost


ARTICLE = re.compile(
    r"^(?:art(?:ikel|\.)?\s*)?(\d+[a-z]?)(?:\s*(?:[.,]|lid)\s*(?:lid\s*)?(\d+))?$", re.IGNORECASE
)


def _article(value: object) -> object:
    # `article: 4.2` unquoted is a float in YAML: 4.10 would read as 4.1, so ask for quotes.
    if isinstance(value, bool | float):
        raise ValueError(
            f'schrijf het artikel tussen aanhalingstekens, bijvoorbeeld "{value}" '
            '(artikel 4 lid 2: "4.2")'
            f'||write the article in quotes, e.g. "{value}" (article 4(2): "4.2")'
        )
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str) and not ARTICLE.match(value.strip()):
        raise ValueError(
            f'{value!r} is geen artikelverwijzing; schrijf "4" (artikel 4) of "4.2" '
            "(artikel 4, lid 2)"
            f'||{value!r} is not an article reference; write "4" (article 4) or "4.2" '
            "(article 4(2))"
        )
    return value


# Where a fact is in the covenant: "4" (artikel 4) or "4.2" / "artikel 4, lid 2" (lid 2).
Article = Annotated[str, BeforeValidator(_article)]


def article_parts(reference: str) -> tuple[str, str | None]:
    """("4", "2") for "artikel 4, lid 2"; the reference was checked by _article."""
    match = ARTICLE.match(reference.strip())
    assert match is not None
    return match.group(1).lower(), match.group(2)


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
    article: Article | None = None


class Goal(Strict):
    number: str
    title: str
    type: Slug = "doel"
    themes: list[Slug] = []
    article: Article | None = None


class Intervention(Strict):
    number: str
    title: str
    goal: str
    themes: list[Slug] = []
    article: Article | None = None


class Totals(Strict):
    rijk: Amount | None = None
    regional: Amount | None = None
    other: Amount | None = None  # a column other than rijk and regio ("overig")
    total: Amount | None = None


class Line(Totals):
    """A budget line: its amounts as a totals row has them, with a label and maybe a goal."""

    label: str
    goal: str | None = None
    article: Article | None = None
    note: str | None = None  # what the table says about the amounts ("x1000", a footnote)
    sub_lines: list[Line] = []  # rows printed under this one (rd:subLineOf)


class FinancingLine(Strict):
    """A row of the table that splits the regional financing (rd:RegionalFinancingLine):
    public and private money per kind of contribution, as the covenant prints it."""

    label: str
    kind: Literal["financieel", "in-natura", "totaal"]
    public: Amount | None = None
    private: Amount | None = None
    total: Amount | None = None
    note: str | None = None  # what the covenant says about the amount ("minimaal", a footnote)
    article: Article | None = None


class Budget(Strict):
    article: Article | None = None  # where the budget table is, e.g. "4.2"
    lines: list[Line] = []
    execution_costs: Line | None = None
    totals: Totals | None = None
    max_execution_costs_share: Annotated[Decimal, Field(ge=0, le=1)] | None = None
    regional_financing: list[FinancingLine] = []


class Result(Strict):
    indicator: str
    goal: str | None = None
    baseline: Decimal | None = None
    baseline_year: Year | None = None
    target: Decimal | None = None
    target_year: Year | None = None
    unit: str | None = None  # as printed ("meldingen", "procentpunten daling")
    # what the unit counts or measures, from the code list scheme/eenheid (persoon, procent, ...)
    # and, for a rate ("arbeidsplaatsen per bedrijf"), the denominator: docs/data-conventions.md
    unit_code: Slug | None = None
    unit_per: Slug | None = None
    article: Article | None = None


class Clause(Strict):
    type: Slug
    notice_period_months: Annotated[int, Field(ge=1)] | None = None
    response_weeks: Annotated[int, Field(ge=1)] | None = None
    # "tenminste eenmaal per jaar": 1; the reporting duty's days ("voor 15 juni": "--06-15")
    meetings_per_year: Annotated[Decimal, Field(gt=0)] | None = None
    draft_due: DayOfYear | None = None
    submission_due: DayOfYear | None = None
    article: Article | None = None
    # how often, in the covenant's words ("tenminste eenmaal per jaar"), and its exact text
    # (e.g. the dates of a reporting duty: "voor 15 juni ... voor 15 juli bij de Minister")
    frequency: str | None = None
    quote: str | None = None
    responsible_party: PartyRef | None = None  # who carries the duty (e.g. who reports)


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
    # The article of a whole section ("parties": "1") or of one deal field ("end_date": "19");
    # an item's own `article:` wins over its section's.
    articles: dict[str, Article] = {}


# The codes of scheme/eenheid (data/ttl/reference/codelists.ttl), named in the error message only:
# the shapes check a code against the code list itself.
UNIT_CODES_HINT = (
    "persoon, organisatie, locatie, activiteit, relatie, arbeidsplaats, document, aantal, "
    "procent, procentpunt, rapportcijfer, vierkante-meter"
)


def cross_reference_problems(spec: DealFile, source: SourceMap) -> list[Problem]:
    """A goal number used under interventions, results or budget lines must be a goal's."""
    known = {g.number for g in spec.goals}
    references: list[tuple[PathKey, str | None]] = [
        (("interventions", i, "goal"), x.goal) for i, x in enumerate(spec.interventions)
    ]
    references += [(("results", i, "goal"), r.goal) for i, r in enumerate(spec.results)]
    if spec.budget:
        references += [
            (("budget", "lines", i, "goal"), b.goal) for i, b in enumerate(spec.budget.lines)
        ]
    problems = _article_key_problems(spec, source) + _unit_code_problems(spec, source)
    for where, number in references:
        if number is not None and number not in known:
            listing = ", ".join(sorted(known)) or "-"
            problems.append(
                at_field(
                    source,
                    where,
                    f"doel {number!r} staat niet onder goals (wel: {listing})",
                    f"goal {number!r} is not one of the goals ({listing})",
                )
            )
    return problems


def _unit_code_problems(spec: DealFile, source: SourceMap) -> list[Problem]:
    """A printed unit needs its code (docs/data-conventions.md: every result with an rd:unit has
    an rd:unitCode), and a code belongs to a printed unit."""
    problems = []
    for i, result in enumerate(spec.results):
        if (result.unit is None) == (result.unit_code is None):
            continue
        where: PathKey = ("results", i, "unit" if result.unit else "unit_code")
        nl, en = (
            (
                f"eenheid {result.unit!r} zonder unit_code: geef de code uit de codelijst "
                f"eenheid ({UNIT_CODES_HINT})",
                f"unit {result.unit!r} without unit_code: give its code from the eenheid code "
                f"list ({UNIT_CODES_HINT})",
            )
            if result.unit
            else (
                "unit_code zonder unit: schrijf ook de eenheid zoals gedrukt",
                "unit_code without unit: also write the unit as printed",
            )
        )
        problems.append(at_field(source, where, nl, en))
    return problems


def _article_key_problems(spec: DealFile, source: SourceMap) -> list[Problem]:
    """Each key under `articles:` names a section or a field of `deal:`."""
    known = sorted({*SECTIONS, *Deal.model_fields})
    problems = []
    for key in spec.articles:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint_nl = f"; bedoelt u '{close[0]}'?" if close else ""
        hint_en = f"; did you mean '{close[0]}'?" if close else ""
        problems.append(
            at_field(
                source,
                ("articles", key),
                f"'{key}' is geen onderdeel (deal, parties, budget, ...) en geen veld van "
                f"deal:{hint_nl}",
                f"'{key}' is neither a section (deal, parties, budget, ...) nor a field of "
                f"deal:{hint_en}",
            )
        )
    return problems


class AuthoringError(Exception):
    """A YAML file that cannot become a deal; each problem names the field and its line."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        """One line per problem: `file:line:column: message` (the file alone if unplaced)."""
        lines = []
        for problem in self.problems:
            where = self.name
            if problem.line is not None:
                where += f":{problem.line}:{problem.column}"
            lines.append(f"{where}: {problem.text(lang)}")
        return "\n".join(lines)


def parse_deal(text: str, name: str) -> tuple[DealFile, SourceMap]:
    """The checked deal file and where each of its fields is written; AuthoringError if bad."""
    try:
        data, source = read_yaml(text)
    except YamlError as exc:
        raise AuthoringError(name, exc.problems) from exc
    if not isinstance(data, dict):
        raise AuthoringError(
            name,
            [
                Problem(
                    "",
                    1,
                    1,
                    "het bestand is geen ingevuld sjabloon: het begint niet met de groepen "
                    "deal:, document: en parties: (zie examples/new-deal.yaml)",
                    "the file is not a filled-in template: it does not start with the groups "
                    "deal:, document: and parties: (see examples/new-deal.yaml)",
                )
            ],
        )
    try:
        spec = DealFile.model_validate(data)
    except ValidationError as exc:
        raise AuthoringError(name, problems_from(exc, DealFile, source)) from exc
    problems = cross_reference_problems(spec, source)
    if problems:
        raise AuthoringError(name, problems)
    return spec, source


def load_deal_file(path: Path) -> DealFile:
    return parse_deal(_read_text(path), str(path))[0]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AuthoringError(
            str(path),
            [
                Problem(
                    "",
                    None,
                    None,
                    f"kan het bestand niet lezen: {reason}",
                    f"cannot read file: {reason}",
                )
            ],
        ) from exc
    except UnicodeDecodeError as exc:
        raise AuthoringError(
            str(path),
            [
                Problem(
                    "", None, None, "het bestand is geen UTF-8-tekst", "the file is not UTF-8 text"
                )
            ],
        ) from exc


# ---------------------------------------------------------------- to RDF


SECTIONS = (
    "deal",
    "parties",
    "signatures",
    "goals",
    "interventions",
    "budget",
    "results",
    "clauses",
)
# (node, property, value) -> the YAML path it came from; property and value None for the node
Origins = dict[tuple[str, str | None, str | None], PathKey]


def node_name(node: Node) -> str:
    """A node as validation findings name it (blank nodes as `_:id`)."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class Builder:
    """Turns a validated DealFile into a graph following docs/data-conventions.md.

    `origins` remembers for each node and (node, property, value) the YAML path it was made
    from, so that a finding about it can name the line the official wrote.
    """

    def __init__(self, spec: DealFile, source_name: str) -> None:
        self.spec = spec
        self.slug = spec.deal.id
        self.deal = ID[f"regiodeal/{self.slug}"]
        self.document = ID[f"document/invoer-{self.slug}"]
        self.source_name = source_name
        self.graph = Graph()
        self.origins: Origins = {}

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

    def origin(
        self, node: Node, at: PathKey, prop: URIRef | None = None, value: Node | None = None
    ) -> None:
        key = (node_name(node), str(prop) if prop else None, node_name(value) if value else None)
        self.origins.setdefault(key, at)

    def part(self, section: str) -> URIRef:
        return ID[f"document/invoer-{self.slug}/{section}"]

    def source(self, section: str, article: str | None = None, field: str | None = None) -> URIRef:
        """The document part a fact comes from: its article if the YAML names one (the item's
        own, else the field's or the section's under `articles:`), else the YAML section."""
        article = article or (field and self.spec.articles.get(field))
        article = article or self.spec.articles.get(section)
        if not article:
            return self.part(section)
        number, paragraph = article_parts(article)
        iri = self._article_part(f"artikel-{number}", self.document, f"Artikel {number}", number)
        if paragraph is None:
            return iri
        return self._article_part(
            f"artikel-{number}/lid-{paragraph}",
            iri,
            f"Artikel {number}, lid {paragraph}",
            paragraph,
        )

    def _article_part(self, local: str, parent: URIRef, label: str, number: str) -> URIRef:
        iri = ID[f"document/invoer-{self.slug}/{local}"]
        if (iri, RDF.type, RD.DocumentPart) not in self.graph:
            self.add(iri, RDF.type, RD.DocumentPart)
            self.add(iri, DCTERMS.isPartOf, parent)
            self.add(iri, RDFS.label, Lit(label, lang="nl"))
            self.add(iri, RD.number, Lit(number))
        return iri

    def add(self, s: URIRef | BNode, p: URIRef, o: object, at: PathKey | None = None) -> None:
        if o is None:
            return
        term = o if isinstance(o, URIRef | BNode | Lit) else Lit(o)
        self.graph.add((s, p, term))
        if at is not None:
            self.origin(s, at, p, term)
            self.origin(s, at, p)

    def fact(
        self,
        prop: URIRef,
        value: object,
        section: str = "deal",
        at: PathKey | None = None,
        article: str | None = None,
    ) -> None:
        """A deal-level property with its fact source (conventions: one per property and part)."""
        if value is None:
            return
        at = at or (section,)
        self.add(self.deal, prop, value, at)
        field = str(at[1]) if section == "deal" and len(at) > 1 else None
        derived = self.source(section, article, field)
        for existing in self.graph.objects(self.deal, RD.factSource):
            if (
                self._about(existing, prop)
                and (existing, PROV.wasDerivedFrom, derived) in self.graph
            ):
                return
        source = BNode()
        self.add(self.deal, RD.factSource, source)
        self.add(source, RDF.type, RD.FactSource)
        self.add(source, RD.aboutProperty, prop)
        self.add(source, PROV.wasDerivedFrom, derived)
        self.origin(source, at)

    def _about(self, source: Node, prop: URIRef) -> bool:
        return (source, RD.aboutProperty, prop) in self.graph

    def _document(self) -> None:
        doc = self.spec.document
        kind = "convenant" if self.spec.deal.status == "ondertekend" else "aanvraag"
        self.origin(self.document, ("document",))
        self.add(self.document, RDF.type, RD.SourceDocument)
        self.add(self.document, DCTERMS.title, Lit(doc.title, lang="nl"), ("document", "title"))
        self.add(self.document, DCTERMS.type, Lit(kind))
        self.add(self.document, DCTERMS.format, Lit("application/yaml"))
        self.add(self.document, DCTERMS.source, Lit(self.source_name))
        if doc.date:
            self.add(
                self.document, DCTERMS.date, Lit(doc.date, datatype=XSD.date), ("document", "date")
            )
        for section in SECTIONS:
            part = self.part(section)
            self.origin(part, (section,))
            self.add(part, RDF.type, RD.DocumentPart)
            self.add(part, DCTERMS.isPartOf, self.document)
            self.add(part, RDFS.label, Lit(f"YAML-sectie '{section}'", lang="nl"))
            self.add(part, RD.number, Lit(section))

    def _deal(self) -> None:
        d = self.spec.deal
        self.origin(self.deal, ("deal",))
        self.add(self.deal, RDF.type, RD.RegioDeal)
        self.add(self.deal, RDFS.label, Lit(d.name, lang="nl"), ("deal", "name"))
        self.add(self.deal, PROV.wasDerivedFrom, self.document)
        values: list[tuple[str, URIRef, object]] = [
            ("status", RD.status, ID[f"status/{d.status}"]),
            ("citation_title", RD.citationTitle, d.citation_title and Lit(d.citation_title)),
            ("tranche", RD.tranche, d.tranche and ID[f"tranche/{d.tranche}"]),
            (
                "legal_instrument",
                RD.legalInstrument,
                d.legal_instrument and ID[f"juridisch-instrument/{d.legal_instrument}"],
            ),
            (
                "funding_source",
                RD.fundingSource,
                d.funding_source and ID[f"financieringsbron/{d.funding_source}"],
            ),
            (
                "funding_ministry",
                RD.fundingProvider,
                d.funding_ministry and party_iri(d.funding_ministry),
            ),
            (
                "signing_date",
                RD.signingDate,
                d.signing_date and Lit(d.signing_date, datatype=XSD.date),
            ),
            ("start_date", RD.startDate, d.start_date and Lit(d.start_date, datatype=XSD.date)),
            ("end_date", RD.endDate, d.end_date and Lit(d.end_date, datatype=XSD.date)),
            ("rijk_contribution", RD.rijkContribution, _amount(d.rijk_contribution)),
            ("regional_contribution", RD.regionalContribution, _amount(d.regional_contribution)),
            (
                "deviation_allowed",
                RD.deviationAllowed,
                None if d.deviation_allowed is None else Lit(d.deviation_allowed),
            ),
        ]
        for name, prop, value in values:
            self.fact(prop, value, "deal", ("deal", name))

    def _parties(self) -> None:
        p = self.spec.parties
        for key, prop, refs in (
            ("ministries", RD.ministryParty, p.ministries),
            ("regional", RD.regionalParty, p.regional),
            ("partners", RD.partner, p.partners),
        ):
            for i, ref in enumerate(refs):
                self.fact(prop, party_iri(ref), "parties", ("parties", key, i))
        if p.regiokassier:
            self.fact(
                RD.regiokassier, party_iri(p.regiokassier), "parties", ("parties", "regiokassier")
            )
        kinds = {
            "public-body": RD.PublicBody,
            "wgr-body": RD.WgrPublicBody,
            "bes-body": RD.BESPublicBody,
            "water-board": RD.WaterBoard,
            "organisation": ORG.Organization,
            "alliance": RD.Alliance,
        }
        for i, org in enumerate(p.organisations):
            iri = ID[f"organisatie/{org.id}"]
            at: PathKey = ("parties", "organisations", i)
            self.origin(iri, at)
            self.add(iri, RDF.type, kinds[org.kind], (*at, "kind"))
            self.add(iri, RDFS.label, Lit(org.name, lang="nl"), (*at, "name"))

    def _signatures(self) -> None:
        for n, block in enumerate(self.spec.signatures, start=1):
            iri, at = self._numbered("ondertekening", "signatures", n, block.article)
            self.fact(RD.signature, iri, "signatures", at, block.article)
            self.add(iri, RDF.type, RD.Signature)
            self.add(iri, RD.onBehalfOf, party_iri(block.on_behalf_of), (*at, "on_behalf_of"))
            self.add(iri, RD.printedName, block.person and Lit(block.person), (*at, "person"))
            self.add(
                iri,
                RD.functionTitle,
                block.function and Lit(block.function, lang="nl"),
                (*at, "function"),
            )
            self.add(
                iri,
                RD.signingDate,
                block.date and Lit(block.date, datatype=XSD.date),
                (*at, "date"),
            )

    def _numbered(
        self, segment: str, section: str, n: int, article: Article | None
    ) -> tuple[URIRef, PathKey]:
        """The IRI of the n-th item (from 1) of a list of the template, recorded with its place
        in the YAML, its order and the article it comes from."""
        iri = ID[f"{segment}/{self.slug}/{n}"]
        at: PathKey = (section, n - 1)
        self.origin(iri, at)
        self.add(iri, RD.order, Lit(n))
        self.add(iri, PROV.wasDerivedFrom, self.source(section, article))
        return iri, at

    def goal_iri(self, number: str) -> URIRef:
        return ID[f"doel/{self.slug}/{_segment(number)}"]

    def _goals(self) -> None:
        for i, goal in enumerate(self.spec.goals):
            iri = self.goal_iri(goal.number)
            at: PathKey = ("goals", i)
            self.fact(RD.hasGoal, iri, "goals", at, goal.article)
            self._titled(iri, RD.Goal, goal, "goals", at)
            self.add(iri, RD.goalType, ID[f"soort-doel/{goal.type}"], (*at, "type"))

    def _interventions(self) -> None:
        for i, item in enumerate(self.spec.interventions):
            iri = ID[f"interventie/{self.slug}/{_segment(item.number)}"]
            at: PathKey = ("interventions", i)
            self.fact(RD.hasIntervention, iri, "interventions", at, item.article)
            self._titled(iri, RD.Intervention, item, "interventions", at)
            self.add(iri, RD.contributesToGoal, self.goal_iri(item.goal), (*at, "goal"))

    def _titled(
        self, iri: URIRef, cls: URIRef, item: Goal | Intervention, section: str, at: PathKey
    ) -> None:
        self.origin(iri, at)
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, Lit(item.title, lang="nl"), (*at, "title"))
        self.add(iri, RD.number, Lit(item.number), (*at, "number"))
        self.add(iri, PROV.wasDerivedFrom, self.source(section, item.article))
        for j, theme in enumerate(item.themes):
            self.add(iri, RD.theme, ID[f"thema/{theme}"], (*at, "themes", j))

    def _budget(self) -> None:
        budget = self.spec.budget
        if budget is None:
            return
        iri = ID[f"begroting/{self.slug}"]
        self.origin(iri, ("budget",))
        self.fact(RD.budget, iri, "budget", ("budget",), budget.article)
        self.add(iri, RDF.type, RD.Budget)
        self.add(iri, PROV.wasDerivedFrom, self.source("budget", budget.article))
        self._amounts(iri, budget.totals, ("budget", "totals"))
        share = budget.max_execution_costs_share
        self.add(
            iri,
            RD.maxExecutionCostsShare,
            None if share is None else Lit(share, datatype=XSD.decimal),
            ("budget", "max_execution_costs_share"),
        )
        lines: list[tuple[Line, URIRef, PathKey]] = [
            (line, RD.BudgetLine, ("budget", "lines", i)) for i, line in enumerate(budget.lines)
        ]
        if budget.execution_costs:
            lines.append(
                (budget.execution_costs, RD.ExecutionCostsLine, ("budget", "execution_costs"))
            )
        order = 0
        for line, cls, at in lines:
            order = self._line(iri, order + 1, line, cls, at)
        for order, row in enumerate(budget.regional_financing, start=1):
            self._financing(iri, order, row, budget.article)

    def _line(
        self,
        budget: URIRef,
        order: int,
        line: Line,
        cls: URIRef,
        at: PathKey,
        parent: URIRef | None = None,
    ) -> int:
        """The line and its sub-lines, numbered on in table order; returns the last number."""
        iri = ID[f"begroting/{self.slug}/regel-{order}"]
        self.origin(iri, at)
        self.add(budget, RD.budgetLine, iri, at)
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, Lit(line.label), (*at, "label"))
        self.add(iri, RD.order, Lit(order))
        article = line.article or (self.spec.budget.article if self.spec.budget else None)
        self.add(iri, PROV.wasDerivedFrom, self.source("budget", article))
        if line.goal is not None:
            self.add(iri, RD.forGoal, self.goal_iri(line.goal), (*at, "goal"))
        self._amounts(iri, line, at)
        self.add(iri, RD.amountNote, line.note and Lit(line.note), (*at, "note"))
        self.add(iri, RD.subLineOf, parent)
        for i, sub in enumerate(line.sub_lines):
            order = self._line(budget, order + 1, sub, RD.BudgetLine, (*at, "sub_lines", i), iri)
        return order

    def _financing(
        self, budget: URIRef, order: int, row: FinancingLine, article: str | None
    ) -> None:
        iri = ID[f"begroting/{self.slug}/financiering-{order}"]
        at: PathKey = ("budget", "regional_financing", order - 1)
        self.origin(iri, at)
        self.add(budget, RD.regionalFinancingLine, iri, at)
        self.add(iri, RDF.type, RD.RegionalFinancingLine)
        self.add(iri, RDFS.label, Lit(row.label, lang="nl"), (*at, "label"))
        self.add(iri, RD.order, Lit(order))
        self.add(iri, RD.contributionKind, ID[f"soort-bijdrage/{row.kind}"], (*at, "kind"))
        self.add(iri, PROV.wasDerivedFrom, self.source("budget", row.article or article))
        for prop, key, value in (
            (RD.publicAmount, "public", row.public),
            (RD.privateAmount, "private", row.private),
            (RD.totalAmount, "total", row.total),
        ):
            self.add(iri, prop, _amount(value), (*at, key))
        self.add(iri, RD.amountNote, row.note and Lit(row.note), (*at, "note"))

    def _amounts(self, iri: URIRef, row: Totals | None, at: PathKey) -> None:
        if row is None:
            return
        for prop, key, value in (
            (RD.rijkAmount, "rijk", row.rijk),
            (RD.regionalAmount, "regional", row.regional),
            (RD.otherAmount, "other", row.other),
            (RD.totalAmount, "total", row.total),
        ):
            self.add(iri, prop, _amount(value), (*at, key))

    def _results(self) -> None:
        for n, result in enumerate(self.spec.results, start=1):
            iri, at = self._numbered("resultaat", "results", n, result.article)
            self.fact(RD.intendedResult, iri, "results", at, result.article)
            self.add(iri, RDF.type, RD.IntendedResult)
            self.add(iri, RD.indicator, Lit(result.indicator, lang="nl"), (*at, "indicator"))
            self.add(iri, RD.resultOf, result.goal and self.goal_iri(result.goal), (*at, "goal"))
            self.add(iri, RD.baselineValue, _amount(result.baseline), (*at, "baseline"))
            self.add(iri, RD.targetValue, _amount(result.target), (*at, "target"))
            self._plain(
                iri,
                result,
                at,
                (RD.baselineYear, "baseline_year"),
                (RD.targetYear, "target_year"),
                (RD.unit, "unit"),
            )
            self.add(iri, RD.unitCode, _unit(result.unit_code), (*at, "unit_code"))
            self.add(iri, RD.unitPer, _unit(result.unit_per), (*at, "unit_per"))

    def _clauses(self) -> None:
        for i, clause in enumerate(self.spec.clauses):
            iri = ID[f"bepaling/{self.slug}/{clause.type}"]
            at: PathKey = ("clauses", i)
            self.origin(iri, at)
            self.fact(RD.clause, iri, "clauses", at, clause.article)
            cls = RD.Obligation if clause.type == "voortgangsrapportage" else RD.Clause
            self.add(iri, RDF.type, cls)
            self.add(iri, RD.clauseType, ID[f"soort-bepaling/{clause.type}"], (*at, "type"))
            self.add(iri, PROV.wasDerivedFrom, self.source("clauses", clause.article))
            self._plain(
                iri,
                clause,
                at,
                (RD.noticePeriodMonths, "notice_period_months"),
                (RD.responseWeeks, "response_weeks"),
                (RD.quote, "quote"),
            )
            self._clause_parameters(iri, clause, at)
            self.add(
                iri,
                RD.frequency,
                clause.frequency and Lit(clause.frequency, lang="nl"),
                (*at, "frequency"),
            )
            self.add(
                iri,
                RD.responsibleParty,
                clause.responsible_party and party_iri(clause.responsible_party),
                (*at, "responsible_party"),
            )

    def _plain(
        self, iri: URIRef, item: BaseModel, at: PathKey, *fields: tuple[URIRef, str]
    ) -> None:
        """Each (property, field) of `item` that the official filled in, as a plain literal."""
        for prop, field in fields:
            value = getattr(item, field)
            self.add(iri, prop, value and Lit(value), (*at, field))

    def _clause_parameters(self, iri: URIRef, clause: Clause, at: PathKey) -> None:
        """The numbers a consultation or reporting duty carries, compared with the standard."""
        self.add(
            iri, RD.meetingsPerYear, _amount(clause.meetings_per_year), (*at, "meetings_per_year")
        )
        for field, prop in (
            ("draft_due", RD.draftDueDate),
            ("submission_due", RD.submissionDueDate),
        ):
            day = getattr(clause, field)
            self.add(iri, prop, day and Lit(day, datatype=XSD.gMonthDay), (*at, field))


def _segment(number: str) -> str:
    """A goal or intervention number as one IRI path segment ("1.1" stays, "1 a" is escaped)."""
    return quote(number.strip(), safe="-._~")


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
    return format_graph(build_deal(_read_text(path), str(path)).graph)


@dataclass
class BuiltDeal:
    """A deal made from YAML text, with where in the text each node and fact came from."""

    graph: Graph
    origins: Origins
    source: SourceMap

    def locate(
        self, focus: str, path: str | None, value: str | None, deal: str | None
    ) -> tuple[str, Position] | None:
        """The YAML field (dotted) and place a finding points to: the fact itself, else its
        node, else its deal; None when the finding is about none of them."""
        candidates = [(focus, path, value), (focus, path, None), (focus, None, None)]
        if deal is not None:
            candidates.append((deal, None, None))
        for key in candidates:
            at = self.origins.get(key)
            if at is not None:
                place = self.source.find(at)
                if place is not None:
                    return dotted(at), place
        return None


def build_deal(text: str, name: str) -> BuiltDeal:
    """The deal graph of a YAML text; AuthoringError (with lines) if the text is not one."""
    spec, source = parse_deal(text, name)
    builder = Builder(spec, Path(name).name)
    return BuiltDeal(builder.build(), builder.origins, source)


def _unit(code: str | None) -> URIRef | None:
    return ID[f"eenheid/{code}"] if code else None
