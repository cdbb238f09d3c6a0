"""The index pages, one per kind: their SELECT, columns and filters (listings.Listing).

Every query counts from asserted role and link properties; each organisation, theme, … is one
row (listings.distinct_rows keeps the first when a label or type repeats).
"""

from __future__ import annotations

from regiodeal.linked_data.graph_queries import PREFIXES
from regiodeal.linked_data.listings import Column, Filter, Listing, QueryInput

TRANCHES = 'GROUP_CONCAT(DISTINCT STR(?tn); separator=" | ") AS ?tranches'
TRANCHE_OF_DEAL = "OPTIONAL { ?deal rd:tranche/rd:trancheNumber ?tn }"


def label_in(subject: str, out: str, lang: str, props: str = "rdfs:label|skos:prefLabel") -> str:
    """Binds ?out to the label of `subject` in the page language, else Dutch, else any."""
    return f"""OPTIONAL {{ {subject} {props} ?{out}L . FILTER (lang(?{out}L) = "{lang}") }}
  OPTIONAL {{ {subject} {props} ?{out}N . FILTER (lang(?{out}N) = "nl") }}
  OPTIONAL {{ {subject} {props} ?{out}A }}
  BIND (COALESCE(?{out}L, ?{out}N, ?{out}A) AS ?{out})"""


def _kind(subject: str, pairs: tuple[tuple[str, str, str], ...], lang: str, other: str) -> str:
    """Binds ?kind: the name (in `lang`) of the first class in `pairs` that `subject` has."""
    values = " ".join(f'({cls} "{en if lang == "en" else nl}")' for cls, nl, en in pairs)
    return f"""OPTIONAL {{ VALUES (?kindClass ?kindName) {{ {values} }} {subject} a ?kindClass }}
  BIND (COALESCE(?kindName, "{other}") AS ?kind)"""


ORG_KINDS = (
    ("rd:Ministry", "ministerie", "ministry"),
    ("rd:Province", "provincie", "province"),
    ("rd:Municipality", "gemeente", "municipality"),
    ("rd:Alliance", "samenwerkingsverband", "alliance"),
)


def organisations_query(q: QueryInput) -> str:
    other = "other" if q.lang == "en" else "overig"
    return f"""{PREFIXES}
SELECT ?org ?label ?kind ?province ?tranches ?deals ?party ?partner ?regiokassier ?funding
       ?signatory WHERE {{
  {{ SELECT ?org (COUNT(DISTINCT ?deal) AS ?deals) (COUNT(DISTINCT ?partyDeal) AS ?party)
           (COUNT(DISTINCT ?partnerDeal) AS ?partner)
           (COUNT(DISTINCT ?kassierDeal) AS ?regiokassier)
           (COUNT(DISTINCT ?fundingDeal) AS ?funding) (COUNT(DISTINCT ?signedDeal) AS ?signatory)
           ({TRANCHES})
    WHERE {{
      {{ ?deal rd:regionalParty|rd:ministryParty|rd:party ?org . BIND (?deal AS ?partyDeal) }}
      UNION {{ ?deal rd:partner ?org . BIND (?deal AS ?partnerDeal) }}
      UNION {{ ?deal rd:regiokassier ?org . BIND (?deal AS ?kassierDeal) }}
      UNION {{ ?deal rd:fundingProvider ?org . BIND (?deal AS ?fundingDeal) }}
      UNION {{ ?deal rd:signature/rd:onBehalfOf ?org . BIND (?deal AS ?signedDeal) }}
      UNION {{ ?deal rd:involvedOrganisation ?org }}
      UNION {{ ?deal rd:hasIntervention/rd:carriedOutBy ?org }}
      ?deal a rd:RegioDeal .
      {TRANCHE_OF_DEAL}
    }} GROUP BY ?org }}
  {label_in("?org", "label", q.lang, "rdfs:label|skos:prefLabel|foaf:name")}
  {_kind("?org", ORG_KINDS, q.lang, other)}
  OPTIONAL {{ {{ ?org a rd:Province . BIND (?org AS ?p) }}
             UNION {{ ?org rd:locatedIn ?p . ?p a rd:Province }}
             ?p rdfs:label ?province . FILTER (lang(?province) = "nl") }}
}}"""


