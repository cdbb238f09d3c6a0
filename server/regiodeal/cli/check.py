"""`regiodeal check`: every Turtle file parses, and ontology + data are consistent (OWL 2 DL).

Steps: parse each file (a syntax error names file, line and column), count triples per file,
then hand ontology + data to HermiT through owlready2 for consistency and unsatisfiable classes,
and compare the members HermiT infers for the classes whose members the reference data lists
(REFERENCE_CLASSES: ministries, municipalities, provinces, tranches, funding sources) with the
asserted ones: a foundation given as rd:fundingProvider (range rd:Ministry) is consistent, but
silently a Ministry; that is reported as an error.

The reasoner sees a copy of the graph written to a temporary N-Triples file:
- owl:imports are dropped, so that neither owlready2 nor HermiT fetches anything;
- literals whose datatype is outside the OWL 2 datatype map (xsd:date, xsd:gYear) would make
  HermiT stop with "UnsupportedDatatypeException". HermiT runs with --ignoreUnsupportedDatatypes,
  which lets it treat those datatypes as opaque; such literals are counted and reported, and their
  lexical form is checked here with rdflib instead (an ill-formed date is an error).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Identifier

from regiodeal.cli.common import verdict
from regiodeal.namespaces import RD
from regiodeal.settings import Settings, get_settings
from regiodeal.store.files import turtle_files
from regiodeal.store.turtle import stable_prefixes

HELP = "parse every Turtle file and run the OWL reasoner (consistency)"
DESCRIPTION = """\
Parse every Turtle file of ontology/ and data/ttl/ (REGIODEAL_ONTOLOGY_DIR, REGIODEAL_DATA_DIR) and
count its triples, check the lexical form of typed literals, then run HermiT (owlready2, needs
Java) on ontology + data: consistency and unsatisfiable classes. Exit code 0: all good; 1:
problems, each on stderr.
"""

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdf:PlainLiteral.
OWL2_DATATYPES = frozenset(
    {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, RDF.langString, OWL.real, OWL.rational}
    | {
        XSD[name]
        for name in (
            *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger"),
            *("positiveInteger", "negativeInteger", "long", "int", "short", "byte"),
            *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "double", "float"),
            *("string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN"),
            *("boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp"),
        )
    }
)

Progress = Callable[[str], None]

# Classes whose members come from reference data (data/ttl/reference/): the reasoner may not add
# members to them. Anything it classifies into one of them without an rdf:type saying so is a
# value in the wrong place (e.g. a foundation as rd:fundingProvider), not a new ministry.
REFERENCE_CLASSES = (RD.Ministry, RD.Municipality, RD.Province, RD.Tranche, RD.FundingSource)


@dataclass(frozen=True)
class SyntaxProblem:
    """A file that does not parse, with the position rdflib reports (1-based)."""

    path: Path
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.path, self.line, self.column) if x is not None)
        return f"{where}: syntax error: {self.message}"


@dataclass
class ParseResult:
    graph: Graph = field(default_factory=Graph)
    counts: dict[Path, int] = field(default_factory=dict)
    problems: list[SyntaxProblem] = field(default_factory=list)


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str]
    ignored_literals: Counter[str]
    seconds: float
    error: str | None = None
    # (individual, class) pairs the reasoner inferred for REFERENCE_CLASSES but no rdf:type states
    unexpected_types: list[tuple[str, str]] = field(default_factory=list)


def position(exc: BadSyntax) -> tuple[int, int | None]:
    """Line and column (1-based) of a rdflib BadSyntax.

    rdflib keeps the parsed text (`_str`, UTF-8 bytes), the character offset of the error in it
    (`_i`) and a 0-based line counter (`lines`), but no column: both are computed from the
    offset. Without those private attributes (another rdflib version), fall back to `lines`.
    """
    raw, offset = getattr(exc, "_str", None), getattr(exc, "_i", None)
    if not isinstance(raw, bytes) or not isinstance(offset, int):
        return exc.lines + 1, None
    text = raw.decode("utf-8")
    offset = min(max(offset, 0), len(text))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def parse_one(path: Path, graph: Graph) -> SyntaxProblem | None:
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as exc:
        line, column = position(exc)
        return SyntaxProblem(path, line, column, getattr(exc, "_why", str(exc)))
    except Exception as exc:  # rdflib raises plain exceptions for some errors (bad IRIs, ...)
        return SyntaxProblem(path, None, None, f"{type(exc).__name__}: {exc}")
    return None


def parse_all(paths: Iterable[Path]) -> ParseResult:
    """Parse every file on its own (so that each count and each error is per file), then merge."""
    result = ParseResult()
    for name, uri in stable_prefixes().items():  # short names in messages
        result.graph.bind(name, uri)
    for path in paths:
        graph = Graph()
        problem = parse_one(path, graph)
        if problem:
            result.problems.append(problem)
            continue
        result.counts[path] = len(graph)
        result.graph += graph
    return result


def ill_typed_literals(graph: Graph) -> list[str]:
    """Literals whose lexical form does not fit their datatype (e.g. "2024-13-01"^^xsd:date)."""
    return sorted(
        f"{s} {p} {o.n3()}"
        for s, p, o in graph
        if isinstance(o, Literal) and o.datatype is not None and o.ill_typed
    )


def reasoner_graph(graph: Graph) -> tuple[Graph, Counter[str]]:
    """The graph as the reasoner gets it: no owl:imports; counts of non-OWL-2 literals."""
    copy = Graph()
    ignored: Counter[str] = Counter()
    for s, p, o in graph:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            ignored[graph.namespace_manager.normalizeUri(o.datatype)] += 1
        copy.add((s, p, o))
    return copy, ignored


def run_reasoner(graph: Graph, progress: Progress = print) -> ReasonerResult:
    """HermiT (through owlready2) on the graph: consistency and unsatisfiable classes."""
    import owlready2  # slow import; only needed here

    if shutil.which(owlready2.JAVA_EXE) is None:
        return ReasonerResult(False, [], Counter(), 0.0, "java not found: install a JRE")
    prepared, ignored = reasoner_graph(graph)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="regiodeal-check-") as tmp:
        path = Path(tmp) / "graph.nt"
        prepared.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load()
        progress(f"  loaded {len(prepared)} triples into owlready2; running HermiT")
        result = _hermit(owlready2, world)
        if result.consistent and not result.error:
            result.unexpected_types = unexpected_types(world, graph)
        world.close()
    result.ignored_literals = ignored
    result.seconds = time.monotonic() - started
    return result


def _hermit(owlready2, world) -> ReasonerResult:  # type: ignore[no-untyped-def]  # untyped lib
    try:
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerResult(False, [], Counter(), 0.0)
    except owlready2.OwlReadyJavaError as exc:
        return ReasonerResult(False, [], Counter(), 0.0, f"HermiT failed: {exc}")
    unsatisfiable = sorted(
        c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing
    )
    return ReasonerResult(True, unsatisfiable, Counter(), 0.0)


# owl:sameAs: a Wikidata IRI the reference data equates with a TOOI IRI is that member too.
ASSERTED_MEMBERS_QUERY = """
SELECT DISTINCT ?x WHERE { ?x (owl:sameAs|^owl:sameAs)*/rdf:type/rdfs:subClassOf* ?class }
"""


def unexpected_types(world, graph: Graph) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Members of REFERENCE_CLASSES that HermiT inferred (in `world`), `graph` does not assert."""
    found: list[tuple[str, str]] = []
    for cls in REFERENCE_CLASSES:
        entity = world[str(cls)]
        if entity is None:
            continue
        inferred = {str(i.iri) for i in entity.instances(world=world)}
        rows = graph.query(
            ASSERTED_MEMBERS_QUERY,
            initNs={"rdf": RDF, "rdfs": RDFS, "owl": OWL},
            initBindings={"class": cls},
        )
        asserted = {str(row[0]) for row in cast(Iterable[tuple[Identifier]], rows)}
        found += [(iri, str(cls)) for iri in sorted(inferred - asserted)]
    return found


