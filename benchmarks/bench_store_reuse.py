"""What verifying a store directory on reuse costs at start-up, next to what it saves.

    python benchmarks/bench_store_reuse.py              # bundled graph
    python benchmarks/bench_store_reuse.py --reps 20

Builds the bundled graph's store and dumps once in a temporary directory, then times (median of
--reps): a reuse of the store (manifest read, manifest checksum, sha256 of every RocksDB file), a
reuse of the dumps (sha256 of every dump), and, for scale, a full rebuild. Prints a table with
the goal beside each figure; not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from regiodeal.publishing.dumps import write_dumps  # noqa: E402
from regiodeal.settings import Settings  # noqa: E402
from regiodeal.store.build import build_store  # noqa: E402


def _median_ms(action: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _size_mb(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="bench-reuse-") as tmp:
        directory = Path(tmp) / "store"
        started = time.perf_counter()
        info = build_store(settings, directory)
        build_ms = (time.perf_counter() - started) * 1000
        downloads = directory / "downloads"
        write_dumps(info, downloads, {})
        store_ms = _median_ms(lambda: build_store(settings, directory), args.reps)
        dumps_ms = _median_ms(lambda: write_dumps(info, downloads, {}), args.reps)
        rows = [
            ("store reuse, verified", _size_mb(info.oxigraph_path), store_ms, "< 100 ms"),
            ("dump reuse, verified", _size_mb(downloads), dumps_ms, "< 100 ms"),
            ("store build (for scale)", _size_mb(info.oxigraph_path), build_ms, "-"),
        ]
    print("| step | data (MB) | median (ms) | goal |\n| --- | ---: | ---: | --- |")
    for name, size, ms, goal in rows:
        print(f"| {name} | {size:.1f} | {ms:.1f} | {goal} |")


if __name__ == "__main__":
    main()
