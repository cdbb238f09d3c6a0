"""Every constraint of the shapes graph, and the W3C-style cases in constraints/ that break them.

A constraint is one parameter of one shape: `rd:status sh:minCount` in rd:RegioDealShape, the
`sh:sparql` of a named shape (numbered when a shape has several, in the order of their
sh:select text), a node-level `sh:closed`, the parameter of a SPARQL-based constraint component
of the shapes graph (`rd:rijkAmount rd:deviationAllowed`). Its key is written the way a case
file names it.

A case breaks one constraint (`rdt:constraint`, its expected results by hand); its passing twin
(`rdt:twinOf` the case, no results) is the same data put right, so that a rule that fires on
everything is caught too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from regiodeal.namespaces import RD
from regiodeal.validation import PublishedContext

HERE = Path(__file__).parent
CASES_DIR = HERE / "constraints"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
RDT = Namespace("https://w3id.org/regiodeal/def/test#")

# Parameters that are one constraint each (sh:ignoredProperties belongs to sh:closed).
PARAMETERS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
COMPONENT_PARAMETER = {component: parameter for parameter, component in PARAMETERS.items()}


def custom_components(shapes: Graph) -> dict[Node, Node]:
    """The shapes graph's own constraint components: parameter path -> component (one each)."""
    return {
        shapes.value(parameter, SH.path): component
        for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
        for parameter in shapes.objects(component, SH.parameter)
    }


