"""The sixth tranche from the web publications (issue #13): counts, sums, outcome, provenance.

Sources (data/ttl/web/): rijksoverheid.nl news of 3 February 2025 (table '16 Regio Deals'),
Kamerbrief 29 697 nr. 159 of the same day, the elkeregiotelt.nl page on the sixth tranche, and
rijksoverheid.nl news of 19 November 2025 ('Groen licht voor 16 nieuwe Regio Deals'), and the
gemeente Tytsjerksteradiel's news of the same day on the signing of Noordoost-Fryslân II.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from regiodeal.namespaces import ID

from .graph_helpers import RD, document_of, one

TRANCHE = ID["tranche/6"]
SELECTION = ID["document/nieuws-2025-02-03-zesde-tranche-regio-deals"]
LETTER = ID["document/kamerbrief-selectie-zesde-tranche"]
COVENANTS = ID["document/nieuws-2025-11-19-groen-licht-16-regio-deals"]
RIJSWIJK = ID["regiodeal/rijswijk-den-haag"]
NOF_II = ID["regiodeal/noordoost-fryslan-ii"]
TDIEL = ID["document/gemeente-tytsjerksteradiel-2025-11-19-regio-deal-noordoost-fryslan-ii"]


def status(code: str) -> URIRef:
    return ID[f"status/{code}"]


def selected(graph: Graph) -> list[URIRef]:
    """Deals of the sixth tranche that carry an amount at selection."""
    return sorted(
        deal
        for deal in graph.subjects(RD.tranche, TRANCHE)
        if graph.value(deal, RD.selectedRijkContribution) is not None
    )


def test_sixteen_deals_selected_as_printed(graph: Graph) -> None:
    # News 3-2-2025: "De 16 geselecteerde voorstellen"; the table has 16 rows.
    deals = selected(graph)
    assert len(deals) == 16
    assert int(one(graph, TRANCHE, RD.selectedDealCount)) == len(deals)
    assert set(graph.objects(SELECTION, RD.listsDeal)) == set(deals)
    assert set(graph.objects(COVENANTS, RD.listsDeal)) == set(deals)


def test_amounts_add_up_to_the_printed_total(graph: Graph) -> None:
    # Table '16 Regio Deals' (rijksoverheid.nl, 3-2-2025), in millions, row by row:
    # 15 + 18 + 8,5 + 25 + 22,5 + 15 + 25 + 10 + 13 + 20 + 8,3 + 13 + 18 + 10 + 10 + 13 = 244,3
    # (running: 33, 41.5, 66.5, 89, 104, 129, 139, 152, 172, 180.3, 193.3, 211.3, 221.3, 231.3,
    # 244.3); the title prints "€244,3 miljoen voor 16 Regio Deals".
    amounts = [
        Decimal(str(one(graph, deal, RD.selectedRijkContribution))) for deal in selected(graph)
    ]
    assert sum(amounts) == Decimal("244300000")
    # 244.3 reserved (zesde-tranche page); 216.6 is kept beside it with an rd:Discrepancy
    assert Literal(Decimal("244300000.0"), datatype=XSD.decimal) in set(
        graph.objects(TRANCHE, RD.availableAmount)
    )


def test_tranche_facts(graph: Graph) -> None:
    assert one(graph, TRANCHE, RD.selectionDate) == Literal("2025-02-03", datatype=XSD.date)
    assert int(one(graph, TRANCHE, RD.proposalCount)) == 27  # Kamerbrief: "27 voorstellen"
    assert {SELECTION, LETTER} <= set(graph.objects(TRANCHE, RD.announcedIn))
    assert one(graph, LETTER, RD.url).startswith("https://www.tweedekamer.nl/")
    assert "29697-159" in {str(i) for i in graph.objects(LETTER, DCTERMS.identifier)}


def test_every_selected_deal_has_its_selection_status_change(graph: Graph) -> None:
    for deal in selected(graph):
        # Noordoost-Fryslân II is signed since 19-11-2025 (test below); the others are selected.
        expected = "ondertekend" if deal == NOF_II else "geselecteerd"
        assert one(graph, deal, RD.status) == status(expected)
        changes = [
            c
            for c in graph.objects(deal, RD.statusChange)
            if graph.value(c, RD.newStatus) == status("geselecteerd")
        ]
        assert len(changes) == 1, deal
        assert one(graph, changes[0], DCTERMS.date) == Literal("2025-02-03", datatype=XSD.date)
        assert document_of(graph, one(graph, changes[0], PROV.wasDerivedFrom)) == SELECTION


def test_every_amount_has_a_web_source_with_its_row(graph: Graph) -> None:
    for deal in selected(graph):
        sources = [
            fs
            for fs in graph.objects(deal, RD.factSource)
            if graph.value(fs, RD.aboutProperty) == RD.selectedRijkContribution
        ]
        assert len(sources) == 1, deal
        part = one(graph, sources[0], PROV.wasDerivedFrom)
        assert (part, RDF.type, RD.DocumentPart) in graph
        document = document_of(graph, part)
        assert (document, RDF.type, RD.WebPublication) in graph
        assert str(one(graph, document, RD.url)).startswith("https://")
        # The quote carries the printed amount: "€ 15 miljoen" for 15000000.0.
        millions = Decimal(str(one(graph, deal, RD.selectedRijkContribution))) / 1000000
        printed = f"€ {millions.normalize():f}".replace(".", ",") + " miljoen"
        assert str(one(graph, sources[0], RD.quote)).endswith(printed), (deal, printed)


def test_names_at_covenant_stage_and_predecessors(graph: Graph) -> None:
    parkstad = ID["regiodeal/parkstad-limburg-iii"]
    assert one(graph, parkstad, RDFS.label) == Literal("Regio Deal Parkstad Limburg", lang="nl")
    assert one(graph, parkstad, SKOS.altLabel) == Literal(
        "Regio Deal Parkstad Limburg III", lang="nl"
    )
    assert one(graph, parkstad, RD.predecessor) == ID["regiodeal/parkstad-limburg-ii"]
    # News 19-11-2025: seven of the sixteen names end in II or III, each with a predecessor.
    numbered = [d for d in selected(graph) if str(one(graph, d, SKOS.altLabel)).endswith("I")]
    assert len(numbered) == 7
    assert all(graph.value(d, RD.predecessor) is not None for d in numbered)
    assert not [d for d in selected(graph) if d not in numbered and graph.value(d, RD.predecessor)]


def test_signing_only_where_a_source_says_signed(graph: Graph) -> None:
    # The news of 19-11-2025 says the covenants are "definitief vastgesteld", with no date: no
    # status change to ondertekend is recorded from it. The gemeente Tytsjerksteradiel writes
    # "19 november 2025 – Vandaag ... is de Regio Deal Noordoost-Fryslân II officieel ondertekend
    # door het Rijk en de regio": one signed change, dated 2025-11-19, from that page only.
    signed = {
        deal: change
        for deal in selected(graph)
        for change in graph.objects(deal, RD.statusChange)
        if graph.value(change, RD.newStatus) == status("ondertekend")
    }
    assert set(signed) == {NOF_II}
    change = signed[NOF_II]
    assert one(graph, change, DCTERMS.date) == Literal("2025-11-19", datatype=XSD.date)
    assert document_of(graph, one(graph, change, PROV.wasDerivedFrom)) == TDIEL
    assert one(graph, TDIEL, DCTERMS.type) == Literal("Nieuwsbericht")
    assert COVENANTS not in {
        document_of(graph, p) for p in graph.objects(change, PROV.wasDerivedFrom)
    }


def test_rijswijk_den_haag_was_not_selected(graph: Graph) -> None:
    assert RIJSWIJK not in set(selected(graph))
    assert RIJSWIJK not in set(graph.objects(SELECTION, RD.listsDeal))
    outcomes = [
        change
        for change in graph.objects(RIJSWIJK, RD.statusChange)
        if graph.value(change, RD.newStatus) == status("niet-geselecteerd")
    ]
    assert len(outcomes) == 1
    outcome = outcomes[0]
    assert one(graph, outcome, DCTERMS.date) == Literal("2025-02-03", datatype=XSD.date)
    assert one(graph, outcome, PROV.wasDerivedFrom) == ID[f"{SELECTION[len(ID) :]}/tabel"]
    assert "niet noemt" in str(one(graph, outcome, RDFS.comment))
    # The seed's status stays as the application states it.
    assert one(graph, RIJSWIJK, RD.status) == status("aanvraag")


NPLV = ID["programma/nplv"]
NPLV_LIST = ID["document/gemeente-nu-2022-07-nplv-20-focusgebieden"]


def test_twenty_nplv_focus_areas_from_the_list(graph: Graph) -> None:
    # gemeente.nu (July 2022, secondary; cites the programme): "19 gemeenten met 20 stedelijke
    # focusgebieden" and a list of 20 names, two of which (Delft West, Den Haag Zuidwest) were
    # already in reference/programmes.ttl from the seeds.
    areas = set(graph.subjects(RD.programme, NPLV)) & set(graph.subjects(RDF.type, RD.FocusArea))
    assert len(areas) == 20
    for area in areas:
        sources = {document_of(graph, p) for p in graph.objects(area, PROV.wasDerivedFrom)}
        assert NPLV_LIST in sources, area
    assert one(graph, NPLV_LIST, DCTERMS.type) == Literal("Nieuwsartikel (secundair)")


def test_nplv_municipalities_only_from_the_reference(graph: Graph) -> None:
    # A municipality is linked only where its TOOI IRI is in identifiers.csv; since the ten
    # missing municipalities were added there (KOOP rwc_gemeenten_compleet v4), all 20 areas are
    # linked, to 19 municipalities ("19 gemeenten met 20 stedelijke focusgebieden"; Amsterdam
    # holds two). tests/data/test_nplv_focus_areas.py checks which municipality each area has.
    areas = set(graph.subjects(RD.programme, NPLV)) & set(graph.subjects(RDF.type, RD.FocusArea))
    located = {area: graph.value(area, RD.locatedIn) for area in areas}
    linked = {area: town for area, town in located.items() if town is not None}
    assert len(linked) == 20
    assert all((town, RDF.type, RD.Municipality) in graph for town in linked.values())
    assert len(set(linked.values())) == 19
