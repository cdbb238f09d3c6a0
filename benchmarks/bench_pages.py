"""The /doc/ pages timed at several graph sizes, in process (issue #16: pages flat in graph size).

    python benchmarks/bench_pages.py                                   # bundled, 150 and 1,500
    python benchmarks/bench_pages.py --deals 0 150 1500 5000 --reps 15 --cache /tmp/bench-pages
    python benchmarks/bench_pages.py --deals 150 1500 5000 --on-disk --cache /tmp/bench-pages

Per graph (0 = the bundled one; N = `generate_synthetic.py --deals N`, the bundled deals cloned)
the dataset is built as the server builds it (`bundled_dataset`: the sources and the materialised
inferences) and kept as an N-Quads snapshot in `--cache` (reused by later runs); every size's store
is loaded in this one process, in memory as `regiodeal serve` holds a graph of at most
REGIODEAL_MEMORY_STORE_MAX_QUADS quads, or with `--on-disk` as RocksDB, as it holds a larger one.

Each page goes through the router's own `describe` (types query, page query, N-Triples parsed with
rdflib, context, Jinja template), with a query service that runs each query in process through the
worker's `run_job` (guard, evaluation, pyoxigraph's serialiser): no HTTP, no worker pipe. Rounds
interleave the sizes, so a busy machine slows every size alike; times are the process's CPU time
(`--wall`: wall-clock time). Per page and size the table shows
the p50 and p95 of the whole page, of each query apart and of the Python around them (the page less
its queries), the ratio of each p50 to the smallest graph's beside the goal (≤ 1.2x), and the
triples the page query returns: a deal page has the same content at every size, an organisation
or theme page lists more deals in a larger graph (the clones keep the reference organisations and
themes), so its growth in content is told apart from a growth in cost. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from pyoxigraph import RdfFormat, Store  # noqa: E402
from starlette.requests import Request  # noqa: E402

from regiodeal.linked_data.addresses import Addresses  # noqa: E402
from regiodeal.linked_data.router import describe  # noqa: E402
from regiodeal.settings import Settings  # noqa: E402
from regiodeal.sparql.service import Answer, GraphCounts, Job  # noqa: E402
from regiodeal.sparql.worker import run_job  # noqa: E402
from regiodeal.store.dataset import bundled_dataset  # noqa: E402
from regiodeal.store.manifest import StoreInfo  # noqa: E402

GOAL = 1.2  # a page at the largest graph / at the smallest (issue #16)
# CPU time of this process (every thread: the page parses in a thread pool) by default: on a
# machine shared with other work, wall-clock time mostly measures the wait for a core.
CLOCK = time.process_time
ID = "https://w3id.org/regiodeal/id/"
TOOI = "https://identifier.overheid.nl/tooi/id/"
# (name, IRI, format): format None is the HTML page.
PAGES: tuple[tuple[str, str, str | None], ...] = (
    ("deal", ID + "regiodeal/delft-west", None),
    ("deal (Turtle)", ID + "regiodeal/delft-west", "ttl"),
    ("intervention", ID + "interventie/delft-west/1.1", None),
    ("goal", ID + "doel/delft-west/1", None),
    ("document part", ID + "document/convenant-delft-west/artikel-7/lid-4", None),
    ("source document", ID + "document/convenant-delft-west", None),
    ("municipality", TOOI + "gemeente/gm0503", None),
    ("ministry", TOOI + "ministerie/mnre1171", None),
    ("theme", ID + "thema/arbeidsparticipatie", None),
    ("tranche", ID + "tranche/5", None),
    ("national programme", ID + "programma/nplv", None),
)


@dataclass
class InProcess:
    """A QueryService running each query on `store` through the worker's run_job, timed."""

    store: Store
    counts: GraphCounts = field(default_factory=GraphCounts)
    local_store: StoreInfo | None = None
    timings: list[tuple[float, int]] = field(default_factory=list)  # (ms, results) per query

    async def execute(self, query: str, accept: str | None, scope: object = None) -> Answer:
        began = CLOCK()
        answer = run_job(self.store, Job(query, accept, accept, 10**9))
        self.timings.append(((CLOCK() - began) * 1000, answer.count))
        return answer

    async def close(self) -> None:
        pass


def request_for(iri: str, fmt: str | None) -> Request:
    query = f"format={fmt}".encode() if fmt else b""
    path = "/doc/" + iri.removeprefix(ID) if iri.startswith(ID) else "/doc/organisatie"
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": [(b"accept", b"text/html"), (b"host", b"127.0.0.1:8000")],
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "root_path": "",
    }
    return Request(scope)


def snapshot(deals: int, cache: Path) -> Path:
    """The dataset of `deals` deals (0: the bundled graph) as N-Quads, built once per cache."""
    path = cache / f"snapshot-{deals}.nq"
    if path.exists():
        return path
    data = REPO / "data" / "ttl"
    if deals:
        data = cache / f"synthetic-{deals}"
        script = REPO / "benchmarks" / "generate_synthetic.py"
        args = [sys.executable, str(script), "--deals", str(deals), "--out", str(data)]
        subprocess.run(args, check=True)
    began = time.perf_counter()
    store = bundled_dataset(Settings(data_dir=data))
    store.dump(str(path), RdfFormat.N_QUADS)
    print(f"built {deals or 'bundled'}: {len(store)} quads, {time.perf_counter() - began:.0f} s")
    return path


