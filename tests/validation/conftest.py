"""The shape tests' validation context (real reference data, the invented published fixture)."""

from __future__ import annotations

from shapes.conftest import reference_graph, test_context  # noqa: F401  # shared fixtures
