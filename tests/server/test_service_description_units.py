"""sparql/service_description.py: the whole description of a small dataset, written out by hand
in Turtle and compared graph to graph (blank nodes matched by rdflib.compare), and the
serialiser each offered media type names. No store, no app."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from regiodeal.sparql.service import GraphCounts
from regiodeal.sparql.service_description import SD, SERIALISERS, service_description

ENDPOINT = "http://example.org/sparql"

# By hand from the SPARQL 1.1 Service Description spec (sections 3.2-3.4) and what the endpoint
# offers: SPARQL 1.1 Query, federation (SERVICE to allow-listed endpoints), the eight result
# formats, and a default dataset with the triple count of its default graph and of each graph.
EXPECTED = """
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/sparql#service> a sd:Service ;
    sd:endpoint <http://example.org/sparql> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:BasicFederatedQuery ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
        formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:triples "12"^^xsd:integer ] ;
        sd:namedGraph [
            sd:name <http://example.org/g/a> ;
            sd:graph [ a sd:Graph ; void:triples "5"^^xsd:integer ]
        ] , [
            sd:name <http://example.org/g/b> ;
            sd:graph [ a sd:Graph ; void:triples "7"^^xsd:integer ]
        ]
    ] .
"""


def test_the_description_states_service_formats_and_counts() -> None:
    counts = GraphCounts({"http://example.org/g/b": 7, "http://example.org/g/a": 5}, 12)
    graph = service_description(ENDPOINT, counts)
    assert isomorphic(graph, Graph().parse(data=EXPECTED, format="turtle"))
    namespaces = dict(graph.namespaces())
    assert str(namespaces["sd"]) == str(SD)  # written as sd:… in Turtle
    assert str(namespaces["void"]) == "http://rdfs.org/ns/void#"


def test_an_empty_store_has_a_default_graph_of_zero_triples_and_no_named_graph() -> None:
    graph = service_description(ENDPOINT, GraphCounts())
    expected = EXPECTED.split("sd:namedGraph")[0].replace('"12"', '"0"') + "] ."
    assert isomorphic(graph, Graph().parse(data=expected, format="turtle"))


@pytest.mark.parametrize(
    ("media_type", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_each_media_type_names_a_serialiser_of_that_syntax(media_type: str, parser: str) -> None:
    graph = service_description(ENDPOINT, GraphCounts({"http://example.org/g/a": 5}, 5))
    written = graph.serialize(format=SERIALISERS[media_type])
    assert isomorphic(Graph().parse(data=written, format=parser), graph)
