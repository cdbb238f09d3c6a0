"""The shapes' constraints evaluated once over the whole data graph, on pyoxigraph.

pySHACL checks a constraint one focus node at a time: a SPARQL query per budget line, and
rdflib's evaluation is slow per solution, so a deal with 10,000 budget lines took minutes. Here
each constraint that can be read as one query becomes one whole-graph SELECT (its targets bound
as `?this` for all focus nodes at once, instead of pre-binding `$this` per node), run on
pyoxigraph. The shapes stay the single source of truth: nothing is written by hand per rule;
the queries are derived mechanically from shapes/*.ttl:

- a `sh:sparql` SELECT constraint of a node shape: its own query, with the shape's targets as a
  sub-select spliced in at the start of its WHERE group (as pre-binding would put them);
- the parameter of a SPARQL-based constraint component with a SELECT node validator
  (rules.ttl: rd:ExecutionCostsLimitComponent): the validator's query, the parameter filled in;
- the core constraints sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind, sh:class,
  sh:min/maxInclusive/Exclusive and sh:hasValue of a property shape with an IRI path and its own
  sh:message; and sh:closed of a node shape.

Everything else (sh:node, sh:or, sh:lessThan, a nested SELECT, an unsupported target ...) stays
with pySHACL, which gets the shapes graph minus what is compiled here (`Plan.residual`). The
results are built as pySHACL builds them (focus node, path, value, source shape, component,
source constraint, severity, messages: `make_v_result` in pyshacl/constraints), so the report
code after it does not know which engine found what; tests/validation/test_bulk.py checks that
both give the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from regiodeal.validation.terms import to_rdflib

# Annotations a property shape may carry besides its constraints.
ANNOTATIONS = {SH.path, SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group}
# Core constraint parameters compiled here, each to a condition on the shape's value nodes.
VALUE_PARAMETERS = {
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
}
COUNT_PARAMETERS = {
    SH.minCount: (SH.MinCountConstraintComponent, "<"),
    SH.maxCount: (SH.MaxCountConstraintComponent, ">"),
}
COMPARISONS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
# Datatypes whose well-formedness a SPARQL cast decides (an ill-typed "12,3 mln."^^xsd:decimal
# does not survive xsd:decimal(STR(?value))), as rdflib's `ill_typed` does for pySHACL.
CASTABLE = {XSD.decimal, XSD.integer, XSD.boolean, XSD.date, XSD.dateTime, XSD.double, XSD.string}
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
AGGREGATE = re.compile(r"\b(SUM|COUNT|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)
GROUP_BY_THIS = re.compile(r"GROUP\s+BY\s[^}]*[?$]this\b", re.IGNORECASE)
# pyoxigraph 0.5.13 leaves `?d + "P1D"^^xsd:dayTimeDuration` unbound for some variable names
# of ?d (?last, ?y, ?z: not ?d, ?a), so queries with date arithmetic stay with pySHACL
# (rd:StartDayAfterSigningShape; tests/validation/test_bulk.py compares them).
DURATION = re.compile(r"(xsd:|XMLSchema#)(dayTime|yearMonth)?duration\b", re.IGNORECASE)
# Variables pySHACL pre-binds that a whole-graph query cannot have.
PRE_BOUND = re.compile(r"\$(PATH|currentShape|shapesGraph)\b")
PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


@dataclass(frozen=True)
class Check:
    """One whole-graph query and how each of its solutions becomes a validation result."""

    query: str
    shape: Node  # sh:sourceShape
    component: URIRef
    severity: Node
    messages: tuple[Literal, ...]
    path: Node | None = None  # the property shape's path
    constraint: Node | None = None  # sh:sourceConstraint (a sh:sparql node)
    sparql: bool = False  # messages filled from the solution, as pySHACL fills them
    value_is_focus: bool = False  # a node shape's SPARQL result without ?value: the focus
    closed: bool = False  # generic message of sh:closed when the shape has none


@dataclass
class Plan:
    """What runs here (`checks`) and the shapes graph pySHACL gets for the rest (`residual`)."""

    checks: list[Check] = field(default_factory=list)
    residual: Graph = field(default_factory=Graph)


@lru_cache(maxsize=4)
def plan(shapes: Graph) -> Plan:
    """Compile the shapes graph once per process (shapes graphs are cached by load_shapes)."""
    residual = Graph()
    residual += shapes
    for prefix, namespace in shapes.namespaces():
        residual.bind(prefix, namespace)
    compiled = Plan(residual=residual)
    for shape in sorted(_targeted_shapes(shapes), key=str):
        targets = _targets(shapes, shape)
        if targets is None:
            continue
        _compile_shape(shapes, shape, targets, compiled)
    return compiled


def _targeted_shapes(shapes: Graph) -> set[Node]:
    found: set[Node] = set()
    for link in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        found.update(shapes.subjects(link, None))
    return {s for s in found if shapes.value(s, SH.deactivated) is None}


def _targets(shapes: Graph, shape: Node) -> str | None:
    """A sub-select of every focus node of `shape` as ?this (None: a target not compiled)."""
    if (shape, RDF.type, RDFS.Class) in shapes or shapes.value(shape, SH.target) is not None:
        return None  # implicit class targets and SPARQL-based targets stay with pySHACL
    parts = [
        f"{{ ?this rdf:type/rdfs:subClassOf* {c.n3()} }}"
        for c in shapes.objects(shape, SH.targetClass)
    ]
    parts += [f"{{ ?this {p.n3()} [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ [] {p.n3()} ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ VALUES ?this {{ {n.n3()} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _compile_shape(shapes: Graph, shape: Node, targets: str, into: Plan) -> None:
    residual = into.residual
    is_property = shapes.value(shape, SH.path) is not None
    if is_property:  # a property shape with its own targets
        if _compile_property(shapes, shape, targets, into):
            _drop_targets(residual, shape)
        return
    for prop in list(shapes.objects(shape, SH.property)):
        if _compile_property(shapes, prop, targets, into):
            residual.remove((shape, SH.property, prop))
    for constraint in list(shapes.objects(shape, SH.sparql)):
        if _compile_sparql(shapes, shape, constraint, targets, into):
            residual.remove((shape, SH.sparql, constraint))
    _compile_closed(shapes, shape, targets, into)
    _compile_components(shapes, shape, targets, into)
    if not _has_constraints(residual, shape):
        _drop_targets(residual, shape)  # nothing left for pySHACL to check on its focus nodes


def _drop_targets(residual: Graph, shape: Node) -> None:
    for link in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        residual.remove((shape, link, None))


def _has_constraints(graph: Graph, shape: Node) -> bool:
    skip = ANNOTATIONS | {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
    skip |= {SH.ignoredProperties, SH.prefixes}
    return any(
        str(p).startswith(str(SH)) and p not in skip
        for p in graph.predicates(shape, None)
        if p != RDF.type
    ) or any(_parameter_of_component(graph, p) for p in graph.predicates(shape, None))


def _severity(shapes: Graph, shape: Node) -> Node:
    return shapes.value(shape, SH.severity) or SH.Violation


def _messages(shapes: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(
        sorted((m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)), key=str)
    )


# --- core constraints -----------------------------------------------------------------------


def _compile_property(shapes: Graph, prop: Node, targets: str, into: Plan) -> bool:
    """All constraints of a property shape, or none (False: pySHACL keeps the whole shape)."""
    path = shapes.value(prop, SH.path)
    messages = _messages(shapes, prop)
    predicates = set(shapes.predicates(prop, None)) - {RDF.type}
    own_targets = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
    supported = ANNOTATIONS | set(VALUE_PARAMETERS) | set(COUNT_PARAMETERS) | {SH.hasValue}
    if not isinstance(path, URIRef) or not messages or predicates - supported - own_targets:
        return False
    base = {"shape": prop, "severity": _severity(shapes, prop), "messages": messages}
    checks = []
    for parameter, (component, operator) in COUNT_PARAMETERS.items():
        for limit in shapes.objects(prop, parameter):
            query = (
                f"{PREFIXES}SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path.n3()} ?v }} }}"
                f" GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {operator} {int(str(limit))})"
            )
            checks.append(Check(query, component=component, path=path, **base))  # type: ignore[arg-type]
    for parameter, component in VALUE_PARAMETERS.items():
        for argument in shapes.objects(prop, parameter):
            condition = _value_condition(parameter, argument)
            if condition is None:
                return False
            query = (
                f"{PREFIXES}SELECT ?this ?value WHERE {{ {targets} ?this {path.n3()} ?value ."
                f" FILTER (!COALESCE({condition}, false)) }}"
            )
            checks.append(Check(query, component=component, path=path, **base))  # type: ignore[arg-type]
    for value in shapes.objects(prop, SH.hasValue):
        query = (
            f"{PREFIXES}SELECT ?this WHERE {{ {targets}"
            f" FILTER NOT EXISTS {{ ?this {path.n3()} {value.n3()} }} }}"
        )
        component = SH.HasValueConstraintComponent
        checks.append(Check(query, component=component, path=path, **base))  # type: ignore[arg-type]
    into.checks.extend(checks)
    return True


def _value_condition(parameter: Node, argument: Node) -> str | None:
    """A SPARQL expression true when ?value satisfies the constraint (None: not compiled)."""
    if parameter == SH.datatype:
        if argument not in CASTABLE:
            return None
        dt = argument.n3()
        return (
            f"(isLiteral(?value) && datatype(?value) = {dt} && lang(?value) = ''"
            f" && sameTerm({dt}(STR(?value)), ?value))"
        )
    if parameter == SH.nodeKind:
        return NODE_KINDS.get(argument) if isinstance(argument, URIRef) else None
    if parameter == SH["class"]:
        return f"EXISTS {{ ?value rdf:type/rdfs:subClassOf* {argument.n3()} }}"
    if isinstance(argument, Literal):
        return f"(?value {COMPARISONS[parameter]} {argument.n3()})"  # type: ignore[index]
    return None


def _compile_closed(shapes: Graph, shape: Node, targets: str, into: Plan) -> None:
    closed = shapes.value(shape, SH.closed)
    if not (isinstance(closed, Literal) and closed.toPython() is True):
        return
    allowed = {shapes.value(p, SH.path) for p in shapes.objects(shape, SH.property)}
    ignored = shapes.value(shape, SH.ignoredProperties)
    if ignored is not None:
        allowed.update(shapes.items(ignored))
    if not all(isinstance(p, URIRef) for p in allowed):
        return  # a property shape with a complex path: pySHACL reads it
    listed = ", ".join(sorted(p.n3() for p in allowed if p is not None))
    query = (
        f"{PREFIXES}SELECT ?this ?path ?value WHERE {{ {targets} ?this ?path ?value ."
        f" FILTER (?path NOT IN ({listed})) }}"
    )
    messages = _messages(shapes, shape)
    into.checks.append(
        Check(
            query,
            shape=shape,
            component=SH.ClosedConstraintComponent,
            severity=_severity(shapes, shape),
            messages=messages,
            closed=not messages,
        )
    )
    into.residual.remove((shape, SH.closed, None))
    into.residual.remove((shape, SH.ignoredProperties, None))


# --- SPARQL-based constraints ---------------------------------------------------------------


def _declared_prefixes(shapes: Graph, node: Node) -> str:
    lines = []
    for ontology in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(lines))


def _whole_graph(select: str, targets: str) -> str | None:
    """The SELECT with the targets spliced in where pre-binding would bind $this (None: not
    compiled).

    SHACL pre-binds $this in the whole query, also in a UNION branch that only tests it
    (`{ FILTER NOT EXISTS { $this rd:targetValue ?v } } UNION { ... }`). So the targets go
    first in the WHERE group and in every group pattern that is evaluated on its own (a
    UNION branch, a nested group), not in those that see the bindings around them (EXISTS,
    OPTIONAL, MINUS, and any group inside those: injecting there would re-run the targets
    per solution). A nested SELECT
    would be evaluated on its own and aggregates over all focus nodes at once would mix them:
    those queries stay with pySHACL.
    """
    if DURATION.search(select):
        return None
    if PRE_BOUND.search(select) or len(re.findall(r"\bSELECT\b", select, re.IGNORECASE)) != 1:
        return None
    if AGGREGATE.search(select) and not GROUP_BY_THIS.search(select):
        return None
    tokens = [
        m
        for m in TOKEN.finditer(select)
        if not (m.group(0).startswith(("#", '"', "'")) or m.group(0).isspace())
    ]
    closing = _matching_braces(tokens)
    pieces: list[str] = []
    previous: list[str] = []  # the significant tokens so far
    sees: list[bool] = []  # per open group: whether it sees the bindings around it
    position = 0
    for i, match in enumerate(tokens):
        token = match.group(0)
        if token == "{":
            own = _opens_own_group(previous) and not (sees and sees[-1])
            # A nested group that never names ?this does not need it (and joining the targets
            # into a UNION branch of BINDs made pyoxigraph's plan quadratic).
            if own and sees and not _names_this(tokens[i : closing.get(i, len(tokens))]):
                own = False
            if own:
                pieces.append(select[position : match.end()] + f" {targets} ")
                position = match.end()
            # A group sees the bindings around it when EXISTS, OPTIONAL ... opens it, or when
            # it lies (at any depth) inside a group that does.
            inherited = bool(sees) and sees[-1]
            opened = bool(previous) and not _opens_own_group(previous)
            sees.append(not own and (inherited or opened))
        elif token == "}" and sees:
            sees.pop()
        previous.append(token.upper())
    if not pieces:
        return None
    return "".join(pieces) + select[position:]


def _matching_braces(tokens: list[re.Match[str]]) -> dict[int, int]:
    """Index of each `{` token -> index of its `}`."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, match in enumerate(tokens):
        if match.group(0) == "{":
            stack.append(i)
        elif match.group(0) == "}" and stack:
            pairs[stack.pop()] = i
    return pairs


