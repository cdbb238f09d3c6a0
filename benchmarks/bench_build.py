"""Time each phase of a fresh store build (issue #16: ready <= 90 s fresh at 15,000 deals).

    python benchmarks/generate_synthetic.py --deals 500 --out D
    python benchmarks/bench_build.py --data D --store-dir S               # this tree's server/
    python benchmarks/bench_build.py --data D --store-dir S --server /tmp/old-build/server

Runs regiodeal.store.build's build (in this process, no server) with the functions named in
PHASES wrapped by a timer, and prints each phase's wall and CPU time (time.process_time: every
thread of the process, so the engine's own threads count) and the process's peak RSS. A phase
that the tree does not have is left out, so that an older tree can be timed with the same
command; nested phases (participations within materialise) are printed indented, and "rest" is
the build's time outside the top-level phases (RocksDB's optimize and flush before the #16
change; the manifest).
Prints the load average: the machine is shared. Not a test.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (module, function, depth): depth 1 phases are inside a depth 0 phase
PHASES = (
    ("regiodeal.store.dataset", "load_sources", 0),
    ("regiodeal.store.dataset", "_load_files", 1),
    ("regiodeal.store.dataset", "_copy_to_default_graph", 1),
    ("regiodeal.store.inference", "materialise", 0),
    ("regiodeal.store.inference", "_closure", 1),
    ("regiodeal.store.derived", "participations", 1),
    ("regiodeal.store.build", "_graph_sizes", 0),
    ("regiodeal.store.build", "_write_search_index", 0),
    ("regiodeal.store.build", "_bulk_copy", 0),
    ("regiodeal.store.build", "_dump", 0),
    ("regiodeal.store.build", "_write_rocksdb", 0),
    ("regiodeal.store.build", "store_files", 0),
    ("regiodeal.store.build", "_with_snapshot", 0),
)

timings: dict[str, list[float]] = {}


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent = timings.setdefault(name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu

    return wrapper


def _wrap_phases() -> list[tuple[str, int]]:
    present = []
    for module_name, function, depth in PHASES:
        module = importlib.import_module(module_name)
        if hasattr(module, function):
            setattr(module, function, _timed(function, getattr(module, function)))
            present.append((function, depth))
    return present


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="REGIODEAL_DATA_DIR (default: bundled)")
    parser.add_argument("--store-dir", type=Path, required=True, help="emptied first")
    parser.add_argument("--server", type=Path, default=Path(__file__).parents[1] / "server")
    args = parser.parse_args()
    sys.path.insert(0, str(args.server))
    if args.data:
        os.environ["REGIODEAL_DATA_DIR"] = str(args.data)
    shutil.rmtree(args.store_dir, ignore_errors=True)
    build = importlib.import_module("regiodeal.store.build")
    settings = importlib.import_module("regiodeal.settings").Settings()
    phases = _wrap_phases()
    wall, cpu = time.perf_counter(), time.process_time()
    info = build._build(settings, args.store_dir)
    total = (time.perf_counter() - wall, time.process_time() - cpu)
    print(f"{args.server}, data {args.data or 'bundled'}: {info.quads:,} quads")
    print(f"load average (1, 5 min): {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"{'phase':34} {'wall s':>8} {'cpu s':>8}")
    for name, depth in phases:
        if name in timings:
            print(f"{'  ' * depth + name:34} {timings[name][0]:8.2f} {timings[name][1]:8.2f}")
    top = [timings[n] for n, d in phases if d == 0 and n in timings]
    rest = (total[0] - sum(t[0] for t in top), total[1] - sum(t[1] for t in top))
    print(f"{'rest':34} {rest[0]:8.2f} {rest[1]:8.2f}")
    print(f"{'build total':34} {total[0]:8.2f} {total[1]:8.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
