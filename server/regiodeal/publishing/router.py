"""Publishing the dataset: VoID, DCAT, full dumps and the JSON-LD context (docs/publishing.md).

GET /.well-known/void       VoID description (statistics, endpoint, dumps, vocabularies)
GET /catalog                DCAT-AP-NL catalogue (+ the VoID statements); HTML: the landing page
GET /dataset                the dataset's landing page (publishing.landing), nl or ?lang=en
GET /def                    the ontology (namespace document): pyLODE HTML, or its RDF
GET /download/{file}        regiodeal.ttl | .nq | .trig | .jsonld, with ETag (sha256)
GET /context.jsonld         the vocabulary's JSON-LD context

Statistics are produced once at start-up by `publish`, which the app's lifespan calls once the
query service runs; the routes serve the resulting Publication (deps.PublicationDep). The dumps
are written after the server is ready, in the background (`write_downloads`); until written, a
dump's URL answers 503 with Retry-After and the DCAT, VoID and landing page list the others.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF
from starlette.concurrency import run_in_threadpool

from regiodeal import __version__
from regiodeal.deps import PublicationDep, PublicBaseDep
from regiodeal.publishing.changes import data_change
from regiodeal.publishing.description import Describer, Publication
from regiodeal.publishing.dumps import DUMP_NAMES, Dump, write_dumps_in_child
from regiodeal.publishing.jsonld_context import context_document
from regiodeal.publishing.landing import landing_context
from regiodeal.publishing.ontology import ONTOLOGY_PAGE_POLICY, OntologyDocument, term_list
from regiodeal.publishing.statistics import (
    CountFailed,
    DatasetStatistics,
    count_in_child,
    gather_statistics,
    read_saved,
    save,
)
from regiodeal.settings import Settings
from regiodeal.sparql.negotiation import ALIASES, HTML, RDF_TYPES, negotiate
from regiodeal.sparql.results import JSONLD, NTRIPLES, RDFXML, TURTLE
from regiodeal.sparql.service import QueryError, QueryService
from regiodeal.sparql.service_description import SERIALISERS
from regiodeal.store.files import parse_files
from regiodeal.store.manifest import StoreInfo
from regiodeal.templating import page_lang, render_page

log = logging.getLogger(__name__)
OFFERS = (*RDF_TYPES, HTML)
FORMAT_NAMES = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "ntriples": NTRIPLES,
    "nt": NTRIPLES,
    "rdfxml": RDFXML,
    "xml": RDFXML,
    "html": HTML,
}
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
RETRY_AFTER_S = 10  # a dump still being written: seconds before asking again
FORMAT_DOC = "Override content negotiation: turtle, jsonld, ntriples, rdfxml or html."


def _ontology_facts(ontology: Graph) -> tuple[str, str]:
    """The ontology's licence (the dataset's licence too) and its (version) IRI."""
    for node in ontology.subjects(RDF.type, OWL.Ontology):
        license_ = ontology.value(node, DCTERMS.license)
        version_iri = ontology.value(node, OWL.versionIRI)
        return str(license_ or DEFAULT_LICENSE), str(version_iri or node)
    return DEFAULT_LICENSE, ""


async def _statistics(service: QueryService) -> DatasetStatistics:
    """The counts kept with the embedded store, or counted now in a process of their own (and
    then kept); an external store's through the query service."""
    store = service.local_store
    if store is None:
        try:
            return await gather_statistics(service)
        except QueryError as exc:
            return _uncounted(service, exc)
    saved = read_saved(Path(store.path), store.fingerprint)
    if saved is not None:
        return saved
    try:
        counted = await count_in_child(str(store.oxigraph_path))
    except (CountFailed, OSError) as exc:
        return _uncounted(service, exc)
    save(Path(store.path), store.fingerprint, counted)
    return counted


def _uncounted(service: QueryService, exc: Exception) -> DatasetStatistics:
    # A store may be down or damaged at start-up: describe the dataset without the counts
    # rather than refuse to serve.
    log.warning("VoID statistics unavailable: %s", exc)
    return DatasetStatistics(triples=service.counts.default_graph_triples)


