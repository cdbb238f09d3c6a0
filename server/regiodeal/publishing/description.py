"""The dataset description: VoID (`/.well-known/void`) and DCAT-AP-NL (`/catalog`).

Stable IRIs (catalog, dataset, distributions, service) are minted under the base URI
(`https://w3id.org/regiodeal/`); the URLs a client follows (downloads, SPARQL endpoint) are where
this server answers: the `public_url` setting, else the URL of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from regiodeal.publishing.dumps import Dump
from regiodeal.publishing.ontology import OntologyDocument
from regiodeal.publishing.statistics import DatasetStatistics
from regiodeal.sparql.service import GraphCounts

SPDX = Namespace("http://spdx.org/rdf/terms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
# DCAT 3 term, missing from rdflib's (closed, DCAT 2) DCAT namespace.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")

TITLE = {"nl": "Regio Deals kennisgraaf", "en": "Regio Deals knowledge graph"}
DESCRIPTION = {
    "nl": "Open kennisgraaf van de Regio Deals: convenanten tussen Rijk en regio's, met partijen, "
    "tranches, doelen, interventies, begrotingen, beoogde resultaten en de bronpassage van elk "
    "feit. Ontologie, data en afgeleide triples (RDFS/OWL).",
    "en": "Open knowledge graph of the Dutch Regio Deals: covenants between the national "
    "government and regions, with parties, tranches, goals, interventions, budgets, intended "
    "results and the source passage of every fact. Ontology, data and inferred triples (RDFS/OWL).",
}
KEYWORDS = {
    "nl": ("Regio Deal", "brede welvaart", "convenant", "Regio Envelop", "linked data"),
    "en": ("Regio Deal", "broad prosperity", "covenant", "regional policy", "linked data"),
}
PUBLISHER_NAME = "regiodeal project"  # as the ontology's dcterms:creator


@dataclass
class Publication:
    """Everything the description states and the publishing routes serve, gathered once at
    start-up (publishing.router.publish)."""

    statistics: DatasetStatistics
    dumps: list[Dump]  # written and servable (the others are in `dumps_pending`)
    counts: GraphCounts  # the query service's, so an external store's graphs appear once known
    license: str
    ontology: str  # ontology IRI (owl:versionIRI if it has one)
    version: str
    modified: datetime  # the data's last change (publishing.changes): git, else content hash
    base_uri: str
    downloads_dir: Path  # where the dumps are
    jsonld_context: bytes  # /context.jsonld
    ontology_document: OntologyDocument | None = None  # /def
    content_hash: str = ""  # sha256 of the source files (publishing.changes.content_hash)
    modified_from: str = ""  # how `modified` was found: "git" or "content-hash"
    # Names of the dumps still being written in the background (publishing.router).
    dumps_pending: frozenset[str] = frozenset()

    def dump_written(self, dump: Dump) -> None:
        """Called from the writing thread: each attribute is replaced whole (one atomic
        assignment), the dump listed before it leaves `dumps_pending`, so a request that sees
        it no longer pending finds it."""
        self.dumps = [*self.dumps, dump]
        self.dumps_pending = self.dumps_pending - {dump.name}


class Describer:
    """Builds the description for one public URL (the server's own, without a trailing slash)."""

    def __init__(self, publication: Publication, public_url: str) -> None:
        self.pub = publication
        self.url = public_url.rstrip("/")
        base = publication.base_uri
        self.catalog = URIRef(f"{base}catalog")
        self.dataset = URIRef(f"{base}dataset")
        self.service = URIRef(f"{base}dataset/sparql-service")
        self.graph = Graph()
        for prefix, namespace in {
            "dcat": DCAT,
            "dct": DCTERMS,
            "void": VOID,
            "spdx": SPDX,
            "foaf": FOAF,
            "owl": OWL,
            "xsd": XSD,
        }.items():
            self.graph.bind(prefix, namespace)

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.graph.add((s, p, o))

    def texts(self, node: URIRef, prop: URIRef, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            self.add(node, prop, Literal(text, lang=lang))

    def common(self, node: URIRef) -> None:
        """Title, description, publisher, licence and date shared by catalogue and dataset."""
        self.texts(node, DCTERMS.title, TITLE)
        self.texts(node, DCTERMS.description, DESCRIPTION)
        publisher = BNode("publisher")
        self.add(node, DCTERMS.publisher, publisher)
        self.add(publisher, RDF.type, FOAF.Agent)
        self.add(publisher, FOAF.name, Literal(PUBLISHER_NAME))
        self.add(node, DCTERMS.license, URIRef(self.pub.license))
        self.add(node, DCTERMS.language, URIRef(f"{EU}language/NLD"))
        self.add(node, DCTERMS.modified, Literal(self.pub.modified, datatype=XSD.dateTime))

    def void(self) -> Graph:
        """The dataset with its VoID statistics, endpoint, dumps and vocabularies."""
        stats, ds = self.pub.statistics, self.dataset
        self.add(ds, RDF.type, VOID.Dataset)
        self.common(ds)
        self.add(ds, VOID.sparqlEndpoint, URIRef(f"{self.url}/sparql"))
        for dump in self.pub.dumps:
            self.add(ds, VOID.dataDump, URIRef(self.download_url(dump)))
        self.add(ds, VOID.uriSpace, Literal(f"{self.pub.base_uri}id/"))
        self.add(ds, VOID.exampleResource, URIRef(f"{self.pub.base_uri}id/regiodeal/delft-west"))
        for prop, count in (
            (VOID.triples, stats.triples),
            (VOID.entities, stats.entities),
            (VOID.distinctSubjects, stats.distinct_subjects),
            (VOID.distinctObjects, stats.distinct_objects),
            (VOID.classes, len(stats.classes)),
            (VOID.properties, len(stats.properties)),
        ):
            self.add(ds, prop, Literal(count, datatype=XSD.integer))
        for vocabulary in stats.vocabularies:
            self.add(ds, VOID.vocabulary, URIRef(vocabulary))
        self.partitions(ds, stats)
        self.subsets(ds)
        return self.graph

    def partitions(self, ds: URIRef, stats: DatasetStatistics) -> None:
        for index, (cls, count) in enumerate(sorted(stats.classes.items())):
            part = URIRef(f"{ds}/class-partition/{index}")
            self.add(ds, VOID.classPartition, part)
            self.add(part, VOID["class"], URIRef(cls))
            self.add(part, VOID.entities, Literal(count, datatype=XSD.integer))
        for index, (prop, count) in enumerate(sorted(stats.properties.items())):
            part = URIRef(f"{ds}/property-partition/{index}")
            self.add(ds, VOID.propertyPartition, part)
            self.add(part, VOID.property, URIRef(prop))
            self.add(part, VOID.triples, Literal(count, datatype=XSD.integer))

    def subsets(self, ds: URIRef) -> None:
        """Each named graph (one per source file, plus the inferred one) as a subset."""
        for name, count in sorted(self.pub.counts.graphs.items()):
            graph = URIRef(name)
            self.add(ds, VOID.subset, graph)
            self.add(graph, RDF.type, VOID.Dataset)
            self.add(graph, VOID.triples, Literal(count, datatype=XSD.integer))

    def download_url(self, dump: Dump) -> str:
        return f"{self.url}/download/{dump.name}"

    def dcat(self) -> Graph:
        """VoID plus the DCAT-AP-NL catalogue, dataset, distributions and SPARQL data service."""
        self.void()
        cat, ds = self.catalog, self.dataset
        self.add(cat, RDF.type, DCAT.Catalog)
        self.common(cat)
        self.add(cat, FOAF.homepage, URIRef(f"{self.url}/"))
        self.add(cat, DCAT.dataset, ds)
        self.add(cat, DCAT.service, self.service)
        self.add(ds, RDF.type, DCAT.Dataset)
        self.add(ds, DCAT_VERSION, Literal(self.pub.version))
        self.add(ds, OWL.versionInfo, Literal(self.pub.version))
        self.add(ds, DCTERMS.conformsTo, URIRef(self.pub.ontology))
        self.add(ds, DCAT.landingPage, URIRef(f"{self.url}/dataset"))
        self.add(ds, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC"))
        self.add(ds, DCTERMS.spatial, URIRef(f"{EU}country/NLD"))
        self.add(ds, DCAT.theme, URIRef(f"{EU}data-theme/GOVE"))
        self.add(ds, DCAT.theme, URIRef(f"{EU}data-theme/REGI"))
        for lang, words in KEYWORDS.items():
            for word in words:
                self.add(ds, DCAT.keyword, Literal(word, lang=lang))
        for dump in self.pub.dumps:
            self.distribution(dump)
        self.sparql_distribution()
        self.data_service()
        return self.graph

    def distribution(self, dump: Dump) -> None:
        node = URIRef(f"{self.dataset}/distribution/{dump.name}")
        url = URIRef(self.download_url(dump))
        self.add(self.dataset, DCAT.distribution, node)
        self.add(node, RDF.type, DCAT.Distribution)
        self.texts(node, DCTERMS.title, {"nl": dump.name, "en": dump.name})
        self.texts(
            node, DCTERMS.description, {"nl": dump.description_nl, "en": dump.description_en}
        )
        self.add(node, DCAT.downloadURL, url)
        self.add(node, DCAT.accessURL, url)
        self.add(node, DCAT.mediaType, URIRef(IANA + dump.media_type))
        self.add(node, DCTERMS["format"], URIRef(f"{EU}file-type/{dump.format_label}"))
        self.add(node, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger))
        checksum = URIRef(f"{node}#sha256")
        self.add(node, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.add(checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary))
        self.add(node, DCTERMS.license, URIRef(self.pub.license))
        self.add(node, DCTERMS.modified, Literal(self.pub.modified, datatype=XSD.dateTime))

    def sparql_distribution(self) -> None:
        node = URIRef(f"{self.dataset}/distribution/sparql")
        self.add(self.dataset, DCAT.distribution, node)
        self.add(node, RDF.type, DCAT.Distribution)
        self.texts(node, DCTERMS.title, {"nl": "SPARQL-endpoint", "en": "SPARQL endpoint"})
        self.add(node, DCAT.accessURL, URIRef(f"{self.url}/sparql"))
        self.add(node, DCAT.accessService, self.service)
        self.add(node, DCTERMS.license, URIRef(self.pub.license))

    def data_service(self) -> None:
        svc, endpoint = self.service, URIRef(f"{self.url}/sparql")
        self.add(svc, RDF.type, DCAT.DataService)
        self.texts(svc, DCTERMS.title, {"nl": "SPARQL-endpoint", "en": "SPARQL endpoint"})
        self.add(svc, DCAT.endpointURL, endpoint)
        self.add(svc, DCAT.endpointDescription, endpoint)  # GET without a query: sd:Service
        self.add(svc, DCAT.servesDataset, self.dataset)
        self.add(svc, DCTERMS.conformsTo, SPARQL_PROTOCOL)
        self.add(svc, DCTERMS.license, URIRef(self.pub.license))
