"""`regiodeal load`: put the bundled graph into an external SPARQL 1.1 store (see store.upload)."""

from __future__ import annotations

import argparse
import sys
import time

import httpx

from regiodeal.cli.common import preformatted_parser
from regiodeal.settings import Settings
from regiodeal.store.dataset import bundled_dataset
from regiodeal.store.upload import (
    HELP,
    Uploader,
    UploadError,
    graphs_to_load,
    upload,
)


def _auth(args: argparse.Namespace, settings: Settings) -> httpx.Auth | None:
    user = args.user or settings.store_user
    password = args.password or settings.store_password
    if not user:
        return None
    if args.auth == "basic":
        return httpx.BasicAuth(user, password or "")
    return httpx.DigestAuth(user, password or "")  # Virtuoso's *-auth endpoints use digest


def _url(value: str) -> str:
    return value.removeprefix("sparql+")  # accept the --store spelling as well


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    target = args.graph or f"{settings.base_uri}graph/all"
    started = time.monotonic()
    print("building the dataset (sources + inferences) ...", flush=True)
    graphs = graphs_to_load(bundled_dataset(settings), target, args.named_graphs)
    total = sum(len(g.triples) for g in graphs)
    print(f"{len(graphs)} graphs, {total} triples", flush=True)
    uploader = Uploader(_url(args.to), args.gsp and _url(args.gsp), _auth(args, settings))
    try:
        mismatches = upload(uploader, graphs, args.chunk)
    except (UploadError, httpx.HTTPError) as exc:
        print(f"regiodeal load: {exc}", file=sys.stderr)
        return 1
    finally:
        uploader.client.close()
    print(
        f"done in {time.monotonic() - started:.1f} s; serve with "
        f"--store sparql+{_url(args.to)} --default-graph {target}",
        flush=True,
    )
    return 1 if mismatches else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = preformatted_parser(
        subparsers, "load", "load the graph (with inferences) into an external SPARQL store", HELP
    )
    parser.add_argument(
        "--to",
        required=True,
        help="the store's SPARQL endpoint (query; also SPARQL Update unless --gsp is given)",
    )
    parser.add_argument("--graph", help="graph IRI for the whole graph ({base_uri}graph/all)")
    parser.add_argument(
        "--gsp",
        help="Graph Store HTTP Protocol endpoint, e.g. Virtuoso's "
        "http://HOST:8890/sparql-graph-crud-auth",
    )
    parser.add_argument("--user", help="user for the write endpoint (REGIODEAL_STORE_USER)")
    parser.add_argument("--password", help="password (REGIODEAL_STORE_PASSWORD)")
    parser.add_argument(
        "--auth",
        choices=("digest", "basic"),
        default="digest",
        help="HTTP authentication scheme (digest)",
    )
    parser.add_argument("--chunk", type=int, default=5000, help="triples per request (5000)")
    parser.add_argument(
        "--named-graphs",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also load one named graph per source file and …/graph/inferred",
    )
    parser.set_defaults(func=run)
