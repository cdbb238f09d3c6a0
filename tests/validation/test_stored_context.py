"""The validation context read from a built store (issue #16) is the one parsed from the files:
same indexes, same context graph for every bundled deal, and it is cached by fingerprint."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from regiodeal.settings import get_settings
from regiodeal.validation import context as context_module
from regiodeal.validation.context import CACHE, PublishedContext


@pytest.fixture(scope="module")
def parsed() -> PublishedContext:
    return PublishedContext.from_settings(get_settings())


def stored(store_dir: Path) -> PublishedContext:
    return PublishedContext.from_settings(
        get_settings().model_copy(update={"store_dir": store_dir})
    )


@pytest.mark.slow  # reason: every deal file parsed and given both contexts (~10 s)
def test_stored_context_equals_the_parsed_one(
    parsed: PublishedContext, bundled_store: Path
) -> None:
    context = stored(bundled_store)
    assert context.lookups is not None  # read from the store, not parsed
    assert context.titles == parsed.titles
    assert context.tranche_contributions == parsed.tranche_contributions
    assert context.source_contributions == parsed.source_contributions
    for deal in sorted((get_settings().data_dir / "deals").glob("*.ttl")):
        data = Graph().parse(deal)
        ours, theirs = context.graph_for(data), parsed.graph_for(data)
        assert signature(ours) == signature(theirs), deal.name


def signature(graph: Graph) -> tuple[set[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """The ground triples, and the blank-node triples with each blank node written as `_`.

    (rdflib's isomorphism test is exponential on the hundreds of fact-source blank nodes the
    web publications add; this comparison is linear and still fails on any changed value.)"""
    ground = {t for t in graph if not any(isinstance(term, BNode) for term in t)}
    blank = Counter(
        tuple("_" if isinstance(term, BNode) else term for term in t)
        for t in graph
        if any(isinstance(term, BNode) for term in t)
    )
    return ground, blank


def test_cache_is_keyed_by_the_sources_fingerprint(bundled_store: Path) -> None:
    first = stored(bundled_store)
    cache = bundled_store / CACHE
    data = json.loads(cache.read_text())
    assert data["fingerprint"] == first.lookups.key  # type: ignore[union-attr]
    # A cache of other sources is not believed: the indexes are read from the store again.
    data["fingerprint"] = "other sources"
    data["titles"] = {}
    cache.write_text(json.dumps(data))
    again = stored(bundled_store)
    assert again.titles == first.titles and again.titles
    assert json.loads(cache.read_text())["fingerprint"] == first.lookups.key  # type: ignore[union-attr]


def test_store_of_other_sources_is_not_used(tmp_path: Path, bundled_store: Path) -> None:
    # a copy of the data with one deal less: the store's fingerprint does not match
    data = tmp_path / "data"
    for path in get_settings().data_dir.rglob("*.ttl"):
        if path.name != "delft-west.ttl":
            target = data / path.relative_to(get_settings().data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    settings = get_settings().model_copy(update={"data_dir": data, "store_dir": bundled_store})
    context = PublishedContext.from_settings(settings)
    assert context.lookups is None and len(context.published) > 0  # parsed instead


def test_lookups_asked_in_small_batches_are_the_same(
    parsed: PublishedContext, bundled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IRIs a deal refers to are looked up in batches (LOOKUP_CHUNK per query): batches of 7
    split Delft West's 361 IRIs into 52 queries, whose answers together are the parsed lookups."""
    monkeypatch.setattr(context_module, "LOOKUP_CHUNK", 7)
    data = Graph().parse(get_settings().data_dir / "deals" / "delft-west.ttl")
    ours, theirs = stored(bundled_store).graph_for(data), parsed.graph_for(data)
    assert len(ours) > len(theirs) // 2 > 0
    assert signature(ours) == signature(theirs)
