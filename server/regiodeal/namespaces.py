"""The namespaces of the graph, in one place so that code, queries and tests agree.

`PREFIXES` are bound wherever we write RDF (dumps, query answers, the JSON-LD context, formatted
files); `FILE_PREFIXES` are the further ones a formatted data file may use. SPARQL text built in
code takes its PREFIX lines from `sparql_prefixes`.
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/regiodeal/"
RD = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
TOOI_ID = Namespace("https://identifier.overheid.nl/tooi/id/")
WD = Namespace("http://www.wikidata.org/entity/")

# rdflib's own vocabularies are DefinedNamespace classes; str() of either kind is the IRI.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
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
PREFIX_IRIS: dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()}

# Prefixes beyond PREFIXES that the conventions and the ontology use.
FILE_PREFIXES: dict[str, str] = {
    "foaf": str(FOAF),
    "vann": "http://purl.org/vocab/vann/",
    "ministerie": f"{TOOI_ID}ministerie/",
    "gemeente": f"{TOOI_ID}gemeente/",
    "provincie": f"{TOOI_ID}provincie/",
    "tooiont": "https://identifier.overheid.nl/tooi/def/ont/",
    "cv": "http://data.europa.eu/m8g/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "epo": "http://data.europa.eu/a4g/ontology#",
}


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for a SPARQL query, one per name (KeyError for a prefix we do not know)."""
    known = PREFIX_IRIS | FILE_PREFIXES
    return "".join(f"PREFIX {name}: <{known[name]}>\n" for name in names)
