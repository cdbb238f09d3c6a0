"""Benchmark: the query guards stay linear on adversarial input (issue #10).

    .venv/bin/python benchmarks/bench_guard.py [--size 1000000]

Each input is about `--size` bytes of a pattern built to trigger backtracking in a regex
tokenizer (the guard before issue #10 took 1-3 s on 16 kB of `a.a.a.…`, about an hour on 1 MB).
Prints the best of three runs (CPU time of this process, so that other load on the machine
counts less) for the query guard and the forwarding guard, with the goal.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable

from regiodeal.sparql.forwarding_guard import check_forwardable
from regiodeal.sparql.guard import QueryRefused, check_query, fetched_iris
from regiodeal.sparql.lexer import MARKS, MAX_MARKS

GOAL_MS = 50.0
PATTERNS = {
    "a.a.a.": "a.",
    "a:a:a:": "a:",
    "SERVICE×n": "SERVICE",
    "SERVICE<×n": "SERVICE<",
    "SERVICE #\\n×n": "SERVICE #\n",
    "'''x×n": "'''x",
    '"x×n': '"x',
    "<?a)×n": "<?a)",
    "PREFIX p: ×n": "PREFIX p: ",
    "\\u0041×n": "\\u0041",
    "x:SERVICE×n": "x:SERVICE",
    "1SERVICE×n": "1SERVICE",
}


def _timed(check: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        fetched_iris.cache_clear()
        started = time.process_time()
        with contextlib.suppress(QueryRefused):
            check(text)
        best = min(best, time.process_time() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per input (1 MB)")
    args = parser.parse_args()
    calibration = _timed(str.upper, "a" * args.size)  # about 0.5 ms on a quiet machine
    print(f"calibration: str.upper of {args.size:,} bytes takes {calibration:.2f} ms here")
    print(f"| input ({args.size:,} bytes) | query guard ms | forwarding guard ms | goal |")
    print("|---|---|---|---|")
    for name, unit in PATTERNS.items():
        for text, label in _inputs(unit, args.size):
            _row(f"{name}{label}", text)


def _inputs(unit: str, size: int) -> list[tuple[str, str]]:
    """The unit repeated to `size`, and (if that has more marks than the guards read) repeated
    up to MAX_MARKS and padded with plain text to `size`: the worst input the guards still read."""
    head, tail = "SELECT * WHERE { ", " }"
    dense = head + unit * (size // len(unit)) + tail
    marks = sum(unit.count(mark) for mark in MARKS)
    if not marks or marks * (size // len(unit)) <= MAX_MARKS:
        return [(dense, "")]
    units = MAX_MARKS // marks
    padding = "a " * ((size - units * len(unit)) // 2)
    return [(dense, ""), (head + unit * units + padding + tail, f" at {MAX_MARKS:,} marks")]


def _row(name: str, text: str) -> None:
    guard = _timed(lambda t: check_query(t, [], set(), "http://localhost/sparql"), text)
    forwarding = _timed(check_forwardable, text)
    verdict = "ok" if max(guard, forwarding) < GOAL_MS else "MISSED"
    print(f"| `{name}` | {guard:.1f} | {forwarding:.1f} | < {GOAL_MS:g} ms {verdict} |")


if __name__ == "__main__":
    main()
