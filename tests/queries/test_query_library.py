"""Each named query in queries/ run on the bundled graph, checked against answers computed by hand
from the source documents in ../shared/seeds/ (cited per test):

  000 = convenant Regio Deal Delft West            001 = convenant Regio Deal Den Haag Zuidwest II
  002 = convenant Regio Deal Den Haag Zuidwest      003 = aanvraag Rijswijk en Den Haag (6e tranche)
  004 = Kamerbrief 1 november 2023, 'Aanbieding vierde tranche Regio Deals', Bijlage per deal
"""

from __future__ import annotations

import re
from decimal import Decimal

from pyoxigraph import BlankNode, RdfFormat, Store

from regiodeal.cli.catalogue import build, cell
from regiodeal.namespaces import ID
from regiodeal.settings import REPO_ROOT, get_settings
from regiodeal.sparql.named_queries import load_named_queries

from .conftest import runner

M = Decimal(1_000_000)
TOOI_MIN = "https://identifier.overheid.nl/tooi/id/ministerie/"
BZK, EZK, IENW, SZW, VWS, OCW, JENV, LNV, VRO = (
    TOOI_MIN + code
    for code in (
        "mnre1034",
        "mnre1045",
        "mnre1130",
        "mnre1073",
        "mnre1025",
        "mnre1109",
        "mnre1058",
        "mnre1153",
        "mnre1171",
    )
)

# 004 Bijlage: "Vanuit de Regio Enveloppe is € … beschikbaar … De Regio investeert (ook) € …"
# (Noardwest-Fryslân: "Rijk en Regio investeren beide 20 mln."), in mln.
LETTER_AMOUNTS = {
    "noardwest-fryslan": ("20", "20"),
    "waddeneilanden": ("15.5", "15.5"),
    "zuid-en-oost-drenthe-ii": ("30", "30"),
    "arnhem-nijmegen": ("15", "15"),
    "twente-ii": ("25", "25"),
    "parkstad-limburg-ii": ("25", "25"),
    "midden-brabant": ("12.5", "17.5"),
    "zuid-limburg": ("20", "20"),
    "zaanij-ii": ("20", "20"),
    "nieuw-land": ("18.2", "18.2"),
    "mainstage": ("5", "8.15"),
    "rotterdam-zuid-ii": ("30", "30"),
    "den-haag-zuidwest-ii": ("18", "31"),  # also 001 art. 5 lid 2 table totals
}
# 000 art. 4 lid 2: € 12,3 mln. / € 12,3 mln.; 002 art. 5: LNV reserveert € 7,5 miljoen,
# de Regio spant zich in een bijdrage van € 7,5 miljoen te leveren.
COVENANT_AMOUNTS = {"delft-west": ("12.3", "12.3"), "den-haag-zuidwest": ("7.5", "7.5")}
SIGNED_AMOUNTS = {**LETTER_AMOUNTS, **COVENANT_AMOUNTS}


def mln(text: str) -> Decimal:
    return Decimal(text) * M


def by(rows: list[dict], key: str) -> dict[object, dict]:
    return {row[key]: row for row in rows}


def test_every_query_has_titles_in_both_languages_and_a_test() -> None:
    queries = load_named_queries(get_settings().queries_dir)
    assert len(queries) >= 25
    for query in queries:
        assert query.titles.get("nl") and query.titles.get("en"), query.name
        assert query.descriptions, query.name
    tested = {name for name in globals() if name.startswith("test_")}
    for query in queries:
        assert f"test_{query.name.replace('-', '_')}" in tested, f"no test for {query.name}"


# 003 tabel 1 (x1000), REGIO column, no totals row: 18.630 + 12.150 + 12.045 = 42.825, i.e.
# € 42.825.000 computed at load; the Rijk column sums to 15.805 + 12.150 + 12.045 = 40.000, the
# € 40 miljoen the text asks for (printed, so the printed value is used).
APPLICATION_REGIONAL = Decimal(42_825_000)


def test_contributions_per_deal(run_query, added_deals) -> None:
    ordered = [r for r in run_query("contributions-per-deal") if r["deal"] not in added_deals]
    rows = by(ordered, "deal")
    # Plus the Achterhoek (rijksoverheid.nl, Regio Deal Achterhoek: "stelt het Rijk 20 miljoen
    # euro beschikbaar [...] De regio legt ook 20 miljoen euro in"), a web page, not a seed.
    assert set(rows) == {f"regiodeal/{slug}" for slug in SIGNED_AMOUNTS} | {
        "regiodeal/rijswijk-den-haag",
        "regiodeal/achterhoek",
    }
    achterhoek = rows["regiodeal/achterhoek"]
    assert (achterhoek["rijk"], achterhoek["regional"]) == (mln("20"), mln("20"))
    for slug, (rijk, regional) in SIGNED_AMOUNTS.items():
        row = rows[f"regiodeal/{slug}"]
        assert (row["rijk"], row["regional"]) == (mln(rijk), mln(regional)), slug
        assert row["total"] == mln(rijk) + mln(regional)
        assert (row["rijkComputed"], row["regionalComputed"]) == ("false", "false"), slug
    application = rows["regiodeal/rijswijk-den-haag"]
    assert (application["rijk"], application["regional"]) == (mln("40"), APPLICATION_REGIONAL)
    assert (application["rijkComputed"], application["regionalComputed"]) == ("false", "true")
    # ratios by hand: DHZW II 31/18 = 1.7222…, MAINSTAGE 8.15/5 = 1.63, M-Brabant 17.5/12.5 = 1.4
    assert rows["regiodeal/mainstage"]["ratio"] == Decimal("1.63")
    assert rows["regiodeal/midden-brabant"]["ratio"] == Decimal("1.4")
    assert abs(rows["regiodeal/den-haag-zuidwest-ii"]["ratio"] - Decimal(31) / 18) < Decimal("1e-9")
    first_three = [r["deal"] for r in ordered[:3]]
    assert first_three == [
        "regiodeal/den-haag-zuidwest-ii",
        "regiodeal/mainstage",
        "regiodeal/midden-brabant",
    ]


def test_contributions_per_tranche(curated_query) -> None:
    rows = {(r["number"], r["status"]): r for r in curated_query("contributions-per-tranche")}
    # 4th tranche: 14 deals (004: veertien geselecteerd; North Sea Port District without figures),
    # 13 with amounts. Rijk: 20+15.5+30+15+25+25+12.5+20+20+18.2+5+30+18 = 254.2 mln;
    # regional: 20+15.5+30+15+25+25+17.5+20+20+18.2+8.15+30+31 = 275.35 mln.
    t4 = rows[(4, "ondertekend")]
    assert (t4["deals"], t4["dealsWithAmount"]) == (14, 13)
    assert (t4["rijkTotal"], t4["regionalTotal"]) == (mln("254.2"), mln("275.35"))
    # 5th tranche: Delft West (000 Algemene overwegingen 6), 12.3 / 12.3 mln, and Drechtsteden-
    # Gorinchem II (Smart Delta Drechtsteden: "een Rijksbijdrage ontvangen van 25 miljoen", no
    # regional amount) -> Rijk 12.3 + 25 = 37.3, regional 12.3.
    assert (rows[(5, "ondertekend")]["rijkTotal"], rows[(5, "ondertekend")]["regionalTotal"]) == (
        mln("37.3"),
        mln("12.3"),
    )
    # 2nd tranche: Den Haag Zuidwest 2019 (001 Begripsbepaling) 7.5 mln + Twente 30 mln (Regio
    # Twente: "Het kabinet trekt in totaal €30 miljoen uit") + Achterhoek 20 mln and ZaanIJ
    # 7.5 mln (rijksoverheid.nl) = 65 mln.
    assert rows[(2, "ondertekend")]["rijkTotal"] == mln("65")
    # 6th tranche: the application requests € 40 miljoen (003, Rijksbijdrage en looptijd); it
    # prints no regional total, so the sum of its table rows is used and counted as computed.
    assert rows[(6, "aanvraag")]["rijkTotal"] == mln("40")
    assert rows[(6, "aanvraag")]["regionalTotal"] == APPLICATION_REGIONAL
    assert (rows[(6, "aanvraag")]["regionalComputedDeals"], t4["regionalComputedDeals"]) == (1, 0)
    assert all(r["rijkComputedDeals"] == 0 for r in rows.values())
    # 6th tranche selection (news 3-2-2025): 16 deals, none with an agreed rd:rijkContribution;
    # Noordoost-Fryslân II is signed (gemeente Tytsjerksteradiel, 19-11-2025): 15 + 1.
    assert rows[(6, "geselecteerd")]["deals"] == 15
    assert (rows[(6, "ondertekend")]["deals"], rows[(6, "ondertekend")]["dealsWithAmount"]) == (
        1,
        0,
    )
    # 1st tranche (data/ttl/web, RVO 'Regio Deals'): Brainport Eindhoven, Zeeland, Rotterdam-Zuid,
    # BES-Eilanden closed; Brainport "maximaal € 130 miljoen" (Kamerstuk 29 697, nr. 51) and
    # Rotterdam Zuid "Kabinet investeert 130 miljoen euro extra" (rijksoverheid.nl 03-12-2018,
    # the day it was signed), BES-eilanden "€ 50 miljoen" (elkeregiotelt.nl); ESTEC/Space Campus
    # Noordwijk, not in RVO's list of closed deals but signed on 6 September 2018 (Kamerstuk
    # 29 697, nr. 55: "maximaal € 15 miljoen uit de Regio Envelop") -> 5 deals, 4 with an
    # amount, 130 + 130 + 50 + 15 = 325 mln.
    t1 = rows[(1, "ondertekend")]
    assert (t1["deals"], t1["dealsWithAmount"], t1["rijkTotal"]) == (5, 4, mln("325"))
    # 2nd tranche: all 12 of RVO's list closed; Den Haag Zuidwest, Twente, Achterhoek and ZaanIJ
    # have an amount.
    assert (rows[(2, "ondertekend")]["deals"], rows[(2, "ondertekend")]["dealsWithAmount"]) == (
        12,
        4,
    )
    # 3rd tranche (web publications): 14 selected on 14 February 2020, all closed in July 2020
    # (RVO 'Regio Deals'); amounts agreed at signing only for Zuid-Hollandse Delta (gemeente
    # Hoeksche Waard, begroting 2024: "investeert het Rijk 7,5 miljoen") and Zwolle (Regio Zwolle
    # 13-07-2020: "€22,5 miljoen") = 30 mln; the other 12 have selection amounts only
    # (rd:selectedRijkContribution), which this query does not sum.
    assert (
        rows[(3, "ondertekend")]["deals"],
        rows[(3, "ondertekend")]["dealsWithAmount"],
        rows[(3, "ondertekend")]["rijkTotal"],
    ) == (14, 2, mln("30"))
    assert (3, "geselecteerd") not in rows
    # Web publications (data/ttl/web): the 17-02-2023 selection adds one proposal kept apart,
    # 'Metropoolregio-Oost / Flevoland-West'; the 5th tranche six proposals not signed in a read
    # source (from the 09-02-2024 list: Groningen Noord, Regio Zwolle, Regio Stedendriehoek,
    # Regio Noord-Limburg, Regio West-Brabant; plus Saba, elkeregiotelt.nl 03-06-2024); signed:
    # Kamerbrief 29 697 nr. 157's fourteen covenants, Regio Achterhoek (Achterhoek II, Law
    # Insider's copy of the covenant, 24-09-2024) and Drechtsteden-Gorinchem II (Smart Delta
    # Drechtsteden: "Recent is een nieuwe Regio Deal gesloten") = 16, with a signed amount Delft
    # West and Drechtsteden-Gorinchem II (2). Selection amounts are rd:selectedRijkContribution,
    # which this query does not sum.
    t4_selected, t5_selected, t5 = (
        rows[(4, "geselecteerd")],
        rows[(5, "geselecteerd")],
        rows[(5, "ondertekend")],
    )
    assert (t4_selected["deals"], t4_selected["dealsWithAmount"]) == (1, 0)
    assert (t5_selected["deals"], t5_selected["dealsWithAmount"]) == (6, 0)
    assert (t5["deals"], t5["dealsWithAmount"]) == (16, 2)
    assert set(rows) == {
        (1, "ondertekend"),
        (2, "ondertekend"),
        (3, "ondertekend"),
        (4, "geselecteerd"),
        (4, "ondertekend"),
        (5, "geselecteerd"),
        (5, "ondertekend"),
        (6, "aanvraag"),
        (6, "geselecteerd"),
        (6, "ondertekend"),
    }


