"""SPARQL for the pages, run through the endpoint's worker pool (never on the event loop).

Every query reads asserted triples only: the materialised inferences (graph/inferred) would add
super-properties and inverses that the documents do not state.
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, Triple, parse
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from regiodeal.namespaces import PREFIX_IRIS, sparql_prefixes
from regiodeal.sparql import results
from regiodeal.sparql.service import Answer, QueryError, QueryService

NTRIPLES = results.NTRIPLES

PREFIXES = sparql_prefixes("rd", "rdfs", "skos", "dcterms", "foaf", "prov", "org", "owl")


def not_inferred(graph_base: str, s: str = "?s", p: str = "?p", o: str = "?o") -> str:
    return f"FILTER NOT EXISTS {{ GRAPH <{graph_base}graph/inferred> {{ {s} {p} {o} }} }}"


def description_query(iri: str, graph_base: str) -> str:
    """The resource's own triples, the blank nodes hanging off it (fact sources, memberships,
    two levels) and the labels of every IRI it links to."""
    return f"""{PREFIXES}
CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?l . }}
WHERE {{
  {{ BIND(<{iri}> AS ?s) }}
  UNION {{ <{iri}> ?p1 ?s . FILTER isBlank(?s) }}
  UNION {{ <{iri}> ?p1 ?b . FILTER isBlank(?b) ?b ?p2 ?s . FILTER isBlank(?s) }}
  UNION {{ ?s ?p1 <{iri}> . FILTER isBlank(?s) }}
  UNION {{ ?b ?p1 <{iri}> . FILTER isBlank(?b) ?b ?p2 ?s . FILTER isBlank(?s) }}
  ?s ?p ?o .
  {not_inferred(graph_base)}
  OPTIONAL {{ VALUES ?lp {{ rdfs:label skos:prefLabel }} ?o ?lp ?l . FILTER isIRI(?o) }}
}}"""


# The texts presentation.label falls back on for a node without a name (TEXT_PROPERTIES there).
def text_values(var: str) -> str:
    return f"VALUES {var} {{ rd:indicator rdfs:comment rd:quote }}"


LABELS_OF_O = (
    """OPTIONAL { VALUES ?lp { rdfs:label skos:prefLabel dcterms:title foaf:name
                                 dcterms:type rd:abbreviation } ?o ?lp ?l . FILTER isIRI(?o) }
  OPTIONAL { """
    + text_values("?tp")
    + """ ?o ?tp ?t . FILTER isIRI(?o)
             FILTER NOT EXISTS { VALUES ?np { rdfs:label skos:prefLabel dcterms:title foaf:name }
                                 ?o ?np ?name } }"""
)


def source_document(doc: str, title: str, kind: str) -> str:
    """`doc` is an rd:SourceDocument with dcterms:title `title` and dcterms:type `kind`, for a
    `doc` bound by the patterns before it.

    Written as the plain triple patterns `doc a rd:SourceDocument ; dcterms:title ... ;
    dcterms:type ...`, pyoxigraph evaluates them on their own (every source document in the graph,
    and the synthetic graphs clone one set of documents per deal) and hash-joins the result with
    the few documents reached, so every page citing a document grew with the graph. A variable
    predicate held by a FILTER and an EXISTS are evaluated for each `doc` already bound."""
    return (
        f"FILTER EXISTS {{ {doc} a rd:SourceDocument }}\n"
        f"  {doc} ?dtp {title} . FILTER sameTerm(?dtp, dcterms:title)\n"
        f"  {doc} ?dtyp {kind} . FILTER sameTerm(?dtyp, dcterms:type)"
    )


def with_source_documents(statements: str) -> str:
    """`statements` (a group binding ?s ?p ?o), in a UNION branch the labels of every ?o
    (LABELS_OF_O), and in another the source document (?doc, ?dt, ?dty) of each ?o that is a
    document part.

    Both branches start from the distinct objects `statements` binds. The source-document branch
    walks `dcterms:isPartOf+` up from each of them, in a sub-select so that the engine evaluates
    the path from bound parts, and checks the few documents reached with `source_document`.
    Written as an OPTIONAL on ?o the engine evaluates the path for every part of every source
    document in the graph and joins afterwards, which made a deal page grow with the graph.
    The labels were OPTIONALs on every row of `statements` (3,857 for Delft West, most of them
    repeating an object): per distinct object the deal page's query takes half the time (208 ->
    108 ms CPU, `bench_pages.py`), with the same triples on all 999 bundled pages
    (`compare_page_queries.py --contexts`), although `statements` is evaluated once more.
    """
    objects = f"SELECT DISTINCT ?o WHERE {{ {statements} FILTER (!isLiteral(?o)) }}"
    return (
        f"{{ {statements} }}\n"
        f"  UNION {{ {{ {objects} }}\n  {LABELS_OF_O} }}\n"
        f"  UNION {{ {{ {objects} }} ?o dcterms:isPartOf+ ?doc .\n"
        f"          {source_document('?doc', '?dt', '?dty')} }}"
    )


LABEL_TEMPLATE = (
    "?o ?lp ?l . ?o ?tp ?t . "
    "?o dcterms:isPartOf ?doc . ?doc dcterms:title ?dt ; dcterms:type ?dty ."
)


def neighbourhood_query(iri: str, graph_base: str) -> str:
    """Everything within two steps of the resource, with the labels one step further and the
    source document of every document part cited: enough for a deal's page."""
    statements = f"""{{ BIND(<{iri}> AS ?s) }}
  UNION {{ <{iri}> ?p1 ?s . FILTER (!isLiteral(?s)) }}
  UNION {{ <{iri}> ?p1 ?m . FILTER (!isLiteral(?m)) ?m ?p2 ?s . FILTER (!isLiteral(?s)) }}
  UNION {{ ?s ?p1 <{iri}> . FILTER isBlank(?s) }}
  ?s ?p ?o .
  {not_inferred(graph_base)}"""
    return f"""{PREFIXES}
CONSTRUCT {{ ?s ?p ?o . {LABEL_TEMPLATE} }}
WHERE {{
  {with_source_documents(statements)}
}}"""


