"""Run the named queries of queries/ on the bundled graph, as the endpoint does (pyoxigraph with
the materialised inferences), and give their rows as plain Python values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from regiodeal.settings import get_settings
from regiodeal.sparql.named_queries import parse_named_query
from regiodeal.store import inference
from regiodeal.store.build import inferred_graph, load_sources, source_files

XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/regiodeal/id/"
Row = dict[str, object]


def python_value(term: object) -> object:
    """Decimals stay exact; IRIs of our own /id/ space are shortened to their path."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value.removeprefix(ID)
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype == XSD + "integer":
            return int(term.value)
        return term.value
    return str(term)


@pytest.fixture(scope="session")
def query_store() -> Store:
    settings = get_settings()
    store = Store()
    load_sources(store, source_files(settings), settings)
    inference.materialise(store, inferred_graph(settings))
    return store


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
