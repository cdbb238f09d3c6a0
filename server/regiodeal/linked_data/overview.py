"""The programme overview (/overzicht, /overview): charts of the whole programme, each an SVG
(charts.svg_bars) with its data table and the SPARQL it came from, linked to the query editor.

The charts per ministry, province, theme and year and the co-financing chart run named queries
of queries/ as they are; the two per tranche run TRANCHE_QUERY below. Money is always a printed
amount (rd:selectedRijkContribution at selection, rd:rijkContribution in or after the covenant),
never a computed sum (rd:computedRijkContribution), and each chart says which one it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.charts import TILES, Bar, Tile, svg_bars, svg_tile_map
from regiodeal.linked_data.graph_queries import PREFIXES
from regiodeal.linked_data.presentation import money, ratio
from regiodeal.linked_data.province_map import Area, svg_province_map
from regiodeal.sparql.service import QueryService, select

# Per tranche: deals (selected or signed: not applications), the amounts published at selection
# (rd:selectedRijkContribution) and those in the covenants (rd:rijkContribution), with how many
# deals each sum covers: where the graph has no amount for a deal, the sum leaves it out.
TRANCHE_QUERY = f"""{PREFIXES}
SELECT ?tranche ?number (COUNT(DISTINCT ?deal) AS ?deals)
       (COUNT(DISTINCT ?withSelected) AS ?dealsWithSelected)
       (SUM(COALESCE(?selected, 0)) AS ?selectedTotal)
       (COUNT(DISTINCT ?withRijk) AS ?dealsWithRijk) (SUM(COALESCE(?rijk, 0)) AS ?rijkTotal)
