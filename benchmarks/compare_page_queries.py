"""Old and new page queries side by side: the same triples for every page compared (issue #16).

    python benchmarks/compare_page_queries.py --old a1b63dc --snapshot CACHE/snapshot-0.nq
    python benchmarks/compare_page_queries.py --old a1b63dc --snapshot CACHE/snapshot-1500.nq \
        --every 50

The page queries of `server/regiodeal/linked_data/` at git revision `--old` are loaded beside the
working tree's and both are run on one store (an N-Quads snapshot as `bench_pages.py --cache
CACHE` keeps them), through the worker's `run_job` like the server. For every deal (the deal
page's CONSTRUCT), every intervention, goal and document or document part (every `--every`-th
of each kind on a large graph), every organisation a deal names and every theme, the two results are
compared as sets of triples (a CONSTRUCT result is a bag, and the page reads it into a set); a
difference is printed and makes the exit status 1. The counts compared are printed per kind.
With `--contexts` the page contexts built from both results (what the template renders, in its
order) are compared as well: the HTML differs only in the query the page links to.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from pyoxigraph import RdfFormat, Store  # noqa: E402

from regiodeal.linked_data.addresses import Addresses  # noqa: E402
from regiodeal.linked_data.graph_queries import _parse_ntriples  # noqa: E402
from regiodeal.sparql.service import Job  # noqa: E402
from regiodeal.sparql.worker import run_job  # noqa: E402

BASE = "https://w3id.org/regiodeal/"
NT = "application/n-triples"
JSON = "application/sparql-results+json"
MODULES = ("graph_queries", "part_page", "resource_page", "organisation_page", "theme_page")


def old_modules(ref: str) -> dict[str, ModuleType]:
    """The page modules at `ref`, importable as old_linked_data.* next to the current ones."""
    root = Path(tempfile.mkdtemp(prefix="old-pages-"))
    package = root / "old_linked_data"
    package.mkdir()
    (package / "__init__.py").write_text("")
    names = [*MODULES, "addresses", "presentation"]
    for name in names:
        path = f"server/regiodeal/linked_data/{name}.py"
        text = subprocess.run(
            ["git", "show", f"{ref}:{path}"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
        (package / f"{name}.py").write_text(
            text.replace("regiodeal.linked_data.", "old_linked_data.")
        )
    sys.path.insert(0, str(root))
    return {name: importlib.import_module(f"old_linked_data.{name}") for name in MODULES}


def new_modules() -> dict[str, ModuleType]:
    return {name: importlib.import_module(f"regiodeal.linked_data.{name}") for name in MODULES}


def answer(store: Store, query: str) -> bytes:
    result = run_job(store, Job(query, None, NT, 10**9))
    if result.status != 200:
        raise SystemExit(f"query failed ({result.status}): {result.body[:300]!r}")
    return result.body


def triples(body: bytes) -> set[str]:
    return {line for line in body.decode().splitlines() if line.strip()}


def context(kind: str, body: bytes, iri: str) -> str:
    """The page context built from a result, as text (its order included)."""
    from rdflib import URIRef

    from regiodeal.linked_data import (
        deal_page,
        organisation_page,
        part_page,
        resource_page,
        theme_page,
    )

    build = {
        "deal": deal_page.deal_context,
        "intervention": resource_page.resource_context,
        "goal": resource_page.resource_context,
        "document or part": part_page.part_context,
        "organisation": organisation_page.organisation_context,
        "theme": theme_page.theme_context,
    }[kind]
    addresses = Addresses(BASE, "http://127.0.0.1:8000/", "nl")
    built = build(_parse_ntriples(body), URIRef(iri), addresses)
    built.pop("citation", None)  # a function, not content
    return repr(built)


def iris(store: Store, where: str) -> list[str]:
    query = f"SELECT DISTINCT ?x WHERE {{ {where} FILTER isIRI(?x) }} ORDER BY ?x"
    return [row["x"].value for row in store.query(query)]  # type: ignore[union-attr]


def kinds(m: dict[str, ModuleType]) -> dict[str, tuple[str, Callable[[str], str]]]:
    """Per kind of page: which resources, and the page query for one of them."""
    gq, part, res, org, theme = (m[name] for name in MODULES)
    rd = "https://w3id.org/regiodeal/def#"
    return {
        "deal": (f"?x a <{rd}RegioDeal>", lambda i: gq.neighbourhood_query(i, BASE)),
        "intervention": (f"?x a <{rd}Intervention>", lambda i: res.resource_query(i, BASE)),
        "goal": (f"?x a <{rd}Goal>", lambda i: res.resource_query(i, BASE)),
        "document or part": (
            f"{{ ?x a <{rd}SourceDocument> }} UNION {{ ?x a <{rd}DocumentPart> }}",
            lambda i: part.part_query(i, BASE),
        ),
        "organisation": (
            f"?d a <{rd}RegioDeal> . VALUES ?role {{ <{rd}ministryParty> <{rd}fundingProvider> "
            f"<{rd}regionalParty> <{rd}regiokassier> <{rd}partner> }} ?d ?role ?x",
            lambda i: org.organisation_query(i, BASE),
        ),
        "theme": (f"?i <{rd}theme> ?x", lambda i: theme.theme_query(i)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision of the old queries")
    parser.add_argument("--snapshot", type=Path, required=True, help="N-Quads of the dataset")
    parser.add_argument("--every", type=int, default=1, help="compare every n-th page but deals")
    parser.add_argument("--only", nargs="*", help="kinds to compare (default: all)")
    parser.add_argument("--contexts", action="store_true", help="compare the page contexts too")
    args = parser.parse_args()
    store = Store()
    store.bulk_load(path=str(args.snapshot), format=RdfFormat.N_QUADS, lenient=True)
    old, new = kinds(old_modules(args.old)), kinds(new_modules())
    failed = False
    for kind, (where, new_query) in new.items():
        if args.only and kind not in args.only:
            continue
        chosen = iris(store, where)
        if kind != "deal":
            chosen = chosen[:: args.every]
        total, different = 0, 0
        for iri in chosen:
            old_body, new_body = answer(store, old[kind][1](iri)), answer(store, new_query(iri))
            before, after = triples(old_body), triples(new_body)
            total += len(after)
            if args.contexts and context(kind, old_body, iri) != context(kind, new_body, iri):
                different += 1
                print(f"DIFFERENT {kind} <{iri}>: the page contexts")
            elif before != after:
                different += 1
                print(f"DIFFERENT {kind} <{iri}>: {len(before)} old, {len(after)} new")
                for line in sorted(before - after)[:5]:
                    print("  only old:", line)
                for line in sorted(after - before)[:5]:
                    print("  only new:", line)
        failed = failed or different > 0
        print(f"{kind}: {len(chosen)} pages compared, {total} distinct triples, {different} differ")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
