"""Fixtures for the shape tests: a validation context with a small invented published graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from regiodeal.settings import get_settings
from regiodeal.store.files import parse_files
from regiodeal.validation import PublishedContext
from regiodeal.validation.kit import reference_files

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def reference_graph() -> Graph:
    return parse_files(reference_files(get_settings()))


@pytest.fixture(scope="session")
def test_context(reference_graph: Graph) -> PublishedContext:
    """Real reference data; as published graph the fixture in context/published.ttl."""
    published = Graph().parse(HERE / "context" / "published.ttl", format="turtle")
    return PublishedContext.build(reference_graph, published)
