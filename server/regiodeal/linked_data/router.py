"""Routes: /id/{path} answers 303 to /doc/{path}; /doc/ serves HTML or RDF by content negotiation.

/doc/organisatie?iri=<TOOI IRI> stands in for the TOOI organisations the graph uses (we cannot
serve identifier.overheid.nl). Data comes only from SPARQL, through the app's query service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF

from regiodeal.deps import QueryServiceDep, SettingsDep
from regiodeal.linked_data.addresses import Addresses, safe_path, safe_tooi
from regiodeal.linked_data.deal_page import deal_context
from regiodeal.linked_data.graph_queries import (
    description_query,
    fetch_description,
    fetch_graph,
    neighbourhood_query,
    types_query,
)
from regiodeal.linked_data.index_page import (
    FILTERS,
    SORTS,
    deal_facets,
    facets_query,
    filter_deals,
    filter_options,
    index_context,
    index_csv,
    index_query,
)
from regiodeal.linked_data.listing_kinds import LISTINGS
from regiodeal.linked_data.listings import (
    Listing,
    QueryInput,
    apply_filters,
    distinct_rows,
    page_context,
    sort_rows,
    table,
)
from regiodeal.linked_data.organisation_page import organisation_context, organisation_query
from regiodeal.linked_data.overview import overview_context
from regiodeal.linked_data.part_page import part_context, part_query
from regiodeal.linked_data.resource_page import resource_context, resource_query
from regiodeal.linked_data.tables import csv_response, xlsx_response
from regiodeal.linked_data.theme_page import theme_context, theme_query
from regiodeal.namespaces import ORG, RD
from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.sparql.negotiation import ALIASES, HTML, RDF_TYPES, negotiate
from regiodeal.sparql.service import QueryError, QueryService, select
from regiodeal.templating import LANGS, render_page

OFFERS = (HTML, *RDF_TYPES)
FORMATS = {
    "html": HTML,
    "ttl": results.TURTLE,
    "jsonld": results.JSONLD,
    "nt": results.NTRIPLES,
    "rdf": results.RDFXML,
}
FORMAT_LABELS = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}
ORG_TYPES = {
    str(t)
    for t in (
        RD.Ministry,
        RD.Municipality,
        RD.Province,
        RD.Alliance,
        ORG.Organization,
        ORG.FormalOrganization,
        FOAF.Organization,
    )
}
PART_TYPES = {str(RD.SourceDocument), str(RD.DocumentPart)}

ORDERS = ("asc", "desc")
LISTING_FORMATS = ("html", "csv", "xlsx")
# Checked by hand rather than with Query(pattern=...): FastAPI would answer a bad value with its
# JSON 400, which a reader who typed ?lang=de in a browser should not get.
CHOICES: dict[str, tuple[str, ...]] = {
    "lang": LANGS,
    "format": tuple(FORMATS),
    "sort": tuple(SORTS),
    "order": ORDERS,
}
ERROR_TYPES = (HTML, "application/json", "text/plain")  # no aliases: plain JSON, plain text
MAX_SHOWN = 80  # characters of a bad value repeated back in an error

Lang = Annotated[str, Query(description="page language: nl or en")]
Format = Annotated[str | None, Query(description="html, ttl, jsonld, nt or rdf; overrides Accept")]

router = APIRouter(include_in_schema=False)


def _plain(status: int, message: str) -> Response:
    return Response(
        message + "\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={"Vary": "Accept"},
    )


def _error_type(request: Request, fmt: str | None) -> str:
    """How to word an error: a page for a browser, JSON or plain text for a program."""
    if fmt == "html":
        return HTML
    if fmt in FORMATS:
        return "text/plain"
    return negotiate(request.headers.get("accept"), ERROR_TYPES) or "text/plain"


def _bad_parameter(
    request: Request,
    settings: Settings,
    params: dict[str, str | None],
    choices: dict[str, tuple[str, ...]] | None = None,
) -> Response | None:
    """A 400 naming the allowed values for the first parameter that has none of them."""
    choices = choices or CHOICES
    for name, value in params.items():
        if value is None or value in choices[name]:
            continue
        allowed = choices[name]
        shown = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
        message = f"Unsupported value {shown!r} for ?{name}=; allowed: {', '.join(allowed)}"
        kind = _error_type(request, params.get("format"))
        if kind == "application/json":
            detail = {"detail": message, "parameter": name, "value": shown, "allowed": allowed}
            return JSONResponse(detail, status_code=400, headers={"Vary": "Accept"})
        if kind == "text/plain":
            return _plain(400, message)
        return _bad_request_page(request, settings, params, name, shown, allowed)
    return None


def _bad_request_page(
    request: Request,
    settings: Settings,
    params: dict[str, str | None],
    name: str,
    shown: str,
    allowed: tuple[str, ...],
) -> Response:
    lang = str(params["lang"]) if params.get("lang") in LANGS else "nl"
    addresses = Addresses.for_request(request, settings, lang)
    here = addresses.public_base + request.url.path.lstrip("/")
    options = [
        {"value": v, "href": here + "?" + urlencode({**request.query_params, name: v})}
        for v in allowed
    ]
    title = "Ongeldige parameter" if lang == "nl" else "Invalid parameter"
    return render(
        request,
        "bad_request.html",
        addresses,
        400,
        title=title,
        name=name,
        value=shown,
        options=options,
    )


def _choose(request: Request, fmt: str | None) -> str | Response:
    """The media type to answer with, or the 406 response saying why there is none."""
    if fmt is not None:
        return FORMATS[fmt]  # checked by _bad_parameter
    chosen = negotiate(request.headers.get("accept"), OFFERS, ALIASES)
    if chosen is None:
        return _plain(406, "Not Acceptable: this document is available as " + ", ".join(OFFERS))
    return chosen


def render(
    request: Request, template: str, addresses: Addresses, status: int = 200, **context: Any
) -> Response:
    return render_page(
        request,
        template,
        lang=addresses.lang,
        site_root=addresses.public_base,
        status=status,
        a=addresses,
        **context,
    )


def not_found(request: Request, addresses: Addresses, iri: str = "") -> Response:
    return render(
        request,
        "not_found.html",
        addresses,
        status=404,
        iri=iri,
        title="Niet gevonden" if addresses.lang == "nl" else "Not found",
    )


def _alternates(addresses: Addresses, iri: str, query: str) -> list[dict[str, str]]:
    links = [
        {"label": name, "href": addresses.doc_url(iri, format=key), "type": FORMATS[key]}
        for key, name in FORMAT_LABELS.items()
    ]
    q = addresses.query_links(query)
    links.append({"label": "SPARQL", "href": q["sparql"], "type": ""})
    links.append(
        {
            "label": "Query editor" if addresses.lang == "en" else "Query-editor",
            "href": q["editor"],
            "type": "",
        }
    )
    return links


@router.get("/id/{path:path}")
async def identifier(path: str, request: Request, settings: SettingsDep) -> Response:
    """The thing itself has no representation: 303 to the document about it."""
    addresses = Addresses.for_request(request, settings)
    target = addresses.public_base + "doc/" + path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303)


@router.get("/doc")
async def index_redirect(request: Request) -> Response:
    target = str(request.url.replace(path=request.url.path + "/"))
    return RedirectResponse(target, status_code=301)


@router.get("/doc/")
@router.get("/doc/regiodeal")
async def index(
    request: Request,
    settings: SettingsDep,
    service: QueryServiceDep,
    lang: Lang = "nl",
    sort: Annotated[str, Query(description="column: " + ", ".join(SORTS))] = "label",
    order: Annotated[str, Query(description="asc or desc")] = "asc",
    format: Annotated[str | None, Query(description="html, csv or xlsx")] = None,
) -> Response:
    bad = _bad_parameter(request, settings, {"lang": lang, "sort": sort, "order": order})
    if bad is not None:
        return bad
    if format is not None and format not in LISTING_FORMATS:
        return _plain(
            400, f"Unsupported value {format[:MAX_SHOWN]!r} for ?format=; allowed: html, csv, xlsx"
        )
    addresses = Addresses.for_request(request, settings, lang)
    query = index_query(sort, order, lang)
    chosen = {param: request.query_params.get(param, "") for param, *_ in FILTERS}
    try:
        rows = (await select(service, query)).values()
        facets = deal_facets(await select(service, facets_query(lang)))
    except QueryError as exc:
        return _failed(request, addresses, exc)
    shown = filter_deals(rows, facets, chosen)
    if format == "csv":
        return csv_response(index_csv(shown), "regiodeals.csv")
    if format == "xlsx":
        return xlsx_response(index_csv(shown), "regiodeals.xlsx")
    context = index_context(shown, addresses, sort, order, chosen)
    context["filters"] = filter_options(rows, facets, lang)
    context["total"] = len(rows)
    q = addresses.query_links(query)
    alternates = [
        {"label": "SPARQL", "href": q["sparql"], "type": ""},
        {"label": "Query-editor", "href": q["editor"], "type": ""},
    ]
    title = "Regio Deals"
    return render(request, "index.html", addresses, title=title, alternates=alternates, **context)


@router.get("/overzicht")
@router.get("/overview")
async def overview(
    request: Request,
    settings: SettingsDep,
    service: QueryServiceDep,
    lang: Lang | None = None,
) -> Response:
    """The programme in charts (server-side SVG) with their data tables and queries."""
    chosen = lang or ("en" if request.url.path == "/overview" else "nl")
    bad = _bad_parameter(request, settings, {"lang": chosen})
    if bad is not None:
        return bad
    addresses = Addresses.for_request(request, settings, chosen)
    try:
        context = await overview_context(service, addresses, settings.queries_dir)
    except QueryError as exc:
        return _failed(request, addresses, exc)
    title = "Het programma in grafieken" if chosen == "nl" else "The programme in charts"
    return render(request, "overview.html", addresses, title=title, **context)


@dataclass
class Doc:
    """A /doc/ request: what every document handler needs."""

    request: Request
    settings: Settings
    service: QueryService
    lang: str
    format: str | None


async def _doc(
    request: Request,
    settings: SettingsDep,
    service: QueryServiceDep,
    lang: Lang = "nl",
    format: Format = None,
) -> Doc:
    return Doc(request, settings, service, lang, format)


DocDep = Annotated[Doc, Depends(_doc)]


@router.get("/doc/organisatie")
async def tooi_organisation(doc: DocDep, settings: SettingsDep, iri: str | None = None) -> Response:
    """A TOOI organisation the graph uses (we stand in for identifier.overheid.nl); without
    ?iri= the index of organisations."""
    if iri is None:
        return await listing_page(doc, settings, LISTINGS["doc/organisatie"])
    return await _document(doc, iri if safe_tooi(iri) else None, shown=iri)


def _listing_route(listing: Listing) -> None:
    async def handler(doc: DocDep, settings: SettingsDep) -> Response:
        return await listing_page(doc, settings, listing)

    router.add_api_route("/" + listing.path, handler, methods=["GET"], name=listing.path)


for _listing in LISTINGS.values():
    if _listing.path != "doc/organisatie":  # that one shares its route with ?iri=
        _listing_route(_listing)


async def listing_page(doc: Doc, settings: Settings, listing: Listing) -> Response:
    """An index page: ?sort=, ?order=, one parameter per filter, ?format=html|csv|xlsx."""
    params = doc.request.query_params
    sort = params.get("sort", listing.default_sort)
    order = params.get("order", "asc")
    choices = {"sort": listing.sorts, "order": ORDERS, "format": LISTING_FORMATS}
    checked = {"lang": doc.lang, "sort": sort, "order": order, "format": doc.format}
    bad = _bad_parameter(doc.request, settings, checked, {**CHOICES, **choices})
    if bad is not None:
        return bad
    addresses = Addresses.for_request(doc.request, settings, doc.lang)
    query = listing.query(QueryInput(doc.lang, addresses.id_base, settings.queries_dir))
    try:
        all_rows = distinct_rows(await select(doc.service, query), listing.key)
    except QueryError as exc:
        return _failed(doc.request, addresses, exc)
    chosen = {f.param: params.get(f.param, "") for f in listing.filters}
    rows = sort_rows(listing, apply_filters(listing, all_rows, chosen), sort, order)
    name = listing.path.rsplit("/", 1)[-1]
    if doc.format in ("csv", "xlsx"):
        respond = csv_response if doc.format == "csv" else xlsx_response
        return respond(table(listing, rows), f"{name}.{doc.format}")
    state = {**chosen, "sort": sort, "order": order}
    context = page_context(listing, rows, all_rows, addresses, state)
    q = addresses.query_links(query)
    alternates = [
        {"label": "SPARQL", "href": q["sparql"], "type": ""},
        {"label": "Query-editor", "href": q["editor"], "type": ""},
    ]
    return render(doc.request, "listing.html", addresses, alternates=alternates, **context)


@router.get("/doc/{path:path}")
async def document(path: str, doc: DocDep) -> Response:
    iri = Addresses.for_request(doc.request, doc.settings).iri_for_path(path)
    return await _document(doc, iri if safe_path(path) else None, shown=path)


async def _document(doc: Doc, iri: str | None, shown: str) -> Response:
    """The document about `iri` (None: not one of ours, 404), after checking the parameters."""
    bad = _bad_parameter(doc.request, doc.settings, {"lang": doc.lang, "format": doc.format})
    if bad is not None:
        return bad
    addresses = Addresses.for_request(doc.request, doc.settings, doc.lang)
    if iri is None:
        return not_found(doc.request, addresses, shown)
    return await describe(doc.request, doc.service, iri, addresses, doc.format)


def _failed(request: Request, addresses: Addresses, exc: QueryError) -> Response:
    status = exc.status if exc.status >= 500 else 503
    return render(
        request,
        "error.html",
        addresses,
        status=status,
        message=str(exc),
        title="Fout" if addresses.lang == "nl" else "Error",
    )


async def describe(
    request: Request, service: QueryService, iri: str, addresses: Addresses, fmt: str | None
) -> Response:
    chosen = _choose(request, fmt)
    if isinstance(chosen, Response):
        return chosen
    if chosen != HTML:
        return await _rdf(service, iri, addresses.graph_base, chosen)
    try:
        return await _page(request, service, iri, addresses)
    except QueryError as exc:
        return _failed(request, addresses, exc)


async def _rdf(service: QueryService, iri: str, graph_base: str, media_type: str) -> Response:
    query = description_query(iri, graph_base)
    answer = await fetch_description(service, query, media_type)
    if answer.status != 200:
        return _plain(answer.status, answer.body.decode(errors="replace"))
    if answer.count == 0:
        return _plain(404, f"Not found: nothing is known about <{iri}>")
    charset = "" if media_type == results.JSONLD else "; charset=utf-8"
    return Response(answer.body, media_type=media_type + charset, headers={"Vary": "Accept"})


async def _page(
    request: Request, service: QueryService, iri: str, addresses: Addresses
) -> Response:
    base = addresses.graph_base
    rows = await select(service, types_query(iri))
    if not rows.bindings:
        return not_found(request, addresses, iri)
    types = {v.get("type") for v in rows.values()}
    node = URIRef(iri)
    build: Callable[[Graph, URIRef, Addresses], dict[str, Any]]
    if str(RD.RegioDeal) in types:
        template, query, build = "deal.html", neighbourhood_query(iri, base), deal_context
    elif types & PART_TYPES:
        template, query, build = "part.html", part_query(iri, base), part_context
    elif iri.startswith(addresses.id_base + "thema/"):
        template, query, build = "theme.html", theme_query(iri), theme_context
    elif types & ORG_TYPES:
        template, query = "organisation.html", organisation_query(iri, base)
        build = organisation_context
    else:
        template, query, build = "resource.html", resource_query(iri, base), resource_context
    graph = await fetch_graph(service, query)
    context = build(graph, node, addresses)
    return render(
        request,
        template,
        addresses,
        iri=iri,
        alternates=_alternates(addresses, iri, query),
        **context,
    )