DISJOINT_CLASH_QUERY = """
SELECT DISTINCT ?x ?a ?b WHERE {
  ?a owl:disjointWith|^owl:disjointWith ?b .
  ?x rdf:type/rdfs:subClassOf* ?a, ?b .
  FILTER (STR(?a) < STR(?b))
} ORDER BY ?x ?a ?b LIMIT 20
"""


def disjoint_clashes(graph: Graph) -> list[str]:
    """A hint for an inconsistency: individuals asserted in two disjoint classes (no reasoning)."""
    result = graph.query(DISJOINT_CLASH_QUERY, initNs={"owl": OWL, "rdf": RDF, "rdfs": RDFS})
    # A SELECT result yields rows of terms; rdflib types its iteration for ASK results too.
    rows = cast(Iterable[tuple[Identifier, Identifier, Identifier]], result)
    norm = graph.namespace_manager.normalizeUri
    return [f"{norm(x)} is a {norm(a)} and a {norm(b)}, which are disjoint" for x, a, b in rows]


def report_parse(result: ParseResult, progress: Progress) -> None:
    root = Path.cwd()
    for path, count in result.counts.items():
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        progress(f"  {count:7d}  {shown}")
    progress(f"  {sum(result.counts.values()):7d}  total ({len(result.counts)} files)")