def qname(shapes: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return shapes.namespace_manager.normalizeUri(node)
    return "-"


def named_shapes(shapes: Graph) -> list[URIRef]:
    kinds = (SH.NodeShape, SH.PropertyShape)
    return sorted({s for k in kinds for s in shapes.subjects(RDF.type, k) if isinstance(s, URIRef)})


def _sparql_numbers(shapes: Graph, shape: Node) -> dict[Node, str]:
    """'sh:sparql' for a shape's only SPARQL constraint, 'sh:sparql 1', '… 2' for several."""
    nodes = sorted(shapes.objects(shape, SH.sparql), key=lambda n: str(shapes.value(n, SH.select)))
    if len(nodes) == 1:
        return {nodes[0]: "sh:sparql"}
    return {node: f"sh:sparql {i}" for i, node in enumerate(nodes, 1)}


def _keys_of(shapes: Graph, shape: Node) -> dict[tuple[Node, Node | None], str]:
    """(parameter, value or None) -> key, for the parameters stated on one (property) shape."""
    path = qname(shapes, shapes.value(shape, SH.path)) if shapes.value(shape, SH.path) else "-"
    keys: dict[tuple[Node, Node | None], str] = {}
    for parameter in [*PARAMETERS, *custom_components(shapes)]:
        values = list(shapes.objects(shape, parameter))
        if parameter == SH.sparql:
            for node, key in _sparql_numbers(shapes, shape).items():
                keys[(parameter, node)] = key
        elif len(values) == 1:
            keys[(parameter, None)] = f"{path} {qname(shapes, parameter)}"
        else:  # several values (sh:disjoint a, b): one constraint each
            for value in values:
                keys[(parameter, value)] = (
                    f"{path} {qname(shapes, parameter)} {qname(shapes, value)}"
                )
    return keys


def constraint_keys(shapes: Graph, shape: URIRef) -> set[str]:
    """Every constraint of a named shape, its own and those of its sh:property shapes."""
    keys = set(_keys_of(shapes, shape).values())
    for prop in shapes.objects(shape, SH.property):
        keys |= set(_keys_of(shapes, prop).values())
    return keys


def result_keys(shapes: Graph, report: Graph, result: Node) -> set[str]:
    """The keys a validation result can stand for (a multi-valued parameter: any of its values)."""
    source = report.value(result, SH.sourceShape)
    component = report.value(result, SH.sourceConstraintComponent)
    custom = {component: path for path, component in custom_components(shapes).items()}
    parameter = COMPONENT_PARAMETER.get(component) or custom.get(component)
    keys = _keys_of(shapes, source)
    if parameter == SH.sparql:
        return {keys[(SH.sparql, report.value(result, SH.sourceConstraint))]}
    return {key for (p, _), key in keys.items() if p == parameter}


def shape_only(shapes: Graph, shape: URIRef) -> Graph:
    """One named shape with everything it is made of (W3C style: the shapes graph of a case)."""
    graph = Graph(namespace_manager=shapes.namespace_manager)
    components = custom_components(shapes)
    # the definitions of the custom components whose parameters the shape states
    todo = [shape, *(c for path, c in components.items() if (shape, path, None) in shapes)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            graph.add((node, p, o))
            if isinstance(o, BNode) or p == SH.prefixes or p == SH.declare:
                todo.append(o)
    return graph


def signature(graph: Graph, result: Node) -> tuple[str, ...]:
    """(focus, path, value, component) with blank nodes as '_', as the W3C suites compare."""

    def text(node: Node | None) -> str:
        if node is None:
            return "-"
        if isinstance(node, BNode):
            return "_"
        return node.n3() if isinstance(node, Literal) else str(node)

    keys = (SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent)
    return tuple(text(graph.value(result, key)) for key in keys)


@dataclass
class Case:
    name: str
    shape: URIRef
    constraint: str  # the key of the constraint the case breaks ("" for a passing twin)
    comment: str
    data: Graph
    expected: Counter[tuple[str, ...]]
    twin_of: str = ""  # the name of the failing case a passing twin puts right


def load_cases(path: Path) -> list[Case]:
    """The cases of one file: manifest entries in the default graph, each case's data in the
    named graph of the same IRI."""
    dataset = Dataset()
    dataset.parse(path, format="trig")
    manifest = dataset.default_graph
    shape = manifest.value(predicate=RDF.type, object=MF.Manifest)
    shape_iri = manifest.value(shape, RDT.shape)
    cases = []
    for entry in sorted(manifest.subjects(RDF.type, SHT.Validate)):
        data = Graph()
        for triple in dataset.graph(entry):
            data.add(triple)
        expected = Counter(signature(manifest, r) for r in manifest.objects(entry, MF.result))
        twin_of = manifest.value(entry, RDT.twinOf)
        constraint = manifest.value(entry, RDT.constraint)
        cases.append(
            Case(
                name=str(entry).rsplit("/", 1)[-1],
                shape=shape_iri,
                constraint=str(constraint) if constraint is not None else "",
                comment=str(manifest.value(entry, RDFS.comment) or ""),
                data=data,
                expected=expected,
                twin_of=str(twin_of).rsplit("/", 1)[-1] if twin_of is not None else "",
            )
        )
    return cases


def context_for(cases: list[Case], context: PublishedContext) -> Graph:
    """The context all cases need, built once: reference data, and what the cases refer to from
    the published test graph. Each case gets what it would get alone as long as the cases' own
    nodes are under test/ (which the published graph does not describe) and no case uses a real
    tranche or funding source in another role (the committed sums are set per such node)."""
    union = Graph()
    for case in cases:
        union += case.data
    return context.graph_for(union, into=Graph())


def run_case(case: Case, shapes: Graph, context: Graph) -> tuple[Counter, set[str]]:
    """Validate the case's data, within `context`, against its shape alone. The case's triples
    are added to `context` for the run and taken out again (copying ~2 000 context triples per
    case would take longer than the validation)."""
    added = [triple for triple in case.data if triple not in context]
    for triple in added:
        context.add(triple)
    try:
        _, report, _ = pyshacl.validate(
            context,
            shacl_graph=shape_only(shapes, case.shape),
            inference="none",
            allow_warnings=True,
            do_owl_imports=False,
            inplace=True,
        )
    finally:
        for triple in added:
            context.remove(triple)
    # top-level results only (a failed sh:node also reports its inner results as sh:detail)
    top = report.value(predicate=RDF.type, object=SH.ValidationReport)
    # about the case's own nodes only, as regiodeal.validation reports (not the context's)
    described = set(case.data.subjects())
    results = [
        r for r in report.objects(top, SH.result) if report.value(r, SH.focusNode) in described
    ]
    fired = set().union(*(result_keys(shapes, report, r) for r in results)) if results else set()
    return Counter(signature(report, r) for r in results), fired


__all__ = ["RD", "CASES_DIR", "load_cases", "run_case", "named_shapes", "constraint_keys"]
