"""Validating one new deal does not get slower as the published graph grows.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 1000 3000] [--runs 5] [--whole 25 50]

Builds synthetic published graphs of N deals (copies of the complete test deal in
tests/shapes/valid/signed-covenant.ttl under new IRIs and titles), indexes each once
(`PublishedContext.build`) and times `validate_files` on the example deal from
examples/new-deal.yaml. `--whole` also times pySHACL on a whole synthetic graph, for contrast.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef

from regiodeal.authoring.template import deal_turtle
from regiodeal.namespaces import RD
from regiodeal.settings import REPO_ROOT, get_settings
from regiodeal.store.files import parse_files
from regiodeal.validation import PublishedContext, validate_files
from regiodeal.validation.context import reference_files
from regiodeal.validation.shapes import load_shapes

TEMPLATE = REPO_ROOT / "tests" / "shapes" / "valid" / "signed-covenant.ttl"
FIXTURE = REPO_ROOT / "tests" / "shapes" / "context" / "published.ttl"


def synthetic_graph(deals: int) -> Graph:
    """`deals` copies of the template deal, each with its own IRIs and citation title."""
    template = Graph().parse(TEMPLATE, format="turtle")
    graph = Graph().parse(FIXTURE, format="turtle")  # the documents the deals cite
    for i in range(deals):
        for s, p, o in template:
            if p == RD.fundingSource:
                continue  # 1,000 deals of 10 million would (rightly) exceed the Regio Envelop
            s, o = _renamed(s, i), _renamed(o, i)
            if p == RD.citationTitle:
                o = Literal(f"Regio Deal Synthetisch {i}")
            graph.add((s, p, o))
    return graph


def _renamed(term, i: int):  # type: ignore[no-untyped-def]  # any rdflib term
    if isinstance(term, URIRef) and "test-deal" in term:
        return URIRef(str(term).replace("test-deal", f"synth-{i}"))
    return term


def time_one_deal(context: PublishedContext, deal: Path, runs: int) -> float:
    validate_files([deal], context)  # warm-up: shapes parsed, queries prepared
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = validate_files([deal], context)
        times.append(time.perf_counter() - start)
    assert report.conforms, [f.text("message", "en") for f in report.violations]
    return statistics.median(times)


def time_whole_graph(deals: int) -> float:
    data = synthetic_graph(deals)
    data += parse_files(reference_files(get_settings()))
    start = time.perf_counter()
    pyshacl.validate(
        data,
        shacl_graph=load_shapes(get_settings().shapes_dir),
        inference="none",
        allow_warnings=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--whole", type=int, nargs="*", default=[])
    args = parser.parse_args()
    reference = parse_files(reference_files(get_settings()))
    with tempfile.TemporaryDirectory() as tmp:
        deal = Path(tmp) / "new-deal.ttl"
        deal.write_text(deal_turtle(REPO_ROOT / "examples" / "new-deal.yaml"), encoding="utf-8")
        header = ("published deals", "triples", "build s", "index s", "one deal s")
        print("{:>16} {:>10} {:>8} {:>8} {:>11}".format(*header))
        for size in args.sizes:
            start = time.perf_counter()
            published = synthetic_graph(size)
            built = time.perf_counter() - start
            start = time.perf_counter()
            context = PublishedContext.build(reference, published)
            indexed = time.perf_counter() - start
            one = time_one_deal(context, deal, args.runs)
            print(f"{size:>16,} {len(published):>10,} {built:>8.1f} {indexed:>8.2f} {one:>11.3f}")
    for size in args.whole:
        print(f"whole-graph pySHACL, {size} deals: {time_whole_graph(size):.1f} s")


if __name__ == "__main__":
    main()
