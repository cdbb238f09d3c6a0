"""`regiodeal check`: every Turtle file parses, and ontology + data are consistent (OWL 2 DL).

Steps: parse each file (a syntax error names file, line and column), count triples per file,
then hand ontology + data to HermiT (through owlready2) and to Pellet for consistency and
unsatisfiable classes: two reasoners, because they disagree at the edges of OWL 2 (Pellet found
the graph inconsistent over `rdfs:range rdf:langString`, which HermiT accepted). After HermiT,
compare the members HermiT infers for the classes whose members the reference data lists
(REFERENCE_CLASSES: ministries, municipalities, provinces, tranches, funding sources) with the
asserted ones: a foundation given as rd:fundingProvider (range rd:Ministry) is consistent, but
silently a Ministry; that is reported as an error.

The reasoner sees a copy of the graph written to a temporary N-Triples file:
- owl:imports are dropped, so that neither owlready2 nor HermiT fetches anything;
- literals whose datatype is outside the OWL 2 datatype map (xsd:date, xsd:gYear) would make
  HermiT stop with "UnsupportedDatatypeException". HermiT runs with --ignoreUnsupportedDatatypes,
  which lets it treat those datatypes as opaque; such literals are counted and reported, and their
  lexical form is checked here with rdflib instead (an ill-formed date is an error).

Pellet is the copy bundled with owlready2, but run here through its own command line with its
default OWL API loader, not through owlready2.sync_reasoner_pellet: that one uses Pellet's Jena
loader, and owlready2 0.51 ships a jena-arq-fixed2.10.0.jar whose LangRDFXML class is compiled for
Java 25 (class file version 69), so on Java 17 it stops with UnsupportedClassVersionError before
reading anything. `pellet classify` reports an inconsistent graph with exit code 1 and "Ontology
is inconsistent" on stderr, and an unsatisfiable class as equivalent to owl:Nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
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

HELP = "parse every Turtle file and run the OWL reasoners HermiT and Pellet (consistency)"
DESCRIPTION = """\
Parse every Turtle file of ontology/ and data/ttl/ (REGIODEAL_ONTOLOGY_DIR, REGIODEAL_DATA_DIR) and
count its triples, check the lexical form of typed literals, then run HermiT and Pellet (both
bundled with owlready2, need Java) on ontology + data: consistency and unsatisfiable classes; after
HermiT, types it infers against the reference data. Exit code 0: all good; 1: problems, each on
stderr.
"""
REASONERS = ("hermit", "pellet")
# Pellet is a separate JVM: bound it, so that a graph it cannot finish fails the check, not hangs.
PELLET_TIMEOUT_SECONDS = 600

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
    reasoner: str = "HermiT"
    # (individual, class) pairs the reasoner inferred for REFERENCE_CLASSES but no rdf:type states
    unexpected_types: list[tuple[str, str]] = field(default_factory=list)
    # Pellet's "Ignoring literal value ... for object property ...": a value it did not reason over
    ignored_values: list[str] = field(default_factory=list)


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


def pellet_command(path: Path) -> list[str]:
    """`pellet classify` on one file, with the jars owlready2 bundles (OWL API loader)."""
    import owlready2  # slow import; only needed here

    folder = Path(owlready2.__file__).parent / "pellet"
    classpath = os.pathsep.join(str(jar) for jar in sorted(folder.glob("*.jar")))
    memory = f"-Xmx{owlready2.JAVA_MEMORY}M"
    return [owlready2.JAVA_EXE, memory, "-cp", classpath, "pellet.Pellet", "classify"] + [
        "--ignore-imports",
        str(path),
    ]


def pellet_unsatisfiable(output: str) -> list[str]:
    """Classes `pellet classify` prints as equivalent to owl:Nothing (" A = owl:Nothing")."""
    found: set[str] = set()
    for line in output.splitlines():
        names = [name.strip() for name in line.split(" = ")]
        if str(OWL.Nothing) in names:
            found.update(name for name in names if name != str(OWL.Nothing))
    return sorted(found)


def run_pellet(graph: Graph, progress: Progress = print) -> ReasonerResult:
    """Pellet (command line) on the graph: consistency and unsatisfiable classes."""
    import owlready2  # slow import; only needed here

    if shutil.which(owlready2.JAVA_EXE) is None:
        return ReasonerResult(False, [], Counter(), 0.0, "java not found: install a JRE", "Pellet")
    prepared, ignored = reasoner_graph(graph)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="regiodeal-check-") as tmp:
        path = Path(tmp) / "graph.nt"  # the OWL API picks its parser by the extension
        prepared.serialize(path, format="nt", encoding="utf-8")
        progress(f"  running Pellet on {len(prepared)} triples")
        result = _pellet(pellet_command(path))
    result.ignored_literals = ignored
    result.seconds = time.monotonic() - started
    return result


def _pellet(command: list[str]) -> ReasonerResult:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PELLET_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        error = f"Pellet did not finish within {PELLET_TIMEOUT_SECONDS} s"
        return ReasonerResult(False, [], Counter(), 0.0, error, "Pellet")
    if done.returncode != 0 and "Ontology is inconsistent" in done.stderr:
        return ReasonerResult(False, [], Counter(), 0.0, None, "Pellet")
    if done.returncode != 0:
        # The last lines of a Java stack trace say least; the first name the exception.
        head = "\n".join(done.stderr.strip().splitlines()[:5])
        error = f"Pellet failed (exit code {done.returncode}): {head}"
        return ReasonerResult(False, [], Counter(), 0.0, error, "Pellet")
    result = ReasonerResult(True, pellet_unsatisfiable(done.stdout), Counter(), 0.0, None, "Pellet")
    # The OWL API reads a range outside the OWL 2 datatype map that the ontology does not declare
    # as rdfs:Datatype as a class, so the property as an object property: Pellet then drops its
    # values with only this warning (xsd:gMonthDay did, before the ontology declared it).
    result.ignored_values = [
        line.removeprefix("WARNING: ").strip()
        for line in done.stderr.splitlines()
        if line.startswith("WARNING: Ignoring literal value")
    ]
    return result


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
    name = result.reasoner
    for datatype, count in sorted(result.ignored_literals.items()):
        if name == "HermiT":  # Pellet reads xsd:date and friends
            progress(
                f"  note: {count} {datatype} literal(s) are outside the OWL 2 datatype map; "
                "HermiT treats them as opaque (their lexical form is checked by rdflib)"
            )
    if result.error:
        return [result.error]
    if not result.consistent:
        return [
            *disjoint_clashes(graph),
            f"ontology + data are INCONSISTENT ({name}): some individual contradicts the "
            "axioms, e.g. it is typed with two disjoint classes",
        ]
    problems = [f"unsatisfiable class ({name}): {iri}" for iri in result.unsatisfiable]
    problems += [
        f"{name}: {message} (declare the range's datatype as rdfs:Datatype)"
        for message in result.ignored_values
    ]
    norm = graph.namespace_manager.normalizeUri
    problems += [
        f"the reasoner infers that {iri} is a {norm(cls)} (from a property's domain or range), "
        f"but the reference data does not list it as one: a value in the wrong property?"
        for iri, cls in result.unexpected_types
    ]
    if not problems:
        progress(f"  consistent, no unsatisfiable classes ({name}, {result.seconds:.1f} s)")
    return problems


RUNNERS: dict[str, Callable[[Graph, Progress], ReasonerResult]] = {
    "hermit": run_reasoner,
    "pellet": run_pellet,
}


def check(
    settings: Settings | None = None,
    progress: Progress = print,
    reasoners: Iterable[str] = REASONERS,
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
    for reasoner in reasoners:
        progress(f"Reasoning ({'owlready2 + HermiT' if reasoner == 'hermit' else 'Pellet'}):")
        result = RUNNERS[reasoner](parsed.graph, progress)
        problems += report_reasoner(result, parsed.graph, progress)
    return problems


def chosen_reasoners(args: argparse.Namespace) -> tuple[str, ...]:
    if args.no_reasoner:
        return ()
    return REASONERS if args.reasoner == "both" else (args.reasoner,)


def _run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    problems = check(reasoners=chosen_reasoners(args))
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
    parser.add_argument(
        "--reasoner",
        choices=(*REASONERS, "both"),
        default="both",
        help="which OWL reasoner to run (default: both; HermiT also checks inferred types "
        "against the reference data)",
    )
    parser.set_defaults(func=_run)
