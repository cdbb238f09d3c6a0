"""organisations.ttl: built from data/reference/identifiers.csv, verified identifiers only."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from regiodeal.namespaces import RD, TOOI_ID
from regiodeal.settings import REPO_ROOT

CSV_PATH = REPO_ROOT / "data" / "reference" / "identifiers.csv"
TTL_PATH = REPO_ROOT / "data" / "ttl" / "reference" / "organisations.ttl"
MINISTERIE = f"{TOOI_ID}ministerie/"
GEMEENTE = f"{TOOI_ID}gemeente/"
PROVINCIE = f"{TOOI_ID}provincie/"


@pytest.fixture(scope="module")
def orgs() -> Graph:
    return Graph().parse(TTL_PATH, format="turtle")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_file_is_up_to_date_with_csv() -> None:
    script = REPO_ROOT / "scripts" / "build_reference.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_counts(orgs: Graph) -> None:
    # README of the reference data: 11 ministries (12 rows), 44 municipalities, 10 provinces;
    # then the ten municipalities of the NPLV focus areas that lacked one (Groningen, Arnhem,
    # Utrecht, Nieuwegein, Dordrecht, Schiedam, Vlaardingen, Breda, Eindhoven, Roosendaal) and
    # their provinces Groningen (PV20) and Utrecht (PV26): 54 municipalities, 12 provinces.
    # Issue #13 added the 24 municipalities that deals name but that lacked a row: Barendrecht,
    # Ridderkerk, Capelle aan den IJssel, Nissewaard (6th tranche), Noordwijk (ESTEC), Hoeksche
    # Waard, Goeree-Overflakkee, Brielle, Hellevoetsluis, Westvoorne (Zuid-Hollandse Delta), Urk,
    # Noordoostpolder (Noordelijk Flevoland), Zeist (vitale wijken), Sluis, Hulst (Zeeuws-
    # Vlaanderen), Nederweert, Roerdalen, Roermond, Leudal (Midden-Limburg), Haarlem,
    # Haarlemmermeer, Beverwijk, Velsen, Zandvoort (MRA West): 54 + 24 = 78; no new province
    # (all lie in PV24, PV26, PV27, PV28, PV29 or PV31, already described).
    assert len(set(orgs.subjects(RDF.type, RD.Ministry))) == 11
    assert len(set(orgs.subjects(RDF.type, RD.Municipality))) == 78
    assert len(set(orgs.subjects(RDF.type, RD.Province))) == 12


def test_water_board_from_the_tooi_register(orgs: Graph) -> None:
    # KOOP rwc_waterschappen_compleet v2: "@id" .../tooi/id/waterschap/ws0653, organisatiecode
    # "ws0653", officieleNaamExclSoort "Wetterskip Fryslân", no einddatum. The only water board
    # a deal names (Noardwest-Fryslân, 004 Bijlage), so exactly one.
    boards = set(orgs.subjects(RDF.type, RD.WaterBoard))
    assert boards == {URIRef(f"{TOOI_ID}waterschap/ws0653")}
    (board,) = boards
    assert set(orgs.objects(board, RDFS.label)) == {Literal("Wetterskip Fryslân", lang="nl")}
    # no CBS code or Wikidata item was checked for it, so none is published
    assert (board, RD.cbsCode, None) not in orgs and (board, OWL.sameAs, None) not in orgs


def test_ezk_and_ez_are_one_ministry(orgs: Graph) -> None:
    ezk = URIRef(MINISTERIE + "mnre1045")
    assert set(orgs.objects(ezk, RDFS.label)) == {
        Literal("Ministerie van Economische Zaken en Klimaat", lang="nl")
    }
    assert Literal("Ministerie van Economische Zaken", lang="nl") in set(
        orgs.objects(ezk, SKOS.altLabel)
    )
    assert {str(a) for a in orgs.objects(ezk, RD.abbreviation)} == {"EZK", "EZ"}
    comments = " ".join(orgs.objects(ezk, RDFS.comment))
    assert "2024-07-02" in comments and "2026-02-22" in comments


def test_den_haag(orgs: Graph) -> None:
    den_haag = URIRef(GEMEENTE + "gm0518")
    assert orgs.value(den_haag, RDFS.label) == Literal("Den Haag", lang="nl")
    assert orgs.value(den_haag, SKOS.altLabel) == Literal("'s-Gravenhage", lang="nl")
    assert orgs.value(den_haag, RD.cbsCode) == Literal("GM0518")
    assert orgs.value(den_haag, RD.locatedIn) == URIRef(PROVINCIE + "pv28")
    assert orgs.value(den_haag, OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q36600")


def test_every_municipality_lies_in_a_described_province(orgs: Graph) -> None:
    provinces = set(orgs.subjects(RDF.type, RD.Province))
    for municipality in orgs.subjects(RDF.type, RD.Municipality):
        assert orgs.value(municipality, RD.locatedIn) in provinces, municipality


def test_only_verified_identifiers(orgs: Graph, rows: list[dict[str, str]]) -> None:
    # Ministries' Wikidata candidates are unverified in the CSV: none may appear.
    for row in rows:
        subject = URIRef(row["tooi_uri"]) if row["tooi_uri"] else None
        if subject is None or "wikidata=verified" in row["verified"]:
            continue
        assert (subject, OWL.sameAs, None) not in orgs, subject
    # 54 municipalities + 12 provinces, then issue #13: 24 municipalities of which 21 with a
    # verified Wikidata item (Brielle, Hellevoetsluis and Westvoorne ended on 2022-12-31 and have
    # only a single-source candidate): 66 + 21 = 87.
    assert len(set(orgs.subject_objects(OWL.sameAs))) == 87


def test_municipalities_that_merged_into_voorne_aan_zee(orgs: Graph) -> None:
    # KOOP rwc_gemeenten_compleet v4: gm0501 Brielle, gm0530 Hellevoetsluis and gm0614 Westvoorne,
    # each ligtInProvincie pv28 with einddatum 2022-12-31 (merged into Voorne aan Zee on
    # 2023-01-01). The CBS 2026 list no longer has them, so no CBS code or Wikidata item is
    # published; the TOOI IRI is, because a deal of February 2020 names them.
    ended = (("gm0501", "Brielle"), ("gm0530", "Hellevoetsluis"), ("gm0614", "Westvoorne"))
    for code, name in ended:
        municipality = URIRef(GEMEENTE + code)
        assert (municipality, RDF.type, RD.Municipality) in orgs
        assert orgs.value(municipality, RDFS.label) == Literal(name, lang="nl")
        assert orgs.value(municipality, RD.locatedIn) == URIRef(PROVINCIE + "pv28")
        assert (municipality, RD.cbsCode, None) not in orgs
        assert (municipality, OWL.sameAs, None) not in orgs
        assert "einddatum 2022-12-31" in str(orgs.value(municipality, DCTERMS.source))


def test_every_subject_names_its_source(orgs: Graph) -> None:
    for subject in set(orgs.subjects(RDF.type, None)):
        sources = list(orgs.objects(subject, DCTERMS.source))
        assert sources and all(isinstance(s, Literal) for s in sources), subject