def test_rijk_contribution_per_provider(curated_query) -> None:
    rows = {
        r["ministry"]: (r["deals"], r["provided"])
        for r in curated_query("rijk-contribution-per-provider")
    }
    # 000 art. 4 lid 2 "VRO reserveert maximaal € 12,3 mln."; 001 art. 5 lid 2 "BZK reserveert
    # maximaal € 18 miljoen"; 002 art. 5 "LNV reserveert € 7,5 miljoen".
    assert rows == {VRO: (1, mln("12.3")), BZK: (1, mln("18")), LNV: (1, mln("7.5"))}


def test_regional_versus_rijk(run_query, added_deals) -> None:
    rows = {d: r for d, r in by(run_query("regional-versus-rijk"), "deal").items()
            if d not in added_deals}  # fmt: skip
    higher = {d for d, r in rows.items() if r["class"] == "higher"}
    lower = {d for d, r in rows.items() if r["class"] == "lower"}
    # 004: only Midden-Brabant (17,5 > 12,5), MAINSTAGE (8,15 > 5) and DHZW II (31 > 18) exceed.
    # 003: the application's computed regional 42.825.000 > the € 40 miljoen it asks: higher,
    # flagged as computed
    assert higher == {
        "regiodeal/midden-brabant",
        "regiodeal/mainstage",
        "regiodeal/den-haag-zuidwest-ii",
        "regiodeal/rijswijk-den-haag",
    }
    assert rows["regiodeal/rijswijk-den-haag"]["regionalComputed"] == "true"
    assert lower == set()
    # + the application and the Achterhoek (rijksoverheid.nl: Rijk 20, regio 20: equal)
    assert len(rows) == len(SIGNED_AMOUNTS) + 2
    assert rows["regiodeal/achterhoek"]["class"] not in ("higher", "lower")
    only_higher = run_query("regional-versus-rijk", comparison="higher")
    assert {r["deal"] for r in only_higher} - added_deals == higher
    lower_rows = run_query("regional-versus-rijk", comparison="lower")
    assert [r for r in lower_rows if r["deal"] not in added_deals] == []


def test_execution_costs_share(run_query, added_deals) -> None:
    rows = {d: r for d, r in by(run_query("execution-costs-share"), "deal").items()
            if d not in added_deals}  # fmt: skip
    # 000 art. 4 lid 2 table: VAT € 0,325 mln. of € 12,3 mln. = 2.642…%; 001 art. 5 lid 2 table:
    # € 0,5 mln. of € 18 mln. = 2.777…%; both allow at most 3%. 002 and 003 print no VAT row.
    assert set(rows) == {"regiodeal/delft-west", "regiodeal/den-haag-zuidwest-ii"}
    dw, dhz = rows["regiodeal/delft-west"], rows["regiodeal/den-haag-zuidwest-ii"]
    assert (dw["vatRijk"], dw["rijkTotal"]) == (mln("0.325"), mln("12.3"))
    assert (dhz["vatRijk"], dhz["rijkTotal"]) == (mln("0.5"), mln("18"))
    assert abs(dw["share"] - Decimal("0.325") / Decimal("12.3")) < Decimal("1e-9")
    assert abs(dhz["share"] - Decimal("0.5") / Decimal("18")) < Decimal("1e-9")
    assert dw["maxShare"] == dhz["maxShare"] == Decimal("0.03")


def test_largest_and_smallest_deals(run_query) -> None:
    rows = {(r["extreme"], r["deal"]) for r in run_query("largest-and-smallest-deals")}
    # Kamerstuk 29 697, nr. 51 (data/ttl/web): Brainport Eindhoven's "maximaal € 130 miljoen" and
    # Rotterdam Zuid's "130 miljoen euro" (rijksoverheid.nl 03-12-2018) are the largest signed
    # amounts, a tie (004's largest is € 30 miljoen); MAINSTAGE's € 5 miljoen the smallest (the
    # application's € 40 mln is a request).
    assert rows == {
        ("largest", "regiodeal/brainport-eindhoven"),
        ("largest", "regiodeal/rotterdam-zuid"),
        ("smallest", "regiodeal/mainstage"),
    }


# 3rd-tranche deals known from web publications with a selection amount only
# (rd:selectedRijkContribution, no rd:rijkContribution); Zwolle has its amount at signing too
# (Regio Zwolle 13-07-2020), Zuid-Hollandse Delta too (gemeente Hoeksche Waard).
THIRD_TRANCHE_SELECTED = {
    f"regiodeal/{slug}"
    for slug in (
        *("zuidoost-friesland", "groningen-noord", "oost-groningen", "veluwe"),
        *("rivierenland", "cleantech-regio", "noord-limburg", "drechtsteden-gorinchem"),
        *("zeeuws-vlaanderen", "maritiem-cluster-kop-van-noord-holland", "noordoost-brabant"),
        "vitale-wijken-overvecht-batau-en-vollenhove",
    )
}
# The first deals of the regions whose second deal 004's Bijlage lists ("Regio Deal … II"): the
# letter names them only through the "II", with no amount (data/ttl/deals/<slug>.ttl, rdfs:comment).
DEALS_WITHOUT_AMOUNT = {
    f"regiodeal/{slug}"
    for slug in (
        *("north-sea-port-district", "parkstad-limburg"),
        "zuid-en-oost-drenthe",
        # Sixth tranche (data/ttl/web, news of 3-2-2025): 16 selected proposals, with an amount
        # at selection (rd:selectedRijkContribution) but no agreed rd:rijkContribution yet; and
        # five earlier deals known only from the 'II' in their successors' names (19-11-2025).
        *("noord-drenthe", "noordoost-fryslan-ii", "eemsdelta", "foodvalley-ii"),
        *("rivierenland-ii", "parkstad-limburg-iii", "noordoost-brabant-ii", "zuid-limburg-ii"),
        *("waterland", "vitale-wijken-ii", "barendrecht-ridderkerk-rotterdam"),
        *("zeeuws-vlaanderen-zeeland", "waarden-van-het-groene-hart", "sierteeltregio"),
        *("zuid-hollandse-groeikernen", "bonaire"),
        *("noordoost-fryslan", "foodvalley", "noordoost-brabant", "rivierenland"),
        # data/ttl/web, tranches 1 and 2 (RVO pages): no amount found in an official source read
        *("zeeland", "midden-en-west-brabant"),
        *("groene-hart", "natuurinclusieve-landbouw-noord-nederland"),
        *("noordelijk-flevoland", "foodvalley", "noordoost-fryslan"),
        # data/ttl/web: known from selections or Kamerbrief 29 697 nr. 157 without a signed amount:
        # 1 (4th-tranche proposal) + 7 (5th: six selected only and Achterhoek II, signed without
        # an amount read) + 13 (nr. 157 minus Delft West) = 21; Drechtsteden-Gorinchem II has one
        # (Smart Delta Drechtsteden, EUR 25 mln)
        "metropoolregio-oost-flevoland-west",
        *(
            "groningen-noord-vijfde-tranche",
            "regio-achterhoek",
            "regio-zwolle",
            "regio-stedendriehoek",
        ),
        *("regio-noord-limburg", "regio-west-brabant", "saba"),
        *("zuidwest-friesland", "amsterdam-zuidoost", "zuid-hollandse-delta-ii", "sint-eustatius"),
        *("veluwe-ii", "regiocentra-groningen", "waterwegregio", "oost-groningen-ii"),
        *("noord-holland-noord", "midden-limburg", "mra-west", "het-hogeland"),
        "metropoolregio-eindhoven",
    )
} | THIRD_TRANCHE_SELECTED


