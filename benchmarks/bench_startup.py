"""Start-up time and memory of `regiodeal serve` (issue #16: ready < 10 s reused, <= 90 s fresh at
15,000 deals; main process < 1 GB).

    python benchmarks/generate_synthetic.py --deals 1500 --out D
    python benchmarks/bench_startup.py --data D --store-dir S          # fresh: S is emptied first
    python benchmarks/bench_startup.py --data D --store-dir S --reuse  # S as a previous run left it

Starts the server, times until it answers `ASK {}` (ready: the lifespan has finished), then waits
for the dumps (the log line "downloads: ready"), sampling the resident memory of the server
process every 0.1 s and that of all its descendants twice a second. Prints the main process's
peak (VmHWM, exact) and the sampled peak of the descendants (the store build, the dump writer and
the worker processes).
Prints the CPU time spent until ready (the server process, its children it has waited for and
every live descendant: the worker processes) and the server's own start-up lines (regiodeal.app
logs when the store and first query worker are ready, then the description, search index,
validation workers and dumps behind it).
Prints the load average beside the figures: the machine is shared. Not a test.

To compare with another commit, run its server/ tree (`--server`) on this checkout's data
(ontology/, data/ttl, shapes/, queries/ are passed as REGIODEAL_* variables: an exported server/
alone would serve an empty graph) and alternate the runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from the parent ids in /proc/*/stat."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: list[int] = []
    wanted = {pid}
    while True:
        more = [child for child, parent in parents.items() if parent in wanted]
        more = [child for child in more if child not in found]
        if not more:
            return found
        found += more
        wanted = set(more)


class Sampler(threading.Thread):
    """Peak resident memory of the server and of its descendants (their sum; the largest)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.main_kb = 0
        self.children_kb = 0
        self.largest_child_kb = 0
        self.running = True

    def run(self) -> None:
        tick = 0
        while self.running:
            self.main_kb = max(self.main_kb, _status_kb(self.pid, "VmRSS"))
            if tick % 5 == 0:  # reading every /proc/*/stat costs: twice a second is enough
                sizes = [_status_kb(c, "VmRSS") for c in _descendants(self.pid)]
                self.children_kb = max(self.children_kb, sum(sizes))
                self.largest_child_kb = max([self.largest_child_kb, *sizes])
            tick += 1
            time.sleep(0.1)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int, children_waited: bool = False) -> float:
    """utime + stime of `pid` (and of its children it has waited for), from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children_waited:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def cpu_tree(pid: int) -> float:
    """CPU seconds of `pid` and every process below it (bench_validate waits on it too)."""
    return _cpu_seconds(pid, children_waited=True) + sum(
        _cpu_seconds(child) for child in _descendants(pid)
    )


MARKS = {  # uvicorn's lines: the imports are done, the lifespan has finished
    "Waiting for application startup": "imports done, lifespan starts",
    "Application startup complete": "lifespan done (accepts requests)",
}


def _wait_ready(
    base: str, process: subprocess.Popen[bytes], limit: float, log: Path
) -> tuple[float, dict[str, float]]:
    """Seconds until `ASK {}` is answered, and when each line of MARKS appeared in the log."""
    started = time.monotonic()
    seen: dict[str, float] = {}
    while time.monotonic() < started + limit:
        text = log.read_text(errors="replace")
        for line in MARKS:
            if line in text and line not in seen:
                seen[line] = time.monotonic() - started
        try:
            httpx.post(f"{base}/sparql", data={"query": "ASK {}"}, timeout=5)
            ready = time.monotonic() - started
            text = log.read_text(errors="replace")
            return ready, {line: seen.get(line, ready) for line in MARKS if line in text}
        except httpx.TransportError:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}") from None
            time.sleep(0.1)
    raise SystemExit(f"not ready in {limit} s")


def _wait_log(log: Path, text: str, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() < started + limit:
        if text in log.read_text(errors="replace"):
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="REGIODEAL_DATA_DIR (default: bundled)")
    parser.add_argument("--store-dir", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true", help="keep the store directory")
    parser.add_argument("--limit", type=float, default=900, help="give up after this many s")
    parser.add_argument(
        "--server",
        type=Path,
        default=REPO / "server",
        help="the server/ tree to run (another"
        " commit's: git archive COMMIT | tar -x -C /tmp/old, then /tmp/old/server)",
    )
    args = parser.parse_args()
    if not args.reuse and args.store_dir.exists():
        shutil.rmtree(args.store_dir)
    env = {**os.environ, "PYTHONPATH": str(args.server)}
    for name, path in [("ONTOLOGY", "ontology"), ("SHAPES", "shapes"), ("QUERIES", "queries")]:
        env.setdefault(f"REGIODEAL_{name}_DIR", str(REPO / path))
    env["REGIODEAL_DATA_DIR"] = str(args.data or REPO / "data" / "ttl")
    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="bench-startup-", suffix=".log")[1])
    command = [sys.executable, "-m", "regiodeal.cli", "serve", "--port", str(port)]
    command += ["--store-dir", str(args.store_dir)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    sampler = Sampler(process.pid)
    sampler.start()
    try:
        ready, marks = _wait_ready(f"http://127.0.0.1:{port}", process, args.limit, log)
        main_at_ready = _status_kb(process.pid, "VmHWM")
        cpu_main, cpu_all = _cpu_seconds(process.pid), cpu_tree(process.pid)
        dumps = _wait_log(log, "downloads: ready", args.limit)
        main_peak = _status_kb(process.pid, "VmHWM")
    finally:
        sampler.running = False
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
    load = os.getloadavg()
    mode = "reused store" if args.reuse else "fresh store"
    print(f"{mode}, data {args.data or 'bundled'}, {args.server}")
    print(f"load average (1, 5 min) at the end: {load[0]:.2f} {load[1]:.2f}")
    print(f"{'figure':44} {'measured':>12}  goal")
    goal = "< 3 s bundled; < 10 s reused, <= 90 s fresh (15,000)"
    print(f"{'ready (answers ASK {})':44} {ready:10.1f} s  {goal}")
    dumps_text = f"{dumps:10.1f} s" if dumps is not None else "   not seen"
    print(f"{'dumps written, after ready':44} {dumps_text}  in the background")
    print(f"{'main process peak RSS at ready (VmHWM)':44} {main_at_ready / 1024:9.0f} MB  < 1 GB")
    print(f"{'main process peak RSS, dumps included':44} {main_peak / 1024:9.0f} MB  < 1 GB")
    print(f"{'descendants, sampled peak (sum)':44} {sampler.children_kb / 1024:9.0f} MB  -")
    print(f"{'largest descendant, sampled peak':44} {sampler.largest_child_kb / 1024:9.0f} MB  -")
    for line, what in MARKS.items():
        at = f"{marks[line]:10.1f} s" if line in marks else "   not seen"
        print(f"{what:44} {at}  -")
    print(f"{'CPU until ready: server process':44} {cpu_main:10.1f} s  -")
    print(f"{'CPU until ready: with its descendants':44} {cpu_all:10.1f} s  -")
    for line in log.read_text(errors="replace").splitlines():
        if "start-up:" in line or "validation:" in line or "downloads: ready" in line:
            print(f"  log: {line.split(':', 1)[1].strip()}")
    print(f"server log: {log}")


if __name__ == "__main__":
    main()
