"""Validation of Regio Deals against the SHACL shapes in shapes/ (library used by the CLI and API).

context = PublishedContext.from_settings()   # once: reference data + published-graph indexes
report = validate_files([Path("deal.ttl")], context)
report.conforms, report.violations, report.warnings
"""

from .context import PublishedContext
from .engine import Finding, Report, validate_files, validate_graph
from .reading import InputError, read_files

__all__ = [
    "Finding",
    "InputError",
    "PublishedContext",
    "Report",
    "read_files",
    "validate_files",
    "validate_graph",
]
