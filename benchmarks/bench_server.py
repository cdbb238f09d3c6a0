"""Latency of the named queries over HTTP: regiodeal serve vs bare pyoxigraph vs rdflib-endpoint.

    python benchmarks/bench_server.py                       # bundled graph + 1,500 synthetic deals
    python benchmarks/bench_server.py --deals 0 --reps 10   # bundled graph only

For each dataset the three servers get exactly the same triples: `regiodeal serve` builds its
store (with inferences); the bare baseline (a minimal Starlette app calling `Store.query` and
pyoxigraph's serialiser, nothing else) opens that same store read-only; rdflib-endpoint gets the
store's default graph as N-Triples. Every named query in queries/ (with its default parameters) is
POSTed to /sparql asking for SPARQL JSON; p50/p99 per query, with one client and with 8 concurrent
clients. Prints a table; not a test. Needs the `bench` extra (rdflib-endpoint).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from regiodeal.sparql.named_queries import load_named_queries  # noqa: E402

JSON = "application/sparql-results+json"
SLOW_TIMEOUT = 30.0  # seconds; rdflib-endpoint requests over this count as "timeout"


# --- the two comparison servers, run as `bench_server.py --serve-bare/--serve-rdflib` -----------


def serve_bare(store_dir: str, port: int) -> None:
    import uvicorn
    from pyoxigraph import QueryBoolean, QueryResultsFormat, RdfFormat, Store, serialize
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    store = Store.read_only(store_dir)

    def run(query: str) -> Response:
        result = store.query(query)
        if isinstance(result, QueryBoolean) or hasattr(result, "variables"):
            return Response(result.serialize(format=QueryResultsFormat.JSON), media_type=JSON)
        return Response(serialize(result, format=RdfFormat.TURTLE), media_type="text/turtle")

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            query = (await request.form())["query"]
        else:
            query = request.query_params["query"]
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(run, query)

    app = Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"])])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def serve_rdflib(ntriples: str, port: int) -> None:
    import uvicorn
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint

    graph = Graph().parse(ntriples, format="nt")
    app = SparqlEndpoint(graph=graph, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    args: list[str]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(name: str, args: list[str], env: dict[str, str] | None = None) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, *args, "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(name, process, f"http://127.0.0.1:{port}/sparql", args)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            httpx.post(server.url, data={"query": "ASK {}"}, headers={"accept": JSON}, timeout=5)
            return server
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not start")


def restart(server: Server) -> Server:
    """A new instance: rdflib-endpoint keeps computing a query its client gave up on, which would
    steal CPU from the measurements that follow."""
    server.process.kill()
    server.process.wait(30)
    return start(server.name, server.args)


def one_request(client: httpx.Client, url: str, query: str) -> float | str:
    """Seconds taken, or why there is no answer ("timeout", "HTTP 400")."""
    start = time.perf_counter()
    try:
        response = client.post(url, data={"query": query}, headers={"accept": JSON})
    except httpx.TimeoutException:
        return "timeout"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return time.perf_counter() - start


def measure(url: str, query: str, clients: int, reps: int, timeout: float) -> list[float | str]:
    """Latencies of `reps` requests per client, `clients` clients at once."""
    latencies: list[float | str] = []
    lock = threading.Lock()

    def client_loop() -> None:
        with httpx.Client(timeout=timeout) as client:
            for _ in range(reps):
                latency = one_request(client, url, query)
                with lock:
                    latencies.append(latency)
                if isinstance(latency, str):
                    return  # a failing server is not asked again by this client

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cell(latencies: list[float | str]) -> str:
    failures = [v for v in latencies if isinstance(v, str)]
    if failures:
        return f">{SLOW_TIMEOUT:.0f} s" if failures[0] == "timeout" else failures[0]
    done = [v for v in latencies if not isinstance(v, str)]
    return f"{percentile(done, 0.5) * 1000:8.1f} {percentile(done, 0.99) * 1000:8.1f}"


def p50(latencies: list[float | str]) -> float:
    done = [v for v in latencies if not isinstance(v, str)]
    return percentile(done, 0.5) if done and len(done) == len(latencies) else float("inf")


# --- the run -------------------------------------------------------------------------------------


def export_ntriples(store_dir: str, path: Path) -> None:
    code = (
        "import sys; from pyoxigraph import Store, RdfFormat, DefaultGraph, serialize; "
        "s = Store.read_only(sys.argv[1]); "
        "serialize((q.triple for q in s.quads_for_pattern(None, None, None, DefaultGraph())), "
        "output=sys.argv[2], format=RdfFormat.N_TRIPLES)"
    )
    subprocess.run([sys.executable, "-c", code, store_dir, str(path)], check=True)


def bench_dataset(label: str, data_dir: Path | None, args: argparse.Namespace) -> list[str]:
    queries = [
        q for q in load_named_queries(REPO / "queries") if not args.only or q.name in args.only
    ]
    tmp = Path(tempfile.mkdtemp(prefix="regiodeal-bench-"))
    env = {
        "REGIODEAL_STORE_DIR": str(tmp / "store"),
        "REGIODEAL_QUERY_WORKERS": str(args.workers),
        "REGIODEAL_MAX_RESULT_ROWS": "1000000",
        "REGIODEAL_QUERY_TIMEOUT": "60",
    }
    if data_dir:
        env["REGIODEAL_DATA_DIR"] = str(data_dir)
    ours = start("regiodeal", ["-m", "regiodeal.cli", "serve"], env)
    bare = start("bare pyoxigraph", [__file__, "--serve-bare", str(tmp / "store" / "oxigraph")])
    export_ntriples(str(tmp / "store" / "oxigraph"), tmp / "graph.nt")
    servers = [ours, bare]
    if not args.no_rdflib:
        servers.append(
            start("rdflib-endpoint", [__file__, "--serve-rdflib", str(tmp / "graph.nt")])
        )
    rows = []
    failed: dict[tuple[str, str], list[float | str]] = {}  # not asked again once it failed
    try:
        for clients in (1, 8):
            ratios, rdflib_ratios = [], []
            for query in queries:
                text = query.bind({p.name: p.parsed_default() for p in query.params})
                results = {}
                for server in servers:
                    if (server.name, query.name) in failed:
                        results[server.name] = failed[server.name, query.name]
                        continue
                    slow = server.name == "rdflib-endpoint"
                    # rdflib-endpoint takes seconds per aggregation: fewer repetitions
                    reps = (max(1, args.reps // 5) if clients == 1 else 1) if slow else args.reps
                    timeout = SLOW_TIMEOUT if slow else 120
                    warm_up = measure(server.url, text, 1, 1, timeout)
                    if isinstance(warm_up[0], str):
                        failed[server.name, query.name] = results[server.name] = warm_up
                    else:
                        results[server.name] = measure(server.url, text, clients, reps, timeout)
                    if "timeout" in results[server.name]:
                        servers[servers.index(server)] = restart(server)
                ratios.append(p50(results["regiodeal"]) / p50(results["bare pyoxigraph"]))
                if "rdflib-endpoint" in results:
                    rdflib_ratios.append(
                        p50(results["rdflib-endpoint"]) / p50(results["regiodeal"])
                    )
                rows.append(
                    f"| {label} | {clients} | {query.name} | "
                    + " | ".join(cell(results[s.name]) for s in servers)
                    + " |"
                )
                print(rows[-1], flush=True)
            summary = (
                f"| {label} | {clients} | **median ratio** | regiodeal/bare "
                f"{statistics.median(ratios):.2f}x (max {max(ratios):.2f}x)"
            )
            if rdflib_ratios:
                summary += f" | rdflib-endpoint/regiodeal {statistics.median(rdflib_ratios):.0f}x"
            rows.append(summary + " |")
            print(rows[-1], flush=True)
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve-bare", help=argparse.SUPPRESS)
    parser.add_argument("--serve-rdflib", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deals", type=int, default=1500, help="synthetic deals (0: skip)")
    parser.add_argument("--reps", type=int, default=20, help="requests per client per query")
    parser.add_argument("--workers", type=int, default=2, help="regiodeal query workers")
    parser.add_argument("--only", nargs="*", help="named queries to run (default: all)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    args = parser.parse_args()
    if args.serve_bare:
        return serve_bare(args.serve_bare, args.port)
    if args.serve_rdflib:
        return serve_rdflib(args.serve_rdflib, args.port)
    header = [
        "| graph | clients | query | regiodeal p50 p99 (ms) | bare pyoxigraph p50 p99 (ms)"
        + ("" if args.no_rdflib else " | rdflib-endpoint p50 p99 (ms)")
        + " |"
    ]
    print(header[0])
    rows = bench_dataset("bundled", None, args)
    if args.deals:
        synthetic = Path(tempfile.mkdtemp(prefix="regiodeal-synthetic-"))
        subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks" / "generate_synthetic.py"),
                "--deals",
                str(args.deals),
                "--out",
                str(synthetic),
            ],
            check=True,
        )
        rows += bench_dataset(f"synthetic {args.deals}", synthetic, args)
    print("\n".join(header + rows))


if __name__ == "__main__":
    main()
