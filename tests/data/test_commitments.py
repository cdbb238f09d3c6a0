"""Committed, indicative and requested money (docs/data-conventions.md, "Money: committed and
indicative amounts"): the kinds as the sentences state them, hand-read from the sources."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef

from regiodeal.namespaces import ID, PROV, RD

DOCS = Path(__file__).parents[2] / "docs" / "data-conventions.md"
KIND = "https://w3id.org/regiodeal/id/soort-toezegging/"


def doc_query(heading: str) -> str:
    """The SPARQL block of data-conventions.md whose first line is `# {heading}`."""
    blocks = re.findall(r"```sparql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith(f"# {heading}\n"))


def commitments(graph: Graph, deal: str) -> set[tuple[str, str, Decimal]]:
    """(kind, property, amount) of each commitment of a deal."""
    return {
        (
            str(graph.value(c, RD.commitmentKind)).removeprefix(KIND),
            str(graph.value(c, RD.aboutProperty)).rsplit("#", 1)[1],
            Decimal(str(graph.value(c, RD.amount))),
        )
        for c in graph.objects(ID[f"regiodeal/{deal}"], RD.financialCommitment)
    }


def test_the_documented_query_splits_committed_from_indicative_regional_money(
    graph: Graph,
) -> None:
    # 000 art. 4 lid 2 "De Regio reserveert minimaal ... € 12,3 mln."; 002 art. 5 lid 2 "de Regio
    # spant zich in een bijdrage van € 7,5 miljoen te leveren"; 001 art. 5 lid 2 "reserveert
    # minimaal ... € 18 miljoen en beoogt 27 miljoen en regionale partners 4 miljoen". The
    # application (003) asks, it commits nothing: it must not show up as either kind.
    rows = graph.query(doc_query("committed versus indicative regional money per deal"))
    found = {
        (str(deal).rsplit("/", 1)[1], str(kind).removeprefix(KIND), Decimal(str(total)))
        for deal, kind, total in rows  # type: ignore[misc]
    }
    assert found == {
        ("delft-west", "toegezegd", Decimal("12300000")),
        ("den-haag-zuidwest", "indicatief", Decimal("7500000")),
        ("den-haag-zuidwest-ii", "toegezegd", Decimal("18000000")),
        ("den-haag-zuidwest-ii", "indicatief", Decimal("31000000")),
    }


def test_the_application_requests_its_rijk_contribution(graph: Graph) -> None:
    # 003 "Rijksbijdrage en looptijd": "de regio met vertrouwen de maximale Rijksbijdrage van
    # 40 miljoen vraagt"; its REGIO column has no sentence stating a kind, so no commitment.
    assert commitments(graph, "rijswijk-den-haag") == {
        ("gevraagd", "rijkContribution", Decimal("40000000"))
    }
    requested = URIRef(KIND + "gevraagd")
    assert (requested, URIRef("http://www.w3.org/2004/02/skos/core#broader"), None) not in graph


def test_web_publications_that_state_a_reservation(graph: Graph) -> None:
    # metropoolregioeindhoven.nl: "voor de regio Zuidoost-Brabant € 20 miljoen is gereserveerd
    # vanuit Regiodeals 5e tranche"; Binnenlands Bestuur 18-02-2020: "Het kabinet reserveert
    # maximaal 17,5 miljoen euro voor Noord-Limburg". Both about the amount at selection.
    assert commitments(graph, "metropoolregio-eindhoven") == {
        ("toegezegd", "selectedRijkContribution", Decimal("20000000"))
    }
    assert commitments(graph, "noord-limburg") == {
        ("toegezegd-maximum", "selectedRijkContribution", Decimal("17500000"))
    }
    # Binnenlands Bestuur is secondary; the municipality of Beesel (17-02-2020) states the same
    # maximum officially: "een maximum bijdrage uit de Regio Envelop van 17,5 miljoen euro".
    sources = {
        str(graph.value(c, PROV.wasDerivedFrom)).rsplit("/document/", 1)[1]
        for c in graph.objects(ID["regiodeal/noord-limburg"], RD.financialCommitment)
    }
    assert sources == {
        "binnenlandsbestuur-2020-02-18-laatste-tranche-regiodeals/zuidwest",
        "gemeente-beesel-2020-02-17-regiodeal-noord-limburg/tekst",
    }
    # the letter's annex says "is ... beschikbaar" / "De Regio investeert ook": no kind stated
    assert commitments(graph, "arnhem-nijmegen") == set()
