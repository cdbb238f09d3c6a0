"""Virtuoso's cost estimate of each named query over the bundled data (or --data DIR).

Virtuoso refuses a query whose *estimated* cost exceeds `MaxQueryCostEstimationTime` (400 s in
Debian's virtuoso.ini) before running it, however fast it would run. The estimate grows with the
data, so a named query close to the limit breaks the external store when a source is added. This
starts a throw-away Virtuoso with the limit at 1 s, loads the graph with `regiodeal load`, and
reads each query's estimate from the refusal message; queries estimated under 1 s just run.

    PYTHONPATH=server .venv/bin/python benchmarks/virtuoso_estimates.py [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from external_store import virtuoso  # noqa: E402
from support.live import free_port  # noqa: E402

from regiodeal.settings import get_settings  # noqa: E402
from regiodeal.sparql.named_queries import NamedQuery, load_named_queries  # noqa: E402

GRAPH = "https://w3id.org/regiodeal/graph/all"
ESTIMATE = re.compile(r"estimated execution time (\d+) \(sec\)", re.IGNORECASE)
DEBIAN_LIMIT_S = 400


def load(server: virtuoso.Virtuoso, data: Path | None) -> None:
    env = {**os.environ, **({"REGIODEAL_DATA_DIR": str(data)} if data else {})}
    command = [sys.executable, "-m", "regiodeal.cli", "load", "--to", server.sparql]
    command += ["--gsp", server.graph_crud, "--user", "dba", "--password", "dba"]
    subprocess.run([*command, "--graph", GRAPH], check=True, env=env, capture_output=True)


def estimate(server: virtuoso.Virtuoso, query: NamedQuery) -> str:
    defaults = {p.name: p.parsed_default() for p in query.params}
    sparql = query.bind(defaults)
    response = httpx.post(
        server.sparql,
        data={"query": sparql, "default-graph-uri": GRAPH},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    if response.status_code == 200:
        return "< 1"
    found = ESTIMATE.search(response.text)
    return found.group(1) if found else f"error {response.status_code}: {response.text[:80]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="data directory (default: the bundled data)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        overrides = {"MaxQueryCostEstimationTime": "1"}
        server = virtuoso.start(Path(directory), free_port(), free_port(), overrides)
        try:
            load(server, args.data)
            figures = [
                (q.name, estimate(server, q))
                for q in load_named_queries(get_settings().queries_dir)
            ]
        finally:
            virtuoso.stop(server)
    print(f"| named query | Virtuoso estimate (s) | limit {DEBIAN_LIMIT_S} s |")
    print("| --- | ---: | --- |")
    for name, seconds in sorted(figures, key=lambda f: -int(f[1]) if f[1].isdigit() else 0):
        share = f"{int(seconds) / DEBIAN_LIMIT_S:.0%}" if seconds.isdigit() else ""
        print(f"| {name} | {seconds} | {share} |")


if __name__ == "__main__":
    main()
