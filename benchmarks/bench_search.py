"""Search latency: p50/p95 of SearchIndex.search over the bundled graph and over a synthetic graph
of N deals (labels built from place names and words of the real data, so trigrams collide as in
real text). Run: PYTHONPATH=server python benchmarks/bench_search.py [--deals 15000]."""

from __future__ import annotations

import argparse
import random
import statistics
import time

from regiodeal.search.build import search_query
from regiodeal.search.index import Entry, SearchIndex, entries_from_rows
from regiodeal.settings import get_settings
from regiodeal.store.dataset import bundled_dataset

QUERIES = (
    "delft",
    "delfd west",
    "Twnete",
    "arbeidsmarkt",
    "binnenlandse zaken",
    "wonen",
    "zu",
    "brede welvaart",
    "Rotterdam-Zuid",
    "leerecosysteem",
)
RD = "https://w3id.org/regiodeal/def#"


def bundled_entries() -> list[Entry]:
    store = bundled_dataset(get_settings())
    rows = []
    for solution in store.query(search_query(0, 10**7)):
        row = {k: solution[k].value for k in ("s", "type", "p", "text", "lang") if solution[k]}
        rows.append(row)
    return entries_from_rows(rows)


def synthetic_entries(real: list[Entry], deals: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    words = sorted(
        {w for e in real for names in e.names.values() for n in names for w in n.split()}
    )
    texts = [t for e in real for t in e.texts] or ["tekst"]
    made = []
    for n in range(deals):
        name = "Regio Deal " + " ".join(rng.sample(words, 2)) + f" {n}"
        made.append(
            Entry(
                f"https://example.org/id/regiodeal/s{n}",
                {RD + "RegioDeal"},
                {"nl": [name]},
                [rng.choice(texts)],
            )
        )
    return real + made


def measure(index: SearchIndex, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=15000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    real = bundled_entries()
    for name, entries in (
        ("bundled", real),
        (f"synthetic {args.deals}", synthetic_entries(real, args.deals)),
    ):
        index = SearchIndex()
        start = time.perf_counter()
        index.add(entries)
        built = time.perf_counter() - start
        p50, p95 = measure(index, args.rounds)
        print(
            f"{name}: {index.size} entries, built in {built:.2f} s; "
            f"p50 {p50:.2f} ms, p95 {p95:.2f} ms"
        )


if __name__ == "__main__":
    main()
