"""Shared fixtures: the bundled graph, parsed once per test session."""

from __future__ import annotations

import pytest
from rdflib import Graph

from regiodeal.store.files import load_graph


@pytest.fixture(scope="session")
def graph() -> Graph:
    """Ontology + all of data/ttl, as an rdflib Graph."""
    return load_graph()
