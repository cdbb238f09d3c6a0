"""regiodeal serve side by side with a bare FastAPI app on an in-memory pyoxigraph store.

    python benchmarks/bench_server.py                         # bundled graph + 1,500 deals
    python benchmarks/bench_server.py --deals 0 150 1500 --rounds 15 --seconds 5
    python benchmarks/bench_server.py --deals 0 --rdflib      # with rdflib-endpoint (slow)
    python benchmarks/bench_server.py --existing /tmp/st15k /tmp/syn15k --workers 1 \
        --memory-max-quads 20000000 --rounds 3 --seconds 0 --no-control   # a store built before

Per graph (0 = the bundled one; N = `generate_synthetic.py --deals N`, the bundled deals cloned,
so every named query returns rows), the systems get the same triples: `regiodeal serve` builds its
store; the **baseline** is a bare FastAPI app (one route: `Store.query` and pyoxigraph's own
serialiser, in a thread) on an in-memory store loaded from regiodeal's snapshot; the same bare app
on regiodeal's on-disk RocksDB store is a second line; rdflib-endpoint (optional) gets the default
graph. Every named query (default parameters) is sent as regiodeal's `/api/queries/{name}`, and
as the same SPARQL to every `/sparql`, asking for SPARQL JSON and reading the whole answer.

Latency: the systems are interleaved request by request, in a rotating order, round after round;
each round gives one ratio per system and query (its time / the baseline's in the same round), and
the table shows the median and p95 of those paired ratios, and the ratio of the p95 latencies (each
system's p95 over the baseline's: its tail against the baseline's tail). The p95 of paired ratios
also holds the noise of two single requests, which a **control** shows: a second bare in-memory app
on the same snapshot, identical to the baseline (`--no-control` leaves it out). Errors (a non-200,
a timeout) are counted apart and the pair is dropped, except a timeout of rdflib-endpoint: that
round counts as the client's timeout (60 s), and the ratio is shown as a lower bound (≥), since
leaving those out would leave out the queries it is slowest on. After its timeout rdflib-endpoint
is replaced by a fresh process forked from the one holding the parsed graph (it would go on with
the query the client gave up on), so each request is timed on an idle server; a query it timed out
on in the warm-up counts as a timeout in its rounds without being sent again. Throughput: 1 and 8
concurrent clients cycle through the queries for `--seconds` per system, the systems interleaved,
twice; requests per second. The deal page `/doc/regiodeal/delft-west` is timed on regiodeal too
(its goal: flat in graph size). Each figure is printed beside its goal (issue #16). Not a test;
rdflib-endpoint needs the `bench` extra.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import Request  # module level: FastAPI resolves the handler's annotations here

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from regiodeal.sparql.named_queries import NamedQuery, load_named_queries  # noqa: E402

JSON = "application/sparql-results+json"
CLIENT_TIMEOUT = 60.0  # seconds a request may take before it counts as a timeout
DEAL_PAGE = "/doc/regiodeal/delft-west"
GOALS = {
    "ratio_median": 1.3,  # regiodeal / bare in-memory, median per query
    "ratio_p95": 1.5,
    "rdflib_aggregate": 40.0,  # rdflib-endpoint / regiodeal, median
    "rdflib_point": 4.0,
    "scaling": 1.6,  # 8 clients' throughput / 1 client's
    "page_growth": 1.2,  # deal page at the largest graph / at the smallest
}


# --- the comparison servers, run as `bench_server.py --serve-bare/--serve-rdflib` ---------------


def serve_bare(source: str, port: int) -> None:
    """A bare FastAPI app: a snapshot (.nq) is loaded into memory, a directory opened on disk."""
    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import Response
    from pyoxigraph import (
        QueryBoolean,
        QueryResultsFormat,
        QuerySolutions,
        RdfFormat,
        Store,
        serialize,
    )
    from starlette.concurrency import run_in_threadpool

    if source.endswith(".nq"):
        store = Store()
        store.bulk_load(path=source, format=RdfFormat.N_QUADS, lenient=True)
    else:
        store = Store.read_only(source)
    app = FastAPI()

    def run(query: str) -> Response:
        result = store.query(query)
        if isinstance(result, QueryBoolean | QuerySolutions):
            return Response(result.serialize(format=QueryResultsFormat.JSON), media_type=JSON)
        return Response(serialize(result, format=RdfFormat.TURTLE), media_type="text/turtle")

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            query = str((await request.form())["query"])
        else:
            query = request.query_params["query"]
        return await run_in_threadpool(run, query)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def serve_rdflib(ntriples: str, port: int) -> None:
    """rdflib-endpoint in a child forked from a process that holds the parsed graph. SIGUSR1
    replaces the child at once: rdflib-endpoint evaluates a query on its event loop and goes on
    after the client gave up, and waiting for it to finish took up to 20 minutes a query at
    1,500 deals. SIGTERM ends both."""
    import signal
    import socket

    import uvicorn
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint  # type: ignore[import-not-found,unused-ignore]

    graph = Graph().parse(ntriples, format="nt")
    app = SparqlEndpoint(graph=graph, path="/sparql", cors_enabled=False)
    listener = socket.create_server(("127.0.0.1", port), backlog=128)  # shared by every child
    child, stopping = 0, False

    def replace(*_: object) -> None:
        os.kill(child, signal.SIGKILL)

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        replace()

    signal.signal(signal.SIGUSR1, replace)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        child = os.fork()
        if child == 0:
            signal.signal(signal.SIGUSR1, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            config = uvicorn.Config(app, log_level="warning", access_log=False)
            uvicorn.Server(config).run(sockets=[listener])
            os._exit(0)
        os.waitpid(child, 0)


# --- servers and requests ------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base: str


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(name: str, args: list[str], env: dict[str, str] | None = None) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, *args, "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(name, process, f"http://127.0.0.1:{port}")
    started = time.monotonic()
    if not answers(f"{server.base}/sparql", 600, process):
        raise RuntimeError(f"{name} did not start")
    print(f"  {name} ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return server


def answers(url: str, limit_s: float, process: subprocess.Popen[bytes]) -> bool:
    """Whether the server at `url` answers `ASK {}` within `limit_s` (False as soon as its
    process has ended)."""
    started = time.monotonic()
    while time.monotonic() < started + limit_s:
        try:
            if httpx.post(url, data={"query": "ASK {}"}, timeout=limit_s).status_code == 200:
                return True
        except httpx.TransportError:
            if process.poll() is not None:
                return False
            time.sleep(0.2)
    return False


@dataclass
class Target:
    """One way of asking one system for one named query's answer."""

    system: str
    method: str
    url: str
    data: dict[str, str] | None