def _names_this(tokens: list[re.Match[str]]) -> bool:
    return any(THIS.search(m.group(0)) for m in tokens)


THIS = re.compile(r"[?$]this\b")


# IRIs, strings (long ones first), comments, braces, and runs of anything else.
TOKEN = re.compile(
    r"<[^<>\s]*>|"
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|\s+|[{}]|[^\s{}"\'#]+'
)
SEES_BINDINGS = {"EXISTS", "OPTIONAL", "MINUS", "GRAPH", "SERVICE"}


def _opens_own_group(previous: list[str]) -> bool:
    """Whether a `{` after these tokens opens a group evaluated on its own."""
    if not previous:
        return False  # a query starts with SELECT
    last = previous[-1]
    if last in SEES_BINDINGS or "VALUES" in previous[-3:]:
        return False
    return not (len(previous) > 1 and previous[-2] in {"GRAPH", "SERVICE"})


def _compile_sparql(shapes: Graph, shape: Node, constraint: Node, targets: str, into: Plan) -> bool:
    select = shapes.value(constraint, SH.select)
    if select is None or shapes.value(constraint, SH.deactivated) is not None:
        return False
    body = _whole_graph(str(select), targets)
    if body is None:
        return False
    # pySHACL reports the shape's own messages, then those of the constraint it lacks.
    shape_messages = list(_messages(shapes, shape))
    extra = [m for m in _messages(shapes, constraint) if m not in shape_messages]
    into.checks.append(
        Check(
            PREFIXES + _declared_prefixes(shapes, constraint) + body,
            shape=shape,
            component=SH.SPARQLConstraintComponent,
            severity=_severity(shapes, shape),
            messages=tuple(extra + shape_messages),
            constraint=constraint,
            sparql=True,
            value_is_focus=True,
        )
    )
    return True


def _parameter_of_component(shapes: Graph, predicate: Node) -> Node | None:
    """The SPARQL-based constraint component whose (only) parameter is `predicate`."""
    for parameter in shapes.subjects(SH.path, predicate):
        for component in shapes.subjects(SH.parameter, parameter):
            if (component, RDF.type, SH.ConstraintComponent) in shapes:
                return component
    return None


def _compile_components(shapes: Graph, shape: Node, targets: str, into: Plan) -> None:
    for predicate, argument in list(shapes.predicate_objects(shape)):
        component = _parameter_of_component(shapes, predicate)
        if component is None or len(set(shapes.objects(component, SH.parameter))) != 1:
            continue
        validator = shapes.value(component, SH.nodeValidator)
        select = shapes.value(validator, SH.select) if validator is not None else None
        if select is None:
            continue
        name = str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        filled = re.sub(rf"\${name}\b", argument.n3(), str(select))
        body = _whole_graph(filled, targets)
        if body is None:
            continue
        assert validator is not None
        messages = list(_messages(shapes, shape))
        messages += [m for m in _messages(shapes, validator) if m not in messages]
        into.checks.append(
            Check(
                PREFIXES + _declared_prefixes(shapes, validator) + body,
                shape=shape,
                component=component,  # type: ignore[arg-type]
                severity=_severity(shapes, shape),
                messages=tuple(messages),
                sparql=True,
                value_is_focus=True,
            )
        )
        into.residual.remove((shape, predicate, argument))


# --- running the checks ---------------------------------------------------------------------


def to_store(graph: Graph) -> ox.Store:
    """The rdflib graph in an in-memory pyoxigraph store (blank nodes keep their ids)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    return store


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        if term.datatype is not None:
            return ox.Literal(term, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term)
    raise TypeError(f"no pyoxigraph term for {term!r}")


def run(checks: Iterable[Check], store: ox.Store, data: Graph, results: Graph) -> None:
    """Add to `results` the validation results of every check on `store` (a copy of `data`)."""
    values = _Originals(data)
    for check in checks:
        seen: set[tuple[tuple[str, Node], ...]] = set()
        solutions = store.query(check.query)
        assert isinstance(solutions, ox.QuerySolutions)  # every check is a SELECT
        variables = solutions.variables
        for solution in solutions:
            row = {v.value: to_rdflib(solution[v]) for v in variables if solution[v] is not None}
            key = tuple(sorted(row.items()))
            if key in seen:  # pySHACL drops duplicate solutions the same way
                continue
            seen.add(key)
            _add_result(check, row, values, data, results)


def _add_result(
    check: Check, row: dict[str, Node], values: _Originals, data: Graph, results: Graph
) -> None:
    focus = row.pop("this")
    path = row.pop("path", None) if check.path is None else check.path
    value = row.pop("value", None)
    value = values.original(focus, path, value)
    if value is None and check.value_is_focus:
        value = focus
    result = BNode()
    results.add((result, RDF.type, SH.ValidationResult))
    results.add((result, SH.sourceConstraintComponent, check.component))
    results.add((result, SH.sourceShape, check.shape))
    results.add((result, SH.resultSeverity, check.severity))
    results.add((result, SH.focusNode, focus))
    if value is not None:
        results.add((result, SH.value, value))
    if path is not None:
        results.add((result, SH.resultPath, path))
    if check.constraint is not None:
        results.add((result, SH.sourceConstraint, check.constraint))
    for message in _result_messages(check, focus, path, value, row, data):
        results.add((result, SH.resultMessage, message))


def _result_messages(
    check: Check,
    focus: Node,
    path: Node | None,
    value: Node | None,
    row: dict[str, Node],
    data: Graph,
) -> Iterator[Literal]:
    if check.closed:
        # pySHACL's generic message of ClosedConstraintComponent, word for word
        node = stringify_node(data, focus)
        other = stringify_node(data, value) if value is not None else ""
        yield Literal(f"Node {node} is closed. It cannot have value: {other}")
        return
    if not check.sparql:
        yield from check.messages
        return
    # As pySHACL's _format_sparql_based_result_message: every variable of the solution, then
    # this, path and value; the language tag is lost (the report restores it).
    slots: dict[str, Node] = dict(row)
    slots["this"] = focus
    if path is not None:
        slots["path"] = path
    if value is not None:
        slots["value"] = value
    for message in check.messages:
        text = str(message)
        for name, term in slots.items():
            text = re.sub("{[?$]" + re.escape(name) + "}", str(term).replace("\\", "\\\\"), text)
        yield Literal(text)


class _Originals:
    """The data's own term for a value the store gives back canonical ("1000" for "1000.0")."""

    def __init__(self, data: Graph):
        self.data = data
        self.scratch = ox.Store()

    def original(self, focus: Node, path: Node | None, value: Node | None) -> Node | None:
        if not isinstance(value, Literal) or path is None:
            return value
        wanted = self._canonical(value)
        for candidate in self.data.objects(focus, path):
            if isinstance(candidate, Literal) and self._canonical(candidate) == wanted:
                return candidate
        return value

    def _canonical(self, literal: Literal) -> ox.Literal:
        subject = ox.NamedNode("urn:x-canonical:s")
        quad = ox.Quad(subject, subject, _ox(literal))
        self.scratch.add(quad)
        stored = next(self.scratch.quads_for_pattern(subject, subject, None)).object
        self.scratch.clear()
        return stored  # type: ignore[return-value]
