"""A complete signed test deal with as many budget lines as asked: input for cost tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from regiodeal.namespaces import ID, RD

TEMPLATE = Path(__file__).parents[1] / "shapes" / "valid" / "signed-covenant.ttl"
GOAL_LINE = 1000  # national and regional amount of each goal line; VAT line: 10


def _amounts(graph: Graph, node: object, national: int) -> None:
    for predicate, value in (
        (RD.rijkAmount, national),
        (RD.regionalAmount, national),
        (RD.totalAmount, 2 * national),
    ):
        graph.set((node, predicate, Literal(f"{value}.0", datatype=XSD.decimal)))


def budget_deal(lines: int) -> Graph:
    """The signed test deal with `lines` budget lines (the last one VAT) that all add up."""
    deal = Graph().parse(TEMPLATE, format="turtle")
    budget, goal = ID["begroting/test-deal"], ID["doel/test-deal/1"]
    for line in list(deal.objects(budget, RD.budgetLine)):
        deal.remove((line, None, None))
        deal.remove((budget, RD.budgetLine, line))
    for i in range(1, lines + 1):
        line = ID[f"begroting/test-deal/regel-{i}"]
        vat = i == lines
        deal.add((budget, RD.budgetLine, line))
        deal.add((line, RDF.type, RD.ExecutionCostsLine if vat else RD.BudgetLine))
        deal.add((line, RDFS.label, Literal("Uitvoeringskosten" if vat else f"{i}. Doel 1")))
        deal.add((line, RD.order, Literal(i)))
        deal.add((line, PROV.wasDerivedFrom, ID["document/test-convenant/artikel-4"]))
        if not vat:
            deal.add((line, RD.forGoal, goal))
        _amounts(deal, line, 10 if vat else GOAL_LINE)
    national = GOAL_LINE * (lines - 1) + 10
    _amounts(deal, budget, national)
    contribution = Literal(f"{national}.0", datatype=XSD.decimal)
    deal.set((ID["regiodeal/test-deal"], RD.rijkContribution, contribution))
    # The regional contribution is the table's regional column (rd:RegionalContributionMatches-
    # Shape); the regional financing table of the template, with its own total, is left out.
    deal.set((ID["regiodeal/test-deal"], RD.regionalContribution, contribution))
    for row in list(deal.objects(budget, RD.regionalFinancingLine)):
        deal.remove((row, None, None))
        deal.remove((budget, RD.regionalFinancingLine, row))
    return deal


def financing_totals_deal(rows: int) -> Graph:
    """The signed test deal with `rows` regional financing rows that each claim to be the total.

    Each such row is checked against the sum of all the others: work grows with rows x rows, so
    a few hundred kilobytes keep a validator busy for minutes (a slow input for timeout tests).
    """
    deal = Graph().parse(TEMPLATE, format="turtle")
    budget = ID["begroting/test-deal"]
    for i in range(rows):
        row = ID[f"begroting/test-deal/totaal-{i}"]
        deal.add((budget, RD.regionalFinancingLine, row))
        deal.add((row, RDF.type, RD.RegionalFinancingLine))
        deal.add((row, RD.contributionKind, ID["soort-bijdrage/totaal"]))
        for predicate in (RD.publicAmount, RD.privateAmount, RD.totalAmount):
            deal.add((row, predicate, Literal("1.0", datatype=XSD.decimal)))
    return deal
