"""`regiodeal serve`: run the SPARQL endpoint, named-query API and query page with uvicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regiodeal.cli.common import preformatted_parser

if TYPE_CHECKING:
    from regiodeal.settings import Settings

HELP = """\
Serve the graph (ontology/ + data/ttl/, plus materialised RDFS/OWL inferences) over HTTP, by
default at http://127.0.0.1:8000/ (change it with --host/--port or REGIODEAL_HOST/_PORT):
  /sparql            SPARQL 1.1 Protocol (query only; service description without a query)
  /api/queries       the named queries of queries/*.rq as a typed API: /api/queries/{name}
  /                  YASGUI query page (?lang=en); every tab queries /sparql (?format=/output=
                     json|xml|csv|tsv|turtle|... override Accept, as Fuseki/Virtuoso take them)
  /zoeken, /search   full-text search (HTML, or ?format=json) over deals, organisations, themes…
  /dataset           the dataset's landing page: licence, last change, downloads, CSV/XLSX tables
  /def               the ontology (pyLODE HTML, or Turtle/JSON-LD/RDF-XML by Accept/?format=)
  /favicon.ico       the site's icon
  /docs, /redoc      the API documentation of /openapi.json (Swagger UI, ReDoc; served from here)
  /id/{path}         every IRI under {base_uri}id/: 303 See Other to /doc/{path}
  /doc/{path}        the resource's page, or its RDF (Accept, or ?format=ttl|jsonld|nt|rdf)
  /doc/              index of the deals (also /doc and /doc/regiodeal); ?lang=en, filters
                     ?tranche= &status= &provincie= &ministerie= &thema=, ?format=csv|xlsx
  /doc/organisatie   an organisation or ministry by its TOOI IRI (?iri=...); without ?iri= the
                     index of organisations with their deals per role
  /doc/ministerie, /doc/thema, /doc/programma, /doc/tranche, /doc/document
                     index pages of ministries, themes, programmes and NPLV focus areas, tranches,
                     source documents: ?sort= &order= , filters, ?format=csv|xlsx
  /doc/koppelingen   per kind of organisation: how many have a TOOI IRI, CBS code, Wikidata link
  /overzicht, /overview  the programme in charts (SVG), each with its data table and query
  /catalog           DCAT-AP-NL catalogue (a browser gets /dataset); /.well-known/void: VoID
  /download/{name}   dumps: regiodeal.ttl, regiodeal.nq, regiodeal.trig, regiodeal.jsonld
  /context.jsonld    JSON-LD context of the vocabulary
  /api/validate      POST a deal (YAML template, Turtle or JSON-LD): its validation report
  /validate          upload a deal, get a worklist; /validate/rules lists every rule,
                     /validate/guide is the officials' guide (docs/handleiding-validatie.md),
                     /validate/template the YAML template it starts from
  /static/           style sheets and scripts of the pages

Every setting is also an environment variable (command-line options win):
  REGIODEAL_HOST, REGIODEAL_PORT            listen address (127.0.0.1:8000)
  REGIODEAL_ONTOLOGY_DIR, REGIODEAL_DATA_DIR  where the Turtle (also .nt/.nq/.trig) files are
  REGIODEAL_QUERIES_DIR                     named queries (*.rq)
  REGIODEAL_STORE_DIR                       on-disk store, reused while sources are unchanged
  REGIODEAL_QUERY_TIMEOUT                   seconds per query before its worker is killed (10)
  REGIODEAL_QUERY_WORKERS                   query worker processes (2)
  REGIODEAL_MAX_RESULT_ROWS                 rows/triples before truncation (10000)
  REGIODEAL_MAX_REQUEST_BYTES               largest request body / query string (1000000)
  REGIODEAL_MEMORY_STORE_MAX_QUADS          graphs up to this many quads are held in memory by
                                            every query worker (~330 bytes/quad each); larger
                                            ones are read from RocksDB on disk (2000000; 0: disk)
  REGIODEAL_QUERY_MEMORY_MB                 memory (heap) per query worker in MB; a query needing
                                            more is stopped with 507 and its worker replaced
                                            (1024; 0 = no limit, else at least 256)
  REGIODEAL_MAX_RESPONSE_BYTES              largest answer body: rows/triples past it are left out
                                            (X-Regiodeal-Truncated); 507 if not even the first
                                            one fits (20000000)
  REGIODEAL_ACCESS_LOG                      log a line per request (false: off the hot path)
  REGIODEAL_FEDERATION_ALLOW_LIST           JSON list of IRI prefixes allowed in SERVICE / FROM
  REGIODEAL_CORS_ORIGINS                    JSON list of allowed CORS origins (["*"])
  REGIODEAL_READ_TIMEOUT                    seconds a client has to send a request's line and
                                            headers, and again its body; slower is 408 (30)
  REGIODEAL_ALLOWED_HOSTS                   JSON list of Host header names answered (others get
                                            400), "*" for any; default: localhost, 127.0.0.1, ::1,
                                            the listen host and the host of the public base URL
  REGIODEAL_PUBLIC_BASE_URL                 this server's public address (behind a proxy), used
                                            in page links and redirects instead of the Host header
  REGIODEAL_STORE                           embedded, or sparql+http(s)://host:port/path of an
                                            external SPARQL 1.1 store (docs/external-store.md)
  REGIODEAL_STORE_DEFAULT_GRAPH             graph sent as default-graph-uri to that store
  REGIODEAL_STORE_MAX_RESPONSE_BYTES        largest answer taken from that store; larger is 502
                                            (100000000)
  REGIODEAL_STORE_USER, REGIODEAL_STORE_PASSWORD  credentials (regiodeal load only)
Validation over HTTP (/api/validate, /validate; docs/publishing.md):
  REGIODEAL_VALIDATION_MAX_BYTES            largest uploaded deal; larger is 413 (1000000)
  REGIODEAL_VALIDATION_CONCURRENCY          validations running at once; others wait (2)
  REGIODEAL_VALIDATION_TIMEOUT              seconds before the client gets a 503 (60)
  REGIODEAL_VALIDATION_MEMORY_MB            memory (heap) per validation worker in MB beyond its
                                            context; an input needing more gets 507 and the
                                            worker is replaced (2048; 0 = no limit)
  REGIODEAL_VALIDATION_LANG                 language of report messages: nl or en (nl)
  REGIODEAL_JSONLD_CONTEXT_ALLOWLIST        JSON object: remote JSON-LD context URL -> local
                                            file; any other remote context is refused
  REGIODEAL_SHAPES_DIR                      SHACL shapes (shapes/)
Graph and publishing:
  REGIODEAL_BASE_URI                        IRI base of the graph (https://w3id.org/regiodeal/)
  REGIODEAL_SEEDS_DIR                       plain-text source documents (data/seeds/)
  REGIODEAL_REFERENCE_DATE                  YYYY-MM-DD at which the inferred graph computes each
                                            deal's current status (an end date before it: ended);
                                            default the day the store is built
  REGIODEAL_DOWNLOADS_DIR                   where the dumps are written (downloads/ in the store)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = preformatted_parser(subparsers, "serve", "run the SPARQL endpoint and query UI", HELP)
    parser.add_argument("--host", help="listen address (REGIODEAL_HOST)")
    parser.add_argument("--port", type=int, help="listen port (REGIODEAL_PORT)")
    parser.add_argument(
        "--store-dir", type=Path, help="persistent store directory (REGIODEAL_STORE_DIR)"
    )
    parser.add_argument(
        "--workers", type=int, help="query worker processes (REGIODEAL_QUERY_WORKERS)"
    )
    parser.add_argument("--timeout", type=float, help="query timeout, s (REGIODEAL_QUERY_TIMEOUT)")
    parser.add_argument(
        "--store", help="embedded or sparql+http://host:port/path (REGIODEAL_STORE)"
    )
    parser.add_argument(
        "--default-graph",
        help="with an external store: default-graph-uri for queries naming no graph "
        "(REGIODEAL_STORE_DEFAULT_GRAPH)",
    )
    parser.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    from regiodeal.settings import Settings

    overrides = {
        "host": args.host,
        "port": args.port,
        "store_dir": args.store_dir,
        "query_workers": args.workers,
        "query_timeout": args.timeout,
        "store": args.store,
        "store_default_graph": args.default_graph,
    }
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _log_progress() -> None:
    """regiodeal's own INFO lines (e.g. the dumps written after start-up) beside uvicorn's."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("regiodeal")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def run(args: argparse.Namespace) -> int:
    import uvicorn  # imported here so other sub-commands do not pay for it
    from pydantic import ValidationError

    from regiodeal.app import create_app
    from regiodeal.http_protocol import uvicorn_options

    try:
        settings = settings_from_args(args)
    except ValidationError as exc:  # e.g. a --store that is no store URL: say so, no traceback
        print(f"regiodeal serve: {exc}", file=sys.stderr)
        return 2
    _log_progress()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        **uvicorn_options(settings),  # read timeout, 414/431 for an oversized request head
    )
    return 0
