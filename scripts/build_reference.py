"""Build data/ttl/reference/organisations.ttl from data/reference/identifiers.csv.

Ministries, municipalities, provinces and water boards get their TOOI IRI as subject, a Dutch label
(the name as used in the deals; a ministry also its English name as rd:translatedLabel), and
only the identifiers the CSV marks `verified`: rd:cbsCode, owl:sameAs Wikidata, rd:abbreviation
(TOOI afkorting). Each subject carries the CSV `source` cell as a dcterms:source literal, so that
a reader sees where every identifier was checked. Wijken are described by the deal files, not here.

Run: `.venv/bin/python scripts/build_reference.py` (writes the file with `regiodeal format`).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from regiodeal.namespaces import RD, TOOI_ID, WD
from regiodeal.store.turtle import format_graph

REPO = Path(__file__).resolve().parents[1]
CSV_PATH = REPO / "data" / "reference" / "identifiers.csv"
OUT_PATH = REPO / "data" / "ttl" / "reference" / "organisations.ttl"

TOOI_KIND = {
    "ministry": "ministerie",
    "municipality": "gemeente",
    "province": "provincie",
    "waterboard": "waterschap",
}
KIND_CLASS = {
    "ministry": RD.Ministry,
    "municipality": RD.Municipality,
    "province": RD.Province,
    "waterboard": RD.WaterBoard,
}

# Name periods of ministries whose name changed while Regio Deals were signed (2018-2025).
# From data/reference/README table "Ministry periods" (TOOI rwc_ministeries_compleet v6).
NAME_PERIODS: dict[str, tuple[str, str]] = {
    "mnre1045": (
        "Naam volgens TOOI: Ministerie van Economische Zaken en Klimaat (EZK) van 2018-01-01 tot "
        "2024-07-01 en opnieuw vanaf 2026-02-23; Ministerie van Economische Zaken (EZ, TOOI-versie "
        "hv_22300580) van 2024-07-02 tot 2026-02-22. Eén organisatie, één TOOI-IRI.",
        "Name according to TOOI: Ministry of Economic Affairs and Climate Policy (EZK) from "
        "2018-01-01 to 2024-07-01 and again from 2026-02-23; Ministry of Economic Affairs "
        "(EZ, TOOI version hv_22300580) from 2024-07-02 to 2026-02-22. "
        "One organisation, one TOOI IRI.",
    ),
    "mnre1182": (
        "Bestond volgens TOOI van 2024-07-02 tot 2026-02-22; daarna opgegaan in mnre1045.",
        "Existed according to TOOI from 2024-07-02 to 2026-02-22, then merged into mnre1045.",
    ),
    "mnre1171": (
        "Bestond volgens TOOI van 2024-07-02 tot 2026-02-22; daarna opgegaan in BZK (mnre1034).",
        "Existed according to TOOI from 2024-07-02 to 2026-02-22, then merged into BZK (mnre1034).",
    ),
    "mnre1153": (
        "Naam LNV volgens TOOI (versie hv_33909618) van 2017-10-26 tot 2024-07-01; daarna "
        "hernoemd tot LVVN met dezelfde IRI.",
        "Name LNV according to TOOI (version hv_33909618) from 2017-10-26 to 2024-07-01, then "
        "renamed LVVN under the same IRI.",
    ),
}


# English names of the ministries, written as rd:translatedLabel: a translation by the project, not
# a name TOOI gives, in the form the ministries' English names take ("Ministry of the Interior and
# Kingdom Relations" for Binnenlandse Zaken en Koninkrijksrelaties). The Dutch rdfs:label stays.
ENGLISH_NAMES: dict[str, str] = {
    "mnre1025": "Ministry of Health, Welfare and Sport",
    "mnre1034": "Ministry of the Interior and Kingdom Relations",
    "mnre1045": "Ministry of Economic Affairs and Climate Policy",
    "mnre1058": "Ministry of Justice and Security",
    "mnre1073": "Ministry of Social Affairs and Employment",
    "mnre1090": "Ministry of Finance",
    "mnre1109": "Ministry of Education, Culture and Science",
    "mnre1130": "Ministry of Infrastructure and Water Management",
    "mnre1153": "Ministry of Agriculture, Nature and Food Quality",
    "mnre1171": "Ministry of Housing and Spatial Planning",
    "mnre1182": "Ministry of Climate and Green Growth",
}


@dataclass(frozen=True)
class Row:
    kind: str
    name: str
    abbreviation: str
    tooi_uri: str
    cbs_code: str
    wikidata_qid: str
    verified: dict[str, str]
    source: str

    def is_verified(self, scheme: str) -> bool:
        return self.verified.get(scheme) == "verified"


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [_row(record) for record in csv.DictReader(handle)]


def _row(record: dict[str, str]) -> Row:
    verified = dict(token.split("=", 1) for token in record["verified"].split(";"))
    fields = {key: record[key].strip() for key in Row.__dataclass_fields__ if key != "verified"}
    return Row(verified=verified, **fields)


def _base_name(name: str) -> str:
    """The name before a parenthesised note: 'Den Haag ('s-Gravenhage)' -> 'Den Haag'."""
    return name.split(" (", 1)[0].strip()


