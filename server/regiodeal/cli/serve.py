"""`regiodeal serve`: run the SPARQL endpoint, named-query API and query page with uvicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from regiodeal.cli.common import preformatted_parser
from regiodeal.settings import Settings

HELP = """\
Serve the graph (ontology/ + data/ttl/, plus materialised RDFS/OWL inferences) over HTTP:
  /sparql            SPARQL 1.1 Protocol (query only; service description without a query)
  /api/queries       the named queries of queries/*.rq as a typed API (OpenAPI at /openapi.json)
  /                  YASGUI query page

Every setting is also an environment variable (command-line options win):
  REGIODEAL_HOST, REGIODEAL_PORT            listen address (127.0.0.1:8000)
  REGIODEAL_ONTOLOGY_DIR, REGIODEAL_DATA_DIR  where the Turtle (also .nt/.nq/.trig) files are
  REGIODEAL_QUERIES_DIR                     named queries (*.rq)
  REGIODEAL_STORE_DIR                       on-disk store, reused while sources are unchanged
  REGIODEAL_QUERY_TIMEOUT                   seconds per query before its worker is killed (10)
  REGIODEAL_QUERY_WORKERS                   query worker processes (2)
  REGIODEAL_MAX_RESULT_ROWS                 rows/triples before truncation (10000)
  REGIODEAL_MAX_REQUEST_BYTES               largest request body / query string (1000000)
  REGIODEAL_FEDERATION_ALLOW_LIST           JSON list of IRI prefixes allowed in SERVICE / FROM
  REGIODEAL_CORS_ORIGINS                    JSON list of allowed CORS origins (["*"])
  REGIODEAL_STORE                           embedded, or sparql+http(s)://host:port/path of an
                                            external SPARQL 1.1 store (docs/external-store.md)
  REGIODEAL_STORE_DEFAULT_GRAPH             graph sent as default-graph-uri to that store
"""


def register(subparsers: argparse._SubParsersAction) -> None:
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


def run(args: argparse.Namespace) -> int:
    import uvicorn  # imported here so other sub-commands do not pay for it

    from regiodeal.app import create_app

    try:
        settings = settings_from_args(args)
    except ValidationError as exc:  # e.g. a --store that is no store URL: say so, no traceback
        print(f"regiodeal serve: {exc}", file=sys.stderr)
        return 2
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0
