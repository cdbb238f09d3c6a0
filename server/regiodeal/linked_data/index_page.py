"""The index of deals (/doc/): key figures per deal, sortable by links (no JavaScript)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from regiodeal.linked_data.addresses import Addresses
from regiodeal.linked_data.graph_queries import PREFIXES
from regiodeal.linked_data.presentation import long_date, money, ratio
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


def index_context(rows: Rows, addresses: Addresses, sort: str, order: str) -> dict[str, Any]:
    lang = addresses.lang
    deals = []
    for row in rows.values():
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
                "href": addresses.page("doc/", sort=key, order=next_order),
                "arrow": arrow,
                "numeric": key in ("rijk", "regional", "ratio", "tranche"),
                "aria": ("ascending" if order == "asc" else "descending")
                if key == sort
                else "none",
            }
        )
    return {"deals": deals, "headers": headers, "sort": sort, "order": order}


CSV_COLUMNS = ("deal", "label", "trancheNumber", "statusLabel", "rijk", "regional", "ratio", "end")


def index_csv(rows: Rows) -> list[list[str]]:
    """The index as a spreadsheet: the values as the graph has them (IRIs, plain decimals)."""
    table = [list(CSV_COLUMNS)]
    for row in rows.values():
        rijk, regional = row.get("rijk"), row.get("regional")
        share = (
            f"{Decimal(regional) / Decimal(rijk):.4f}"
            if rijk and regional and Decimal(rijk)
            else ""
        )
        values = {**row, "ratio": share}
        table.append([values.get(column, "") for column in CSV_COLUMNS])
    return table