def open_store(deals: int, cache: Path, on_disk: bool) -> Store:
    nq = snapshot(deals, cache)
    if not on_disk:
        store = Store()
        store.bulk_load(path=str(nq), format=RdfFormat.N_QUADS, lenient=True)
        return store
    directory = cache / f"rocksdb-{deals}"
    if not (directory / "done").exists():
        store = Store(str(directory))
        store.bulk_load(path=str(nq), format=RdfFormat.N_QUADS, lenient=True)
        store.optimize()
        del store
        (directory / "done").touch()
    return Store.read_only(str(directory))


Key = tuple[str, int, str]  # page, size, step


def measure(
    stores: dict[int, Store], reps: int, settings: Settings
) -> tuple[dict[Key, list[float]], dict[tuple[str, int], int]]:
    times: dict[Key, list[float]] = defaultdict(list)
    counts: dict[tuple[str, int], int] = {}
    services = {size: InProcess(store) for size, store in stores.items()}
    for round_ in range(reps + 1):  # round 0 warms up
        order = list(stores) if round_ % 2 else list(reversed(stores))
        for name, iri, fmt in PAGES:
            for size in order:
                service = services[size]
                service.timings.clear()
                request = request_for(iri, fmt)
                addresses = Addresses.for_request(request, settings)
                began = CLOCK()
                response = asyncio.run(describe(request, service, iri, addresses, fmt))
                total = (CLOCK() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{name} at {size}: HTTP {response.status_code}")
                if round_ == 0:
                    counts[(name, size)] = service.timings[-1][1]
                    continue
                times[(name, size, "page")].append(total)
                for i, (ms, _) in enumerate(service.timings):
                    step = "query" if i == len(service.timings) - 1 else f"query {i + 1}"
                    times[(name, size, step)].append(ms)
                queries = sum(ms for ms, _ in service.timings)
                times[(name, size, "python")].append(total - queries)
    return times, counts


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    times: dict[Key, list[float]], counts: dict[tuple[str, int], int], sizes: list[int]
) -> None:
    names = [f"{s or 'bundled'}" for s in sizes]
    head = " | ".join(f"{n} p50 / p95" for n in names[:1])
    rest = " | ".join(f"{n} p50 / p95 (ratio)" for n in names[1:])
    print(f"\n| page | step | {head} | {rest} | goal |")
    print("|---|---|" + "---|" * len(sizes) + "---|")
    for name, _, _ in PAGES:
        steps = sorted({k[2] for k in times if k[0] == name}, key=lambda s: (s != "page", s))
        for step in steps:
            base = statistics.median(times[(name, sizes[0], step)])
            cells = []
            for size in sizes:
                values = times[(name, size, step)]
                mid = statistics.median(values)
                cell = f"{mid:.1f} / {p(values, 0.95):.1f} ms"
                if size != sizes[0]:
                    cell += f" ({mid / base:.2f}x)"
                cells.append(cell)
            goal = f"≤ {GOAL}x" if step in ("page", "query") else ""
            print(f"| {name} | {step} | " + " | ".join(cells) + f" | {goal} |")
        triples = " / ".join(str(counts[(name, size)]) for size in sizes)
        print(f"| {name} | results of the page query | {triples} |" + " |" * (len(sizes) - 1))
        # The page's p50 per result of its page query, as a ratio to the smallest graph's: flat
        # where the page grows only with what it shows.
        first = statistics.median(times[(name, sizes[0], "page")]) / max(
            1, counts[(name, sizes[0])]
        )
        per = [
            statistics.median(times[(name, size, "page")]) / max(1, counts[(name, size)]) / first
            for size in sizes[1:]
        ]
        ratios = " | ".join(f"({r:.2f}x)" for r in per)
        print(f"| {name} | page per result | 1 | {ratios} | ≤ {GOAL}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, nargs="+", default=[0, 150, 1500], help="0: bundled")
    parser.add_argument("--reps", type=int, default=11, help="timed rounds (after one warm-up)")
    parser.add_argument("--cache", type=Path, help="where snapshots are kept (default: a tmp dir)")
    parser.add_argument("--on-disk", action="store_true", help="RocksDB stores instead of memory")
    parser.add_argument("--only", nargs="*", help="page names to time (default: all)")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = parser.parse_args()
    global PAGES, CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    if args.only:
        PAGES = tuple(page for page in PAGES if page[0] in args.only)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="regiodeal-pages-"))
    cache.mkdir(parents=True, exist_ok=True)
    stores = {size: open_store(size, cache, args.on_disk) for size in args.deals}
    for size, store in stores.items():
        print(f"{size or 'bundled'}: {len(store)} quads", file=sys.stderr)
    times, counts = measure(stores, args.reps, Settings())
    report(times, counts, args.deals)


if __name__ == "__main__":
    main()
