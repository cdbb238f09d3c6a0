"""VoID, DCAT, the dumps and the JSON-LD context, from the app on the bundled graph (in-process)."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
from pyoxigraph import CanonicalizationAlgorithm, RdfFormat, parse
from pyoxigraph import Dataset as OxDataset
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD
from support.apps import BASE_URL, TestClient

from regiodeal.namespaces import RD
from regiodeal.settings import get_settings
from regiodeal.store.dataset import graph_name, inferred_graph, source_files

SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/regiodeal/dataset")
DUMPS = {
    "regiodeal.ttl": ("text/turtle", "turtle"),
    "regiodeal.nq": ("application/n-quads", "nquads"),
    "regiodeal.trig": ("application/trig", "trig"),
    "regiodeal.jsonld": ("application/ld+json", "json-ld"),
}
RDF_SYNTAXES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


ENDPOINT = URIRef(BASE_URL + "/sparql")


@pytest.fixture(scope="module")
def server(bundled_client: TestClient) -> TestClient:
    return bundled_client


def get(server: TestClient, path: str, **kwargs) -> httpx.Response:
    return server.get(path, **kwargs)


def sparql_count(server: TestClient, query: str) -> int:
    response = server.get(
        "/sparql", params={"query": query}, headers={"accept": "application/json"}
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def described(server: TestClient, path: str, accept: str = "text/turtle") -> Graph:
    response = get(server, path, headers={"accept": accept})
    assert response.status_code == 200, response.text
    media = response.headers["content-type"].split(";")[0]
    assert media == accept
    return Graph().parse(data=response.content, format=RDF_SYNTAXES[accept])


@pytest.fixture(scope="module")
def catalog(server: TestClient) -> Graph:
    return described(server, "/catalog")


@pytest.fixture(scope="module")
def store_triples(server: TestClient) -> int:
    return sparql_count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("accept", list(RDF_SYNTAXES))
@pytest.mark.parametrize("path", ["/.well-known/void", "/catalog"])
def test_description_states_the_store_triple_count(
    server: TestClient, path: str, accept: str, store_triples: int
) -> None:
    graph = described(server, path, accept)
    assert graph.value(DATASET, VOID.triples) == Literal(store_triples, datatype=XSD.integer)
    assert (DATASET, RDF.type, VOID.Dataset) in graph
    # and the service description of the endpoint says the same about the default graph
    sd = Graph().parse(data=get(server, "/sparql", headers={"accept": "text/turtle"}).text)
    assert store_triples in {t.toPython() for t in sd.objects(None, VOID.triples)}


def test_catalogue_is_dcat(server: TestClient, catalog: Graph) -> None:
    catalogue = catalog.value(predicate=RDF.type, object=DCAT.Catalog)
    assert (catalogue, DCAT.dataset, DATASET) in catalog
    assert (DATASET, RDF.type, DCAT.Dataset) in catalog
    titles = {t.language for t in catalog.objects(DATASET, DCTERMS.title)}
    assert titles == {"nl", "en"}
    assert {d.language for d in catalog.objects(DATASET, DCTERMS.description)} == {"nl", "en"}
    license_ = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (DATASET, DCTERMS.license, license_) in catalog
    assert catalog.value(DATASET, DCTERMS.publisher) is not None
    assert catalog.value(DATASET, DCTERMS.modified).datatype == XSD.dateTime
    assert catalog.value(DATASET, URIRef(str(DCAT) + "version")) is not None
    service = catalog.value(predicate=RDF.type, object=DCAT.DataService)
    assert catalog.value(service, DCAT.endpointURL) == ENDPOINT
    assert catalog.value(DATASET, VOID.sparqlEndpoint) == ENDPOINT
    assert (service, DCAT.servesDataset, DATASET) in catalog


def test_partitions_agree_with_sparql(server: TestClient, catalog: Graph) -> None:
    deals = sparql_count(
        server,
        "SELECT (COUNT(DISTINCT ?d) AS ?n) "
        "WHERE { ?d a <https://w3id.org/regiodeal/def#RegioDeal> }",
    )
    partitions = {
        catalog.value(p, VOID["class"]): catalog.value(p, VOID.entities).toPython()
        for p in catalog.objects(DATASET, VOID.classPartition)
    }
    assert partitions[RD.RegioDeal] == deals > 0
    property_triples = [
        catalog.value(p, VOID.triples).toPython()
        for p in catalog.objects(DATASET, VOID.propertyPartition)
    ]
    assert sum(property_triples) == catalog.value(DATASET, VOID.triples).toPython()
    assert URIRef(str(RD)) in set(catalog.objects(DATASET, VOID.vocabulary))


def test_negotiation(server: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = get(server, "/catalog", headers={"accept": browser})  # the landing page
    assert page.headers["content-type"].startswith("text/html")
    assert "regiodeal.ttl" in page.text
    overridden = get(server, "/catalog?format=ntriples", headers={"accept": "text/turtle"})
    assert overridden.headers["content-type"].startswith("application/n-triples")
    Graph().parse(data=overridden.text, format="nt")
    assert get(server, "/catalog?format=pdf").status_code == 400
    assert get(server, "/catalog", headers={"accept": "image/png"}).status_code == 406


def _distribution(catalog: Graph, name: str) -> URIRef:
    for dist in catalog.objects(DATASET, DCAT.distribution):
        if str(catalog.value(dist, DCAT.downloadURL) or "").endswith("/download/" + name):
            return dist
    raise AssertionError(f"no distribution for {name}")


@pytest.fixture(scope="module")
def downloads(server: TestClient) -> dict[str, httpx.Response]:
    return {name: get(server, "/download/" + name) for name in DUMPS}


@pytest.mark.parametrize("name", list(DUMPS))
def test_dump_matches_its_distribution(
    server: TestClient, catalog: Graph, downloads: dict[str, httpx.Response], name: str
) -> None:
    response = downloads[name]
    assert response.status_code == 200
    media, syntax = DUMPS[name]
    assert response.headers["content-type"].split(";")[0] == media
    dist = _distribution(catalog, name)
    assert catalog.value(dist, DCAT.byteSize).toPython() == len(response.content)
    checksum = catalog.value(dist, SPDX.checksum)
    assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    sha256 = hashlib.sha256(response.content).hexdigest()
    assert str(catalog.value(checksum, SPDX.checksumValue)) == sha256
    assert str(catalog.value(dist, DCAT.mediaType)).endswith("/" + media)
    assert URIRef(str(catalog.value(dist, DCAT.downloadURL))) in set(
        catalog.objects(DATASET, VOID.dataDump)
    )
    assert response.headers["etag"] == f'"{sha256}"'
    again = get(server, "/download/" + name, headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    Dataset().parse(data=response.content, format=syntax)  # parses


def test_unknown_download_is_404(server: TestClient) -> None:
    assert get(server, "/download/regiodeal.exe").status_code == 404
    assert get(server, "/download/..%2Fregiodeal-store.json").status_code == 404


def test_nquads_have_a_graph_per_source_file(
    downloads: dict[str, httpx.Response], store_triples: int
) -> None:
    dataset = Dataset()
    dataset.parse(data=downloads["regiodeal.nq"].content, format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    settings = get_settings()
    expected = {graph_name(path, settings).value for path in source_files(settings)}
    assert len(expected) >= 30 and expected <= names
    assert inferred_graph(settings).value in names
    # The named graphs together are the default graph (the Turtle dump): nothing lost or added.
    union = {(s, p, o) for s, p, o, _ in dataset.quads()}
    assert len(union) == store_triples


def test_context_types_the_vocabulary(server: TestClient) -> None:
    response = get(server, "/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    context = response.json()["@context"]
    document = {
        "@context": context,
        "@id": "regiodeal/voorbeeld",
        "@type": "RegioDeal",
        "rijkContribution": "5300000.0",
        "startDate": "2024-01-01",
        "party": "organisatie/x",
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    deal = URIRef("https://w3id.org/regiodeal/id/regiodeal/voorbeeld")
    assert (deal, RDF.type, RD.RegioDeal) in graph
    assert graph.value(deal, RD.rijkContribution).datatype == XSD.decimal
    assert graph.value(deal, RD.startDate).datatype == XSD.date
    assert graph.value(deal, RD.party) == URIRef("https://w3id.org/regiodeal/id/organisatie/x")
    ontology = Graph().parse(get_settings().ontology_dir / "regiodeal.ttl")
    terms = {str(s)[len(str(RD)) :] for s in ontology.subjects() if str(s).startswith(str(RD))}
    assert terms <= set(context)


def canonical(data: bytes, syntax: RdfFormat) -> set[str]:
    """The triples of a document with canonical blank-node labels (pyoxigraph: fast on 12k)."""
    dataset = OxDataset(parse(data, format=syntax))
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def test_jsonld_dump_has_the_turtle_dump_triples(downloads: dict[str, httpx.Response]) -> None:
    document = downloads["regiodeal.jsonld"].json()
    assert isinstance(document["@context"], dict)  # inline: reading it fetches nothing
    turtle = canonical(downloads["regiodeal.ttl"].content, RdfFormat.TURTLE)
    jsonld = canonical(downloads["regiodeal.jsonld"].content, RdfFormat.JSON_LD)
    assert len(turtle) > 10_000
    assert jsonld == turtle