def ministries_query(q: QueryInput) -> str:
    return f"""{PREFIXES}
SELECT ?org ?label ?signed ?signedSum ?provided ?providedSum ?tranches WHERE {{
  {{ SELECT ?org (COUNT(DISTINCT ?signedDeal) AS ?signed)
           (COUNT(DISTINCT ?providedDeal) AS ?provided)
           ({TRANCHES})
    WHERE {{
      ?org a rd:Ministry .
      OPTIONAL {{ {{ ?deal rd:ministryParty ?org . BIND (?deal AS ?signedDeal) }}
                 UNION {{ ?deal rd:fundingProvider ?org . BIND (?deal AS ?providedDeal) }}
                 {TRANCHE_OF_DEAL} }}
    }} GROUP BY ?org }}
  OPTIONAL {{ SELECT ?org (SUM(?r1) AS ?signedSum)
             WHERE {{ ?d1 rd:ministryParty ?org ; rd:rijkContribution ?r1 }} GROUP BY ?org }}
  OPTIONAL {{ SELECT ?org (SUM(?r2) AS ?providedSum)
             WHERE {{ ?d2 rd:fundingProvider ?org ; rd:rijkContribution ?r2 }} GROUP BY ?org }}
  {label_in("?org", "label", q.lang)}
}}"""


def themes_query(q: QueryInput) -> str:
    return f"""{PREFIXES}
SELECT ?theme ?label ?deals ?interventions ?tranches WHERE {{
  {{ SELECT ?theme (COUNT(DISTINCT ?deal) AS ?deals) (COUNT(DISTINCT ?i) AS ?interventions)
           ({TRANCHES})
    WHERE {{
      ?theme skos:inScheme <{q.id_base}scheme/thema> .
      OPTIONAL {{ {{ ?deal rd:theme ?theme }}
                 UNION {{ ?deal rd:hasIntervention ?i . ?i rd:theme ?theme }}
                 ?deal a rd:RegioDeal .
                 {TRANCHE_OF_DEAL} }}
    }} GROUP BY ?theme }}
  {label_in("?theme", "label", q.lang)}
}}"""


PROGRAMME_KINDS = (
    ("rd:NationalProgramme", "nationaal programma", "national programme"),
    ("rd:RegionalProgramme", "regionaal programma", "regional programme"),
    ("rd:FocusArea", "NPLV-focusgebied", "NPLV focus area"),
)


def programmes_query(q: QueryInput) -> str:
    return f"""{PREFIXES}
SELECT ?item ?label ?kind ?place ?placeName ?deals ?tranches WHERE {{
  {{ SELECT ?item (COUNT(DISTINCT ?deal) AS ?deals) ({TRANCHES})
    WHERE {{
      {{ ?item a rd:NationalProgramme }} UNION {{ ?item a rd:RegionalProgramme }}
      UNION {{ ?item a rd:FocusArea }}
      OPTIONAL {{ {{ ?deal rd:programmeReference/rd:referencedProgramme ?item }}
                 UNION {{ ?deal rd:focusArea ?item }}
                 ?deal a rd:RegioDeal .
                 {TRANCHE_OF_DEAL} }}
    }} GROUP BY ?item }}
  {label_in("?item", "label", q.lang)}
  {_kind("?item", PROGRAMME_KINDS, q.lang, "")}
  OPTIONAL {{ ?item rd:locatedIn ?place . {label_in("?place", "placeName", q.lang)} }}
}}"""


def documents_query(q: QueryInput) -> str:
    seed, web = (
        ("seed document", "web publication")
        if q.lang == "en"
        else ("brondocument", "webpublicatie")
    )
    return f"""{PREFIXES}
SELECT ?doc ?label ?kind ?type ?date ?publisher ?publisherName ?url ?deals WHERE {{
  {{ SELECT ?doc (COUNT(DISTINCT ?deal) AS ?deals)
    WHERE {{
      {{ ?doc a rd:SourceDocument }} UNION {{ ?doc a rd:WebPublication }}
      OPTIONAL {{ {{ ?doc rd:listsDeal ?deal }}
                 UNION {{ ?deal rd:factSource?/prov:wasDerivedFrom/dcterms:isPartOf* ?doc }}
                 ?deal a rd:RegioDeal }}
    }} GROUP BY ?doc }}
  {label_in("?doc", "label", q.lang, "dcterms:title")}
  BIND (IF(EXISTS {{ ?doc rd:seedFile ?file }}, "{seed}", "{web}") AS ?kind)
  OPTIONAL {{ ?doc dcterms:type ?type }}
  OPTIONAL {{ ?doc dcterms:date ?date }}
  OPTIONAL {{ ?doc rd:url ?url }}
  OPTIONAL {{ ?doc rd:publisher ?publisher . {label_in("?publisher", "publisherName", q.lang)} }}
}}"""


