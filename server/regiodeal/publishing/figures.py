"""The README's figures (deals, tranches, organisations, sources), generated from the data.

The numbers come from the named query `graph-contents` run on the bundled dataset (sources plus
inferences, as the endpoint holds them), so the README states what a client's SPARQL sees and
cannot drift from the data: `tests/publishing/test_readme_figures.py` fails when the README's block
differs from what `regiodeal docs --readme` would write.
"""

from __future__ import annotations

from pyoxigraph import Literal, Store

from regiodeal.settings import Settings
from regiodeal.store.dataset import bundled_dataset

QUERY = "graph-contents"
START = "<!-- figures: written by `regiodeal docs --readme` from queries/graph-contents.rq -->"
END = "<!-- end of figures -->"


def figures(store: Store, settings: Settings) -> list[tuple[str, int]]:
    """(what, how many) in the query's order."""
    text = (settings.queries_dir / f"{QUERY}.rq").read_text(encoding="utf-8")
    rows = []
    for solution in store.query(text):  # type: ignore[union-attr]
        kind, count = solution["kind"], solution["count"]
        if not isinstance(kind, Literal) or not isinstance(count, Literal):
            raise ValueError(f"{QUERY}.rq must bind ?kind and ?count to literals")
        rows.append((kind.value, int(count.value)))
    return rows


def markdown(rows: list[tuple[str, int]]) -> str:
    lines = [START, "", "| the graph holds | number |", "| --- | ---: |"]
    lines += [f"| {kind} | {count:,} |" for kind, count in rows]
    return "\n".join([*lines, "", END])


def with_figures(readme: str, block: str) -> str:
    """The README with its figures block replaced by `block` (ValueError if it has none)."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no figures block ({START} … {END})")
    return readme[:start] + block + readme[end + len(END) :]


def readme_block(settings: Settings) -> str:
    return markdown(figures(bundled_dataset(settings), settings))
