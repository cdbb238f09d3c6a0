"""Regio Deal Den Haag Zuidwest (2019): facts checked against the covenant.

Source: seeds/002_984cc522e1d2332e.txt ("Regio Deal Den Haag Zuidwest", document slug
convenant-den-haag-zuidwest). Every expected value below was read from the document by hand;
the comment on each assertion names the article it comes from.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SKOS, XSD

from .graph_helpers import document_of, from_web, one

RD = Namespace("https://w3id.org/regiodeal/def#")
ID = Namespace("https://w3id.org/regiodeal/id/")
DCT = Namespace("http://purl.org/dc/terms/")
ORG = Namespace("http://www.w3.org/ns/org#")
MIN = Namespace("https://identifier.overheid.nl/tooi/id/ministerie/")
GM = Namespace("https://identifier.overheid.nl/tooi/id/gemeente/")

DEAL = ID["regiodeal/den-haag-zuidwest"]
DOC = ID["document/convenant-den-haag-zuidwest"]
DOC_II = ID["document/convenant-den-haag-zuidwest-ii"]

LNV, BZK, SZW, JENV, EZK, OCW = (
    MIN.mnre1153,
    MIN.mnre1034,
    MIN.mnre1073,
    MIN.mnre1058,
    MIN.mnre1045,
    MIN.mnre1109,
)
DEN_HAAG = GM.gm0518


def part(slug: str) -> URIRef:
    return ID[f"document/convenant-den-haag-zuidwest/{slug}"]


def objects(g: Graph, s, p) -> set:
    return set(g.objects(s, p))


def is_part_of(g: Graph, node, document) -> bool:
    """node is the document or reaches it by dcterms:isPartOf+."""
    seen = set()
    while node not in seen:
        if node == document:
            return True
        seen.add(node)
        parents = list(g.objects(node, DCT.isPartOf))
        if not parents:
            return False
        assert len(parents) == 1, f"{node} has several parents"
        node = parents[0]
    return False


def deal_nodes(g: Graph, prop) -> set:
    return objects(g, DEAL, prop)


# ------------------------------------------------------------------ identity


def test_deal_identity(graph: Graph) -> None:
    assert (DEAL, RDF.type, RD.RegioDeal) in graph
    # Title on page 1 and Artikel 13: "kan worden aangehaald als Regio Deal Den Haag Zuidwest"
    assert one(graph, DEAL, RD.citationTitle) == Literal("Regio Deal Den Haag Zuidwest")
    # Ondertekening: "Aldus overeengekomen en in tweevoud ondertekend"
    assert one(graph, DEAL, RD.status) == ID["status/ondertekend"]


def test_source_document(graph: Graph) -> None:
    assert (DOC, RDF.type, RD.SourceDocument) in graph
    assert one(graph, DOC, RD.seedFile) == Literal("002_984cc522e1d2332e.txt")
    assert one(graph, DOC, DCT.type) == Literal("convenant")
    # The signature page leaves the date blank: no dcterms:date may be invented.
    assert not objects(graph, DOC, DCT.date)


# ------------------------------------------------------------------ parties


def test_ministries_exact_set(graph: Graph) -> None:
    # Partijen 1-7: LNV, BZK, SZW, JenV, EZK, OCW and BVOM (the Minister voor Basis- en
    # Voortgezet Onderwijs en Media, part of OCW) = six ministries.
    assert deal_nodes(graph, RD.ministryParty) == {LNV, BZK, SZW, JENV, EZK, OCW}
    # LNV 2017-2024 is mnre1153, not the pre-2010 mnre1150.
    assert MIN.mnre1150 not in deal_nodes(graph, RD.ministryParty)


def test_regional_party_and_all_parties(graph: Graph) -> None:
    # Partij 8: de gemeente Den Haag ("Regio"); no province, no partner with a steunverklaring.
    assert deal_nodes(graph, RD.regionalParty) == {DEN_HAAG}
    assert deal_nodes(graph, RD.party) == {LNV, BZK, SZW, JENV, EZK, OCW, DEN_HAAG}
    assert not deal_nodes(graph, RD.partner)


SIGNATURES = {
    # (foaf:name, rd:functionTitle, rd:onBehalfOf), from the signature block and Partijen 1-8
    ("Carola Schouten", "Minister van Landbouw, Natuur en Voedselkwaliteit", LNV),
    ("drs. K.H. Ollongren", "Minister van Binnenlandse Zaken en Koninkrijksrelaties", BZK),
    ("T. van Ark", "Staatssecretaris van Sociale Zaken en Werkgelegenheid", SZW),
    ("dr. mr. F.B.J. Grapperhaus", "Minister van Justitie en Veiligheid", JENV),
    ("mr. drs. M.C.G. Keijzer", "Staatssecretaris van Economische Zaken en Klimaat", EZK),
    ("mr. drs. I.K. van Engelshoven", "Minister van Onderwijs, Cultuur en Wetenschap", OCW),
    ("drs. A. Slob", "Minister voor Basis- en Voortgezet Onderwijs en Media", OCW),
    ("Richard de Mos", "Wethouder van Economie, Sport, Buitenruimte", DEN_HAAG),
}


def test_signatures(graph: Graph) -> None:
    found = set()
    for sig in deal_nodes(graph, RD.signature):
        person = one(graph, sig, RD.signatory)
        assert (person, RDF.type, FOAF.Person) in graph
        # A person shared with another deal may carry the name as written in that document
        # too (Keijzer is "M.C.G. Keijzer" in Delft West): pick the form this document uses.
        names = {str(n) for n in graph.objects(person, FOAF.name)}
        expected = {n for n, _, _ in SIGNATURES} & names
        assert len(expected) == 1, names
        found.add(
            (
                expected.pop(),
                str(one(graph, sig, RD.functionTitle)),
                one(graph, sig, RD.onBehalfOf),
            )
        )
    assert found == SIGNATURES
    assert len(deal_nodes(graph, RD.signature)) == 8


def test_two_signatures_for_ocw(graph: Graph) -> None:
    # Partijen 6 (Minister van OCW) and 7 (Minister voor BVOM) both sign for OCW.
    ocw = [s for s in deal_nodes(graph, RD.signature) if (s, RD.onBehalfOf, OCW) in graph]
    assert len(ocw) == 2


# ------------------------------------------------------------------ money, instrument, dates


def test_contributions(graph: Graph) -> None:
    # Artikel 5, lid 2 a: "LNV reserveert € 7,5 miljoen ... als Rijksbijdrage"
    assert one(graph, DEAL, RD.rijkContribution).toPython() == Decimal("7500000")
    # Artikel 5, lid 2 b: "de Regio spant zich in een bijdrage van € 7,5 miljoen te leveren"
    assert one(graph, DEAL, RD.regionalContribution).toPython() == Decimal("7500000")
    assert one(graph, DEAL, RD.rijkContribution).datatype == XSD.decimal


def test_no_budget_table(graph: Graph) -> None:
    # The covenant has no budget table: artikel 5 only states the two contributions and that
    # the money is "evenwichtig verdeeld over de Pijlers" (lid 1), without amounts per pillar.
    assert not deal_nodes(graph, RD.budget)
    lines = [s for s in graph.subjects(RDF.type, RD.BudgetLine) if "/den-haag-zuidwest/" in str(s)]
    assert lines == []


def test_budget_lines_provenance_if_any(graph: Graph) -> None:
    # Every budget line of this deal (none today, see test_no_budget_table) must come from
    # a part of this document.
    for budget in deal_nodes(graph, RD.budget):
        for line in graph.objects(budget, RD.budgetLine):
            parts = objects(graph, line, PROV.wasDerivedFrom)
            assert parts and all(is_part_of(graph, p, DOC) for p in parts)


def test_legal_instrument_funding_and_regiokassier(graph: Graph) -> None:
    # Algemene overweging 10 and artikel 5, lid 5: "beschikbaar via een decentralisatie-uitkering"
    assert (
        one(graph, DEAL, RD.legalInstrument) == ID["juridisch-instrument/decentralisatie-uitkering"]
    )
    # Artikel 5, lid 5: "De decentralisatie-uitkering wordt beschikbaar gesteld aan de
    # gemeente Den Haag"
    assert one(graph, DEAL, RD.regiokassier) == DEN_HAAG
    # Artikel 5, lid 2 a and lid 5: LNV reserveert / stelt beschikbaar
    assert one(graph, DEAL, RD.fundingProvider) == LNV
    # Algemene overweging 3: "middelen ... uit de Regio Envelop"; overweging 1 names the
    # kabinet Rutte III
    source = one(graph, DEAL, RD.fundingSource)
    assert source == ID["financieringsbron/regio-envelop-rutte-iii"]
    assert Literal("Regio Envelop", lang="nl") in objects(graph, source, RDFS.label)
    # The document states no size of the envelope: a size, if the graph has one, comes from
    # another publication (web sources on the whole programme), never from this covenant.
    for fact in graph.objects(source, RD.factSource):
        if graph.value(fact, RD.aboutProperty) == RD.envelopeAmount:
            for part in graph.objects(fact, PROV.wasDerivedFrom):
                assert document_of(graph, part) not in (None, DOC), part


def test_end_date_and_entry_into_force(graph: Graph) -> None:
    # Artikel 14: "treedt in werking met ingang van de dag na ondertekening door alle Partijen
    # en eindigt op 31 juli 2023"
    end = one(graph, DEAL, RD.endDate)
    assert end.datatype == XSD.date and str(end) == "2023-07-31"
    text = str(one(graph, DEAL, RD.entryIntoForce))
    assert "de dag na ondertekening door alle Partijen" in text and "31 juli 2023" in text
    # No start date and no duration in years is stated.
    assert not deal_nodes(graph, RD.startDate)
    assert not deal_nodes(graph, RD.durationYears)


# ------------------------------------------------------------------ goals and interventions


def goals_of_type(graph: Graph, code: str) -> dict[str, str]:
    return {
        str(one(graph, g, RD.number)) if (g, RD.number, None) in graph else "": str(
            one(graph, g, RDFS.label)
        )
        for g in deal_nodes(graph, RD.hasGoal)
        if (g, RD.goalType, ID[f"soort-doel/{code}"]) in graph
    }


def test_number_of_goals(graph: Graph) -> None:
    # 1 ambition (artikel 1) + 3 pillars (artikel 2) + 6 themes (specifieke overwegingen,
    # "Aansluiting bij nationale beleidsdoelstellingen") = 10
    assert len(deal_nodes(graph, RD.hasGoal)) == 10
    assert len(goals_of_type(graph, "ambitie")) == 1


def test_pillars(graph: Graph) -> None:
    # Artikel 2: "1. Samenleving en participatie 2. Vitale inwoners 3. Activeren, leren en
    # werken (inclusief wijkeconomie)"
    assert goals_of_type(graph, "pijler") == {
        "1": "Samenleving en participatie",
        "2": "Vitale inwoners",
        "3": "Activeren, leren en werken (inclusief wijkeconomie)",
    }


def test_themes(graph: Graph) -> None:
    # Specifieke overwegingen: eerste ... zesde thema
    assert goals_of_type(graph, "thema") == {
        "1": "participatie",
        "2": "veiligheid",
        "3": "gezondheid",
        "4": "sport",
        "5": "vitaal maken door aanpak laaggeletterdheid",
        "6": "werk",
    }


INTERVENTIONS = {
    # Artikel 4: pillar number + element letter, titles as printed
    "1a": ("Fysieke locaties", "1"),
    "1b": ("Participatietrajecten", "1"),
    "1c": ("Verbeteren van de sociale veiligheid", "1"),
    "2a": ("Gezonde leefstijl", "2"),
    "2b": ("Sport", "2"),
    "2c": ("Taal en Onderwijs", "2"),
    "3a": ("Trajecten die passen bij talenten", "3"),
    "3b": ("Trajecten die passen bij succesvolle sectoren", "3"),
    "3c": ("Sociale Coöperatie", "3"),
    "3d": ("Stimuleren wijkeconomie", "3"),
    "3e": ("Aansluiting regio", "3"),
    "3f": (
        "Relevant voor de uitwerking van deze pijler zijn verder de volgende ontwikkelingen",
        "3",
    ),
}


def test_interventions(graph: Graph) -> None:
    numbered = {}
    for i in deal_nodes(graph, RD.hasIntervention):
        goal = one(graph, i, RD.contributesToGoal)
        if (i, RD.number, None) in graph:
            numbered[str(one(graph, i, RD.number))] = (
                str(one(graph, i, RDFS.label)),
                str(one(graph, goal, RD.number)),
            )
    assert numbered == INTERVENTIONS
    # Pillar 1 and 2: "drie samenhangende elementen (hieronder a tot en met c)";
    # pillar 3: "(hieronder a tot en met f)": 3 + 3 + 6 = 12 numbered elements, plus five titled
    # bullets (Schuldenaanpak; Functiecreatie, Ambachtscentra; Human Capital Agenda
    # Energietransitie, Verbindingen met het Westland) = 17.
    assert len(deal_nodes(graph, RD.hasIntervention)) == 17


def test_sub_interventions(graph: Graph) -> None:
    sub = {
        str(one(graph, i, RDFS.label)): str(
            one(graph, one(graph, i, RD.partOfIntervention), RD.number)
        )
        for i in deal_nodes(graph, RD.hasIntervention)
        if (i, RD.partOfIntervention, None) in graph
    }
    # Artikel 4, 3 a ("Schuldenaanpak:"), 3 b (bullets), 3 e (bullets)
    assert sub == {
        "Schuldenaanpak": "3a",
        "Functiecreatie": "3b",
        "Ambachtscentra": "3b",
        "Human Capital Agenda Energietransitie": "3e",
        "Verbindingen met het Westland": "3e",
    }


def test_carried_out_by(graph: Graph) -> None:
    hca = ID["interventie/den-haag-zuidwest/3e-human-capital-agenda-energietransitie"]
    # Artikel 4, 3 e: "gezamenlijke aanpak met provincie Zuid Holland, Economic Board
    # Zuid-Holland en KPE van ROC Mondriaan"; Vestia is taken along in the wijkaanpak
    assert objects(graph, hca, RD.carriedOutBy) == {
        URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv28"),
        ID["organisatie/economic-board-zuid-holland"],
        ID["organisatie/roc-mondriaan"],
        ID["organisatie/vestia"],
    }
    # Artikel 4, 3 d: "nauw samen met InnovationQuarter en The Hague Business Agency"
    assert {
        ID["organisatie/innovationquarter"],
        ID["organisatie/the-hague-business-agency"],
    } <= objects(graph, ID["interventie/den-haag-zuidwest/3d"], RD.carriedOutBy)


def test_themes_on_goals_and_interventions_exist(graph: Graph) -> None:
    scheme = ID["scheme/thema"]
    nodes = deal_nodes(graph, RD.hasGoal) | deal_nodes(graph, RD.hasIntervention)
    for node in nodes:
        themes = objects(graph, node, RD.theme)
        assert themes, f"{node} has no theme"
        for t in themes:
            assert (t, SKOS.inScheme, scheme) in graph, t


# ------------------------------------------------------------------ intended results


def result_by_quote(graph: Graph, fragment: str):
    hits = [
        r
        for r in deal_nodes(graph, RD.intendedResult)
        if any(fragment in str(q) for q in graph.objects(r, RD.quote))
    ]
    assert len(hits) >= 1, fragment
    return hits[0]


def test_quantified_results_article_3(graph: Graph) -> None:
    # Artikel 3: "Sociale cohesie indicator stijgt tussen najaar 2019 en najaar 2023 met
    # 0.5 punten."
    r = result_by_quote(graph, "Sociale cohesie indicator stijgt")
    assert one(graph, r, RD.targetValue).toPython() == Decimal("0.5")
    assert one(graph, r, RD.baselineYear).toPython() == 2019
    assert one(graph, r, RD.targetYear).toPython() == 2023
    # Artikel 3: "... onveilig voelt daalt tussen najaar 2019 en najaar 2023 met 10 procentpunten."
    r = result_by_quote(graph, "zich onveilig voelt daalt")
    assert one(graph, r, RD.targetValue).toPython() == Decimal("10")
    assert one(graph, r, RD.targetYear).toPython() == 2023
    # Artikel 3: "Van najaar 2019 tot en met 2023 zijn 500 mensen geactiveerd" and
    # "... 500 mensen toegeleid naar werk (bron: Werkoffensief +500, gemeente Den Haag)"
    for fragment in ("500 mensen geactiveerd", "500 mensen toegeleid naar werk"):
        r = result_by_quote(graph, fragment)
        assert one(graph, r, RD.targetValue).toPython() == Decimal("500")
        assert one(graph, r, RD.targetYear).toPython() == 2023
        assert str(one(graph, r, RD.measurementSource)) == "Werkoffensief +500, gemeente Den Haag"
    # "Het aantal huishoudens met problematische schulden neemt af": no target value stated
    r = result_by_quote(graph, "problematische schulden neemt af")
    assert not objects(graph, r, RD.targetValue)


def test_quantified_results_article_4(graph: Graph) -> None:
    # Artikel 4, 3 d: "rond de 5000 m² aan bedrijfsruimte en één bedrijfsverzamelgebouw"
    values = sorted(
        one(graph, r, RD.targetValue).toPython()
        for r in deal_nodes(graph, RD.intendedResult)
        if (r, PROV.wasDerivedFrom, part("artikel-4/onderdeel-3/d")) in graph
        and (r, RD.targetValue, None) in graph
    )
    # 1 boegbeeld/'local hero' per wijk, 1 bedrijfsverzamelgebouw, 5000 m²
    assert values == [Decimal("1"), Decimal("1"), Decimal("5000")]


def test_number_of_results(graph: Graph) -> None:
    # Artikel 3: five general results + per pillar: ontmoetingsplek per wijk, >= 3 projects per
    # ontmoetingsplek, >= 1 location with coordination by residents (pillar 1), >= 1
    # sportaccommodatie per wijk (pillar 2), bedrijfsverzamelgebouw per wijk, >= 1 boegbeeld
    # per wijk (pillar 3); artikel 4, 3 d: 5000 m² and one bedrijfsverzamelgebouw = 13
    assert len(deal_nodes(graph, RD.intendedResult)) == 13


# ------------------------------------------------------------------ clauses and governance


def clauses(graph: Graph) -> dict[URIRef, URIRef]:
    return {one(graph, c, RD.clauseType): c for c in deal_nodes(graph, RD.clause)}


def test_clause_types(graph: Graph) -> None:
    codes = {str(t).rsplit("/", 1)[1] for t in clauses(graph)}
    # Art. 5(5) regiokassier, 6 overleg, 7 lid 1-3 monitoring ("Monitoring van de uitvoering
    # ... vindt door Partijen plaats op drie niveaus"), 7 lid 4-5 voortgangsrapportage,
    # 7 lid 7-9 evaluatie, 8 communicatie,
    # 9 Unierecht, 10 wijzigingen, 11 toetreding, 12 nakoming, 13 citeertitel,
    # 14 inwerkingtreding, 15 openbaarmaking, signature block "in tweevoud ondertekend".
    assert codes == {
        "regiokassier",
        "rijk-regio-overleg",
        "monitoring",
        "voortgangsrapportage",
        "evaluatie",
        "communicatie",
        "unierecht",
        "wijzigingen",
        "toetreding",
        "nakoming",
        "citeertitel",
        "inwerkingtreding-looptijd",
        "publicatie",
        "ondertekening-exemplaren",
    }
    # This 2019 covenant has no opzegging and no gegevensuitwisseling article.
    assert "opzegging" not in codes and "gegevensuitwisseling" not in codes


def test_wijzigingen_and_voortgangsrapportage(graph: Graph) -> None:
    c = clauses(graph)
    wijz = c[ID["soort-bepaling/wijzigingen"]]
    # Artikel 10, lid 2: "Partijen treden in overleg binnen vier weken"
    assert one(graph, wijz, RD.responseWeeks).toPython() == 4
    assert part("artikel-10/lid-2") in objects(graph, wijz, PROV.wasDerivedFrom)
    vgr = c[ID["soort-bepaling/voortgangsrapportage"]]
    assert (vgr, RDF.type, RD.Obligation) in graph
    # Artikel 7, lid 4: "onder leiding van de Regio, éénmaal per jaar een voortgangsrapportage"
    assert one(graph, vgr, RD.responsibleParty) == DEN_HAAG
    assert one(graph, vgr, RD.frequency) == Literal("éénmaal per jaar", lang="nl")


def test_governance_body(graph: Graph) -> None:
    body = ID["orgaan/den-haag-zuidwest/rijk-regio-overleg"]
    assert body in deal_nodes(graph, RD.governanceBody)
    # Artikel 6, lid 1: "Periodiek treden Partijen in overleg"
    assert one(graph, body, RD.frequency) == Literal("Periodiek", lang="nl")
    # Artikel 6, lid 2: six ministries (OCW once) and the gemeente Den Haag
    assert objects(graph, body, ORG.hasMember) == {LNV, BZK, SZW, JENV, OCW, EZK, DEN_HAAG}


# ------------------------------------------------------------------ areas


def test_areas(graph: Graph) -> None:
    # Specifieke overwegingen: "de wijken Bouwlust, Vrederust, Morgenstond en Moerwijk"
    areas = {str(a).rsplit("/", 1)[1] for a in deal_nodes(graph, RD.area)}
    assert areas == {"den-haag-zuidwest", "bouwlust", "vrederust", "morgenstond", "moerwijk"}
    wijken = {
        str(one(graph, ID[f"gebied/{slug}"], RDFS.label))
        for slug in ("bouwlust", "vrederust", "morgenstond", "moerwijk")
        if (ID[f"gebied/{slug}"], RDF.type, RD.Wijk) in graph
    }
    assert wijken == {"Bouwlust", "Vrederust", "Morgenstond", "Moerwijk"}
    # Escamp is not named in this document and has no verified CBS code.
    assert ID["gebied/escamp"] not in deal_nodes(graph, RD.area)
    # Verified CBS codes only (shared/reference/identifiers.csv)
    assert str(one(graph, ID["gebied/moerwijk"], RD.cbsCode)) == "WK051836"
    assert str(one(graph, ID["gebied/morgenstond"], RD.cbsCode)) == "WK051834"
    assert str(one(graph, ID["gebied/bouwlust-vrederust"], RD.cbsCode)) == "WK051833"
    for a in deal_nodes(graph, RD.area):
        assert DEN_HAAG in objects(graph, a, RD.locatedIn)


# ------------------------------------------------------------------ provenance


def test_every_derived_node_cites_this_document(graph: Graph) -> None:
    nodes = set()
    for prop in (
        RD.hasGoal,
        RD.hasIntervention,
        RD.intendedResult,
        RD.signature,
        RD.clause,
        RD.governanceBody,
        RD.programmeReference,
    ):
        nodes |= deal_nodes(graph, prop)
    # 14 clauses: 13 + the monitoring clause of art. 7 lid 1-3
    assert len(nodes) == 10 + 17 + 13 + 8 + 14 + 2 + 20
    for node in nodes:
        parts = objects(graph, node, PROV.wasDerivedFrom)
        assert parts, f"{node} has no provenance"
        for p in parts:
            assert (p, RDF.type, RD.DocumentPart) in graph, p
            assert is_part_of(graph, p, DOC), p


def test_every_deal_property_has_a_fact_source(graph: Graph) -> None:
    exempt = {RDF.type, RDFS.label, RD.translatedLabel, RD.factSource, PROV.wasDerivedFrom}
    covered = {}
    for fs in deal_nodes(graph, RD.factSource):
        assert (fs, RDF.type, RD.FactSource) in graph
        prop = one(graph, fs, RD.aboutProperty)
        for p in objects(graph, fs, PROV.wasDerivedFrom):
            assert (p, RDF.type, RD.DocumentPart) in graph, p
            # web facts (data/ttl/web) are checked by the programme tests
            assert (
                is_part_of(graph, p, DOC) or is_part_of(graph, p, DOC_II) or from_web(graph, p)
            ), p
        covered.setdefault(prop, 0)
        covered[prop] += 1
    used = {p for p in graph.predicates(DEAL, None)} - exempt
    missing = used - set(covered)
    assert not missing, missing


def test_successor_and_tranche_cite_den_haag_zuidwest_ii(graph: Graph) -> None:
    # Convenant Den Haag Zuidwest II, artikel 2 ("de eerste Regio Deal Den Haag Zuidwest",
    # "deze tweede Regio Deal") and begripsbepaling ("Regio Deal Den Haag Zuidwest 2e tranche").
    assert one(graph, DEAL, RD.successor) == ID["regiodeal/den-haag-zuidwest-ii"]
    assert one(graph, DEAL, RD.tranche) == ID["tranche/2"]
    for prop in (RD.successor, RD.tranche):
        sources = [
            p
            for fs in deal_nodes(graph, RD.factSource)
            if (fs, RD.aboutProperty, prop) in graph
            for p in graph.objects(fs, PROV.wasDerivedFrom)
            if not from_web(graph, p)  # the RVO tranche page also gives the tranche
        ]
        assert sources and all(is_part_of(graph, p, DOC_II) for p in sources)


# ------------------------------------------------------------------ discrepancies


DISCREPANCIES = {
    # resource -> locations of the contradiction
    "doel/den-haag-zuidwest/1": {"artikel-2", "artikel-4/onderdeel-1"},
    "doel/den-haag-zuidwest/3": {"artikel-2", "artikel-4/onderdeel-3", "artikel-8/lid-1"},
    "resultaat/den-haag-zuidwest/1": {"voetnoot-4"},
    "resultaat/den-haag-zuidwest/10": {"artikel-3/pijler-3", "artikel-4/onderdeel-3/d"},
    "resultaat/den-haag-zuidwest/13": {"artikel-3/pijler-3", "artikel-4/onderdeel-3/d"},
    "interventie/den-haag-zuidwest/3b-ambachtscentra": {
        "artikel-4/onderdeel-3/b",
        "artikel-4/onderdeel-3/e",
    },
    "programma/woondeal-zuidelijke-randstad": {"voetnoot-1"},
}


@pytest.mark.parametrize("resource", sorted(DISCREPANCIES))
def test_discrepancy_recorded(graph: Graph, resource: str) -> None:
    disc = one(graph, ID[resource], RD.discrepancy)
    assert (disc, RDF.type, RD.Discrepancy) in graph
    locations = {
        str(p).split("convenant-den-haag-zuidwest/", 1)[1]
        for p in objects(graph, disc, RD.sourceLocation)
    }
    assert locations == DISCREPANCIES[resource]
    langs = {c.language for c in graph.objects(disc, RDFS.comment)}
    assert langs == {"nl", "en"}


def test_number_of_discrepancies(graph: Graph) -> None:
    discs = {s for s in graph.subjects(RDF.type, RD.Discrepancy) if "/den-haag-zuidwest/" in str(s)}
    # 1 pillar 1 name, 2 pillar 3 name, 3 footnote 4 (five vs six statements),
    # 4 bedrijfsverzamelgebouw per wijk vs one, 5 Energie Academie vs Energieacademie,
    # 6 typo 'toekomstbestedige' in footnote 1
    assert len(discs) == 6


def test_discrepancy_pillar_titles_keep_both_names(graph: Graph) -> None:
    # Artikel 4, onderdeel 1 heading: "Samenlevingsopbouw en maatschappelijke participatie"
    assert Literal("Samenlevingsopbouw en maatschappelijke participatie", lang="nl") in objects(
        graph, ID["doel/den-haag-zuidwest/1"], SKOS.altLabel
    )
    # Artikel 4, onderdeel 3 heading: "Activeren, leren en werken in de (wijk)economie"
    assert Literal("Activeren, leren en werken in de (wijk)economie", lang="nl") in objects(
        graph, ID["doel/den-haag-zuidwest/3"], SKOS.altLabel
    )


# ------------------------------------------------------------------ programmes


def test_programme_references(graph: Graph) -> None:
    refs = deal_nodes(graph, RD.programmeReference)
    assert len(refs) == 20
    relation_scheme = ID["scheme/soort-relatie"]
    labels = set()
    for ref in refs:
        assert (one(graph, ref, RD.relationType), SKOS.inScheme, relation_scheme) in graph
        prog = one(graph, ref, RD.referencedProgramme)
        # rd:NationalProgramme, or rd:RegionalProgramme for the RES (Regionale Energiestrategie,
        # a regional strategy; Specifieke overwegingen, ambachtscentrum 'De ...').
        assert (prog, RDF.type, RD.NationalProgramme) in graph or (
            prog,
            RDF.type,
            RD.RegionalProgramme,
        ) in graph
        # Programmes shared with other deals keep their first label; this document's
        # wording may then be a skos:altLabel.
        names = set(graph.objects(prog, RDFS.label)) | set(graph.objects(prog, SKOS.altLabel))
        assert names, prog
        labels |= {str(n) for n in names}
    # Specifieke overwegingen (thema 3-6) and artikel 4
    assert {
        "Jongeren op Gezond Gewicht (JOGG)",
        "Nationaal Sportakkoord",
        "MKB actieplan",
        "Techniekpact",
        "Perspectief op Werk",
        "Verdere Integratie op de Arbeidsmarkt",
        "City Deal Zicht op Ondermijning",
    } <= labels
    # Algemene overweging 10: the Financiële-verhoudingswet is the legal basis of the DU
    grondslag = [r for r in refs if (r, RD.relationType, ID["soort-relatie/grondslag"]) in graph]
    assert [
        str(one(graph, one(graph, r, RD.referencedProgramme), RDFS.label)) for r in grondslag
    ] == ["Financiële-verhoudingswet"]