def tranches_query(q: QueryInput) -> str:
    """The named query programme-per-tranche, as /api/queries runs it."""
    return (q.queries_dir / "programme-per-tranche.rq").read_text(encoding="utf-8")


def linking_query(q: QueryInput) -> str:
    """The named query linking-coverage as a subquery, plus the kind's name in the page language.

    The counts stay those of /api/queries/linking-coverage; only a readable name is added (the
    ontology's label of the class, else "overig"/"other" for plain org:Organization).
    """
    text = (q.queries_dir / "linking-coverage.rq").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    select = "\n".join(line for line in lines if not line.upper().startswith("PREFIX "))
    other = "other" if q.lang == "en" else "overig"
    return f"""{PREFIXES}
SELECT ?kind ?label ?organisations ?withTooi ?withCbsCode ?withWikidata WHERE {{
  {{ {select} }}
  {label_in("?kind", "name", q.lang)}
  BIND (COALESCE(?name, "{other}") AS ?label)
}}"""


TRANCHE_FILTER = Filter("tranche", "tranches", "Tranche", "Tranche")
TRANCHES_COLUMN = Column("tranches", "Tranches van de deals", "Tranches of the deals", "list")
DEALS = ("Deals", "Deals")

ORGANISATIONS = Listing(
    path="doc/organisatie",
    nl="Organisaties",
    en="Organisations",
    intro_nl="Elke organisatie met een rol in een Regio Deal, met het aantal deals per rol.",
    intro_en="Every organisation with a role in a Regio Deal, with the number of deals per role.",
    key="org",
    query=organisations_query,
    columns=(
        Column("label", "Organisatie", "Organisation", link="org"),
        Column("kind", "Soort", "Kind"),
        Column("province", "Provincie", "Province"),
        Column("deals", *DEALS, "count"),
        Column("party", "Partij", "Party", "count"),
        Column("partner", "Partner", "Partner", "count"),
        Column("regiokassier", "Regiokassier", "Regiokassier", "count"),
        Column("funding", "Verstrekker rijksbijdrage", "Funding provider", "count"),
        Column("signatory", "Ondertekenaar", "Signatory", "count"),
        TRANCHES_COLUMN,
    ),
    filters=(
        Filter("soort", "kind", "Soort", "Kind"),
        Filter("provincie", "province", "Provincie", "Province"),
        TRANCHE_FILTER,
    ),
)

MINISTRIES = Listing(
    path="doc/ministerie",
    nl="Ministeries",
    en="Ministries",
    intro_nl=(
        "Elk ministerie: de deals die het als partij ondertekende en die waarvan het de "
        "rijksbijdrage verstrekt, met de som van hun rijksbijdragen (waar bekend)."
    ),
    intro_en=(
        "Every ministry: the deals it signed as a party and those whose national contribution "
        "it provides, with the sum of their national contributions (where known)."
    ),
    key="org",
    query=ministries_query,
    columns=(
        Column("label", "Ministerie", "Ministry", link="org"),
        Column("signed", "Deals als partij", "Deals as party", "count"),
        Column("signedSum", "Rijksbijdrage daarvan", "Their national contribution", "money"),
        Column("provided", "Deals als verstrekker", "Deals as provider", "count"),
        Column("providedSum", "Rijksbijdrage daarvan", "Their national contribution", "money"),
        TRANCHES_COLUMN,
    ),
    filters=(TRANCHE_FILTER,),
)

THEMES = Listing(
    path="doc/thema",
    nl="Thema's",
    en="Themes",
    intro_nl="De thema's van de Regio Deals: deals met het thema, en interventies onder het thema.",
    intro_en="The themes of the Regio Deals: deals with the theme, and interventions under it.",
    key="theme",
    query=themes_query,
    columns=(
        Column("label", "Thema", "Theme", link="theme"),
        Column("deals", *DEALS, "count"),
        Column("interventions", "Interventies", "Interventions", "count"),
        TRANCHES_COLUMN,
    ),
    filters=(TRANCHE_FILTER,),
)