def targets(servers: dict[str, Server], query: NamedQuery) -> dict[str, Target]:
    text = query.bind({p.name: p.parsed_default() for p in query.params})
    out = {}
    for name, server in servers.items():
        out[name] = Target(name, "POST", f"{server.base}/sparql", {"query": text})
    ours = servers["regiodeal /sparql"].base
    out["regiodeal /api"] = Target(
        "regiodeal /api", "GET", f"{ours}/api/queries/{query.name}", None
    )
    return out


def timed(client: httpx.Client, target: Target) -> float | str:
    """Seconds for the whole answer, or why there is none."""
    began = time.perf_counter()
    try:
        if target.method == "GET":
            response = client.get(target.url, headers={"accept": JSON})
        else:
            response = client.post(target.url, data=target.data, headers={"accept": JSON})
        response.read()
    except httpx.TimeoutException:
        return "timeout"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return time.perf_counter() - began


def kind(query: NamedQuery) -> str:
    if "GROUP BY" in query.sparql.upper():
        return "aggregate"
    return "point" if query.params else "listing"


# --- latency: interleaved rounds, paired ratios --------------------------------------------------

BASE = "bare in-memory"
CONTROL = "bare in-memory, again"  # the baseline's twin: what identical systems' ratios look like


def latency(
    servers: dict[str, Server], queries: list[NamedQuery], rounds: int, slow_rounds: int
) -> tuple[dict[tuple[str, str], list[float]], dict[str, list[str]]]:
    """Per (system, query) the latency of each round (NaN for a failed request)."""
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    plan = {q.name: targets(servers, q) for q in queries}
    slow: set[str] = set()  # queries rdflib-endpoint timed out on in the warm-up
    with httpx.Client(timeout=CLIENT_TIMEOUT) as client:
        for query in queries:  # warm-up, also finds the queries a system cannot answer
            for target in plan[query.name].values():
                if timed(client, target) == "timeout" and target.system == "rdflib-endpoint":
                    replace_rdflib(target, servers[target.system].process)
                    slow.add(query.name)
        for r in range(rounds):
            for query in queries:
                systems = list(plan[query.name].values())
                shift = r % len(systems)
                for target in systems[shift:] + systems[:shift]:
                    if target.system == "rdflib-endpoint" and r >= slow_rounds:
                        continue
                    if target.system == "rdflib-endpoint" and query.name in slow:
                        # over the timeout once already: counted as the timeout without another
                        # minute of waiting per round (each one is a lower bound either way)
                        errors[target.system].append(f"{query.name}: timeout (warm-up, kept as ≥)")
                        times[target.system, query.name].append(CENSORED)
                        continue
                    took = timed(client, target)
                    if took == "timeout" and target.system == "rdflib-endpoint":
                        replace_rdflib(target, servers[target.system].process)
                        # at least the timeout: dropping it would leave out exactly the queries
                        # rdflib-endpoint is slowest on, and bias its ratio low
                        errors[target.system].append(f"{query.name}: {took} (kept as ≥)")
                        took = CENSORED
                    elif isinstance(took, str):
                        errors[target.system].append(f"{query.name}: {took}")
                        took = float("nan")
                    times[target.system, query.name].append(took)
    return times, errors


