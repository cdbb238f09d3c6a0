"""Validating one new deal does not get slower as the published graph grows, and only linearly
slower as the deal itself grows.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 1000 3000] [--runs 5] [--whole 25 50]
    .venv/bin/python benchmarks/bench_validate.py --sizes --lines 1000 10000
    .venv/bin/python benchmarks/bench_validate.py --sizes --cli 0 150 1500
    .venv/bin/python benchmarks/bench_validate.py --sizes --cli 0 1500 --server --old /tmp/o/server

Builds synthetic published graphs of N deals (copies of the complete test deal in
tests/shapes/valid/signed-covenant.ttl under new IRIs and titles), indexes each once
(`PublishedContext.build`) and times `validate_files` on the example deal from
examples/new-deal.yaml. `--whole` also times pySHACL on a whole synthetic graph, for contrast.
`--lines` times `validate_files` (reading included) on the signed test deal with that many budget
lines (tests/validation/budget.py), and `regiodeal validate` on the same file (a new process,
with the test context); the goal is linear cost, 10,000 lines in under 10 s.
`--cli` builds, per size (0: the bundled graph; N: `generate_synthetic.py --deals N`), the store,
then times building the context (parsing the published files, or reading a built store: first
run, then from its cache) and the `regiodeal validate` command on the example deal, without and
with `--store-dir`; the goal is 0.5 s with a store, flat from the smallest to the largest size.
`--server` also starts `regiodeal serve` on that store and times its `/api/validate` answer for
the example deal and for Delft West, the largest bundled deal (goal 0.2 s over HTTP). `--old DIR`
(another commit's server/: `git archive COMMIT | tar -x -C /tmp/o`) times that tree's CLI with
the store and its server beside this tree's, alternating round by round, both reading this
checkout's data, shapes and ontology.
`--existing STORE DATA` times the CLI with that store and (with `--server`) the server on it,
for a store already built from DATA, e.g. 15,000 synthetic deals, whose build takes minutes:

    .venv/bin/python benchmarks/bench_validate.py --sizes --existing /tmp/st15k /tmp/syn15k --server

CPU seconds are printed beside wall-clock seconds: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from regiodeal.authoring.template import deal_turtle
from regiodeal.namespaces import RD
from regiodeal.settings import REPO_ROOT, get_settings
from regiodeal.store.files import parse_files
from regiodeal.validation import PublishedContext, validate_files
from regiodeal.validation.kit import reference_files
from regiodeal.validation.shapes import load_shapes

TEMPLATE = REPO_ROOT / "tests" / "shapes" / "valid" / "signed-covenant.ttl"
FIXTURE = REPO_ROOT / "tests" / "shapes" / "context" / "published.ttl"
GOAL_S_PER_LINE = 10.0 / 10_000  # 10,000 budget lines in under 10 s, and linear
sys.path.insert(0, str(REPO_ROOT / "tests"))  # the tests' generator of budget deals
from bench_startup import cpu_tree  # noqa: E402  # a sibling script: benchmarks/ is sys.path[0]
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
    import pyshacl  # only here: the rest times our validator, which no longer imports it

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
    """One validation per count, reading included: the deal's own size is what grows.

    In process (`validate_files`, the test context) and as the command `regiodeal validate`
    (a new process: interpreter start, the same context read from files, reading,
    validation, report; the input size limit raised for the run), goal beside each figure."""
    context = PublishedContext.build(reference, Graph().parse(FIXTURE, format="turtle"))
    validate_files([TEMPLATE], context)  # warm-up: shapes parsed, queries prepared
    # The CLI's data: the same context (reference data, the test fixture as published graph),
    # so that the deal conforms there too and the figure is not that of reporting 10,000 lines.
    cli_data = tmp / "cli-data"
    shutil.copytree(REPO_ROOT / "data" / "ttl" / "reference", cli_data / "reference")
    (cli_data / "sources").mkdir()
    shutil.copy(FIXTURE, cli_data / "sources" / "published.ttl")
    print("{:>12} {:>9} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9}".format(*LINE_HEADER))
    for lines in counts:
        deal = budget_deal(lines)
        path = tmp / f"budget-{lines}.ttl"
        path.write_text(deal.serialize(format="turtle"), encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        report = validate_files([path], context)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert report.conforms and not report.findings, report.findings[:3]
        cli_wall, cli_cpu = _cli_once(path, cli_data)
        goal = f"< {lines * GOAL_S_PER_LINE:g} s"
        size = f"{path.stat().st_size // 1000:,} kB"
        print(
            f"{lines:>12,} {size:>9} {len(deal):>8,} {wall:>8.1f} {cpu:>8.1f} "
            f"{cli_wall:>9.1f} {cli_cpu:>9.1f} {goal:>9}"
        )
    print("wall and CPU seconds; goal: linear, 10,000 budget lines in under 10 s")


def _cli_once(deal: Path, data_dir: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `regiodeal validate deal`, which must pass (exit 0)."""
    command = [sys.executable, "-m", "regiodeal.cli", "validate", str(deal)]
    env = {
        **os.environ,
        "REGIODEAL_DATA_DIR": str(data_dir),
        "REGIODEAL_VALIDATION_MAX_BYTES": str(100_000_000),
    }
    wall, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - wall, _children_cpu() - cpu


