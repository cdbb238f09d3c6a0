"""How long the `regiodeal` command takes, two source trees side by side (issue #16: ≤ 0.5 s).

    python benchmarks/bench_cli.py --old /tmp/old/server -- --version
    python benchmarks/bench_cli.py --old /tmp/old/server --runs 5 -- validate deal.ttl --store-dir S
    python benchmarks/bench_cli.py --old /tmp/old/server --goal 0.5 -- validate d.ttl --store-dir S

Runs `python -m regiodeal.cli ARGS` with this tree's server/ (new) and, with --old, another
tree's (e.g. `git archive <commit> | tar -x -C /tmp/old`), alternating the order round by round,
and prints the median wall and CPU seconds of each (with `--goal`, the goal beside them) and the
median per-round ratio new / old. On a shared machine wall seconds are noisy: read the CPU seconds
and the paired ratio. The old tree reads its own data and shapes unless REGIODEAL_DATA_DIR,
REGIODEAL_SHAPES_DIR and REGIODEAL_ONTOLOGY_DIR name this checkout's (a tree of server/ alone has
none: it would validate against no shapes). Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

NEW = Path(__file__).resolve().parents[1] / "server"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(server: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one `regiodeal ARGS` with `server` on the path."""
    env = {**os.environ, "PYTHONPATH": str(server)}
    wall, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "regiodeal.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: a deal with violations is still a full run
        raise SystemExit(done.stderr.decode()[-2000:])
    return time.perf_counter() - wall, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="another tree's server/ directory")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--goal",
        type=float,
        default=None,
        help="seconds to print beside each figure (issue #16: 0.5 for validate --store-dir)",
    )
    parser.add_argument("args", nargs="+", help="the regiodeal arguments (after --)")
    options = parser.parse_args()
    trees = {"new": NEW} | ({"old": options.old} if options.old else {})
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for round_ in range(options.runs):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for name in order:
            times[name].append(run_once(trees[name], options.args))
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        goal = f" (goal ≤ {options.goal:g} s)" if options.goal is not None else ""
        print(f"{name}: median of {options.runs}: wall {wall:.2f} s, CPU {cpu:.2f} s{goal}")
    if options.old:
        pairs = list(zip(times["new"], times["old"], strict=True))
        wall_ratio = statistics.median(n[0] / o[0] for n, o in pairs)
        cpu_ratio = statistics.median(n[1] / o[1] for n, o in pairs)
        print(f"new / old, paired per round: wall {wall_ratio:.2f}x, CPU {cpu_ratio:.2f}x")


if __name__ == "__main__":
    main()