def replace_rdflib(target: Target, process: subprocess.Popen[bytes], limit_s: float = 600) -> None:
    """After a timeout, a fresh rdflib-endpoint (`serve_rdflib` forks one from the parsed graph),
    once it answers `ASK {}`. It would go on with the query the client gave up on, and the next
    requests would queue behind it and time out too, counted against them."""
    process.send_signal(signal.SIGUSR1)
    if not answers(target.url, limit_s, process):
        raise SystemExit(f"{target.system} not back {limit_s:.0f} s after a timeout")


# A timed-out request of rdflib-endpoint: its time is at least CLIENT_TIMEOUT (a lower bound)
CENSORED = float("inf")


def lower_bound_ratios(mine: list[float], ours: list[float]) -> tuple[list[float], bool]:
    """rdflib-endpoint's time over ours per round, a timeout counted as CLIENT_TIMEOUT; and
    whether any was, which makes the ratios (and their median) lower bounds."""
    pairs = [(m, o) for m, o in zip(mine, ours, strict=False) if m == m and o == o]
    censored = any(m == CENSORED for m, _ in pairs)
    return [min(m, CLIENT_TIMEOUT) / o for m, o in pairs], censored


def paired(mine: list[float], base: list[float]) -> list[float]:
    return [m / b for m, b in zip(mine, base, strict=False) if m == m and b == b]


def tail_ratio(mine: list[float], base: list[float]) -> float:
    """p95 latency over the baseline's, of the rounds both answered."""
    pairs = [(m, b) for m, b in zip(mine, base, strict=False) if m == m and b == b]
    if not pairs:
        return float("nan")
    return percentile([m for m, _ in pairs], 0.95) / percentile([b for _, b in pairs], 0.95)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")
    )


# --- throughput ----------------------------------------------------------------------------------


def throughput(servers: dict[str, Server], queries: list[NamedQuery], clients: int, seconds: float):  # type: ignore[no-untyped-def]
    """Requests per second per system (the better of two interleaved runs)."""
    plans = [targets(servers, q) for q in queries]
    best: dict[str, float] = {}
    for _ in range(2):
        for system in [s for s in plans[0] if s not in ("rdflib-endpoint", CONTROL)]:
            done = [0] * clients
            stop = time.perf_counter() + seconds

            def loop(
                i: int, system: str = system, stop: float = stop, done: list[int] = done
            ) -> None:
                with httpx.Client(timeout=CLIENT_TIMEOUT) as client:
                    n = i
                    while time.perf_counter() < stop:
                        if not isinstance(timed(client, plans[n % len(plans)][system]), str):
                            done[i] += 1
                        n += 1

            threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            best[system] = max(best.get(system, 0.0), sum(done) / seconds)
    return best


def page_time(server: Server, reps: int) -> float:
    with httpx.Client(timeout=CLIENT_TIMEOUT) as client:
        client.get(server.base + DEAL_PAGE)
        times = []
        for _ in range(reps):
            began = time.perf_counter()
            client.get(server.base + DEAL_PAGE).read()
            times.append(time.perf_counter() - began)
    return statistics.median(times)


