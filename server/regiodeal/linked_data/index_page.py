"""The index of deals (/doc/): key figures per deal, sortable by links (no JavaScript)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.graph_queries import PREFIXES
from regiodeal.linked_data.listing_kinds import label_in
from regiodeal.linked_data.presentation import long_date, money, natural, ratio
from regiodeal.sparql.service import Rows

# ?sort= column -> (variable, SPARQL expression to order by).
SORTS = {
    "label": ("?label", "LCASE(STR(?label))"),
    "tranche": ("?trancheNumber", "?trancheNumber"),
    "status": ("?statusLabel", "?statusLabel"),
    "rijk": ("?rijk", "?rijk"),
    "regional": ("?regional", "?regional"),
    "ratio": ("?ratio", "?ratio"),
    "end": ("?end", "?end"),
}
COLUMNS = (
    ("label", "Regio Deal", "Regio Deal"),
    ("tranche", "Tranche", "Tranche"),
    ("status", "Status", "Status"),
    ("rijk", "Rijksbijdrage", "National contribution"),
    ("regional", "Regionale bijdrage", "Regional contribution"),
    ("ratio", "Cofinanciering (regio/Rijk)", "Co-financing (region/Rijk)"),
    ("end", "Einddatum", "End date"),
)


def index_query(sort: str, order: str, lang: str) -> str:
    """Deals with key figures; unknown values always sort last."""
    variable, expression = SORTS[sort]
    direction = "DESC" if order == "desc" else "ASC"
    return f"""{PREFIXES}
SELECT ?deal ?label ?trancheNumber ?statusLabel ?rijk ?regional ?ratio ?end WHERE {{
  ?deal a rd:RegioDeal .
  OPTIONAL {{ ?deal rdfs:label ?labelLang . FILTER (lang(?labelLang) = "{lang}") }}
  OPTIONAL {{ ?deal rdfs:label ?labelNl . FILTER (lang(?labelNl) = "nl") }}
  BIND (COALESCE(?labelLang, ?labelNl) AS ?label)
  OPTIONAL {{ ?deal rd:tranche/rd:trancheNumber ?trancheNumber }}
  OPTIONAL {{ ?deal rd:status ?status .
             OPTIONAL {{ ?status skos:prefLabel ?statusLang .
                        FILTER (lang(?statusLang) = "{lang}") }}
             OPTIONAL {{ ?status skos:prefLabel ?statusNl . FILTER (lang(?statusNl) = "nl") }} }}
  BIND (COALESCE(?statusLang, ?statusNl) AS ?statusLabel)
  OPTIONAL {{ ?deal rd:rijkContribution ?rijk }}
  OPTIONAL {{ ?deal rd:regionalContribution ?regional }}
  OPTIONAL {{ ?deal rd:endDate ?end }}
  BIND (IF(?rijk > 0, ?regional / ?rijk, ?none) AS ?ratio)
}}
ORDER BY (!BOUND({variable})) {direction}({expression}) ?label"""


# ?param= of the index's filters: (facet in facets_query or column of index_query, nl, en).
FILTERS = (
    ("tranche", "trancheNumber", "Tranche", "Tranche"),
    ("status", "statusLabel", "Status", "Status"),
    ("provincie", "province", "Provincie", "Province"),
    ("ministerie", "ministry", "Ministerie", "Ministry"),
    ("thema", "theme", "Thema", "Theme"),
)


def facets_query(lang: str) -> str:
    """Per deal its provinces (as deals-per-province.rq finds them), ministries and themes."""
    return f"""{PREFIXES}