def test_deals_by_rijk_contribution(run_query, added_deals) -> None:
    rows = [r for r in run_query("deals-by-rijk-contribution") if r["deal"] not in added_deals]
    amounts = [r["rijkContribution"] for r in rows if r["rijkContribution"] is not None]
    assert amounts == sorted(amounts, reverse=True)
    # Kamerstuk 29 697, nr. 51: Brainport Eindhoven "maximaal € 130 miljoen" and rijksoverheid.nl
    # 03-12-2018: Rotterdam Zuid "130 miljoen euro"; then BES-eilanden's € 50 miljoen
    # (elkeregiotelt.nl) and 003's € 40 mln
    assert amounts[:4] == [mln("130"), mln("130"), mln("50"), mln("40")]
    # + the application, Brainport Eindhoven, Zuid-Hollandse Delta (EUR 7,5 mln at signing,
    # gemeente Hoeksche Waard, begroting 2024), Twente (EUR 30 mln, Regio Twente), Achterhoek
    # (EUR 20 mln, rijksoverheid.nl), ZaanIJ (EUR 7,5 mln, rijksoverheid.nl 13-12-2019),
    # Drechtsteden-Gorinchem II (EUR 25 mln, Smart Delta Drechtsteden), Rotterdam-Zuid (EUR 130
    # mln, rijksoverheid.nl 03-12-2018), Zwolle (EUR 22,5 mln, Regio Zwolle 13-07-2020), ESTEC
    # (EUR 15 mln, Kamerstuk 29 697, nr. 55) and BES-eilanden (EUR 50 mln, elkeregiotelt.nl)
    assert len(amounts) == len(SIGNED_AMOUNTS) + 11
    # The description: "deals without a stated amount come last" (and are listed at all).
    tail = rows[len(amounts) :]
    assert {r["deal"] for r in tail} == DEALS_WITHOUT_AMOUNT
    assert all(r["rijkContribution"] is None for r in tail)
    big = run_query("deals-by-rijk-contribution", minimum=mln("25"))
    # >= 25 mln: Brainport 130; Rotterdam-Zuid 130; BES-eilanden 50; application 40; ZOD II 30;
    # Rotterdam-Zuid II 30; Twente 30 (Regio Twente); Twente II 25; Parkstad II 25;
    # Drechtsteden-Gorinchem II 25 (Smart Delta Drechtsteden); the parameter: "deals without an
    # amount are always listed".
    assert {r["deal"] for r in big} - added_deals == DEALS_WITHOUT_AMOUNT | {
        "regiodeal/brainport-eindhoven",
        "regiodeal/rotterdam-zuid",
        "regiodeal/bes-eilanden",
        "regiodeal/rijswijk-den-haag",
        "regiodeal/zuid-en-oost-drenthe-ii",
        "regiodeal/rotterdam-zuid-ii",
        "regiodeal/twente",
        "regiodeal/twente-ii",
        "regiodeal/parkstad-limburg-ii",
        "regiodeal/drechtsteden-gorinchem-ii",
    }


def test_budget_per_goal(run_query) -> None:
    rows = run_query("budget-per-goal")
    dw = [
        (r["rowLabel"], r["rijk"], r["regional"], r["total"])
        for r in rows
        if r["deal"] == "regiodeal/delft-west"
    ]
    # 000 art. 4 lid 2, table "Uitvoeringsactiviteiten", exactly as printed
    assert dw == [
        ("1. Doel 1", mln("5.3"), mln("5.3"), mln("10.6")),
        ("2. Doel 2", mln("3.35"), mln("3.35"), mln("6.7")),
        ("3. Doel 3", mln("3.325"), mln("3.305"), mln("6.63")),
        ("Uitvoeringskosten (VAT)", mln("0.325"), mln("0.345"), mln("0.67")),
    ]
    dhz = {
        r["rowLabel"]: (r["rijk"], r["regional"], r["total"])
        for r in rows
        if r["deal"] == "regiodeal/den-haag-zuidwest-ii"
    }
    # 001 art. 5 lid 2 table; the VAT row prints no regional amount
    assert dhz["Pijler A sociaal weefsel"] == (mln("5.6"), mln("16.5"), mln("22.1"))
    assert dhz["Uitvoeringskosten (VAT)"] == (mln("0.5"), None, mln("0.5"))
    app = {
        r["rowLabel"]: (r["rijk"], r["regional"], r["total"])
        for r in rows
        if r["deal"] == "regiodeal/rijswijk-den-haag"
    }
    # 003 table "Alle bedragen x1000 REGIO RIJKSBIJDRAGE TOTAAL" (theme rows; sub-lines excluded)
    assert app == {
        "1. Veilige en prettige woonomgeving": (
            Decimal(15_805_000),
            Decimal(18_630_000),
            Decimal(34_435_000),
        ),
        "2. Gezondheid en welzijn": (Decimal(12_150_000), Decimal(12_150_000), Decimal(24_300_000)),
        "3. Economische en sociale participatie": (
            Decimal(12_045_000),
            Decimal(12_045_000),
            Decimal(24_090_000),
        ),
    }
    assert all(r["source"] for r in rows)


def test_ministries_per_deal(run_query) -> None:
    rows = by(run_query("ministries-per-deal"), "deal")
    # 004: Parkstad-Limburg II is signed by EZK, SZW, JenV, OCW, LNV, VWS, IenW and BZK (8);
    # Nieuw Land by EZK and BZK (2); 000 Partijen 1-4: VRO, BZK, EZ, IenW (4).
    counts = {d: r["ministries"] for d, r in rows.items()}
    assert counts["regiodeal/parkstad-limburg-ii"] == 8
    assert counts["regiodeal/nieuw-land"] == 2
    assert counts["regiodeal/delft-west"] == 4
    # 002 Partijen 1-7: LNV, BZK, SZW, JenV, EZK, OCW and the Minister voor BVOM (also OCW) = 6
    assert counts["regiodeal/den-haag-zuidwest"] == 6
    # As named at signing: 000 Partijen "hierna te noemen: VRO / BZK / EZ / IenW"; 004 Bijlage
    # Twente II "EZK, OCW, SZW, VWS en BZK"; Stcrt. 2025, 1152 (Oost-Groningen II, signed by
    # 2024-11-14, no stated names): the names valid then, EZ for mnre1045 (2024-07-02..2026-02-22).
    names = {d: set(str(r["namesAtSigning"]).split(", ")) for d, r in rows.items()}
    assert names["regiodeal/delft-west"] == {"VRO", "BZK", "EZ", "IenW"}
    assert names["regiodeal/twente-ii"] == {"EZK", "OCW", "SZW", "VWS", "BZK"}
    assert names["regiodeal/oost-groningen-ii"] == {"VRO", "BZK", "EZ", "SZW", "JenV", "VWS"}


def test_deals_per_ministry(curated_query) -> None:
    rows = {r["ministry"]: r["deals"] for r in curated_query("deals-per-ministry")}
    # 004 Bijlage (13 deals) + 000 (VRO, BZK, EZ, IenW) + 002 (LNV, BZK, SZW, JenV, EZK, OCW):
    # BZK 13+1+1; EZK 12 (all but ZaanIJ II)+1+1; IenW 8+1; SZW 8+1; VWS 8; OCW 6+1; JenV 4+1;
    # LNV 3+1; VRO 1. Plus Stcrt. 2025, 1152 (Regio Deal Oost-Groningen II, partijen 1-7): VRO,
    # BZK (minister and staatssecretaris Herstel Groningen), EZ (mnre1045), SZW, JenV, VWS +1.
    # Plus Stcrt. 2025, 1140 (Regio Deal Zuid-Hollandse Delta II, partijen 1-5): VRO, BZK, LVVN
    # (mnre1153, LNV's name since 2024), JenV, IenW +1.
    # Plus Stcrt. 2025, 1142 (Regio Deal Midden-Limburg, partijen 1-7): VRO, BZK, EZ (mnre1045),
    # JenV, IenW, OCW, VWS +1. Plus Stcrt. 2025, 1146 (Regio Deal MRA West, 'Beter in Balans',
    # partijen 1-5): VRO, BZK, VWS, IenW, LVVN (mnre1153) +1. Plus Regio Deal Achterhoek II
    # (Law Insider's copy of the covenant, partijen 1-8): VRO, BZK, EZ (mnre1045), OCW, LVVN
    # (mnre1153), IenW, SZW, VWS +1 each; not JenV.
    # Plus (data/ttl/web, 2026-12-03) Stcrt. 2019, 1931 (Rotterdam Zuid): LNV, BZK, OCW (and
    # BVOM), JenV, SZW, VWS; Prb. 2018, 7519 (Zeeland): LNV, BZK, OCW, EZK, SZW; Stcrt. 2021, 86
    # (Zeeuws-Vlaanderen): LNV, BZK, OCW, JenV, EZK; TK 2019D31372 (Noordelijk Flevoland): LNV,
    # BZK, IenW, JenV, EZK. BZK 20+4; EZK 17+3; IenW 13+1; SZW 11+2; VWS 12+1; OCW 9+3; JenV 8+3;
    # LNV 7+4; VRO 6.
    assert rows == {
        BZK: 24,
        EZK: 20,
        IENW: 14,
        SZW: 13,
        VWS: 13,
        OCW: 12,
        JENV: 11,
        LNV: 11,
        VRO: 6,
    }