# --- one graph -----------------------------------------------------------------------------------


def export_ntriples(store_dir: Path, path: Path) -> None:
    code = (
        "import sys; from pyoxigraph import Store, RdfFormat, DefaultGraph; "
        "Store.read_only(sys.argv[1]).dump(sys.argv[2], RdfFormat.N_TRIPLES, "
        "from_graph=DefaultGraph())"
    )
    subprocess.run([sys.executable, "-c", code, str(store_dir), str(path)], check=True)


def bench_graph(label: str, data_dir: Path | None, args: argparse.Namespace) -> dict[str, float]:
    queries = [
        q for q in load_named_queries(REPO / "queries") if not args.only or q.name in args.only
    ]
    tmp = Path(tempfile.mkdtemp(prefix="regiodeal-bench-"))
    store = Path(args.existing[0]) if args.existing else tmp / "store"
    print(f"{label}:", file=sys.stderr)
    servers = {"regiodeal /sparql": start_regiodeal(store, data_dir, args)}
    snapshot = store / "snapshot.nq"
    if not snapshot.exists():  # a graph too large for regiodeal's memory setting
        snapshot = tmp / "snapshot.nq"
        code = (
            "import sys; from pyoxigraph import Store, RdfFormat; "
            "Store.read_only(sys.argv[1]).dump(sys.argv[2], RdfFormat.N_QUADS)"
        )
        subprocess.run([sys.executable, "-c", code, str(store / "oxigraph"), str(snapshot)])
    servers[BASE] = start(BASE, [__file__, "--serve-bare", str(snapshot)])
    settled(servers[BASE])
    servers["bare on-disk"] = start(
        "bare on-disk", [__file__, "--serve-bare", str(store / "oxigraph")]
    )
    if args.control:
        servers[CONTROL] = start(CONTROL, [__file__, "--serve-bare", str(snapshot)])
    if args.rdflib:
        export_ntriples(store / "oxigraph", tmp / "graph.nt")
        servers["rdflib-endpoint"] = start(
            "rdflib-endpoint", [__file__, "--serve-rdflib", str(tmp / "graph.nt")]
        )
    try:
        return report(label, servers, queries, args)
    finally:
        for server in servers.values():
            server.process.terminate()
        for server in servers.values():
            try:
                server.process.wait(30)
            except subprocess.TimeoutExpired:  # rdflib-endpoint still computing a query
                server.process.kill()
                server.process.wait()


def start_regiodeal(store: Path, data_dir: Path | None, args: argparse.Namespace) -> Server:
    """`regiodeal serve` on `store` (built by it unless it holds the data's store already),
    once its query workers have loaded the snapshot, if any (`settled`)."""
    env = {
        "REGIODEAL_STORE_DIR": str(store),
        "REGIODEAL_QUERY_WORKERS": str(args.workers),
        "REGIODEAL_MAX_RESULT_ROWS": "1000000",
        "REGIODEAL_QUERY_TIMEOUT": "60",
        "REGIODEAL_QUERY_MEMORY_MB": "0",
    }
    if data_dir:
        env["REGIODEAL_DATA_DIR"] = str(data_dir)
    if args.on_disk:
        env["REGIODEAL_MEMORY_STORE_MAX_QUADS"] = "0"
    elif args.memory_max_quads is not None:
        env["REGIODEAL_MEMORY_STORE_MAX_QUADS"] = str(args.memory_max_quads)
    server = start("regiodeal", ["-m", "regiodeal.cli", "serve"], env)
    settled(server)
    return server


def settled(server: Server, quiet_s: float = 10, limit_s: float = 1800) -> None:
    """Wait until the memory of the server's processes has not grown by 1 % for `quiet_s`: a
    server answers before its in-memory copies are loaded (regiodeal's query workers from
    RocksDB meanwhile), and loads running beside the timed requests would be timed with them.
    Prints that memory: the cost of holding the graph."""
    began = time.monotonic()
    last, since = tree_rss(server.process.pid), time.monotonic()
    while time.monotonic() < began + limit_s:
        time.sleep(1)
        now = tree_rss(server.process.pid)
        if now > last * 1.01:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            break
    waited = time.monotonic() - began
    print(
        f"  {server.name}: {last / 2**20:,.0f} MB resident, settled in {waited:.0f} s",
        file=sys.stderr,
    )