LINE_HEADER = ("budget lines", "input", "triples", "wall s", "cpu s", "cli s", "cli cpu", "goal")
CLI_GOAL_S = 0.5  # regiodeal validate of one deal with a built store
CLI_FLAT = 1.2  # largest size / smallest
SERVER_GOAL_S = 0.2  # the server's /api/validate answer for one deal, over HTTP
SERVER_DEAL = REPO_ROOT / "data" / "ttl" / "deals" / "delft-west.ttl"  # the largest bundled deal


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_env(data_dir: Path, tree: Path | None) -> dict[str, str]:
    """The environment of a command run with `tree` (a server/ directory; default this one's):
    this checkout's data, shapes and ontology either way, so that both read the same files."""
    env = {**os.environ, "REGIODEAL_DATA_DIR": str(data_dir)}
    env["REGIODEAL_SHAPES_DIR"] = str(REPO_ROOT / "shapes")
    env["REGIODEAL_ONTOLOGY_DIR"] = str(REPO_ROOT / "ontology")
    env["PYTHONPATH"] = str(tree or REPO_ROOT / "server")
    return env


def _cli(
    deal: Path, data_dir: Path, store: Path | None, tree: Path | None = None, runs_: int = 3
) -> tuple[float, float]:
    """Wall and CPU seconds of `regiodeal validate deal` (median of `runs_`)."""
    command = [sys.executable, "-m", "regiodeal.cli", "validate", str(deal)]
    if store is not None:
        command += ["--store-dir", str(store)]
    env = _tree_env(data_dir, tree)
    runs = []
    for _ in range(runs_):
        wall, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        runs.append((time.perf_counter() - wall, _children_cpu() - cpu))
    return sorted(runs)[len(runs) // 2]


IMPORTS = (
    "import sys, regiodeal.validation.yaml_input, regiodeal.validation.report; "
    "print('pyshacl' in sys.modules)"
)


def _imports(data_dir: Path, tree: Path | None) -> tuple[float, float, bool]:
    """Wall and CPU seconds of a process importing what `regiodeal validate` imports before
    it reads anything, and whether that includes pySHACL."""
    env = _tree_env(data_dir, tree)
    wall, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-c", IMPORTS], env=env, capture_output=True, text=True)
    return time.perf_counter() - wall, _children_cpu() - cpu, done.stdout.strip() == "True"


def _compare_imports(data_dir: Path, old: Path) -> None:
    pairs = [(_imports(data_dir, None), _imports(data_dir, old)) for _ in range(5)]
    for name, index in (("new", 0), ("old", 1)):
        runs = [pair[index] for pair in pairs]
        print(
            f"  imports ({name}): {statistics.median(r[0] for r in runs):.2f} s "
            f"({statistics.median(r[1] for r in runs):.2f} CPU), pySHACL imported: {runs[0][2]}"
        )


def _serve(store: Path, data_dir: Path, tree: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    """`regiodeal serve --store-dir store` on a free port, once it answers."""
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "regiodeal.cli", "serve", "--store-dir", str(store)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=_tree_env(data_dir, tree),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while time.monotonic() < started + 600:
        try:
            httpx.post(f"{base}/sparql", data={"query": "ASK {}"}, timeout=5)
            _settle(process.pid)
            return process, base
        except httpx.TransportError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server of {tree or 'this tree'} did not start")


def _settle(pid: int, limit_s: float = 1800) -> None:
    """Wait until the server has finished what it prepares behind the ready server (validation
    workers, dumps, VoID statistics): its processes use under 5 % of a core for 3 s. Timing
    /api/validate while they still work measured the machine's load, not the validation."""
    started = time.monotonic()
    before = cpu_tree(pid)
    while time.monotonic() < started + limit_s:
        time.sleep(3)
        now = cpu_tree(pid)
        if now - before < 0.15:
            print(f"  server settled {time.monotonic() - started:.0f} s after it answered")
            return
        before = now
    print(f"  server still busy after {limit_s:.0f} s: timing it anyway")


def _answer_s(base: str, deal: Path) -> float:
    """Seconds until the whole /api/validate answer for `deal` is read."""
    import httpx

    body = deal.read_bytes()
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/validate",
        content=body,
        headers={"Content-Type": "text/turtle"},
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{base} answered {response.status_code}: {response.text[:500]}")
    return elapsed


def time_server(store: Path, data_dir: Path, deals: list[Path], old: Path | None) -> None:
    """The server's /api/validate answer per deal (median of 7, after one request that the
    worker may spend parsing); with `old`, that tree's server too, on a copy of the store,
    asked in turn round by round (paired: the machine may be shared)."""
    trees: dict[str, Path | None] = {"new": None}
    if old is not None:
        trees["old"] = old
    servers = {}
    try:
        for name, tree in trees.items():
            place = store
            if tree is not None:  # a server of its own needs a store of its own (its lock)
                place = store.with_name(f"{store.name}-old")
                shutil.rmtree(place, ignore_errors=True)
                shutil.copytree(store, place)
            servers[name] = _serve(place, data_dir, tree)
        for deal in deals:
            first = {name: _answer_s(base, deal) for name, (_, base) in servers.items()}
            times: dict[str, list[float]] = {name: [] for name in servers}
            for round_ in range(7):
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                for name in order:
                    times[name].append(_answer_s(servers[name][1], deal))
            for name, runs in times.items():
                print(
                    f"  server ({name}) /api/validate {deal.name}: first {first[name]:.2f} s, "
                    f"median of 7 {statistics.median(runs):.3f} s (goal ≤ {SERVER_GOAL_S} s)"
                )
            if old is not None:
                pairs = zip(times["new"], times["old"], strict=True)
                ratio = statistics.median(n / o for n, o in pairs)
                print(f"  server new / old, paired per round: {ratio:.2f}x")
    finally:
        for process, _ in servers.values():
            process.send_signal(signal.SIGINT)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


def _timed(work):  # type: ignore[no-untyped-def]  # any callable
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def time_cli(
    sizes: list[int], deal: Path, tmp: Path, server: bool = False, old: Path | None = None
) -> None:
    """Context build and the CLI per published-graph size, with and without a built store; with
    `server`, the server's answer too; with `old` (another tree's server/), its CLI with the store
    and its server beside this tree's."""
    from regiodeal.store.build import build_store
    from regiodeal.validation.context import CACHE

    header = ("deals", "store s", "parse ctx s", "store ctx s", "cached s", "cli s", "cli+store s")
    print("{:>8} {:>9} {:>12} {:>12} {:>9} {:>12} {:>12}".format(*header))
    with_store = []
    for size in sizes:
        data = REPO_ROOT / "data" / "ttl"
        if size:
            data = tmp / f"synthetic-{size}"
            generator = REPO_ROOT / "benchmarks" / "generate_synthetic.py"
            command = [sys.executable, str(generator), "--deals", str(size), "--out", str(data)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        settings = get_settings().model_copy(update={"data_dir": data})
        store = tmp / f"store-{size}"
        _, built, _ = _timed(lambda: build_store(settings, store))  # noqa: B023
        _, parsed, _ = _timed(lambda: PublishedContext.from_settings(settings))  # noqa: B023
        stored = settings.model_copy(update={"store_dir": store})
        (store / CACHE).unlink(missing_ok=True)
        _, cold, _ = _timed(lambda: PublishedContext.from_settings(stored))  # noqa: B023
        _, cached, _ = _timed(lambda: PublishedContext.from_settings(stored))  # noqa: B023
        plain = _cli(deal, data, None)
        _cli(deal, data, store, runs_=1)  # the first run with a store keeps the kit and queries
        via_store = _cli(deal, data, store, runs_=5)
        with_store.append(via_store[0])
        cells = f"{plain[0]:5.2f} ({plain[1]:.2f})", f"{via_store[0]:5.2f} ({via_store[1]:.2f})"
        print(
            f"{size or 'bundled':>8} {built:9.1f} {parsed:12.2f} {cold:12.2f} {cached:9.2f} "
            f"{cells[0]:>12} {cells[1]:>12}"
        )
        if old is not None:
            _compare_imports(data, old)
            # The other tree's own copy of the store: the validation kit and the parsed queries
            # it keeps there are keyed by the code, and one shared copy would be rebuilt by
            # each tree in turn (a second of CPU on every run).
            old_store = tmp / f"store-{size}-old"
            shutil.rmtree(old_store, ignore_errors=True)
            shutil.copytree(store, old_store)
            _cli(deal, data, old_store, old, 1)
        for example in (deal, SERVER_DEAL):
            if old is not None:  # the other tree's CLI, alternating with this one's
                pairs = [
                    (_cli(example, data, store, runs_=1), _cli(example, data, old_store, old, 1))
                    for _ in range(5)
                ]
                new_cpu = statistics.median(n[1] for n, _ in pairs)
                old_cpu = statistics.median(o[1] for _, o in pairs)
                new_wall = statistics.median(n[0] for n, _ in pairs)
                old_wall = statistics.median(o[0] for _, o in pairs)
                print(
                    f"  cli+store {example.name}: new {new_wall:.2f} s ({new_cpu:.2f} CPU), "
                    f"old {old_wall:.2f} s ({old_cpu:.2f} CPU), median of 5 alternating "
                    f"(goal ≤ {CLI_GOAL_S} s)"
                )
        if server:
            time_server(store, data, [deal, SERVER_DEAL], old)
    print(f"cli with a store: goal ≤ {CLI_GOAL_S} s each (CPU seconds in brackets)", end="")
    if len(with_store) > 1:
        growth = with_store[-1] / with_store[0]
        print(f"; largest / smallest {growth:.2f}x (goal ≤ {CLI_FLAT}x)", end="")
    print()


def time_existing(store: Path, data: Path, deal: Path, server: bool) -> None:
    """`regiodeal validate` with a store built beforehand (median of 7 after one run that may
    keep the kit), and with `server` its /api/validate answers."""
    for example in (deal, SERVER_DEAL):
        _cli(example, data, store, runs_=1)
        wall, cpu = _cli(example, data, store, runs_=7)
        print(
            f"  cli+store {example.name}: {wall:.2f} s ({cpu:.2f} CPU), median of 7 "
            f"(goal ≤ {CLI_GOAL_S} s)"
        )
    if server:
        time_server(store, data, [deal, SERVER_DEAL], None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--whole", type=int, nargs="*", default=[])
    parser.add_argument("--lines", type=int, nargs="*", default=[], help="budget lines per deal")
    parser.add_argument("--cli", type=int, nargs="*", default=[], help="published sizes (0: ours)")
    parser.add_argument(
        "--server", action="store_true", help="with --cli: the server's /api/validate answer"
    )
    parser.add_argument(
        "--old", type=Path, help="with --cli: another tree's server/ directory, timed beside"
    )
    parser.add_argument(
        "--existing",
        nargs=2,
        type=Path,
        metavar=("STORE_DIR", "DATA_DIR"),
        help="time the CLI (and with --server the server) on a store already built from DATA_DIR",
    )
    args = parser.parse_args()
    reference = parse_files(reference_files(get_settings()))
    with tempfile.TemporaryDirectory() as tmp:
        if args.lines:
            time_budget_lines(reference, args.lines, Path(tmp))
        deal = Path(tmp) / "new-deal.ttl"
        deal.write_text(deal_turtle(REPO_ROOT / "examples" / "new-deal.yaml"), encoding="utf-8")
        if args.cli:
            time_cli(args.cli, deal, Path(tmp), args.server, args.old)
        if args.existing:
            store, data = args.existing
            time_existing(store, data, deal, args.server)
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
