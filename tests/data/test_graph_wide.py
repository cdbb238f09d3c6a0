"""Rules every deal file follows (docs/data-conventions.md), checked over the whole graph."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from .graph_helpers import RD, document_of
from .test_traceability import normalise, seed_text

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
    RD.translatedLabel,  # a translation by the project, not a fact read from a passage
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


def described_by_seeds(graph: Graph, deal: URIRef) -> bool:
    """The deal is derived from a seed document (one with rd:seedFile), not only from the web."""
    documents = {document_of(graph, source) for source in graph.objects(deal, PROV.wasDerivedFrom)}
    return any(graph.value(doc, RD.seedFile) is not None for doc in documents if doc is not None)


def test_the_seeds_describe_22_deals(graph: Graph) -> None:
    # 000, 001, 002, 003 one deal each; 004: 13 with figures (DHZW II shared with 001) + North
    # Sea Port District + 5 predecessors (Twente, Zuid- en Oost-Drenthe, Parkstad-Limburg, ZaanIJ,
    # Rotterdam-Zuid) = 4 + 12 + 1 + 5 = 22. Web publications add deals beside these.
    assert len([deal for deal in deals(graph) if described_by_seeds(graph, deal)]) == 22


def test_every_deal_level_fact_has_a_fact_source(graph: Graph) -> None:
    missing = []
    for deal in deals(graph):
        sourced = {graph.value(fs, RD.aboutProperty) for fs in graph.objects(deal, RD.factSource)}
        for prop in set(graph.predicates(deal, None)) - NOT_FACTS - sourced:
            missing.append(f"{deal} {prop}")
    assert not missing, "deal facts without rd:factSource:\n" + "\n".join(sorted(missing))


def test_every_fact_source_names_a_part_of_a_source_document(graph: Graph) -> None:
    for deal in deals(graph):
        for fact in graph.objects(deal, RD.factSource):
            parts = list(graph.objects(fact, PROV.wasDerivedFrom))
            assert parts, (deal, fact)
            assert all(document_of(graph, part) is not None for part in parts), (deal, parts)


def test_every_covenant_signature_has_its_name_as_printed(graph: Graph) -> None:
    """A person is shared by the documents that name them, so foaf:name holds every form they
    use; rd:printedName is the form of this signature's covenant (party list or signature
    block), and it is printed there (line breaks aside) and in the signature's rd:quote.
    Checked where the covenant's text is in data/seeds; a deal entered with the YAML template
    has no covenant text here (its signatures are what the official typed)."""
    problems, checked = [], 0
    for deal in deals(graph):
        covenants = [
            doc
            for doc in graph.objects(deal, PROV.wasDerivedFrom)
            if str(graph.value(doc, DCTERMS.type)) == "convenant"
            and graph.value(doc, RD.seedFile) is not None
        ]
        if not covenants:
            continue
        for signature in graph.objects(deal, RD.signature):
            checked += 1
            names = list(graph.objects(signature, RD.printedName))
            if len(names) != 1:
                problems.append(f"{signature}: {len(names)} rd:printedName")
                continue
            name = normalise(str(names[0]))
            documents = {
                document_of(graph, part) for part in graph.objects(signature, PROV.wasDerivedFrom)
            } & set(covenants)
            if not documents:
                problems.append(f"{signature}: not derived from a part of {covenants}")
            for document in documents:
                if name not in seed_text(str(graph.value(document, RD.seedFile))):
                    problems.append(f"{signature}: {name!r} not in {document}")
            for quote in graph.objects(signature, RD.quote):
                if name not in normalise(str(quote)):
                    problems.append(f"{signature}: {name!r} not in its rd:quote")
    # 000 Partijen 1-5, 001 Partijen 1-5 (three persons under 5), 002 Partijen 1-8: 5 + 7 + 8
    assert checked == 20
    assert not problems, "\n".join(sorted(problems))


# Intended results whose source states the direction in words (docs/data-conventions.md,
# "Money: committed and indicative amounts" / target direction): 000 resultaat 2 "een groei van
# 3 naar 9 scholen", 33 "stijgt ... met 0,2"; 002 "Sociale cohesie indicator stijgt", "Het
# percentage mensen dat zich onveilig voelt daalt", "Het aantal huishoudens met problematische
# schulden neemt af"; 003 "wordt uitgebreid van de huidige 15 naar meer acties per jaar",
# "met 10% afgenomen", "is het aantal vroegtijdig schoolverlaters gedaald", "Het percentage
# huishoudens dat moeite heeft met rondkomen is gedaald".
STATED_DIRECTIONS = {
    "delft-west/2": "stijging",
    "delft-west/33": "stijging",
    "den-haag-zuidwest/1": "stijging",
    "den-haag-zuidwest/2": "daling",
    "den-haag-zuidwest/5": "daling",
    "rijswijk-den-haag/3": "stijging",
    "rijswijk-den-haag/4": "daling",
    "rijswijk-den-haag/8": "daling",
    "rijswijk-den-haag/9": "daling",
}


def test_target_directions_as_stated(graph: Graph) -> None:
    base = "https://w3id.org/regiodeal/id/"
    found = {
        str(r).removeprefix(base + "resultaat/"): str(d).removeprefix(base + "richting/")
        for r, d in graph.subject_objects(RD.targetDirection)
    }
    assert found == STATED_DIRECTIONS
    # the word is in the result's own quote, the passage the direction is read from
    words = {
        "stijging": ("stijgt", "groei", "uitgebreid"),
        "daling": ("daalt", "neemt af", "afgenomen", "gedaald"),
    }
    for result, direction in STATED_DIRECTIONS.items():
        quotes = " ".join(map(str, graph.objects(URIRef(f"{base}resultaat/{result}"), RD.quote)))
        assert any(w in quotes for w in words[direction]), (result, quotes)


def test_every_printed_unit_has_a_unit_code(graph: Graph) -> None:
    """docs/data-conventions.md, target direction and units: rd:unit stays as printed, and every
    intended result with a unit has one rd:unitCode from the small scheme/eenheid."""
    scheme = URIRef("https://w3id.org/regiodeal/id/scheme/eenheid")
    printed: set[str] = set()
    codes: set[URIRef] = set()
    for result, unit in graph.subject_objects(RD.unit):
        printed.add(str(unit))
        code = list(graph.objects(result, RD.unitCode))
        assert len(code) == 1, (result, unit, code)
        assert (code[0], SKOS.inScheme, scheme) in graph
        codes.add(code[0])
        for per in graph.objects(result, RD.unitPer):
            assert (per, SKOS.inScheme, scheme) in graph
            assert " per " in str(unit), (result, unit)  # a denominator only where printed
    assert len(codes) < len(printed)  # the point of the list: fewer codes than printed forms


@pytest.mark.parametrize(
    ("result", "code", "per"),
    [
        ("den-haag-zuidwest/2", "procentpunt", None),  # 002: "daalt ... met 10 procentpunten"
        ("delft-west/33", "rapportcijfer", None),  # 000: "van een cijfer 6,3 naar 6,5"
        ("delft-west/38", "arbeidsplaats", "organisatie"),  # 000: "3 extra arbeidsplaatsen"
    ],
)
def test_unit_codes_spot_checks(graph: Graph, result: str, code: str, per: str | None) -> None:
    base = "https://w3id.org/regiodeal/id/"
    node = URIRef(f"{base}resultaat/{result}")
    assert list(graph.objects(node, RD.unitCode)) == [URIRef(f"{base}eenheid/{code}")]
    expected = [URIRef(f"{base}eenheid/{per}")] if per else []
    assert list(graph.objects(node, RD.unitPer)) == expected
