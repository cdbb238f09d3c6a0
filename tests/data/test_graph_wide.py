"""Rules every deal file follows (docs/data-conventions.md), checked over the whole graph."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, PROV, SKOS, XSD

from .graph_helpers import RD

AMOUNTS = (
    RD.rijkContribution,
    RD.regionalContribution,
    RD.rijkAmount,
    RD.regionalAmount,
    RD.publicAmount,
    RD.privateAmount,
    RD.otherAmount,
    RD.totalAmount,
    RD.envelopeAmount,
)
# Deal properties that are bookkeeping, not facts read from a passage.
NOT_FACTS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SKOS.altLabel,
    RD.factSource,
    RD.discrepancy,
    PROV.wasDerivedFrom,
    OWL.sameAs,
    RD.quote,
}


def deals(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, RD.RegioDeal))


@pytest.mark.parametrize("prop", AMOUNTS, ids=lambda p: p.fragment)
def test_every_amount_is_a_non_negative_decimal_in_euros(graph: Graph, prop: URIRef) -> None:
    values = list(graph.objects(None, prop))
    for value in values:
        assert value.datatype == XSD.decimal, (prop, value)
        assert Decimal(str(value)) >= 0, (prop, value)


def test_the_bundled_graph_has_all_22_deals(graph: Graph) -> None:
    # 000, 001, 002, 003 one deal each; 004: 13 with figures (DHZW II shared with 001) + North
    # Sea Port District + 5 predecessors (Twente, Zuid- en Oost-Drenthe, Parkstad-Limburg, ZaanIJ,
    # Rotterdam-Zuid) = 4 + 12 + 1 + 5 = 22
    assert len(deals(graph)) == 22


def test_every_deal_level_fact_has_a_fact_source(graph: Graph) -> None:
    missing = []
    for deal in deals(graph):
        sourced = {graph.value(fs, RD.aboutProperty) for fs in graph.objects(deal, RD.factSource)}
        for prop in set(graph.predicates(deal, None)) - NOT_FACTS - sourced:
            missing.append(f"{deal} {prop}")
    assert not missing, "deal facts without rd:factSource:\n" + "\n".join(sorted(missing))


def test_every_fact_source_names_a_part_of_a_source_document(graph: Graph) -> None:
    from .graph_helpers import document_of

    for deal in deals(graph):
        for fact in graph.objects(deal, RD.factSource):
            parts = list(graph.objects(fact, PROV.wasDerivedFrom))
            assert parts, (deal, fact)
            assert all(document_of(graph, part) is not None for part in parts), (deal, parts)