WHERE {{
  ?tranche a rd:Tranche ; rd:trancheNumber ?number .
  OPTIONAL {{
    ?deal a rd:RegioDeal ; rd:tranche ?tranche .
    FILTER NOT EXISTS {{ ?deal rd:status <https://w3id.org/regiodeal/id/status/aanvraag> }}
    OPTIONAL {{ ?deal rd:selectedRijkContribution ?selected . BIND (?deal AS ?withSelected) }}
    OPTIONAL {{ ?deal rd:rijkContribution ?rijk . BIND (?deal AS ?withRijk) }}
  }}
}}
GROUP BY ?tranche ?number
ORDER BY ?number"""
# The provinces the graph describes, with their Dutch names: a tile with no deal shows 0, a
# province the graph does not describe shows "—" (not known, not none).
PROVINCES_QUERY = f"""{PREFIXES}
SELECT ?province (SAMPLE(?label) AS ?name) WHERE {{
  ?province a rd:Province .
  OPTIONAL {{ ?province rdfs:label ?label . FILTER (lang(?label) = "nl" || lang(?label) = "") }}
}} GROUP BY ?province"""


@dataclass(frozen=True)
class Chart:
    key: str
    nl: str
    en: str
    query_file: str = ""  # a named query in queries/, else TRANCHE_QUERY


CHARTS = (
    Chart("geld-per-tranche", "Rijksgeld per tranche", "Rijk money per tranche"),
    Chart("deals-per-tranche", "Deals per tranche", "Deals per tranche"),
    Chart(
        "deals-per-ministerie",
        "Deals per ondertekenend ministerie",
        "Deals per signing ministry",
        "deals-per-ministry.rq",
    ),
    Chart(
        "deals-per-provincie",
        "Deals per provincie (waar bekend)",
        "Deals per province (where known)",
        "deals-per-province.rq",
    ),
    Chart(
        "kaart-provincies",
        "Kaart: deals per provincie (schematisch)",
        "Map: deals per province (schematic)",
        "deals-per-province.rq",
    ),
    Chart(
        "kaart-deals-provincie",
        "Kaart: deals per provincie",
        "Map: deals per province",
        "deals-per-province.rq",
    ),
    Chart(
        "kaart-geld-provincie",
        "Kaart: Rijksbijdrage per provincie (convenantbedragen)",
        "Map: Rijk contribution per province (covenant amounts)",
        "money-per-province.rq",
    ),
    Chart(
        "geld-per-ministerie",
        "Rijksbijdrage per verstrekkend ministerie (convenantbedragen)",
        "Rijk contribution per providing ministry (covenant amounts)",
        "rijk-contribution-per-provider.rq",
    ),
    Chart(
        "geld-per-provincie",
        "Rijksbijdrage per provincie (afgedrukte bedragen)",
        "Rijk contribution per province (printed amounts)",
        "money-per-province.rq",
    ),
    Chart("deals-per-thema", "Deals per thema", "Deals per theme", "deals-per-theme.rq"),
    Chart(
        "deals-per-jaar",
        "Lopende deals per jaar (waar de looptijd vermeld is)",
        "Deals running per year (where the period is stated)",
        "deals-active-per-year.rq",
    ),
    Chart(
        "cofinanciering",
        "Cofinanciering per deal (regio / Rijk)",
        "Co-financing per deal (region / Rijk)",
        "contributions-per-deal.rq",
    ),
)


def _n(row: dict[str, str], key: str) -> Decimal | None:
    return Decimal(row[key]) if row.get(key) else None


def _money_series(
    rows: list[dict[str, str]], lang: str, first: tuple[str, str] = ("Tranche", "Tranche")
) -> dict[str, Any]:
    """Two printed amounts per row (at selection, in covenant), each with the deals it covers;
    `first` names the first column (nl, en): a tranche ("Tranche N") or a named row."""
    nl = lang == "nl"
    series = (
        "bij selectie" if nl else "at selection",
        "in convenant" if nl else "in covenant",
    )
    bars, table = [], []
    for row in rows:
        # a sum over no deal is "not known", not € 0
        selected = _n(row, "selectedTotal") if row.get("dealsWithSelected") != "0" else None
        rijk = _n(row, "rijkTotal") if row.get("dealsWithRijk") != "0" else None
        label = f"Tranche {row['number']}" if "number" in row else row.get("name", "")
        texts = (money(selected, lang), money(rijk, lang))
        bars.append(Bar(label, (selected, rijk), texts))
        table.append(
            [label, texts[0], row.get("dealsWithSelected", "0"), texts[1], row["dealsWithRijk"]]
        )
    headers = (
        [first[0], "Rijksbijdrage bij selectie", "deals", "Rijksbijdrage in convenant", "deals"]
        if nl
        else [first[1], "Rijk contribution at selection", "deals", "Rijk contribution in covenant",
              "deals"]
    )  # fmt: skip
    note = (
        "Sommen over de deals waarvoor de graaf een bedrag heeft; 'deals' telt die deals."
        if nl
        else "Sums over the deals for which the graph has an amount; 'deals' counts those deals."
    )
    return {"series": series, "bars": bars, "headers": headers, "rows": table, "note": note}


def _count_series(
    rows: list[dict[str, str]], label_key: str, count_key: str, lang: str, prefix: str = ""
) -> dict[str, Any]:
    bars, table = [], []
    for row in rows:
        label = prefix + row.get(label_key, "")
        count = _n(row, count_key) or Decimal(0)
        bars.append(Bar(label, (count,), (str(count),)))
        table.append([label, str(count)])
    return {"series": ("deals",), "bars": bars, "headers": ["", "deals"], "rows": table}


def _province_money_series(rows: list[dict[str, str]], lang: str) -> dict[str, Any]:
    data = _money_series(rows, lang, ("Provincie", "Province"))
    data["note"] = (
        "Afgedrukte bedragen, geen berekende sommen. Een deal in meerdere provincies telt in elke"
        " provincie volledig mee: de provincies tellen op tot meer dan het programma."
        if lang == "nl"
        else "Printed amounts, no computed sums. A deal in several provinces counts in full in"
        " each: the provinces add up to more than the programme."
    )
    return data


def _provider_series(rows: list[dict[str, str]], lang: str) -> dict[str, Any]:
    """The covenant amount (rd:rijkContribution) per ministry the covenant names as provider."""
    nl = lang == "nl"
    bars, table = [], []
    for row in rows:
        amount = _n(row, "provided")
        text = money(amount, lang)
        bars.append(Bar(row.get("name", ""), (amount,), (text,)))
        table.append([row.get("name", ""), row.get("deals", "0"), text])
    headers = (
        ["Ministerie", "deals", "Rijksbijdrage in convenant"]
        if nl
        else ["Ministry", "deals", "Rijk contribution in covenant"]
    )
    note = (
        "Alleen deals waarvan het convenant het verstrekkende ministerie noemt"
        " (rd:fundingProvider); de brieven noemen alleen ondertekenaars."
        if nl
        else "Only deals whose covenant names the providing ministry (rd:fundingProvider);"
        " the letters name only signatories."
    )
    series = ("in convenant" if nl else "in covenant",)
    return {"series": series, "bars": bars, "headers": headers, "rows": table, "note": note}


def _years_series(rows: list[dict[str, str]], lang: str) -> dict[str, Any]:
    data = _count_series(rows, "year", "deals", lang)
    data["headers"] = ["Jaar" if lang == "nl" else "Year", "deals"]
    data["note"] = (
        "Alleen deals met een vermelde einddatum; de looptijd begint bij de begindatum, anders"
        " het jaar van ondertekening, anders van selectie."
        if lang == "nl"
        else "Only deals with a stated end date; the period starts at the start date, else the"
        " year of signing, else of selection."
    )
    return data


def _province_counts(rows: list[dict[str, str]], provinces: list[dict[str, str]]) -> list[Tile]:
    """Every province with its count from deals-per-province: 0 where the graph describes the
    province but no deal names it; None where the graph does not describe it."""
    counts = {r["province"].rsplit("/", 1)[-1]: int(r.get("deals") or 0) for r in rows}
    names = {p["province"].rsplit("/", 1)[-1]: p.get("name", "") for p in provinces}
    tiles = []
    for code, (_, _, fallback) in TILES.items():
        known = code in names or code in counts
        tiles.append(
            Tile(code, names.get(code) or fallback, counts.get(code, 0) if known else None)
        )
    return tiles


def _count_table(tiles: list[Tile], lang: str) -> dict[str, Any]:
    table = [[t.name, "—" if t.count is None else str(t.count)] for t in tiles]
    return {
        "series": ("deals",),
        "bars": [],
        "headers": ["Provincie" if lang == "nl" else "Province", "deals"],
        "rows": sorted(table),
    }


def _tile_map(
    rows: list[dict[str, str]], provinces: list[dict[str, str]], title: str, lang: str
) -> dict[str, Any]:
    """Every province a tile, with its count (see _province_counts)."""
    tiles = _province_counts(rows, provinces)
    note = (
        "Een schematische kaart: elke provincie een vak op haar plaats bij benadering; de kaart"
        " met grenzen staat hieronder. Tellingen als in deals-per-province; — : de graaf"
        " beschrijft de provincie niet."
        if lang == "nl"
        else "A schematic map: each province a square roughly where it lies; the map with"
        " boundaries is below. Counts as in deals-per-province; — : the graph does not"
        " describe the province."
    )
    svg = svg_tile_map("kaart-provincies", title, tiles)
    return {**_count_table(tiles, lang), "svg": svg, "note": note}


# The boundaries' source, said under each map that draws them (static/maps/README.md).
MAP_CREDIT = {
    "nl": "Grenzen: @svg-maps/netherlands 1.0.0 naar MapSVG, CC BY 4.0.",
    "en": "Boundaries: @svg-maps/netherlands 1.0.0 after MapSVG, CC BY 4.0.",
}


def _deals_map(
    rows: list[dict[str, str]], provinces: list[dict[str, str]], title: str, lang: str
) -> dict[str, Any]:
    """The provinces on their boundaries, shaded by their count of deals."""
    tiles = _province_counts(rows, provinces)
    areas = [
        Area(t.code, t.name, None if t.count is None else Decimal(t.count),
             "" if t.count is None else str(t.count))
        for t in tiles
    ]  # fmt: skip
    nl = lang == "nl"
    none = "geen deal, of niet bekend (—)" if nl else "no deal, or not known (—)"
    note = (
        "Tellingen als in deals-per-province: een deal telt mee in elke provincie die hij als"
        " partij of gebied noemt, of waarin een van zijn gemeenten ligt. "
        if nl
        else "Counts as in deals-per-province: a deal counts in each province it names as a"
        " party or area, or in which one of its municipalities lies. "
    ) + MAP_CREDIT[lang]
    svg = svg_province_map("kaart-deals-provincie", title, areas, none, labels=True)
    return {**_count_table(tiles, lang), "svg": svg, "note": note}


def _money_map(
    rows: list[dict[str, str]], provinces: list[dict[str, str]], title: str, lang: str
) -> dict[str, Any]:
    """The provinces shaded by the covenant amounts (rd:rijkContribution) of their deals,
    summed as money-per-province sums them; a province none of whose deals has one: not known."""
    by_code = {r["province"].rsplit("/", 1)[-1]: r for r in rows}
    areas, table = [], []
    for tile in _province_counts([], provinces):
        row = by_code.get(tile.code, {})
        covered = row.get("dealsWithRijk") or "0"
        amount = _n(row, "rijkTotal") if covered != "0" else None
        text = money(amount, lang)
        areas.append(Area(tile.code, tile.name, amount, text))
        table.append([tile.name, text or "—", covered])
    nl = lang == "nl"
    none = "geen convenantbedrag bekend (—)" if nl else "no covenant amount known (—)"
    note = (
        "Som van de afgedrukte Rijksbijdragen in de convenanten (rd:rijkContribution) van de"
        " deals van de provincie, als in money-per-province; 'deals' telt de deals met zo'n"
        " bedrag. Een deal in meerdere provincies telt in elke provincie volledig mee. "
        if nl
        else "Sum of the printed Rijk contributions in the covenants (rd:rijkContribution) of"
        " the province's deals, as in money-per-province; 'deals' counts the deals with such"
        " an amount. A deal in several provinces counts in full in each. "
    ) + MAP_CREDIT[lang]
    headers = (
        ["Provincie", "Rijksbijdrage in convenant", "deals"]
        if nl
        else ["Province", "Rijk contribution in covenant", "deals"]
    )
    svg = svg_province_map("kaart-geld-provincie", title, areas, none, labels=False)
    return {
        "series": ("in convenant",),
        "bars": [],
        "svg": svg,
        "headers": headers,
        "rows": sorted(table),
        "note": note,
    }


MAPS = {"kaart-provincies": _tile_map, "kaart-deals-provincie": _deals_map,
        "kaart-geld-provincie": _money_map}  # fmt: skip


def _series(key: str, rows: list[dict[str, str]], lang: str) -> dict[str, Any]:
    if key == "geld-per-tranche":
        return _money_series(rows, lang)
    if key == "deals-per-tranche":
        return _count_series(rows, "number", "deals", lang, "Tranche ")
    if key == "cofinanciering":
        return _ratio_series(rows, lang)
    if key == "geld-per-ministerie":
        return _provider_series(rows, lang)
    if key == "geld-per-provincie":
        return _province_money_series(rows, lang)
    if key == "deals-per-jaar":
        return _years_series(rows, lang)
    return _count_series(rows, "name", "deals", lang)


def _ratio_series(rows: list[dict[str, str]], lang: str) -> dict[str, Any]:
    bars, table = [], []
    for row in rows:
        rijk, regional = _n(row, "rijk"), _n(row, "regional")
        share = regional / rijk if rijk and regional is not None else None
        text = ratio(regional, rijk, lang)
        bars.append(Bar(row.get("label", ""), (share,), (text,)))
        table.append([row.get("label", ""), money(rijk, lang), money(regional, lang), text])
    nl = lang == "nl"
    headers = (
        ["Deal", "Rijksbijdrage", "Regionale bijdrage", "Cofinanciering"]
        if nl
        else ["Deal", "Rijk contribution", "Regional contribution", "Co-financing"]
    )
    note = (
        "Alleen deals waarvoor beide bedragen bekend zijn."
        if nl
        else "Only deals for which both amounts are known."
    )
    return {"series": ("ratio",), "bars": bars, "headers": headers, "rows": table, "note": note}


async def overview_context(
    service: QueryService, addresses: Addresses, queries_dir: Path
) -> dict[str, Any]:
    lang = addresses.lang
    answers: dict[str, list[dict[str, str]]] = {}  # by query text: two charts share one
    charts = []
    for chart in CHARTS:
        query = (
            (queries_dir / chart.query_file).read_text(encoding="utf-8")
            if chart.query_file
            else TRANCHE_QUERY
        )
        if query not in answers:
            answers[query] = (await select(service, query)).values()
        rows = answers[query]
        title = chart.en if lang == "en" else chart.nl
        if chart.key in MAPS:
            if PROVINCES_QUERY not in answers:
                answers[PROVINCES_QUERY] = (await select(service, PROVINCES_QUERY)).values()
            data = MAPS[chart.key](rows, answers[PROVINCES_QUERY], title, lang)
        else:
            data = _series(chart.key, rows, lang)
        svg = data.pop("svg", None) or svg_bars(chart.key, title, data["series"], data["bars"])
        links = addresses.query_links(query)
        charts.append(
            {
                "id": chart.key,
                "title": title,
                "svg": svg,
                "editor": links["editor"],
                "sparql": links["sparql"],
                "query_name": chart.query_file.removesuffix(".rq"),
                **data,
            }
        )
    return {"charts": charts}
