"""Validating a deal graph in its context (the compiled checks of bulk.py, pySHACL for any
constraint they do not cover) and turning the results into findings."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from regiodeal.namespaces import RD
from regiodeal.settings import Settings, get_settings
from regiodeal.validation.bulk import Plan, plan, run, to_store
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.kit import Kit, validation_kit
from regiodeal.validation.reading import read_files
from regiodeal.validation.shapes import (
    fill_component_messages,
    localised_messages,
    shape_info,
)
from regiodeal.validation.wording import humanise, integer_hint

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

# By sh:resultSeverity, which may be any node or missing (read as a violation).
SEVERITIES: dict[Node | None, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}


class PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once per process (`queries.prepared`).

    pySHACL sends the same query text of a sh:sparql constraint for every focus node, and rdflib
    re-parses it each time: that parsing was 75% of the time of validating one deal.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            from regiodeal.validation import queries  # rdflib's SPARQL parser: only for pySHACL

            query_object = queries.prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@dataclass
class Finding:
    """One validation result, with what a reader needs to act on it."""

    deal: str | None
    section: str
    severity: str
    shape: str
    shape_name: dict[str, str]
    message: dict[str, str]
    focus: str
    path: str | None
    value: str | None
    legal_basis: tuple[str, ...]
    citation: dict[str, str]
    contextual: bool
    # sh:sourceConstraintComponent, and sh:value's datatype or language (a literal keeps its type)
    component: str | None = None
    value_datatype: str | None = None
    value_lang: str | None = None
    # for a deal written as a YAML template: the field and the place the finding points to
    source_field: str | None = None
    line: int | None = None
    column: int | None = None

    def text(self, field_name: str, lang: str) -> str:
        texts: dict[str, str] = getattr(self, field_name)
        return texts.get(lang) or texts.get("") or next(iter(texts.values()), "")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    deals: dict[str, str] = field(default_factory=dict)  # deal IRI -> label
    files: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """sh:conforms as SHACL defines it: no validation result at all, warnings included."""
        return not self.findings

    @property
    def passes(self) -> bool:
        """The exit-code policy: a deal passes when no shape reports a violation (warnings
        are allowed). Stated apart from `conforms`, which SHACL defines."""
        return not self.violations


def validate_files(
    paths: list[Path], context: PublishedContext | None = None, settings: Settings | None = None
) -> Report:
    """Read the files (InputError if unreadable) and validate them together as one input."""
    settings = settings or get_settings()
    report = validate_graph(read_files(paths, settings), context, settings)
    report.files = [str(p) for p in paths]
    return report


def validate_graph(
    data: Graph,
    context: PublishedContext | None = None,
    settings: Settings | None = None,
    bulk: bool = True,
) -> Report:
    """Validate `data` (one or more deals) in `context`; findings only about nodes of `data`.

    `bulk=False` leaves every constraint to pySHACL (the reference the fast path is tested
    against, tests/validation/test_bulk.py)."""
    settings = settings or get_settings()
    context = context or PublishedContext.from_settings(settings, published=False)
    kit = validation_kit(settings)
    shapes = kit.shapes
    if bulk and not kit.plan.needs_pyshacl:
        results, data_graph = _compiled_results(data, context, kit.plan)
    else:
        results, data_graph = _pyshacl_path(data, context, shapes, bulk, kit, settings)
    owners = deal_owners(data)
    findings = one_per_defect(
        [
            _finding(results, shapes, result, owners, data_graph)
            for result in top_results(results, set(data.subjects()))
        ]
    )
    findings.sort(
        key=lambda f: (f.deal or "~", f.section, f.severity != "Violation", f.shape, f.focus)
    )
    deals = {str(d): str(data.value(d, RDFS.label) or d) for d in owners.values() if d is not None}
    return Report(findings=findings, deals=dict(sorted(deals.items())))


def _compiled_results(
    data: Graph, context: PublishedContext, compiled: Plan
) -> tuple[Graph, Graph]:
    """The results of the compiled checks alone, and the graph the findings read labels from.

    The reference data is not copied into an rdflib graph for each input (0.06 s of CPU): the
    store gets its quads, converted once per process, and labels and literals are read through
    a view of both graphs."""
    extras = context.graph_for(data, reference=False)
    extras += data
    view = UnionView([context.reference, extras])
    results = Graph()
    run(compiled.checks, to_store(extras, base=context.reference), view, results)
    return results, view


def _pyshacl_path(
    data: Graph,
    context: PublishedContext,
    shapes: Graph,
    bulk: bool,
    kit: Kit,
    settings: Settings,
) -> tuple[Graph, Graph]:
    """pySHACL for what is not compiled (all, without `bulk`), the compiled checks for the rest;
    the queries pySHACL sends parsed once (kept in the store directory)."""
    from regiodeal.validation import queries

    data_graph = context.graph_for(data, into=PreparedQueryGraph())
    data_graph += data
    queries.load(settings.store_dir, kit.key)  # as parsed by an earlier process
    results = shacl_results(data_graph, shapes, bulk=bulk, compiled=kit.plan)
    queries.save(settings.store_dir, kit.key)  # any query parsed for the first time
    return results, data_graph


class UnionView(ReadOnlyGraphAggregate):
    """Read-only view of several graphs; a triple in more than one is given once (as one graph
    holding them all would give it)."""

    def triples(self, triple: Any) -> Any:  # type: ignore[override]  # as the parent's
        if len(self.graphs) == 1:
            yield from super().triples(triple)
            return
        seen: set[object] = set()
        for found in super().triples(triple):
            if found not in seen:
                seen.add(found)
                yield found


def shacl_results(
    data_graph: Graph, shapes: Graph, bulk: bool = True, compiled: Plan | None = None
) -> Graph:
    """The validation results of `data_graph` (sh:ValidationResult nodes).

    With `bulk`, the constraints that bulk.py compiles run as whole-graph queries on
    pyoxigraph (linear in the input) and pySHACL checks the rest, if any; without, pySHACL
    checks all. `compiled` is `plan(shapes)` when the caller has it (the validation kit).
    """
    compiled = (compiled or plan(shapes)) if bulk else None
    if compiled is None or compiled.needs_pyshacl:
        residual = compiled.residual if compiled is not None else shapes
        results = _pyshacl_results(data_graph, residual, shapes)
    else:
        results = Graph()  # everything compiled: pySHACL is not even imported
    if compiled is not None:
        run(compiled.checks, to_store(data_graph), data_graph, results)
    return results


def _pyshacl_results(data_graph: Graph, residual: Graph, shapes: Graph) -> Graph:
    # Imported here: pySHACL's imports alone cost ~0.5 s of every `regiodeal validate`
    # (issue #16), and the shapes of shapes/*.ttl compile whole.
    import pyshacl

    _, results, _ = pyshacl.validate(
        data_graph,
        shacl_graph=residual,
        inference="none",
        allow_warnings=True,
        do_owl_imports=False,  # never fetch what the input names
        inplace=True,  # data_graph is our own copy
    )
    fill_component_messages(results, shapes, data_graph)
    return cast(Graph, results)


def top_results(results: Graph, described: set[Node]) -> list[Node]:
    """The validation results about nodes of the input, without the nested results pySHACL
    hangs under a sh:node result (sh:detail: why the value does not conform). Those are no
    results of the report (SHACL 3.6.2.7), have pySHACL's English text only, and the fast path
    never makes them."""
    nested = set(results.objects(None, SH.detail))
    return [
        result
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if result not in nested and results.value(result, SH.focusNode) in described
    ]


def deal_owners(data: Graph) -> dict[Node, URIRef]:
    """Every node reachable from a deal (along outgoing links in `data`) mapped to that deal."""
    deals = sorted({d for d in data.subjects(RDF.type, RD.RegioDeal) if isinstance(d, URIRef)})
    # Every deal owns itself first: a deal that another links to (rd:predecessor) stays a deal.
    owners: dict[Node, URIRef] = {deal: deal for deal in deals}
    for deal in deals:
        queue: deque[Node] = deque(o for o in data.objects(deal) if not isinstance(o, Literal))
        while queue:
            node = queue.popleft()
            if node in owners:
                continue
            owners[node] = deal
            queue.extend(o for o in data.objects(node) if not isinstance(o, Literal))
    return owners


# Range checks on a value that is not a number: the datatype finding already says what is wrong.
RANGE_COMPONENTS = {
    str(SH.MinInclusiveConstraintComponent),
    str(SH.MaxInclusiveConstraintComponent),
    str(SH.MinExclusiveConstraintComponent),
    str(SH.MaxExclusiveConstraintComponent),
}


def one_per_defect(findings: list[Finding]) -> list[Finding]:
    """A value of the wrong datatype ("12,3 mln.") is reported once, by its datatype finding,
    not again by a range check that cannot compare it."""
    mistyped = {
        (f.focus, f.path, f.value)
        for f in findings
        if f.component == str(SH.DatatypeConstraintComponent)
    }
    return [
        f
        for f in findings
        if not (f.component in RANGE_COMPONENTS and (f.focus, f.path, f.value) in mistyped)
    ]


def _finding(
    results: Graph, shapes: Graph, result: Node, owners: dict[Node, URIRef], labels: Graph
) -> Finding:
    # SHACL gives every validation result exactly one focus node and one source shape.
    focus = cast(Node, results.value(result, SH.focusNode))
    info = shape_info(shapes, cast(Node, results.value(result, SH.sourceShape)))
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    component = results.value(result, SH.sourceConstraintComponent)
    deal = owners.get(focus)
    messages = localised_messages(results, shapes, result, value)
    if component == SH.DatatypeConstraintComponent and isinstance(value, Literal):
        messages = {
            lang: text + integer_hint(value, lang or "en") for lang, text in messages.items()
        }
    messages = {lang: humanise(text, lang or "en", labels) for lang, text in messages.items()}
    return Finding(
        deal=str(deal) if deal is not None else None,
        section=info.section,
        severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation"),
        shape=str(info.iri),
        shape_name=info.name,
        message=messages,
        focus=_name(focus),
        path=str(path) if path is not None else None,
        value=_name(value) if value is not None else None,
        legal_basis=info.legal_basis,
        citation=info.citation,
        contextual=info.contextual,
        component=str(component) if component is not None else None,
        value_datatype=_datatype(value),
        value_lang=value.language if isinstance(value, Literal) else None,
    )


def _datatype(value: Node | None) -> str | None:
    if isinstance(value, Literal) and value.datatype is not None:
        return str(value.datatype)
    return None


def _name(node: Node) -> str:
    """IRIs and literals as their text; blank nodes as `_:id` so they read as such."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)