def test_ministries_by_lineage(curated_query) -> None:
    rows = by(curated_query("ministries-by-lineage"), "lineage")
    # Lineages: TOOI v6 (reference/organisations.ttl) has VRO (mnre1171) go into BZK (mnre1034)
    # on 2026-02-23, so the VRO deals count with BZK. Deals with BZK or VRO as party: the 16 BZK
    # deals of test_deals_per_ministry; both VRO deals (000, Stcrt. 2025, 1152) also have BZK.
    # Zuid-Hollandse Delta II (Stcrt. 2025, 1140, Partijen 1-5: VRO, BZK, LVVN, JenV, IenW)
    # adds one deal to each of BZK (with VRO), LNV/LVVN (mnre1153), JenV and IenW. Midden-Limburg
    # (Stcrt. 2025, 1142, Partijen 1-7: VRO, BZK, EZ, JenV, IenW, OCW, VWS) adds one to each of
    # BZK (with VRO), EZK (as EZ), JenV, IenW, OCW and VWS; MRA West (Stcrt. 2025, 1146, Partijen
    # 1-5: VRO, BZK, VWS, IenW, LVVN) one to each of BZK (with VRO), VWS, IenW and LNV/LVVN;
    # Achterhoek II (Law Insider, Partijen 1-8: VRO, BZK, EZ, OCW, LVVN, IenW, SZW, VWS) one to
    # each of BZK (with VRO), EZK (as EZ), OCW, LNV/LVVN, IenW, SZW and VWS. The four deals with
    # parties from web publications (test_deals_per_ministry) add the same as there.
    deals = {m: r["deals"] for m, r in rows.items()}
    assert deals == {BZK: 24, EZK: 20, IENW: 14, SZW: 13, VWS: 13, OCW: 12, JENV: 11, LNV: 11}
    # Names at signing: 004 Bijlage and 001/002 Partijen say EZK (2018-2024 name of mnre1045),
    # 000 Partijen says EZ; Oost-Groningen II (signed by 2024-11-14) gets the dated name EZ
    # (2024-07-02..2026-02-22). 000 Partijen: VRO beside BZK.
    names = {m: set(str(r["namesAtSigning"]).split(", ")) for m, r in rows.items()}
    assert names[EZK] == {"EZK", "EZ"}
    assert names[BZK] == {"BZK", "VRO"}
    # Zuid-Hollandse Delta II, signed 14-11-2024, says LVVN (the name of mnre1153 from 2024-07-02)
    assert names[LNV] == {"LNV", "LVVN"}
    # Reserving ministry: 000 art. 4 lid 2 VRO € 12,3 mln + 001 art. 5 lid 2 BZK € 18 mln, both
    # in the BZK lineage = € 30,3 mln over 2 deals; 002 art. 5 LNV € 7,5 mln.
    provided = {
        m: (r["providedDeals"], r["provided"]) for m, r in rows.items() if r["providedDeals"]
    }
    assert provided == {BZK: (2, mln("30.3")), LNV: (1, mln("7.5"))}


def test_deals_per_province(curated_query) -> None:
    rows = {
        r["province"].rsplit("/", 1)[1]: r["deals"] for r in curated_query("deals-per-province")
    }
    # 004: Fryslân (Noardwest-Fryslân: provincie Fryslân; Waddeneilanden: "Friesland"),
    # Noord-Holland (Waddeneilanden; ZaanIJ II), Drenthe and Overijssel (ZOD II), Overijssel
    # (Twente II), Gelderland (Arnhem-Nijmegen), Noord-Brabant (Midden-Brabant); Limburg,
    # Flevoland, Zeeland and Zuid-Holland through municipalities that lie in them. Gelderland
    # also through Achterhoek II (Law Insider's copy of the covenant, partij 10: "Gedeputeerde
    # Staten van de Provincie Gelderland") -> 1 + 1. Limburg: 2 through its municipalities, plus
    # Midden-Limburg, whose partijen 8-11 are the gemeenten Nederweert, Roerdalen, Roermond and
    # Leudal (Stcrt. 2025, 1142; all four in PV31 in the KOOP list) -> 3.
    assert rows["pv21"] == 2 and rows["pv22"] == 1 and rows["pv23"] == 2
    assert rows["pv25"] == 2 and rows["pv30"] == 1 and rows["pv31"] == 3
    # Vlissingen, Borsele, Terneuzen: North Sea Port District; provincie Zeeland a party of the
    # Regio Deal Zeeland (Prb. 2018, 7519) and, with Terneuzen, of Zeeuws-Vlaanderen (Stcrt. 2021,
    # 86) -> 3
    assert rows["pv29"] == 3
    # Zuid-Holland: Delft (000), Den Haag (001, 002, 003), Rijswijk (003), Rotterdam (004);
    # sixth tranche (news 3-2-2025): Rotterdam in Barendrecht-Ridderkerk-Rotterdam, Zoetermeer
    # in the Zuid-Hollandse groeikernen -> 5 + 2 = 7; Zuid-Hollandse Delta II (Stcrt. 2025, 1140,
    # partij 11: "Het college van Gedeputeerde Staten van Zuid-Holland") -> 8; Rotterdam, the
    # regional party of the first Regio Deal Rotterdam Zuid (Stcrt. 2019, 1931, partij 8) -> 9;
    # provincie Zuid-Holland, which signed the Regio Deal ESTEC en Space Campus Noordwijk
    # (Kamerstuk 29 697, nr. 55) -> 10; the first Zuid-Hollandse Delta (third tranche), whose
    # municipalities Brielle, Hellevoetsluis, Hoeksche Waard, Goeree-Overflakkee, Nissewaard and
    # Westvoorne (flakkeenieuws, February 2020) all lie in PV28 -> 11. Barendrecht, Ridderkerk,
    # Capelle aan den IJssel, Nissewaard and Noordwijk add no deal: theirs were counted already.
    assert rows["pv28"] == 11


def test_deals_per_municipality(curated_query) -> None:
    rows = {
        r["municipality"].rsplit("/", 1)[1]: r["deals"]
        for r in curated_query("deals-per-municipality")
    }
    # Den Haag (gm0518): 001, 002, 003 and the DHZW II paragraph of 004 -> 3 deals
    assert rows["gm0518"] == 3
    assert rows["gm0503"] == 1  # Delft: 000
    assert rows["gm0603"] == 1  # Rijswijk: 003
    # 004: Zaanstad in ZaanIJ II and MAINSTAGE; Almere in Nieuw Land and MAINSTAGE
    assert rows["gm0479"] == 2 and rows["gm0034"] == 2
    # issue #13: Nissewaard is named by two sources, the sixth-tranche table (Voormalige
    # Groeikernen Zuid-Holland) and Flakkee Nieuws, February 2020 (Zuid-Hollandse Delta) -> 2;
    # every other municipality added then is named for one deal only: Barendrecht, Ridderkerk
    # (6th tranche), Capelle aan den IJssel (groeikernen), Noordwijk (ESTEC), Hoeksche Waard,
    # Goeree-Overflakkee, Brielle, Hellevoetsluis, Westvoorne (Zuid-Hollandse Delta), Urk,
    # Noordoostpolder (Noordelijk Flevoland), Zeist (vitale wijken), Sluis, Hulst (Zeeuws-
    # Vlaanderen), Nederweert, Roerdalen, Roermond, Leudal (Midden-Limburg), Haarlem,
    # Haarlemmermeer, Beverwijk, Velsen, Zandvoort (MRA West)
    assert rows["gm1930"] == 2
    once = "0489 0597 0502 0575 1963 1924 0501 0530 0614 0184 0171 0355 1714 0677 0946 1669"
    once += " 0957 1640 0392 0394 0375 0453 0473"
    assert {code: rows[f"gm{code}"] for code in once.split()} == dict.fromkeys(once.split(), 1)


def test_regiokassier_per_deal(run_query, added_deals) -> None:
    rows = {
        r["deal"]: (r["kassier"].rsplit("/", 1)[1], r["source"])
        for r in run_query("regiokassier-per-deal")
        if r["deal"] not in added_deals
    }
    # 000 art. 5 (gemeente Delft); 001 art. 6 (de Gemeente = Den Haag); 002 art. 5 lid 5
    assert rows == {
        "regiodeal/delft-west": ("gm0503", "document/convenant-delft-west/artikel-5"),
        "regiodeal/den-haag-zuidwest-ii": (
            "gm0518",
            "document/convenant-den-haag-zuidwest-ii/artikel-6",
        ),
        "regiodeal/den-haag-zuidwest": (
            "gm0518",
            "document/convenant-den-haag-zuidwest/artikel-5/lid-5",
        ),
    }


