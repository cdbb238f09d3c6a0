"""Validating one new deal does not get slower as the published graph grows, and only linearly
slower as the deal itself grows.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 1000 3000] [--runs 5] [--whole 25 50]
    .venv/bin/python benchmarks/bench_validate.py --sizes --lines 250 1000 10000

Builds synthetic published graphs of N deals (copies of the complete test deal in
tests/shapes/valid/signed-covenant.ttl under new IRIs and titles), indexes each once
(`PublishedContext.build`) and times `validate_files` on the example deal from
examples/new-deal.yaml. `--whole` also times pySHACL on a whole synthetic graph, for contrast.
`--lines` times `validate_files` (reading included) on the signed test deal with that many budget
lines (tests/validation/budget.py); the goal is linear cost, 10,000 lines in under 10 s. CPU
seconds are printed beside wall-clock seconds: the machine may be shared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
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
GOAL_S_PER_LINE = 10.0 / 10_000  # 10,000 budget lines in under 10 s, and linear
sys.path.insert(0, str(REPO_ROOT / "tests"))  # the tests' generator of budget deals
from validation.budget import budget_deal  # noqa: E402  # needs the path above


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


def time_budget_lines(reference: Graph, counts: list[int], tmp: Path) -> None:
    """One validation per count, reading included: the deal's own size is what grows."""
    context = PublishedContext.build(reference, Graph().parse(FIXTURE, format="turtle"))
    validate_files([TEMPLATE], context)  # warm-up: shapes parsed, queries prepared
    print("{:>12} {:>9} {:>8} {:>8} {:>8} {:>9}".format(*LINE_HEADER))
    for lines in counts:
        deal = budget_deal(lines)
        path = tmp / f"budget-{lines}.ttl"
        path.write_text(deal.serialize(format="turtle"), encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        report = validate_files([path], context)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert report.conforms and not report.findings, report.findings[:3]
        goal = f"< {lines * GOAL_S_PER_LINE:g} s"
        size = f"{path.stat().st_size // 1000:,} kB"
        print(f"{lines:>12,} {size:>9} {len(deal):>8,} {wall:>8.1f} {cpu:>8.1f} {goal:>9}")


LINE_HEADER = ("budget lines", "input", "triples", "wall s", "cpu s", "goal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--whole", type=int, nargs="*", default=[])
    parser.add_argument("--lines", type=int, nargs="*", default=[], help="budget lines per deal")
    args = parser.parse_args()
    reference = parse_files(reference_files(get_settings()))
    with tempfile.TemporaryDirectory() as tmp:
        if args.lines:
            time_budget_lines(reference, args.lines, Path(tmp))
        deal = Path(tmp) / "new-deal.ttl"
        deal.write_text(deal_turtle(REPO_ROOT / "examples" / "new-deal.yaml"), encoding="utf-8")
        header = ("published deals", "triples", "build s", "index s", "one deal s")
        if args.sizes:
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
