"""The namespaces of the graph, in one place so that code, queries and tests agree."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/regiodeal/"
RD = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
TOOI_ID = Namespace("https://identifier.overheid.nl/tooi/id/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace | str] = {
    "rd": RD,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "schema": SCHEMA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