SELECT DISTINCT ?deal ?facet ?value WHERE {{
  ?deal a rd:RegioDeal .
  {{ {{ ?deal rd:province|rd:regionalParty ?item . ?item a rd:Province }}
    UNION {{ ?deal rd:municipality|rd:regionalParty ?m . ?m a rd:Municipality ;
                                                            rd:locatedIn ?item .
            ?item a rd:Province }}
    BIND ("province" AS ?facet) }}
  UNION {{ ?deal rd:ministryParty ?item . BIND ("ministry" AS ?facet) }}
  UNION {{ {{ ?deal rd:theme ?item }} UNION {{ ?deal rd:hasIntervention/rd:theme ?item }}
          BIND ("theme" AS ?facet) }}
  {label_in("?item", "value", lang)}
}}"""


def deal_facets(rows: Rows) -> dict[str, dict[str, set[str]]]:
    facets: dict[str, dict[str, set[str]]] = {}
    for row in rows.values():
        if row.get("value"):
            facets.setdefault(row["deal"], {}).setdefault(row["facet"], set()).add(row["value"])
    return facets


def _values(row: dict[str, str], facets: dict[str, dict[str, set[str]]], key: str) -> set[str]:
    if key in row:
        return {row[key]}
    return facets.get(row["deal"], {}).get(key, set())


def filter_options(
    rows: list[dict[str, str]], facets: dict[str, dict[str, set[str]]], lang: str
) -> list[dict[str, Any]]:
    return [
        {
            "param": param,
            "name": en if lang == "en" else nl,
            "options": sorted({v for r in rows for v in _values(r, facets, key)}, key=natural),
        }
        for param, key, nl, en in FILTERS
    ]


def filter_deals(
    rows: list[dict[str, str]],
    facets: dict[str, dict[str, set[str]]],
    chosen: dict[str, str],
) -> list[dict[str, str]]:
    for param, key, _, _ in FILTERS:
        if chosen.get(param):
            rows = [r for r in rows if chosen[param] in _values(r, facets, key)]
    return rows


def index_context(
    rows: list[dict[str, str]],
    addresses: Addresses,
    sort: str,
    order: str,
    chosen: dict[str, str] | None = None,
) -> dict[str, Any]:
    lang = addresses.lang
    kept = {k: v for k, v in (chosen or {}).items() if v}
    deals = []
    for row in rows:
        rijk = Decimal(row["rijk"]) if "rijk" in row else None
        regional = Decimal(row["regional"]) if "regional" in row else None
        deals.append(
            {
                "href": addresses.href(row["deal"]),
                "label": row.get("label", row["deal"].rsplit("/", 1)[-1]),
                "tranche": row.get("trancheNumber", ""),
                "status": row.get("statusLabel", ""),
                "rijk": money(rijk, lang),
                "regional": money(regional, lang),
                "ratio": ratio(regional, rijk, lang),
                "end": long_date(date.fromisoformat(row["end"]), lang) if row.get("end") else "",
            }
        )
    headers = []
    for key, nl_name, en_name in COLUMNS:
        next_order = "desc" if key == sort and order == "asc" else "asc"
        arrow = ("▲" if order == "asc" else "▼") if key == sort else ""
        headers.append(
            {
                "key": key,
                "name": en_name if lang == "en" else nl_name,
                "href": addresses.page("doc/", **kept, sort=key, order=next_order),
                "arrow": arrow,
                "numeric": key in ("rijk", "regional", "ratio", "tranche"),
                "aria": ("ascending" if order == "asc" else "descending")
                if key == sort
                else "none",
            }
        )
    return {"deals": deals, "headers": headers, "sort": sort, "order": order, "chosen": kept}


CSV_COLUMNS = ("deal", "label", "trancheNumber", "statusLabel", "rijk", "regional", "ratio", "end")


def index_csv(rows: list[dict[str, str]]) -> list[list[str]]:
    """The index as a spreadsheet: the values as the graph has them (IRIs, plain decimals)."""
    table = [list(CSV_COLUMNS)]
    for row in rows:
        rijk, regional = row.get("rijk"), row.get("regional")
        share = (
            f"{Decimal(regional) / Decimal(rijk):.4f}"
            if rijk and regional and Decimal(rijk)
            else ""
        )
        values = {**row, "ratio": share}
        table.append([values.get(column, "") for column in CSV_COLUMNS])
    return table