def test_signatories(run_query) -> None:
    rows = run_query("signatories")
    delft = [r for r in rows if r["deal"] == "regiodeal/delft-west"]
    # 000 Partijen 1-5: Keijzer (VRO), Uitermark (BZK), Beljaarts (EZ), Jansen (IenW),
    # K. Schrederhof (gemeente Delft, wethouder Wonen, Zorg, Onderwijshuisvesting en Sport)
    assert [r["party"] for r in delft] == [
        VRO,
        BZK,
        EZK,
        IENW,
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0503",
    ]
    # The names as printed in each document's "Partijen" (not the person's other name forms):
    # 000 Partijen 1-4 print initials without a form of address; 5 "namens deze: mevrouw K.
    # Schrederhof" (the Partners list's "Karin Schrederhof" is not this document's party block).
    assert [r["person"] for r in delft] == [
        "M.C.G. Keijzer",
        "J.J.M. Uitermark",
        "D.S. Beljaarts",
        "C.A. Jansen",
        "mevrouw K. Schrederhof",
    ]
    assert delft[2]["function"] == "Minister van Economische Zaken"
    assert delft[3]["function"] == (
        "Staatssecretaris van Infrastructuur en Waterstaat - Openbaar Vervoer en Milieu"
    )
    assert delft[4]["function"] == "wethouder Wonen, Zorg, Onderwijshuisvesting en Sport"
    # 001 Partijen 1-4, and 5: "De heer Jan van Zanen, de heer Martijn Balster, en de heer Hilbert
    # Bredemeijer" -- three persons for the Gemeente, no function stated (capital D as printed)
    dhz = [r for r in rows if r["deal"] == "regiodeal/den-haag-zuidwest-ii"]
    assert [r["person"] for r in dhz] == [
        "de heer Hugo de Jonge",
        "mevrouw Micky Adriaansens",
        "mevrouw Carola Schouten",
        "mevrouw Dilan Yeşilgöz-Zegerius",
        "De heer Jan van Zanen",
        "de heer Martijn Balster",
        "de heer Hilbert Bredemeijer",
    ]
    # 002 Partijen 1-8 (1-7 also the signature block "Aldus overeengekomen ..."): seven ministers
    # and, for Den Haag, "vertegenwoordigd door de heer Richard de Mos"; partij 6 is printed
    # across a line break ("mevrouw mr. drs. I.K. van" / "Engelshoven").
    dhz2019 = [r for r in rows if r["deal"] == "regiodeal/den-haag-zuidwest"]
    assert [r["person"] for r in dhz2019] == [
        "mevrouw Carola Schouten",
        "mevrouw drs. K.H. Ollongren",
        "mevrouw T. van Ark",
        "de heer dr. mr. F.B.J. Grapperhaus",
        "mevrouw mr. drs. M.C.G. Keijzer",
        "mevrouw mr. drs. I.K. van Engelshoven",
        "de heer drs. A. Slob",
        "de heer Richard de Mos",
    ]
    assert dhz2019[7]["function"] == "Wethouder van Economie, Sport, Buitenruimte"


def test_goals_and_interventions_per_deal(run_query) -> None:
    rows = {
        r["deal"]: (r["goals"], r["interventions"])
        for r in run_query("goals-and-interventions-per-deal")
    }
    # 000 art. 1: 3 doelen; art. 2/3 number 9 items 1.1-1.5, 2.1-2.2, 3.1-3.2
    assert rows["regiodeal/delft-west"] == (3, 9)
    # 001: ambition (art. 1) + pillars A, B + sub-goals A1-3, B1-5 (art. 2) = 11; interventions
    # art. 3/4: 1.1.1-1.1.3, 1.2.1, 1.2.2, 1.3.1-1.3.3, 2.1.1-2.1.3, 2.2.1, 2.3.1-2.3.3,
    # 2.4.1-2.4.2, 2.5.1-2.5.3 = 20
    assert rows["regiodeal/den-haag-zuidwest-ii"] == (11, 20)
    # 003: three themes; interventions 5 + 5 + 4 = 14
    assert rows["regiodeal/rijswijk-den-haag"] == (3, 14)
    # 004: Noardwest-Fryslân's three themes, Midden-Brabant's two proeftuinen (no interventions)
    assert rows["regiodeal/noardwest-fryslan"] == (3, 0)
    assert rows["regiodeal/midden-brabant"] == (2, 0)
    # 002: ambition + 3 pillars + 6 themes = 10; 12 lettered elements 1a-3f + 5 titled bullets
    assert rows["regiodeal/den-haag-zuidwest"] == (10, 17)


def test_interventions_of_deal(run_query) -> None:
    rows = run_query("interventions-of-deal")
    # 000 art. 2 (default parameter: Delft West), numbering and titles as printed
    assert [(r["goalNumber"], r["number"]) for r in rows] == [
        ("1", "1.1"),
        ("1", "1.2"),
        ("1", "1.3"),
        ("1", "1.4"),
        ("1", "1.5"),
        ("2", "2.1"),
        ("2", "2.2"),
        ("3", "3.1"),
        ("3", "3.2"),
    ]
    titles = {r["number"]: r["title"] for r in rows}
    assert titles["1.2"] == "Rijke Leerdag" and titles["2.1"] == "Buurtfabriek"
    # footnote 14: the Buurtfabriek is carried out by Delft voor Elkaar, Can I Dream, DOK, ...
    buurtfabriek = next(r for r in rows if r["number"] == "2.1")
    assert "Can I Dream" in buurtfabriek["carriedOutBy"]
    other = run_query(
        "interventions-of-deal", deal="https://w3id.org/regiodeal/id/regiodeal/rijswijk-den-haag"
    )
    assert len(other) == 14


def test_interventions_by_theme(run_query) -> None:
    rows = {(r["deal"], r["number"]) for r in run_query("interventions-by-theme")}
    # meeting places: 000 2.1 Buurtfabriek and 2.2 netwerk van ontmoetingsplekken; 001 1.1.1
    # (ontmoetingsruimten) and 1.1.3 (structurele financiering ontmoetingsplekken)
    assert {
        ("regiodeal/delft-west", "2.1"),
        ("regiodeal/delft-west", "2.2"),
        ("regiodeal/den-haag-zuidwest-ii", "1.1.1"),
        ("regiodeal/den-haag-zuidwest-ii", "1.1.3"),
    } <= rows
    craft = run_query(
        "interventions-by-theme", theme="https://w3id.org/regiodeal/id/thema/circulair-ambacht"
    )
    # circular craft centres: 000 3.2 Circulair Ambachtsnetwerk; 001 2.1.1 ZorginnovatieHUB en
    # circulair ambachtscentrum
    assert {(r["deal"], r["number"]) for r in craft} == {
        ("regiodeal/delft-west", "3.2"),
        ("regiodeal/den-haag-zuidwest-ii", "2.1.1"),
    }


def test_interventions_under_narrower_theme(run_query) -> None:
    def numbers(theme: str) -> list[tuple[str, str]]:
        iri = f"https://w3id.org/regiodeal/id/thema/{theme}"
        return [(r["deal"], r["number"]) for r in run_query("interventions-by-theme", theme=iri)]

    # entry-level economy: 001 art. 3 "2.5.1 Instapeconomie" and 2.5.3 "Voor zowel de
    # instapeconomie als de wijkbedrijven ..."; 003 theme 3 intervention 2 "in Den Haag de
    # Instapeconomie"
    assert set(numbers("instapeconomie")) == {
        ("regiodeal/den-haag-zuidwest-ii", "2.5.1"),
        ("regiodeal/den-haag-zuidwest-ii", "2.5.3"),
        ("regiodeal/rijswijk-den-haag", "2"),
    }
    # business liaison officer, one concept across two deals: 002 art. 4 onderdeel 3 d "Partijen
    # zetten een bedrijfscontactfunctionaris in"; 001 2.1.3 c "de rol van
    # Bedrijfscontactfunctionaris te verlengen"
    assert set(numbers("bedrijfscontactfunctionaris")) == {
        ("regiodeal/den-haag-zuidwest", "3d"),
        ("regiodeal/den-haag-zuidwest-ii", "2.1.3"),
    }
    # 001: 2.3.1 "Jongerenpunt 070"; 1.2.1 names the Jongerenraad among the podia it strengthens
    assert numbers("jongerenpunt") == [("regiodeal/den-haag-zuidwest-ii", "2.3.1")]
    assert numbers("jongerenraad") == [("regiodeal/den-haag-zuidwest-ii", "1.2.1")]
    # the broader theme finds them through skos:broader* as well, each intervention once even
    # when it carries both the broader and the narrower theme (001 2.5.1: both)
    broad = numbers("wijkbedrijven-instapeconomie")
    assert len(broad) == len(set(broad))
    assert set(numbers("instapeconomie")) | set(numbers("wijkbedrijf")) <= set(broad)


def test_recurring_themes(run_query) -> None:
    rows = {r["theme"]: r["deals"] for r in run_query("recurring-themes")}
    assert all(count > 1 for count in rows.values())
    # meeting places, entrepreneurship and circular craft recur in 000 and 001 at least
    for theme in ("ontmoetingsplekken", "ondernemerschap", "circulair-ambacht"):
        assert rows[f"thema/{theme}"] >= 2


def test_organisations_in_several_deals(run_query) -> None:
    rows = {r["organisation"]: r["deals"] for r in run_query("organisations-in-several-deals")}
    # TU Delft: 000 footnote 14 and 003 Partners; ROC Mondriaan: 000 footnote 14, 003 Partners
    # and the Den Haag covenants
    assert rows["organisatie/tu-delft"] >= 2
    assert rows["organisatie/roc-mondriaan"] >= 3
    # 000 footnote 14 "Hogescholen HHS en Inholland" and 003 Partners "Haagse Hogeschool,
    # Hogeschool Inholland": one IRI each, so both schools are in two deals
    assert rows["organisatie/haagse-hogeschool"] == 2
    assert rows["organisatie/hogeschool-inholland"] == 2
    assert all(count > 1 for count in rows.values())


