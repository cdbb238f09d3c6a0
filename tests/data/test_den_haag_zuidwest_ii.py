"""Regio Deal Den Haag Zuidwest II (4th tranche): facts checked against the sources.

Sources: seeds/001_a1994b5d9daedc16.txt (the covenant, document slug
convenant-den-haag-zuidwest-ii) and the paragraph "Regio Deal Den Haag Zuidwest II" of the Bijlage
of seeds/004_76e39e83ce6dfb65.txt (Kamerbrief vierde tranche). Every expected value below was read
from the documents by hand; the comment on each assertion names where it comes from.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SKOS, XSD

from .graph_helpers import one

RD = Namespace("https://w3id.org/regiodeal/def#")
ID = Namespace("https://w3id.org/regiodeal/id/")
DCT = Namespace("http://purl.org/dc/terms/")
MIN = Namespace("https://identifier.overheid.nl/tooi/id/ministerie/")
GM = Namespace("https://identifier.overheid.nl/tooi/id/gemeente/")

DEAL = ID["regiodeal/den-haag-zuidwest-ii"]
DOC = ID["document/convenant-den-haag-zuidwest-ii"]
LETTER_PART = ID["document/kamerbrief-vierde-tranche/bijlage/den-haag-zuidwest-ii"]
BUDGET = ID["begroting/den-haag-zuidwest-ii"]

BZK, EZK, SZW, JENV = MIN.mnre1034, MIN.mnre1045, MIN.mnre1073, MIN.mnre1058
DEN_HAAG = GM.gm0518


def part(slug: str) -> URIRef:
    return ID[f"document/convenant-den-haag-zuidwest-ii/{slug}"]


def goal(n: str) -> URIRef:
    return ID[f"doel/den-haag-zuidwest-ii/{n}"]


def iv(n: str) -> URIRef:
    return ID[f"interventie/den-haag-zuidwest-ii/{n}"]


def amount(graph: Graph, s, p) -> Decimal:
    return one(graph, s, p).toPython()


def within_document(graph: Graph, node, document=DOC) -> bool:
    return document in set(graph.transitive_objects(node, DCT.isPartOf))


def fact_source_parts(graph: Graph, prop) -> set:
    return {
        p
        for fs in graph.objects(DEAL, RD.factSource)
        if (fs, RD.aboutProperty, prop) in graph
        for p in graph.objects(fs, PROV.wasDerivedFrom)
    }


# --- Budget: art. 5 lid 2, table (amounts in € mln., "afgeronde bedragen") -----------------

# (line, first cell as printed, Rijk, regional or None (empty cell), total)
BUDGET_ROWS = [
    (1, "Pijler A sociaal weefsel", "5600000", "16500000", "22100000"),  # € 5,6 / 16,5 / 22,1 mln.
    (
        2,
        "Pijler B: bestaanszekerheid via werk",
        "11900000",
        "14500000",
        "26400000",
    ),  # € 11,9 / 14,5 / 26,4 mln.
    (3, "Uitvoeringskosten (VAT)", "500000", None, "500000"),  # € 0,5 mln. / (leeg) / € 0,5 mln.
]


@pytest.mark.parametrize(("n", "label", "rijk", "regional", "total"), BUDGET_ROWS)
def test_budget_rows_as_printed(graph: Graph, n, label, rijk, regional, total) -> None:
    line = ID[f"begroting/den-haag-zuidwest-ii/regel-{n}"]
    assert (BUDGET, RD.budgetLine, line) in graph
    assert one(graph, line, RDFS.label) == Literal(label, lang="nl")
    assert one(graph, line, RD.order).toPython() == n
    assert amount(graph, line, RD.rijkAmount) == Decimal(rijk)
    assert amount(graph, line, RD.totalAmount) == Decimal(total)
    if regional is None:
        assert list(graph.objects(line, RD.regionalAmount)) == []
    else:
        assert amount(graph, line, RD.regionalAmount) == Decimal(regional)


def test_budget_has_exactly_three_lines_and_vat_row_is_execution_costs(graph: Graph) -> None:
    # Art. 5 lid 2: three rows above "Bijdragen totaal maximaal";
    # the third is "Uitvoeringskosten (VAT)".
    assert len(set(graph.objects(BUDGET, RD.budgetLine))) == 3
    assert (ID["begroting/den-haag-zuidwest-ii/regel-3"], RDF.type, RD.ExecutionCostsLine) in graph
    assert one(graph, ID["begroting/den-haag-zuidwest-ii/regel-1"], RD.forGoal) == goal("A")
    assert one(graph, ID["begroting/den-haag-zuidwest-ii/regel-2"], RD.forGoal) == goal("B")


def test_budget_totals_row(graph: Graph) -> None:
    # Art. 5 lid 2, row "Bijdragen totaal maximaal": € 18 mln. / € 31 mln. / € 49 mln.
    assert (DEAL, RD.budget, BUDGET) in graph
    assert amount(graph, BUDGET, RD.rijkAmount) == Decimal("18000000")
    assert amount(graph, BUDGET, RD.regionalAmount) == Decimal("31000000")
    assert amount(graph, BUDGET, RD.totalAmount) == Decimal("49000000")


def test_budget_sums_add_up(graph: Graph) -> None:
    # Checked by hand (art. 5 lid 2): 5,6+16,5=22,1; 11,9+14,5=26,4; 0,5=0,5;
    # columns 5,6+11,9+0,5=18; 16,5+14,5=31; 22,1+26,4+0,5=49. No sum error, so no discrepancy.
    lines = list(graph.objects(BUDGET, RD.budgetLine))
    for col in (RD.rijkAmount, RD.regionalAmount, RD.totalAmount):
        column = sum((o.toPython() for ln in lines for o in graph.objects(ln, col)), Decimal(0))
        assert column == amount(graph, BUDGET, col)
    for ln in lines:
        rijk = amount(graph, ln, RD.rijkAmount)
        regional = sum((o.toPython() for o in graph.objects(ln, RD.regionalAmount)), Decimal(0))
        assert rijk + regional == amount(graph, ln, RD.totalAmount)


def test_execution_costs_rule(graph: Graph) -> None:
    # Art. 5 lid 2: "Maximaal 3% ... Van dit percentage kan onder omstandigheden worden afgeweken."
    assert amount(graph, BUDGET, RD.maxExecutionCostsShare) == Decimal("0.03")
    assert one(graph, BUDGET, RD.deviationAllowed).toPython() is True
    # VAT row € 0,5 mln. of € 18 mln. = 2,8 % <= 3 %
    vat = amount(graph, ID["begroting/den-haag-zuidwest-ii/regel-3"], RD.rijkAmount)
    assert vat / amount(graph, BUDGET, RD.rijkAmount) <= Decimal("0.03")


def test_budget_footnotes(graph: Graph) -> None:
    # Art. 5 lid 2, footnote 1 (column "Maximale rijksbijdrage"): inclusive of VAT;
    # footnote 3 (row Pijler B): the distribution is a starting point; "(afgeronde bedragen)".
    notes = {str(n) for n in graph.objects(BUDGET, RD.amountNote)}
    assert any("inclusief eventueel verschuldigde BTW" in n for n in notes)
    assert "afgeronde bedragen" in notes
    b_notes = {
        str(n) for n in graph.objects(ID["begroting/den-haag-zuidwest-ii/regel-2"], RD.amountNote)
    }
    assert any(n.startswith("voetnoot 3: De verdeling opgenomen in de tabel") for n in b_notes)


def test_regional_financing_lines_from_article_5_text(graph: Graph) -> None:
    # Art. 5 lid 2: "De Gemeente reserveert minimaal ... € 18 miljoen en beoogt 27 miljoen en
    # regionale partners 4 miljoen aan regionale financiering"
    lines = list(graph.objects(BUDGET, RD.regionalFinancingLine))
    assert len(lines) == 3
    got = {
        one(graph, ln, RD.order).toPython(): (
            next(iter(graph.objects(ln, RD.publicAmount)), None),
            next(iter(graph.objects(ln, RD.totalAmount)), None),
        )
        for ln in lines
    }
    assert got[1][0].toPython() == Decimal("18000000")
    assert got[2][0].toPython() == Decimal("27000000")
    assert got[3][1].toPython() == Decimal("4000000")
    # 27 + 4 = 31, the regional total of the table
    assert got[2][0].toPython() + got[3][1].toPython() == amount(graph, BUDGET, RD.regionalAmount)


# --- Deal-level facts ------------------------------------------------------------------------


def test_contributions(graph: Graph) -> None:
    # Art. 5 lid 2: "BZK reserveert maximaal € 18 miljoen"; table regional total € 31 mln.
    assert amount(graph, DEAL, RD.rijkContribution) == Decimal("18000000")
    assert amount(graph, DEAL, RD.regionalContribution) == Decimal("31000000")


def test_signing_ministries_exact_set(graph: Graph) -> None:
    # Partijen 1-4: BZK (minister van BZK en minister voor VRO), EZK, SZW (minister voor
    # Armoedebeleid, Participatie en Pensioenen), JenV.
    assert set(graph.objects(DEAL, RD.ministryParty)) == {BZK, EZK, SZW, JENV}


def test_regional_party_and_parties(graph: Graph) -> None:
    # Partij 5: "hierna te noemen: Regio of 'Gemeente'" (gemeente Den Haag, cf. Steunverklaring).
    assert set(graph.objects(DEAL, RD.regionalParty)) == {DEN_HAAG}
    assert set(graph.objects(DEAL, RD.party)) == {BZK, EZK, SZW, JENV, DEN_HAAG}
    assert set(graph.objects(DEAL, RD.municipality)) == {DEN_HAAG}


# name -> (function as written or None when the covenant states none, on behalf of)
SIGNATORIES = {
    # Partijen 1
    "Hugo de Jonge": (
        "minister van Binnenlandse Zaken en Koninkrijksrelaties en minister voor "
        "Volkshuisvesting en Ruimtelijke Ordening",
        BZK,
    ),
    "Micky Adriaansens": ("minister van Economische Zaken en Klimaat", EZK),  # Partijen 2
    "Carola Schouten": (
        "minister voor Armoedebeleid, Participatie en Pensioenen",
        SZW,
    ),  # Partijen 3
    "Dilan Yeşilgöz-Zegerius": ("minister van Justitie en Veiligheid", JENV),  # Partijen 4
    # Partijen 5 names three persons without functions
    "Jan van Zanen": (None, DEN_HAAG),
    "Martijn Balster": (None, DEN_HAAG),
    "Hilbert Bredemeijer": (None, DEN_HAAG),
}


def test_signatories_and_functions(graph: Graph) -> None:
    got = {}
    for sig in graph.objects(DEAL, RD.signature):
        person = one(graph, sig, RD.signatory)
        assert (person, RDF.type, FOAF.Person) in graph
        name = str(one(graph, person, FOAF.name))
        functions = list(graph.objects(sig, RD.functionTitle))
        got[name] = (str(functions[0]) if functions else None, one(graph, sig, RD.onBehalfOf))
        assert len(functions) <= 1
        assert all(within_document(graph, p) for p in graph.objects(sig, PROV.wasDerivedFrom))
    assert got == SIGNATORIES


def test_end_date_and_entry_into_force(graph: Graph) -> None:
    # Art. 18: "treedt in werking met ingang van de dag na ondertekening door alle Partijen en
    # eindigt op 31 december 2027."
    assert one(graph, DEAL, RD.endDate) == Literal("2027-12-31", datatype=XSD.date)
    assert "de dag na ondertekening door alle Partijen" in str(one(graph, DEAL, RD.entryIntoForce))
    # Art. 1: "de komende 4 jaar"
    assert one(graph, DEAL, RD.durationYears).toPython() == 4


def test_regiokassier_instrument_and_funding(graph: Graph) -> None:
    # Art. 6: the Gemeente is regiokassier.
    assert set(graph.objects(DEAL, RD.regiokassier)) == {DEN_HAAG}
    # Algemene overwegingen 11: specifieke uitkering, made available by BZK from the Regio Envelop.
    assert one(graph, DEAL, RD.legalInstrument) == ID["juridisch-instrument/specifieke-uitkering"]
    assert one(graph, DEAL, RD.fundingProvider) == BZK
    assert one(graph, DEAL, RD.fundingSource) == ID["financieringsbron/regio-envelop"]
    assert one(graph, DEAL, RD.tranche) == ID["tranche/4"]
    assert one(graph, DEAL, RD.status) == ID["status/ondertekend"]
    # Art. 17
    assert str(one(graph, DEAL, RD.citationTitle)) == "Regio Deal Den Haag Zuidwest II"


def test_regeling_is_grondslag(graph: Graph) -> None:
    # Alg. overwegingen 11 / art. 18: Regeling specifieke uitkering Regio Deals vierde tranche
    # (Regeling van de Minister van BZK van 9 mei 2023, nr. 2023-0000016374).
    regeling = ID["programma/regeling-specifieke-uitkering-regio-deals-vierde-tranche"]
    refs = [
        r
        for r in graph.objects(DEAL, RD.programmeReference)
        if (r, RD.referencedProgramme, regeling) in graph
    ]
    assert len(refs) == 1
    assert one(graph, refs[0], RD.relationType) == ID["soort-relatie/grondslag"]
    assert part("algemene-overwegingen/11") in set(graph.objects(refs[0], PROV.wasDerivedFrom))
    assert one(graph, regeling, DCT.issued) == Literal("2023-05-09", datatype=XSD.date)


def test_nplv_references_and_focus_area(graph: Graph) -> None:
    # Bijlage 1 (draagt bij), art. 7 lid 1 (governance via the Alliantieraad), rol van het Rijk
    # (knelpunten identified within the NPLV).
    kinds = {
        one(graph, r, RD.relationType)
        for r in graph.objects(DEAL, RD.programmeReference)
        if (r, RD.referencedProgramme, ID["programma/nplv"]) in graph
    }
    assert kinds == {
        ID["soort-relatie/draagt-bij-aan"],
        ID["soort-relatie/gebruikt-governance-van"],
        ID["soort-relatie/voortbouwend-op"],
    }
    assert one(graph, DEAL, RD.focusArea) == ID["gebied/nplv-den-haag-zuidwest"]
    # Bijlage 1 lists 11 bullets naming 13 programmes (bullets 5 and 10 name two each)
    bijlage = {
        r
        for r in graph.objects(DEAL, RD.programmeReference)
        for p in graph.objects(r, PROV.wasDerivedFrom)
        if (p, DCT.isPartOf, part("bijlage-1")) in graph
    }
    assert len(bijlage) == 13


def test_governance(graph: Graph) -> None:
    # Art. 7 lid 1: uses the existing structure (NPLV / Brede aanpak): the Alliantieraad;
    # lid 2: "tenminste eenmaal per jaar, uiterlijk in de maand september".
    body = one(graph, DEAL, RD.governanceBody)
    assert one(graph, body, RD.usesBody) == ID["orgaan/alliantieraad-zuidwest"]
    assert (
        str(one(graph, body, RD.frequency))
        == "tenminste eenmaal per jaar, uiterlijk in de maand september"
    )


def test_partner_is_not_a_party(graph: Graph) -> None:
    # Steunverklaring: the Alliantieraad Zuidwest commits through a declaration of support.
    assert set(graph.objects(DEAL, RD.partner)) == {ID["orgaan/alliantieraad-zuidwest"]}
    assert ID["orgaan/alliantieraad-zuidwest"] not in set(graph.objects(DEAL, RD.party))


def test_clauses(graph: Graph) -> None:
    c = ID["bepaling/den-haag-zuidwest-ii/"]
    # Art. 13 lid 1: opzegtermijn van 3 maanden
    assert one(graph, URIRef(c + "opzegging"), RD.noticePeriodMonths).toPython() == 3
    # Art. 12 lid 2: "Partijen treden in overleg binnen 6 weken"
    assert one(graph, URIRef(c + "wijzigingen"), RD.responseWeeks).toPython() == 6
    # Art. 8 lid 2-3: the Regio (gemeente Den Haag) reports "éénmaal per jaar"
    report = URIRef(c + "voortgangsrapportage")
    assert (report, RDF.type, RD.Obligation) in graph
    assert one(graph, report, RD.responsibleParty) == DEN_HAAG
    assert str(one(graph, report, RD.frequency)) == "éénmaal per jaar"
    # Art. 6-22: the standard clauses present in the covenant
    types = {one(graph, cl, RD.clauseType) for cl in graph.objects(DEAL, RD.clause)}
    expected = {
        "regiokassier",
        "rijk-regio-overleg",
        "evaluatie",
        "voortgangsrapportage",
        "communicatie",
        "unierecht",
        "gegevensuitwisseling",
        "wijzigingen",
        "opzegging",
        "toetreding",
        "nakoming",
        "ondertekening-exemplaren",
        "citeertitel",
        "inwerkingtreding-looptijd",
        "publicatie",
        "ongeldigheid",
        "strijd-met-regeling",  # art. 20 "Strijd met Regeling Specifieke uitkering ..."
        "toepasselijk-recht",
    }
    assert types == {ID[f"soort-bepaling/{t}"] for t in expected}
    assert len(set(graph.objects(DEAL, RD.clause))) == 18


# --- Goals and interventions -------------------------------------------------------------------


def test_two_pillars_with_article_2_titles(graph: Graph) -> None:
    # Art. 2: "Pijler A. Sociaal weefsel", "Pijler B. Perspectief op werk"
    pillars = {
        g
        for g in graph.objects(DEAL, RD.hasGoal)
        if (g, RD.goalType, ID["soort-doel/pijler"]) in graph
    }
    assert pillars == {goal("A"), goal("B")}
    assert one(graph, goal("A"), RDFS.label) == Literal("Sociaal weefsel", lang="nl")
    assert one(graph, goal("B"), RDFS.label) == Literal("Perspectief op werk", lang="nl")


SUB_GOALS = {  # art. 3 headings
    "1.1": (
        "A",
        "Vergroten van de sociale cohesie door het faciliteren van een fijnmazig en duurzaam "
        "netwerk van laagdrempelige ontmoetingsruimten",
    ),
    "1.2": ("A", "Versterken van betrokkenheid van bewoners bij ontwikkelingen in de wijken"),
    "1.3": ("A", "Vergroten van sociale veiligheid"),
    "2.1": ("B", "Het versterken van ondernemerschap en bedrijvigheid"),
    "2.2": ("B", "Onderwijs en arbeidsmarkt sluiten op elkaar aan"),
    "2.3": ("B", "Jongeren staan voorop"),
    "2.4": (
        "B",
        "Duurzame samenwerking met partners in de wijk om voor leren en ontwikkelen te scheppen",
    ),
    "2.5": ("B", "Werk van waarde"),
}


def test_sub_goals(graph: Graph) -> None:
    subs = {
        g
        for g in graph.objects(DEAL, RD.hasGoal)
        if (g, RD.goalType, ID["soort-doel/subdoel"]) in graph
    }
    assert subs == {goal(n) for n in SUB_GOALS}
    for n, (pillar, title) in SUB_GOALS.items():
        assert one(graph, goal(n), RD.subGoalOf) == goal(pillar)
        assert one(graph, goal(n), RDFS.label) == Literal(title, lang="nl")
        assert str(one(graph, goal(n), RD.number)) == n


INTERVENTIONS = {  # art. 3 numbering and titles
    "1.1.1": "Professionaliseren en uitbreiden van toegang tot ontmoetingsruimten",
    "1.1.2": "Faciliteren van wijkbedrijven",
    "1.1.3": "Structurele financiering ontmoetingsruimten",
    "1.2.1": "Verstevigen burgerparticipatie",
    "1.2.2": "Participatiewerkplaats",
    "1.3.1": "Plintenaanpak",
    "1.3.2": "De Basis op orde",
    "1.3.3": "Sociaal Contract",
    "2.1.1": "ZorginnovatieHUB en circulair ambachtscentrum",
    "2.1.2": "Ruimte voor bedrijvigheid",
    "2.1.3": "Ondersteuning (startende) ondernemers",
    "2.2.1": "Campus Zuidwest als leer- en innovatienetwerk",
    "2.3.1": "Jongerenpunt 070",
    "2.3.2": "Ontwikkeling De Meppel",
    "2.3.3": "Bijbanenloket",
    "2.4.1": "Schuldhelpverlening",
    "2.4.2": "Taal met kinderopvang",
    "2.5.1": "Instapeconomie",
    "2.5.2": "Allekanten / wijkbedrijven",
    "2.5.3": "Structurele inbedding en financiering",
}


def test_interventions(graph: Graph) -> None:
    assert set(graph.objects(DEAL, RD.hasIntervention)) == {iv(n) for n in INTERVENTIONS}
    for n, title in INTERVENTIONS.items():
        assert one(graph, iv(n), RDFS.label) == Literal(title, lang="nl")
        assert one(graph, iv(n), RD.contributesToGoal) == goal(n[:3])
        assert list(graph.objects(iv(n), RD.theme)), n
    # Art. 3, 2.3.1: Jongerenpunt070 "samen met ROC Mondriaan"
    assert set(graph.objects(iv("2.3.1"), RD.carriedOutBy)) == {
        ID["organisatie/jongerenpunt-070"],
        ID["organisatie/roc-mondriaan"],
    }
    # Art. 4, 2.5.1. en 2.5.2: one heading "Allekanten/instapeconomie" for both
    for n in ("2.5.1", "2.5.2"):
        assert Literal("Allekanten/instapeconomie", lang="nl") in set(
            graph.objects(iv(n), SKOS.altLabel)
        )


# intervention(s) -> sorted target values (art. 4)
TARGETS = {
    ("1.1.1",): [
        14,
        14,
        14,
        100,
    ],  # a/b/c: the 14 ontmoetingsplekken; g: 100 vrijwilligers per jaar
    ("1.1.2",): [4, 100],  # a: 4 wijkbedrijven, ca. 100 mensen per bedrijf
    ("1.3.1",): [2, 4],  # 2 tot 4 of the 29 verloederde plinten
    ("2.1.2",): [4, 4, 4],  # a: min. 4 bedrijven in min. 4 plinten; b: 4 bedrijfsverzamelplekken
    ("2.1.3",): [3, 200],  # d: min. 3 bijeenkomsten per jaar, min. 200 ondernemers per jaar
    ("2.2.1",): [11],  # b: 11 loopbaanpaden
    ("2.3.1",): [2],  # a: 2 maatklassen per jaar
    ("2.3.2",): [2],  # b: tweemaal per jaar
    ("2.3.3",): [100],  # a: min. 100 jongeren per jaar
    ("2.5.1", "2.5.2"): [
        1,
        1,
        200,
        300,
    ],  # a: min. 1 wijkbedrijf per wijk; b: 1 pilot per wijk, 200-300
}


def test_quantified_targets(graph: Graph) -> None:
    got: dict = {}
    for r in graph.objects(DEAL, RD.intendedResult):
        key = tuple(sorted(str(x).rsplit("/", 1)[1] for x in graph.objects(r, RD.resultOf)))
        for v in graph.objects(r, RD.targetValue):
            got.setdefault(key, []).append(int(v.toPython()))
        assert all(within_document(graph, p) for p in graph.objects(r, PROV.wasDerivedFrom))
    assert {k: sorted(v) for k, v in got.items()} == TARGETS
    assert (
        len(set(graph.objects(DEAL, RD.intendedResult))) == 22
    )  # 21 with a value + 1.1.3 a (2024)
    agenda = ID["resultaat/den-haag-zuidwest-ii/7"]  # art. 4, 1.1.3 a: "eerste kwartaal van 2024"
    assert one(graph, agenda, RD.targetYear).toPython() == 2024


# --- Provenance ----------------------------------------------------------------------------------


def test_budget_provenance(graph: Graph) -> None:
    nodes = [
        BUDGET,
        *graph.objects(BUDGET, RD.budgetLine),
        *graph.objects(BUDGET, RD.regionalFinancingLine),
    ]
    for node in nodes:
        parts = list(graph.objects(node, PROV.wasDerivedFrom))
        assert parts, node
        assert all(within_document(graph, p) for p in parts), node


def test_every_deal_property_has_a_fact_source(graph: Graph) -> None:
    skip = {RDF.type, RDFS.label, RD.translatedLabel, RD.factSource, PROV.wasDerivedFrom}
    covered = {one(graph, fs, RD.aboutProperty) for fs in graph.objects(DEAL, RD.factSource)}
    for fs in graph.objects(DEAL, RD.factSource):
        assert list(graph.objects(fs, PROV.wasDerivedFrom)), fs
    props = set(graph.predicates(DEAL, None)) - skip
    assert props - covered == set()
    assert {DOC, ID["document/kamerbrief-vierde-tranche"]} <= set(
        graph.objects(DEAL, PROV.wasDerivedFrom)
    )


def test_source_document(graph: Graph) -> None:
    assert (DOC, RDF.type, RD.SourceDocument) in graph
    assert str(one(graph, DOC, DCT.type)) == "convenant"
    assert str(one(graph, DOC, RD.seedFile)) == "001_a1994b5d9daedc16.txt"
    # Art. 14 is printed with leden 4-7 (see discrepancy 7)
    assert (part("artikel-14/lid-4"), DCT.isPartOf, part("artikel-14")) in graph
    assert (part("artikel-14/lid-1"), RDF.type, RD.DocumentPart) not in graph


# --- The Kamerbrief paragraph (tested through the fact sources pointing to the letter part) ---


def test_letter_amounts_and_ministries(graph: Graph) -> None:
    # Kamerbrief, Bijlage, "Regio Deal Den Haag Zuidwest II": "Vanuit de Regio Enveloppe is
    # € 18 miljoen beschikbaar ... De Regio investeert € 31 miljoen. Deze Regio Deal is
    # ondertekend door de ministeries van EZK, SZW, JenV en BZK."
    assert LETTER_PART in fact_source_parts(graph, RD.rijkContribution)
    assert LETTER_PART in fact_source_parts(graph, RD.regionalContribution)
    assert LETTER_PART in fact_source_parts(graph, RD.ministryParty)
    assert LETTER_PART in fact_source_parts(graph, RD.status)
    assert amount(graph, DEAL, RD.rijkContribution) == Decimal("18000000")
    assert amount(graph, DEAL, RD.regionalContribution) == Decimal("31000000")
    assert set(graph.objects(DEAL, RD.ministryParty)) == {EZK, SZW, JENV, BZK}


# --- Discrepancies -------------------------------------------------------------------------------

DISCREPANCIES = {
    # n: (resource it is attached to, locations it must name)
    1: (
        goal("B"),
        {
            part("artikel-1"),
            part("artikel-2/pijler-b"),
            part("artikel-3/pijler-b"),
            part("artikel-4/pijler-b"),
            part("artikel-5/lid-2/tabel"),
        },
    ),
    2: (goal("1.2"), {part("artikel-3/1.2"), part("artikel-4/1.2")}),
    3: (goal("2.4"), {part("artikel-2/pijler-b/4"), part("artikel-3/2.4"), part("artikel-4/2.4")}),
    4: (iv("1.1.3"), {part("artikel-3/1.1.3"), part("artikel-4/1.1.3")}),
    5: (iv("1.2.2"), {part("artikel-3/1.2.1"), part("artikel-3/1.2.2"), part("artikel-4/1.2.1")}),
    6: (iv("2.5.1"), {part("artikel-4/2.5.1-2.5.2")}),
    7: (ID["bepaling/den-haag-zuidwest-ii/toetreding"], {part("artikel-14")}),
    8: (DEAL, {part("artikel-5/lid-2"), part("artikel-5/lid-2/tabel"), LETTER_PART}),
    9: (DEAL, {part("artikel-17"), part("artikel-16")}),
    10: (BUDGET, {part("artikel-5/lid-2/voetnoot-2"), part("artikel-5/lid-2/voetnoot-3")}),
    11: (
        ID["programma/regeling-specifieke-uitkering-regio-deals-vierde-tranche"],
        {part("algemene-overwegingen/11"), part("artikel-20")},
    ),
    12: (iv("1.1.3"), {part("artikel-3/1.1.3"), part("artikel-7")}),
}


@pytest.mark.parametrize("n", sorted(DISCREPANCIES))
def test_discrepancy_recorded(graph: Graph, n: int) -> None:
    d = ID[f"discrepantie/den-haag-zuidwest-ii/{n}"]
    resource, locations = DISCREPANCIES[n]
    assert (d, RDF.type, RD.Discrepancy) in graph
    assert (resource, RD.discrepancy, d) in graph
    assert locations <= set(graph.objects(d, RD.sourceLocation))
    assert {c.language for c in graph.objects(d, RDFS.comment)} == {"nl", "en"}
    assert list(graph.objects(d, PROV.wasDerivedFrom))


def test_predecessor(graph: Graph) -> None:
    # Art. 2, "Leren over wat (niet) werkt": builds on the first Regio Deal Den Haag Zuidwest,
    # "deze tweede Regio Deal".
    assert one(graph, DEAL, RD.predecessor) == ID["regiodeal/den-haag-zuidwest"]
    assert part("artikel-2/leren-over-wat-niet-werkt") in fact_source_parts(graph, RD.predecessor)


def test_committed_and_intended_regional_money(graph: Graph) -> None:
    """001 art. 5 lid 2: "BZK reserveert maximaal € 18 miljoen" (committed maximum); "De Gemeente
    reserveert minimaal een bedrag van in totaal € 18 miljoen" (committed minimum) "en beoogt 27
    miljoen en regionale partners 4 miljoen" (intended). Intended 27 + 4 = 31 = the printed
    regional total of the table ("Bijdragen totaal maximaal ... € 31 mln.")."""
    deal = ID["regiodeal/den-haag-zuidwest-ii"]
    kinds: dict[str, list[Decimal]] = {}
    for c in graph.objects(deal, RD.financialCommitment):
        kind = str(one(graph, c, RD.commitmentKind)).rsplit("/", 1)[1]
        kinds.setdefault(kind, []).append(Decimal(str(one(graph, c, RD.amount))))
        assert (
            one(graph, c, PROV.wasDerivedFrom)
            == ID["document/convenant-den-haag-zuidwest-ii/artikel-5/lid-2"]
        )
    assert {k: sorted(v) for k, v in kinds.items()} == {
        "toegezegd-maximum": [Decimal("18000000")],
        "toegezegd-minimum": [Decimal("18000000")],
        "beoogd": [Decimal("4000000"), Decimal("27000000")],
    }
    assert sum(kinds["beoogd"]) == Decimal(str(one(graph, deal, RD.regionalContribution)))


def test_consultation_and_reporting_parameters(graph: Graph) -> None:
    c = "https://w3id.org/regiodeal/id/bepaling/den-haag-zuidwest-ii/"
    # 001 art. 7 lid 2: "Het bestuurlijk overleg vergadert tenminste eenmaal per jaar"
    overleg = URIRef(c + "rijk-regio-overleg")
    assert one(graph, overleg, RD.meetingsPerYear).toPython() == Decimal("1")
    # 001 art. 8 lid 3: "(in concept) voor 15 juni van ieder jaar ... indiening voor 15 juli"
    report = URIRef(c + "voortgangsrapportage")
    assert one(graph, report, RD.draftDueDate) == Literal("--06-15", datatype=XSD.gMonthDay)
    assert one(graph, report, RD.submissionDueDate) == Literal("--07-15", datatype=XSD.gMonthDay)
