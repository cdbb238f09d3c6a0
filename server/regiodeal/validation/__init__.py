"""Validation of Regio Deals against the SHACL shapes in shapes/.

Owns the engine (the shapes compiled to whole-graph pyoxigraph queries, pySHACL for anything
not compiled, in a deal's published context), the shapes and what a report needs of
them, reading submitted files, the report formats, and the HTTP side: the validation service
(worker processes with a time limit: pool, worker), the `/api/validate` and `/validate` router,
the rules page and the worklist.

A deal may also be the YAML authoring template (`yaml_input`): it is built by
`regiodeal.authoring`, and each finding then names the YAML field, line and column.

May import: `regiodeal.sparql` (negotiation only), `regiodeal.authoring` (the YAML template),
`regiodeal.store`, `regiodeal.settings`,
`regiodeal.namespaces`, `regiodeal.processes`, `regiodeal.deps`, `regiodeal.urls`. Never the pages,
publishing or the CLI.

context = PublishedContext.from_settings()   # once: reference data + published-graph indexes
report = validate_files([Path("deal.ttl")], context)
report.conforms, report.violations, report.warnings
"""

from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import Finding, Report, validate_files, validate_graph
from regiodeal.validation.reading import InputError, read_files

__all__ = [
    "Finding",
    "InputError",
    "PublishedContext",
    "Report",
    "read_files",
    "validate_files",
    "validate_graph",
]