def test_national_programmes(run_query) -> None:
    rows = run_query("national-programmes")
    dw = {r["programme"] for r in rows if r["deal"] == "regiodeal/delft-west"}
    # 000 Nationale doelstellingen 4, art. 2, art. 6, art. 7, Algemene overwegingen 6
    assert {
        "programma/nplv",
        "programma/spuk-kansrijke-wijken",
        "programma/preventie-met-gezag",
        "programma/nationaal-programma-circulaire-economie",
        "programma/human-capital-agenda-zuid-holland",
        "programma/besluit-spuk-regio-deals-4-5-6",
        "programma/actieagenda-sterk-bestuur",
    } <= dw
    nplv = {r["deal"] for r in rows if r["programme"] == "programma/nplv"}
    # 004 overkoepelend: Parkstad, Zaanij, Den Haag Zuidwest, Rotterdam Zuid; 000 and 003 too
    assert {
        "regiodeal/parkstad-limburg-ii",
        "regiodeal/zaanij-ii",
        "regiodeal/rotterdam-zuid-ii",
        "regiodeal/den-haag-zuidwest-ii",
        "regiodeal/delft-west",
    } <= nplv
    novex = {r["deal"] for r in rows if r["programme"] == "programma/novex"}
    # 004: "In de Regio Deals Zuid-Limburg, Arnhem-Nijmegen en in Zeeland, sluiten de Deals aan
    # op de Novex-aanpak" ("Zeeland" not tied to a named deal, so not encoded)
    assert novex == {"regiodeal/zuid-limburg", "regiodeal/arnhem-nijmegen"}
    assert all(r["source"] for r in rows)


def test_nplv_deals(run_query) -> None:
    found = run_query("nplv-deals")
    rows = {r["deal"]: r["focusArea"] for r in found}
    # 003 names only "onze eerdere poging om NPLV-gebied te worden": relation 'alleen genoemd',
    # so the application is not an NPLV deal
    assert "regiodeal/rijswijk-den-haag" not in rows
    assert "focus area" in by(found, "deal")["regiodeal/delft-west"]["links"]
    # 000 Nationale doelstellingen 4: Delft West is an NPLV focus area
    assert rows["regiodeal/delft-west"] == "gebied/nplv-delft-west"
    assert {
        "regiodeal/parkstad-limburg-ii",
        "regiodeal/zaanij-ii",
        "regiodeal/rotterdam-zuid-ii",
        "regiodeal/den-haag-zuidwest-ii",
    } <= set(rows)
    # 004: "vier Regio Deals (Parkstad, Zaanij, Den Haag Zuidwest en Rotterdam Zuid) gesloten met
    # gebieden waar ook een stedelijk focusgebied is": the focus area of Zaanij II (heading
    # "Zaandam Oost") and Rotterdam Zuid II is named, that of Parkstad is not
    for deal, focus in (
        ("regiodeal/zaanij-ii", "gebied/nplv-zaandam-oost"),
        ("regiodeal/rotterdam-zuid-ii", "gebied/nplv-rotterdam-zuid"),
    ):
        assert rows[deal] == focus
        assert "deal area" in by(found, "deal")[deal]["links"]
    assert not rows["regiodeal/parkstad-limburg-ii"]
    assert "deal area" not in by(found, "deal")["regiodeal/delft-west"]["links"]


def test_deals_ending_per_year(curated_query) -> None:
    rows = {r["year"]: r["deals"] for r in curated_query("deals-ending-per-year")}
    # 002 art. 14: eindigt op 31 juli 2023; 001 art. 19: 31 december 2027; 000 art. 19 lid 1:
    # 31 december 2028
    assert rows == {2023: 1, 2027: 1, 2028: 1}


def test_deal_periods(run_query) -> None:
    rows = by(run_query("deal-periods"), "deal")
    assert rows["regiodeal/delft-west"]["end"] == "2028-12-31"
    assert rows["regiodeal/den-haag-zuidwest-ii"]["end"] == "2027-12-31"
    assert rows["regiodeal/den-haag-zuidwest"]["end"] == "2023-07-31"
    assert "dag na ondertekening" in rows["regiodeal/delft-west"]["entryIntoForce"]
    # 003 Rijksbijdrage en looptijd: the application asks for a start on 1 January 2026
    assert rows["regiodeal/rijswijk-den-haag"]["start"] == "2026-01-01"


def test_active_deals(run_query, added_deals) -> None:
    # end dates stated: 002 art. 14 31-07-2023, 001 art. 19 31-12-2027, 000 art. 19 lid 1
    # 31-12-2028. No seed gives a signing date; the tranche selections do: Delft West (5th
    # tranche, selected 9 February 2024) is not running on 1 January 2024, DHZW II (4th,
    # 17 February 2023; signed per 004 of 1 November 2023) is
    on_2024 = {r["deal"]: r for r in run_query("active-deals")}  # default: 2024-01-01
    assert set(on_2024) - added_deals == {"regiodeal/den-haag-zuidwest-ii"}
    # 1 January 2019: DHZW II not yet selected; DHZW (2nd tranche, selected 16 November 2018,
    # ends 31-07-2023) counts, its signing date being in no source of the graph
    assert {r["deal"] for r in run_query("active-deals", on="2019-01-01")} - added_deals == {
        "regiodeal/den-haag-zuidwest"
    }
    in_2023 = {r["deal"] for r in run_query("active-deals", on="2023-07-31")}
    assert "regiodeal/den-haag-zuidwest" in in_2023  # running on its last day
    assert {r["deal"] for r in run_query("active-deals", on="2028-06-30")} - added_deals == {
        "regiodeal/delft-west"
    }


def test_deals_per_publication(run_query) -> None:
    rows = {(r["document"], r["how"]): r["deals"] for r in run_query("deals-per-publication")}
    # 004: thirteen deals offered (annex) + North Sea Port District (inleiding, "Dit convenant
    # heeft uw Kamer op 26 september ontvangen") = 14; five predecessors mentioned in the annex
    assert rows[("document/kamerbrief-vierde-tranche", "lists")] == 13 + 1
    assert rows[("document/kamerbrief-vierde-tranche", "mentions")] == 5
    # 000-003: each covenant or application is about one deal
    for doc in (
        "convenant-delft-west",
        "convenant-den-haag-zuidwest",
        "convenant-den-haag-zuidwest-ii",
        "aanvraag-rijswijk-den-haag",
    ):
        assert rows[(f"document/{doc}", "primary topic")] == 1


def test_intended_results(run_query) -> None:
    rows = [r for r in run_query("intended-results") if r["deal"] == "regiodeal/delft-west"]
    # 000 art. 3, Buurtfabriek table (cumulative): phase 0 - Activering 250/400/650/900 in
    # 2025-2028; phase 4 - Naar opleiding of reguliere Baan 50/75/150/225
    table = {(r["indicator"], r["targetYear"]): r["target"] for r in rows}
    assert [table[("0 - Activering", y)] for y in (2025, 2026, 2027, 2028)] == [250, 400, 650, 900]
    assert [
        table[("4 - Naar opleiding of reguliere Baan", y)] for y in (2025, 2026, 2027, 2028)
    ] == [50, 75, 150, 225]
    # the Buurtfabriek table has 5 phases x 4 years = 20 cells
    assert len([r for r in rows if r["of"] == "interventie/delft-west/2.1"]) == 20
    # 000 art. 3 doel 2: trust in local government from 6,3 to 6,5
    trust = next(r for r in rows if r["indicator"].startswith("vertrouwen"))
    assert (trust["baseline"], trust["target"]) == (Decimal("6.3"), Decimal("6.5"))


def test_deal_provenance(run_query) -> None:
    rows = run_query("deal-provenance", deal="https://w3id.org/regiodeal/id/regiodeal/delft-west")
    by_property = {}
    for row in rows:
        by_property.setdefault(row["property"], set()).add(row["source"])
    # 000 art. 19 lid 1 for the end date; art. 5 for the regiokassier
    assert (
        "document/convenant-delft-west/artikel-19/lid-1"
        in by_property["https://w3id.org/regiodeal/def#endDate"]
    )
    assert by_property["https://w3id.org/regiodeal/def#regiokassier"] == {
        "document/convenant-delft-west/artikel-5"
    }


def test_fact_source(run_query) -> None:
    rows = run_query("fact-source")
    # default: Delft West's Rijk contribution, from 000 art. 4 lid 2
    assert {(r["value"], r["document"]) for r in rows} == {
        (Decimal(12_300_000), "document/convenant-delft-west")
    }
    assert any("artikel-4" in r["part"] for r in rows)
    twice = run_query(
        "fact-source",
        deal="https://w3id.org/regiodeal/id/regiodeal/den-haag-zuidwest-ii",
        property="https://w3id.org/regiodeal/def#regionalContribution",
    )
    # the regional € 31 mln is stated in the covenant (001 art. 5 lid 2) and the letter (004)
    assert {r["document"] for r in twice} == {
        "document/convenant-den-haag-zuidwest-ii",
        "document/kamerbrief-vierde-tranche",
    }


def test_discrepancies(run_query) -> None:
    rows = run_query("discrepancies")
    ids = {r["discrepancy"] for r in rows}
    # 000: "kanselijkheid" vs "kansengelijkheid" (art. 1 vs art. 3); 004: "Regio Deal Regio
    # Deal ZaanIJ II" heading; 003: "Vellige" heading
    assert "discrepantie/delft-west/1" in ids
    assert any(i.startswith("discrepantie/kamerbrief-vierde-tranche/") for i in ids)
    assert any(i.startswith("discrepantie/rijswijk-den-haag/") for i in ids)
    assert any(i.startswith("discrepantie/den-haag-zuidwest-ii/") for i in ids)
    assert any(i.startswith("discrepantie/den-haag-zuidwest/") for i in ids)
    assert all(r["locations"] for r in rows)
    assert len(run_query("discrepancies", lang="nl")) == len(rows)


