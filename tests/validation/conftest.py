"""The shape tests' validation context (real reference data, the invented published fixture)."""

from __future__ import annotations

import pytest
from shapes.conftest import reference_graph, test_context  # noqa: F401  # shared fixtures


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes longer than 10 s (the reason is beside it)")