PROGRAMMES = Listing(
    path="doc/programma",
    nl="Programma's en NPLV-focusgebieden",
    en="Programmes and NPLV focus areas",
    intro_nl=(
        "Nationale en regionale programma's waarnaar deals verwijzen, en de focusgebieden van "
        "het Nationaal Programma Leefbaarheid en Veiligheid (NPLV)."
    ),
    intro_en=(
        "National and regional programmes the deals refer to, and the focus areas of the "
        "National Programme for Liveability and Safety (NPLV)."
    ),
    key="item",
    query=programmes_query,
    columns=(
        Column("label", "Programma of gebied", "Programme or area", link="item"),
        Column("kind", "Soort", "Kind"),
        Column("placeName", "Gemeente", "Municipality", link="place"),
        Column("deals", *DEALS, "count"),
        TRANCHES_COLUMN,
    ),
    filters=(Filter("soort", "kind", "Soort", "Kind"), TRANCHE_FILTER),
)

TRANCHES_LISTING = Listing(
    path="doc/tranche",
    nl="Tranches",
    en="Tranches",
    intro_nl=(
        "Per tranche de selectie zoals gepubliceerd en de deals die de graaf bevat "
        "(benoemde query programme-per-tranche)."
    ),
    intro_en=(
        "Per tranche the selection as published and the deals the graph holds "
        "(named query programme-per-tranche)."
    ),
    key="tranche",
    query=tranches_query,
    columns=(
        Column("number", "Tranche", "Tranche", "number", link="tranche"),
        Column("selectionDate", "Selectiedatum", "Selection date", "date"),
        Column("proposals", "Voorstellen ingediend", "Proposals received", "count"),
        Column("selectedPrinted", "Geselecteerd (gepubliceerd)", "Selected (published)", "count"),
        Column("dealsInGraph", "Deals in de graaf", "Deals in the graph", "count"),
        Column(
            "dealsWithSelectedAmount",
            "Met bedrag bij selectie",
            "With amount at selection",
            "count",
        ),
        Column("selectedTotal", "Som bedragen bij selectie", "Sum of selection amounts", "money"),
        Column("available", "Beschikbaar", "Available", "money"),
    ),
    default_sort="number",
)

DOCUMENTS = Listing(
    path="doc/document",
    nl="Brondocumenten",
    en="Source documents",
    intro_nl=(
        "De documenten waaruit de feiten komen: de brondocumenten in de repository en de "
        "gelezen webpublicaties, met adres, uitgever en datum."
    ),
    intro_en=(
        "The documents the facts come from: the seed documents in the repository and the web "
        "publications read, with address, publisher and date."
    ),
    key="doc",
    query=documents_query,
    columns=(
        Column("label", "Document", "Document", link="doc"),
        Column("kind", "Soort", "Kind"),
        Column("type", "Type", "Type"),
        Column("date", "Datum", "Date", "date"),
        Column("publisherName", "Uitgever", "Publisher", link="publisher"),
        Column("url", "Adres", "Address", "url"),
        Column("deals", *DEALS, "count"),
    ),
    filters=(
        Filter("soort", "kind", "Soort", "Kind"),
        Filter("type", "type", "Type", "Type"),
        Filter("uitgever", "publisherName", "Uitgever", "Publisher"),
    ),
)

LINKING = Listing(
    path="doc/koppelingen",
    nl="Koppelingen naar open overheidsdata",
    en="Links to open government data",
    intro_nl=(
        "Per soort organisatie: hoeveel de graaf er bevat en hoeveel daarvan een TOOI-IRI, een "
        "CBS-code of een Wikidata-koppeling hebben (benoemde query linking-coverage). Het "
        "verschil met het totaal zijn organisaties zonder die identificatie: kandidaten om te "
        "koppelen."
    ),
    intro_en=(
        "Per kind of organisation: how many the graph holds and how many of them have a TOOI "
        "IRI, a CBS code or a Wikidata link (named query linking-coverage). The difference with "
        "the total are organisations without that identifier: candidates for linking."
    ),
    key="kind",
    query=linking_query,
    columns=(
        Column("label", "Soort organisatie", "Kind of organisation", link="kind"),
        Column("organisations", "Organisaties", "Organisations", "count"),
        Column("withTooi", "Met TOOI-IRI", "With TOOI IRI", "count"),
        Column("withCbsCode", "Met CBS-code", "With CBS code", "count"),
        Column("withWikidata", "Met Wikidata", "With Wikidata", "count"),
    ),
    default_sort="organisations",
)

LISTINGS = {
    listing.path: listing
    for listing in (
        ORGANISATIONS,
        MINISTRIES,
        THEMES,
        PROGRAMMES,
        TRANCHES_LISTING,
        DOCUMENTS,
        LINKING,
    )
}