def test_compare_deals(run_query) -> None:
    rows = by(run_query("compare-deals"), "deal")
    dw, dhz = rows["regiodeal/delft-west"], rows["regiodeal/den-haag-zuidwest-ii"]
    # 000: 12,3 / 12,3 mln, ratio 1, tranche 5, ends 2028-12-31, 4 ministries, 3 goals, 9 items
    assert (dw["rijk"], dw["regional"], dw["ratio"], dw["tranche"], dw["end"]) == (
        mln("12.3"),
        mln("12.3"),
        Decimal(1),
        5,
        "2028-12-31",
    )
    assert (dw["ministries"], dw["goals"], dw["interventions"]) == (4, 3, 9)
    # 001/004: 18 / 31 mln, tranche 4, ends 2027-12-31, 4 ministries (BZK, EZK, SZW, JenV)
    assert (dhz["rijk"], dhz["regional"], dhz["tranche"], dhz["end"], dhz["ministries"]) == (
        mln("18"),
        mln("31"),
        4,
        "2027-12-31",
        4,
    )


def test_catalogue_lists_every_query_with_its_sample(tmp_path) -> None:
    text = build(get_settings(), rows=3)
    for query in load_named_queries(get_settings().queries_dir):
        assert f"`queries/{query.name}.rq`" in text
    # the sample of contributions-per-deal starts with DHZW II (ratio 31/18, the highest)
    section = text.split('<a id="contributions-per-deal">')[1]
    assert "id:regiodeal/den-haag-zuidwest-ii" in section.split("## ")[1]
    # Blank-node labels change with every load: a regenerated docs/queries.md must not.
    assert "_:" not in text
    assert cell(BlankNode()) == "(blank node)"


def test_graph_contents(run_query) -> None:
    rows = {row["kind"]: row["count"] for row in run_query("graph-contents")}
    # Six tranches: 2018, 2019, 2020 and the three of the Regio Envelop 2022-2025 (004 inleiding;
    # the 6th-tranche application 003). Counts of deals are checked against an independent count
    # in tests/publishing/test_readme_figures.py; here: every deal has exactly one status.
    assert rows["tranches"] == 6
    statuses = sum(count for kind, count in rows.items() if kind.startswith("status "))
    assert statuses == rows["Regio Deals and proposals"]
    assert rows["web publications"] <= rows["source documents"]


def test_programme_per_tranche(curated_query) -> None:
    rows = {row["number"]: row for row in curated_query("programme-per-tranche")}
    # (selection date, proposals, selected as printed, deals in graph, with amount, sum, available)
    expected = {
        # RVO 'Regio Deals' (2021): five deals from the coalition agreement; no selection round.
        # Amounts reserved before the covenant: Rotterdam Zuid 130 (rijksoverheid.nl 15-03-2018),
        # Zeeland 35 (kennisvoorkrimp.nl, LNV news of 8-3-2018) and BES-eilanden 30
        # (rijksoverheid.nl 14-02-2020, "al eerder") = 195.
        1: (None, None, 5, 5, 3, 195 * M, None),
        # rijksoverheid.nl 16-11-2018: 88 proposals, 12 selected; RVO: EUR 215 mln available.
        # Selection amounts from parties' official news: Zuid- en Oost-Drenthe 20 and Natuur-
        # inclusieve Landbouw Noord-Nederland 10 (gemeente Borger-Odoorn 19-11-2018), Twente 30
        # (Regio Twente), Midden- en West-Brabant 10 (Regio Hart van Brabant), Groene Hart 10
        # (Bestuurlijk Platform Groene Hart, quoting the letter) = 20 + 10 + 30 + 10 + 10 = 80;
        # from news media (secondary): Den Haag Zuidwest 7.5, Parkstad Limburg 40, Noord-Oost
        # Fryslan 25, Noordelijk Flevoland 15, Achterhoek 20, Foodvalley 20 = 127.5; ZaanIJ none.
        # 80 + 127.5 = 207.5 for 11 deals.
        2: ("2018-11-16", 88, 12, 12, 11, Decimal("207.5") * M, "215000000"),
        # rijksoverheid.nl 14-02-2020: 26 proposals, 14 deals, EUR 180 mln; amounts (secondary
        # sources): 15+15+15 + 22.5+12.5+7.5+7.5 + 17.5+22.5 + 7.5+5 + 15 + 7.5 + 10 = 180.
        3: ("2020-02-14", 26, 14, 14, 14, 180 * M, "180000000"),
        # rijksoverheid.nl 17-02-2023: 14 selected, 20+15.5+30+15+25+25+12.5+20+20+18.2+5+30+30+18
        # = 284.2; elkeregiotelt.nl 17-11-2022: 23 proposals. 15 in the graph: Nieuw Land (letter
        # of 1-11-2023) is kept apart from 'Metropoolregio-Oost / Flevoland-West' (no source
        # names both).
        4: ("2023-02-17", 23, 14, 15, 14, Decimal("284.2") * M, "284200000"),
        # rijksoverheid.nl 09-02-2024: 22 selected (12 rows read with an amount: 12.1+20+12.5+10+
        # 17.5+20+25+30+20+10+20+15 = 212.1); elkeregiotelt.nl 09-11-2023: 29 proposals, EUR
        # 384.6 mln; the other ten amounts from elkeregiotelt.nl 03-06-2024 and regional pages
        # (tests/data/test_programme_tranches_4_5.py): 20+12.3+20+20+32.5+10+10+5+17.7+25 = 172.5;
        # 212.1 + 172.5 = 384.6 (the news prints 386.4: rd:Discrepancy on the tranche).
        5: ("2024-02-09", 29, 22, 22, 22, Decimal("384.6") * M, "384600000"),
        # rijksoverheid.nl 03-02-2025: 16 selected, 15+18+8.5+25+22.5+15+25+10+13+20+8.3+13+18
        # +10+10+13 = 244.3; Kamerbrief 29 697 nr. 159: 27 proposals; two budgets recorded.
        6: ("2025-02-03", 27, 16, 16, 16, Decimal("244.3") * M, "244300000 / 216600000"),
    }
    for number, (
        date,
        proposals,
        printed,
        present,
        with_amount,
        total,
        available,
    ) in expected.items():
        row = rows[number]
        got = (row["selectionDate"], row["proposals"], row["selectedPrinted"], row["dealsInGraph"])
        assert got == (date, proposals, printed, present), number
        assert (row["dealsWithSelectedAmount"], row["selectedTotal"]) == (with_amount, total), (
            number
        )
        if available and " / " in available:
            assert set(row["available"].split(" / ")) == set(available.split(" / ")), number
        else:
            assert row["available"] == available, number


def test_every_query_with_labels_takes_lang_and_falls_back_to_dutch(run_query) -> None:
    queries = load_named_queries(get_settings().queries_dir)
    for query in queries:
        if "lang(" in query.sparql:
            assert any(p.name == "lang" for p in query.params), query.name
    # the theme scheme has nl and en labels: each language gives its own, as many rows
    nl = by(run_query("recurring-themes", lang="nl"), "theme")
    en = by(run_query("recurring-themes", lang="en"), "theme")
    assert set(nl) == set(en)
    # codelists.ttl: thema/ontmoetingsplekken prefLabel "ontmoetingsplekken"@nl,
    # "meeting places"@en
    assert (nl["thema/ontmoetingsplekken"]["name"], en["thema/ontmoetingsplekken"]["name"]) == (
        "ontmoetingsplekken",
        "meeting places",
    )
    # deals, ministries, goals and interventions have a Dutch label and an English translation
    # (rd:translatedLabel, an rdfs:label in the store): each language gives its own, no row is
    # lost or doubled
    for name in (
        "contributions-per-deal",
        "ministries-per-deal",
        "deals-per-province",
        "interventions-of-deal",
        "organisations-in-several-deals",
        "budget-per-goal",
    ):
        assert len(run_query(name, lang="en")) == len(run_query(name, lang="nl")), name
    # data/ttl/deals/rijswijk-den-haag.ttl: rdfs:label "Regio Deal Rijswijk en Den Haag (aanvraag
    # 6de tranche)"@nl, rd:translatedLabel "Regio Deal Rijswijk and Den Haag (6th-tranche
    # application)"@en
    en = by(run_query("contributions-per-deal", lang="en"), "deal")["regiodeal/rijswijk-den-haag"]
    nl = by(run_query("contributions-per-deal", lang="nl"), "deal")["regiodeal/rijswijk-den-haag"]
    assert en["label"] == "Regio Deal Rijswijk and Den Haag (6th-tranche application)"
    assert nl["label"] == "Regio Deal Rijswijk en Den Haag (aanvraag 6de tranche)"
    # 000 art. 2: Delft West's intervention 2.1 "Buurtfabriek", translated "Neighbourhood Factory";
    # its goal 2 (art. 1) in English too
    rows = run_query("interventions-of-deal", lang="en")
    factory = next(r for r in rows if r["number"] == "2.1")
    assert factory["title"] == "Neighbourhood Factory"
    assert factory["goalTitle"].startswith("Promoting participation, involvement")
    # BZK's English name (scripts/build_reference.py), a party to Delft West (000, Partijen)
    names = by(run_query("ministries-per-deal", lang="en"), "deal")["regiodeal/delft-west"]["names"]
    assert "Ministry of the Interior and Kingdom Relations" in names.split(" | ")


LABEL_PATTERN = re.compile(r"(?:rdfs:label|skos:prefLabel)\s+\?(\w+)")


