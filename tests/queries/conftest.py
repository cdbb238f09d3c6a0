"""Run the named queries of queries/ on the bundled graph, as the endpoint does (pyoxigraph with
the materialised inferences), and give their rows as plain Python values.

The expected answers in test_query_library.py are counted by hand from the sources, for the deals
in data/ttl when they were counted. A deal added later through the YAML template (`regiodeal new`;
its source document is <document/invoer-SLUG>) must not break them (issue #14), so:
- a test of one row per deal compares the rows of the deals it counted, without `added_deals`;
- a test of a total over deals (per tranche, ministry, province, year) runs with `curated_query`:
  the same query on the graph without the added deals' files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store
from rdflib import Graph, URIRef
from rdflib.namespace import XSD
from support.added import added_deals as added_deals_of

from regiodeal.namespaces import ID
from regiodeal.settings import Settings, get_settings
from regiodeal.sparql.named_queries import parse_named_query
from regiodeal.store.dataset import bundled_dataset

Row = dict[str, object]


def python_value(term: object) -> object:
    """Decimals stay exact; IRIs of our own /id/ space are shortened to their path."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value.removeprefix(str(ID))
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype == str(XSD.decimal):
            return Decimal(term.value)
        if datatype == str(XSD.integer):
            return int(term.value)
        return term.value
    return str(term)


def authored_deals(path: Path) -> set[URIRef]:
    """The deals of a Turtle file that `regiodeal new` wrote from the YAML template."""
    return added_deals_of(Graph().parse(path, format="turtle"))


def added_deal_files(settings: Settings) -> list[Path]:
    return [p for p in sorted(settings.data_dir.rglob("*.ttl")) if authored_deals(p)]


@pytest.fixture(scope="session")
def added_deals() -> set[str]:
    """The added deals, as the rows name them ("regiodeal/voorbeeldwijk")."""
    return {
        str(deal).removeprefix(str(ID))
        for path in added_deal_files(get_settings())
        for deal in authored_deals(path)
    }


@pytest.fixture(scope="session")
def curated_store(query_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The graph the hand counts are about: data/ttl without the added deals' files."""
    settings = get_settings()
    added = added_deal_files(settings)
    if not added:
        return query_store
    data_dir = tmp_path_factory.mktemp("curated") / "ttl"
    shutil.copytree(settings.data_dir, data_dir)
    for path in added:
        (data_dir / path.relative_to(settings.data_dir)).unlink()
    return bundled_dataset(settings.model_copy(update={"data_dir": data_dir}))


def runner(store: Store) -> Callable[..., list[Row]]:
    queries_dir: Path = get_settings().queries_dir

    def run(name: str, **params: object) -> list[Row]:
        query = parse_named_query(queries_dir / f"{name}.rq")
        values = {p.name: p.parsed_default() for p in query.params}
        values.update(params)
        missing = [p.name for p in query.params if values.get(p.name) is None]
        assert not missing, f"{name}: required parameters {missing}"
        solutions = store.query(query.bind(values))
        assert isinstance(solutions, QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: python_value(s[n]) for n in names} for s in solutions]

    return run


@pytest.fixture(scope="session")
def run_query(query_store: Store) -> Callable[..., list[Row]]:
    return runner(query_store)


@pytest.fixture(scope="session")
def curated_query(curated_store: Store) -> Callable[..., list[Row]]:
    return runner(curated_store)
