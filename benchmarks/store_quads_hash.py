"""Count and hash every quad of the dataset a build puts in the store, to check that a change of
the build (issue #16) leaves its content as it was.

    python benchmarks/store_quads_hash.py                                  # this tree, bundled data
    python benchmarks/store_quads_hash.py --server /tmp/old-build/server   # another tree's build
    python benchmarks/store_quads_hash.py --data D --reference 2026-12-03  # a synthetic graph

Builds the dataset in memory as the store build does (regiodeal.store.dataset.fill), renames its
blank nodes canonically (each parse names them afresh: two builds of the same sources differ
only there), sorts the N-Quads lines and prints their count and sha256. The reference date is
fixed (default 2026-12-03) so that two runs on different days compare. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import sys
from datetime import date
from pathlib import Path

from pyoxigraph import CanonicalizationAlgorithm, Dataset, RdfFormat, Store, serialize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="REGIODEAL_DATA_DIR (default: bundled)")
    parser.add_argument("--server", type=Path, default=Path(__file__).parents[1] / "server")
    parser.add_argument("--reference", type=date.fromisoformat, default=date(2026, 12, 3))
    args = parser.parse_args()
    sys.path.insert(0, str(args.server))
    if args.data:
        os.environ["REGIODEAL_DATA_DIR"] = str(args.data)
    os.environ["REGIODEAL_REFERENCE_DATE"] = args.reference.isoformat()
    dataset = importlib.import_module("regiodeal.store.dataset")
    settings = importlib.import_module("regiodeal.settings").Settings()
    store = Store()
    inferred = dataset.fill(store, dataset.source_files(settings), settings)
    quads = Dataset(store)
    quads.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted((serialize(quads, format=RdfFormat.N_QUADS) or b"").splitlines())
    digest = hashlib.sha256(b"\n".join(lines)).hexdigest()
    print(f"{args.server}: {len(lines):,} quads ({inferred:,} inferred), sha256 {digest}")


if __name__ == "__main__":
    main()