def tree_rss(pid: int) -> int:
    """Bytes resident in process `pid` and its descendants (Linux `ps`)."""
    listing = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True)
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for line in listing.stdout.splitlines():
        child, parent, kb = (int(v) for v in line.split())
        children[parent].append(child)
        rss[child] = kb * 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children[current])
    return total


def report(
    label: str, servers: dict[str, Server], queries: list[NamedQuery], args: argparse.Namespace
) -> dict[str, float]:
    times, errors = latency(servers, queries, args.rounds, args.slow_rounds)
    others = ["regiodeal /api", "regiodeal /sparql", "bare on-disk"] + [CONTROL] * args.control
    print(f"\n### {label}: latency, paired per round against {BASE} ({args.rounds} rounds)\n")
    print("Each cell: median and p95 of the paired ratios; the p95 latency over the baseline's.\n")
    print(
        "| query | kind | bare in-memory p50 ms | "
        + " | ".join(f"{o} ratio p50 / p95 / p95÷p95" for o in others)
        + (" | rdflib-endpoint / regiodeal" if args.rdflib else "")
        + " |"
    )
    print("|" + " --- |" * (3 + len(others) + bool(args.rdflib)))
    medians: dict[str, list[float]] = defaultdict(list)
    p95s: dict[str, list[float]] = defaultdict(list)
    tails: dict[str, list[float]] = defaultdict(list)  # p95 latency / the baseline's
    rdflib_by_kind: dict[str, list[float]] = defaultdict(list)
    rdflib_censored: dict[str, int] = defaultdict(int)  # queries with a timed-out round
    for query in queries:
        base = times[BASE, query.name]
        cells = []
        for other in others:
            ratios = paired(times[other, query.name], base)
            medians[other].append(statistics.median(ratios) if ratios else float("nan"))
            p95s[other].append(percentile(ratios, 0.95))
            tails[other].append(tail_ratio(times[other, query.name], base))
            cells.append(
                f"{medians[other][-1]:.2f} / {p95s[other][-1]:.2f} / {tails[other][-1]:.2f}"
            )
        if args.rdflib:
            ratios, censored = lower_bound_ratios(
                times["rdflib-endpoint", query.name], times["regiodeal /api", query.name]
            )
            value = statistics.median(ratios) if ratios else float("nan")
            rdflib_by_kind[kind(query)].append(value)
            rdflib_censored[kind(query)] += censored
            mark = "≥ " if censored else ""
            cells.append(f"{mark}{value:.1f}x" if value == value else "error")
        answered = [t for t in base if t == t]
        p50 = f"{statistics.median(answered) * 1000:.1f}" if answered else "error"
        print(f"| {query.name} | {kind(query)} | {p50} | " + " | ".join(cells) + " |")
    summary: dict[str, float] = {}
    print(f"\n### {label}: summary (goal beside each figure)\n")
    print("| figure | value | goal |\n| --- | --- | --- |")
    for other in others:
        # a query without a ratio (the baseline or this system never answered it) is in the
        # errors row below, not in these figures
        ratios = [m for m in medians[other] if m == m]
        med, worst = statistics.median(ratios), max(p for p in p95s[other] if p == p)
        over = sum(1 for m in ratios if m > GOALS["ratio_median"])
        row(
            f"{other} / {BASE}: median of per-query medians",
            f"{med:.2f}x ({over} of {len(ratios)} queries over {GOALS['ratio_median']}x)",
            f"≤ {GOALS['ratio_median']}x",
        )
        row(f"{other} / {BASE}: worst per-query p95", f"{worst:.2f}x", f"≤ {GOALS['ratio_p95']}x")
        tail = [t for t in tails[other] if t == t]
        over = sum(1 for t in tail if t > GOALS["ratio_p95"])
        row(
            f"{other} / {BASE}: p95 latency over the baseline's, median / worst of the queries",
            f"{statistics.median(tail):.2f}x / {max(tail):.2f}x ({over} of {len(tail)} over)",
            f"≤ {GOALS['ratio_p95']}x",
        )
        summary[f"{other} median"] = med
    for k, goal in (("aggregate", "rdflib_aggregate"), ("point", "rdflib_point")):
        values = [v for v in rdflib_by_kind.get(k, []) if v == v]
        if values:
            figure = f"rdflib-endpoint / regiodeal, {k} queries (median of {len(values)})"
            cut = rdflib_censored[k]
            note = f" (a lower bound: {cut} timed out at {CLIENT_TIMEOUT:.0f} s)" if cut else ""
            shown = f"{statistics.median(values):.1f}x{note}"
            row(figure, shown, f"≥ {GOALS[goal]:.0f}x")
    for system, failures in errors.items():
        listed = "; ".join(sorted(set(failures)))
        row(f"errors of {system} (not in the ratios)", f"{len(failures)}: {listed}", "none")
    if args.seconds > 0:
        report_throughput(servers, queries, args.seconds)
    summary["page"] = page_time(servers["regiodeal /sparql"], max(5, args.rounds))
    growth = f"flat: ≤ {GOALS['page_growth']}x the smallest graph's"
    row(f"deal page {DEAL_PAGE} p50", f"{summary['page'] * 1000:.0f} ms", growth)
    sys.stdout.flush()
    return summary