def test_every_query_picks_labels_the_same_way() -> None:
    """A label is read in the asked language, else Dutch, else untagged, in one of two forms
    (docs/data-conventions.md, "English"); a bare `rdfs:label ?x` would give a row per language.
    Asked: three OPTIONALs (asked, "nl", untagged) and one COALESCE. Fixed: the same with "en"
    in place of the asked language, picked by ?lang afterwards, where a lookup must not see ?lang
    (inside a sub-select) or where one OPTIONAL per language would be joined with other lists
    (Virtuoso's cost estimate; queries/README.md)."""
    for query in load_named_queries(get_settings().queries_dir):
        variables = LABEL_PATTERN.findall(query.sparql)
        if not variables:
            continue
        assert any(p.name == "lang" and p.default == "nl" for p in query.params), query.name
        bases = {v.rpartition("_")[0] for v in variables}
        for base in bases:
            kinds = {v.rpartition("_")[2] for v in variables if v.rpartition("_")[0] == base}
            assert kinds in ({"asked", "nl", "plain"}, {"en", "nl", "plain"}), (query.name, base)
            assert f'FILTER (lang(?{base}_nl) = "nl")' in query.sparql, (query.name, base)
            assert f'FILTER (lang(?{base}_plain) = "")' in query.sparql, (query.name, base)
            if "asked" in kinds:
                assert f"FILTER (lang(?{base}_asked) = ?lang)" in query.sparql, (query.name, base)
                coalesce = f"COALESCE(?{base}_asked, ?{base}_nl, ?{base}_plain) AS ?"
                assert coalesce in query.sparql, (query.name, base)
                continue
            assert f'FILTER (lang(?{base}_en) = "en")' in query.sparql, (query.name, base)
            picked = (
                f'COALESCE(IF(?lang = "en", ?{base}_en, ?{base}_nl), ?{base}_nl, ?{base}_plain)'
            )
            both = (
                f"COALESCE(?{base}_en, ?{base}_nl, ?{base}_plain) AS ?" in query.sparql
                and f"COALESCE(?{base}_nl, ?{base}_plain) AS ?" in query.sparql
                and 'IF(?lang = "en", ' in query.sparql
            )
            assert picked in query.sparql or both, (query.name, base)


# A small graph to see the fallback where the bundled data has no gap: a deal with an English
# translation, one with a Dutch label only, one with an untagged label only; ministries with and
# without an English name; an intervention carried out by two organisations, one with an English
# label. Built by hand, so every expected value below is read off this text.
FALLBACK_GRAPH = """
@prefix rd: <https://w3id.org/regiodeal/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/regiodeal/id/> .
<regiodeal/a> a rd:RegioDeal ; rdfs:label "Deal A"@nl, "Deal A in English"@en ;
    rd:rijkContribution 10.0 ; rd:regionalContribution 10.0 ;
    rd:ministryParty <m/1>, <m/2> ; rd:hasIntervention <i/1> .
<regiodeal/b> a rd:RegioDeal ; rdfs:label "Deal B"@nl ;
    rd:rijkContribution 10.0 ; rd:regionalContribution 20.0 .
<regiodeal/c> a rd:RegioDeal ; rdfs:label "Deal C" ;
    rd:rijkContribution 10.0 ; rd:regionalContribution 30.0 .
<m/1> rdfs:label "Ministerie Een"@nl, "Ministry One"@en .
<m/2> rdfs:label "Ministerie Twee"@nl .
<i/1> rdfs:label "Interventie"@nl, "Intervention"@en ; rd:number "1" ;
    rd:contributesToGoal <g/1> ; rd:carriedOutBy <o/1>, <o/2> .
<g/1> rdfs:label "Doel"@nl ; rd:number "G" .
<o/1> rdfs:label "Stichting Een"@nl, "Foundation One"@en .
<o/2> rdfs:label "Stichting Twee"@nl .
"""


def test_a_query_falls_back_to_dutch_then_untagged_for_a_name_without_english() -> None:
    store = Store()
    store.load(FALLBACK_GRAPH.encode(), format=RdfFormat.TURTLE)
    run = runner(store)
    labels = {r["deal"]: r["label"] for r in run("contributions-per-deal", lang="en")}
    assert labels == {
        "regiodeal/a": "Deal A in English",
        "regiodeal/b": "Deal B",
        "regiodeal/c": "Deal C",
    }
    labels = {r["deal"]: r["label"] for r in run("contributions-per-deal", lang="nl")}
    assert labels == {"regiodeal/a": "Deal A", "regiodeal/b": "Deal B", "regiodeal/c": "Deal C"}
    # per ministry: English where it has one, else Dutch; a deal without ministries has none
    # (not every ministry's name through an unbound ?ministry)
    rows = by(run("ministries-per-deal", lang="en"), "deal")
    assert sorted(rows["regiodeal/a"]["names"].split(" | ")) == ["Ministerie Twee", "Ministry One"]
    assert rows["regiodeal/a"]["ministries"] == 2
    assert rows["regiodeal/b"]["ministries"] == 0
    assert not rows["regiodeal/b"]["names"]  # no name (pyoxigraph leaves the empty concat unbound)
    # per organisation and goal, the same
    [row] = run("interventions-of-deal", deal=f"{ID}regiodeal/a", lang="en")
    assert (row["title"], row["goalTitle"], row["goalNumber"]) == ("Intervention", "Doel", "G")
    assert sorted(row["carriedOutBy"].split(" | ")) == ["Foundation One", "Stichting Twee"]


def test_linking_coverage(run_query) -> None:
    rows = {r["kind"].rsplit("#", 1)[-1]: r for r in run_query("linking-coverage")}
    csv_rows = (REPO_ROOT / "data/reference/identifiers.csv").read_text()
    kinds = [line.split(",", 1)[0] for line in csv_rows.splitlines()[1:]]
    # data/reference/identifiers.csv: 78 municipality and 12 province rows, each verified with
    # its TOOI IRI; all but three also with CBS code and Wikidata item (Brielle, Hellevoetsluis
    # and Westvoorne ended on 2022-12-31: TOOI only) -> municipalities 78 / 78 / 75 / 75;
    # ministries by TOOI only (CBS n/a, Wikidata not adopted). Every other organisation has none
    # of the three yet.
    assert kinds.count("municipality") == 78
    municipalities = rows["Municipality"]
    assert municipalities["organisations"] == municipalities["withTooi"] == 78
    assert municipalities["withCbsCode"] == municipalities["withWikidata"] == 75
    provinces = rows["Province"]
    assert provinces["organisations"] == 12
    assert provinces["withTooi"] == provinces["withCbsCode"] == provinces["withWikidata"] == 12
    ministries = rows["Ministry"]
    assert ministries["withTooi"] == ministries["organisations"]
    assert (ministries["withCbsCode"], ministries["withWikidata"]) == (0, 0)
    others = rows["Organization"]
    assert (others["withTooi"], others["withCbsCode"], others["withWikidata"]) == (0, 0, 0)


def test_deals_per_theme(run_query) -> None:
    rows = {r["theme"]: (r["deals"], r["interventions"]) for r in run_query("deals-per-theme")}
    # 003 (aanvraag Rijswijk en Den Haag): interventions 1.4, 2.5 and 3.4 are under
    # arbeidsmigratie, and no other deal has that theme -> 1 deal, 3 interventions
    assert rows["thema/arbeidsmigratie"] == (1, 3)
    # a deal counts for a theme of its own (rd:theme) as well as through its interventions, so
    # every theme that recurs through interventions has at least as many deals here
    for r in run_query("recurring-themes"):
        assert rows[r["theme"]][0] >= r["deals"], r["theme"]
    assert all(deals >= 1 for deals, _ in rows.values())


def test_money_per_province(run_query) -> None:
    rows = {
        r["province"].rsplit("/", 1)[1]: (
            r["deals"],
            r["dealsWithSelected"],
            r["selectedTotal"],
            r["dealsWithRijk"],
            r["rijkTotal"],
        )
        for r in run_query("money-per-province")
    }
    # 004 Bijlage: Zuid- en Oost-Drenthe II "Vanuit de Regio Enveloppe is € 30 miljoen", Twente II
    # "€ 25 miljoen", Arnhem-Nijmegen € 15 miljoen, each the amount at selection and signed.
    # Drenthe: ZOD II = 30; Overijssel: ZOD II + Twente II = 30 + 25 = 55; Gelderland: 15, plus
    # Achterhoek II (provincie Gelderland a party; news 9-2-2024 "Regio Achterhoek € 25 miljoen"
    # at selection, no covenant amount read) -> 2 deals, 15 + 25 = 40 selected, 15 agreed in 1.
    assert rows["pv22"] == (1, 1, mln("30"), 1, mln("30"))
    assert rows["pv23"] == (2, 2, mln("55"), 2, mln("55"))
    assert rows["pv25"] == (2, 2, mln("40"), 1, mln("15"))
    # Zeeland: North Sea Port District, € 30 mln at selection; Zeeland € 35 mln reserved
    # (kennisvoorkrimp.nl, LNV news 8-3-2018); Zeeuws-Vlaanderen € 7,5 mln at selection (Kennis-
    # platform Krimp) -> 3 deals, 30 + 35 + 7,5 = 72,5; no covenant amount in the graph, so the
    # covenant sum covers no deal (0 deals, not "€ 0 agreed")
    assert rows["pv29"][:3] == (3, 3, mln("72.5")) and rows["pv29"][3] == 0
    # the same deals as deals-per-province
    counts = {r["province"].rsplit("/", 1)[1]: r["deals"] for r in run_query("deals-per-province")}
    assert {k: v[0] for k, v in rows.items()} == counts


def test_deals_active_per_year(curated_query) -> None:
    rows = {r["year"]: r["deals"] for r in curated_query("deals-active-per-year")}
    # Den Haag Zuidwest: selected 16-11-2018 (no signing date in the sources), ends 31-07-2023
    # (002 art. 14) -> 2018..2023. Den Haag Zuidwest II: selected February 2023 (004), ends
    # 31-12-2027 (001 art. 19) -> 2023..2027. Delft West: signed 14-11-2024, ends 31-12-2028
    # (000 art. 19 lid 1) -> 2024..2028. No other deal states an end date.
    expected = {year: 1 for year in range(2018, 2023)}
    expected |= {2023: 2, 2024: 2, 2025: 2, 2026: 2, 2027: 2, 2028: 1}
    assert rows == expected
