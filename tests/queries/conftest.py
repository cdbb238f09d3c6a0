"""Run the named queries of queries/ on the bundled graph, as the endpoint does (pyoxigraph with
the materialised inferences), and give their rows as plain Python values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store
from rdflib.namespace import XSD

from regiodeal.namespaces import ID
from regiodeal.settings import get_settings
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


@pytest.fixture(scope="session")
def query_store() -> Store:
    return bundled_dataset(get_settings())


@pytest.fixture(scope="session")
def run_query(query_store: Store) -> Callable[..., list[Row]]:
    queries_dir: Path = get_settings().queries_dir

    def run(name: str, **params: object) -> list[Row]:
        query = parse_named_query(queries_dir / f"{name}.rq")
        values = {p.name: p.parsed_default() for p in query.params}
        values.update(params)
        missing = [p.name for p in query.params if values.get(p.name) is None]
        assert not missing, f"{name}: required parameters {missing}"
        solutions = query_store.query(query.bind(values))
        assert isinstance(solutions, QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: python_value(s[n]) for n in names} for s in solutions]

    return run