def ministry_label(name: str) -> str:
    """'ministerie van Financiën' -> 'Ministerie van Financiën' (capitalised as a title)."""
    base = _base_name(name)
    return base[0].upper() + base[1:]


def cbs_name(source: str) -> str | None:
    """The official CBS name a source note gives where it differs ("CBS name 'Beek (L.)'")."""
    match = re.search(r"CBS name '(.+?)'(?:;|$)", source)
    return match.group(1) if match else None


def province_code(source: str) -> str:
    """The province a municipality row names in its source note ('province PV28')."""
    match = re.search(r"\bprovince (PV\d\d)\b", source)
    if not match:
        raise ValueError(f"no province code in source note: {source[:80]}")
    return match.group(1)


def check_row(row: Row) -> None:
    """TOOI codes of municipalities and provinces are the CBS codes: a mismatch is a data error."""
    same_code = row.tooi_uri.lower().endswith("/" + row.cbs_code.lower())
    if row.kind in ("municipality", "province") and row.is_verified("cbs") and not same_code:
        raise ValueError(f"TOOI IRI {row.tooi_uri} does not match CBS code {row.cbs_code}")
    if not row.tooi_uri.startswith(f"{TOOI_ID}{TOOI_KIND[row.kind]}/"):
        raise ValueError(f"unexpected TOOI IRI for a {row.kind}: {row.tooi_uri}")


def add_identifiers(graph: Graph, subject: URIRef, row: Row) -> None:
    """The verified identifiers of one row, and the row's source note."""
    if row.abbreviation:
        graph.add((subject, RD.abbreviation, Literal(row.abbreviation)))
    if row.cbs_code and row.is_verified("cbs"):
        graph.add((subject, RD.cbsCode, Literal(row.cbs_code)))
    if row.wikidata_qid and row.is_verified("wikidata"):
        graph.add((subject, OWL.sameAs, WD[row.wikidata_qid]))
    graph.add((subject, DCTERMS.source, Literal(row.source)))


def add_ministries(graph: Graph, rows: list[Row]) -> None:
    """One resource per TOOI IRI; the first row's name is the label, later rows alt labels."""
    seen: set[URIRef] = set()
    for row in rows:
        subject = URIRef(row.tooi_uri)
        label = Literal(ministry_label(row.name), lang="nl")
        if subject in seen:
            graph.add((subject, SKOS.altLabel, label))
        else:
            graph.add((subject, RDF.type, RD.Ministry))
            graph.add((subject, RDFS.label, label))
            english = ENGLISH_NAMES[row.tooi_uri.rsplit("/", 1)[-1]]
            graph.add((subject, RD.translatedLabel, Literal(english, lang="en")))
            seen.add(subject)
        add_identifiers(graph, subject, row)
    for code, (nl, en) in NAME_PERIODS.items():
        subject = URIRef(f"{TOOI_ID}ministerie/{code}")
        if subject in seen:
            graph.add((subject, RDFS.comment, Literal(nl, lang="nl")))
            graph.add((subject, RDFS.comment, Literal(en, lang="en")))


def add_places(graph: Graph, rows: list[Row], provinces: dict[str, URIRef]) -> None:
    """Municipalities, provinces and water boards: label, CBS name as alt label, province of a
    municipality."""
    for row in rows:
        subject = URIRef(row.tooi_uri)
        graph.add((subject, RDF.type, KIND_CLASS[row.kind]))
        graph.add((subject, RDFS.label, Literal(_base_name(row.name), lang="nl")))
        official = cbs_name(row.source)
        if official:
            graph.add((subject, SKOS.altLabel, Literal(official, lang="nl")))
        if row.kind == "municipality":
            graph.add((subject, RD.locatedIn, provinces[province_code(row.source)]))
        add_identifiers(graph, subject, row)


def build_graph(rows: list[Row]) -> Graph:
    usable = [r for r in rows if r.kind in KIND_CLASS and r.is_verified("tooi") and r.tooi_uri]
    for row in usable:
        check_row(row)
    provinces = {
        r.cbs_code: URIRef(r.tooi_uri)
        for r in usable
        if r.kind == "province" and r.is_verified("cbs")
    }
    graph = Graph()
    add_ministries(graph, [r for r in usable if r.kind == "ministry"])
    add_places(graph, [r for r in usable if r.kind != "ministry"], provinces)
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV_PATH)
    parser.add_argument("--output", type=Path, default=OUT_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale")
    args = parser.parse_args(argv)
    text = format_graph(build_graph(read_rows(args.csv)))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run scripts/build_reference.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
