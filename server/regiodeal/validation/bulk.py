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
  sh:min/maxInclusive/Exclusive, sh:hasValue, sh:node, sh:or, sh:lessThan and sh:disjoint of a
  property shape with an IRI path and its own sh:message (sh:node and sh:or: conformance to a
  nested shape becomes one SPARQL expression, `_conforms`); and sh:closed of a node shape.

Everything else (sh:pattern, a complex path, a nested SELECT, an unsupported target ...) stays
with pySHACL, which gets the shapes graph minus what is compiled here (`Plan.residual`); when
that has nothing left to check (shapes/*.ttl today), pySHACL is neither run nor imported. The
results are built as pySHACL builds them (focus node, path, value, source shape, component,
source constraint, severity, messages: `make_v_result` in pyshacl/constraints), so the report
code after it does not know which engine found what; tests/validation/test_bulk.py checks that
both give the same results.

Where pySHACL departs from SHACL, the compiled query follows SHACL: sh:lessThan compares with
SPARQL's `<` (pySHACL compares IRIs, and a string with a string, as Python strings; SPARQL
cannot compare IRIs, which makes a result). Our shapes compare dates only, where both agree.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import pyoxigraph as ox
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
# Datatypes SPARQL 1.1 has no operators for: SHACL (and pySHACL) check only the datatype IRI.
UNCHECKED = {XSD.gMonthDay}
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
# pyoxigraph 0.5.13 leaves `?d + "P1D"^^xsd:dayTimeDuration` unbound depending on the query
# text (with ?last, ?y, ?z; not with ?d, ?a: tests/validation/test_bulk_units.py shows it).
# So such a sum of a variable and a whole number of days is written as a call of DATE_PLUS,
# a Python function (`date_plus`) given to the query; any other duration stays with pySHACL.
DURATION = re.compile(r"(xsd:|XMLSchema#)(dayTime|yearMonth)?duration\b", re.IGNORECASE)
# `(?d + "P1D"^^xsd:dayTimeDuration AS` ...: the sum must be a whole operand (after `(` or `,`,
# before AS, `)`, `,`, a comparison or a logical operator), or the call would change its meaning.
DAY_SUM = re.compile(
    r"([(,]\s*)([?$]\w+)\s*\+\s*(\"-?P\d+D\"\^\^"
    r"(?:xsd:dayTimeDuration\b|<http://www\.w3\.org/2001/XMLSchema#dayTimeDuration>))"
    r"(?=\s*(?:AS\b|[),<>=!]|&&|\|\|))",
    re.IGNORECASE,
)
DATE_PLUS = "urn:x-regiodeal:date-plus"
DAY_SUM_CALL = re.compile(rf"<{DATE_PLUS}>\([^()]*\)")
# Variables pySHACL pre-binds that a whole-graph query cannot have.
PRE_BOUND = re.compile(r"\$(PATH|currentShape|shapesGraph)\b")
SHAPE_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
# What a property shape with its own sh:message may hold to be compiled.
PROPERTY_PARAMETERS = (
    ANNOTATIONS
    | set(VALUE_PARAMETERS)
    | set(COUNT_PARAMETERS)
    | {SH.hasValue, SH.node, SH["or"], SH.lessThan, SH.disjoint}
)
# What a property shape reached through sh:node or sh:or may hold (its conformance is then
# one expression), and a node shape (no counts: they belong to property shapes).
NESTED_PARAMETERS = PROPERTY_PARAMETERS - {SH.lessThan, SH.disjoint} | {SH.property}
NODE_PARAMETERS = NESTED_PARAMETERS - set(COUNT_PARAMETERS)
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
    dates: bool = False  # the query calls DATE_PLUS
    value_is_focus: bool = False  # a node shape's SPARQL result without ?value: the focus
    closed: bool = False  # generic message of sh:closed when the shape has none


@dataclass
class Plan:
    """What runs here (`checks`), the shapes graph pySHACL gets for the rest (`residual`), and
    whether that graph has anything to check (when not, pySHACL is not run, nor imported)."""

    checks: list[Check] = field(default_factory=list)
    residual: Graph = field(default_factory=Graph)
    needs_pyshacl: bool = True

    def __getstate__(self) -> dict[str, object]:
        # A residual with nothing to check is not kept: reading it back from the validation
        # kit's pickle cost ~0.05 s of CPU per `regiodeal validate` (an empty one is the same).
        state = dict(self.__dict__)
        if not self.needs_pyshacl:
            state["residual"] = Graph()
        return state


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
    compiled.needs_pyshacl = _checks_anything(residual)
    return compiled


def _checks_anything(residual: Graph) -> bool:
    """Whether some shape of `residual` still has focus nodes: a target, an implicit class
    target (a shape that is also a class) or a SPARQL-based target."""
    if _targeted_shapes(residual) or residual.value(None, SH.target) is not None:
        return True
    classes = set(residual.subjects(RDF.type, RDFS.Class))
    shapes = set(residual.subjects(RDF.type, SH.NodeShape))
    shapes |= set(residual.subjects(RDF.type, SH.PropertyShape))
    return bool(classes & shapes)


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


def _parameters(shapes: Graph, shape: Node) -> set[Node]:
    """The shape's SHACL predicates other than targets, and the parameters of SPARQL-based
    constraint components it uses; not its other annotations (rd:reportSection ...)."""
    return {
        p
        for p in shapes.predicates(shape, None)
        if (str(p).startswith(str(SH)) or _parameter_of_component(shapes, p) is not None)
        and p not in SHAPE_TARGETS
    }


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
    predicates = _parameters(shapes, prop)
    if not isinstance(path, URIRef) or not messages or predicates - PROPERTY_PARAMETERS:
        return False
    queries = _property_queries(shapes, prop, path, targets)
    if queries is None:
        return False
    base = {"shape": prop, "severity": _severity(shapes, prop), "messages": messages}
    into.checks.extend(Check(q, component=c, path=path, **base) for c, q in queries)  # type: ignore[arg-type]
    return True


Queries = list[tuple[URIRef, str]]  # (sh:sourceConstraintComponent, whole-graph SELECT)


def _property_queries(shapes: Graph, prop: Node, path: URIRef, targets: str) -> Queries | None:
    """A query per constraint of the property shape (None: one of them is not compiled)."""
    found: Queries = []
    for parameter, (component, operator) in COUNT_PARAMETERS.items():
        for limit in shapes.objects(prop, parameter):
            query = (
                f"{PREFIXES}SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path.n3()} ?v }} }}"
                f" GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {operator} {int(str(limit))})"
            )
            found.append((component, query))
    values = f"{PREFIXES}SELECT ?this ?value WHERE {{ {targets} ?this {path.n3()} ?value ."
    for parameter, component in VALUE_PARAMETERS.items():
        for argument in shapes.objects(prop, parameter):
            condition = _value_condition(parameter, argument)
            if condition is None:
                return None
            found.append((component, f"{values} FILTER (!COALESCE({condition}, false)) }}"))
    for value in shapes.objects(prop, SH.hasValue):
        query = (
            f"{PREFIXES}SELECT ?this WHERE {{ {targets}"
            f" FILTER NOT EXISTS {{ ?this {path.n3()} {value.n3()} }} }}"
        )
        found.append((SH.HasValueConstraintComponent, query))
    shaped = _shape_queries(shapes, prop, values)
    pairs = _pair_queries(shapes, prop, path, targets)
    if shaped is None or pairs is None:
        return None
    return found + shaped + pairs


def _shape_queries(shapes: Graph, prop: Node, values: str) -> Queries | None:
    """sh:node and sh:or: a result per value node that does not conform to the shape, or to
    any member of the list. `values` opens a query that binds each value node as ?value."""
    found: Queries = []
    for shape in shapes.objects(prop, SH.node):
        condition = _conforms(shapes, shape, "?value", 0)
        if condition is None:
            return None
        found.append((SH.NodeConstraintComponent, f"{values} FILTER (!({condition})) }}"))
    for members in shapes.objects(prop, SH["or"]):
        either = _either(shapes, members, "?value", 0)
        if either is None:
            return None
        found.append((SH.OrConstraintComponent, f"{values} FILTER (!({either})) }}"))
    return found


def _pair_queries(shapes: Graph, prop: Node, path: URIRef, targets: str) -> Queries | None:
    """sh:lessThan and sh:disjoint, a check per property compared (as pySHACL loops over them).

    sh:lessThan: a result per pair of a value node and a value of the other property where the
    first is not smaller by SPARQL's `<`, or the two cannot be compared (the error makes
    COALESCE false); ?other is selected so that each pair is a solution of its own.
    sh:disjoint: a result per value node that is also a value of the other property."""
    found: Queries = []
    step = f"?this {path.n3()} ?value ."
    for other in shapes.objects(prop, SH.lessThan):
        if not isinstance(other, URIRef):
            return None  # a complex path: pySHACL reads it
        query = (
            f"{PREFIXES}SELECT ?this ?value ?other WHERE {{ {targets} {step}"
            f" ?this {other.n3()} ?other . FILTER (!COALESCE(?value < ?other, false)) }}"
        )
        found.append((SH.LessThanConstraintComponent, query))
    for other in shapes.objects(prop, SH.disjoint):
        if not isinstance(other, URIRef):
            return None
        query = (
            f"{PREFIXES}SELECT ?this ?value WHERE {{ {targets} {step} ?this {other.n3()} ?value }}"
        )
        found.append((SH.DisjointConstraintComponent, query))
    return found


# --- conformance to a shape (sh:node, sh:or) as one SPARQL expression -----------------------
# SHACL: a node conforms to a shape when validating it against the shape gives no result of
# any severity. The nested shapes of shapes/*.ttl are small (a code list's sh:hasValue, a
# class): each becomes a condition on one variable, EXISTS patterns for its property shapes.

MAX_DEPTH = 8  # nested deeper than this only in a cycle of shapes, which pySHACL keeps


def _conforms(shapes: Graph, shape: Node, var: str, depth: int) -> str | None:
    """A SPARQL expression true when the node in `var` conforms to `shape` (None: the shape
    has a constraint not compiled)."""
    if shapes.value(shape, SH.deactivated) == Literal(True):
        return "true"
    path = shapes.value(shape, SH.path)
    if path is None:
        if depth > MAX_DEPTH or _parameters(shapes, shape) - NODE_PARAMETERS:
            return None
        return _all(_each_value(shapes, shape, var, depth, has_value=True))
    if not isinstance(path, URIRef):
        return None
    return _property_conforms(shapes, shape, path, var, depth)


def _either(shapes: Graph, members: Node, var: str, depth: int) -> str | None:
    """sh:or: the node conforms to at least one member of the list."""
    conditions = [_conforms(shapes, m, var, depth + 1) for m in shapes.items(members)]
    if not conditions or None in conditions:
        return None
    return " || ".join(f"({c})" for c in conditions)


def _each_value(
    shapes: Graph, shape: Node, var: str, depth: int, has_value: bool
) -> list[str | None]:
    """The conditions a shape sets on one value node in `var`: value type and range, sh:node,
    sh:or, its property shapes, and (for a node shape) sh:hasValue."""
    parts: list[str | None] = []
    for parameter in VALUE_PARAMETERS:
        for argument in shapes.objects(shape, parameter):
            condition = _value_condition(parameter, argument, var)
            parts.append(None if condition is None else f"COALESCE({condition}, false)")
    if has_value:
        parts += [f"sameTerm({var}, {v.n3()})" for v in shapes.objects(shape, SH.hasValue)]
    parts += [_conforms(shapes, s, var, depth + 1) for s in shapes.objects(shape, SH.node)]
    parts += [_either(shapes, m, var, depth) for m in shapes.objects(shape, SH["or"])]
    parts += [_conforms(shapes, p, var, depth + 1) for p in shapes.objects(shape, SH.property)]
    return parts


def _property_conforms(shapes: Graph, prop: Node, path: URIRef, var: str, depth: int) -> str | None:
    """The constraints of a property shape on the focus node in `var`."""
    if depth > MAX_DEPTH or _parameters(shapes, prop) - NESTED_PARAMETERS:
        return None
    step = f"{var} {path.n3()}"
    a, b, value = f"?a{depth}", f"?b{depth}", f"?v{depth}"
    parts: list[str | None] = []
    for limit in shapes.objects(prop, SH.minCount):  # only the counts SPARQL states simply
        parts.append({0: "true", 1: f"EXISTS {{ {step} [] }}"}.get(int(str(limit))))
    for limit in shapes.objects(prop, SH.maxCount):
        one = f"NOT EXISTS {{ {step} {a}, {b} FILTER (!sameTerm({a}, {b})) }}"
        parts.append({0: f"NOT EXISTS {{ {step} [] }}", 1: one}.get(int(str(limit))))
    parts += [f"EXISTS {{ {step} {v.n3()} }}" for v in shapes.objects(prop, SH.hasValue)]
    each = _each_value(shapes, prop, value, depth, has_value=False)
    if None in each:
        return None
    if each:
        parts.append(f"NOT EXISTS {{ {step} {value} FILTER (!({_all(each)})) }}")
    return _all(parts)


def _all(parts: list[str | None]) -> str | None:
    """The conjunction of the conditions (None if one is not compiled; true if there are none)."""
    if None in parts:
        return None
    return " && ".join(f"({p})" for p in parts) or "true"


def _value_condition(parameter: Node, argument: Node, var: str = "?value") -> str | None:
    """A SPARQL expression true when `var` satisfies the constraint (None: not compiled)."""
    if parameter == SH.datatype:
        if argument in UNCHECKED:
            return f"(isLiteral({var}) && datatype({var}) = {argument.n3()})"
        if argument not in CASTABLE:
            return None
        dt = argument.n3()
        return (
            f"(isLiteral({var}) && datatype({var}) = {dt} && lang({var}) = ''"
            f" && sameTerm({dt}(STR({var})), {var}))"
        )
    if parameter == SH.nodeKind:
        kind = NODE_KINDS.get(argument) if isinstance(argument, URIRef) else None
        return None if kind is None else kind.replace("?value", var)
    if parameter == SH["class"]:
        return f"EXISTS {{ {var} rdf:type/rdfs:subClassOf* {argument.n3()} }}"
    if isinstance(argument, Literal):
        return f"({var} {COMPARISONS[parameter]} {argument.n3()})"  # type: ignore[index]
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
    select = DAY_SUM.sub(rf"\1<{DATE_PLUS}>(\2, \3)", select)
    if DURATION.search(DAY_SUM_CALL.sub("", select)):
        return None  # a duration other than a whole number of days added to a variable
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
            dates=DATE_PLUS in body,
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
                dates=DATE_PLUS in body,
            )
        )
        into.residual.remove((shape, predicate, argument))


# --- running the checks ---------------------------------------------------------------------


def to_store(graph: Graph, base: Graph | None = None) -> ox.Store:
    """The rdflib graph (and `base`) in an in-memory pyoxigraph store (blank nodes keep their
    ids)."""
    store = ox.Store()
    if base is not None:
        store.bulk_extend(_quads_of(base))
    store.bulk_extend(_quads(graph))
    return store


def _quads(graph: Graph) -> Iterator[ox.Quad]:
    return (ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)  # type: ignore[arg-type]


# The reference data's quads, converted once per process: a validation worker validates many
# deals in the same reference (0.04 s of CPU each time).
_CONVERTED: dict[int, tuple[Graph, list[ox.Quad]]] = {}
_CONVERTED_LOCK = threading.Lock()


def _quads_of(graph: Graph) -> list[ox.Quad]:
    with _CONVERTED_LOCK:
        kept = _CONVERTED.get(id(graph))
        if kept is None or kept[0] is not graph:  # an id may be reused once a graph is gone
            if len(_CONVERTED) >= 4:
                _CONVERTED.clear()
            kept = (graph, list(_quads(graph)))
            _CONVERTED[id(graph)] = kept
        return kept[1]


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
        solutions = store.query(check.query, custom_functions=FUNCTIONS if check.dates else None)
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
        # pySHACL's generic message of ClosedConstraintComponent, word for word (imported
        # here: pySHACL's imports cost ~0.5 s, and only a shape without sh:message needs it)
        from pyshacl.rdfutil.stringify import stringify_node

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


XSD_DATE, XSD_DATE_TIME = str(XSD.date), str(XSD.dateTime)
DAYS = re.compile(r"(-?)P(\d+)D")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(.*)", re.DOTALL)  # the date, then time and zone


def date_plus(when: object, duration: object) -> ox.Literal | None:
    """`when + duration` for an xsd:date or xsd:dateTime and a whole number of days, as
    XPath's op:add-dayTimeDuration-to-date(Time) gives it (time of day and zone unchanged);
    None (SPARQL's error: unbound) for any other term."""
    if not (isinstance(when, ox.Literal) and isinstance(duration, ox.Literal)):
        return None
    kind = when.datatype.value
    days = DAYS.fullmatch(duration.value)
    parts = DATE.fullmatch(when.value)
    if kind not in (XSD_DATE, XSD_DATE_TIME) or days is None or parts is None:
        return None
    if duration.datatype.value != str(XSD.dayTimeDuration):
        return None
    offset = int(days.group(2)) * (-1 if days.group(1) else 1)
    try:
        moved = date.fromisoformat(parts.group(1)) + timedelta(days=offset)
    except (ValueError, OverflowError):
        return None  # ill-typed, or outside the years Python's dates hold
    return ox.Literal(moved.isoformat() + parts.group(2), datatype=when.datatype)


FUNCTIONS: dict[
    ox.NamedNode, Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]
] = {ox.NamedNode(DATE_PLUS): date_plus}


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