def report_throughput(
    servers: dict[str, Server], queries: list[NamedQuery], seconds: float
) -> None:
    one = throughput(servers, queries, 1, seconds)
    eight = throughput(servers, queries, 8, seconds)
    for system in one:
        scaling = f"{one[system]:.0f} → {eight[system]:.0f} ({eight[system] / one[system]:.2f}x)"
        row(f"{system}: requests/s, 1 → 8 clients", scaling, f"≥ {GOALS['scaling']}x")
    ratio = eight["regiodeal /api"] / eight[BASE]
    row(f"regiodeal /api / {BASE}: throughput, 8 clients", f"{ratio:.2f}x", "≥ 0.77x (1/1.3)")


def row(figure: str, value: str, goal: str) -> None:
    print(f"| {figure} | {value} | {goal} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve-bare", help=argparse.SUPPRESS)
    parser.add_argument("--serve-rdflib", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deals", type=int, nargs="+", default=[0, 1500], help="0: bundled graph")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds per query")
    parser.add_argument("--slow-rounds", type=int, default=2, help="rounds for rdflib-endpoint")
    parser.add_argument("--seconds", type=float, default=5, help="per throughput run (0: none)")
    parser.add_argument("--workers", type=int, default=2, help="regiodeal query workers")
    parser.add_argument("--only", nargs="*", help="named queries to run (default: all)")
    parser.add_argument("--rdflib", action="store_true", help="also rdflib-endpoint (slow)")
    parser.add_argument("--on-disk", action="store_true", help="regiodeal on RocksDB (as before)")
    parser.add_argument(
        "--memory-max-quads", type=int, help="regiodeal's REGIODEAL_MEMORY_STORE_MAX_QUADS"
    )
    parser.add_argument(
        "--existing",
        nargs=2,
        metavar=("STORE", "DATA"),
        help="a store directory built before from DATA, instead of --deals",
    )
    parser.add_argument(
        "--no-control",
        dest="control",
        action="store_false",
        help="without the baseline's twin (the noise floor of the paired ratios)",
    )
    args = parser.parse_args()
    if args.serve_bare:
        return serve_bare(args.serve_bare, args.port)
    if args.serve_rdflib:
        return serve_rdflib(args.serve_rdflib, args.port)
    if args.existing:
        store, data = args.existing
        bench_graph(f"the store {store} of {data}", Path(data), args)
        return
    pages = {}
    for deals in args.deals:
        data_dir = None
        if deals:
            data_dir = Path(tempfile.mkdtemp(prefix="regiodeal-synthetic-"))
            generator = REPO / "benchmarks" / "generate_synthetic.py"
            command = [
                sys.executable,
                str(generator),
                "--deals",
                str(deals),
                "--out",
                str(data_dir),
            ]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        label = f"{deals} synthetic deals" if deals else "bundled graph"
        pages[label] = bench_graph(label, data_dir, args)["page"]
    if len(pages) > 1:
        first, last = list(pages)[0], list(pages)[-1]
        growth = pages[last] / pages[first]
        print(f"\ndeal page {last} / {first}: {growth:.2f}x (goal ≤ {GOALS['page_growth']}x)")


if __name__ == "__main__":
    main()