def _downloads(settings: Settings, service: QueryService) -> tuple[Path, StoreInfo | None]:
    """Where the dumps are, and the store they are written from: none from an external store
    (--store sparql+http…)."""
    store = service.local_store
    if store is None:
        return settings.downloads_dir or Path(), None
    return settings.downloads_dir or Path(store.path) / "downloads", store


async def publish(settings: Settings, service: QueryService) -> Publication:
    """Statistics and the JSON-LD context; blocking work runs in threads. The dumps are not
    written here but by `write_downloads`, after the server is ready: until then they are
    listed in `dumps_pending`."""
    ontology = await run_in_threadpool(parse_files, sorted(settings.ontology_dir.rglob("*.ttl")))
    context = context_document(ontology)
    directory, store = _downloads(settings, service)
    license_, ontology_iri = _ontology_facts(ontology)
    change = await run_in_threadpool(data_change, settings, directory)
    return Publication(
        statistics=await _statistics(service),
        dumps=[],
        dumps_pending=frozenset(DUMP_NAMES if store is not None else ()),
        counts=service.counts,
        license=license_,
        ontology=ontology_iri,
        version=__version__,
        modified=change.modified,
        base_uri=settings.base_uri,
        downloads_dir=directory,
        jsonld_context=json.dumps(context, indent=1).encode(),
        ontology_document=OntologyDocument(ontology, settings.base_uri + "def#"),
        content_hash=change.content_hash,
        modified_from=change.source,
    )


async def write_downloads(
    service: QueryService, publication: Publication, stop: threading.Event
) -> None:
    """Write (or reuse) the dumps in a child process (waited for in a thread), each served as
    soon as it is written; a progress line per file in the log. `stop` (set at shutdown) ends
    it after the file being written."""
    store = service.local_store
    if store is None or not publication.dumps_pending:
        return
    context = json.loads(publication.jsonld_context)["@context"]
    started = time.monotonic()
    log.info("downloads: writing %d files to %s", len(DUMP_NAMES), publication.downloads_dir)
    try:
        await run_in_threadpool(
            write_dumps_in_child,
            store,
            publication.downloads_dir,
            context,
            publication.dump_written,
            stop.is_set,
        )
    except OSError as exc:  # e.g. a full disk: the rest of the server goes on without them
        log.error("downloads not written to %s: %s", publication.downloads_dir, exc)
        return
    log.info("downloads: ready in %.1f s", time.monotonic() - started)


def _chosen_type(request: Request, format_: str | None) -> str:
    if format_ is not None:
        chosen = FORMAT_NAMES.get(format_.lower())
        if chosen is None:
            raise HTTPException(
                400, f"unknown format {format_!r}; use one of {sorted(FORMAT_NAMES)}"
            )
        return chosen
    chosen = negotiate(request.headers.get("accept"), OFFERS, ALIASES)
    if chosen is None:
        raise HTTPException(406, f"Not Acceptable: offered are {', '.join(OFFERS)}")
    return chosen


def _rdf_response(graph: Graph, media_type: str) -> Response:
    if media_type == HTML:
        # Browsers: show the Turtle as text rather than offering a download.
        body = graph.serialize(format="turtle")
        return Response(body, media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
    body = graph.serialize(format=SERIALISERS[media_type])
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The description in the negotiated RDF syntax",
        "content": {media: {} for media in (TURTLE, JSONLD, NTRIPLES, RDFXML, "text/plain")},
    },
    406: {"description": "No offered syntax is acceptable"},
}


def _find_dump(publication: Publication, name: str) -> Dump:
    for dump in publication.dumps:
        if dump.name == name:
            return dump
    raise HTTPException(404, f"no download {name!r}")


router = APIRouter(tags=["dataset"])
FormatParam = Annotated[str | None, Query(description=FORMAT_DOC)]
LangParam = Annotated[str | None, Query(description="language of the HTML page: nl or en")]


async def _describer(publication: PublicationDep, public_base: PublicBaseDep) -> Describer:
    return Describer(publication, public_base)


