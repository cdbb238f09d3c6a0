"""Quality of the ontology and of its use in data/ttl.

Most checks are ROBOT-style report queries in `report_queries/*.rq`, each with a Problem /
Solution header and a `# Graph:` line (`ontology`: the ontology alone; `all`: ontology + data).
A query returns one row per problem (?entity ?property ?value). Every query is run twice: on the
repository (no rows allowed) and on a copy with a planted problem (rows required), so that each
check is shown to be able to fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from regiodeal.namespaces import ORG, RD, SCHEMA
from regiodeal.settings import get_settings
from regiodeal.store.files import parse_files

QUERY_DIR = Path(__file__).parent / "report_queries"
QUERIES = sorted(QUERY_DIR.glob("*.rq"))
EX = "https://example.org/"

# A planted problem per query: a SPARQL Update applied to a copy of the graph, and the IRI
# (or property) that must then show up in the query's rows.
PLANTED: dict[str, tuple[str, str]] = {
    "missing_label": (
        'INSERT DATA { rd:NoLabel a owl:Class ; rdfs:label "Zonder"@nl ; '
        'skos:definition "d"@nl, "d"@en }',
        str(RD.NoLabel),
    ),
    "missing_definition": (
        'INSERT DATA { rd:noDef a owl:ObjectProperty ; rdfs:label "a"@nl, "a"@en ; '
        'skos:definition "alleen Nederlands"@nl }',
        str(RD.noDef),
    ),
    "multiple_labels": (
        'INSERT DATA { rd:RegioDeal rdfs:label "Tweede naam"@nl }',
        str(RD.RegioDeal),
    ),
    "multiple_definitions": (
        'INSERT DATA { rd:RegioDeal skos:definition "A second definition."@en }',
        str(RD.RegioDeal),
    ),
    "conflicting_declarations": (
        "INSERT DATA { rd:budget a owl:DatatypeProperty }",
        str(RD.budget),
    ),
    "missing_ontology_metadata": ("DELETE WHERE { ?o owl:versionInfo ?v }", str(OWL.versionInfo)),
    "undeclared_reference": ("INSERT DATA { rd:budget rdfs:range rd:Budgett }", str(RD.Budgett)),
    "class_not_declared": (f"INSERT DATA {{ <{EX}x> a rd:Ministrie }}", str(RD.Ministrie)),
    "property_value_kind": (
        f"INSERT DATA {{ <{EX}deal> rd:rijkContribution <{EX}amount> ; "
        'rd:regiokassier "Gemeente Delft" }',
        f"{EX}deal",
    ),
    "label_not_unique": (
        'DELETE { rd:budget rdfs:label ?l } INSERT { rd:budget rdfs:label "budget"@en } '
        'WHERE { rd:budget rdfs:label ?l FILTER(LANG(?l) = "en") }',
        str(RD.budget),
    ),
    "property_without_domain": (
        "DELETE WHERE { rd:rijkContribution rdfs:domain ?d }",
        str(RD.rijkContribution),
    ),
    "lang_string_range": (
        "INSERT DATA { rd:indicator rdfs:range rdf:langString }",
        str(RD.indicator),
    ),
    "external_term_not_declared": (
        "INSERT DATA { rd:Alliance rdfs:subClassOf <http://xmlns.com/foaf/0.1/Group> }",
        "http://xmlns.com/foaf/0.1/Group",
    ),
    "label_whitespace": (
        'INSERT DATA { rd:RegioDeal rdfs:comment " padded"@en }',
        str(RD.RegioDeal),
    ),
}

INIT_NS = {"rd": RD, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "skos": SKOS}


def header(query: Path) -> dict[str, str]:
    """The `# Key: value` lines at the top of a report query."""
    fields: dict[str, str] = {}
    for line in query.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#\s*(\w+):\s*(.*)", line)
        if match:
            fields[match.group(1)] = match.group(2)
        elif not line.startswith("#"):
            break
    return fields


def report(graph: Graph, query: Path) -> list[tuple[str, ...]]:
    rows = graph.query(query.read_text(encoding="utf-8"))
    return [tuple("" if term is None else str(term) for term in row) for row in rows]


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return parse_files(sorted(get_settings().ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def data() -> Graph:
    return parse_files(sorted(get_settings().data_dir.rglob("*.ttl")))


def target(query: Path, ontology: Graph, graph: Graph) -> Graph:
    kind = header(query)["Graph"]
    assert kind in ("ontology", "all"), f"{query.name}: unknown Graph: {kind}"
    return ontology if kind == "ontology" else graph


def test_every_query_has_header_and_planted_problem() -> None:
    assert QUERIES, "no report queries found"
    for query in QUERIES:
        fields = header(query)
        assert {"Problem", "Solution", "Graph"} <= fields.keys(), query.name
    assert {q.stem for q in QUERIES} == PLANTED.keys()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_report_query_finds_no_problem(query: Path, ontology: Graph, graph: Graph) -> None:
    rows = report(target(query, ontology, graph), query)
    problem = header(query)["Problem"]
    assert not rows, f"{query.name}: {problem}\n" + "\n".join(" | ".join(r) for r in rows[:30])


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_report_query_detects_planted_problem(query: Path, ontology: Graph, graph: Graph) -> None:
    update, expected = PLANTED[query.stem]
    broken = Graph()
    broken += target(query, ontology, graph)
    broken.update(update, initNs=INIT_NS)
    rows = report(broken, query)
    assert any(expected in row for row in rows), f"{query.name} missed {expected}: {rows}"


# Terms of standard vocabularies that data/ttl may use. An explicit list, so that a typo in a
# standard term (skos:prefLable) fails as surely as one in our own (rd:rijkContrib). Extend it
# when the conventions adopt a new standard term.
ALLOWED_TERMS: frozenset[URIRef] = frozenset(
    {RDF.type, RDF.first, RDF.rest, RDF.nil, RDF.value}
    | {RDFS.label, RDFS.comment, RDFS.seeAlso}
    | {OWL.sameAs}
    | {
        SKOS[t]
        for t in (
            "Concept",
            "ConceptScheme",
            "prefLabel",
            "altLabel",
            "hiddenLabel",
            "definition",
            "notation",
            "note",
            "scopeNote",
            "example",
            "inScheme",
            "hasTopConcept",
            "topConceptOf",
            "broader",
            "narrower",
            "related",
            "exactMatch",
            "closeMatch",
            "broadMatch",
            "narrowMatch",
            "relatedMatch",
        )
    }
    | {
        DCTERMS[t]
        for t in (
            "title",
            "alternative",
            "description",
            "type",
            "date",
            "issued",
            "modified",
            "created",
            "source",
            "identifier",
            "isPartOf",
            "hasPart",
            "license",
            "publisher",
            "creator",
            "language",
            "subject",
            "spatial",
            "temporal",
            "references",
            "isReferencedBy",
            "bibliographicCitation",
            "Location",
        )
    }
    | {
        PROV[t]
        for t in (
            "wasDerivedFrom",
            "hadPrimarySource",
            "wasGeneratedBy",
            "wasAttributedTo",
            "wasQuotedFrom",
            "Entity",
            "Activity",
            "Agent",
        )
    }
    | {
        ORG[t]
        for t in (
            "Organization",
            "FormalOrganization",
            "OrganizationalUnit",
            "Membership",
            "Role",
            "Post",
            "member",
            "organization",
            "role",
            "memberOf",
            "hasMember",
            "memberDuring",
            "subOrganizationOf",
            "hasSubOrganization",
            "unitOf",
            "hasUnit",
            "classification",
            "holds",
            "heldBy",
            "identifier",
        )
    }
    | {FOAF[t] for t in ("Person", "Organization", "Agent", "name", "homepage", "page")}
    | {FOAF.primaryTopic}
    | {SCHEMA[t] for t in ("url", "name", "sameAs")}
)
STANDARD_NAMESPACES = tuple(
    str(ns) for ns in (RDF, RDFS, OWL, SKOS, DCTERMS, PROV, ORG, FOAF, SCHEMA)
) + ("http://www.w3.org/2001/XMLSchema#",)  # XSD as a string: rdflib's XSD object warns on probing


def used_terms(graph: Graph) -> set[URIRef]:
    """Predicates, classes (rdf:type objects) and any IRI in our or a standard namespace."""
    terms: set[URIRef] = set()
    vocabularies = (str(RD), *STANDARD_NAMESPACES)
    for s, p, o in graph:
        terms.add(p)
        if p == RDF.type and isinstance(o, URIRef):
            terms.add(o)
        terms.update(t for t in (s, o) if isinstance(t, URIRef) and str(t).startswith(vocabularies))
    return terms


def undeclared_terms(data: Graph, ontology: Graph) -> list[str]:
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    return sorted(str(t) for t in used_terms(data) - declared - ALLOWED_TERMS)


def test_terms_used_in_data_are_declared(data: Graph, ontology: Graph) -> None:
    assert len(data) > 0
    assert undeclared_terms(data, ontology) == []


def test_undeclared_terms_catch_typos(ontology: Graph) -> None:
    typos = Graph()
    typos.parse(
        data=f"""
        @prefix rd: <{RD}> . @prefix skos: <{SKOS}> . @prefix dcterms: <{DCTERMS}> .
        <{EX}deal> rd:rijkContrib 1.0 ; skos:prefLable "x" ; rd:factSource [
            rd:aboutProperty dcterms:titel ] ; <{EX}own> 1 ; a rd:RegioDeal .
        """,
        format="turtle",
    )
    assert undeclared_terms(typos, ontology) == sorted(
        [f"{EX}own", f"{DCTERMS}titel", f"{SKOS}prefLable", str(RD.rijkContrib)]
    )


def test_ontology_declares_terms(ontology: Graph) -> None:
    # A floor, not an exact count: the ontology grows. 29 classes, 92 properties in v0.1.0.
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert len(classes) >= 29 and len(properties) >= 92


# Consistency of ontology + data under HermiT and Pellet: tests/test_check_cli.py
# (test_check_passes_on_repository runs `regiodeal check` over the whole repository; a second
# HermiT run over the same graph here only cost ~20 s).
