"""Regio Deal Rijswijk en Den Haag: the 6th-tranche application (seed 003_789b085ae4323c67.txt).

Every expected value below was read and, where a sum, added by hand from the seed document;
the comment on each test names the section it comes from. Amounts in table 1 are printed
"x1000" and are expected here in whole euros.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from regiodeal.namespaces import ID, RD, TOOI_ID

from .graph_helpers import document_of, one

DEAL = ID["regiodeal/rijswijk-den-haag"]
DOC = ID["document/aanvraag-rijswijk-den-haag"]
BUDGET = ID["begroting/rijswijk-den-haag"]
DEN_HAAG = TOOI_ID["gemeente/gm0518"]
RIJSWIJK = TOOI_ID["gemeente/gm0603"]


def part(path: str) -> URIRef:
    return ID[f"document/aanvraag-rijswijk-den-haag/{path}"]


def line(n: str) -> URIRef:
    return ID[f"begroting/rijswijk-den-haag/regel-{n}"]


def dec(graph: Graph, s, p) -> Decimal:
    return Decimal(str(one(graph, s, p)))


# --- Status, tranche, applicants ------------------------------------------------------


def test_status_is_application(graph: Graph) -> None:
    # Inleiding: "nemen het voortouw in de aanvraag voor de Regio Deal" -> an application.
    assert one(graph, DEAL, RD.status) == ID["status/aanvraag"]


def test_tranche_6(graph: Graph) -> None:
    # Inleiding: "de aanvraag voor de Regio Deal, 6de tranche".
    assert one(graph, DEAL, RD.tranche) == ID["tranche/6"]


def test_applicants_exact_set(graph: Graph) -> None:
    # Inleiding: "De gemeenten Rijswijk en Den Haag nemen het voortouw in de aanvraag".
    # identifiers.csv: Rijswijk (Zuid-Holland) = gm0603, Den Haag = gm0518.
    assert set(graph.objects(DEAL, RD.regionalParty)) == {DEN_HAAG, RIJSWIJK}
    assert set(graph.objects(DEAL, RD.municipality)) == {DEN_HAAG, RIJSWIJK}


def test_no_ministry_party_no_regiokassier_no_signatures(graph: Graph) -> None:
    # The application names no ministry as party, no regiokassier and has no signatures
    # (only "vertegenwoordigers van ministeries" in the stuurgroep, Organisatie & borging).
    assert list(graph.objects(DEAL, RD.ministryParty)) == []
    assert list(graph.objects(DEAL, RD.regiokassier)) == []
    assert list(graph.objects(DEAL, RD.signature)) == []
    assert list(graph.objects(DEAL, RD.citationTitle)) == []


def test_source_document(graph: Graph) -> None:
    assert (DOC, RDF.type, RD.SourceDocument) in graph
    assert one(graph, DOC, DCTERMS.type) == Literal("aanvraag")
    assert one(graph, DOC, RD.seedFile) == Literal("003_789b085ae4323c67.txt")
    assert (DEAL, PROV.wasDerivedFrom, DOC) in graph


# --- Money and duration -------------------------------------------------------------------


def test_rijk_contribution_40_million(graph: Graph) -> None:
    # Passage before "Inzet Rijksbijdrage": "de maximale Rijksbijdrage van 40 miljoen vraagt".
    assert dec(graph, DEAL, RD.rijkContribution) == Decimal("40000000")


def test_regional_contribution_not_stated(graph: Graph) -> None:
    # The text states no total regional contribution and table 1 prints no totals row.
    assert list(graph.objects(DEAL, RD.regionalContribution)) == []
    for p in (RD.rijkAmount, RD.regionalAmount, RD.totalAmount):
        assert list(graph.objects(BUDGET, p)) == []


def test_duration_and_start(graph: Graph) -> None:
    # Passage before "Inzet Rijksbijdrage": "De gevraagde looptijd van de Regio Deal is 2026-2028."
    # ... "de ingangsdatum van 1 januari 2026".
    assert one(graph, DEAL, RD.periodStartYear).toPython() == 2026
    assert one(graph, DEAL, RD.periodEndYear).toPython() == 2028
    assert str(one(graph, DEAL, RD.startDate)) == "2026-01-01"
    assert list(graph.objects(DEAL, RD.endDate)) == []


# --- Budget table 1 ("Alle bedragen x1000  REGIO  RIJKSBIJDRAGE  TOTAAL") -------------

# Theme rows as printed: (label, REGIO, RIJKSBIJDRAGE, TOTAAL), x1000 -> euros.
THEME_ROWS = {
    "1": ("1. Veilige en prettige woonomgeving", "18630000", "15805000", "34435000"),
    "2": ("2. Gezondheid en welzijn", "12150000", "12150000", "24300000"),
    "3": ("3. Economische en sociale participatie", "12045000", "12045000", "24090000"),
}

# Sub-lines as printed: one amount each, no column given, x1000 -> euros.
SUB_LINES = {
    "1.1": ("Ondermijning / Jeugdcriminaliteit", "7740000"),
    "1.2": ("Aanvalsplan Afval", "600000"),
    "1.3": ("Bedrijfscontactfunctionarissen & Winkelstraten aanpak", "1685000"),
    "1.4": ("Pandbrigade", "6075000"),
    "1.5": ("Investeringsgebieden", "2530000"),
    "2.1": ("Cultuurankers & participatie", "2325000"),
    "2.2": ("Gezinsgerichtwerken", "720000"),
    "2.3": ("JGZ, DoorbraakLab, Gezinsgerichtwerken", "3560000"),
    "2.4": ("Vocht- & Schimmelaanpak", "150000"),
    "2.5": ("Investeringsgebieden", "2440000"),
    "2.6": ("Gebiedsgericht Welzijn (incl. arbeidsmigranten)", "2955000"),
    "3.1": ("Bibliotheek: Community librarians", "1200000"),
    "3.2": ("Taalaanpak in het kader van kinderen van Arbeidsmigranten", "750000"),
    "3.3": ("Peer2Peer / helpdesk / jongerenpunt", "5610000"),
    "3.4": ("Bedrijfscontactfunctionarissen & Winkelstraten aanpak", "1685000"),
    "3.5": ("Investeringsgebieden", "2530000"),
    "3.6": ("Participatie / ervaringsdeskundigen", "150000"),
    "3.7": (
        "Stagediscriminiatie en toegankelijke / veilige publieke ruimten / tegengaan polarisatie",
        "120000",
    ),
}


def test_budget_has_exactly_the_printed_rows(graph: Graph) -> None:
    # Table 1: 3 theme rows + 5 + 6 + 7 sub-lines = 21 rows.
    expected = {line(n) for n in THEME_ROWS} | {line(n) for n in SUB_LINES}
    assert set(graph.objects(BUDGET, RD.budgetLine)) == expected
    assert len(expected) == 21
    assert one(graph, BUDGET, RD.amountNote) == Literal("x1000")


@pytest.mark.parametrize("n", sorted(THEME_ROWS))
def test_theme_row(graph: Graph, n: str) -> None:
    # Table 1, theme rows as printed.
    label, regio, rijk, totaal = THEME_ROWS[n]
    s = line(n)
    assert str(one(graph, s, RDFS.label)) == label
    assert dec(graph, s, RD.regionalAmount) == Decimal(regio)
    assert dec(graph, s, RD.rijkAmount) == Decimal(rijk)
    assert dec(graph, s, RD.totalAmount) == Decimal(totaal)
    assert one(graph, s, RD.forGoal) == ID[f"doel/rijswijk-den-haag/{n}"]
    assert Literal("x1000") in set(graph.objects(s, RD.amountNote))


@pytest.mark.parametrize("n", sorted(SUB_LINES))
def test_sub_line(graph: Graph, n: str) -> None:
    # Table 1, sub-lines: label and the single printed amount (x1000), under its theme row.
    label, amount = SUB_LINES[n]
    s = line(n)
    assert str(one(graph, s, RDFS.label)) == label
    assert dec(graph, s, RD.otherAmount) == Decimal(amount)
    assert one(graph, s, RD.subLineOf) == line(n.split(".")[0])
    assert Literal("x1000") in set(graph.objects(s, RD.amountNote))
    # No column is printed for a sub-line: no rijk/regional/total amounts on it.
    for p in (RD.rijkAmount, RD.regionalAmount, RD.totalAmount):
        assert list(graph.objects(s, p)) == []


def test_theme_rows_rijk_plus_regio_is_total(graph: Graph) -> None:
    # By hand: 18.630 + 15.805 = 34.435; 12.150 + 12.150 = 24.300; 12.045 + 12.045 = 24.090.
    for n in THEME_ROWS:
        s = line(n)
        assert dec(graph, s, RD.regionalAmount) + dec(graph, s, RD.rijkAmount) == dec(
            graph, s, RD.totalAmount
        )


def test_sub_lines_add_up_to_regio_column(graph: Graph) -> None:
    # By hand (x1000): theme 1: 7.740+600+1.685+6.075+2.530 = 18.630 (= REGIO, not RIJK 15.805);
    # theme 2: 2.325+720+3.560+150+2.440+2.955 = 12.150;
    # theme 3: 1.200+750+5.610+1.685+2.530+150+120 = 12.045.
    hand = {"1": Decimal("18630000"), "2": Decimal("12150000"), "3": Decimal("12045000")}
    for n, expected in hand.items():
        subs = list(graph.subjects(RD.subLineOf, line(n)))
        total = sum(dec(graph, s, RD.otherAmount) for s in subs)
        assert total == expected
        assert total == dec(graph, line(n), RD.regionalAmount)
    assert hand["1"] != dec(graph, line("1"), RD.rijkAmount)


def test_rijk_column_sums_to_requested_contribution(graph: Graph) -> None:
    # By hand: 15.805 + 12.150 + 12.045 = 40.000 (x1000) = "maximale Rijksbijdrage van 40 miljoen".
    rijk = sum(dec(graph, line(n), RD.rijkAmount) for n in THEME_ROWS)
    assert rijk == Decimal("40000000") == dec(graph, DEAL, RD.rijkContribution)


def test_overhead_footnote(graph: Graph) -> None:
    # Table 1 footnote: "Organisatie en overhead bedraagt maximaal 3% van de Rijksbijdrage".
    assert dec(graph, BUDGET, RD.maxExecutionCostsShare) == Decimal("0.03")
    # No VAT/uitvoeringskosten row is printed in table 1.
    lines = set(graph.objects(BUDGET, RD.budgetLine))
    assert not any((s, RDF.type, RD.ExecutionCostsLine) in graph for s in lines)


# --- Goals and interventions ---------------------------------------------------------------

GOALS = {
    "1": "Veilige en prettige woonomgeving",
    "2": "Gezondheid en welzijn",
    "3": "Economische en sociale participatie",
}

INTERVENTIONS = {
    "1.1": "Versterken ondermijningsaanpak in levendige wijken",
    "1.2": "Tegengaan Jeugdcriminaliteit en versterken preventie aanpak",
    "1.3": "Verbeteren Woon- en Leefomgeving",
    "1.4": "Versterken aanpak misstanden Arbeidsmigranten",
    "1.5": "Vergroten van inclusie",
    "2.1": "Versterken Jeugdgezondheidszorg en Kansrijke start",
    "2.2": "Verbinden sociale en fysieke oplossingen in ongezonde woonsituaties",
    "2.3": "Versterken sociaal leefklimaat en maatschappelijke functies",
    "2.4": "Vergroenen",
    "2.5": "Verbeteren positie arbeidsmigranten en hun kinderen",
    "3.1": "Verbeteren kansen arbeidsmarkt en financiéle weerbaarheid (focus op jongeren)",
    "3.2": "Versterken ondernemersklimaat en werkgelegenheid",
    "3.3": "Versterken wijkgericht werken",
    "3.4": "Verbeteren positie arbeidsmigranten",
}


def test_three_themes(graph: Graph) -> None:
    # 2.1 "Drie thema's rond brede welvaart (WAT)"; table 1 numbers them 1-3.
    goals = set(graph.objects(DEAL, RD.hasGoal))
    assert goals == {ID[f"doel/rijswijk-den-haag/{n}"] for n in GOALS}
    for n, title in GOALS.items():
        g = ID[f"doel/rijswijk-den-haag/{n}"]
        assert str(one(graph, g, RDFS.label)) == title
        assert str(one(graph, g, RD.number)) == n
        assert one(graph, g, RD.goalType) == ID["soort-doel/thema"]
        assert list(graph.objects(g, RD.theme))


def test_theme_1_heading_as_printed(graph: Graph) -> None:
    # Theme page heading: "Thema: Vellige en prettige woonomgeving" (typo).
    assert Literal("Vellige en prettige woonomgeving", lang="nl") in set(
        graph.objects(ID["doel/rijswijk-den-haag/1"], SKOS.altLabel)
    )


def test_fourteen_interventions(graph: Graph) -> None:
    # Theme pages: 5 numbered interventions (safety), 5 (health: "vijf concrete interventies"),
    # 4 (economic and social participation) = 14.
    assert set(graph.objects(DEAL, RD.hasIntervention)) == {
        ID[f"interventie/rijswijk-den-haag/{n}"] for n in INTERVENTIONS
    }
    per_goal = {"1": 0, "2": 0, "3": 0}
    for n, title in INTERVENTIONS.items():
        i = ID[f"interventie/rijswijk-den-haag/{n}"]
        assert str(one(graph, i, RDFS.label)) == title
        assert str(one(graph, i, RD.number)) == n.split(".")[1]
        goal = one(graph, i, RD.contributesToGoal)
        per_goal[str(goal).rsplit("/", 1)[1]] += 1
        assert list(graph.objects(i, RD.theme))
    assert per_goal == {"1": 5, "2": 5, "3": 4}


def test_carried_out_by(graph: Graph) -> None:
    # Veilige..., 4: "gemeenten (onder andere de Haagse en Rijswijkse Pandbrigade), politie, HEIT,
    # RIEC en de Landelijke Arbeidsinspectie".
    i14 = ID["interventie/rijswijk-den-haag/1.4"]
    assert set(graph.objects(i14, RD.carriedOutBy)) == {
        DEN_HAAG,
        RIJSWIJK,
        ID["organisatie/haagse-pandbrigade"],
        ID["organisatie/rijswijkse-pandbrigade"],
        ID["organisatie/politie"],
        ID["organisatie/haags-economisch-interventie-team"],
        ID["organisatie/riec"],
        ID["organisatie/landelijke-arbeidsinspectie"],
    }
    # Gezondheid en welzijn, 3: "activiteiten van Don Bosco, Stichting Welzijn Rijswijk en de
    # Scouting".
    assert set(graph.objects(ID["interventie/rijswijk-den-haag/2.3"], RD.carriedOutBy)) == {
        ID["organisatie/don-bosco"],
        ID["organisatie/stichting-welzijn-rijswijk"],
        ID["organisatie/scouting"],
    }


# --- Intended results -------------------------------------------------------------------------


def test_health_gap_target(graph: Graph) -> None:
    # Gezondheid en welzijn: "In 2028 zijn de gezondheidsverschillen ... met 10% afgenomen".
    r = ID["resultaat/rijswijk-den-haag/4"]
    assert dec(graph, r, RD.targetValue) == Decimal("10")
    assert one(graph, r, RD.targetYear).toPython() == 2028
    assert one(graph, r, RD.resultOf) == ID["doel/rijswijk-den-haag/2"]


def test_safety_target_baseline_2025(graph: Graph) -> None:
    # Veilige ...: "In 2028 ... aanzienlijk verbeterd ten opzichte van 2025, meetbaar via
    # politiecijfers en de Veiligheidsmonitor 2027".
    r = ID["resultaat/rijswijk-den-haag/1"]
    assert one(graph, r, RD.baselineYear).toPython() == 2025
    assert one(graph, r, RD.targetYear).toPython() == 2028
    assert (
        str(one(graph, r, RD.measurementSource)) == "politiecijfers en de Veiligheidsmonitor 2027"
    )


def test_housing_2040_iha_15_pilot_50(graph: Graph) -> None:
    # Veilige ...: "tot 2040, waarin alle woningen voldoen aan de Haagse basiskwaliteit".
    assert one(graph, ID["resultaat/rijswijk-den-haag/2"], RD.targetYear).toPython() == 2040
    # Veilige ..., 1: IHA's "uitgebreid van de huidige 15 naar meer acties per jaar".
    iha = ID["resultaat/rijswijk-den-haag/3"]
    assert dec(graph, iha, RD.baselineValue) == Decimal("15")
    assert list(graph.objects(iha, RD.targetValue)) == []
    # Economische ..., 2: "een pilot waarbij 50 ondernemers".
    assert dec(graph, ID["resultaat/rijswijk-den-haag/6"], RD.targetValue) == Decimal("50")
    assert len(set(graph.objects(DEAL, RD.intendedResult))) == 9


# --- Areas ---------------------------------------------------------------------------------------


def test_wijken_per_municipality(graph: Graph) -> None:
    # Inleiding: "Schilderswijk, Transvaal (inclusief Groente- en Fruitmarkt), Rustenburg-Oostbroek
    # en
    # de vijf woonwijken van stadsdeel Laak in Den Haag, evenals Havenkwartier, Te Werve,
    # Stationskwartier, Muziekbuurt en Stervoorde in Rijswijk".
    areas = set(graph.objects(DEAL, RD.area))
    by_muni: dict[URIRef, set[str]] = {DEN_HAAG: set(), RIJSWIJK: set()}
    for a in areas:
        assert (a, RDF.type, RD.Wijk) in graph
        for m in graph.objects(a, RD.locatedIn):
            if m in by_muni:
                by_muni[m].add(str(one(graph, a, RDFS.label)))
    assert by_muni[DEN_HAAG] == {
        "Schilderswijk",
        "Transvaal",
        "Groente- en Fruitmarkt",
        "Rustenburg-Oostbroek",
        "Stadsdeel Laak",
    }
    assert by_muni[RIJSWIJK] == {
        "Havenkwartier",
        "Te Werve",
        "Stationskwartier",
        "Muziekbuurt",
        "Stervoorde",
    }
    assert (ID["gebied/groente-en-fruitmarkt"], RD.locatedIn, ID["gebied/transvaal"]) in graph
    # No CBS codes: none of these wijken is verified in identifiers.csv.
    assert all(list(graph.objects(a, RD.cbsCode)) == [] for a in areas)
    # The source states no NPLV focus area for this region.
    assert list(graph.objects(DEAL, RD.focusArea)) == []


# --- Partners and organisations ----------------------------------------------------------------


def test_partners(graph: Graph) -> None:
    # Partners: 13 named organisations plus 5 named woningcorporaties = 18.
    partners = set(graph.objects(DEAL, RD.partner))
    assert len(partners) == 18
    assert TOOI_ID["provincie/pv28"] in partners  # "Provincie Zuid-Holland"
    for slug in (
        "staedion",
        "arcade",
        "hof-wonen",
        "rijswijk-wonen",
        "vidomes",
        "openbaar-ministerie",
    ):
        assert ID[f"organisatie/{slug}"] in partners
    # Partners are not parties.
    assert partners.isdisjoint(set(graph.objects(DEAL, RD.regionalParty)))


def test_bzk_involved_not_party(graph: Graph) -> None:
    # 2.2 Arbeidsmigranten: "De samenwerking met het Ministerie van BZK wordt daarin voortgezet."
    bzk = TOOI_ID["ministerie/mnre1034"]
    assert bzk in set(graph.objects(DEAL, RD.involvedOrganisation))
    assert (ID["organisatie/alliantie-schilderswijk"], RDF.type, RD.Alliance) in graph


def test_governance_bodies(graph: Graph) -> None:
    # Organisatie & borging: stuurgroep, kernteam, programmabureau, partnerraad,
    # Jongerenraad Regio Deal.
    bodies = set(graph.objects(DEAL, RD.governanceBody))
    assert len(bodies) == 5
    for b in bodies:
        assert one(graph, b, PROV.wasDerivedFrom) == part("sectie/organisatie-en-borging")


def test_programme_references(graph: Graph) -> None:
    refs = set(graph.objects(DEAL, RD.programmeReference))
    programmes = {one(graph, r, RD.referencedProgramme) for r in refs}
    # Inleiding, Urgentie: "onze eerdere poging om NPLV-gebied te worden".
    assert ID["programma/nplv"] in programmes
    # 2.2 Arbeidsmigranten: interventions from 'Arbeidsmigratie in goede banen' are continued.
    ref4 = ID["programmaverwijzing/rijswijk-den-haag/4"]
    assert one(graph, ref4, RD.relationType) == ID["soort-relatie/voortbouwend-op"]
    for r in refs:
        assert list(graph.objects(r, PROV.wasDerivedFrom))


# --- Provenance ---------------------------------------------------------------------


def _is_part_of_doc(graph: Graph, p: URIRef) -> bool:
    seen = set()
    while p not in seen:
        seen.add(p)
        parents = list(graph.objects(p, DCTERMS.isPartOf))
        if not parents:
            return False
        if DOC in parents:
            return True
        p = parents[0]
    return False


def test_every_budget_line_has_provenance(graph: Graph) -> None:
    for s in graph.objects(BUDGET, RD.budgetLine):
        parts = list(graph.objects(s, PROV.wasDerivedFrom))
        assert parts and all(_is_part_of_doc(graph, p) for p in parts)
        assert part("tabel-1") in parts


def _is_part_of_web_publication(graph: Graph, part: URIRef) -> bool:
    document = document_of(graph, part)
    return document is not None and (document, RDF.type, RD.WebPublication) in graph


def test_every_deal_property_has_fact_source(graph: Graph) -> None:
    exempt = {RDF.type, RDFS.label, RD.translatedLabel, RD.factSource}
    props = {p for p in graph.predicates(DEAL, None)} - exempt
    covered = set()
    for fs in graph.objects(DEAL, RD.factSource):
        assert (fs, RDF.type, RD.FactSource) in graph
        src = one(graph, fs, PROV.wasDerivedFrom)
        # The application is the authority for its own facts; a later web publication may add
        # facts beside it (the 6th-tranche selection adds the outcome, rd:statusChange).
        assert _is_part_of_doc(graph, src) or _is_part_of_web_publication(graph, src), src
        covered.add(one(graph, fs, RD.aboutProperty))
    assert props <= covered, props - covered


def test_every_cited_part_belongs_to_document(graph: Graph) -> None:
    # Every node of this deal derived from a part of the application: the part is declared.
    deal_nodes = {
        *graph.objects(DEAL, RD.hasGoal),
        *graph.objects(DEAL, RD.hasIntervention),
        *graph.objects(DEAL, RD.intendedResult),
        *graph.objects(DEAL, RD.discrepancy),
        BUDGET,
    }
    for n in deal_nodes:
        parts = list(graph.objects(n, PROV.wasDerivedFrom))
        assert parts, n
        for p in parts:
            assert (p, RDF.type, RD.DocumentPart) in graph, p
            assert _is_part_of_doc(graph, p), p
            assert list(graph.objects(p, RDFS.label))


# --- Discrepancies ------------------------------------------------------------------

DISCREPANCIES = {
    # n: (resource it is attached to, a document part it must name)
    "1": (ID["doel/rijswijk-den-haag/1"], part("sectie/thema-veilige-en-prettige-woonomgeving")),
    "2": (line("1"), part("tabel-1")),
    "3": (line("3.7"), part("tabel-1")),
    "4": (
        ID["interventie/rijswijk-den-haag/3.1"],
        part("sectie/thema-economische-en-sociale-participatie/1"),
    ),
    "5": (ID["interventie/rijswijk-den-haag/2.4"], part("sectie/thema-gezondheid-en-welzijn/4")),
    "6": (ID["organisatie/tu-delft"], part("sectie/partners")),
    "7": (
        ID["gebied/transvaal"],
        part("sectie/regionale-aanpak/drie-prioritaire-doelgroepen/jongeren"),
    ),
    "8": (DEAL, part("sectie/thema-veilige-en-prettige-woonomgeving/regionale-urgentie")),
    "9": (DEAL, part("sectie/regionale-aanpak/drie-prioritaire-doelgroepen/werkende-armen")),
    "10": (DEAL, part("sectie/regionale-aanpak/drie-prioritaire-doelgroepen/jongeren")),
    "11": (DEAL, part("sectie/thema-gezondheid-en-welzijn/regionale-urgentie")),
    "12": (DEAL, part("sectie/inleiding/urgentie")),
    "13": (DEAL, part("sectie/thema-gezondheid-en-welzijn/regionale-urgentie")),
    "14": (
        ID["gebied/schilderswijk"],
        part("sectie/regionale-aanpak/drie-prioritaire-doelgroepen/arbeidsmigranten"),
    ),
}


@pytest.mark.parametrize("n", sorted(DISCREPANCIES, key=int))
def test_discrepancy(graph: Graph, n: str) -> None:
    d = ID[f"discrepantie/rijswijk-den-haag/{n}"]
    resource, location = DISCREPANCIES[n]
    assert (d, RDF.type, RD.Discrepancy) in graph
    assert (resource, RD.discrepancy, d) in graph
    assert location in set(graph.objects(d, RD.sourceLocation))
    langs = {c.language for c in graph.objects(d, RDFS.comment)}
    assert {"nl", "en"} <= langs


def test_discrepancy_2_numbers(graph: Graph) -> None:
    # Table 1, theme 1: sub-lines 7.740+600+1.685+6.075+2.530 = 18.630 vs RIJKSBIJDRAGE 15.805.
    text = " ".join(
        str(c) for c in graph.objects(ID["discrepantie/rijswijk-den-haag/2"], RDFS.comment)
    )
    assert "18.630" in text and "15.805" in text


@pytest.mark.parametrize(
    ("goal", "regio", "rijk"),
    [
        # Table 1 ("Alle bedragen x1000"), sub-lines under each goal, one amount each:
        # 1: 7.740 + 600 + 1.685 + 6.075 + 2.530 = 18.630 (REGIO 18.630, RIJK 15.805)
        ("1", Decimal("18630000"), Decimal("15805000")),
        # 2: 2.325 + 720 + 3.560 + 150 + 2.440 + 2.955 = 12.150 (REGIO = RIJK = 12.150)
        ("2", Decimal("12150000"), Decimal("12150000")),
        # 3: 1.200 + 750 + 5.610 + 1.685 + 2.530 + 150 + 120 = 12.045 (REGIO = RIJK = 12.045)
        ("3", Decimal("12045000"), Decimal("12045000")),
    ],
)
def test_sub_line_amounts_add_up_to_the_regional_column(graph: Graph, goal, regio, rijk) -> None:
    """docs/data-conventions.md, "The application's sub-line amounts": the unlabelled amount
    (rd:otherAmount) of the sub-lines sums to the goal's REGIO amount in every goal."""
    subs = list(graph.subjects(RD.subLineOf, line(goal)))
    assert subs and all(
        "één bedrag zonder kolomaanduiding" in map(str, graph.objects(s, RD.amountNote))
        for s in subs
    )
    total = sum((dec(graph, s, RD.otherAmount) for s in subs), Decimal(0))
    assert total == regio == dec(graph, line(goal), RD.regionalAmount)
    assert dec(graph, line(goal), RD.rijkAmount) == rijk