DescriberDep = Annotated[Describer, Depends(_describer)]


@router.get("/.well-known/void", responses=RDF_RESPONSES, summary="VoID description")
async def void(request: Request, describer: DescriberDep, format: FormatParam = None) -> Response:
    media_type = _chosen_type(request, format)  # 400/406 before any work
    return _rdf_response(describer.void(), media_type)


@router.get("/catalog", responses=RDF_RESPONSES, summary="DCAT-AP-NL catalogue")
async def catalog(
    request: Request,
    describer: DescriberDep,
    publication: PublicationDep,
    public_base: PublicBaseDep,
    format: FormatParam = None,
    lang: LangParam = None,
) -> Response:
    """The catalogue in RDF; a browser (text/html) gets the dataset's landing page."""
    media_type = _chosen_type(request, format)
    if media_type == HTML:
        return _landing(request, publication, public_base, lang)
    return _rdf_response(describer.dcat(), media_type)


@router.get("/dataset", include_in_schema=False)
async def dataset(
    request: Request,
    publication: PublicationDep,
    public_base: PublicBaseDep,
    lang: LangParam = None,
) -> Response:
    """The dataset's landing page: licence, last change, downloads, spreadsheet tables."""
    return _landing(request, publication, public_base, lang)


def _landing(
    request: Request, publication: Publication, public_base: str, lang: str | None
) -> Response:
    chosen = page_lang(lang)
    context = landing_context(publication, public_base, chosen)
    return render_page(request, "dataset.html", lang=chosen, site_root=public_base, **context)


@router.get(
    "/download/{name}",
    summary="Full dump of the graph",
    responses={
        200: {"content": {d: {} for d in (TURTLE, JSONLD, "application/n-quads")}},
        404: {"description": "No such download"},
        503: {"description": "Still being written after start-up: retry after Retry-After s"},
    },
)
async def download(request: Request, publication: PublicationDep, name: str) -> Response:
    if name in publication.dumps_pending:
        # Written in the background after start-up (publishing.dumps): ask to come back.
        raise HTTPException(
            503,
            f"{name} is being written; try again shortly",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    dump = _find_dump(publication, name)
    etag = f'"{dump.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    path = publication.downloads_dir / dump.name
    return FileResponse(path, media_type=dump.media_type, headers=headers, filename=dump.name)


@router.get(
    "/context.jsonld",
    summary="JSON-LD context of the vocabulary",
    responses={200: {"content": {JSONLD: {}}}},
)
async def jsonld_context(publication: PublicationDep) -> Response:
    return Response(publication.jsonld_context, media_type=JSONLD)


@router.get("/def", responses=RDF_RESPONSES, summary="The ontology (namespace document)")
async def ontology(
    request: Request,
    publication: PublicationDep,
    public_base: PublicBaseDep,
    format: FormatParam = None,
    lang: LangParam = None,
) -> Response:
    """The vocabulary https://w3id.org/regiodeal/def#: each term IRI resolves to its anchor in
    this document. HTML documentation for a browser, RDF for a program."""
    document = publication.ontology_document
    if document is None:
        raise HTTPException(404, "no ontology loaded")
    media_type = _chosen_type(request, format)
    if media_type != HTML:
        body = await run_in_threadpool(document.rdf, media_type)
        charset = "" if media_type == JSONLD else "; charset=utf-8"
        return Response(body, media_type=media_type + charset, headers={"Vary": "Accept"})
    page = await run_in_threadpool(document.html)  # pyLODE: seconds, the first time only
    if page is None:
        chosen = page_lang(lang)
        kinds = term_list(document.graph, document.namespace)
        title = "Regio Deal-ontologie" if chosen == "nl" else "Regio Deal ontology"
        return render_page(
            request, "ontology.html", lang=chosen, site_root=public_base, title=title, kinds=kinds
        )
    headers = {"Vary": "Accept", "Content-Security-Policy": ONTOLOGY_PAGE_POLICY}
    return HTMLResponse(page, headers=headers)