def report_reasoner(result: ReasonerResult, graph: Graph, progress: Progress) -> list[str]:
    """Progress lines for the reasoner run; returns the problems found."""
    for datatype, count in sorted(result.ignored_literals.items()):
        progress(
            f"  note: {count} {datatype} literal(s) are outside the OWL 2 datatype map; "
            "HermiT treats them as opaque (their lexical form is checked by rdflib)"
        )
    if result.error:
        return [result.error]
    if not result.consistent:
        return [
            *disjoint_clashes(graph),
            "ontology + data are INCONSISTENT (HermiT): some individual contradicts the "
            "axioms, e.g. it is typed with two disjoint classes",
        ]
    problems = [f"unsatisfiable class: {iri}" for iri in result.unsatisfiable]
    norm = graph.namespace_manager.normalizeUri
    problems += [
        f"the reasoner infers that {iri} is a {norm(cls)} (from a property's domain or range), "
        f"but the reference data does not list it as one: a value in the wrong property?"
        for iri, cls in result.unexpected_types
    ]
    if not problems:
        progress(f"  consistent, no unsatisfiable classes (HermiT, {result.seconds:.1f} s)")
    return problems


def check(
    settings: Settings | None = None, progress: Progress = print, reason: bool = True
) -> list[str]:
    """Run every check on the graph of `settings`; returns the problems (empty: all good)."""
    paths = turtle_files(settings or get_settings())
    progress(f"Parsing {len(paths)} Turtle files (triples per file):")
    parsed = parse_all(paths)
    problems = [str(p) for p in parsed.problems]
    if problems:
        return problems  # reasoning over a partial graph would only add noise
    report_parse(parsed, progress)
    problems += [f"ill-typed literal: {t}" for t in ill_typed_literals(parsed.graph)]
    if reason:
        progress("Reasoning (owlready2 + HermiT):")
        problems += report_reasoner(run_reasoner(parsed.graph, progress), parsed.graph, progress)
    return problems


def _run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    problems = check(reason=not args.no_reasoner)
    for problem in problems:
        print(f"ERROR {problem}", file=sys.stderr)
    elapsed = time.monotonic() - started
    failure = f"check FAILED: {len(problems)} problem(s) ({elapsed:.1f} s)"
    return verdict(bool(problems), failure, f"check passed ({elapsed:.1f} s)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("check", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "--no-reasoner", action="store_true", help="only parse and count (no Java needed)"
    )
    parser.set_defaults(func=_run)