async def fetch_graph(service: QueryService, query: str) -> Graph:
    """A CONSTRUCT result as a graph; QueryError (timeout, busy) is shown to the user as such."""
    answer = await service.execute(query, NTRIPLES)
    if answer.status != 200:
        raise QueryError.of(answer)
    return await run_in_threadpool(_parse_ntriples, answer.body)


def _parse_ntriples(body: bytes) -> Graph:
    graph = Graph()
    graph.parse(data=body.decode(), format="nt")
    return graph


async def fetch_description(service: QueryService, query: str, media_type: str) -> Answer:
    """A CONSTRUCT answer in `media_type` with every triple once.

    A CONSTRUCT result is a bag: the UNION branches of description_query (and each label found
    for each of them) yield the same triple many times, and SPARQL 1.1 has no CONSTRUCT DISTINCT.
    So the answer is fetched as N-Triples, deduplicated, and serialised again off the event loop.
    """
    answer = await service.execute(query, NTRIPLES)
    if answer.status != 200:
        return answer
    body, truncated = answer.body, answer.truncated
    return await run_in_threadpool(_distinct, body, media_type, truncated)


def _distinct(body: bytes, media_type: str, truncated: bool) -> Answer:
    # dict.fromkeys keeps the first occurrence of each triple in the order the store gave them.
    triples = list(dict.fromkeys(Triple(*q.triple) for q in parse(body, RdfFormat.N_TRIPLES)))
    return Answer(
        200, media_type, results.graph(media_type, triples, PREFIX_IRIS), truncated, len(triples)
    )


def types_query(iri: str) -> str:
    # Inferred types included on purpose: rd:Ministry is an org:Organization, etc.
    return f"""{PREFIXES}
SELECT DISTINCT ?type WHERE {{ <{iri}> ?p ?o . OPTIONAL {{ <{iri}> a ?type }} }}"""
