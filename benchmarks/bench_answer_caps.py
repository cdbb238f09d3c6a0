"""Benchmark: what the response byte cap (REGIODEAL_MAX_RESPONSE_BYTES) costs the worker's writers.

    PYTHONPATH=server .venv/bin/python benchmarks/bench_answer_caps.py [--rows 10000] [--reps 7]

On the bundled graph (ontology/ + data/ttl/, no inferences), the first `--rows` solutions of
`SELECT * { ?s ?p ?o }` and triples of `CONSTRUCT WHERE { ?s ?p ?o }`, already in memory:
- SELECT: `results.write_select` with both caps (rows measured one by one as they are written)
  against the same row writers joined and encoded once (how the body was written before the cap);
- CONSTRUCT: `results.write_graph` with both caps (triples gathered and measured as N-Triples a
  chunk at a time, then serialised) against one plain `results.graph` call.
`--reps` back-to-back pairs: best time of each, and the median of the pairs' ratios (robust on a
busy machine); prints a table with the goal beside each ratio. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from pyoxigraph import RdfFormat, Store, parse

from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.store.files import turtle_files

BYTE_CAP = Settings().max_response_bytes
GOALS = {"select": 1.15, "graph": 2.5}  # capped / uncapped, at most


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def compare(plain: Callable[[], object], capped: Callable[[], object], reps: int) -> tuple:
    """Best times (ms) of each and the median ratio of back-to-back pairs (robust to load)."""
    pairs = [(timed(plain), timed(capped)) for _ in range(reps)]
    best_plain = min(p for p, _ in pairs) * 1000
    best_capped = min(c for _, c in pairs) * 1000
    return best_plain, best_capped, statistics.median(c / p for p, c in pairs)


def load() -> Store:
    store = Store()
    for path in turtle_files():
        store.extend(parse(path=str(path), format=RdfFormat.TURTLE, base_iri=path.as_uri()))
    return store


def uncapped_select(media_type: str, variables: list[str], rows: list[list]) -> bytes:
    writer = results._ROW_WRITERS[media_type](variables)
    return (writer.head + "".join(writer.row(row) for row in rows) + writer.tail).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    store = load()
    solutions = store.query(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {args.rows}")
    variables = [v.value for v in solutions.variables]
    rows = [[s[i] for i in range(len(variables))] for s in solutions]
    triples = list(store.query(f"CONSTRUCT WHERE {{ ?s ?p ?o }} LIMIT {args.rows}"))
    print(f"{len(rows)} rows, {len(triples)} triples; byte cap {BYTE_CAP}\n")
    print("| format | uncapped (ms) | capped (ms) | median ratio | goal |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for media_type in results.TABULAR_TYPES:
        plain, capped, ratio = compare(
            lambda m=media_type: uncapped_select(m, variables, rows),
            lambda m=media_type: results.write_select(m, variables, rows, args.rows, BYTE_CAP),
            args.reps,
        )
        row(media_type, plain, capped, ratio, GOALS["select"])
    for media_type in results.GRAPH_TYPES:
        plain, capped, ratio = compare(
            lambda m=media_type: results.graph(m, triples),
            lambda m=media_type: results.write_graph(m, iter(triples), args.rows, BYTE_CAP),
            args.reps,
        )
        row(media_type, plain, capped, ratio, GOALS["graph"])


def row(media_type: str, plain: float, capped: float, ratio: float, goal: float) -> None:
    verdict = "ok" if ratio <= goal else "OVER"
    print(f"| {media_type} | {plain:.1f} | {capped:.1f} | {ratio:.2f}x | <= {goal}x {verdict} |")


if __name__ == "__main__":
    main()
