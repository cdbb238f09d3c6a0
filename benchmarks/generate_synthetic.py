"""Write a synthetic Regio Deals graph for benchmarks: the bundled deals, cloned (not real data).

    python benchmarks/generate_synthetic.py --deals 1500 --out /tmp/synthetic

Writes OUT/reference/ (a copy of data/ttl/reference), OUT/deals/ and OUT/sources/: first the
bundled deal and source files unchanged (so every named query's default parameters name IRIs that
exist), then clones of them until there are `--deals` deals. Clone k of a deal renames every IRI
under `…/regiodeal/id/` that the bundled deals and sources mint (not the reference data's
ministries, municipalities, tranches and code lists) by appending `-k` to its last segment, and
appends ` (k)` to labels and citation titles, so each clone is a distinct deal with the same shape:
the same predicate mix, document-part depth, provenance and discrepancies as the real deals, and
every named query returns rows at every size. Each source document is cloned with the deals that
cite it. Serve it with REGIODEAL_DATA_DIR=OUT.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "ttl"
ID = "https://w3id.org/regiodeal/id/"
RENAMED_LITERALS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://w3id.org/regiodeal/def#citationTitle",
}
Term = NamedNode | BlankNode | Literal


def _triples(path: Path) -> list[Triple]:
    return [q.triple for q in parse(path=str(path), format=RdfFormat.TURTLE, base_iri=ID)]


def _subjects(paths: Iterable[Path]) -> set[str]:
    return {t.subject.value for p in paths for t in _triples(p) if isinstance(t.subject, NamedNode)}


def _clone(triples: list[Triple], minted: set[str], k: int) -> Iterator[Triple]:
    def term(node: Term) -> Term:
        if isinstance(node, NamedNode) and node.value in minted:
            return NamedNode(f"{node.value}-{k}")
        return node

    for t in triples:
        obj = t.object
        if isinstance(obj, Literal) and t.predicate.value in RENAMED_LITERALS:
            obj = Literal(f"{obj.value} ({k})", language=obj.language or None)
        yield Triple(term(t.subject), t.predicate, term(obj))  # type: ignore[arg-type]


def _write(path: Path, triples: Iterable[Triple]) -> None:
    # N-Triples is Turtle, and the fastest for the store's loader to read.
    quads = (Quad(t.subject, t.predicate, t.object) for t in triples)
    path.write_bytes(serialize(quads, format=RdfFormat.N_QUADS) or b"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1500)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    deals = sorted((DATA / "deals").glob("*.ttl"))
    sources = sorted((DATA / "sources").glob("*.ttl"))
    # IRIs the deals and sources describe or link to under id/, minus the reference data's own.
    minted = _subjects(deals + sources) - _subjects((DATA / "reference").glob("*.ttl"))
    minted = {iri for iri in minted if iri.startswith(ID)}
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(DATA / "reference", args.out / "reference")
    shutil.copytree(DATA / "deals", args.out / "deals")
    shutil.copytree(DATA / "sources", args.out / "sources")
    parsed = {p: _triples(p) for p in deals + sources}
    clones = max(0, args.deals - len(deals))
    for n in range(clones):
        k = 1 + n // len(deals)
        deal = deals[n % len(deals)]
        _write(args.out / "deals" / f"{deal.stem}-{k}.ttl", _clone(parsed[deal], minted, k))
        if n % len(deals) == len(deals) - 1 or n == clones - 1:  # a round of clones done
            for source in sources:
                out = args.out / "sources" / f"{source.stem}-{k}.ttl"
                _write(out, _clone(parsed[source], minted, k))
    print(f"wrote {len(deals) + clones} deals ({clones} clones) to {args.out}")


if __name__ == "__main__":
    main()
