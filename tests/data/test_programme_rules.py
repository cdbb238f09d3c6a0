"""The programme's public rules per tranche (minimum / maximum Rijk contribution per deal, Rijk at
most half) and the budgets of tranches 4-6, each with the publication that prints it.

Read by hand from the stored copies of (consulted 2026-12-02):
- rijksoverheid.nl 'De Regio Deals: hoe werkt het?' (uitleg-regio-deals): "€ 284,2 miljoen voor
  ronde 4 (2023)", "€ 384,6 miljoen voor ronde 5 (2024)", "€ 216,6 miljoen voor ronde 6 (2025)";
  "Het Rijk betaalt maximaal de helft van elk benodigd bedrag. De Rijksbijdrage is eenmalig en
  bedraagt minimaal € 5 miljoen en maximaal € 40 miljoen." (after the 2022-2025 budget: tranches
  4, 5, 6)
- elkeregiotelt.nl 'Vijfde tranche Regio Deals': "€ 384,6 miljoen" (5), "€ 216,6 miljoen" (6)
- elkeregiotelt.nl 15-07-2022: "284,2 miljoen" (4); "per deal minimaal € 5 miljoen en maximaal
  € 40 miljoen"
- elkeregiotelt.nl 09-11-2023: "€384,6 miljoen" (5); "tussen de 5 en 40 miljoen euro"
- rvo.nl 'Regio Deals - derde tranche': "minimaal € 5 miljoen en maximaal € 40 miljoen";
  "minimaal hetzelfde bedrag aan cofinanciering" (3)
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, XSD

from regiodeal.namespaces import ID, RD

from .graph_helpers import document_of, one

UITLEG = ID["document/uitleg-regio-deals"]
VIJFDE = ID["document/elkeregiotelt-vijfde-tranche-regio-deals"]
ERT_2022 = ID["document/elkeregiotelt-2022-07-15-vierde-tranche-geopend"]
ERT_2023 = ID["document/elkeregiotelt-2023-11-09-29-voorstellen"]
RVO_3 = ID["document/rvo-regio-deals-derde-tranche"]
MILLION = Decimal(1_000_000)

# (tranche, property, value as printed, documents that print it)
RULES = [
    (3, RD.minimumRijkContribution, 5 * MILLION, {RVO_3}),
    (3, RD.maximumRijkContribution, 40 * MILLION, {RVO_3}),
    # "minimaal hetzelfde bedrag aan cofinanciering": region >= Rijk, so Rijk <= 1/2 of the total
    (3, RD.maximumRijkShare, Decimal("0.5"), {RVO_3}),
    (4, RD.minimumRijkContribution, 5 * MILLION, {UITLEG, ERT_2022}),
    (4, RD.maximumRijkContribution, 40 * MILLION, {UITLEG, ERT_2022}),
    (4, RD.maximumRijkShare, Decimal("0.5"), {UITLEG}),
    (5, RD.minimumRijkContribution, 5 * MILLION, {UITLEG, ERT_2023}),
    (5, RD.maximumRijkContribution, 40 * MILLION, {UITLEG, ERT_2023}),
    (5, RD.maximumRijkShare, Decimal("0.5"), {UITLEG}),
    (6, RD.minimumRijkContribution, 5 * MILLION, {UITLEG}),
    (6, RD.maximumRijkContribution, 40 * MILLION, {UITLEG}),
    (6, RD.maximumRijkShare, Decimal("0.5"), {UITLEG}),
    (4, RD.availableAmount, Decimal("284.2") * MILLION, {UITLEG, ERT_2022}),
    (5, RD.availableAmount, Decimal("384.6") * MILLION, {UITLEG, VIJFDE, ERT_2023}),
]


def tranche(n: int) -> URIRef:
    return ID[f"tranche/{n}"]


def fact_sources(graph: Graph, subject: URIRef, prop: URIRef) -> list[URIRef]:
    return [
        f for f in graph.objects(subject, RD.factSource) if graph.value(f, RD.aboutProperty) == prop
    ]


@pytest.mark.parametrize(
    ("n", "prop", "value", "documents"),
    RULES,
    ids=[f"{n}-{p.fragment}" for n, p, _, _ in RULES],
)
def test_rule_value_as_printed_with_its_sources(
    graph: Graph, n: int, prop: URIRef, value: Decimal, documents: set[URIRef]
) -> None:
    literal = one(graph, tranche(n), prop)  # one value: the sources agree
    assert literal.datatype == XSD.decimal
    assert literal.toPython() == value
    facts = fact_sources(graph, tranche(n), prop)
    cited = {document_of(graph, p) for f in facts for p in graph.objects(f, PROV.wasDerivedFrom)}
    assert documents <= cited  # other publications (a selection) may state the figure too
    for fact in facts:  # each source quotes the few words that carry the figure
        assert graph.value(fact, RD.quote) is not None


def test_no_rules_for_tranches_without_a_source(graph: Graph) -> None:
    # No page read states the rules of tranche 1 (tranche 2's come from RVO's 2018 page, see
    # test_programme_tranches_1_2): nothing is recorded for it.
    for n in (1,):
        for prop in (RD.minimumRijkContribution, RD.maximumRijkContribution, RD.maximumRijkShare):
            assert graph.value(tranche(n), prop) is None, (n, prop)


def test_the_three_budgets_of_2022_2025_add_up_to_the_900_million(graph: Graph) -> None:
    # 284,2 + 384,6 + 216,6 = 885,4 <= 900 ("voor de periode 2022 - 2025 € 900 miljoen"); the
    # page does not say where the other 14,6 go, so this only checks the budgets fit the envelope.
    sixth = {v.toPython() for v in graph.objects(tranche(6), RD.availableAmount)}
    assert Decimal("216.6") * MILLION in sixth  # the uitleg and vijfde-tranche pages
    total = sum(one(graph, tranche(n), RD.availableAmount).toPython() for n in (4, 5))
    total += Decimal("216.6") * MILLION
    assert total == Decimal("885.4") * MILLION
    assert total <= 900 * MILLION


def test_the_sixth_tranche_budget_is_recorded_both_ways_with_the_discrepancy(graph: Graph) -> None:
    # uitleg-regio-deals and elkeregiotelt's vijfde-tranche page: "€ 216,6 miljoen" for the sixth
    # tranche; elkeregiotelt's zesde-tranche page: "€ 244,3 miljoen gereserveerd". Both are kept,
    # and an rd:Discrepancy on the tranche cites both pages.
    values = {v.toPython() for v in graph.objects(tranche(6), RD.availableAmount)}
    assert values == {Decimal("216.6") * MILLION, Decimal("244.3") * MILLION}
    discrepancies = list(graph.objects(tranche(6), RD.discrepancy))
    assert discrepancies
    cited = {
        document_of(graph, part)
        for d in discrepancies
        for part in graph.objects(d, PROV.wasDerivedFrom)
    }
    assert {VIJFDE, ID["document/elkeregiotelt-zesde-tranche-regio-deals"]} <= cited
